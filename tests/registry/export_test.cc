// The national export: real records of a real centre and a second centre in another province,
// both formats read back (CSV by an RFC 4180 reader here, XML by pugixml), the filters, a name
// with a comma, a quote and Vietnamese letters, and the real program refusing bad arguments
// without writing a file.
#include "khaothi/registry/export.h"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/records/signed_record.h"
#include "khaothi/registry/centres.h"
#include "khaothi/registry/records.h"
#include "khaothi/registry/schema.h"

#include "registry/pg_fixture.h"
#include "registry/registry_world.h"
#include "test_util.h"

namespace khaothi::registry {
namespace {

namespace json = boost::json;
using testing::Envelope;
using testing::PgCluster;
using testing::RegistryWorld;

const char* const kTrickyName = "Nguyễn \"Tí\", Văn Đức";

json::object Record(const std::string& envelope) {
  return Envelope(envelope).at("record").as_object();
}

std::string Sign(const crypto::SigningKey& key, json::object rec) {
  Result<std::string> env = records::SignRecord(key, std::move(rec));
  REQUIRE(env.ok());
  return *env;
}

// The world's centre (province "Cần Thơ") with its real records, and centre HN01 (province
// "Hà Nội") whose decision and one certificate (issued 2026-11-02, to kTrickyName) are signed
// here with its own key.
struct Exported {
  const RegistryWorld& world = RegistryWorld::Get();
  std::string conninfo = PgCluster::Shared().CreateDatabase();
  pg::Connection conn = Open(conninfo);
  crypto::SigningKey hn_key = crypto::SigningKey::Generate();

  Exported() {
    REQUIRE(AddCentre(conn, {.code = world.centre_code,
                             .name = world.centre_name,
                             .client_cert_sha256 = std::string(64, 'a'),
                             .issuer_public_pem = world.issuer.PublicPem(),
                             .valid_from = "",
                             .province = "Cần Thơ"})
                .ok());
    REQUIRE(AddCentre(conn, {.code = "HN01",
                             .name = "Trung tâm Tin học Hà Nội",
                             .client_cert_sha256 = std::string(64, 'b'),
                             .issuer_public_pem = hn_key.PublicPem(),
                             .valid_from = ""})
                .ok());
    REQUIRE(SetCentreProvince(conn, "HN01", "Hà Nội").ok());
    std::vector<json::value> mine{Envelope(world.decision)};
    for (const std::string& c : world.certificates) {
      mine.push_back(Envelope(c));
    }
    mine.push_back(Envelope(world.revocation));
    Store(world.centre_code, mine);

    json::object decision = Record(world.decision);
    decision["id"] = "HN01/S1/decision/1";
    decision["centre"] = json::object{{"code", "HN01"}, {"name", "Trung tâm Tin học Hà Nội"}};
    decision["date"] = "2026-11-01";
    const std::string hn_decision = Sign(hn_key, decision);
    json::object cert = Record(world.certificates[1]);
    cert["id"] = "HN01/UDCNTT-CB/2026/000001";
    cert["centre"] = decision["centre"];
    cert["register_no"] = 1;
    cert["register"] = "000001/2026";
    cert["serial"] = "HN26-000001";
    cert["issued_date"] = "2026-11-02";
    cert["holder"].as_object()["full_name"] = kTrickyName;
    cert["decision"] = json::object{{"id", "HN01/S1/decision/1"},
                                    {"no", "7/QĐ-TTTH"},
                                    {"date", "2026-11-01"},
                                    {"sha256", crypto::Sha256Hex(hn_decision)}};
    Store("HN01", {Envelope(hn_decision), Envelope(Sign(hn_key, cert))});
  }

  void Store(const std::string& centre, const std::vector<json::value>& batch) {
    Result<std::vector<Arrival>> stored = StoreBatch(conn, centre, batch);
    REQUIRE(stored.ok());
    for (const Arrival& a : *stored) {
      INFO(a.record_id << " " << a.code << " " << a.reason);
      REQUIRE(a.outcome == Outcome::kStored);
    }
  }

  static pg::Connection Open(const std::string& conninfo) {
    Result<pg::Connection> c = pg::Connection::Open(conninfo);
    REQUIRE(c.ok());
    REQUIRE(Migrate(*c).ok());
    return std::move(c).value();
  }

