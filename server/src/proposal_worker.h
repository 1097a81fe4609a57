// The server's marking worker (issue 16 item 4, docs/practical.md "Proposed marks on collected
// work"): proposes marks on a candidate's work once their practical has ended, off the I/O
// threads.
//
// The exam service tells it (Enqueue) when a candidate's practical has ended (hand-in, the
// deadline, the proctor) and when a version completes within the upload grace after the end.
// One thread takes candidates from a small queue, reads the task version drawn and the latest
// work through its own read connection to center.db, runs the checks (centre::RunProposal), and
// hands the runs to the server's Writer, which stores them in one transaction per candidate (a
// run identical to the latest stored one — same task version, files and checker — is not stored
// again). At start it queues every ended practical without a current proposal.
//
// Nothing here blocks a caller: Enqueue takes a mutex for a push. A full queue drops the
// candidate with a line on stderr (the next start, or `khaothi practical check`, proposes it).
// A candidate whose task's checks do not compile is left to manual marking with a line on
// stderr; a file that cannot be read makes its lines proposal-less with the reason.
//
// Thread safety: Enqueue may be called from any thread; Start and Stop from the owner's.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "khaothi/engine/clock.h"
#include "khaothi/server/writer.h"
#include "khaothi/store/database.h"

namespace khaothi::server {

class ProposalWorker {
 public:
  // Candidates waiting to be proposed for; more are dropped (see above). A session of 1,000
  // candidates ending at once fits.
  static constexpr size_t kMaxQueued = 4096;

  // `writer` and `clock` must outlive the worker. `database` is center.db's path; `centre_dir`
  // holds work/.
  ProposalWorker(std::string database, std::string centre_dir, Writer& writer,
                 const engine::Clock& clock);
  ProposalWorker(const ProposalWorker&) = delete;
  ProposalWorker& operator=(const ProposalWorker&) = delete;
  ~ProposalWorker();

  // Starts the thread; it first queues the ended practicals without a current proposal.
  void Start();
  // Queues the candidate (once: a candidate already waiting is not queued twice).
  void Enqueue(const std::string& session_id, const std::string& sbd);
  // Finishes the candidate in progress and joins the thread; what is still queued is dropped
  // (the next start finds it). Idempotent.
  void Stop();

  struct Stats {
    uint64_t proposed = 0;  // candidates whose runs were handed to the writer
    uint64_t failed = 0;    // candidates left to manual marking (see stderr)
    uint64_t dropped = 0;   // not queued: the queue was full
  };
  Stats stats() const;

 private:
  void Run();
  void ProposeOne(store::Database& db, const std::string& session_id, const std::string& sbd);

  // Constant after construction
  const std::string database_;
  const std::string centre_dir_;
  Writer& writer_;
  const engine::Clock& clock_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  // Guarded by mu_
  std::deque<std::pair<std::string, std::string>> queue_;
  std::set<std::pair<std::string, std::string>> queued_;
  bool stopping_ = false;
  Stats stats_;

  std::thread thread_;
};

}  // namespace khaothi::server
