// The centre's side of the registry with real processes: `khaothi registry configure | status |
// push | retry` against the real `khaothi-registry serve` over TLS, and the faults the issue
// names — the registry unreachable while a centre issues 500 certificates, and the registry
// SIGKILLed again and again in the middle of the pushes — after which every record is in the
// registry exactly once, byte for byte.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <signal.h>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <catch2/catch.hpp>

#include "khaothi/centre/certificates.h"
#include "khaothi/centre/registry_outbox.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/records/signed_record.h"
#include "khaothi/registry/pg.h"
#include "khaothi/registry/records.h"
#include "khaothi/registry/schema.h"
#include "khaothi/store/database.h"

#include "registry/pg_fixture.h"
#include "registry/registry_http.h"
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

// khaothi-registry on a fresh database, its own lab PKI and a fixed port, as a real process
// that the test starts, kills and starts again.
struct RegistryProcess {
  std::string db = PgCluster::Shared().CreateDatabase();
  TempDir dir;
  uint16_t port = FreePort();
  std::unique_ptr<ChildProcess> serve;

  RegistryProcess() {
    REQUIRE(
        crypto::CreateLabPki(dir.File("tls"), "Sở GDĐT thử nghiệm", {"localhost"}, {"127.0.0.1"})
            .ok());
  }
  ProcessResult Run(std::vector<std::string> args) const {
    args.insert(args.begin(),
                {BuiltProgram("server/registry/khaothi-registry"), "--db", db, "--lang", "en"});
    return RunProcess(args);
  }
  // Registers the centre of directory `centre_dir` with the issuing key `issuer_pub` and the
  // receipt key `receipt_pub`.
  void AddCentre(const std::string& code, const std::string& centre_dir,
                 const std::string& issuer_pub, const std::string& receipt_pub) const {
    WriteFile(dir.File(code + ".pub.pem"), issuer_pub);
    WriteFile(dir.File(code + ".receipt.pem"), receipt_pub);
    Ok(Run({"centre", "add", code, "--name", "Trung tâm " + code, "--client-cert",
            centre_dir + "/tls/server.pem", "--issuer-key", dir.File(code + ".pub.pem"),
            "--receipt-key", dir.File(code + ".receipt.pem")}));
  }
  void Start() {
    serve = std::make_unique<ChildProcess>(std::vector<std::string>{
        BuiltProgram("server/registry/khaothi-registry"), "--db", db, "serve", "--tls-cert",
        dir.File("tls/server.pem"), "--tls-key", dir.File("tls/server-key.pem"), "--listen-port",
        std::to_string(port), "--listen-address", "127.0.0.1"});
    REQUIRE(serve->WaitForLine("listening on").find("listening on") != std::string::npos);
  }
  void Kill() {
    serve->Signal(SIGKILL);
    serve->Wait();
    serve.reset();
  }
  registry::pg::Connection Connect() const {
    Result<registry::pg::Connection> c = registry::pg::Connection::Open(db);
    REQUIRE(c.ok());
    REQUIRE(registry::Migrate(*c).ok());
    return std::move(c).value();
  }
  std::string Url() const { return "https://localhost:" + std::to_string(port); }
};

// A copy of a centre directory (a consistent copy of center.db, and its TLS files), so that a
// test's pushes do not change the shared world's outbox.
struct CentreCopy {
  TempDir dir;
  explicit CentreCopy(const std::string& from) {
    auto src = store::Database::Open(from + "/center.db", false);
    REQUIRE(src.ok());
    REQUIRE(src->Exec("VACUUM INTO '" + dir.File("center.db") + "'").ok());
    fs::copy(from + "/tls", dir.File("tls"), fs::copy_options::recursive);
  }
  ProcessResult Khaothi(std::vector<std::string> args) const {
    args.insert(args.begin(),
                {BuiltProgram("tools/khaothi"), "--lang", "en", "--data", dir.path()});
    return RunProcess(args);
  }
  centre::OutboxSummary Summary() const {
    auto db = store::Database::Open(dir.File("center.db"), false);
    REQUIRE(db.ok());
    auto s = centre::SummariseOutbox(*db);
    REQUIRE(s.ok());
    return std::move(s).value();
  }
};