  std::string Export(const ExportFilter& filter, ExportFormat format, int64_t* count = nullptr) {
    REQUIRE(CheckExportFilter(conn, filter).ok());
    std::string out;
    int pieces = 0;
    Result<int64_t> n = ExportCertificates(conn, filter, format, [&](std::string_view piece) {
      out += piece;
      ++pieces;
      return Status::Ok();
    });
    REQUIRE(n.ok());
    if (count != nullptr) {
      *count = *n;
    }
    return out;
  }
};

// RFC 4180, strictly: CRLF line ends, quoted fields with doubled quotes.
std::vector<std::vector<std::string>> ReadCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      REQUIRE(field.empty());
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r') {
      REQUIRE(i + 1 < text.size());
      REQUIRE(text[i + 1] == '\n');
      ++i;
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      REQUIRE(c != '\n');
      field += c;
    }
  }
  REQUIRE(!quoted);
  REQUIRE(field.empty());
  REQUIRE(rows.back().empty());
  rows.pop_back();
  return rows;
}

// The CSV's rows as column -> value maps, by record id.
std::map<std::string, std::map<std::string, std::string>> ByRecord(const std::string& csv) {
  const auto rows = ReadCsv(csv);
  REQUIRE(!rows.empty());
  const auto& columns = ExportColumns();
  REQUIRE(rows[0] == std::vector<std::string>(columns.begin(), columns.end()));
  std::map<std::string, std::map<std::string, std::string>> out;
  for (size_t r = 1; r < rows.size(); ++r) {
    REQUIRE(rows[r].size() == columns.size());
    auto& m = out[rows[r][0]];
    for (size_t c = 0; c < columns.size(); ++c) {
      m[std::string(columns[c])] = rows[r][c];
    }
  }
  return out;
}

TEST_CASE("export: CSV per RFC 4180 with every certificate, revoked ones marked") {
  Exported e;
  int64_t count = 0;
  // Pages of two rows: the keyset paging crosses page boundaries.
  const std::string csv = e.Export({.page_rows = 2}, ExportFormat::kCsv, &count);
  CHECK(count == 4);
  CHECK(csv.substr(0, 3) != "\xEF\xBB\xBF");
  const auto rows = ByRecord(csv);
  REQUIRE(rows.size() == 4);
  const json::object first = Record(e.world.certificates[0]);
  const auto& revoked = rows.at(std::string(first.at("id").as_string()));
  CHECK(revoked.at("status") == "revoked");
  CHECK(revoked.at("revoked_date") == "2026-12-05");
  CHECK(revoked.at("revocation_reason") == "Cấp nhầm");
  CHECK(revoked.at("revocation_decision_no") == "20/QĐ-TTGDTX");
  CHECK(revoked.at("full_name") == std::string(first.at("holder").at("full_name").as_string()));
  CHECK(revoked.at("province") == "Cần Thơ");
  CHECK(revoked.at("register") == "000001/2026");
  CHECK(revoked.at("decision_no") == "15/QĐ-TTGDTX");
  CHECK(revoked.at("content_sha256") == crypto::Sha256Hex(e.world.certificates[0]));
  CHECK(revoked.at("scores").find('=') != std::string::npos);
  const auto& tricky = rows.at("HN01/UDCNTT-CB/2026/000001");
  CHECK(tricky.at("status") == "valid");
  CHECK(tricky.at("full_name") == kTrickyName);
  CHECK(tricky.at("revoked_date").empty());
  CHECK(tricky.at("province") == "Hà Nội");
  // The quoting itself, as written.
  CHECK(csv.find("\"Nguyễn \"\"Tí\"\", Văn Đức\"") != std::string::npos);
  CHECK(csv.find("id_number") == std::string::npos);
  CHECK(csv.find("0792050") == std::string::npos);
}

TEST_CASE("export: XML is well-formed, namespaced and versioned, and reads back") {
  Exported e;
  const std::string xml = e.Export({.page_rows = 3}, ExportFormat::kXml);
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  INFO(parsed.description());
  REQUIRE(parsed);
  const pugi::xml_node root = doc.child("certificates");
  CHECK(std::string(root.attribute("xmlns").value()) == "urn:khaothi:registry:certificates:1");
  CHECK(std::string(root.attribute("version").value()) == "1");
  std::map<std::string, pugi::xml_node> by_id;
  for (const pugi::xml_node c : root.children("certificate")) {
    by_id[c.child_value("record_id")] = c;
  }
  REQUIRE(by_id.size() == 4);
  const pugi::xml_node tricky = by_id.at("HN01/UDCNTT-CB/2026/000001");
  CHECK(std::string(tricky.child_value("full_name")) == kTrickyName);
  CHECK(std::string(tricky.child_value("status")) == "valid");
  const std::string first_id(Record(e.world.certificates[0]).at("id").as_string());
  const pugi::xml_node revoked = by_id.at(first_id);
  CHECK(std::string(revoked.child_value("status")) == "revoked");
  CHECK(std::string(revoked.child_value("revocation_reason")) == "Cấp nhầm");
  const json::object scores = Record(e.world.certificates[0]).at("scores").as_object();
  int n = 0;
  for (const pugi::xml_node s : revoked.child("scores").children("score")) {
    const std::string part = s.attribute("part").value();
    CHECK(std::string(s.child_value()) == std::string(scores.at(part).as_string()));
    ++n;
  }
  CHECK(n == static_cast<int>(scores.size()));
  // Every column is an element of every certificate.
  for (const std::string_view column : ExportColumns()) {
    CHECK(tricky.child(std::string(column).c_str()));
  }
}

