// The signed records the registry receives from the centres, their checks on arrival, and the
// append-only store.
//
// A record arrives as its envelope (khaothi/records/signed_record.h), a JSON object
// {"key_id","record","signature"} and nothing else. The registry keeps the envelope's canonical
// JSON (records/canonical_json.h), byte for byte what the centre signed and keeps in center.db;
// its SHA-256 is the record's content hash. The record's own id starts with its centre's code
// ("LA01/UDCNTT-CB/2026/000012", "LA01/S1/decision/1"), so it is its global id.
//
// Accepted kinds: khaothi.decision.v1 (amendments are later versions), khaothi.certificate.v1
// and v2, khaothi.revocation.v1 — the head of centre's acts, verified against the centre's
// *issuing* keys; khaothi.marks.v1 (practical marks entered) and khaothi.result.v1 (re-marked
// theory results) — the centre server's receipts, verified against its *receipt* keys, dated by
// entered_ms / created_ms as a day in Vietnam (UTC+7) for the key's validity.
//
// Checks, each refusal with its code (docs/registry.md "Refusals"):
//   malformed      not an envelope, not canonical-encodable JSON, an id not "CENTRE/...",
//                  a missing or mistyped field, a date that is not YYYY-MM-DD
//   inconsistent   fields that contradict each other (the id and the register number, the
//                  record's centre and its id, a revocation dated before the certificate)
//   wrong_centre   the record belongs to another centre than the one pushing it
//   (duplicate)    the same id with the same content hash is stored already: a no-op
//   unknown_kind   a kind the registry does not accept
//   unknown_key    the key id is not a key registered for THAT centre
//   bad_signature  the Ed25519 signature does not verify against that key (an altered byte)
//   key_not_valid  the record's date is outside the key's validity (a rotated-out key)
//   conflict       another record with the same id is stored already: refused, never
//                  overwritten, and the offered envelope is kept in `conflicts` for the operator
//   decision_missing / decision_mismatch   a certificate cites a decision not stored for the
//                  centre, or whose content hash differs from the one it cites
//   register_order a certificate's register number is not above every number stored for its
//                  centre, type and year
//   certificate_missing  a revocation names a certificate not stored for the centre
//
// Thread safety: functions use the caller's Connection. StoreBatch locks the pushing centre's
// row, so two pushes of one centre are serialised and its register order is checked safely.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "khaothi/engine/status.h"
#include "khaothi/records/signed_record.h"
#include "khaothi/registry/pg.h"

namespace khaothi::registry {

enum class Outcome { kStored, kDuplicate, kRefused };
// "stored", "duplicate", "refused".
std::string_view ToString(Outcome outcome);

struct Arrival {
  std::string record_id;  // "" when the envelope carries no readable id
  Outcome outcome = Outcome::kRefused;
  std::string code;    // the refusal code above; "" unless refused
  std::string reason;  // why, bilingual (messages.h); "" unless refused
};

// Checks every envelope in order as pushed by `centre_code` and stores those that pass, all in
// one transaction committed before it returns: a record may cite one earlier in the same batch.
// Returns one Arrival per envelope, in order. The batch as a whole fails, storing nothing:
// kNotFound for an unknown centre, kPermissionDenied for a suspended one, and a database error
// as pg.h maps it.
Result<std::vector<Arrival>> StoreBatch(pg::Connection& conn, const std::string& centre_code,
                                        const std::vector<boost::json::value>& envelopes);

struct StoredRecord {
  int64_t seq = 0;  // arrival order across the registry
  std::string record_id;
  std::string centre_code;
  std::string kind;
  std::string content_sha256;
  std::string key_id;
  std::string act_date;  // the date of the act: decided, issued or revoked
  std::string envelope;  // canonical JSON, exactly as signed
};

// The record stored under `record_id`; kNotFound when none.
Result<StoredRecord> FindRecord(pg::Connection& conn, const std::string& record_id);
// How many records are stored, for one centre or ("") for all.
Result<int64_t> CountRecords(pg::Connection& conn, const std::string& centre_code = "");
// A record refused as a conflict: another record was stored under its id.
struct Conflict {
  std::string record_id;
  std::string centre_code;
  std::string stored_sha256;   // the record the registry holds
  std::string offered_sha256;  // the one refused
  std::string envelope;        // the refused envelope, canonical JSON
  std::string received_at;     // PostgreSQL's timestamptz text
};
// The conflicts reported, oldest first; of one centre or ("") of all.
Result<std::vector<Conflict>> ListConflicts(pg::Connection& conn,
                                            const std::string& centre_code = "");
// Verifies a stored record again against the registered key that signed it (a rotated-out key
// included). kNotFound for an unknown record.
Result<records::Verification> ReverifyRecord(pg::Connection& conn, const std::string& record_id);

}  // namespace khaothi::registry
