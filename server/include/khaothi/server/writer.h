// The database writer: one thread, one connection, group commit (DESIGN.md §5).
//
// Writes from every connection are queued here. The thread takes everything queued, runs it in
// one SQLite transaction (WAL, synchronous=FULL) and, only after COMMIT has returned, calls each
// write's completion. So an acknowledgement sent from a completion means the write is on disk,
// and a burst of a thousand answers costs one fsync rather than a thousand.
//
// A write that fails (a constraint) is rolled back alone and its completion gets its error, while
// the rest of the batch commits: the batch first runs without savepoints and, when a write fails,
// runs again with a SAVEPOINT around each write. So an op may run more than once and must be
// re-runnable: it writes only to the database and does not consume what it captured. When COMMIT
// itself fails (disk full, I/O error) every write of the batch gets that error and nothing of it
// is on disk.
//
// Thread safety: Submit may be called from any thread. Completions run on the writer thread and
// must not block; they may call Submit.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"

namespace khaothi::server {

class Writer {
 public:
  using Op = std::function<Status(store::Database&)>;
  using Done = std::function<void(const Status&)>;

  // `heartbeat` is called on the writer thread inside a batch at most every
  // `heartbeat_interval` (and at least that often while idle): the server records that it is
  // alive there.
  Writer(store::Database db, size_t max_pending, std::chrono::milliseconds heartbeat_interval,
         Op heartbeat);
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  // Stops after finishing what is queued.
  ~Writer();

  // Heartbeats begin only after this call: the server first reads the previous run's last
  // heartbeat (to credit the downtime) and only then may it be overwritten.
  void StartHeartbeat();

  // Queues `op`. False (and `done` is not called) when the queue holds max_pending writes or the
  // writer is stopping.
  [[nodiscard]] bool Submit(Op op, Done done);

  // Finishes every queued write, runs a last heartbeat, and joins the thread. Idempotent.
  void Stop();

  struct Stats {
    uint64_t batches = 0;
    uint64_t writes = 0;
    uint64_t failed_commits = 0;
  };
  Stats stats() const;

 private:
  struct Pending {
    Op op;
    Done done;
  };

  void Run();
  void RunBatch(std::deque<Pending>& batch, bool with_heartbeat);
  Status Execute(std::string_view sql);
  // One transaction over `batch`, filling `results`; returns the status of BEGIN or COMMIT.
  // nullopt (rolled back) when a write failed and `savepoints` is false.
  std::optional<Status> RunTransaction(std::deque<Pending>& batch, bool with_heartbeat,
                                       bool savepoints, std::vector<Status>& results);

  // Constant after construction
  const size_t max_pending_;
  const std::chrono::milliseconds heartbeat_interval_;
  const Op heartbeat_;

  // Used only by the writer thread
  store::Database db_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  // Guarded by mu_
  std::deque<Pending> queue_;
  bool stopping_ = false;
  bool heartbeat_started_ = false;
  Stats stats_;

  std::mutex join_mu_;  // serialises concurrent Stop() calls
  std::thread thread_;
};

}  // namespace khaothi::server