TEST_CASE("export: by province, by centre and by period") {
  Exported e;
  const auto ids = [&](const ExportFilter& f) {
    std::vector<std::string> out;
    for (const auto& [id, row] : ByRecord(e.Export(f, ExportFormat::kCsv))) {
      out.push_back(id);
    }
    return out;
  };
  CHECK(ids({.province = "Hà Nội"}) == std::vector<std::string>{"HN01/UDCNTT-CB/2026/000001"});
  CHECK(ids({.province = "hà  nội"}).size() == 1);
  CHECK(ids({.province = "Cần Thơ"}).size() == 3);
  CHECK(ids({.centre = "HN01"}).size() == 1);
  CHECK(ids({.centre = e.world.centre_code}).size() == 3);
  CHECK(ids({.from = "2026-12-01"}).size() == 3);
  CHECK(ids({.to = "2026-11-30"}).size() == 1);
  CHECK(ids({.from = "2026-11-02", .to = "2026-11-02"}).size() == 1);
  CHECK(ids({.from = "2027-01-01"}).empty());
  CHECK(ids({.province = "Hà Nội", .from = "2026-12-01"}).empty());
}

TEST_CASE("export: a bad filter is refused before anything is written") {
  Exported e;
  CHECK(CheckExportFilter(e.conn, {.from = "2026-13-01"}).IsInvalidArgument());
  CHECK(CheckExportFilter(e.conn, {.from = "2026-12-02", .to = "2026-12-01"}).IsInvalidArgument());
  CHECK(CheckExportFilter(e.conn, {.centre = "NOPE"}).IsNotFound());
  CHECK(CheckExportFilter(e.conn, {.province = "Atlantis"}).IsNotFound());
  CHECK(!ParseExportFormat("json").ok());
}

TEST_CASE("export cli: both formats to a file, and bad arguments write no file") {
  Exported e;
  testing::TempDir dir;
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {testing::BuiltProgram("server/registry/khaothi-registry"), "--db",
                               e.conninfo, "--lang", "en"});
    return testing::RunProcess(args);
  };
  const std::string csv = dir.File("out.csv");
  testing::ProcessResult ok = run({"export", "--format", "csv", "--out", csv});
  INFO(ok.out << ok.err);
  REQUIRE(ok.exit_code == 0);
  CHECK(ok.out == "Exported 4 certificates to " + csv + "\n");
  CHECK(ByRecord(testing::ReadFile(csv)).size() == 4);
  const std::string xml = dir.File("out.xml");
  REQUIRE(run({"export", "--format", "xml", "--province", "Hà Nội", "--out", xml}).exit_code == 0);
  pugi::xml_document doc;
  REQUIRE(doc.load_file(xml.c_str()));
  CHECK(doc.child("certificates").attribute("province").value() == std::string("Hà Nội"));
  // To stdout.
  const testing::ProcessResult out = run({"export", "--format", "csv", "--centre", "HN01"});
  CHECK(out.exit_code == 0);
  CHECK(ByRecord(out.out).size() == 1);

  const std::string bad = dir.File("bad.csv");
  const auto refused = [&](std::vector<std::string> args, const std::string& says) {
    args.insert(args.begin(), "export");
    args.insert(args.end(), {"--out", bad});
    const testing::ProcessResult r = run(args);
    INFO(r.out << r.err);
    CHECK(r.exit_code != 0);
    CHECK(r.err.find(says) != std::string::npos);
    CHECK(!std::filesystem::exists(bad));
    CHECK(!std::filesystem::exists(bad + ".tmp"));
  };
  refused({"--format", "json"}, "use csv or xml");
  refused({}, "format");
  refused({"--format", "csv", "--from", "2026-02-30"}, "must be YYYY-MM-DD");
  refused({"--format", "csv", "--from", "2026-12-02", "--to", "2026-12-01"}, "is after --to");
  refused({"--format", "csv", "--centre", "NOPE"}, "NOPE");
  refused({"--format", "xml", "--province", "Atlantis"}, "no centre is in the province");
  refused({"--format", "csv", "--bogus"}, "bogus");
  // An existing file is left as it was by a refused export.
  testing::WriteFile(bad, "kept");
  CHECK(run({"export", "--format", "csv", "--centre", "NOPE", "--out", bad}).exit_code != 0);
  CHECK(testing::ReadFile(bad) == "kept");
}

}  // namespace
}  // namespace khaothi::registry
