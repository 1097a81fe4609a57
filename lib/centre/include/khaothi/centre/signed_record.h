// Signed records as the centre makes them: results, decisions, certificates, revocations and
// receipts. The format, parsing and verification are khaothi/records/signed_record.h (a library
// an offline verifier links with OpenSSL alone); the centre signs NFC text, so it normalises a
// record (canonical_json.h ToNfc) before it signs it or makes its compact token. A record signed
// here verifies byte for byte with records::VerifyRecord.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/status.h"
#include "khaothi/records/signed_record.h"

namespace khaothi::centre {

// Reading and checking need no normalisation: the records library's own.
using records::EnvelopeToken;
using records::IsToken;
using records::kCompactTokenPrefix;
using records::kTokenPrefix;
using records::ParseEnvelope;
using records::SignedRecord;
using records::Verdict;
using records::Verification;
using records::VerifyRecord;

// records::SignRecord of the record in NFC. kInvalidArgument when the record holds a double,
// invalid UTF-8, or two keys that are the same once NFC-normalised.
[[nodiscard]] Result<std::string> SignRecord(const crypto::SigningKey& key,
                                             boost::json::object record);

// records::SignRecordRaw; `record` is replaced by its NFC form (holding key_id), the exact record
// the signature covers. kInvalidArgument as SignRecord.
[[nodiscard]] Result<std::string> SignRecordRaw(const crypto::SigningKey& key,
                                                boost::json::object& record);

// records::CompactToken of the record in NFC. kInvalidArgument as SignRecord.
[[nodiscard]] Result<std::string> CompactToken(const boost::json::object& record,
                                               std::string_view signature);

}  // namespace khaothi::centre
