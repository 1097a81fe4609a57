// The registry's store and its arrival checks, on a real PostgreSQL, with the real records of a
// real centre (registry_world.h): what is stored, what is a no-op, and what is refused — and
// that a refusal stores nothing.
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/records/signed_record.h"
#include "khaothi/registry/centres.h"
#include "khaothi/registry/messages.h"
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

// A migrated database with the world's centre registered (its issuing key, its client
// certificate).
struct Registry {
  pg::Connection conn = Open();
  const RegistryWorld& world = RegistryWorld::Get();

  Registry() {
    const std::string fingerprint =
        *CertificatePemFingerprint(testing::ReadFile(world.tls_dir + "/server.pem"));
    REQUIRE(AddCentre(conn, {.code = world.centre_code,
                             .name = world.centre_name,
                             .client_cert_sha256 = fingerprint,
                             .issuer_public_pem = world.issuer.PublicPem(),
                             .valid_from = ""})
                .ok());
  }

  static pg::Connection Open() {
    Result<pg::Connection> c = pg::Connection::Open(PgCluster::Shared().CreateDatabase());
    REQUIRE(c.ok());
    REQUIRE(Migrate(*c).ok());
    return std::move(c).value();
  }

  std::vector<Arrival> Push(const std::vector<json::value>& envelopes,
                            const std::string& centre = "") {
    Result<std::vector<Arrival>> r =
        StoreBatch(conn, centre.empty() ? world.centre_code : centre, envelopes);
    REQUIRE(r.ok());
    REQUIRE(r->size() == envelopes.size());
    return std::move(r).value();
  }

  int64_t Count() { return *CountRecords(conn); }
  int64_t Conflicts() { return conn.Query("count", "SELECT count(*) FROM conflicts")->Int64(0, 0); }

  // Every real record in the order the centre made them.
  std::vector<json::value> All() const {
    std::vector<json::value> out{Envelope(world.decision)};
    for (const std::string& c : world.certificates) {
      out.push_back(Envelope(c));
    }
    out.push_back(Envelope(world.revocation));
    return out;
  }
};

std::string Id(const std::string& envelope) {
  return std::string(json::parse(envelope).at("record").at("id").as_string());
}

// The record of `envelope` changed by `edit` and signed again with `key`: a genuine signature
// over other content.
json::value Resigned(const std::string& envelope, const crypto::SigningKey& key,
                     const std::function<void(json::object&)>& edit) {
  json::object rec = json::parse(envelope).at("record").as_object();
  edit(rec);
  Result<std::string> signed_text = records::SignRecord(key, rec);
  REQUIRE(signed_text.ok());
  return json::parse(*signed_text);
}

void CheckRefused(const Arrival& a, const std::string& code) {
  INFO(Localize(a.reason, true));
  CHECK(a.outcome == Outcome::kRefused);
  CHECK(a.code == code);
  CHECK(!Localize(a.reason, true).empty());
  CHECK(!Localize(a.reason, false).empty());
}

TEST_CASE("store: a centre's real records are stored, and the same batch again changes nothing") {
  Registry r;
  const std::vector<json::value> all = r.All();
  for (const Arrival& a : r.Push(all)) {
    INFO(a.record_id << ": " << Localize(a.reason, true));
    CHECK(a.outcome == Outcome::kStored);
  }
  CHECK(r.Count() == static_cast<int64_t>(all.size()));
  Result<StoredRecord> cert = FindRecord(r.conn, Id(r.world.certificates[1]));
  REQUIRE(cert.ok());
  // Byte for byte what center.db keeps, and its hash is the content hash.
  CHECK(cert->envelope == r.world.certificates[1]);
  CHECK(cert->content_sha256 == crypto::Sha256Hex(r.world.certificates[1]));
  CHECK(cert->act_date == "2026-12-05");
  CHECK(cert->kind == "khaothi.certificate.v2");

  for (const Arrival& a : r.Push(all)) {
    CHECK(a.outcome == Outcome::kDuplicate);
    CHECK(a.code.empty());
  }
  CHECK(r.Count() == static_cast<int64_t>(all.size()));
  CHECK(FindRecord(r.conn, Id(r.world.certificates[1]))->seq == cert->seq);
}

