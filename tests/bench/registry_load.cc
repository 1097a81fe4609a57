// registry-bench: the registry at scale (issue 20, "Scale"; docs/performance.md "Registry").
// A program, not a test: it prints figures and asserts only that nothing went wrong (every
// record pushed stored, every lookup answered as expected).
//
//   registry-bench [--certificates 1000000] [--centres 500] [--pushers 50] ...
//
// 1. Starts its own PostgreSQL 15 with the registry tests' fixture (tests/registry/
//    pg_fixture.h, used as it is), fsync and synchronous_commit on (--fsync off to compare).
// 2. Registers --centres centres, each with its own Ed25519 issuing key, and loads
//    --certificates synthetic but valid certificates (khaothi.certificate.v2, the centre's real
//    field set, each signed by its centre's key with its QR signature, citing a signed decision
//    of its centre by content hash, register numbers 1.. per centre). Loading BYPASSES HTTP and
//    the arrival checks: the rows, computed exactly as the store computes them, go in with COPY
//    on two connections at once, and ANALYZE follows. The push phase below measures the checked
//    path.
// 3. Starts the real RegistryServer (TLS 1.3) and measures
//    a. --pushers centres pushing at once over HTTPS, each with its own client certificate and
//       keep-alive connection, --push-batches batches of --batch-records new certificates each
//       (signed before the clock starts): records/s and the latency of one batch;
//    b. public lookups (GET /v1/lookup) over --lookup-connections keep-alive HTTPS connections
//       (4, then 8, then 16 by default) for --lookup-seconds each, random certificates of the
//       loaded set (one in ten with a wrong date of birth, a miss): lookups/s and latency
//       p50/p90/p99/max.
// The client runs on the same machine as the registry and PostgreSQL and shares their cores.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include "khaothi/centre/certificates.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/records/signed_record.h"
#include "khaothi/registry/centres.h"
#include "khaothi/registry/pg.h"
#include "khaothi/registry/schema.h"
#include "khaothi/registry/server.h"

#include "registry/pg_fixture.h"
#include "test_util.h"
#include <libpq-fe.h>

namespace khaothi::bench {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;
namespace pg = registry::pg;

struct Options {
  int64_t certificates = 1'000'000;
  int centres = 500;
  int pushers = 50;
  int push_batches = 10;
  int batch_records = 100;
  std::vector<int> lookup_connections = {4, 8, 16};
  double lookup_seconds = 10;
  int threads = 2;
  int db_connections = 4;
  bool fsync = true;
};

template <typename T>
T Ok(Result<T> r, const char* what) {
  if (!r.ok()) {
    throw std::runtime_error(std::string(what) + ": " + r.status().message());
  }
  return std::move(r).value();
}
void Ok(const Status& s, const char* what) {
  if (!s.ok()) {
    throw std::runtime_error(std::string(what) + ": " + s.message());
  }
}

std::string Pad(int64_t n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(n));
  return buf;
}

// ---- The synthetic population: everything about certificate i follows from i. ----

constexpr const char* kFamily[] = {"Nguyễn", "Trần", "Lê",   "Phạm", "Hoàng", "Huỳnh", "Phan",
                                   "Vũ",     "Võ",   "Đặng", "Bùi",  "Đỗ",    "Hồ",    "Ngô"};
constexpr const char* kMiddle[] = {"Văn",  "Thị",   "Hữu",  "Đức", "Minh",
                                   "Ngọc", "Thanh", "Quốc", "Gia", "Kim"};
constexpr const char* kGiven[] = {
    "An",    "Bình",  "Cường",  "Dũng", "Giang", "Hà",   "Hải",  "Hạnh", "Hiếu",  "Hoa",
    "Hùng",  "Hương", "Khánh",  "Lan",  "Linh",  "Long", "Mai",  "Nam",  "Nga",   "Ngân",
    "Nhung", "Phúc",  "Phương", "Quân", "Quỳnh", "Sơn",  "Tâm",  "Thảo", "Thắng", "Thủy",
    "Trang", "Trí",   "Trung",  "Tú",   "Tuấn",  "Uyên", "Việt", "Vy",   "Xuân",  "Yến"};
