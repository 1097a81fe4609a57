// The audit log: every state change of an exam (login, unlock, answer, extension, pause,
// submit, approval, issue, revoke...) is appended as one row, chained by SHA-256 so that any
// edit, deletion or reordering is detected by Verify.
//
// Chain rule: hash = SHA-256 hex of
//   prev_hash "\n" seq "\n" at_ms "\n" actor "\n" action "\n" subject "\n" detail
// where seq is 1, 2, ... without gaps, prev_hash of seq 1 is 64 '0' characters, numbers are in
// decimal, and detail is canonical JSON (sorted keys, no insignificant whitespace).
//
// Thread safety: functions take the Database the caller uses; callers serialise access to it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"

namespace khaothi::centre {

struct AuditEntry {
  int64_t at_ms = 0;
  std::string actor;    // "candidate:SBD", "proctor:NAME", "system", "cli:USER"
  std::string action;   // "login", "unlock", "answer", "submit", ...
  std::string subject;  // "SESSION/SBD", "SESSION", "SESSION/ROOM"
  std::string detail;   // canonical JSON object, "{}" when there is nothing to add
};

// Appends `entry` with the next seq and the chained hash. Runs inside the caller's transaction
// when one is open (so the state change and its audit row commit together).
Status AppendAudit(store::Database& db, const AuditEntry& entry);

struct AuditCheck {
  int64_t entries = 0;
  std::string head_hash;  // hash of the last entry, or 64 '0's when empty
};

// Recomputes the whole chain. kCorruption naming the first bad seq when any hash, link or
// sequence number is wrong.
Result<AuditCheck> VerifyAudit(store::Database& db);

// One difference between what a session's records hold and what was recorded when it opened.
struct FormProblem {
  std::string session;
  std::string sbd;        // empty when the problem is the session's (its snapshot)
  std::string detail;     // what differs, e.g. "slot 3: item IU01-0004 version 1 …; issued …"
  std::string detail_vi;  // the same in Vietnamese
};

struct FormCheck {
  int sessions = 0;         // sessions opened
  int forms_rederived = 0;  // forms re-derived from their seed and snapshot and found equal
  std::vector<FormProblem> problems;
  // Sessions whose forms cannot be re-derived: opened before the snapshot's item list was kept
  // (schema 5), they are checked for consistency only (seed column, item versions in the bank,
  // option counts, blueprint cells).
  std::vector<std::string> unverifiable;
};

// Re-derives every form of every opened session (docs/forms.md, "Auditing forms"): the session's
// stored item list must hash to the bank snapshot recorded in its session.open audit entry, each
// listed version must be in the bank with that content hash, and each form must equal the form
// generated from the seed and recently-seen list of its form.issue audit entry, whose form_sha256
// it must also match. Relies on the audit chain itself being intact (VerifyAudit). Fails only
// when the database cannot be read; differences are listed in `problems`.
Result<FormCheck> VerifyForms(store::Database& db);

}  // namespace khaothi::centre