// Every queued record of `centre_db` is in the registry once, with the same content hash.
void CheckRegistryHoldsOutbox(registry::pg::Connection& conn, const std::string& centre_db) {
  auto db = store::Database::Open(centre_db, false);
  REQUIRE(db.ok());
  store::Statement q = db->Prepare("SELECT record_id, envelope FROM registry_outbox ORDER BY seq");
  int64_t queued = 0;
  REQUIRE(q.ForEachRow([&](const store::Statement& row) {
             ++queued;
             Result<registry::StoredRecord> stored = registry::FindRecord(conn, row.ColumnText(0));
             REQUIRE(stored.ok());
             CHECK(stored->content_sha256 == crypto::Sha256Hex(row.ColumnText(1)));
             CHECK(stored->envelope == row.ColumnText(1));
           }).ok());
  CHECK(*registry::CountRecords(conn) == queued);
}

TEST_CASE("centre push: the sender delivers the outbox once and says what it could not") {
  const RegistryWorld& world = RegistryWorld::Get();
  RegistryProcess reg;
  reg.AddCentre(world.centre_code, world.centre_dir, world.issuer.PublicPem(),
                world.receipt.PublicPem());
  reg.Start();
  CentreCopy centre(world.centre_dir);

  // Not configured, then a bad address: clear errors, nothing stored.
  ProcessResult early = centre.Khaothi({"registry", "push"});
  CHECK(early.exit_code == 1);
  CHECK(early.err.find("no registry is configured") != std::string::npos);
  ProcessResult bad = centre.Khaothi({"registry", "configure", "--url",
                                      "http://localhost:" + std::to_string(reg.port), "--ca",
                                      reg.dir.File("tls/ca.pem")});
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("must be https://HOST[:PORT]") != std::string::npos);
  CHECK(centre
            .Khaothi({"registry", "configure", "--url", reg.Url(), "--ca",
                      centre.dir.File("missing.pem")})
            .exit_code == 1);
  CHECK(centre.Khaothi({"registry", "status"}).out.find("Registry:       (not configured)") !=
        std::string::npos);

  ProcessResult configured = centre.Khaothi(
      {"registry", "configure", "--url", reg.Url(), "--ca", reg.dir.File("tls/ca.pem")});
  Ok(configured);
  CHECK(configured.out.find(*crypto::CertificateFingerprint(centre.dir.File("tls/server.pem"))) !=
        std::string::npos);
  ProcessResult status = centre.Khaothi({"registry", "status"});
  CHECK(status.out.find("Pending:        8 (the oldest queued at ") != std::string::npos);

  ProcessResult push = centre.Khaothi({"registry", "push", "--batch", "2"});
  Ok(push);
  CHECK(push.out ==
        "Pushed 8 records: 8 stored, 0 duplicate, 0 refused; still pending 0, refused in all 0\n");
  registry::pg::Connection conn = reg.Connect();
  CheckRegistryHoldsOutbox(conn, centre.dir.File("center.db"));
  CHECK(centre.Khaothi({"registry", "push"}).out.find("Pushed 0 records") != std::string::npos);
  status = centre.Khaothi({"registry", "status"});
  CHECK(status.out.find("Delivered:      8 (the last at ") != std::string::npos);
  CHECK(status.out.find("Pending:        0\n") != std::string::npos);

  SECTION("the same records pushed again (a reply lost in transit) change nothing") {
    CentreCopy again(world.centre_dir);
    Ok(again.Khaothi(
        {"registry", "configure", "--url", reg.Url(), "--ca", reg.dir.File("tls/ca.pem")}));
    ProcessResult twice = again.Khaothi({"registry", "push"});
    Ok(twice);
    CHECK(twice.out.find("8 records: 0 stored, 8 duplicate, 0 refused") != std::string::npos);
    CHECK(*registry::CountRecords(conn) == 8);
  }
  SECTION("a suspended centre's push fails whole and its records stay pending") {
    Ok(reg.Run({"centre", "suspend", world.centre_code, "--reason", "Đang thanh tra"}));
    CentreCopy again(world.centre_dir);
    Ok(again.Khaothi(
        {"registry", "configure", "--url", reg.Url(), "--ca", reg.dir.File("tls/ca.pem")}));
    ProcessResult refused = again.Khaothi({"registry", "push"});
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("HTTP 403") != std::string::npos);
    CHECK(refused.err.find("Đang thanh tra") != std::string::npos);
    CHECK(again.Summary().pending == 8);
  }
  SECTION("a registry whose certificate the centre does not trust gets nothing") {
    CentreCopy again(world.centre_dir);
    Ok(again.Khaothi(
        {"registry", "configure", "--url", reg.Url(), "--ca", again.dir.File("tls/ca.pem")}));
    ProcessResult untrusted = again.Khaothi({"registry", "push"});
    CHECK(untrusted.exit_code == 1);
    CHECK(untrusted.err.find("TLS handshake") != std::string::npos);
    CHECK(again.Summary().pending == 8);
  }
  SECTION("refused records are listed with their reason, and retry offers them again") {
    // Another registry that knows the centre under a different issuing key: every record is
    // refused as unknown_key.
    RegistryProcess other;
    other.AddCentre(world.centre_code, world.centre_dir, crypto::SigningKey::Generate().PublicPem(),
                    crypto::SigningKey::Generate().PublicPem());
    other.Start();
    CentreCopy again(world.centre_dir);
    Ok(again.Khaothi(
        {"registry", "configure", "--url", other.Url(), "--ca", other.dir.File("tls/ca.pem")}));
    Ok(again.Khaothi({"registry", "push"}));
    status = again.Khaothi({"registry", "status"});
    CHECK(status.out.find("Refused:        8") != std::string::npos);
    CHECK(status.out.find(world.centre_code + "/S1/decision/1  unknown_key  ") !=
          std::string::npos);
    CHECK(again.Khaothi({"registry", "retry", "nope"}).exit_code == 1);
    CHECK(again.Khaothi({"registry", "retry"}).exit_code == 1);
    ProcessResult retry = again.Khaothi({"registry", "retry", "--all"});
    Ok(retry);
    CHECK(retry.out.find("8 records will be offered again") != std::string::npos);
    CHECK(again.Summary().pending == 8);
    CHECK(again.Khaothi({"registry", "push"}).out.find("8 refused") != std::string::npos);
    CHECK(*registry::CountRecords(conn) == 8);
  }
}