TEST_CASE("store: the same batch pushed twice at once is stored once") {
  Registry r;
  const std::vector<json::value> all = r.All();
  // Two connections, as two registry threads would use: the centre's row lock makes the second
  // batch wait for the first and then find every record there.
  Result<pg::Connection> other = pg::Connection::Open(
      r.conn.Query("conninfo", "SELECT 'dbname=' || current_database()")->Text(0, 0) +
      " host=" + PgCluster::Shared().dir() + " port=" + std::to_string(PgCluster::Shared().port()) +
      " user=khaothi");
  REQUIRE(other.ok());
  Result<std::vector<Arrival>> a = Status::Unavailable("not run");
  Result<std::vector<Arrival>> b = Status::Unavailable("not run");
  std::thread first([&] { a = StoreBatch(r.conn, r.world.centre_code, all); });
  std::thread second([&] { b = StoreBatch(*other, r.world.centre_code, all); });
  first.join();
  second.join();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  int stored = 0;
  int duplicate = 0;
  for (const auto* batch : {&*a, &*b}) {
    for (const Arrival& arrival : *batch) {
      stored += arrival.outcome == Outcome::kStored ? 1 : 0;
      duplicate += arrival.outcome == Outcome::kDuplicate ? 1 : 0;
    }
  }
  CHECK(stored == static_cast<int>(all.size()));
  CHECK(duplicate == static_cast<int>(all.size()));
  CHECK(r.Count() == static_cast<int64_t>(all.size()));
}

TEST_CASE("store: a certificate needs its decision stored first, and the very decision it cites") {
  Registry r;
  const json::value cert = Envelope(r.world.certificates[0]);
  CheckRefused(r.Push({cert})[0], "decision_missing");
  CHECK(r.Count() == 0);
  SECTION("in the same batch, after the decision, it is stored") {
    const std::vector<Arrival> a = r.Push({Envelope(r.world.decision), cert});
    CHECK(a[0].outcome == Outcome::kStored);
    CHECK(a[1].outcome == Outcome::kStored);
  }
  SECTION("a certificate citing another version of the decision is refused") {
    REQUIRE(r.Push({Envelope(r.world.decision)})[0].outcome == Outcome::kStored);
    const json::value other = Resigned(
        r.world.certificates[0], r.world.issuer,
        [](json::object& o) { o["decision"].as_object()["sha256"] = std::string(64, 'a'); });
    CheckRefused(r.Push({other})[0], "decision_mismatch");
    CHECK(r.Count() == 1);
  }
}

TEST_CASE("store: an altered byte is refused and nothing is stored") {
  Registry r;
  REQUIRE(r.Push({Envelope(r.world.decision)})[0].outcome == Outcome::kStored);
  std::string text = r.world.certificates[0];
  const size_t at = text.find("\"place_of_birth\":\"C");
  REQUIRE(at != std::string::npos);
  text[at + 18] = 'K';  // Cần Thơ becomes Kần Thơ, the signature left as it was
  const std::vector<Arrival> a = r.Push({Envelope(text)});
  CheckRefused(a[0], "bad_signature");
  CHECK(r.Count() == 1);
}

TEST_CASE("store: a record signed by centre A's key and pushed by centre B is refused") {
  Registry r;
  const crypto::SigningKey b_key = crypto::SigningKey::Generate();
  REQUIRE(AddCentre(r.conn, {.code = "CENTRE-B",
                             .name = "Trung tâm B",
                             .client_cert_sha256 = std::string(64, 'b'),
                             .issuer_public_pem = b_key.PublicPem(),
                             .valid_from = ""})
              .ok());
  SECTION("A's own record, pushed by B") {
    CheckRefused(r.Push({Envelope(r.world.decision)}, "CENTRE-B")[0], "wrong_centre");
  }
  SECTION("a record claiming to be B's, signed with A's key") {
    const json::value forged = Resigned(r.world.decision, r.world.issuer, [](json::object& o) {
      o["id"] = "CENTRE-B/S1/decision/1";
      o["centre"].as_object()["code"] = "CENTRE-B";
    });
    CheckRefused(r.Push({forged}, "CENTRE-B")[0], "unknown_key");
  }
  SECTION("a record whose centre field contradicts its id") {
    const json::value forged = Resigned(
        r.world.decision, b_key, [](json::object& o) { o["id"] = "CENTRE-B/S1/decision/1"; });
    CheckRefused(r.Push({forged}, "CENTRE-B")[0], "inconsistent");
  }
  CHECK(r.Count() == 0);
}

