#include "khaothi/records/receipt.h"

#include <string>

#include <boost/json.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/records/canonical_json.h"

namespace khaothi::records {
namespace {

namespace json = boost::json;

Result<std::string> ReadString(const json::object& o, std::string_view field) {
  const json::value* v = o.if_contains(field);
  if (v == nullptr || !v->is_string()) {
    return Status::InvalidArgument("the receipt's \"" + std::string(field) +
                                   "\" is missing or not a string");
  }
  return std::string(v->get_string());
}

Result<int64_t> ReadInt(const json::object& o, std::string_view field) {
  const json::value* v = o.if_contains(field);
  if (v == nullptr || !v->is_int64()) {
    return Status::InvalidArgument("the receipt's \"" + std::string(field) +
                                   "\" is missing or not an integer");
  }
  return v->get_int64();
}

}  // namespace

std::string AnswersSha256(const std::vector<std::vector<int>>& responses) {
  json::array all;
  all.reserve(responses.size());
  for (const std::vector<int>& r : responses) {
    all.push_back(json::array(r.begin(), r.end()));
  }
  // Integers only: the encoding cannot fail.
  return crypto::Sha256Hex(*CanonicalJson(all));
}

json::object ReceiptRecord(const Receipt& r) {
  return json::object{{"kind", kReceiptKind},
                      {"id", r.centre + "/" + r.session + "/" + r.sbd},
                      {"centre", r.centre},
                      {"session", r.session},
                      {"sbd", r.sbd},
                      {"full_name", r.full_name},
                      {"blueprint", r.blueprint},
                      {"bank_snapshot", r.bank_snapshot},
                      {"started_ms", r.started_ms},
                      {"submitted_ms", r.submitted_ms},
                      {"submitted_by", r.submitted_by},
                      {"answers_sha256", r.answers_sha256}};
}

Result<Receipt> ReadReceipt(const json::object& record) {
  KHAOTHI_ASSIGN_OR_RETURN(const std::string kind, ReadString(record, "kind"));
  if (kind != kReceiptKind) {
    return Status::InvalidArgument("not a receipt: its kind is \"" + kind + "\"");
  }
  Receipt r;
  KHAOTHI_ASSIGN_OR_RETURN(r.centre, ReadString(record, "centre"));
  KHAOTHI_ASSIGN_OR_RETURN(r.session, ReadString(record, "session"));
  KHAOTHI_ASSIGN_OR_RETURN(r.sbd, ReadString(record, "sbd"));
  KHAOTHI_ASSIGN_OR_RETURN(r.full_name, ReadString(record, "full_name"));
  KHAOTHI_ASSIGN_OR_RETURN(r.blueprint, ReadString(record, "blueprint"));
  KHAOTHI_ASSIGN_OR_RETURN(r.bank_snapshot, ReadString(record, "bank_snapshot"));
  KHAOTHI_ASSIGN_OR_RETURN(r.started_ms, ReadInt(record, "started_ms"));
  KHAOTHI_ASSIGN_OR_RETURN(r.submitted_ms, ReadInt(record, "submitted_ms"));
  KHAOTHI_ASSIGN_OR_RETURN(r.submitted_by, ReadString(record, "submitted_by"));
  KHAOTHI_ASSIGN_OR_RETURN(r.answers_sha256, ReadString(record, "answers_sha256"));
  KHAOTHI_ASSIGN_OR_RETURN(const std::string id, ReadString(record, "id"));
  if (id != r.centre + "/" + r.session + "/" + r.sbd) {
    return Status::InvalidArgument("the receipt's id does not match its centre, session and sbd");
  }
  return r;
}

}  // namespace khaothi::records
