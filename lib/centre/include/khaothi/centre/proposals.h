// Proposed marks on collected work (issue 16 item 4, docs/practical.md "Proposed marks on
// collected work"): the task's checks run on the latest version of each file a candidate handed
// in, one proposal per line of the points table, stored for the markers with its evidence.
//
// The steps are separate so that the server can run the slow one off its I/O threads and write
// through its writer: ReadProposalInputs (the database: the task version drawn, the latest work
// before the end), RunProposal (pure over the blobs under the centre's directory: no database),
// StoreProposals (the database, inside the caller's transaction). ProposeSession does the three
// for the command line.
//
// A run never fails because of a candidate's file: a file that cannot be read (corrupt,
// password-protected, an old binary format, macros, a zip bomb, a blob missing or altered on the
// disk) makes the lines that read it proposal-less with the reason, and those lines go to
// manual marking. It fails only for the task: checks that do not compile (kInvalidArgument) or
// a stored manifest that does not parse (kCorruption).
//
// Runs and their lines are immutable rows (migration 11); a re-run adds a new run and the pages
// show the latest. A run names the work versions it read: a proposal whose files are no longer
// the ones to mark (a version completed within the upload grace after it ran) is stale and is
// not shown as the proposal (IsCurrent).
//
// Time and memory per file: the checker's limits (lib/checker/include/khaothi/checker/limits.h)
// bound what a file may make it read — at most 10 MiB in, 128 MiB uncompressed, 4,000 entries,
// 2,000,000 cells, XML nested 256 deep — and every reader is linear in what it reads, so those
// limits bound the time too; a run measures and stores its own time (`elapsed_us`).
//
// Thread safety: functions taking a Database use it on the calling thread (callers serialise
// access to it); RunProposal touches no shared state and may run on any thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "khaothi/centre/centre.h"
#include "khaothi/centre/marking.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/practical.h"
#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"

namespace khaothi::centre {

// The version of the checks' answers, stored with every run: raised whenever a check of
// lib/checker may answer differently for the same file, so that a run says which reading it is.
inline constexpr std::string_view kCheckerVersion = "khaothi-checker 1 (issue 16)";

// The evidence of one check of a line.
struct ProposalCheck {
  std::string check;    // the check's text, "formula cells=BanHang!F4:F11 uses=SUM"
  std::string file;     // the work file it read; empty when none could be read
  std::string verdict;  // "pass", "partial", "fail"
  double score = 0;     // 0..1
  std::string evidence_vi;
  std::string evidence_en;

  friend bool operator==(const ProposalCheck&, const ProposalCheck&) = default;
};

// The proposal for one line of the points table.
struct ProposalLine {
  std::string code;
  engine::Points points;                   // the line's full marks
  std::optional<engine::Points> proposed;  // nullopt: marked by hand, `reason_*` says why
  std::string verdict;                     // "pass", "partial", "fail"
  std::string reason_vi;
  std::string reason_en;
  std::vector<ProposalCheck> checks;

  friend bool operator==(const ProposalLine&, const ProposalLine&) = default;
};

// One run of a task's checks on one candidate's work.
struct ProposalRun {
  int64_t id = 0;  // 0 until stored
  std::string session_id;
  std::string sbd;
  std::string task_id;
  int task_version = 0;
  std::vector<MarkedFile> files;  // the versions read (name, version, sha256 are stored)
  std::string checker;            // kCheckerVersion when it ran
  std::string actor;              // "server", "cli:USER"
  int64_t at_ms = 0;
  int64_t elapsed_us = 0;           // reading the blobs and running the checks
  std::vector<ProposalLine> lines;  // in points-table order
  // Not stored: "FILE: reason" (bilingual) for each file that could not be checked, for the
  // report of the run (the reasons themselves are in the lines).
  std::vector<std::string> unreadable;