TEST_CASE("store: another record under a stored id is a conflict, reported, never overwritten") {
  Registry r;
  REQUIRE(r.Push({Envelope(r.world.decision)})[0].outcome == Outcome::kStored);
  const json::value other = Resigned(r.world.decision, r.world.issuer,
                                     [](json::object& o) { o["decision_no"] = "99/QĐ-TTGDTX"; });
  CheckRefused(r.Push({other})[0], "conflict");
  CHECK(r.Count() == 1);
  CHECK(FindRecord(r.conn, Id(r.world.decision))->envelope == r.world.decision);
  CHECK(r.Conflicts() == 1);
  CheckRefused(r.Push({other})[0], "conflict");  // reported once, however often it comes
  CHECK(r.Conflicts() == 1);
  SECTION("an unsigned variant is refused for its signature and not even reported") {
    json::value unsigned_variant = Envelope(r.world.decision);
    unsigned_variant.as_object()["record"].as_object()["decision_no"] = "98/QĐ";
    CheckRefused(r.Push({unsigned_variant})[0], "bad_signature");
    CHECK(r.Conflicts() == 1);
  }
}

TEST_CASE("store: an unknown or suspended centre's batch is refused whole") {
  Registry r;
  Result<std::vector<Arrival>> unknown = StoreBatch(r.conn, "NOBODY", r.All());
  CHECK(unknown.status().IsNotFound());
  REQUIRE(SuspendCentre(r.conn, r.world.centre_code, "Thanh tra").ok());
  Result<std::vector<Arrival>> suspended = StoreBatch(r.conn, r.world.centre_code, r.All());
  CHECK(suspended.status().IsPermissionDenied());
  CHECK(Localize(suspended.status().message(), false).find("Thanh tra") != std::string::npos);
  CHECK(r.Count() == 0);
  REQUIRE(ResumeCentre(r.conn, r.world.centre_code).ok());
  CHECK(r.Push(r.All())[0].outcome == Outcome::kStored);
}

TEST_CASE("store: register numbers increase per centre, type and year") {
  Registry r;
  const std::vector<Arrival> a =
      r.Push({Envelope(r.world.decision), Envelope(r.world.certificates[1]),
              Envelope(r.world.certificates[0]), Envelope(r.world.certificates[2])});
  CHECK(a[1].outcome == Outcome::kStored);
  CheckRefused(a[2], "register_order");
  CHECK(a[3].outcome == Outcome::kStored);
  CHECK(r.Count() == 3);
  SECTION("a record whose id and number disagree is inconsistent") {
    const json::value bad = Resigned(r.world.certificates[2], r.world.issuer, [](json::object& o) {
      o["register_no"] = 9;  // the id still says 000003
    });
    CheckRefused(r.Push({bad})[0], "inconsistent");
  }
}

TEST_CASE("store: a revocation needs its certificate") {
  Registry r;
  REQUIRE(r.Push({Envelope(r.world.decision)})[0].outcome == Outcome::kStored);
  CheckRefused(r.Push({Envelope(r.world.revocation)})[0], "certificate_missing");
  const std::vector<Arrival> a =
      r.Push({Envelope(r.world.certificates[0]), Envelope(r.world.revocation)});
  CHECK(a[0].outcome == Outcome::kStored);
  CHECK(a[1].outcome == Outcome::kStored);
}

