// Signed records: results, decisions, certificates and revocations as anyone can check them.
//
// A signed record travels as an envelope, itself canonical JSON (canonical_json.h):
//   {"key_id":"<16 hex>","record":{...},"signature":"<base64 of 64 bytes>"}
// The signature is Ed25519 over the bytes of CanonicalJson(record); record.key_id, when present,
// must equal the envelope's key_id. The key id is crypto::SigningKey::KeyId() of the signer.
// A token is the same envelope for QR codes and URLs: "KT1." + base64url (no padding) of the
// envelope's bytes. A compact token, small enough for a QR code that a phone reads from a 150-dpi
// print, is "KT2." + base64url(CanonicalJson(record)) + "." + base64url(signature); its record
// holds key_id, which stands for the envelope's. docs/verification.md shows how to check a
// record with openssl alone.
//
// The records are checked byte for byte: the signature covers CanonicalJson(record) exactly as
// records/canonical_json.h encodes it, with no Unicode normalisation, so this library needs
// OpenSSL (through khaothi_crypto) and Boost.JSON only. The centre signs NFC text through
// khaothi/centre/signed_record.h; a verifier needs nothing but this header.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/status.h"

namespace khaothi::records {

inline constexpr std::string_view kTokenPrefix = "KT1.";
inline constexpr std::string_view kCompactTokenPrefix = "KT2.";

// Whether `text` starts as a token of either kind (after leading white space).
[[nodiscard]] bool IsToken(std::string_view text);

struct SignedRecord {
  boost::json::object record;
  std::string key_id;
  std::string signature;  // the raw 64 bytes
  // CanonicalJson(record): the exact bytes the signature covers.
  std::string canonical;
};

// Sets record["key_id"] to the key's id, signs it and returns the envelope's canonical JSON.
// kInvalidArgument when CanonicalJson refuses the record (a double or invalid UTF-8).
[[nodiscard]] Result<std::string> SignRecord(const crypto::SigningKey& key,
                                             boost::json::object record);

// Parses an envelope (its JSON text, a token or a compact token). kCorruption when it is not one.
[[nodiscard]] Result<SignedRecord> ParseEnvelope(std::string_view text_or_token);

// The token of an envelope's JSON text.
[[nodiscard]] std::string EnvelopeToken(std::string_view envelope_json);

// Signs `record` (record["key_id"] is set to the key's id) and returns the raw 64-byte signature
// over its canonical JSON. kInvalidArgument as SignRecord.
[[nodiscard]] Result<std::string> SignRecordRaw(const crypto::SigningKey& key,
                                                boost::json::object& record);

// The compact token of `record` (which holds key_id) and its raw signature. kInvalidArgument
// when the record is not canonical JSON.
[[nodiscard]] Result<std::string> CompactToken(const boost::json::object& record,
                                               std::string_view signature);

enum class Verdict {
  kValid,     // signed by the given key and unchanged
  kRevoked,   // valid, but a valid revocation signed by the same key names it
  kTampered,  // the key ids match but the signature does not: the record was changed
  kWrongKey,  // signed by another key than the one given
  kMalformed  // not a signed record at all
};
std::string_view ToString(Verdict v);

struct Verification {
  Verdict verdict = Verdict::kMalformed;
  std::string reason;  // one English sentence saying why
  SignedRecord envelope;
};

// Checks `text_or_token` against `public_pem`. `revocations` are revocation envelopes (kind
// "khaothi.revocation.v1", naming the revoked record's id in "certificate"); those that are not
// valid under the same key are ignored.
[[nodiscard]] Verification VerifyRecord(std::string_view text_or_token, std::string_view public_pem,
                                        const std::vector<std::string>& revocations = {});

}  // namespace khaothi::records
