// The centres the registry operator registers: each with its code and name, its state (active
// or suspended), its transport credential (the SHA-256 fingerprint of the TLS client
// certificate it pushes with; docs/registry.md "Authentication") and the public keys that sign
// its records, each valid for a range of dates.
//
// Key rotation closes the current key's range at the rotation date and opens the new key's
// range there; the old key is never removed, so every record it signed stays verifiable
// (records.h ReverifyRecord) and a record it signs dated after the rotation is refused.
//
// Every function checks its input first and changes nothing when it refuses: kInvalidArgument
// for a malformed code, name, date, fingerprint or key; kNotFound for an unknown centre;
// kAlreadyExists for a code, fingerprint or key registered already. Messages are bilingual
// (messages.h Localize).
//
// Thread safety: functions use the caller's Connection; PostgreSQL serialises the writers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "khaothi/engine/status.h"
#include "khaothi/registry/pg.h"

namespace khaothi::registry {

// What a key signs: the head of centre's acts (decisions, certificates, revocations), or the
// centre server's receipts (entered marks, re-marked results).
enum class KeyPurpose { kIssuing, kReceipt };
// "issuing" / "receipt".
std::string_view ToString(KeyPurpose purpose);

struct CentreKey {
  KeyPurpose purpose = KeyPurpose::kIssuing;
  std::string key_id;       // 16 hex digits (crypto::PublicKeyId)
  std::string public_pem;   // Ed25519 SubjectPublicKeyInfo PEM
  std::string valid_from;   // 'YYYY-MM-DD'; "" for no lower bound
  std::string valid_until;  // 'YYYY-MM-DD'; "" while current
};

struct CentreInfo {
  std::string code;
  std::string name;
  std::string state;  // "active" or "suspended"
  std::string state_reason;
  std::string client_cert_sha256;  // 64 lower-case hex digits
  std::vector<CentreKey> keys;     // oldest first
  int64_t records = 0;             // records stored for it
  std::string province;            // "" until set
};

struct NewCentre {
  std::string code;  // letters, digits, '-' and '_', 1 to 32 (the centre's own code)
  std::string name;  // one line, 1 to 200 bytes
  std::string client_cert_sha256;
  std::string issuer_public_pem;  // the head of centre's issuing key (khaothi keys export-public)
  // The centre server's receipt key (DIR/keys/receipt-key.pub.pem), which signs entered marks
  // and re-marked results; "" when the centre sends none (they are then refused).
  std::string receipt_public_pem = "";
  std::string valid_from;     // "" : valid for every earlier record too
  std::string province = "";  // the province (tỉnh/thành phố), one line, at most 100 bytes
};

// Whether `code` is a valid centre code (as the centre's own rule, centre.h IsValidCentreCode).
bool IsValidCentreCode(std::string_view code);
// `text` as 64 lower-case hex digits when it is a SHA-256 fingerprint (hex, any case, optionally
// with ':' between bytes as `openssl x509 -fingerprint` prints it); kInvalidArgument otherwise.
Result<std::string> NormaliseFingerprint(std::string_view text);
// The fingerprint of the first certificate in PEM text (SHA-256 of its DER), as the registry
// compares it with the client certificate a centre presents. kInvalidArgument when it is not a
// certificate.
Result<std::string> CertificatePemFingerprint(std::string_view pem);

Status AddCentre(pg::Connection& conn, const NewCentre& centre);
// Every centre by code.
Result<std::vector<CentreInfo>> ListCentres(pg::Connection& conn);
Result<CentreInfo> GetCentre(pg::Connection& conn, const std::string& code);

// Makes `new_public_pem` the current key of `purpose` from `from` ('YYYY-MM-DD'), closing the
// current key of that purpose at `from` (the first receipt key of a centre simply starts there).
// kInvalidArgument when `from` is before the current key's valid_from.
Status RotateKey(pg::Connection& conn, const std::string& code, KeyPurpose purpose,
                 const std::string& new_public_pem, const std::string& from);
// Replaces the centre's transport credential (a renewed client certificate).
Status SetClientCertificate(pg::Connection& conn, const std::string& code,
                            const std::string& client_cert_sha256);
// A suspended centre's pushes are refused as a whole; its stored records stay. `reason` is
// required. Resume makes it active again.
Status SuspendCentre(pg::Connection& conn, const std::string& code, const std::string& reason);
Status ResumeCentre(pg::Connection& conn, const std::string& code);
// Sets the province the centre is in (the national export's --province); "" clears it.
Status SetCentreProvince(pg::Connection& conn, const std::string& code,
                         const std::string& province);

// The code of the centre whose client certificate has `sha256`; kNotFound when none has.
Result<std::string> CentreByCertificate(pg::Connection& conn, const std::string& sha256);

}  // namespace khaothi::registry
