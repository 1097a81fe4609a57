#include "khaothi/server/exam_host.h"

#include <fstream>
#include <iterator>

#include "khaothi/server/server.h"

#include "centre_handles.h"
#include "proposal_worker.h"

namespace khaothi::server {

Result<CentreHandles> OpenCentre(const ServerConfig& config) {
  std::ifstream key_in(config.Resolve(config.receipt_key));
  std::string pem((std::istreambuf_iterator<char>(key_in)), std::istreambuf_iterator<char>());
  if (pem.empty()) {
    return Status::IoError("receipt-key " + config.Resolve(config.receipt_key) + ": cannot read");
  }
  Result<crypto::SigningKey> key = crypto::SigningKey::FromPrivatePem(pem, "");
  if (!key.ok()) {
    return Status(key.status().code(), "receipt-key: " + key.status().message());
  }
  const std::string db_path = config.Resolve(config.database);
  Result<store::Database> write_db = store::Database::Open(db_path, false);
  if (!write_db.ok()) {
    return write_db.status();
  }
  if (Status migrated = write_db->Migrate(); !migrated.ok()) {
    return Status(migrated.code(), db_path + ": cannot update the schema: " + migrated.message());
  }
  Result<store::Database> read_db = store::Database::Open(db_path, false);
  if (!read_db.ok()) {
    return read_db.status();
  }
  return CentreHandles{std::move(*key), std::move(*write_db), std::move(*read_db)};
}

Result<std::unique_ptr<ExamHost>> ExamHost::Open(const ServerConfig& config,
                                                 const engine::Clock& clock) {
  KHAOTHI_ASSIGN_OR_RETURN(CentreHandles centre, OpenCentre(config));
  std::unique_ptr<ExamHost> host(new ExamHost());
  host->writer_ = std::make_unique<Writer>(
      std::move(centre.write_db), config.limits.max_pending_writes,
      config.limits.heartbeat_interval,
      [&clock](store::Database& db) { return ExamService::WriteHeartbeat(db, clock); });
  // The marking worker exists before the service, which tells it of every practical that ends
  // (from the load on); it starts once the service is up.
  host->proposals_ = std::make_unique<ProposalWorker>(config.Resolve(config.database),
                                                      config.data_dir, *host->writer_, clock);
  ProposalWorker* worker = host->proposals_.get();
  Result<std::unique_ptr<ExamService>> service = ExamService::Create(
      std::move(centre.read_db), *host->writer_, clock, config.limits, std::move(centre.key),
      config.data_dir, [worker](const std::string& session_id, const std::string& sbd) {
        worker->Enqueue(session_id, sbd);
      });
  if (!service.ok()) {
    host->writer_->Stop();
    // The loader's messages name the seat or the session, not the file.
    return Status(service.status().code(),
                  config.Resolve(config.database) +
                      ": cannot load the open sessions: " + service.status().message());
  }
  host->service_ = std::move(*service);
  host->writer_->StartHeartbeat();
  worker->Start();
  return host;
}

ExamHost::~ExamHost() {
  Stop();
  service_.reset();
}

void ExamHost::Stop() {
  if (proposals_) {
    proposals_->Stop();
  }
  writer_->Stop();
}

// Declared in server.h: `khaothi session close` settles through the same service as the server.
Result<int> SettleClosedSessions(const ServerConfig& config) {
  Result<CentreHandles> centre = OpenCentre(config);
  if (!centre.ok()) {
    return centre.status();
  }
  const std::string db_path = config.Resolve(config.database);
  // No heartbeat: this is not a server run, and the downtime of open sessions stays owed.
  Writer writer(std::move(centre->write_db), config.limits.max_pending_writes,
                config.limits.heartbeat_interval, [](store::Database&) { return Status::Ok(); });
  Result<int> settled =
      ExamService::SettleClosedSessions(std::move(centre->read_db), writer, SystemClock(),
                                        config.limits, std::move(centre->key), config.data_dir);
  writer.Stop();
  if (!settled.ok()) {
    return settled;
  }
  // What reached the disk is what counts: a failed commit leaves the attempt open.
  Result<store::Database> check = store::Database::Open(db_path, false);
  if (!check.ok()) {
    return check.status();
  }
  store::Statement st = check->Prepare(
      "SELECT count(*) FROM attempts a JOIN sessions s ON s.id = a.session_id "
      "WHERE s.state = 'closed' AND a.state IN ('in progress', 'suspended', 'submitted')");
  Result<bool> row = st.Step();
  if (!row.ok()) {
    return row.status();
  }
  if (st.ColumnInt(0) > 0) {
    return Status::IoError(std::to_string(st.ColumnInt(0)) +
                           " attempt(s) of closed sessions could not be saved; run it again");
  }
  return settled;
}

}  // namespace khaothi::server