  // The sum of the proposed lines, and whether every line has a proposal.
  engine::Points ProposedTotal() const;
  bool Complete() const;
};

// What a run needs from the database for one drawn task of a candidate.
struct ProposalInput {
  std::string session_id;
  std::string sbd;
  engine::PracticalTask task;     // the version drawn, with its checks
  std::vector<MarkedFile> files;  // the latest version of each file before the end, by name
};

// The inputs of every drawn task of the candidate, in blueprint order. kFailedPrecondition
// when the candidate's practical has not ended (nothing to propose yet); kNotFound for an
// unknown session or candidate; kCorruption when the stored manifest does not parse.
Result<std::vector<ProposalInput>> ReadProposalInputs(store::Database& db,
                                                      const std::string& session_id,
                                                      const std::string& sbd);

// Compiled checks of task versions, shared by the runs of a session (compiling once per task,
// not per candidate). Not thread-safe: one cache per thread.
class TaskChecksCache {
 public:
  TaskChecksCache();
  ~TaskChecksCache();
  TaskChecksCache(const TaskChecksCache&) = delete;
  TaskChecksCache& operator=(const TaskChecksCache&) = delete;

  struct Entry;
  // The compiled checks of `task` (by id and version); kInvalidArgument "IU04-A phiên bản 2: ý
  // 1: check 1: ..." when they do not compile (remembered: asked again, the same error).
  Result<const Entry*> Get(const engine::PracticalTask& task);

 private:
  std::map<std::pair<std::string, int>, std::unique_ptr<Entry>> entries_;
};

// What identifies the candidate (số báo danh, full name), kept out of evidence: a check may
// quote the candidate's own text, and marking is blind. kNotFound for an unknown candidate.
Result<std::vector<std::string>> CandidateIdentity(store::Database& db,
                                                   const std::string& session_id,
                                                   const std::string& sbd);

// Reads each file of `input` from `centre_dir`/work (ReadWorkBlob: checked against its hash)
// and proposes a mark per line; every occurrence of `identity` in the evidence and reasons is
// replaced by "[…]". `actor` and `at_ms` are recorded in the run. Fails only when the task's
// checks do not compile (see above).
Result<ProposalRun> RunProposal(const ProposalInput& input, const std::string& centre_dir,
                                TaskChecksCache& cache, const std::string& actor, int64_t at_ms,
                                const std::vector<std::string>& identity);

// Stores the runs of one candidate, inside the caller's transaction, with one audit entry
// (`proposal_run`). Returns the runs' ids in order.
Result<std::vector<int64_t>> StoreProposals(store::Database& db,
                                            const std::vector<ProposalRun>& runs,
                                            const Change& change);

// The latest run of the task `task_id` of the candidate, or nullopt when none was stored.
Result<std::optional<ProposalRun>> LatestProposal(store::Database& db,
                                                  const std::string& session_id,
                                                  const std::string& sbd,
                                                  const std::string& task_id);

// The latest run of the case's task when it is current: of the task version drawn, and read
// exactly the files WorkToMark gives now; nullopt otherwise (never run, or stale).
Result<std::optional<ProposalRun>> CurrentProposal(store::Database& db, const MarkingCase& c);

// Whether `run` read exactly `files` (WorkToMark of its case): the same names and SHA-256.
bool IsCurrent(const ProposalRun& run, const std::vector<MarkedFile>& files);

// The candidates of `session_id` (every session when empty) whose practical has ended and one
// of whose drawn tasks has no current proposal (never run, or its files changed since), as
// (session, sbd) pairs. What the server proposes for at start.
Result<std::vector<std::pair<std::string, std::string>>> CandidatesWithoutProposals(
    store::Database& db, const std::string& session_id);

// What `khaothi practical check` reports.
struct ProposeReport {
  int candidates = 0;      // candidates checked
  int not_ended = 0;       // candidates whose practical has not ended: skipped
  int tasks = 0;           // runs stored
  int files = 0;           // work files read
  int lines = 0;           // points-table lines in the runs
  int lines_proposed = 0;  // lines with a proposed mark
  // "SBD TASK FILE: reason" (bilingual) for each file that could not be checked.
  std::vector<std::string> unreadable;
  int64_t elapsed_us = 0;  // running the checks (not the database)
};

// Runs and stores the proposals of every candidate of the session whose practical has ended
// (only `sbd` when it is not empty), one transaction per candidate. kNotFound for an unknown
// session or candidate (nothing stored); kInvalidArgument when a task version's checks do not
// compile, before anything is stored; kFailedPrecondition when `sbd` is named and their
// practical has not ended.
Result<ProposeReport> ProposeSession(store::Database& db, const std::string& centre_dir,
                                     const std::string& session_id, const std::string& sbd,
                                     const Change& change);

}  // namespace khaothi::centre
