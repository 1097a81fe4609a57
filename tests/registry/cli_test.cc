// The real khaothi-registry program: the operator's commands in Vietnamese and English, bad
// input refused with a clear message and nothing changed, and `serve` receiving a push and
// stopping on SIGTERM.
#include <signal.h>
#include <string>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/records/signed_record.h"
#include "khaothi/registry/centres.h"
#include "khaothi/registry/records.h"

#include "registry/pg_fixture.h"
#include "registry/registry_world.h"
#include "test_util.h"

namespace khaothi::testing {
namespace {

// The registry program on database `db`.
struct Registry {
  std::string db = PgCluster::Shared().CreateDatabase();
  TempDir dir;

  ProcessResult Run(std::vector<std::string> args, const std::string& lang = "en") const {
    args.insert(args.begin(),
                {BuiltProgram("server/registry/khaothi-registry"), "--db", db, "--lang", lang});
    return RunProcess(args);
  }
  // A centre's files: its lab PKI (the client certificate) and its issuing key's public half.
  std::string Centre(const std::string& name) const {
    const std::string d = dir.File(name);
    REQUIRE(crypto::CreateLabPki(d, name, {name}, {}).ok());
    WriteFile(d + "/issuer.pub.pem", crypto::SigningKey::Generate().PublicPem());
    return d;
  }
};

TEST_CASE("registry cli: the operator adds, lists, rotates, suspends and resumes centres") {
  Registry r;
  const std::string la = r.Centre("la");
  ProcessResult add =
      r.Run({"centre", "add", "LA01", "--name", "Trung tâm GDTX Long An", "--client-cert",
             la + "/server.pem", "--issuer-key", la + "/issuer.pub.pem"},
            "vi");
  INFO(add.out << add.err);
  REQUIRE(add.exit_code == 0);
  CHECK(add.out == "Đã đăng ký trung tâm LA01\n");

  ProcessResult list = r.Run({"centre", "list"});
  REQUIRE(list.exit_code == 0);
  CHECK(list.out.find("LA01  Trung tâm GDTX Long An\n  active; 0 records") != std::string::npos);
  CHECK(list.out.find(*crypto::CertificateFingerprint(la + "/server.pem")) != std::string::npos);
  CHECK(list.out.find("… → now") != std::string::npos);

  WriteFile(la + "/next.pub.pem", crypto::SigningKey::Generate().PublicPem());
  ProcessResult rotate = r.Run({"centre", "rotate-key", "LA01", "--issuer-key",
                                la + "/next.pub.pem", "--from", "2027-01-01"});
  INFO(rotate.out << rotate.err);
  REQUIRE(rotate.exit_code == 0);
  list = r.Run({"centre", "list"}, "vi");
  CHECK(list.out.find("… → 2027-01-01") != std::string::npos);
  CHECK(list.out.find("2027-01-01 → nay") != std::string::npos);

  REQUIRE(r.Run({"centre", "suspend", "LA01", "--reason", "Thanh tra"}).exit_code == 0);
  list = r.Run({"centre", "list"}, "vi");
  CHECK(list.out.find("bị đình chỉ: Thanh tra") != std::string::npos);
  REQUIRE(r.Run({"centre", "resume", "LA01"}).exit_code == 0);
  CHECK(r.Run({"centre", "list"}).out.find("active;") != std::string::npos);
}

TEST_CASE("registry cli: bad input is refused with a clear message and changes nothing") {
  Registry r;
  const std::string la = r.Centre("la");
  const std::vector<std::string> good{"centre",           "add",          "LA01",
                                      "--name",           "Long An",      "--client-cert",
                                      la + "/server.pem", "--issuer-key", la + "/issuer.pub.pem"};
  SECTION("a centre code with a space, in Vietnamese") {
    std::vector<std::string> args = good;
    args[2] = "LA 01";
    const ProcessResult p = r.Run(args, "vi");
    CHECK(p.exit_code == 1);
    CHECK(p.err.find("mã trung tâm 'LA 01' chỉ gồm chữ, số") != std::string::npos);
    CHECK(r.Run({"centre", "list"}).out == "No centre is registered\n");
  }
  SECTION("a public key that is not one") {
    std::vector<std::string> args = good;
    args[8] = la + "/server.pem";
    const ProcessResult p = r.Run(args);
    CHECK(p.exit_code == 1);
    CHECK(p.err.find("not an Ed25519 PEM key") != std::string::npos);
    CHECK(r.Run({"centre", "list"}).out == "No centre is registered\n");
  }
  SECTION("a missing file") {
    std::vector<std::string> args = good;
    args[6] = la + "/nope.pem";
    const ProcessResult p = r.Run(args);
    CHECK(p.exit_code == 1);
    CHECK(p.err.find("nope.pem") != std::string::npos);
    CHECK(r.Run({"centre", "list"}).out == "No centre is registered\n");
  }
  SECTION("no credential") {
    const ProcessResult p = r.Run({"centre", "add", "LA01", "--name", "Long An"});
    CHECK(p.exit_code == 1);
    CHECK(p.err.find("--client-cert") != std::string::npos);
    CHECK(r.Run({"centre", "list"}).out == "No centre is registered\n");
  }
  SECTION("rotation without a date, suspension without a reason, an unknown centre") {
    REQUIRE(r.Run(good).exit_code == 0);
    CHECK(r.Run({"centre", "rotate-key", "LA01", "--issuer-key", la + "/issuer.pub.pem"})
              .err.find("--from") != std::string::npos);
    CHECK(r.Run({"centre", "suspend", "LA01"}).err.find("needs a reason") != std::string::npos);
    const ProcessResult p = r.Run({"centre", "suspend", "XX", "--reason", "x"}, "vi");
    CHECK(p.exit_code == 1);
    CHECK(p.err.find("không có trung tâm mã 'XX'") != std::string::npos);
    CHECK(r.Run({"centre", "list"}).out.find("active;") != std::string::npos);
  }
  SECTION("no database") {
    const ProcessResult p = RunProcess(
        {BuiltProgram("server/registry/khaothi-registry"), "--lang", "en", "centre", "list"});
    CHECK(p.exit_code == 1);
    CHECK(p.err.find("no database given") != std::string::npos);
  }
}

TEST_CASE("registry cli: conflicts shows the operator what was refused under a stored id") {
  Registry r;
  const RegistryWorld& world = RegistryWorld::Get();
  WriteFile(r.dir.File("issuer.pub.pem"), world.issuer.PublicPem());
  REQUIRE(r.Run({"centre", "add", world.centre_code, "--name", world.centre_name, "--client-cert",
                 world.tls_dir + "/server.pem", "--issuer-key", r.dir.File("issuer.pub.pem")})
              .exit_code == 0);
  CHECK(r.Run({"conflicts"}).out == "No conflicts\n");
  Result<registry::pg::Connection> conn = registry::pg::Connection::Open(r.db);
  REQUIRE(conn.ok());
  boost::json::object changed = Envelope(world.decision).at("record").as_object();
  changed["decision_no"] = "99/QĐ-TTGDTX";
  const std::string other = *records::SignRecord(world.issuer, changed);
  REQUIRE(registry::StoreBatch(*conn, world.centre_code, {Envelope(world.decision)}).ok());
  REQUIRE(registry::StoreBatch(*conn, world.centre_code, {Envelope(other)}).ok());
  const ProcessResult p = r.Run({"conflicts", "--envelopes"});
  REQUIRE(p.exit_code == 0);
  CHECK(p.out.find(world.centre_code + "/S1/decision/1") != std::string::npos);
  CHECK(p.out.find("stored   " + crypto::Sha256Hex(world.decision)) != std::string::npos);
  CHECK(p.out.find("refused  " + crypto::Sha256Hex(other)) != std::string::npos);
  CHECK(p.out.find("99/QĐ-TTGDTX") != std::string::npos);
  CHECK(r.Run({"conflicts", "--centre", "OTHER"}, "vi").out == "Không có xung đột nào\n");
}

TEST_CASE("registry cli: serve receives a push over TLS and stops on SIGTERM") {
  namespace net = boost::asio;
  namespace ssl = boost::asio::ssl;
  namespace http = boost::beast::http;
  Registry r;
  const RegistryWorld& world = RegistryWorld::Get();
  WriteFile(r.dir.File("issuer.pub.pem"), world.issuer.PublicPem());
  REQUIRE(r.Run({"centre", "add", world.centre_code, "--name", world.centre_name, "--client-cert",
                 world.tls_dir + "/server.pem", "--issuer-key", r.dir.File("issuer.pub.pem")})
              .exit_code == 0);
  REQUIRE(crypto::CreateLabPki(r.dir.File("tls"), "Sở", {"localhost"}, {"127.0.0.1"}).ok());
  ChildProcess serve({BuiltProgram("server/registry/khaothi-registry"), "--db", r.db, "serve",
                      "--tls-cert", r.dir.File("tls/server.pem"), "--tls-key",
                      r.dir.File("tls/server-key.pem"), "--listen-address", "127.0.0.1",
                      "--listen-port", "0"});
  const std::string line = serve.WaitForLine("listening on");
  REQUIRE(!line.empty());
  const auto port = static_cast<uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));