// Issue 20's end to end: three centres, each with its own center.db and issuing key, run a
// session, issue certificates and push them with `khaothi registry push`; a certificate of each
// is found by the public lookup and its envelope verifies offline with `openssl`; a revocation
// at one centre shows as revoked; a record of centre A pushed by centre B, and a forged one, are
// refused and change nothing.
TEST_CASE("centre push: three centres issue, push and are found, and a revocation shows") {
  RegistryProcess reg;
  const std::vector<std::string> codes = {"LA01", "BD02", "CT03"};
  std::vector<ApprovedCentre> centres;
  for (const std::string& code : codes) {
    centres.push_back(ApproveCentre(2, code));
    reg.AddCentre(code, centres.back().centre->dir(), centres.back().issuer.PublicPem(),
                  centres.back().receipt.PublicPem());
  }
  reg.Start();
  std::vector<std::string> certificates;  // the first certificate of each centre
  for (ApprovedCentre& c : centres) {
    const std::string dir = c.centre->dir();
    {
      auto db = store::Database::Open(dir + "/center.db", false);
      REQUIRE(db.ok());
      centre::IssueOptions options;
      options.issued_date = "2026-12-05";
      auto issued = centre::IssueCertificates(*db, c.issuer, "S1", options, {"test", NowMs()});
      REQUIRE(issued.ok());
      REQUIRE(issued->size() == 2);
      certificates.push_back(issued->front().signed_json);
    }
    auto khaothi = [&dir](std::vector<std::string> args) {
      args.insert(args.begin(), {BuiltProgram("tools/khaothi"), "--lang", "en", "--data", dir});
      return RunProcess(args);
    };
    Ok(khaothi({"registry", "configure", "--url", reg.Url(), "--ca", reg.dir.File("tls/ca.pem")}));
    ProcessResult push = khaothi({"registry", "push"});
    Ok(push);
    CHECK(push.out.find("Pushed 5 records: 5 stored") != std::string::npos);
  }
  registry::pg::Connection conn = reg.Connect();
  CHECK(*registry::CountRecords(conn) == 15);

  const std::string ca = reg.dir.File("tls/ca.pem");
  auto lookup = [&](const std::string& envelope) {
    const boost::json::object rec = records::ParseEnvelope(envelope)->record;
    const std::string name(rec.at("holder").at("full_name").as_string());
    const std::string dob(rec.at("holder").at("date_of_birth").as_string());
    const std::string serial(rec.at("serial").as_string());
    return Get(reg.port, ca,
               "/v1/lookup?name=" + Q(name) + "&dob=" + Q(dob) + "&number=" + Q(serial));
  };
  for (size_t i = 0; i < centres.size(); ++i) {
    const Page page = lookup(certificates[i]);
    REQUIRE(page.status == 200);
    CHECK(page.Json().at("status").as_string() == "valid");
    // Offline, with nothing of khaothi: the record's bytes as they stand in the reply, the
    // signature, and the centre's key (as the centre publishes it).
    const std::string envelope = RawObjectAfter(page.body, "\"certificate\":");
    const std::string record = RawObjectAfter(envelope, "\"record\":");
    Result<std::string> sig =
        crypto::Base64Decode(boost::json::parse(envelope).as_object().at("signature").as_string());
    REQUIRE(sig.ok());
    TempDir d;
    WriteFile(d.File("pub.pem"), centres[i].issuer.PublicPem());
    WriteFile(d.File("record.bin"), record);
    WriteFile(d.File("sig.bin"), *sig);
    const ProcessResult verified =
        RunProcess({"/usr/bin/openssl", "pkeyutl", "-verify", "-pubin", "-inkey", d.File("pub.pem"),
                    "-rawin", "-in", d.File("record.bin"), "-sigfile", d.File("sig.bin")});
    INFO(codes[i] << ": " << verified.out << verified.err);
    CHECK(verified.out.find("Signature Verified Successfully") != std::string::npos);
    CHECK(page.body.find(codes[i] + "/UDCNTT-CB/2026/000001") != std::string::npos);
  }

  // A revocation at BD02 reaches the registry with the centre's next push.
  {
    const std::string dir = centres[1].centre->dir();
    auto db = store::Database::Open(dir + "/center.db", false);
    REQUIRE(db.ok());
    REQUIRE(centre::RevokeCertificate(*db, centres[1].issuer, "1/2026", "Gian lận khi thi",
                                      "2026-12-06", {"test", NowMs()}, "30/QĐ-TTGDTX")
                .ok());
    Ok(RunProcess({BuiltProgram("tools/khaothi"), "--data", dir, "registry", "push"}));
  }
  const boost::json::object revoked = lookup(certificates[1]).Json();
  CHECK(revoked.at("status").as_string() == "revoked");
  CHECK(revoked.at("matches").at(0).at("revocation_reason").as_string() == "Gian lận khi thi");
  CHECK(lookup(certificates[0]).Json().at("status").as_string() == "valid");

  // LA01's certificate offered by CT03, and LA01's certificate with one byte changed offered by
  // LA01 itself: both refused, nothing stored.
  auto offer = [&](const ApprovedCentre& by, const std::string& envelope) {
    return Post(reg.port, ca, by.centre->dir() + "/tls", "/v1/push",
                "{\"records\":[" + envelope + "]}")
        .body;
  };
  const std::string la01_second = [&] {
    auto db = store::Database::Open(centres[0].centre->dir() + "/center.db", false);
    store::Statement q = db->Prepare(
        "SELECT envelope FROM registry_outbox WHERE record_id = 'LA01/UDCNTT-CB/2026/000002'");
    REQUIRE(*q.Step());
    return q.ColumnText(0);
  }();
  const std::string by_other = offer(centres[2], la01_second);
  INFO(by_other);
  CHECK(by_other.find("\"code\":\"wrong_centre\"") != std::string::npos);
  std::string forged = la01_second;
  const size_t at = forged.find("\"full_name\":\"") + 13;
  forged[at] = forged[at] == 'X' ? 'Y' : 'X';
  const std::string forged_push = offer(centres[0], forged);
  INFO(forged_push);
  CHECK(forged_push.find("\"status\":\"refused\"") != std::string::npos);
  CHECK(*registry::CountRecords(conn) == 16);
}