constexpr int kFamilies = sizeof kFamily / sizeof *kFamily;
constexpr int kMiddles = sizeof kMiddle / sizeof *kMiddle;
constexpr int kGivens = sizeof kGiven / sizeof *kGiven;

struct Population {
  int64_t per_centre = 0;  // certificates loaded per centre

  static std::string Code(int c) { return "TT" + Pad(c + 1, 3); }
  int CentreOf(int64_t i) const { return static_cast<int>(i / per_centre); }
  int64_t NumberOf(int64_t i) const { return i % per_centre + 1; }
  static std::string Name(int64_t i) {
    return std::string(kFamily[i % kFamilies]) + " " + kMiddle[(i / kFamilies) % kMiddles] + " " +
           kGiven[(i / (kFamilies * kMiddles)) % kGivens];
  }
  static std::string Dob(int64_t i) {
    using namespace std::chrono;
    const sys_days day = sys_days(year{1970} / January / 1) + days((i * 7919) % 14000);
    const year_month_day ymd(day);
    return Pad(static_cast<int>(ymd.year()), 4) + "-" + Pad(static_cast<unsigned>(ymd.month()), 2) +
           "-" + Pad(static_cast<unsigned>(ymd.day()), 2);
  }
  // Certificate `number` of centre `c` (numbers past per_centre are the pushed ones).
  static std::string Serial(int c, int64_t number) { return Code(c) + "-" + Pad(number, 7); }
};

struct Centre {
  std::string code;
  std::string name;
  crypto::SigningKey key = crypto::SigningKey::Generate();
  std::string decision;  // its signed decision envelope
  std::string decision_sha256;
};

std::string DecisionEnvelope(Centre& c) {
  json::object rec{{"kind", "khaothi.decision.v1"},
                   {"id", c.code + "/S1/decision/1"},
                   {"centre", json::object{{"code", c.code}, {"name", c.name}}},
                   {"session", "S1"},
                   {"exam_date", "2026-03-01"},
                   {"version", 1},
                   {"decision_no", "1/QĐ-" + c.code},
                   {"date", "2026-03-05"},
                   {"candidates", 0},
                   {"pending", 0},
                   {"passed", json::array()},
                   {"signer", json::object{{"name", "Nguyễn Văn Thủ"}, {"title", "Giám đốc"}}}};
  return Ok(records::SignRecord(c.key, std::move(rec)), "sign decision");
}

// The signed envelope of certificate `number` of centre `c`, holder from index `i`.
std::string CertificateEnvelope(const Centre& c, int ci, int64_t number, int64_t i) {
  const std::string label = Pad(number, 6);
  json::object rec{
      {"kind", "khaothi.certificate.v2"},
      {"id", c.code + "/UDCNTT-CB/2026/" + label},
      {"centre", json::object{{"code", c.code}, {"name", c.name}}},
      {"type", "UDCNTT-CB"},
      {"title", "Chứng chỉ ứng dụng công nghệ thông tin cơ bản"},
      {"year", 2026},
      {"register_no", number},
      {"register", label + "/2026"},
      {"serial", Population::Serial(ci, number)},
      {"holder", json::object{{"full_name", Population::Name(i)},
                              {"date_of_birth", Population::Dob(i)},
                              {"sex", i % 2 == 0 ? "Nam" : "Nữ"},
                              {"place_of_birth", "Long An"},
                              {"id_number_hash", crypto::Sha256Hex("id" + std::to_string(i))}}},
      {"session", "S1"},
      {"sbd", "TS" + Pad(number, 6)},
      {"exam_date", "2026-03-01"},
      {"scores", json::object{{"ly-thuyet", "7.50"}, {"thuc-hanh", "8.25"}}},
      {"result", "Đạt"},
      {"decision", json::object{{"id", c.code + "/S1/decision/1"},
                                {"no", "1/QĐ-" + c.code},
                                {"date", "2026-03-05"},
                                {"sha256", c.decision_sha256}}},
      {"issued_date", "2026-03-10"},
      {"place", "Long An"},
      {"signer", json::object{{"name", "Nguyễn Văn Thủ"}, {"title", "Giám đốc"}}}};
  rec["key_id"] = c.key.KeyId();
  json::object qr = centre::CertificateQrRecord(rec);
  const std::string qr_signature = Ok(records::SignRecordRaw(c.key, qr), "sign qr");
  rec["qr_signature"] = crypto::Base64Encode(qr_signature);
  return Ok(records::SignRecord(c.key, std::move(rec)), "sign certificate");
}