TEST_CASE("store: key rotation keeps old records verifiable and retires the old key") {
  Registry r;
  REQUIRE(r.Push(r.All()).back().outcome == Outcome::kStored);
  const crypto::SigningKey next = crypto::SigningKey::Generate();
  REQUIRE(
      RotateKey(r.conn, r.world.centre_code, KeyPurpose::kIssuing, next.PublicPem(), "2026-12-10")
          .ok());
  for (const std::string& c : r.world.certificates) {
    Result<records::Verification> v = ReverifyRecord(r.conn, Id(c));
    REQUIRE(v.ok());
    CHECK(v->verdict == records::Verdict::kValid);
  }
  const auto fourth = [](json::object& o) {
    o["register_no"] = 4;
    o["register"] = "000004/2026";
    o["id"] = std::string(o["id"].as_string()).replace(o["id"].as_string().size() - 6, 6, "000004");
    o["issued_date"] = "2026-12-11";
  };
  CheckRefused(r.Push({Resigned(r.world.certificates[2], r.world.issuer, fourth)})[0],
               "key_not_valid");
  CHECK(r.Push({Resigned(r.world.certificates[2], next, fourth)})[0].outcome == Outcome::kStored);
  Result<CentreInfo> info = GetCentre(r.conn, r.world.centre_code);
  REQUIRE(info.ok());
  REQUIRE(info->keys.size() == 2);
  CHECK(info->keys[0].valid_until == "2026-12-10");
  CHECK(info->keys[1].valid_from == "2026-12-10");
  CHECK(info->keys[1].valid_until.empty());
  CHECK(RotateKey(r.conn, r.world.centre_code, KeyPurpose::kIssuing,
                  crypto::SigningKey::Generate().PublicPem(), "2026-12-01")
            .IsInvalidArgument());
}

TEST_CASE(
    "store: marks and re-marked results need the receipt key, the head's acts the issuing key") {
  Registry r;
  std::vector<json::value> marks;
  for (const std::string& m : r.world.marks) {
    marks.push_back(Envelope(m));
  }
  REQUIRE(marks.size() == 3);
  // No receipt key registered yet: refused, nothing stored.
  for (const Arrival& a : r.Push(marks)) {
    CheckRefused(a, "unknown_key");
  }
  CHECK(r.Count() == 0);
  REQUIRE(RotateKey(r.conn, r.world.centre_code, KeyPurpose::kReceipt, r.world.receipt.PublicPem(),
                    "2026-01-01")
              .ok());
  for (const Arrival& a : r.Push(marks)) {
    CHECK(a.outcome == Outcome::kStored);
  }
  CHECK(r.Push(marks)[0].outcome == Outcome::kDuplicate);
  // A decision signed with the receipt key, marks signed with the issuing key: refused.
  CheckRefused(r.Push({Resigned(r.world.decision, r.world.receipt, [](json::object&) {})})[0],
               "unknown_key");
  CheckRefused(r.Push({Resigned(r.world.marks[0], r.world.issuer,
                                [](json::object& o) {
                                  std::string id(o["id"].as_string());
                                  o["id"] = id.substr(0, id.size() - 1) + "2";
                                  o["revision"] = 2;
                                })})[0],
               "unknown_key");
  // A re-marked theory result, as `khaothi results regrade` signs it.
  const std::string sbd(json::parse(r.world.marks[0]).at("record").at("sbd").as_string());
  const json::object result{{"kind", "khaothi.result.v1"},
                            {"id", r.world.centre_code + "/S1/" + sbd + "/r2"},
                            {"centre", r.world.centre_code},
                            {"session", "S1"},
                            {"sbd", sbd},
                            {"result", json::object{{"revision", 2}, {"supersedes", 1}}},
                            {"created_ms", int64_t{1'796'000'000'000}}};
  Result<std::string> regraded = records::SignRecord(r.world.receipt, result);
  REQUIRE(regraded.ok());
  CHECK(r.Push({json::parse(*regraded)})[0].outcome == Outcome::kStored);
  // Its id must agree with its fields; a receipt dated before the key's first day is refused.
  json::object wrong_id = result;
  wrong_id["id"] = r.world.centre_code + "/S1/" + sbd + "/r3";
  CheckRefused(r.Push({json::parse(*records::SignRecord(r.world.receipt, wrong_id))})[0],
               "inconsistent");
  json::object early = result;
  early["id"] = r.world.centre_code + "/S1/" + sbd + "/r4";
  early["result"].as_object()["revision"] = 4;
  early["created_ms"] = int64_t{1'700'000'000'000};  // 2023
  CheckRefused(r.Push({json::parse(*records::SignRecord(r.world.receipt, early))})[0],
               "key_not_valid");
  CHECK(r.Count() == 4);
}

