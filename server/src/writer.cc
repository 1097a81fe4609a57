#include "khaothi/server/writer.h"

#include <optional>
#include <utility>

#include "khaothi/centre/audit.h"

namespace khaothi::server {

Writer::Writer(store::Database db, size_t max_pending, std::chrono::milliseconds heartbeat_interval,
               Op heartbeat)
    : max_pending_(max_pending),
      heartbeat_interval_(heartbeat_interval),
      heartbeat_(std::move(heartbeat)),
      db_(std::move(db)),
      thread_([this] { Run(); }) {}

Writer::~Writer() { Stop(); }

bool Writer::Submit(Op op, Done done) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= max_pending_) {
      return false;
    }
    queue_.push_back({std::move(op), std::move(done)});
  }
  cv_.notify_one();
  return true;
}

void Writer::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  // REQUIRES: not called from a completion (the writer thread cannot join itself).
  std::lock_guard join_lock(join_mu_);
  if (thread_.joinable()) {
    thread_.join();
  }
}

void Writer::StartHeartbeat() {
  {
    std::lock_guard lock(mu_);
    heartbeat_started_ = true;
  }
  cv_.notify_one();
}

Writer::Stats Writer::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void Writer::Run() {
  auto last_heartbeat = std::chrono::steady_clock::now() - heartbeat_interval_;
  for (;;) {
    std::deque<Pending> batch;
    bool stopping = false;
    bool heartbeat_on = false;
    {
      std::unique_lock lock(mu_);
      if (heartbeat_started_) {
        cv_.wait_until(lock, last_heartbeat + heartbeat_interval_,
                       [this] { return stopping_ || !queue_.empty(); });
      } else {
        // No heartbeat yet (the host is still loading, or only settling closed sessions): sleep
        // until a write, Stop or StartHeartbeat. A deadline here would already be past, and the
        // loop would spin a core.
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty() || heartbeat_started_; });
      }
      batch.swap(queue_);
      stopping = stopping_;
      heartbeat_on = heartbeat_started_;
    }
    const auto now = std::chrono::steady_clock::now();
    const bool heartbeat_due =
        heartbeat_on && (now - last_heartbeat >= heartbeat_interval_ || stopping);
    if (!batch.empty() || heartbeat_due) {
      RunBatch(batch, heartbeat_due);
      if (heartbeat_due) {
        last_heartbeat = now;
      }
    }
    if (stopping) {
      std::lock_guard lock(mu_);
      if (queue_.empty()) {
        return;
      }
    }
  }
}

// The transaction-control statements run for every write: prepared once (Database caches them)
// rather than compiled by sqlite3_exec each time.
Status Writer::Execute(std::string_view sql) { return db_.Prepare(sql).Run(); }

std::optional<Status> Writer::RunTransaction(std::deque<Pending>& batch, bool with_heartbeat,
                                             bool savepoints, std::vector<Status>& results) {
  if (Status begin = Execute("BEGIN IMMEDIATE"); !begin.ok()) {
    return begin;
  }
  // The audit entries the ops append wait here and are chained by one link just before COMMIT
  // (centre/audit.h): a digest per entry and one link per commit, instead of reading the chain's
  // head and linking once per entry. Dropped unwritten if the transaction rolls back.
  centre::AuditBatch audit(db_);
  for (size_t i = 0; i < batch.size(); ++i) {
    if (!savepoints) {
      results[i] = batch[i].op(db_);
      if (!results[i].ok()) {
        static_cast<void>(Execute("ROLLBACK"));
        return std::nullopt;
      }
      continue;
    }
    const size_t audit_mark = audit.Mark();
    Status s = Execute("SAVEPOINT w");
    if (s.ok()) {
      s = batch[i].op(db_);
      if (!s.ok()) {
        static_cast<void>(Execute("ROLLBACK TO w"));
        audit.RollbackTo(audit_mark);
      }
      static_cast<void>(Execute("RELEASE w"));
    }
    results[i] = std::move(s);
  }
  if (with_heartbeat && heartbeat_) {
    static_cast<void>(heartbeat_(db_));
  }
  Status commit = audit.Seal();
  if (commit.ok()) {
    commit = Execute("COMMIT");
  }
  if (!commit.ok()) {
    static_cast<void>(Execute("ROLLBACK"));
  }
  return commit;
}

void Writer::RunBatch(std::deque<Pending>& batch, bool with_heartbeat) {
  std::vector<Status> results(batch.size());
  // First the whole batch in one transaction without savepoints: a write almost never fails on
  // its own, and a savepoint costs every write two more statements and a copy of each page it
  // changes (the savepoint's journal). When one does fail, that transaction is rolled back and
  // the batch runs again with a savepoint per write, so that only the failing write is lost
  // (hence ops must be re-runnable; see the header).
  std::optional<Status> fast = RunTransaction(batch, with_heartbeat, /*savepoints=*/false, results);
  const Status commit =
      fast ? *fast : *RunTransaction(batch, with_heartbeat, /*savepoints=*/true, results);
  {
    std::lock_guard lock(mu_);
    ++stats_.batches;
    stats_.writes += batch.size();
    stats_.failed_commits += commit.ok() ? 0U : 1U;
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    if (batch[i].done) {
      batch[i].done(commit.ok() ? results[i] : commit);
    }
  }
}

}  // namespace khaothi::server