TEST_CASE("centre push: a day offline with 500 certificates and a registry killed mid-push") {
  ApprovedCentre approved = ApproveCentre(500);
  const std::string dir = approved.centre->dir();
  RegistryProcess reg;
  reg.AddCentre(approved.code, dir, approved.issuer.PublicPem(), approved.receipt.PublicPem());
  auto khaothi = [&dir](std::vector<std::string> args) {
    args.insert(args.begin(), {BuiltProgram("tools/khaothi"), "--lang", "en", "--data", dir});
    return args;
  };
  Ok(RunProcess(
      khaothi({"registry", "configure", "--url", reg.Url(), "--ca", reg.dir.File("tls/ca.pem")})));
  // The background sender runs all along; nothing listens on the registry's port yet.
  ChildProcess sender(khaothi({"registry", "push", "--follow", "--batch", "40", "--interval", "0.1",
                               "--max-backoff", "0.4", "--timeout", "5"}));
  {
    auto db = store::Database::Open(dir + "/center.db", false);
    REQUIRE(db.ok());
    centre::IssueOptions options;
    options.issued_date = "2026-12-05";
    auto issued = centre::IssueCertificates(*db, approved.issuer, "S1", options, {"test", NowMs()});
    REQUIRE(issued.ok());
    REQUIRE(issued->size() == 500);
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK(sender.err().find("connect localhost:" + std::to_string(reg.port)) != std::string::npos);

  // The registry comes back, and is SIGKILLed at random moments while the batches arrive.
  registry::pg::Connection conn = reg.Connect();
  std::mt19937 rng(20);
  int kills = 0;
  std::vector<int64_t> held_at_kill;
  int64_t held = 0;
  for (int round = 0; round < 6; ++round) {
    reg.Start();
    // Kill once more records arrived, a random moment later: while the sender, which pushes
    // the next batch as soon as one is answered, is in the middle of its pushes.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (*registry::CountRecords(conn) == held && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 40));
    reg.Kill();
    ++kills;
    held = *registry::CountRecords(conn);
    held_at_kill.push_back(held);
  }
  INFO("records held at each kill: " << ::Catch::Detail::stringify(held_at_kill));
  // At least one kill came while the records were arriving, not before or after them all.
  CHECK(std::any_of(held_at_kill.begin(), held_at_kill.end(),
                    [](int64_t n) { return n > 0 && n < 1001; }));
  reg.Start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto pending = [&dir] {
    auto db = store::Database::Open(dir + "/center.db", false);
    REQUIRE(db.ok());
    return centre::SummariseOutbox(*db)->pending;
  };
  while (pending() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(pending() == 0);
  sender.Signal(SIGTERM);
  CHECK(sender.Wait() == 0);
  INFO(sender.out() << sender.err());
  CHECK(kills == 6);
  // 500 candidates' marks, the decision and 500 certificates, each once, byte for byte.
  CheckRegistryHoldsOutbox(conn, dir + "/center.db");
  CHECK(*registry::CountRecords(conn) == 1001);
  auto db = store::Database::Open(dir + "/center.db", false);
  store::Statement refused =
      db->Prepare("SELECT COUNT(*) FROM registry_outbox WHERE state <> 'delivered'");
  REQUIRE(*refused.Step());
  CHECK(refused.ColumnInt64(0) == 0);
}

}  // namespace
}  // namespace khaothi::testing
