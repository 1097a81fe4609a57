// The public lookup end to end: the real RegistryServer over TLS 1.3, queried WITHOUT a client
// certificate, in front of a real PostgreSQL holding a real centre's records (registry_world),
// plus two certificates signed here by the same centre's key: one whose holder's name carries
// markup, and one of the old kind (v1) with the ID number in clear. The envelope returned is
// checked with the `openssl` command, as docs/verification.md tells anyone to.
#include "khaothi/registry/lookup.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "khaothi/crypto/crypto.h"
#include "khaothi/records/signed_record.h"
#include "khaothi/registry/centres.h"
#include "khaothi/registry/rate_limiter.h"
#include "khaothi/registry/records.h"
#include "khaothi/registry/schema.h"
#include "khaothi/registry/server.h"

#include "registry/pg_fixture.h"
#include "registry/registry_http.h"
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
using testing::Get;
using testing::Page;
using testing::PgCluster;
using testing::Q;
using testing::RawObjectAfter;
using testing::RegistryWorld;
using testing::RunProcess;
using testing::TempDir;
using testing::WriteFile;

std::string Target(std::string_view path, std::string_view name, std::string_view dob,
                   std::string_view number, std::string_view extra = "") {
  return std::string(path) + "?name=" + Q(name) + "&dob=" + Q(dob) + "&number=" + Q(number) +
         std::string(extra);
}

json::object Record(const std::string& envelope) {
  return Envelope(envelope).at("record").as_object();
}

// A certificate of the world's centre signed here with its key, from the last real one: number
// `no`, holder `name`; of the old kind v1 (the ID number in clear) when `v1`.
std::string ExtraCertificate(const RegistryWorld& w, int no, const std::string& name, bool v1) {
  json::object rec = Record(w.certificates.back());
  char label[32];
  std::snprintf(label, sizeof label, "%06d", no);
  rec["id"] = w.centre_code + "/UDCNTT-CB/2026/" + label;
  rec["register_no"] = no;
  rec["register"] = std::string(label) + "/2026";
  rec["serial"] = "EXTRA-" + std::to_string(no);
  json::object& holder = rec["holder"].as_object();
  holder["full_name"] = name;
  if (v1) {
    rec["kind"] = "khaothi.certificate.v1";
    rec.erase("qr_signature");
    rec.erase("place");
    holder.erase("id_number_hash");
    holder["id_number"] = "079205099999";
  }
  Result<std::string> env = records::SignRecord(w.issuer, rec);
  REQUIRE(env.ok());
  return *env;
}

const char* const kMarkupName = "Trần <script>alert(1)</script> Ân";

// A registry over a fresh database holding the world's records and the two extra certificates,
// listening on a free port.
struct Public {
  const RegistryWorld& world = RegistryWorld::Get();
  TempDir dir;
  std::string conninfo = PgCluster::Shared().CreateDatabase();
  pg::Connection conn = Open(conninfo);
  std::unique_ptr<RegistryServer> server;
  std::string ca;
  std::string markup_certificate = ExtraCertificate(world, 4, kMarkupName, false);
  std::string v1_certificate = ExtraCertificate(world, 5, "Phạm Thị Cũ", true);

