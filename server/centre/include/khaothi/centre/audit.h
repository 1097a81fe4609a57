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

}  // namespace khaothi::centre
