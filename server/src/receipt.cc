#include "receipt.h"

#include <boost/json.hpp>

#include "replies.h"

namespace khaothi::server {

namespace json = boost::json;

std::string SignReceipt(const ReceiptFacts& facts, const crypto::SigningKey& key) {
  json::array responses;
  for (const std::vector<int>& r : facts.responses) {
    json::array one;
    for (int x : r) {
      one.push_back(x);
    }
    responses.push_back(std::move(one));
  }
  json::object record{{"kind", "khaothi.receipt.v1"},
                      {"id", facts.centre + "/" + facts.seat_key},
                      {"centre", facts.centre},
                      {"session", facts.session},
                      {"sbd", facts.sbd},
                      {"full_name", facts.full_name},
                      {"blueprint", facts.blueprint},
                      {"bank_snapshot", facts.bank_snapshot},
                      {"started_ms", facts.started_ms},
                      {"submitted_ms", facts.submitted_ms},
                      {"submitted_by", facts.submitted_by},
                      {"answers_sha256", crypto::Sha256Hex(Canonical(responses))},
                      {"key_id", key.KeyId()}};
  const std::string canonical = Canonical(record);
  return Canonical(json::object{{"record", std::move(record)},
                                {"signature", crypto::Base64Encode(key.Sign(canonical))},
                                {"key_id", key.KeyId()}});
}

}  // namespace khaothi::server