// ---- Loading with COPY ----

void CopyField(std::string& out, std::string_view v) {
  for (const char ch : v) {
    switch (ch) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += ch;
    }
  }
}

// One row of `records` in COPY text format; `cert` false for a decision.
void CopyRow(std::string& out, const std::string& id, const std::string& centre, bool cert,
             const std::string& act_date, int64_t number, const std::string& serial,
             const std::string& cites, const std::string& key_id, const std::string& envelope) {
  const std::string kind = cert ? "khaothi.certificate.v2" : "khaothi.decision.v1";
  for (const std::string* f : {&id, &centre, &kind}) {
    CopyField(out, *f);
    out += '\t';
  }
  out += crypto::Sha256Hex(envelope) + '\t' + key_id + '\t' + act_date + '\t';
  if (cert) {
    out += "UDCNTT-CB\t2026\t" + std::to_string(number) + '\t';
    CopyField(out, serial);
    out += '\t';
    CopyField(out, cites);
  } else {
    out += "\\N\t\\N\t\\N\t\\N\t\\N";
  }
  out += '\t';
  CopyField(out, envelope);
  out += '\n';
}

void Copy(pg::Connection& conn, const std::function<bool(std::string&)>& next) {
  PGresult* r =
      PQexec(conn.handle(),
             "COPY records(record_id, centre_code, kind, content_sha256, key_id, act_date, "
             "cert_type, cert_year, register_no, serial, cites, envelope) FROM STDIN");
  if (PQresultStatus(r) != PGRES_COPY_IN) {
    const std::string e = PQerrorMessage(conn.handle());
    PQclear(r);
    throw std::runtime_error("COPY: " + e);
  }
  PQclear(r);
  std::string chunk;
  bool more = true;
  while (more) {
    chunk.clear();
    while ((more = next(chunk)) && chunk.size() < (1 << 20)) {
    }
    if (!chunk.empty() &&
        PQputCopyData(conn.handle(), chunk.data(), static_cast<int>(chunk.size())) != 1) {
      throw std::runtime_error(std::string("COPY data: ") + PQerrorMessage(conn.handle()));
    }
  }
  if (PQputCopyEnd(conn.handle(), nullptr) != 1) {
    throw std::runtime_error(std::string("COPY end: ") + PQerrorMessage(conn.handle()));
  }
  r = PQgetResult(conn.handle());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  const std::string e = PQerrorMessage(conn.handle());
  PQclear(r);
  while ((r = PQgetResult(conn.handle())) != nullptr) {
    PQclear(r);
  }
  if (!ok) {
    throw std::runtime_error("COPY: " + e);
  }
}

// ---- HTTPS clients ----

class Client {
 public:
  Client(uint16_t port, ssl::context& ctx) : stream_(ioc_, ctx) {
    beast::get_lowest_layer(stream_).connect(
        net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    beast::get_lowest_layer(stream_).socket().set_option(net::ip::tcp::no_delay(true));
    stream_.handshake(ssl::stream_base::client);
  }
  // One request on the kept-alive connection; the reply's status and body.
  std::pair<unsigned, std::string> Send(http::verb verb, const std::string& target,
                                        std::string body = "") {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "localhost");
    req.keep_alive(true);
    if (!body.empty()) {
      req.set(http::field::content_type, "application/json");
      req.body() = std::move(body);
    }
    req.prepare_payload();
    http::write(stream_, req);
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(stream_, buffer_, parser);
    return {parser.get().result_int(), parser.get().body()};
  }