TEST_CASE("store: malformed envelopes are refused one by one, the good ones beside them stored") {
  Registry r;
  json::value extra = Envelope(r.world.decision);
  extra.as_object()["note"] = "unsigned";
  json::value no_id = Envelope(r.world.decision);
  no_id.as_object()["record"].as_object().erase("id");
  json::value bad_date =
      Resigned(r.world.decision, r.world.issuer, [](json::object& o) { o["date"] = "05/12/2026"; });
  json::value unknown_kind = Resigned(r.world.decision, r.world.issuer, [](json::object& o) {
    o["kind"] = "khaothi.decision.v9";
    o["id"] = std::string(o["id"].as_string()) + "x";
  });
  const std::vector<Arrival> a =
      r.Push({json::value(42), json::object{}, extra, no_id, bad_date, unknown_kind,
              json::value(1.5), Envelope(r.world.decision)});
  for (size_t i = 0; i < 4; ++i) {
    CheckRefused(a[i], "malformed");
  }
  CheckRefused(a[4], "malformed");
  CheckRefused(a[5], "unknown_kind");
  CheckRefused(a[6], "malformed");
  CHECK(a[7].outcome == Outcome::kStored);
  CHECK(r.Count() == 1);
}

TEST_CASE("centres: bad operator input is refused with a clear error and changes nothing") {
  Registry r;
  const std::string pem = crypto::SigningKey::Generate().PublicPem();
  const NewCentre good{.code = "LA-02",
                       .name = "Trung tâm GDTX Long An 2",
                       .client_cert_sha256 = std::string(64, 'C'),
                       .issuer_public_pem = pem,
                       .valid_from = "2026-01-01"};
  NewCentre bad = good;
  bad.code = "LA 02";
  CHECK(AddCentre(r.conn, bad).IsInvalidArgument());
  bad = good;
  bad.client_cert_sha256 = "abc";
  CHECK(AddCentre(r.conn, bad).IsInvalidArgument());
  bad = good;
  bad.issuer_public_pem = "not a key";
  CHECK(AddCentre(r.conn, bad).IsInvalidArgument());
  bad = good;
  bad.valid_from = "2026-02-30";
  CHECK(AddCentre(r.conn, bad).IsInvalidArgument());
  bad = good;
  bad.issuer_public_pem = r.world.issuer.PublicPem();  // A's key: one key, one centre
  const Status taken = AddCentre(r.conn, bad);
  CHECK(taken.IsAlreadyExists());
  CHECK(Localize(taken.message(), true) == "this signing key is registered already");
  REQUIRE(ListCentres(r.conn)->size() == 1);  // the refused adds left nothing behind
  REQUIRE(AddCentre(r.conn, good).ok());
  CHECK(AddCentre(r.conn, good).IsAlreadyExists());
  Result<CentreInfo> added = GetCentre(r.conn, "LA-02");
  REQUIRE(added.ok());
  CHECK(added->client_cert_sha256 == std::string(64, 'c'));
  CHECK(added->state == "active");
  CHECK(SuspendCentre(r.conn, "LA-02", "").IsInvalidArgument());
  CHECK(SuspendCentre(r.conn, "NOBODY", "x").IsNotFound());
  CHECK(RotateKey(r.conn, "NOBODY", KeyPurpose::kIssuing, pem, "2026-12-01").IsNotFound());
  CHECK(GetCentre(r.conn, "NOBODY").status().IsNotFound());
  CHECK(CentreByCertificate(r.conn, std::string(64, 'c')).value() == "LA-02");
  CHECK(CentreByCertificate(r.conn, std::string(64, 'd')).status().IsNotFound());
  REQUIRE(SetClientCertificate(r.conn, "LA-02", std::string(64, 'd')).ok());
  CHECK(CentreByCertificate(r.conn, std::string(64, 'c')).status().IsNotFound());
}

}  // namespace
}  // namespace khaothi::registry
