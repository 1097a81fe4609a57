// Issue #8 end to end: a session sat on the real server, then the real `khaothi` CLI approves,
// issues, prints and revokes, and `khaothi-verify` and `openssl pkeyutl` check the records.
#include "khaothi/centre/certificates.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <signal.h>
#include <thread>
#include <unistd.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/bank/native.h"
#include "khaothi/centre/audit.h"
#include "khaothi/centre/centre.h"
#include "khaothi/centre/results.h"
#include "khaothi/centre/signed_record.h"
#include "khaothi/engine/item_analysis.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "test_centre.h"
#include "verify_route.h"

namespace khaothi::testing {
namespace {

using client::EventType;
namespace fs = std::filesystem;

constexpr const char* kPass = "mật khẩu thử nghiệm 2026";

// The displayed position of the key of each slot of `sbd`'s form.
std::vector<int> KeyPositions(store::Database& db, const std::string& sbd) {
  auto form = centre::GetForm(db, "S1", sbd);
  REQUIRE(form.ok());
  std::vector<int> out;
  for (const engine::FormSlot& slot : form->slots) {
    store::Statement q =
        db.Prepare("SELECT content FROM item_versions WHERE id = ?1 AND version = ?2");
    q.Bind(1, slot.item_id);
    q.Bind(2, slot.item_version);
    REQUIRE(*q.Step());
    bank::ParsedBank parsed = bank::ParseNative(q.ColumnText(0), "t");
    REQUIRE(parsed.items.size() == 1);
    const auto& options = parsed.items[0].item.options;
    int pos = 0;
    for (size_t p = 0; p < slot.option_order.size(); ++p) {
      if (options[static_cast<size_t>(slot.option_order[p])].correct) {
        pos = static_cast<int>(p);
      }
    }
    out.push_back(pos);
  }
  return out;
}

// Candidate i answers correctly the first `right[i]` questions and wrongly the rest, on the
// real server; every attempt is submitted and graded.
void SitSession(const TestCentre& centre, const std::vector<int>& right) {
  auto s = server::Server::Create(centre.Config(0));
  REQUIRE(s.ok());
  (*s)->Start();
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  IoThreads io;
  std::vector<std::unique_ptr<Candidate>> cs;
  for (const auto& [sbd, password] : centre.passwords()) {
    cs.push_back(std::make_unique<Candidate>(io.executor(), centre.ca_pem(), (*s)->port(), sbd,
                                             password, "PC-" + sbd));
  }
  size_t i = 0;
  for (auto& c : cs) {
    c->Begin();
    REQUIRE(c->WaitUntil([&] { return c->Saw(EventType::kLoggedIn); }));
    c->client().Start();
    REQUIRE(c->WaitUntil([&] { return c->Saw(EventType::kForm); }));
    const std::vector<int> keys = KeyPositions(*db, c->sbd());
    for (const auto& q : c->client().questions()) {
      const int key = keys[static_cast<size_t>(q.slot)];
      const int n = static_cast<int>(q.options.size());
      const bool correct = q.slot < right[i % right.size()];
      c->client().Answer(q.slot, {correct ? key : (key + 1) % n});
    }
    ++i;
  }
  for (auto& c : cs) {
    REQUIRE(c->WaitUntil([&] { return c->client().pending_count() == 0; }));
    c->client().Submit();
    REQUIRE(c->WaitUntil([&] { return c->client().result().has_value(); }));
  }
  (*s)->Shutdown();
}

struct Cli {
  std::string dir;
  // The issuing key inside the test's directory (the default, DIR/../issuer, would be shared).
  std::string Key() const { return dir + "/issuer/issuer-key.pem"; }
  ProcessResult Run(std::vector<std::string> args) const {
    const bool signs = args[0] == "approve" ||
                       (args.size() > 1 &&
                        (args[1] == "init-issuer" || args[1] == "issue" || args[1] == "revoke"));
    if (signs && std::find(args.begin(), args.end(), "--key") == args.end()) {
      args.insert(args.end(), {"--key", Key()});
    }
    args.insert(args.begin(), {BuiltProgram("tools/khaothi"), "--lang", "en", "--data", dir});
    return RunProcess(args);
  }
  ProcessResult Verify(std::vector<std::string> args) const {
    args.insert(args.begin(), BuiltProgram("tools/khaothi-verify"));
    return RunProcess(args);
  }
};

void Ok(const ProcessResult& r) {
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

// A centre of `n` candidates who sat the session (TS001 fails the theory), practical marks entered
// (TS002 fails the practical), an issuing key and blank stock.
struct Prepared {
  explicit Prepared(int n) : centre({.candidates = n}) {
    setenv("KHAOTHI_PASSPHRASE", kPass, 1);
    std::vector<int> right = {6, 30, 25, 20, 16};
    SitSession(centre, right);
    cli.dir = centre.dir();
    Ok(cli.Run(
        {"keys", "init-issuer", "--holder", "Nguyễn Thị Hồng Nhung", "--title", "Giám đốc"}));
    std::string marks = "sbd,van-ban,bang-tinh,trinh-chieu\n";
    for (int i = 1; i <= n; ++i) {
      char sbd[16];
      std::snprintf(sbd, sizeof sbd, "TS%03d", i);
      marks += std::string(sbd) + (i == 2 ? ",3,8,8\n" : ",7.5,8,6.25\n");
    }
    WriteFile(centre.dir() + "/marks.csv", marks);
    Ok(cli.Run({"results", "import-marks", "S1", centre.dir() + "/marks.csv"}));
    // Approval needs a closed session (issue 13 item 5).
    Ok(cli.Run({"session", "close", "S1"}));
    Ok(cli.Run(
        {"cert", "stock", "--pattern", "CNTT{YY}-{seq:06}", "--first", "1001", "--last", "9999"}));
  }
  TestCentre centre;
  Cli cli;
};

boost::json::object Record(const std::string& envelope) {
  auto e = centre::ParseEnvelope(envelope);
  REQUIRE(e.ok());
  return e->record;
}

TEST_CASE("from a finished session to verified certificates", "[certificates][e2e]") {
  Prepared p(6);
  const Cli& cli = p.cli;
  const std::string out = p.centre.dir() + "/out";

  // Score sheet.
  Ok(cli.Run({"results", "S1", "--out", out}));
  const std::string csv = ReadFile(out + "/bang-diem-S1.csv");
  CHECK(csv.find("Nguyễn") != std::string::npos);
  CHECK(fs::file_size(out + "/bang-diem-S1.xlsx") > 1000);
  CHECK(ReadFile(out + "/bang-diem-S1.html").find("<svg") != std::string::npos);

  // Nothing before the approval.
  auto early = cli.Run({"cert", "issue", "S1", "--date", "2026-12-15"});
  CHECK(early.exit_code != 0);
  CHECK(early.err.find("approval") != std::string::npos);

  // A wrong passphrase signs nothing.
  setenv("KHAOTHI_PASSPHRASE", "wrong", 1);
  auto wrong = cli.Run({"approve", "S1", "--decision-no", "15/QĐ-TTGDTX", "--date", "2026-12-10"});
  CHECK(wrong.exit_code != 0);
  CHECK(wrong.err.find("passphrase") != std::string::npos);
  setenv("KHAOTHI_PASSPHRASE", kPass, 1);

  Ok(cli.Run({"approve", "S1", "--decision-no", "15/QĐ-TTGDTX", "--date", "2026-12-10"}));
  setenv("KHAOTHI_PASSPHRASE", "wrong", 1);
  CHECK(cli.Run({"cert", "issue", "S1", "--date", "2026-12-15"}).exit_code != 0);
  setenv("KHAOTHI_PASSPHRASE", kPass, 1);
  Ok(cli.Run({"cert", "issue", "S1", "--date", "2026-12-15"}));

  auto db = store::Database::Open(p.centre.db_path(), false);
  REQUIRE(db.ok());
  auto certs = centre::ListCertificates(*db, "", 0);
  REQUIRE(certs.ok());
  // TS001 and TS006 failed the theory (6/30), TS002 the practical (3 < 40 % floor).
  REQUIRE(certs->size() == 3);
  std::set<std::string> holders;
  for (size_t i = 0; i < certs->size(); ++i) {
    CHECK((*certs)[i].register_no == static_cast<int>(i) + 1);
    CHECK((*certs)[i].year == 2026);
    CHECK((*certs)[i].serial == "CNTT26-00" + std::to_string(1001 + i));
    holders.insert((*certs)[i].sbd);
  }
  CHECK(holders.count("TS001") == 0);
  CHECK(holders.count("TS002") == 0);
  CHECK(holders.count("TS006") == 0);
  // Running again issues nothing new.
  Ok(cli.Run({"cert", "issue", "S1", "--date", "2026-12-15"}));
  CHECK(centre::ListCertificates(*db, "", 0)->size() == 3);

  // Export, print and the register.
  Ok(cli.Run({"keys", "export-public", "--out", out + "/issuer.pub.pem"}));
  Ok(cli.Run({"cert", "export", "1/2026", "--out", out}));
  Ok(cli.Run({"cert", "print", "--session", "S1", "--out", out + "/chung-chi.pdf"}));
  Ok(cli.Run({"cert", "register", "--year", "2026", "--out", out}));
  CHECK(ReadFile(out + "/chung-chi.pdf").starts_with("%PDF"));
  CHECK(ReadFile(out + "/so-goc.pdf").starts_with("%PDF"));
  CHECK(fs::file_size(out + "/so-goc.xlsx") > 1000);
  if (const char* keep = std::getenv("KHAOTHI_KEEP_OUTPUT"); keep != nullptr) {
    fs::copy(out, keep, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  }
  const auto text = RunProcess({"/usr/bin/pdftotext", out + "/chung-chi.pdf", "-"});
  if (text.exit_code == 0) {
    CHECK(text.out.find("CHỨNG CHỈ ỨNG DỤNG") != std::string::npos);
    CHECK(text.out.find((*certs)[0].full_name) != std::string::npos);
  }

  const std::string base = out + "/UDCNTT-CB-2026-1";
  const std::string pub = out + "/issuer.pub.pem";
  auto valid = cli.Verify({base + ".json", "--pubkey", pub});
  INFO(valid.out << valid.err);
  CHECK(valid.exit_code == 0);
  CHECK(valid.out.starts_with("valid"));
  // The QR code's token verifies the same.
  const std::string token = ReadFile(base + ".token");
  CHECK(cli.Verify({token.substr(0, token.size() - 1), "--pubkey", pub}).exit_code == 0);

  // openssl alone, as docs/verification.md shows.
  auto ossl = RunProcess({"/usr/bin/openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub,
                          "-rawin", "-in", base + ".record.json", "-sigfile", base + ".sig"});
  INFO(ossl.out << ossl.err);
  CHECK(ossl.exit_code == 0);
  CHECK(ossl.out.find("Signature Verified Successfully") != std::string::npos);

  // One changed byte fails, with khaothi-verify and with openssl.
  std::string record = ReadFile(base + ".record.json");
  const size_t at = record.find("\"register_no\":1");
  REQUIRE(at != std::string::npos);
  record[at + 14] = '7';
  WriteFile(out + "/changed.record.json", record);
  auto bad = RunProcess({"/usr/bin/openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub,
                         "-rawin", "-in", out + "/changed.record.json", "-sigfile", base + ".sig"});
  CHECK(bad.exit_code != 0);
  std::string envelope = ReadFile(base + ".json");
  const size_t name_at = envelope.find("\"full_name\":\"") + 13;
  envelope[name_at] = envelope[name_at] == 'X' ? 'Y' : 'X';
  WriteFile(out + "/changed.json", envelope);
  auto tampered = cli.Verify({out + "/changed.json", "--pubkey", pub});
  CHECK(tampered.exit_code == 2);
  CHECK(tampered.out.starts_with("tampered"));
  // The receipt key is not the issuing key.
  auto wrong_key =
      cli.Verify({base + ".json", "--pubkey", p.centre.dir() + "/keys/receipt-key.pub.pem"});
  CHECK(wrong_key.exit_code == 3);
  CHECK(wrong_key.out.starts_with("wrong key"));

  // Revocation keeps the number; verification with the revocation says revoked.
  Ok(cli.Run({"cert", "revoke", "2/2026", "--reason", "Cấp nhầm", "--date", "2026-12-20"}));
  CHECK(cli.Run({"cert", "revoke", "2/2026", "--reason", "again"}).exit_code != 0);
  Ok(cli.Run({"cert", "export", "2/2026", "--out", out}));
  auto revoked = cli.Verify({out + "/UDCNTT-CB-2026-2.json", "--pubkey", pub, "--revocations",
                             out + "/UDCNTT-CB-2026-2.revocation.json"});
  CHECK(revoked.exit_code == 1);
  CHECK(revoked.out.find("Cấp nhầm") != std::string::npos);
  CHECK(centre::ListCertificates(*db, "", 0)->size() == 3);

  // The public lookup.
  const auto& c1 = (*certs)[0];
  auto found = centre::VerifyLookup(*db, c1.full_name, c1.date_of_birth, c1.serial);
  REQUIRE(found.ok());
  CHECK(found->at("found").as_bool());
  CHECK(found->at("status").as_string() == "valid");
  const auto& c2 = (*certs)[1];
  auto rev = centre::VerifyLookup(*db, c2.full_name, c2.date_of_birth, "2/2026");
  REQUIRE(rev.ok());
  CHECK(rev->at("status").as_string() == "revoked");
  {
    namespace http = boost::beast::http;
    http::request<http::string_body> req{http::verb::get,
                                         "/verify?name=" + c1.full_name +
                                             "&dob=" + c1.date_of_birth.substr(8, 2) + "%2F" +
                                             c1.date_of_birth.substr(5, 2) + "%2F" +
                                             c1.date_of_birth.substr(0, 4) + "&number=1%2F2026",
                                         11};
    CHECK(server::IsVerifyTarget(std::string(req.target())));
    auto res = server::HandleVerify(*db, req);
    CHECK(res.result() == http::status::ok);
    auto body = boost::json::parse(res.body()).as_object();
    CHECK(body.at("status").as_string() == "valid");
    http::request<http::string_body> incomplete{http::verb::get, "/verify?name=x", 11};
    CHECK(server::HandleVerify(*db, incomplete).result() == http::status::bad_request);
  }
  auto none = centre::VerifyLookup(*db, c1.full_name, "1999-01-01", c1.serial);
  REQUIRE(none.ok());
  CHECK_FALSE(none->at("found").as_bool());

  // Re-marking (phúc khảo): TS002's practical re-marked to a pass, the decision amended, then a
  // certificate for TS002 — the old marks stay.
  WriteFile(out + "/remark.csv", "sbd,van-ban,bang-tinh,trinh-chieu\nTS002,6,8,8\n");
  CHECK(cli.Run({"results", "import-marks", "S1", out + "/remark.csv"}).exit_code != 0);
  Ok(cli.Run({"results", "import-marks", "S1", out + "/remark.csv", "--reason",
              "Phúc khảo bài thực hành"}));
  Ok(cli.Run({"results", "regrade", "S1", "--reason", "kiểm tra lại"}));
  CHECK(cli.Run({"approve", "S1", "--decision-no", "16/QĐ", "--date", "2026-12-21"}).exit_code !=
        0);
  Ok(cli.Run({"approve", "S1", "--amend", "--reason", "Phúc khảo TS002", "--decision-no",
              "16/QĐ-TTGDTX", "--date", "2026-12-21"}));
  Ok(cli.Run({"cert", "issue", "S1", "--date", "2026-12-22"}));
  auto after = centre::ListCertificates(*db, "", 0);
  REQUIRE(after->size() == 4);
  CHECK(after->back().sbd == "TS002");
  CHECK(after->back().register_no == 4);
  CHECK(Record(after->back().signed_json).at("decision").at("no").as_string() == "16/QĐ-TTGDTX");
  store::Statement q = db->Prepare("SELECT count(*) FROM practical_marks WHERE sbd = 'TS002'");
  REQUIRE(*q.Step());
  CHECK(q.ColumnInt(0) == 2);

  // Item analysis runs over the session.
  Ok(cli.Run({"item-analysis", "S1", "--out", out}));
  CHECK(ReadFile(out + "/item-analysis.html").find("<svg") != std::string::npos);

  auto audit = centre::VerifyAudit(*db);
  CHECK(audit.ok());
}

TEST_CASE("another key than the registered issuer cannot sign", "[certificates]") {
  Prepared p(3);
  // A second key with the same passphrase, not registered.
  crypto::SigningKey other = crypto::SigningKey::Generate();
  const std::string path = p.centre.dir() + "/other-key.pem";
  REQUIRE(crypto::WriteSecretFile(path, *other.ToPrivatePem(kPass)).ok());
  auto r =
      p.cli.Run({"approve", "S1", "--decision-no", "1", "--date", "2026-12-10", "--key", path});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("head") != std::string::npos);
}

TEST_CASE("register numbers stay gapless and unique when issuing is killed at random",
          "[certificates][kill]") {
  Prepared p(24);  // under the server's 30 logins per address per 10 s
  Ok(p.cli.Run({"approve", "S1", "--decision-no", "20/QĐ", "--date", "2026-12-10"}));
  auto db = store::Database::Open(p.centre.db_path(), false);
  REQUIRE(db.ok());
  auto decision = centre::LatestDecision(*db, "S1");
  REQUIRE(decision.ok());
  const size_t approved = decision->passed.size();
  REQUIRE(approved >= 15);
  std::mt19937 rng(2026);
  int kills = 0;
  for (int iteration = 0; iteration < 40; ++iteration) {
    ChildProcess child({BuiltProgram("tools/khaothi"), "--data", p.centre.dir(), "cert", "issue",
                        "S1", "--date", "2026-12-15", "--key", p.cli.Key()});
    // Kill after a random delay: before the key is even decrypted, in the middle, or never.
    const int delay_us = static_cast<int>(rng() % 60'000);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
    if (iteration % 5 != 4) {
      child.Signal(SIGKILL);
      ++kills;
    }
    child.Wait();
    auto certs = centre::ListCertificates(*db, "", 0);
    REQUIRE(certs.ok());
    std::set<std::string> holders;
    for (size_t i = 0; i < certs->size(); ++i) {
      REQUIRE((*certs)[i].register_no == static_cast<int>(i) + 1);
      REQUIRE(holders.insert((*certs)[i].sbd).second);
    }
    if (certs->size() == approved && iteration >= 20) {
      break;
    }
  }
  // Finish without a kill.
  Ok(p.cli.Run({"cert", "issue", "S1", "--date", "2026-12-15"}));
  auto certs = centre::ListCertificates(*db, "", 0);
  REQUIRE(certs->size() == approved);
  std::set<std::string> listed(decision->passed.begin(), decision->passed.end());
  std::set<std::string> serials;
  for (size_t i = 0; i < certs->size(); ++i) {
    CHECK((*certs)[i].register_no == static_cast<int>(i) + 1);
    CHECK(listed.count((*certs)[i].sbd) == 1);
    CHECK(serials.insert((*certs)[i].serial).second);
  }
  CHECK(kills >= 16);
  auto audit = centre::VerifyAudit(*db);
  CHECK(audit.ok());
  store::Statement ic = db->Prepare("PRAGMA integrity_check");
  REQUIRE(*ic.Step());
  CHECK(ic.ColumnText(0) == "ok");
}

TEST_CASE("item statistics follow Moodle's definitions", "[item-analysis]") {
  // Three items, five attempts; item C is keyed wrong (the strongest miss it).
  std::vector<engine::AttemptObservation> attempts;
  const double a[] = {1, 1, 1, 0, 0};
  const double b[] = {1, 1, 0, 1, 0};
  const double c[] = {0, 0, 0, 1, 1};
  for (int i = 0; i < 5; ++i) {
    engine::AttemptObservation o;
    o.slots.push_back({"A", 1, a[i], 1, {a[i] > 0 ? 0 : 1}, 4, {0}});
    o.slots.push_back({"B", 1, b[i], 1, {b[i] > 0 ? 0 : 2}, 4, {0}});
    o.slots.push_back({"C", 1, c[i], 1, {c[i] > 0 ? 0 : 1}, 4, {0}});
    attempts.push_back(o);
  }
  const engine::TestStatistics t = engine::AnalyseItems(attempts);
  REQUIRE(t.items.size() == 3);
  CHECK(t.items[0].facility == Approx(60));
  // A: x = 1,1,1,0,0; rest = B + C = 1,1,0,2,1 → r = cov / (sd sd).
  CHECK(t.items[0].discrimination_index.has_value());
  CHECK(t.items[2].discrimination_index.value() < 0);
  CHECK(std::find(t.items[2].flags.begin(), t.items[2].flags.end(),
                  engine::ItemFlag::kKeySuspect) != t.items[2].flags.end());
  REQUIRE(t.alpha.has_value());
  // α = 3/2 × (1 − (0.3 + 0.3 + 0.3) / var(total)); totals 2,2,1,2,1 → var 0.3.
  CHECK(*t.alpha == Approx(100.0 * 1.5 * (1 - 0.9 / 0.3)));
}

}  // namespace
}  // namespace khaothi::testing