 private:
  net::io_context ioc_;
  beast::ssl_stream<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
};

std::string Query(std::string_view s) {
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_') {
      out += ch;
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) {
    return 0;
  }
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

std::string LoadAverage() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a + " " + b + " " + c;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

int Run(const Options& o) {
  std::printf("# registry-bench: %lld certificates, %d centres, %d pushers; %u cores, load %s\n",
              static_cast<long long>(o.certificates), o.centres, o.pushers,
              std::thread::hardware_concurrency(), LoadAverage().c_str());
  testing::PgCluster cluster(testing::PgOptions{.fsync = o.fsync});
  const std::string conninfo = cluster.CreateDatabase();
  pg::Connection conn = Ok(pg::Connection::Open(conninfo), "connect");
  Ok(registry::Migrate(conn), "migrate");
  testing::TempDir dir;
  Ok(crypto::CreateLabPki(dir.File("registry"), "Sở GDĐT", {"localhost"}, {"127.0.0.1"}),
     "registry pki");

  // Centres: the pushers' client certificates are real; the others' fingerprints are made up.
  auto t0 = Clock::now();
  std::vector<Centre> centres(static_cast<size_t>(o.centres));
  for (int c = 0; c < o.centres; ++c) {
    Centre& centre = centres[static_cast<size_t>(c)];
    centre.code = Population::Code(c);
    centre.name = "Trung tâm GDTX số " + std::to_string(c + 1);
    centre.decision = DecisionEnvelope(centre);
    centre.decision_sha256 = crypto::Sha256Hex(centre.decision);
    std::string fingerprint = crypto::Sha256Hex("fingerprint of " + centre.code);
    if (c < o.pushers) {
      const std::string d = dir.File(centre.code);
      Ok(crypto::CreateLabPki(d, centre.name, {"centre"}, {}), "centre pki");
      fingerprint = Ok(crypto::CertificateFingerprint(d + "/server.pem"), "fingerprint");
    }
    Ok(registry::AddCentre(conn, {.code = centre.code,
                                  .name = centre.name,
                                  .client_cert_sha256 = fingerprint,
                                  .issuer_public_pem = centre.key.PublicPem(),
                                  .valid_from = "",
                                  .province = c % 2 == 0 ? "Long An" : "Cần Thơ"}),
       "add centre");
  }
  Population pop{std::max<int64_t>(1, o.certificates / o.centres)};
  const int64_t total = pop.per_centre * o.centres;
  std::printf("centres registered: %d in %.1f s\n", o.centres, Seconds(t0));

  // Load: two connections, each COPYing half of the centres (decisions first).
  t0 = Clock::now();
  std::vector<std::thread> loaders;
  std::atomic<bool> failed{false};
  for (int part = 0; part < 2; ++part) {
    loaders.emplace_back([&, part] {
      try {
        pg::Connection own = Ok(pg::Connection::Open(conninfo), "connect");
        int c = part;
        int64_t number = 0;
        bool decision = true;
        Copy(own, [&](std::string& out) {
          if (c >= o.centres) {
            return false;
          }
          Centre& centre = centres[static_cast<size_t>(c)];
          if (decision) {
            CopyRow(out, centre.code + "/S1/decision/1", centre.code, false, "2026-03-05", 0, "",
                    "", centre.key.KeyId(), centre.decision);
            decision = false;
            return true;
          }
          ++number;
          const int64_t i = static_cast<int64_t>(c) * pop.per_centre + number - 1;
          CopyRow(out, centre.code + "/UDCNTT-CB/2026/" + Pad(number, 6), centre.code, true,
                  "2026-03-10", number, Population::Serial(c, number),
                  centre.code + "/S1/decision/1", centre.key.KeyId(),
                  CertificateEnvelope(centre, c, number, i));
          if (number == pop.per_centre) {
            number = 0;
            decision = true;
            c += 2;
          }
          return true;
        });
      } catch (const std::exception& e) {
        std::fprintf(stderr, "load: %s\n", e.what());
        failed = true;
      }
    });
  }
  for (std::thread& t : loaders) {
    t.join();
  }
  if (failed) {
    return 1;
  }
  const double load_s = Seconds(t0);
  t0 = Clock::now();
  Ok(conn.Exec("analyze", "ANALYZE"), "analyze");
  pg::Rows size = Ok(conn.Query("size",
                                "SELECT pg_size_pretty(pg_total_relation_size('records')), "
                                "pg_size_pretty(pg_database_size(current_database()))"),
                     "size");
  std::printf(
      "loaded: %lld certificates + %d decisions in %.1f s (%.0f certificates/s: signed, "
      "COPY, indexes maintained), ANALYZE %.1f s; records table %s, database %s\n",
      static_cast<long long>(total), o.centres, load_s, static_cast<double>(total) / load_s,
      Seconds(t0), size.Text(0, 0).c_str(), size.Text(0, 1).c_str());
  {
    const int64_t i = total / 2;
    pg::Rows plan =
        Ok(conn.Query("explain",
                      "EXPLAIN SELECT 1 FROM records c WHERE c.register_no IS NOT NULL "
                      "AND (c.envelope::jsonb #>> '{record,holder,date_of_birth}') = $1 "
                      "AND (c.serial = $2 OR (c.register_no = $3::integer AND "
                      "c.cert_year = $4::integer))",
                      {Population::Dob(i), "x", 0, 0}),
           "explain");
    std::string indexes;
    for (int r = 0; r < plan.size(); ++r) {
      for (const char* ix : {"records_lookup_serial", "records_lookup_register"}) {
        if (plan.Text(r, 0).find(ix) != std::string::npos) {
          indexes += std::string(indexes.empty() ? "" : ", ") + ix;
        }
      }
    }
    std::printf("lookup plan uses: %s\n", indexes.empty() ? "NO INDEX" : indexes.c_str());
  }

  registry::RegistryConfig config;
  config.database = conninfo;
  config.listen_address = "127.0.0.1";
  config.listen_port = 0;
  config.tls_cert = dir.File("registry/server.pem");
  config.tls_key = dir.File("registry/server-key.pem");
  config.threads = o.threads;
  config.limits.db_connections = o.db_connections;
  config.limits.lookup_burst = 1'000'000'000;  // one client address does every lookup here
  config.limits.max_batch_records = static_cast<size_t>(std::max(1000, o.batch_records));
  auto server = Ok(registry::RegistryServer::Create(config), "registry");
  server->Start();
  const uint16_t port = server->port();

  // a. Pushes: batches signed first, then every pusher starts at once.
  std::vector<std::vector<std::string>> bodies(static_cast<size_t>(o.pushers));
  for (int c = 0; c < o.pushers; ++c) {
    int64_t number = pop.per_centre;
    for (int b = 0; b < o.push_batches; ++b) {
      std::string body = "{\"records\":[";
      for (int r = 0; r < o.batch_records; ++r) {
        ++number;
        body += (r == 0 ? "" : ",") + CertificateEnvelope(centres[static_cast<size_t>(c)], c,
                                                          number, total + c * 100000 + number);
      }
      bodies[static_cast<size_t>(c)].push_back(body + "]}");
    }
  }
  std::atomic<int64_t> stored{0};
  std::atomic<int> ready{0};
  std::vector<std::vector<double>> push_ms(static_cast<size_t>(o.pushers));
  std::vector<std::thread> pushers;
  std::atomic<bool> go{false};
  for (int c = 0; c < o.pushers; ++c) {
    pushers.emplace_back([&, c] {
      try {
        ssl::context ctx(ssl::context::tls_client);
        ctx.load_verify_file(dir.File("registry/ca.pem"));
        ctx.set_verify_mode(ssl::verify_peer);
        const std::string d = dir.File(centres[static_cast<size_t>(c)].code);
        ctx.use_certificate_chain_file(d + "/server.pem");
        ctx.use_private_key_file(d + "/server-key.pem", ssl::context::pem);
        Client client(port, ctx);
        ++ready;
        while (!go) {
          std::this_thread::yield();
        }
        for (std::string& body : bodies[static_cast<size_t>(c)]) {
          const auto start = Clock::now();
          auto [status, reply] = client.Send(http::verb::post, "/v1/push", std::move(body));
          push_ms[static_cast<size_t>(c)].push_back(Seconds(start) * 1000);
          if (status != 200) {
            throw std::runtime_error("push " + std::to_string(status) + ": " + reply);
          }
          stored += json::parse(reply).at("stored").as_int64();
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "pusher %d: %s\n", c, e.what());
        failed = true;
      }
    });
  }
  while (ready < o.pushers && !failed) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  t0 = Clock::now();
  go = true;
  for (std::thread& t : pushers) {
    t.join();
  }
  const double push_s = Seconds(t0);
  std::vector<double> all_push;
  for (const auto& v : push_ms) {
    all_push.insert(all_push.end(), v.begin(), v.end());
  }
  const int64_t expected = static_cast<int64_t>(o.pushers) * o.push_batches * o.batch_records;
  std::printf(
      "push: %d centres at once, %lld records in %d-record batches: %.2f s, %.0f records/s "
      "(every record checked: signature, key, decision, register order); batch latency p50 "
      "%.0f ms, p99 %.0f ms; stored %lld of %lld; load %s\n",
      o.pushers, static_cast<long long>(expected), o.batch_records, push_s,
      static_cast<double>(stored.load()) / push_s, Percentile(all_push, 0.5),
      Percentile(all_push, 0.99), static_cast<long long>(stored.load()),
      static_cast<long long>(expected), LoadAverage().c_str());
  if (failed || stored != expected) {
    std::fprintf(stderr, "push: FAILED\n");
    return 1;
  }

  // b. Lookups, at each number of connections in turn.
  ssl::context lookup_ctx(ssl::context::tls_client);
  lookup_ctx.load_verify_file(dir.File("registry/ca.pem"));
  lookup_ctx.set_verify_mode(ssl::verify_peer);
  std::atomic<int64_t> wrong{0};
  for (const int connections : o.lookup_connections) {
    std::vector<std::vector<double>> lookup_ms(static_cast<size_t>(connections));
    std::vector<std::thread> lookers;
    const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(o.lookup_seconds));
    t0 = Clock::now();
    for (int l = 0; l < connections; ++l) {
      lookers.emplace_back([&, l] {
        try {
          Client client(port, lookup_ctx);
          std::mt19937_64 rng(static_cast<uint64_t>(l) * 7919 + static_cast<uint64_t>(connections));
          std::vector<double>& ms = lookup_ms[static_cast<size_t>(l)];
          ms.reserve(100000);
          while (Clock::now() < until) {
            const int64_t i = static_cast<int64_t>(rng() % static_cast<uint64_t>(total));
            const bool miss = rng() % 10 == 0;
            const int c = pop.CentreOf(i);
            const int64_t number = pop.NumberOf(i);
            const std::string n =
                rng() % 2 == 0 ? Population::Serial(c, number) : Pad(number, 6) + "/2026";
            // A register number alone matches every centre's; the name and date of birth pick.
            const std::string target = "/v1/lookup?name=" + Query(Population::Name(i)) + "&dob=" +
                                       (miss ? std::string("1960-01-01") : Population::Dob(i)) +
                                       "&number=" + Query(n);
            const auto start = Clock::now();
            auto [status, body] = client.Send(http::verb::get, target);
            ms.push_back(Seconds(start) * 1000);
            const bool found = body.starts_with("{\"found\":true");
            if (status != 200 || found == miss) {
              if (++wrong <= 3) {
                std::fprintf(stderr, "lookup %s -> %u %s\n", target.c_str(), status,
                             body.substr(0, 200).c_str());
              }
            }
          }
        } catch (const std::exception& e) {
          std::fprintf(stderr, "lookup %d: %s\n", l, e.what());
          failed = true;
        }
      });
    }
    for (std::thread& t : lookers) {
      t.join();
    }
    const double lookup_s = Seconds(t0);
    std::vector<double> all;
    for (const auto& v : lookup_ms) {
      all.insert(all.end(), v.begin(), v.end());
    }
    std::printf(
        "lookup: %d keep-alive connections, %.1f s: %zu lookups, %.0f lookups/s; latency p50 "
        "%.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms; unexpected answers %lld; load %s\n",
        connections, lookup_s, all.size(), static_cast<double>(all.size()) / lookup_s,
        Percentile(all, 0.5), Percentile(all, 0.9), Percentile(all, 0.99),
        all.empty() ? 0.0 : *std::max_element(all.begin(), all.end()),
        static_cast<long long>(wrong.load()), LoadAverage().c_str());
  }
  server->Shutdown();
  return failed || wrong > 0 ? 1 : 0;
}

}  // namespace
}  // namespace khaothi::bench

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure as soon as it is measured
  khaothi::bench::Options o;
  std::string fsync = "on";
  std::string connections = "4,8,16";
  po::options_description d("registry-bench (docs/performance.md \"Registry\")");
  d.add_options()("help", "this help")("certificates",
                                       po::value(&o.certificates)->default_value(o.certificates),
                                       "certificates loaded")(
      "centres", po::value(&o.centres)->default_value(o.centres), "centres registered")(
      "pushers", po::value(&o.pushers)->default_value(o.pushers), "centres pushing at once")(
      "push-batches", po::value(&o.push_batches)->default_value(o.push_batches),
      "batches each pusher sends")("batch-records",
                                   po::value(&o.batch_records)->default_value(o.batch_records),
                                   "records per batch")(
      "lookup-connections", po::value(&connections)->default_value(connections),
      "keep-alive connections doing lookups: a list, each run in turn")(
      "lookup-seconds", po::value(&o.lookup_seconds)->default_value(o.lookup_seconds),
      "how long the lookups run")("threads", po::value(&o.threads)->default_value(o.threads),
                                  "the registry's I/O threads")(
      "db-connections", po::value(&o.db_connections)->default_value(o.db_connections),
      "the registry's database connections")("fsync", po::value(&fsync)->default_value(fsync),
                                             "on | off: PostgreSQL's fsync and synchronous_commit");
  try {
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, d), vm);
    po::notify(vm);
    if (vm.count("help") != 0U) {
      std::cout << d << "\n";
      return 0;
    }
    if (fsync != "on" && fsync != "off") {
      throw po::error("--fsync takes on or off");
    }
    o.fsync = fsync == "on";
    o.lookup_connections.clear();
    for (size_t at = 0; at <= connections.size();) {
      const size_t comma = std::min(connections.find(',', at), connections.size());
      const std::string n = connections.substr(at, comma - at);
      if (n.empty() || n.size() > 4 || n.find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(n) < 1) {
        throw po::error("--lookup-connections takes numbers >= 1 separated by commas");
      }
      o.lookup_connections.push_back(std::stoi(n));
      at = comma + 1;
    }
    if (o.centres < 1 || o.pushers < 0 || o.pushers > o.centres || o.certificates < o.centres ||
        o.batch_records < 1 || o.push_batches < 0 || o.lookup_seconds <= 0) {
      throw po::error(
          "need centres >= 1, 0 <= pushers <= centres, certificates >= centres, batch-records "
          ">= 1, lookup-seconds > 0");
    }
    return khaothi::bench::Run(o);
  } catch (const po::error& e) {
    std::cerr << "registry-bench: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "registry-bench: " << e.what() << "\n";
    return 1;
  }
}
