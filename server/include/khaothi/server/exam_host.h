// The exam service and its database writer in this process, over a centre's data directory,
// without the network: what khaothi-server runs behind its TLS listener, what khaothi-loadgen's
// commit scenario drives, and what the exam service's tests drive through in-process Peers.
//
// Open() reads the receipt key and opens center.db twice, as khaothi-server does (the writer's
// connection, migrated, and the service's read connection), loads every open session (crediting
// the downtime since the last heartbeat), starts the writer's heartbeat, and starts the marking
// worker, which proposes marks on each candidate's work once their practical ends.
//
// Thread safety: service() and writer() are thread-safe (see their headers). Stop() and the
// destructor must not race with calls into the service.
#pragma once

#include <memory>

#include "khaothi/engine/clock.h"
#include "khaothi/engine/status.h"
#include "khaothi/server/config.h"
#include "khaothi/server/exam_service.h"
#include "khaothi/server/writer.h"

namespace khaothi::server {

class ProposalWorker;

class ExamHost {
 public:
  // `clock` must outlive the host. Uses config.data_dir, database, receipt_key and limits (the
  // writer's queue holds limits.max_pending_writes). kIoError when the receipt key cannot be
  // read; the database's error when center.db cannot be opened or loaded.
  static Result<std::unique_ptr<ExamHost>> Open(const ServerConfig& config,
                                                const engine::Clock& clock);
  ExamHost(const ExamHost&) = delete;
  ExamHost& operator=(const ExamHost&) = delete;
  // Stop(), then the service goes.
  ~ExamHost();

  ExamService& service() { return *service_; }
  Writer& writer() { return *writer_; }

  // Stops the marking worker (a candidate being checked finishes; what is queued is proposed at
  // the next start), then lets every queued write commit and its completion run, writes a last
  // heartbeat and stops the writer: from then on every write the service attempts is refused
  // (`busy`). Idempotent.
  void Stop();

 private:
  ExamHost() = default;

  // The writer outlives the service and the worker: their pending completions refer to it.
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<ExamService> service_;
  // Proposes marks on a candidate's work once their practical ends (proposal_worker.h).
  std::unique_ptr<ProposalWorker> proposals_;
};

}  // namespace khaothi::server