  net::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.load_verify_file(r.dir.File("tls/ca.pem"));
  ctx.set_verify_mode(ssl::verify_peer);
  ctx.use_certificate_chain_file(world.tls_dir + "/server.pem");
  ctx.use_private_key_file(world.tls_dir + "/server-key.pem", ssl::context::pem);
  boost::beast::ssl_stream<boost::beast::tcp_stream> stream(ioc, ctx);
  boost::beast::get_lowest_layer(stream).connect(
      net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  stream.handshake(ssl::stream_base::client);
  CHECK(std::string(SSL_get_version(stream.native_handle())) == "TLSv1.3");
  http::request<http::string_body> req{http::verb::post, "/v1/push", 11};
  req.set(http::field::host, "localhost");
  req.body() = boost::json::serialize(
      boost::json::object{{"records", boost::json::array{Envelope(world.decision)}}});
  req.prepare_payload();
  http::write(stream, req);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  CHECK(res.result_int() == 200);
  CHECK(res.body().find("\"stored\":1") != std::string::npos);
  boost::beast::get_lowest_layer(stream).close();

  serve.Signal(SIGTERM);
  CHECK(serve.Wait() == 0);
  ProcessResult list = r.Run({"centre", "list"});
  CHECK(list.out.find("active; 1 records") != std::string::npos);
}

}  // namespace
}  // namespace khaothi::testing
