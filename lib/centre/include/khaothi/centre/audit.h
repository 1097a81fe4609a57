// The audit log: every state change of an exam (login, unlock, answer, extension, pause,
// submit, approval, issue, revoke...) is appended as one row, and the rows are chained by SHA-256
// so that any edit, deletion, insertion or reordering is detected by VerifyAudit.
//
// Every entry is its own row, numbered seq 1, 2, ... without gaps. The chain links batches of
// consecutive entries, not single ones (docs/architecture.md, "The audit log"):
//
//   digest(entry) = SHA-256 hex of  seq "\n" at_ms "\n" actor "\n" action "\n" subject "\n" detail
//   link(batch)   = SHA-256 hex of  prev_link "\n" first_seq "\n" last_seq
//                                   then "\n" digest for each entry of the batch, in seq order
//
// where numbers are in decimal, detail is canonical JSON (sorted keys, no insignificant
// whitespace) and prev_link is the link of the batch before (64 '0' characters for the first).
// A batch's last row holds prev_link in prev_hash and the link in hash; its other rows hold ''
// in both. The server's writer makes one batch per transaction (AuditBatch), so an answer costs
// a digest and a row, and a commit one link; every other AppendAudit is a batch of one.
//
// Rows written before migration 13 (seq below the meta row 'audit_batched_from') keep the rule
// they were written under, one link per entry:
//   hash = SHA-256 hex of  prev_hash "\n" seq "\n" at_ms "\n" actor "\n" action "\n" subject "\n"
//   detail
// and the first batch after them links to the last of them.
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

// Appends `entry` with the next seq. Runs inside the caller's transaction when one is open (so
// the state change and its audit row commit together). When an AuditBatch is open on `db` on
// this thread, the entry joins it and its row is written by the batch's Seal; otherwise it is
// written now as a batch of one. kInvalidArgument, and nothing written, when the detail is not a
// canonical JSON object.
Status AppendAudit(store::Database& db, const AuditEntry& entry);

// The entries one write transaction appends, chained by one link when it commits. The server's
// writer opens one after BEGIN and seals it just before COMMIT, so that a group commit of 600
// answers hashes 600 digests and one link instead of reading the chain's head and linking 600
// times.
//
// REQUIRES: a write transaction is open on `db` for the batch's whole life; no other batch is
// open on this thread; the batch is used on the thread that made it.
class AuditBatch {
 public:
  explicit AuditBatch(store::Database& db);
  AuditBatch(const AuditBatch&) = delete;
  AuditBatch& operator=(const AuditBatch&) = delete;
  // Drops the entries not sealed: the transaction they belong to is being rolled back.
  ~AuditBatch();

  // A point to come back to, for a savepoint: RollbackTo(Mark()) drops the entries appended
  // after it, as ROLLBACK TO drops their state changes.
  size_t Mark() const { return entries_.size(); }
  void RollbackTo(size_t mark);

  // Writes the entries appended since the last Seal, each its own row, the last one carrying the
  // batch's link. Nothing to do when there are none. Call just before COMMIT.
  Status Seal();

 private:
  friend Status AppendAudit(store::Database& db, const AuditEntry& entry);

  store::Database& db_;
  std::vector<AuditEntry> entries_;
};

struct AuditCheck {
  int64_t entries = 0;
  int64_t links = 0;      // links checked: one per entry before migration 13, one per batch after
  std::string head_hash;  // the last link, or 64 '0's when empty
};

// Recomputes the whole chain. kCorruption naming the first bad place (a seq, or the seqs of a
// batch) when any digest, link or sequence number is wrong, or entries follow the last link.
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
