// POST /v1/push end to end: the real RegistryServer (TLS 1.3, client certificates) in front of a
// real PostgreSQL, a centre's real records pushed over HTTPS as its client certificate, and the
// bad input the registry must refuse with a clear error and nothing stored.
#include <memory>
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
#include "khaothi/registry/centres.h"
#include "khaothi/registry/records.h"
#include "khaothi/registry/schema.h"
#include "khaothi/registry/server.h"

#include "registry/pg_fixture.h"
#include "registry/registry_world.h"
#include "test_util.h"

namespace khaothi::registry {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace json = boost::json;
using testing::Envelope;
using testing::PgCluster;
using testing::RegistryWorld;
using testing::TempDir;

struct Reply {
  unsigned status = 0;
  json::object body;
};

// One HTTPS request to the registry on 127.0.0.1:`port`, trusting `ca_pem` and presenting the
// client certificate in `cert_dir` (server.pem, server-key.pem of a lab PKI) unless it is "".
Reply Request(uint16_t port, const std::string& ca_pem, const std::string& cert_dir,
              http::verb verb, const std::string& target, const std::string& body) {
  net::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.load_verify_file(ca_pem);
  ctx.set_verify_mode(ssl::verify_peer);
  if (!cert_dir.empty()) {
    ctx.use_certificate_chain_file(cert_dir + "/server.pem");
    ctx.use_private_key_file(cert_dir + "/server-key.pem", ssl::context::pem);
  }
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).connect(
      net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  stream.handshake(ssl::stream_base::client);
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, "localhost");
  req.set(http::field::content_type, "application/json");
  req.keep_alive(false);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  Reply r;
  r.status = res.result_int();
  r.body = json::parse(res.body()).as_object();
  return r;
}

std::string Batch(const std::vector<json::value>& envelopes) {
  return json::serialize(
      json::object{{"records", json::array(envelopes.begin(), envelopes.end())}});
}

// A registry listening on a free port over a fresh database, with the world's centre
// registered by the fingerprint of its lab PKI's certificate (its client certificate), and
// small limits so that the boundaries are cheap to reach.
struct Running {
  const RegistryWorld& world = RegistryWorld::Get();
  TempDir dir;
  std::string conninfo = PgCluster::Shared().CreateDatabase();
  pg::Connection conn = Open(conninfo);
  std::unique_ptr<RegistryServer> server;
  std::string ca;

  explicit Running(const RegistryLimits& limits = Small()) {
    REQUIRE(
        crypto::CreateLabPki(dir.File("tls"), "Sở GDĐT thử nghiệm", {"localhost"}, {"127.0.0.1"})
            .ok());
    ca = dir.File("tls/ca.pem");
    REQUIRE(AddCentre(conn, {.code = world.centre_code,
                             .name = world.centre_name,
                             .client_cert_sha256 = Fingerprint(world.tls_dir),
                             .issuer_public_pem = world.issuer.PublicPem(),
                             .valid_from = ""})
                .ok());
    RegistryConfig config;
    config.database = conninfo;
    config.listen_address = "127.0.0.1";
    config.listen_port = 0;
    config.tls_cert = dir.File("tls/server.pem");
    config.tls_key = dir.File("tls/server-key.pem");
    config.limits = limits;
    Result<std::unique_ptr<RegistryServer>> s = RegistryServer::Create(config);
    REQUIRE(s.ok());
    server = std::move(s).value();
    server->Start();
  }
  ~Running() { server->Shutdown(); }

  static RegistryLimits Small() {
    RegistryLimits l;
    l.max_batch_records = 5;
    l.max_body_bytes = 64 * 1024;
    return l;
  }
  static pg::Connection Open(const std::string& conninfo) {
    Result<pg::Connection> c = pg::Connection::Open(conninfo);
    REQUIRE(c.ok());
    REQUIRE(Migrate(*c).ok());
    return std::move(c).value();
  }
  static std::string Fingerprint(const std::string& tls_dir) {
    return *CertificatePemFingerprint(testing::ReadFile(tls_dir + "/server.pem"));
  }

  Reply Push(const std::string& body, const std::string& cert_dir = "") {
    return Request(server->port(), ca, cert_dir.empty() ? world.tls_dir : cert_dir,
                   http::verb::post, "/v1/push", body);
  }
  int64_t Count() { return *CountRecords(conn); }

  std::vector<json::value> All() const {
    std::vector<json::value> out{Envelope(world.decision)};
    for (const std::string& c : world.certificates) {
      out.push_back(Envelope(c));
    }
    out.push_back(Envelope(world.revocation));
    return out;
  }
};

void CheckError(const Reply& r, unsigned status, const std::string& code) {
  INFO(json::serialize(r.body));
  CHECK(r.status == status);
  CHECK(r.body.at("error").as_string() == code);
  CHECK(!r.body.at("message").as_string().empty());
  CHECK(!r.body.at("message_vi").as_string().empty());
}