  explicit Public(const RegistryLimits& limits = Generous()) {
    REQUIRE(crypto::CreateLabPki(dir.File("tls"), "Sở GDĐT", {"localhost"}, {"127.0.0.1"}).ok());
    ca = dir.File("tls/ca.pem");
    REQUIRE(AddCentre(conn, {.code = world.centre_code,
                             .name = world.centre_name,
                             .client_cert_sha256 = *CertificatePemFingerprint(
                                 testing::ReadFile(world.tls_dir + "/server.pem")),
                             .issuer_public_pem = world.issuer.PublicPem(),
                             .valid_from = ""})
                .ok());
    std::vector<json::value> all{Envelope(world.decision)};
    for (const std::string& c : world.certificates) {
      all.push_back(Envelope(c));
    }
    all.push_back(Envelope(world.revocation));
    all.push_back(Envelope(markup_certificate));
    all.push_back(Envelope(v1_certificate));
    Result<std::vector<Arrival>> stored = StoreBatch(conn, world.centre_code, all);
    REQUIRE(stored.ok());
    for (const Arrival& a : *stored) {
      INFO(a.record_id << " " << a.code << " " << a.reason);
      REQUIRE(a.outcome == Outcome::kStored);
    }
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
  ~Public() { server->Shutdown(); }

  static RegistryLimits Generous() {
    RegistryLimits l;
    l.lookup_burst = 1000;
    return l;
  }
  static pg::Connection Open(const std::string& conninfo) {
    Result<pg::Connection> c = pg::Connection::Open(conninfo);
    REQUIRE(c.ok());
    REQUIRE(Migrate(*c).ok());
    return std::move(c).value();
  }

  Page Fetch(const std::string& target) const { return Get(server->port(), ca, target); }
  // GET /v1/lookup for certificate `envelope` with its own facts, or the ones given.
  Page Json(const std::string& name, const std::string& dob, const std::string& number) const {
    return Fetch(Target("/v1/lookup", name, dob, number));
  }
};

struct Facts {
  std::string name, dob, serial, register_label;
};
Facts FactsOf(const std::string& envelope) {
  const json::object rec = Record(envelope);
  return {std::string(rec.at("holder").at("full_name").as_string()),
          std::string(rec.at("holder").at("date_of_birth").as_string()),
          std::string(rec.at("serial").as_string()), std::string(rec.at("register").as_string())};
}

TEST_CASE("lookup: a certificate is found by name, date of birth and number, with its envelope") {
  Public p;
  const Facts f = FactsOf(p.world.certificates[1]);
  SECTION("by serial, with the name as given") {
    const Page page = p.Json(f.name, f.dob, f.serial);
    REQUIRE(page.status == 200);
    CHECK(page.content_type.starts_with("application/json"));
    const json::object body = page.Json();
    INFO(page.body);
    CHECK(body.at("found").as_bool());
    CHECK(body.at("status").as_string() == "valid");
    const json::array& matches = body.at("matches").as_array();
    REQUIRE(matches.size() == 1);
    const json::object& m = matches[0].as_object();
    CHECK(m.at("status").as_string() == "valid");
    CHECK(m.at("fields").at("holder").at("full_name").as_string() == f.name);
    CHECK(m.at("fields").at("register").as_string() == f.register_label);
    CHECK(m.at("fields").at("decision").at("no").as_string() == "15/QĐ-TTGDTX");
    CHECK(!m.at("fields").at("holder").as_object().contains("id_number_hash"));
    CHECK(m.at("public_key").as_string() == p.world.issuer.PublicPem());
    CHECK(!m.contains("revocation"));
    // The envelope, byte for byte as the centre signed it.
    CHECK(RawObjectAfter(page.body, "\"certificate\":") == p.world.certificates[1]);
  }
  SECTION("by register number, short or padded; the name in capitals, with extra spaces") {
    // "Nguyễn Văn An" -> "  NGUYỄN   VĂN AN ": capitals and spaces, which the folding ignores.
    std::string upper;
    icu::UnicodeString::fromUTF8(f.name).toUpper(icu::Locale("vi")).toUTF8String(upper);
    REQUIRE(upper != f.name);
    for (size_t at = upper.find(' '); at != std::string::npos; at = upper.find(' ', at + 3)) {
      upper.insert(at, "  ");
    }
    upper = "  " + upper + " ";
    for (const char* number : {"2/2026", "000002/2026"}) {
      const json::object body = p.Json(upper, f.dob, number).Json();
      CHECK(body.at("status").as_string() == "valid");
    }
    const std::string dmy =
        f.dob.substr(8, 2) + "/" + f.dob.substr(5, 2) + "/" + f.dob.substr(0, 4);
    CHECK(p.Json(f.name, dmy, f.serial).Json().at("status").as_string() == "valid");
  }
}

TEST_CASE("lookup: names compare NFC-normalised and case-folded, diacritics significant") {
  CHECK(NameKey("Lê Văn Cường") == NameKey("LÊ VĂN CƯỜNG"));
  CHECK(NameKey("Lê Văn Cường") == NameKey("lê  văn\u00a0cường "));
  // NFD input (a decomposed ề, as some keyboards and Macs produce) matches the NFC record.
  CHECK(NameKey("Nguy\u0065\u0302\u0303n") == NameKey("Nguyễn"));
  CHECK(NameKey("ĐẶNG") == NameKey("đặng"));
  CHECK(NameKey("Lê Văn Cường") != NameKey("Le Van Cuong"));
  CHECK(NameKey("Lê Văn Cường") != NameKey("Lê Văn Cương"));
  CHECK(NameKey(" \t ").empty());
}

TEST_CASE("lookup: the returned envelope verifies offline with the openssl command") {
  Public p;
  const Facts f = FactsOf(p.world.certificates[2]);
  const Page page = p.Json(f.name, f.dob, f.serial);
  REQUIRE(page.status == 200);
  const std::string envelope = RawObjectAfter(page.body, "\"certificate\":");
  // As docs/verification.md: the signed bytes are the "record" object exactly as it appears in
  // the envelope; the signature is the base64 of "signature"; the key is the reply's.
  const std::string record = RawObjectAfter(envelope, "\"record\":");
  const json::object env = json::parse(envelope).as_object();
  Result<std::string> sig = crypto::Base64Decode(env.at("signature").as_string());
  REQUIRE(sig.ok());
  TempDir d;
  WriteFile(d.File("pub.pem"),
            std::string(page.Json().at("matches").at(0).at("public_key").as_string()));
  WriteFile(d.File("canonical.bin"), record);
  WriteFile(d.File("sig.bin"), *sig);
  const auto verify = [&](const std::string& in) {
    return RunProcess({"/usr/bin/openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                       d.File("pub.pem"), "-rawin", "-in", in, "-sigfile", d.File("sig.bin")});
  };
  const testing::ProcessResult ok = verify(d.File("canonical.bin"));
  INFO(ok.out << ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("Signature Verified Successfully") != std::string::npos);
  // One byte of the name changed: openssl says no.
  std::string altered = record;
  const size_t at = altered.find("\"full_name\":\"") + 13;
  altered[at] = altered[at] == 'X' ? 'Y' : 'X';
  WriteFile(d.File("altered.bin"), altered);
  CHECK(verify(d.File("altered.bin")).exit_code != 0);
}

TEST_CASE("lookup: a revoked certificate shows revoked with its date and reason") {
  Public p;
  const Facts f = FactsOf(p.world.certificates[0]);
  const Page page = p.Json(f.name, f.dob, f.register_label);
  INFO(page.body);
  REQUIRE(page.status == 200);
  const json::object body = page.Json();
  CHECK(body.at("status").as_string() == "revoked");
  const json::object& m = body.at("matches").at(0).as_object();
  CHECK(m.at("revoked_date").as_string() == "2026-12-05");
  CHECK(m.at("revocation_reason").as_string() == "Cấp nhầm");
  CHECK(m.at("revocation_decision_no").as_string() == "20/QĐ-TTGDTX");
  CHECK(RawObjectAfter(page.body, "\"revocation\":") == p.world.revocation);
  CHECK(RawObjectAfter(page.body, "\"certificate\":") == p.world.certificates[0]);
  const Page html = p.Fetch(Target("/lookup", f.name, f.dob, f.register_label));
  CHECK(html.status == 200);
  CHECK(html.body.find("ĐÃ BỊ THU HỒI") != std::string::npos);
  CHECK(html.body.find("05/12/2026") != std::string::npos);
  CHECK(html.body.find("Cấp nhầm") != std::string::npos);
}

TEST_CASE("lookup: a wrong name, date of birth or number finds nothing") {
  Public p;
  const Facts f = FactsOf(p.world.certificates[1]);
  const auto not_found = [&](const std::string& name, const std::string& dob,
                             const std::string& number) {
    const Page page = p.Json(name, dob, number);
    INFO(name << " " << dob << " " << number << " -> " << page.body);
    CHECK(page.status == 200);
    CHECK(page.body == "{\"found\":false,\"status\":\"not_found\",\"matches\":[]}");
  };
  not_found(f.name, "1999-01-01", f.serial);    // wrong date of birth
  not_found(f.name + " Thị", f.dob, f.serial);  // wrong name
  not_found("Nguyen Van An", f.dob, f.serial);  // diacritics count
  not_found(f.name, f.dob, f.serial + "9");     // wrong serial
  not_found(f.name, f.dob, "2/2025");           // wrong year
  not_found(f.name, f.dob, "3/2026");           // another holder's number
  not_found(f.name, f.dob, "2");                // a bare number is a serial
  const Facts other = FactsOf(p.world.certificates[2]);
  not_found(other.name, other.dob, f.serial);  // someone else's serial
  const Page html = p.Fetch(Target("/lookup", f.name, "1999-01-01", f.serial));
  CHECK(html.status == 200);
  CHECK(html.body.find("Không tìm thấy") != std::string::npos);
}

TEST_CASE("lookup: no reply carries an ID number, and a v1 envelope is withheld") {
  Public p;
  std::vector<std::string> replies;
  std::vector<std::string> all = p.world.certificates;
  all.push_back(p.markup_certificate);
  all.push_back(p.v1_certificate);
  for (const std::string& c : all) {
    const Facts f = FactsOf(c);
    for (const std::string& number : {f.serial, f.register_label}) {
      replies.push_back(p.Json(f.name, f.dob, number).body);
      replies.push_back(p.Fetch(Target("/lookup", f.name, f.dob, number)).body);
      replies.push_back(p.Fetch(Target("/lookup", f.name, f.dob, number, "&lang=en")).body);
    }
  }
  for (const std::string& r : replies) {
    INFO(r);
    CHECK((r.find("found") != std::string::npos || r.find("<table>") != std::string::npos));
    // The centre's candidates' numbers are 0792050000001.., the v1 holder's 079205099999.
    CHECK(r.find("0792050") == std::string::npos);
    CHECK(r.find("079205099999") == std::string::npos);
    CHECK(r.find("\"id_number\"") == std::string::npos);
  }
  const Facts v1 = FactsOf(p.v1_certificate);
  const json::object body = p.Json(v1.name, v1.dob, v1.serial).Json();
  const json::object& m = body.at("matches").at(0).as_object();
  CHECK(m.at("status").as_string() == "valid");
  CHECK(m.at("redacted").as_array() == json::array{"holder.id_number"});
  CHECK(!m.contains("certificate"));
  CHECK(m.at("fields").at("kind").as_string() == "khaothi.certificate.v1");
}

TEST_CASE("lookup: malformed query parameters get 400 with a clear message") {
  Public p;
  const Facts f = FactsOf(p.world.certificates[1]);
  const auto bad = [&](const std::string& target, const std::string& says) {
    const Page page = p.Fetch(target);
    INFO(target << " -> " << page.body);
    CHECK(page.status == 400);
    const json::object body = page.Json();
    CHECK(body.at("error").as_string() == "bad_query");
    CHECK(std::string(body.at("message").as_string()).find(says) != std::string::npos);
    CHECK(!body.at("message_vi").as_string().empty());
  };
  bad("/v1/lookup", "parameter name");
  bad("/v1/lookup?name=&dob=2000-01-01&number=1/2026", "parameter name");
  bad(Target("/v1/lookup", f.name, "", f.serial), "parameter dob");
  bad(Target("/v1/lookup", f.name, f.dob, "  "), "parameter number");
  bad(Target("/v1/lookup", f.name, "2026-02-30", f.serial), "real date");
  bad(Target("/v1/lookup", f.name, "31/12/99", f.serial), "real date");
  bad(Target("/v1/lookup", f.name, "tomorrow", f.serial), "real date");
  bad(Target("/v1/lookup", std::string(201, 'a'), f.dob, f.serial), "longer than 200");
  bad(Target("/v1/lookup", f.name, f.dob, std::string(65, '1')), "longer than 64");
  bad("/v1/lookup?name=%FF%FE&dob=2000-01-01&number=1", "not UTF-8");
  // The page says it in the page's language, and keeps what was typed (escaped).
  const Page vi = p.Fetch(Target("/lookup", f.name, "2026-02-30", f.serial));
  CHECK(vi.status == 400);
  CHECK(vi.content_type.starts_with("text/html"));
  CHECK(vi.body.find("ngày sinh phải có dạng") != std::string::npos);
  const Page en = p.Fetch(Target("/lookup", f.name, "2026-02-30", f.serial, "&lang=en"));
  CHECK(en.body.find("the date of birth must be") != std::string::npos);
  CHECK(p.Fetch("/v1/lookup?name=x").status == 400);
}

TEST_CASE("lookup: the rate limit per address trips with 429 and recovers") {
  RegistryLimits limits;
  limits.lookup_burst = 3;
  limits.lookup_refill = std::chrono::milliseconds(400);
  Public p(limits);
  const Facts f = FactsOf(p.world.certificates[1]);
  for (int i = 0; i < 3; ++i) {
    CHECK(p.Json(f.name, f.dob, f.serial).status == 200);
  }
  const Page refused = p.Json(f.name, f.dob, f.serial);
  INFO(refused.body);
  CHECK(refused.status == 429);
  CHECK(refused.retry_after == "1");
  const json::object body = refused.Json();
  CHECK(body.at("error").as_string() == "too_many_lookups");
  CHECK(std::string(body.at("message").as_string()).find("Too many lookups") != std::string::npos);
  CHECK(std::string(body.at("message_vi").as_string()).find("quá nhiều lần") != std::string::npos);
  CHECK(body.at("retry_after_s").as_int64() == 1);
  // Malformed lookups count too, and so does the page; the empty form does not.
  const Page page = p.Fetch(Target("/lookup", f.name, f.dob, f.serial));
  CHECK(page.status == 429);
  CHECK(page.retry_after == "1");
  CHECK(page.body.find("quá nhiều lần") != std::string::npos);
  CHECK(p.Fetch(Target("/lookup", f.name, f.dob, f.serial, "&lang=en"))
            .body.find("Too many lookups") != std::string::npos);
  CHECK(p.Fetch("/lookup").status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(450));
  CHECK(p.Json(f.name, f.dob, f.serial).status == 200);
  // And trips again once the refilled lookups are spent (at most the burst).
  unsigned last = 0;
  for (int i = 0; i < 4 && last != 429; ++i) {
    last = p.Json(f.name, f.dob, f.serial).status;
  }
  CHECK(last == 429);
}

TEST_CASE("lookup: the limiter refills over time and holds a bounded table of addresses") {
  LookupRateLimiter limiter(2, std::chrono::milliseconds(1000), 3);
  CHECK(!limiter.Admit("10.0.0.1", 0));
  CHECK(!limiter.Admit("10.0.0.1", 0));
  const auto wait = limiter.Admit("10.0.0.1", 250);
  REQUIRE(wait);
  CHECK(wait->count() == 750);
  CHECK(!limiter.Admit("10.0.0.1", 1000));
  CHECK(limiter.Admit("10.0.0.1", 1000));
  // Another address has its own bucket; an IPv6 /64 is one address.
  CHECK(!limiter.Admit("10.0.0.2", 1000));
  CHECK(!limiter.Admit("2001:db8:1:2::1", 1000));
  CHECK(!limiter.Admit("2001:db8:1:2:ffff::9", 1000));
  CHECK(limiter.Admit("2001:db8:1:2:abcd::7", 1000));
  CHECK(LookupRateLimiter::Key("::ffff:10.0.0.9") == "10.0.0.9");
  CHECK(limiter.size() == 3);
  // A flood of new addresses never grows the table; the least recently seen goes first.
  for (int i = 0; i < 100; ++i) {
    CHECK(!limiter.Admit("192.0.2." + std::to_string(i), 1000));
  }
  CHECK(limiter.size() == 3);
}

TEST_CASE("lookup page: Vietnamese by default, English on request, every value escaped") {
  Public p;
  const Page form = p.Fetch("/lookup");
  CHECK(form.status == 200);
  CHECK(form.content_type.starts_with("text/html"));
  CHECK(form.body.find("<html lang=\"vi\">") != std::string::npos);
  CHECK(form.body.find("Tra cứu chứng chỉ ứng dụng công nghệ thông tin") != std::string::npos);
  CHECK(form.body.find("<script") == std::string::npos);
  const Page form_en = p.Fetch("/lookup?lang=en");
  CHECK(form_en.body.find("<html lang=\"en\">") != std::string::npos);
  CHECK(form_en.body.find("Look up an IT application certificate") != std::string::npos);

  const Facts f = FactsOf(p.markup_certificate);
  for (const std::string& extra : {std::string(), std::string("&lang=en")}) {
    const Page page = p.Fetch(Target("/lookup", f.name, f.dob, f.serial, extra));
    INFO(page.body);
    CHECK(page.status == 200);
    CHECK(page.body.find(extra.empty() ? "Chứng chỉ hợp lệ" : "This certificate is valid") !=
          std::string::npos);
    CHECK(page.body.find("<script") == std::string::npos);
    CHECK(page.body.find("Trần &lt;script&gt;alert(1)&lt;/script&gt; Ân") != std::string::npos);
    // The envelope in the page is escaped too, and still whole.
    CHECK(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  }
  // What was typed is echoed escaped even when nothing is found.
  const Page echo = p.Fetch(Target("/lookup", "\"><script>x()</script>", f.dob, f.serial));
  CHECK(echo.body.find("<script") == std::string::npos);
  CHECK(echo.body.find("&quot;&gt;&lt;script&gt;") != std::string::npos);
  // The JSON API carries the name as JSON text.
  const json::object body = p.Json(f.name, f.dob, f.serial).Json();
  CHECK(body.at("matches").at(0).at("fields").at("holder").at("full_name").as_string() ==
        kMarkupName);
}

}  // namespace
}  // namespace khaothi::registry
