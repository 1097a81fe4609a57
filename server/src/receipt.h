// The receipt of a graded attempt: signed proof of what was submitted, when and how
// (docs/verification.md). The signature covers the canonical JSON of the record; khaothi-verify
// checks it with the centre's public key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "khaothi/crypto/crypto.h"

namespace khaothi::server {

// What a receipt states about one attempt.
struct ReceiptFacts {
  std::string centre;    // the centre's code
  std::string seat_key;  // "SESSION/SBD"
  std::string session;
  std::string sbd;
  std::string full_name;
  std::string blueprint;      // the form's blueprint id
  std::string bank_snapshot;  // the session's bank snapshot
  int64_t started_ms = 0;     // 0 when it never started
  int64_t submitted_ms = 0;
  std::string submitted_by;
  // The chosen options of every slot, in authored order (hashed, not listed).
  std::vector<std::vector<int>> responses;
};

// {"record":{...,"kind":"khaothi.receipt.v1"},"signature":base64,"key_id":...} in canonical JSON.
std::string SignReceipt(const ReceiptFacts& facts, const crypto::SigningKey& key);

}  // namespace khaothi::server
