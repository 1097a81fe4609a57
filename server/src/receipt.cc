#include "receipt.h"

#include <utility>

#include "khaothi/centre/signed_record.h"
#include "khaothi/records/receipt.h"

namespace khaothi::server {

std::string SignReceipt(const ReceiptFacts& facts, const crypto::SigningKey& key) {
  // The format is the records library's (records/receipt.h); the centre signs it in NFC.
  const records::Receipt receipt{.centre = facts.centre,
                                 .session = facts.session,
                                 .sbd = facts.sbd,
                                 .full_name = facts.full_name,
                                 .blueprint = facts.blueprint,
                                 .bank_snapshot = facts.bank_snapshot,
                                 .started_ms = facts.started_ms,
                                 .submitted_ms = facts.submitted_ms,
                                 .submitted_by = facts.submitted_by,
                                 .answers_sha256 = records::AnswersSha256(facts.responses)};
  // Every field is valid UTF-8 (names are checked on import), so signing cannot fail; an empty
  // receipt would say so rather than sign other bytes.
  Result<std::string> envelope = centre::SignRecord(key, records::ReceiptRecord(receipt));
  return envelope.ok() ? std::move(envelope).value() : std::string();
}

}  // namespace khaothi::server
