#include "proposal_worker.h"

#include <cstdio>
#include <memory>
#include <vector>

#include "khaothi/centre/centre.h"
#include "khaothi/centre/proposals.h"

namespace khaothi::server {

ProposalWorker::ProposalWorker(std::string database, std::string centre_dir, Writer& writer,
                               const engine::Clock& clock)
    : database_(std::move(database)),
      centre_dir_(std::move(centre_dir)),
      writer_(writer),
      clock_(clock) {}

ProposalWorker::~ProposalWorker() { Stop(); }

void ProposalWorker::Start() {
  std::lock_guard l(mu_);
  if (thread_.joinable() || stopping_) {
    return;
  }
  thread_ = std::thread([this] { Run(); });
}

void ProposalWorker::Enqueue(const std::string& session_id, const std::string& sbd) {
  std::lock_guard l(mu_);
  if (stopping_) {
    return;
  }
  auto key = std::make_pair(session_id, sbd);
  if (queued_.count(key) != 0) {
    return;
  }
  if (queue_.size() >= kMaxQueued) {
    ++stats_.dropped;
    std::fprintf(stderr,
                 "khaothi-server: proposals: queue full; %s/%s is left for the next start or "
                 "`khaothi practical check`\n",
                 session_id.c_str(), sbd.c_str());
    return;
  }
  queued_.insert(key);
  queue_.push_back(std::move(key));
  cv_.notify_one();
}

void ProposalWorker::Stop() {
  {
    std::lock_guard l(mu_);
    stopping_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) {
    thread_.join();
  }
}

ProposalWorker::Stats ProposalWorker::stats() const {
  std::lock_guard l(mu_);
  return stats_;
}

void ProposalWorker::Run() {
  Result<store::Database> db = store::Database::Open(database_, false);
  if (!db.ok()) {
    std::fprintf(stderr, "khaothi-server: proposals: %s: %s; no proposed marks this run\n",
                 database_.c_str(), db.status().ToString().c_str());
    return;
  }
  // The ended practicals the previous run (or a server without this worker) did not propose for.
  Result<std::vector<std::pair<std::string, std::string>>> missing =
      centre::CandidatesWithoutProposals(*db, "");
  if (missing.ok()) {
    for (const auto& [session, sbd] : *missing) {
      Enqueue(session, sbd);
    }
  } else {
    std::fprintf(stderr, "khaothi-server: proposals: %s\n",
                 centre::Localize(missing.status().ToString(), true).c_str());
  }
  while (true) {
    std::pair<std::string, std::string> next;
    {
      std::unique_lock l(mu_);
      cv_.wait(l, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) {
        return;
      }
      next = std::move(queue_.front());
      queue_.pop_front();
      queued_.erase(next);
    }
    ProposeOne(*db, next.first, next.second);
  }
}

void ProposalWorker::ProposeOne(store::Database& db, const std::string& session_id,
                                const std::string& sbd) {
  const std::string who = session_id + "/" + sbd;
  auto fail = [&](const Status& s) {
    std::fprintf(stderr, "khaothi-server: proposals: %s: %s; marked by hand\n", who.c_str(),
                 centre::Localize(s.message(), true).c_str());
    std::lock_guard l(mu_);
    ++stats_.failed;
  };
  Result<std::vector<std::string>> identity = centre::CandidateIdentity(db, session_id, sbd);
  // One read transaction (deferred: the writer's lock is never taken here), so the task versions
  // and the work are read at one instant.
  if (Status s = db.Exec("BEGIN"); !s.ok()) {
    return fail(s);
  }
  Result<std::vector<centre::ProposalInput>> inputs =
      centre::ReadProposalInputs(db, session_id, sbd);
  if (Status s = db.Exec("COMMIT"); !s.ok()) {
    return fail(s);
  }
  if (!identity.ok()) {
    return fail(identity.status());
  }
  if (!inputs.ok()) {
    return fail(inputs.status());
  }
  // Compiled once per task version for this candidate; a session's candidates share few
  // versions, and compiling is cheap beside reading the files.
  centre::TaskChecksCache cache;
  const int64_t now = clock_.Now().time_since_epoch().count();
  auto runs = std::make_shared<std::vector<centre::ProposalRun>>();
  for (const centre::ProposalInput& in : *inputs) {
    Result<centre::ProposalRun> run =
        centre::RunProposal(in, centre_dir_, cache, "server", now, *identity);
    if (!run.ok()) {
      return fail(run.status());
    }
    runs->push_back(std::move(run).value());
  }
  // Re-runnable (the writer may run it twice): it only inserts, and a run the latest stored one
  // already matches is skipped, so a start-up sweep racing an end stores each reading once.
  auto op = [runs](store::Database& wdb) -> Status {
    std::vector<centre::ProposalRun> fresh;
    for (const centre::ProposalRun& run : *runs) {
      KHAOTHI_ASSIGN_OR_RETURN(std::optional<centre::ProposalRun> latest,
                               centre::LatestProposal(wdb, run.session_id, run.sbd, run.task_id));
      if (latest && latest->task_version == run.task_version && latest->checker == run.checker &&
          centre::IsCurrent(*latest, run.files)) {
        continue;
      }
      fresh.push_back(run);
    }
    if (fresh.empty()) {
      return Status::Ok();
    }
    const centre::Change change{"server", fresh.front().at_ms};
    return centre::StoreProposals(wdb, fresh, change).status();
  };
  auto done = [who](const Status& s) {
    if (!s.ok()) {
      std::fprintf(stderr, "khaothi-server: proposals: %s: not stored: %s\n", who.c_str(),
                   s.ToString().c_str());
    }
  };
  if (!writer_.Submit(std::move(op), std::move(done))) {
    return fail(Status::Unavailable("the writer's queue is full"));
  }
  std::lock_guard l(mu_);
  ++stats_.proposed;
}

}  // namespace khaothi::server
