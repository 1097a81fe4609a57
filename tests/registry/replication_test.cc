// The registry on a primary with a synchronous hot standby (PostgreSQL streaming replication,
// fsync on): the primary machine is killed (SIGKILL to every PostgreSQL process), the standby
// is promoted, and the running khaothi-registry, whose connection string names both servers
// with target_session_attrs=read-write, reconnects to it by itself. Every record a centre had
// acknowledged is on the promoted standby, and the centre's next push lands there.
#include <chrono>
#include <filesystem>
#include <memory>
#include <signal.h>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <catch2/catch.hpp>

#include "khaothi/centre/certificates.h"
#include "khaothi/centre/registry_outbox.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/registry/pg.h"
#include "khaothi/registry/records.h"
#include "khaothi/registry/schema.h"
#include "khaothi/store/database.h"

#include "registry/pg_fixture.h"
#include "registry/registry_world.h"
#include "test_util.h"

namespace khaothi::testing {
namespace {

namespace fs = std::filesystem;

void Ok(const ProcessResult& r) {
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

uint16_t FreePort() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor a(
      ioc, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

registry::pg::Connection Connect(const std::string& conninfo) {
  Result<registry::pg::Connection> c = registry::pg::Connection::Open(conninfo);
  REQUIRE(c.ok());
  return std::move(c).value();
}

// The ids and envelopes of the centre's records in state `state`.
std::vector<std::pair<std::string, std::string>> Outbox(const std::string& centre_db,
                                                        const std::string& state) {
  auto db = store::Database::Open(centre_db, false);
  REQUIRE(db.ok());
  store::Statement q =
      db->Prepare("SELECT record_id, envelope FROM registry_outbox WHERE state = ?1 ORDER BY seq");
  q.Bind(1, state);
  std::vector<std::pair<std::string, std::string>> out;
  REQUIRE(q.ForEachRow([&](const store::Statement& row) {
             out.emplace_back(row.ColumnText(0), row.ColumnText(1));
           }).ok());
  return out;
}

TEST_CASE("replication: the primary killed, the standby promoted, nothing acknowledged lost") {
  const RegistryWorld& world = RegistryWorld::Get();
  PgCluster primary(PgOptions{.fsync = true});
  const std::string primary_db = primary.CreateDatabase();  // "t1" on both, once replicated
  std::unique_ptr<PgCluster> standby = PgCluster::StartStandby(primary, "registry_standby");
  primary.RequireSynchronousStandby("registry_standby");
  // Both servers, the writable one wins: what an operator writes in KHAOTHI_REGISTRY_DB.
  const std::string both = "host=" + primary.dir() + "," + standby->dir() +
                           " port=" + std::to_string(primary.port()) + "," +
                           std::to_string(standby->port()) +
                           " user=khaothi dbname=t1 target_session_attrs=read-write "
                           "connect_timeout=5";
  REQUIRE(primary_db == primary.ConnInfo("t1"));

  TempDir reg;
  REQUIRE(crypto::CreateLabPki(reg.File("tls"), "Sở GDĐT thử nghiệm", {"localhost"}, {"127.0.0.1"})
              .ok());
  WriteFile(reg.File("issuer.pub.pem"), world.issuer.PublicPem());
  WriteFile(reg.File("receipt.pub.pem"), world.receipt.PublicPem());
  const std::string registry = BuiltProgram("server/registry/khaothi-registry");
  Ok(RunProcess({registry, "--db", both, "centre", "add", world.centre_code, "--name",
                 world.centre_name, "--client-cert", world.tls_dir + "/server.pem", "--issuer-key",
                 reg.File("issuer.pub.pem"), "--receipt-key", reg.File("receipt.pub.pem")}));
  const uint16_t port = FreePort();
  ChildProcess serve({registry, "--db", both, "serve", "--tls-cert", reg.File("tls/server.pem"),
                      "--tls-key", reg.File("tls/server-key.pem"), "--listen-address", "127.0.0.1",
                      "--listen-port", std::to_string(port)});
  REQUIRE(serve.WaitForLine("listening on").find("listening on") != std::string::npos);

  // The centre: a copy of the world's center.db and TLS files.
  TempDir centre;
  {
    auto src = store::Database::Open(world.centre_dir + "/center.db", false);
    REQUIRE(src.ok());
    REQUIRE(src->Exec("VACUUM INTO '" + centre.File("center.db") + "'").ok());
    fs::copy(world.tls_dir, centre.File("tls"), fs::copy_options::recursive);
  }
  auto khaothi = [&centre](std::vector<std::string> args) {
    args.insert(args.begin(),
                {BuiltProgram("tools/khaothi"), "--lang", "en", "--data", centre.path()});
    return RunProcess(args);
  };
  Ok(khaothi({"registry", "configure", "--url", "https://localhost:" + std::to_string(port), "--ca",
              reg.File("tls/ca.pem")}));
  Ok(khaothi({"registry", "push", "--batch", "2"}));
  const auto acknowledged = Outbox(centre.File("center.db"), "delivered");
  INFO(khaothi({"registry", "status"}).out);
  REQUIRE(acknowledged.size() == 8);

  // The primary's machine dies. Pushes fail cleanly until the standby takes over; the record
  // made meanwhile (another revocation) waits in the outbox.
  primary.Kill();
  {
    auto db = store::Database::Open(centre.File("center.db"), false);
    REQUIRE(db.ok());
    REQUIRE(centre::RevokeCertificate(*db, world.issuer, "2/2026", "Sai ngày sinh", "2026-12-06",
                                      {"test", NowMs()}, "21/QĐ-TTGDTX")
                .ok());
  }
  ProcessResult down = khaothi({"registry", "push", "--timeout", "20"});
  CHECK(down.exit_code == 1);
  CHECK(down.err.find("HTTP 503") != std::string::npos);
  CHECK(Outbox(centre.File("center.db"), "pending").size() == 1);

  standby->Promote();
  // The same registry process, not restarted, now writes to the promoted standby.
  ProcessResult after = khaothi({"registry", "push", "--timeout", "20"});
  Ok(after);
  CHECK(after.out.find("Pushed 1 records: 1 stored") != std::string::npos);

  registry::pg::Connection conn = Connect(standby->ConnInfo("t1"));
  const auto delivered = Outbox(centre.File("center.db"), "delivered");
  REQUIRE(delivered.size() == 9);
  for (const auto& [id, envelope] : delivered) {
    Result<registry::StoredRecord> stored = registry::FindRecord(conn, id);
    REQUIRE(stored.ok());
    CHECK(stored->envelope == envelope);
  }
  CHECK(*registry::CountRecords(conn) == 9);
  serve.Signal(SIGTERM);
  CHECK(serve.Wait() == 0);
}

}  // namespace
}  // namespace khaothi::testing