TEST_CASE("push: a centre's batch over HTTPS is stored, and pushed again changes nothing") {
  Running r;
  const std::string batch = Batch(r.All());
  const Reply first = r.Push(batch);
  INFO(json::serialize(first.body));
  REQUIRE(first.status == 200);
  CHECK(first.body.at("stored").as_int64() == 5);
  CHECK(first.body.at("refused").as_int64() == 0);
  const json::array& results = first.body.at("results").as_array();
  REQUIRE(results.size() == 5);
  CHECK(results[1].at("id").as_string() ==
        std::string(Envelope(r.world.certificates[0]).at("record").at("id").as_string()));
  CHECK(results[1].at("status").as_string() == "stored");
  CHECK(r.Count() == 5);
  const Reply again = r.Push(batch);
  REQUIRE(again.status == 200);
  CHECK(again.body.at("duplicate").as_int64() == 5);
  CHECK(again.body.at("stored").as_int64() == 0);
  CHECK(r.Count() == 5);
}

TEST_CASE("push: records are refused one by one with their reason in both languages") {
  Running r;
  // A's records pushed by centre B, authenticated with B's own client certificate.
  TempDir b;
  REQUIRE(crypto::CreateLabPki(b.File("tls"), "Trung tâm B", {"b"}, {}).ok());
  REQUIRE(AddCentre(r.conn, {.code = "CENTRE-B",
                             .name = "Trung tâm B",
                             .client_cert_sha256 = Running::Fingerprint(b.File("tls")),
                             .issuer_public_pem = crypto::SigningKey::Generate().PublicPem(),
                             .valid_from = ""})
              .ok());
  const Reply reply = r.Push(Batch({Envelope(r.world.decision)}), b.File("tls"));
  REQUIRE(reply.status == 200);
  const json::value& res = reply.body.at("results").as_array().at(0);
  CHECK(res.at("status").as_string() == "refused");
  CHECK(res.at("code").as_string() == "wrong_centre");
  CHECK(std::string(res.at("reason").as_string()).find("belongs to centre") != std::string::npos);
  CHECK(std::string(res.at("reason_vi").as_string()).find("của trung tâm") != std::string::npos);
  CHECK(r.Count() == 0);
}

TEST_CASE("push: an unknown or suspended centre, or no certificate at all, is refused whole") {
  Running r;
  const std::string batch = Batch(r.All());
  SECTION("a client certificate nobody registered") {
    TempDir stranger;
    REQUIRE(crypto::CreateLabPki(stranger.File("tls"), "Lạ", {"x"}, {}).ok());
    CheckError(r.Push(batch, stranger.File("tls")), 403, "unknown_centre");
  }
  SECTION("a suspended centre") {
    REQUIRE(SuspendCentre(r.conn, r.world.centre_code, "Đang thanh tra").ok());
    const Reply reply = r.Push(batch);
    CheckError(reply, 403, "suspended");
    CHECK(std::string(reply.body.at("message_vi").as_string()).find("Đang thanh tra") !=
          std::string::npos);
  }
  SECTION("no client certificate: the handshake lets it in (for the public lookup), the push not") {
    CheckError(Request(r.server->port(), r.ca, "", http::verb::post, "/v1/push", batch), 401,
               "no_client_certificate");
  }
  CHECK(r.Count() == 0);
}

TEST_CASE("push: malformed and oversize requests get a clear error and store nothing") {
  Running r;
  SECTION("not JSON, not a batch, an empty batch") {
    CheckError(r.Push("{\"records\": [ {"), 400, "malformed");
    CheckError(r.Push("[1,2,3]"), 400, "malformed");
    CheckError(r.Push("{\"records\":{}}"), 400, "malformed");
    CheckError(r.Push("{\"records\":[]}"), 400, "empty_batch");
    CHECK(r.Count() == 0);
  }
  SECTION("the most records a batch may hold, and one more") {
    std::vector<json::value> six = r.All();
    six.push_back(Envelope(r.world.decision));
    CheckError(r.Push(Batch(six)), 413, "too_many_records");
    CHECK(r.Count() == 0);
    six.pop_back();
    CHECK(r.Push(Batch(six)).status == 200);
    CHECK(r.Count() == 5);
  }
  SECTION("the largest body, and one byte more") {
    std::string body = Batch({Envelope(r.world.decision)});
    body.insert(body.size() - 1, Running::Small().max_body_bytes - body.size(), ' ');
    REQUIRE(body.size() == Running::Small().max_body_bytes);
    CHECK(r.Push(body).status == 200);
    CHECK(r.Count() == 1);
    body.insert(body.size() - 1, " ");
    CheckError(r.Push(body), 413, "too_large");
    CHECK(r.Count() == 1);
  }
  SECTION("other routes and methods") {
    CheckError(Request(r.server->port(), r.ca, r.world.tls_dir, http::verb::get, "/v1/push", ""),
               405, "method");
    CheckError(Request(r.server->port(), r.ca, r.world.tls_dir, http::verb::get, "/nope", ""), 404,
               "not_found");
    const Reply health =
        Request(r.server->port(), r.ca, r.world.tls_dir, http::verb::get, "/health", "");
    CHECK(health.status == 200);
    CHECK(health.body.at("schema").as_int64() == SchemaVersion());
  }
}

}  // namespace
}  // namespace khaothi::registry
