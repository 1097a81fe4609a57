// Issue #8 end to end: a session sat on the real server, then the real `khaothi` CLI approves,
// issues, prints and revokes, and `khaothi-verify` and `openssl pkeyutl` check the records.
#include "khaothi/centre/certificates.h"

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <signal.h>
#include <sstream>
#include <thread>
#include <unistd.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/bank/native.h"
#include "khaothi/centre/audit.h"
#include "khaothi/centre/centre.h"
#include "khaothi/centre/registry_outbox.h"
#include "khaothi/centre/results.h"
#include "khaothi/centre/signed_record.h"
#include "khaothi/engine/item_analysis.h"
#include "khaothi/server/server.h"
#include "khaothi/server/verify_route.h"
#include "khaothi/store/database.h"
#include "khaothi/store/item_store.h"

#include "dashboard_driver.h"
#include "drivers.h"
#include "test_centre.h"

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

// The registry outbox holds every decision, certificate, revocation, entry of marks and
// re-marked result center.db holds, each once and byte for byte, pending, in the order they were
// signed; returns its record ids.
std::vector<std::string> CheckOutboxHoldsEveryRecord(store::Database& db) {
  store::Statement signed_records = db.Prepare(
      "SELECT COUNT(*) FROM (SELECT signed FROM decisions UNION ALL SELECT signed FROM "
      "certificates UNION ALL SELECT signed FROM revocations UNION ALL SELECT signed FROM "
      "practical_marks UNION ALL SELECT signed FROM result_revisions)");
  REQUIRE(*signed_records.Step());
  store::Statement missing = db.Prepare(
      "SELECT COUNT(*) FROM (SELECT signed FROM decisions UNION ALL SELECT signed FROM "
      "certificates UNION ALL SELECT signed FROM revocations UNION ALL SELECT signed FROM "
      "practical_marks UNION ALL SELECT signed FROM result_revisions) s WHERE NOT EXISTS "
      "(SELECT 1 FROM registry_outbox o WHERE o.envelope = s.signed)");
  REQUIRE(*missing.Step());
  CHECK(missing.ColumnInt64(0) == 0);
  auto pending = centre::PendingForRegistry(db, 100'000);
  REQUIRE(pending.ok());
  CHECK(static_cast<int64_t>(pending->size()) == signed_records.ColumnInt64(0));
  std::vector<std::string> ids;
  for (const centre::OutboxRecord& r : *pending) {
    CHECK(Record(r.envelope).at("id").as_string() == r.record_id);
    ids.push_back(r.record_id);
  }
  return ids;
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
  auto early = cli.Run({"cert", "issue", "S1", "--date", "2026-12-05"});
  CHECK(early.exit_code != 0);
  CHECK(early.err.find("approval") != std::string::npos);

  // A wrong passphrase signs nothing.
  setenv("KHAOTHI_PASSPHRASE", "wrong", 1);
  auto wrong = cli.Run({"approve", "S1", "--decision-no", "15/QĐ-TTGDTX", "--date", "2026-12-05"});
  CHECK(wrong.exit_code != 0);
  CHECK(wrong.err.find("passphrase") != std::string::npos);
  setenv("KHAOTHI_PASSPHRASE", kPass, 1);

  Ok(cli.Run({"approve", "S1", "--decision-no", "15/QĐ-TTGDTX", "--date", "2026-12-05"}));
  setenv("KHAOTHI_PASSPHRASE", "wrong", 1);
  CHECK(cli.Run({"cert", "issue", "S1", "--date", "2026-12-05"}).exit_code != 0);
  setenv("KHAOTHI_PASSPHRASE", kPass, 1);
  Ok(cli.Run({"cert", "issue", "S1", "--date", "2026-12-05"}));

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
  Ok(cli.Run({"cert", "issue", "S1", "--date", "2026-12-05"}));
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
  Ok(cli.Run({"cert", "revoke", "2/2026", "--reason", "Cấp nhầm", "--date", "2026-12-06"}));
  CHECK(cli.Run({"cert", "revoke", "2/2026", "--reason", "again"}).exit_code != 0);
  Ok(cli.Run({"cert", "export", "2/2026", "--out", out}));
  auto revoked = cli.Verify({out + "/UDCNTT-CB-2026-2.json", "--pubkey", pub, "--revocations",
                             out + "/UDCNTT-CB-2026-2.revocation.json"});
  CHECK(revoked.exit_code == 1);
  CHECK(revoked.out.find("Cấp nhầm") != std::string::npos);
  CHECK(centre::ListCertificates(*db, "", 0)->size() == 3);

  // Every record signed is queued for the registry by the transaction that signed it, in order:
  // the decision, the certificates in register order, the revocation.
  {
    std::vector<std::string> queued = CheckOutboxHoldsEveryRecord(*db);
    const std::vector<std::string> all = queued;
    // First the six candidates' practical marks, as they were entered.
    REQUIRE(queued.size() == 11);
    for (int i = 0; i < 6; ++i) {
      CHECK(queued[static_cast<size_t>(i)] ==
            "TTGDTX-TEST/S1/TS00" + std::to_string(i + 1) + "/practical/1");
    }
    queued.erase(queued.begin(), queued.begin() + 6);
    CHECK(queued[0] == "TTGDTX-TEST/S1/decision/1");
    for (int i = 1; i <= 3; ++i) {
      CHECK(queued[static_cast<size_t>(i)] ==
            "TTGDTX-TEST/UDCNTT-CB/2026/" + std::string(5, '0') + std::to_string(i));
    }
    CHECK(queued[4] == "TTGDTX-TEST/UDCNTT-CB/2026/000002/revocation");
    // A center.db of the schema before the outbox: migration 6 queues what it holds, in the
    // same order.
    auto old = store::Database::Open(p.centre.db_path(), false);
    REQUIRE(old.ok());
    // The audit rows written so far are already in batches: migration 13 run again would mark
    // them as per-entry links. Keep where batches began, as the real history had it.
    std::string batched_from;
    {
      store::Statement from =
          old->Prepare("SELECT value FROM meta WHERE key = 'audit_batched_from'");
      REQUIRE(*from.Step());
      batched_from = from.ColumnText(0);
    }
    // Schema 5 has neither the outbox nor what later migrations add (7: practical packages,
    // 8: the practical sitting, 9: the practical's clock, 10: double marking, 11: proposed
    // marks, 12: SEB, 13: the audit chain's batches).
    REQUIRE(
        old->Exec("DELETE FROM meta WHERE key = 'audit_batched_from'; "
                  "DROP TABLE session_seb; DROP TABLE proposal_lines; DROP TABLE proposal_runs; "
                  "DROP TABLE marking_marks; DROP TABLE marking_assignments; "
                  "DROP TABLE marking_codes; DROP TABLE practical_attempts; "
                  "DROP TABLE work_versions; DROP TABLE practical_assignments; "
                  "DROP TABLE registry_outbox; DROP TABLE practical_tasks; "
                  "DROP TABLE practical_files; DROP TABLE practical_versions; "
                  "DROP TABLE practical_blobs; PRAGMA user_version = 5;")
            .ok());
    REQUIRE(old->Migrate().ok());
    REQUIRE(
        old->Exec("UPDATE meta SET value = '" + batched_from + "' WHERE key = 'audit_batched_from'")
            .ok());
    CHECK(CheckOutboxHoldsEveryRecord(*old) == all);
  }

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
  CHECK(cli.Run({"approve", "S1", "--decision-no", "16/QĐ", "--date", "2026-12-06"}).exit_code !=
        0);
  Ok(cli.Run({"approve", "S1", "--amend", "--reason", "Phúc khảo TS002", "--decision-no",
              "16/QĐ-TTGDTX", "--date", "2026-12-06"}));
  Ok(cli.Run({"cert", "issue", "S1", "--date", "2026-12-06"}));
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

// The local date `days` from today, 'YYYY-MM-DD'.
std::string LocalDay(int days) {
  const std::time_t t = std::time(nullptr) + static_cast<std::time_t>(days) * 86'400;
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

int64_t Count(store::Database& db, const char* sql) {
  store::Statement q = db.Prepare(sql);
  REQUIRE(*q.Step());
  return q.ColumnInt64(0);
}

// Issue 13 items 6, 7 and 22 (the session's exam date is 2026-12-05; TS003 passes, TS002 fails
// the practical until it is re-marked).
TEST_CASE("issue 13: certificate dates in order, revoked copies stamped, re-marks need amending",
          "[certificates]") {
  Prepared p(3);
  const Cli& cli = p.cli;
  auto db = store::Database::Open(p.centre.db_path(), false);
  REQUIRE(db.ok());
  const std::string tomorrow = LocalDay(1);
  const std::string out = p.centre.dir() + "/out";
  fs::create_directories(out);

  // Item 6: exam <= decision <= issue <= revocation, none in the future; a refusal changes nothing.
  auto before_exam = cli.Run({"approve", "S1", "--decision-no", "1/QĐ", "--date", "2026-12-04"});
  CHECK(before_exam.exit_code != 0);
  CHECK_THAT(before_exam.err, Catch::Contains("2026-12-04 is before the exam date 2026-12-05"));
  auto approve_future = cli.Run({"approve", "S1", "--decision-no", "1/QĐ", "--date", tomorrow});
  CHECK(approve_future.exit_code != 0);
  CHECK_THAT(approve_future.err, Catch::Contains(tomorrow + " is in the future"));
  CHECK(Count(*db, "SELECT count(*) FROM decisions") == 0);
  Ok(cli.Run({"approve", "S1", "--decision-no", "1/QĐ-TTGDTX", "--date", "2026-12-06"}));

  auto issue_early = cli.Run({"cert", "issue", "S1", "--date", "2026-12-05"});
  CHECK(issue_early.exit_code != 0);
  CHECK_THAT(issue_early.err, Catch::Contains("2026-12-05 is before the approval decision's date"));
  // The same refusal in Vietnamese, the default.
  auto issue_early_vi = RunProcess({BuiltProgram("tools/khaothi"), "--data", p.centre.dir(), "cert",
                                    "issue", "S1", "--date", "2026-12-05", "--key", cli.Key()});
  CHECK(issue_early_vi.exit_code != 0);
  CHECK_THAT(issue_early_vi.err,
             Catch::Contains("ngày cấp 2026-12-05 trước ngày của quyết định phê duyệt 2026-12-06"));
  auto issue_future = cli.Run({"cert", "issue", "S1", "--date", tomorrow});
  CHECK(issue_future.exit_code != 0);
  CHECK_THAT(issue_future.err, Catch::Contains("is in the future"));
  CHECK(Count(*db, "SELECT count(*) FROM certificates") == 0);
  Ok(cli.Run({"cert", "issue", "S1", "--date", "2026-12-06"}));
  REQUIRE(Count(*db, "SELECT count(*) FROM certificates") == 1);

  auto revoke_early =
      cli.Run({"cert", "revoke", "1/2026", "--reason", "Cấp nhầm", "--date", "2026-12-05"});
  CHECK(revoke_early.exit_code != 0);
  CHECK_THAT(revoke_early.err,
             Catch::Contains("is before the certificate's issue date 2026-12-06"));
  auto revoke_future =
      cli.Run({"cert", "revoke", "1/2026", "--reason", "Cấp nhầm", "--date", tomorrow});
  CHECK(revoke_future.exit_code != 0);
  CHECK_THAT(revoke_future.err, Catch::Contains("is in the future"));
  CHECK(Count(*db, "SELECT count(*) FROM revocations") == 0);

  // Item 7: a revoked certificate never prints clean; with --revoked-copy it prints stamped.
  Ok(cli.Run({"cert", "revoke", "1/2026", "--reason", "Cấp nhầm người", "--decision-no",
              "05/QĐ-TTGDTX", "--date", "2026-12-06"}));
  auto clean = cli.Run({"cert", "print", "1/2026", "--out", out + "/revoked.pdf"});
  CHECK(clean.exit_code != 0);
  CHECK_THAT(clean.err, Catch::Contains("000001/2026") && Catch::Contains("--revoked-copy"));
  CHECK_FALSE(fs::exists(out + "/revoked.pdf"));
  Ok(cli.Run({"cert", "print", "1/2026", "--revoked-copy", "--out", out + "/revoked.pdf"}));
  // -raw: the text in drawing order, so the stamp (drawn last) is not interleaved with the fields.
  auto stamped = RunProcess({"/usr/bin/pdftotext", "-raw", out + "/revoked.pdf", "-"});
  REQUIRE(stamped.exit_code == 0);
  CHECK_THAT(stamped.out, Catch::Contains("ĐÃ THU HỒI") && Catch::Contains("05/QĐ-TTGDTX") &&
                              Catch::Contains("06/12/2026") && Catch::Contains("Cấp nhầm người"));

  // Item 22: TS002 passes after a re-mark but is not on the decision: nothing can be issued
  // until the decision is amended, and cert issue says so and fails.
  WriteFile(out + "/remark.csv", "sbd,van-ban,bang-tinh,trinh-chieu\nTS002,6,8,8\n");
  Ok(cli.Run({"results", "import-marks", "S1", out + "/remark.csv", "--reason",
              "Phúc khảo bài thực hành"}));
  auto blocked = cli.Run({"cert", "issue", "S1", "--date", "2026-12-06"});
  CHECK(blocked.exit_code != 0);
  CHECK_THAT(blocked.err, Catch::Contains("TS002") && Catch::Contains("approve S1 --amend"));
  CHECK(Count(*db, "SELECT count(*) FROM certificates") == 1);
  auto blocked_vi = RunProcess({BuiltProgram("tools/khaothi"), "--data", p.centre.dir(), "cert",
                                "issue", "S1", "--date", "2026-12-06", "--key", cli.Key()});
  CHECK(blocked_vi.exit_code != 0);
  CHECK_THAT(blocked_vi.err, Catch::Contains("Cần quyết định sửa đổi") && Catch::Contains("TS002"));
  // An amendment dated before the decision it amends is refused too.
  auto amend_early = cli.Run({"approve", "S1", "--amend", "--reason", "Phúc khảo TS002",
                              "--decision-no", "2/QĐ-TTGDTX", "--date", "2026-12-05"});
  CHECK(amend_early.exit_code != 0);
  CHECK_THAT(amend_early.err, Catch::Contains("before the date of the previous decision"));
  Ok(cli.Run({"approve", "S1", "--amend", "--reason", "Phúc khảo TS002", "--decision-no",
              "2/QĐ-TTGDTX", "--date", "2026-12-06"}));
  Ok(cli.Run({"cert", "issue", "S1", "--date", "2026-12-06"}));
  REQUIRE(Count(*db, "SELECT count(*) FROM certificates") == 2);
  // Nothing left to issue is not an error.
  auto rerun = cli.Run({"cert", "issue", "S1", "--date", "2026-12-06"});
  CHECK(rerun.exit_code == 0);
  CHECK_THAT(rerun.out, Catch::Contains("nothing more to issue"));

  // A valid certificate prints without the stamp.
  Ok(cli.Run({"cert", "print", "2/2026", "--out", out + "/valid.pdf"}));
  auto valid = RunProcess({"/usr/bin/pdftotext", out + "/valid.pdf", "-"});
  REQUIRE(valid.exit_code == 0);
  CHECK(valid.out.find("THU HỒI") == std::string::npos);
  CHECK(centre::VerifyAudit(*db).ok());
}

TEST_CASE("another key than the registered issuer cannot sign", "[certificates]") {
  Prepared p(3);
  // A second key with the same passphrase, not registered.
  crypto::SigningKey other = crypto::SigningKey::Generate();
  const std::string path = p.centre.dir() + "/other-key.pem";
  REQUIRE(crypto::WriteSecretFile(path, *other.ToPrivatePem(kPass)).ok());
  auto r =
      p.cli.Run({"approve", "S1", "--decision-no", "1", "--date", "2026-12-05", "--key", path});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("head") != std::string::npos);
}

TEST_CASE("register numbers stay gapless and unique when issuing is killed at random",
          "[certificates][kill]") {
  Prepared p(24);  // under the server's 30 logins per address per 10 s
  Ok(p.cli.Run({"approve", "S1", "--decision-no", "20/QĐ", "--date", "2026-12-05"}));
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
                        "S1", "--date", "2026-12-05", "--key", p.cli.Key()});
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
    REQUIRE(CheckOutboxHoldsEveryRecord(*db).size() == certs->size() + 1 + 24);  // + marks
    if (certs->size() == approved && iteration >= 20) {
      break;
    }
  }
  // Finish without a kill.
  Ok(p.cli.Run({"cert", "issue", "S1", "--date", "2026-12-05"}));
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
  // A killed issue left no certificate without its queued copy, and no queued copy without its
  // certificate: the 24 candidates' marks, the decision and one row per certificate.
  CHECK(CheckOutboxHoldsEveryRecord(*db).size() == approved + 1 + 24);
  auto audit = centre::VerifyAudit(*db);
  CHECK(audit.ok());
  store::Statement ic = db->Prepare("PRAGMA integrity_check");
  REQUIRE(*ic.Step());
  CHECK(ic.ColumnText(0) == "ok");
}

// Issue 13 item 9b: a version published after the exam that only reorders the options (the key
// moves from D to A) must not change any grade: regrading uses the versions in the forms.
TEST_CASE("regrade after a reordering version changes no score and no item statistic",
          "[certificates][regrade]") {
  Prepared p(5);
  auto db = store::Database::Open(p.centre.db_path(), false);
  REQUIRE(db.ok());
  auto scores = [&] {
    auto r = centre::LoadResults(*db, "S1", 0);
    REQUIRE(r.ok());
    std::map<std::string, std::string> out;
    for (const centre::CandidateResult& c : r->candidates) {
      for (const auto& [part, result] : c.parts) {
        out[c.candidate.sbd + "/" + part] = engine::FormatPoints(result.score);
      }
    }
    return out;
  };
  auto facilities = [&] {
    auto obs = centre::LoadObservations(*db, {"S1"});
    REQUIRE(obs.ok());
    std::map<std::string, std::pair<double, std::optional<double>>> out;
    for (const engine::ItemStatistics& s : engine::AnalyseItems(*obs).items) {
      out[s.item_id] = {s.facility, s.discrimination_index};
    }
    return out;
  };
  const auto scores_before = scores();
  const auto stats_before = facilities();
  REQUIRE(scores_before.size() == 10);

  // Every active item gets a new version with its options in reverse order.
  {
    auto bank = store::ItemStore::Open(p.centre.db_path(), false);
    REQUIRE(bank.ok());
    auto items = (*bank)->ActiveItems();
    REQUIRE(items.ok());
    std::vector<engine::Item> reordered = *items;
    for (engine::Item& item : reordered) {
      std::reverse(item.options.begin(), item.options.end());
    }
    auto report = (*bank)->Import(reordered, "reordered.bank");
    REQUIRE(report.ok());
  }
  Ok(p.cli.Run({"results", "regrade", "S1", "--reason", "phúc khảo sau khi sửa ngân hàng"}));

  CHECK(scores() == scores_before);
  CHECK(facilities() == stats_before);
  store::Statement q = db->Prepare("SELECT count(*) FROM result_revisions");
  REQUIRE(*q.Step());
  CHECK(q.ColumnInt(0) == 0);
  CHECK(centre::VerifyAudit(*db).ok());

  // Item 22c: the report shows Moodle's random guess score, intended and effective weight, and
  // its plot spans D = −100..+100 with D = 0 at mid-height of the 20..380 frame.
  const std::string out = p.centre.dir() + "/ia";
  const ProcessResult ia = p.cli.Run({"item-analysis", "S1", "--out", out});
  Ok(ia);
  CHECK_THAT(ia.out, Catch::Contains("G%") && Catch::Contains("W%") && Catch::Contains("EW%"));
  const std::string html = ReadFile(out + "/item-analysis.html");
  CHECK_THAT(html, Catch::Contains("<th>G%</th><th>W%</th><th>EW%</th>"));
  CHECK_THAT(html, Catch::Contains("<line x1=\"40\" y1=\"200\" x2=\"480\" y2=\"200\""));
  size_t circles = 0;
  for (size_t at = html.find("cy=\""); at != std::string::npos; at = html.find("cy=\"", at + 1)) {
    const double cy = std::stod(html.substr(at + 4));
    CHECK(cy >= 20);
    CHECK(cy <= 380);
    ++circles;
  }
  CHECK(circles > 0);
}

// Copies `out` to $KHAOTHI_KEEP_OUTPUT when set, to look at the documents.
void Keep(const std::string& out) {
  if (const char* keep = std::getenv("KHAOTHI_KEEP_OUTPUT"); keep != nullptr) {
    fs::copy(out, keep, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  }
}

// The text of a PDF (pdftotext, in reading order).
std::string PdfText(const std::string& pdf) {
  const ProcessResult r = RunProcess({"/usr/bin/pdftotext", pdf, "-"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

// `text` with every run of white space (line ends included) made one space: a table cell's text
// wrapped over lines reads as one.
std::string Flat(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f';
    if (!space || (!out.empty() && out.back() != ' ')) {
      out.push_back(space ? ' ' : c);
    }
  }
  return out;
}

// One member of an XLSX file (unzip -p).
std::string XlsxPart(const std::string& xlsx, const std::string& member) {
  const ProcessResult r = RunProcess({"/usr/bin/unzip", "-p", xlsx, member});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

// The cells of a worksheet's XML: reference ("E9") -> (whether it is a number, its <v> text).
std::map<std::string, std::pair<bool, std::string>> XlsxCells(const std::string& sheet_xml) {
  std::map<std::string, std::pair<bool, std::string>> out;
  for (size_t at = sheet_xml.find("<c r=\""); at != std::string::npos;
       at = sheet_xml.find("<c r=\"", at + 1)) {
    const size_t tag_end = sheet_xml.find('>', at);
    const std::string tag = sheet_xml.substr(at, tag_end - at);
    const std::string ref = tag.substr(6, tag.find('"', 6) - 6);
    std::string value;
    if (tag.back() != '/') {
      const size_t v = sheet_xml.find("<v>", tag_end);
      const size_t close = sheet_xml.find("</c>", tag_end);
      if (v != std::string::npos && v < close) {
        value = sheet_xml.substr(v + 3, sheet_xml.find("</v>", v) - v - 3);
      }
    }
    out[ref] = {tag.find(" t=\"") == std::string::npos && !value.empty(), value};
  }
  return out;
}

// The lines of `text` that contain `needle`.
int CountLinesWith(const std::string& text, const std::string& needle) {
  int n = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    n += line.find(needle) != std::string::npos ? 1 : 0;
  }
  return n;
}

TEST_CASE("the score sheet is laid out as a Vietnamese administrative document",
          "[certificates][documents]") {
  Prepared p(6);
  const std::string out = p.centre.dir() + "/out";
  Ok(p.cli.Run(
      {"centre", "set", "--place", "Long An", "--supervisor", "SỞ GIÁO DỤC VÀ ĐÀO TẠO LONG AN"}));
  // Bad input changes nothing.
  CHECK(p.cli.Run({"centre", "set", "--place", " "}).exit_code != 0);
  CHECK(p.cli.Run({"centre", "set", "--place", std::string(121, 'x')}).exit_code != 0);
  CHECK(p.cli.Run({"centre", "set"}).exit_code != 0);
  const ProcessResult shown = p.cli.Run({"centre", "show"});
  CHECK(shown.out.find("Long An\n") != std::string::npos);
  CHECK(shown.out.find("SỞ GIÁO DỤC VÀ ĐÀO TẠO LONG AN\n") != std::string::npos);
  Ok(p.cli.Run({"results", "S1", "--out", out}));
  Keep(out);

  const std::string text = PdfText(out + "/bang-diem-S1.pdf");
  INFO(text);
  for (const char* s :
       {"SỞ GIÁO DỤC VÀ ĐÀO TẠO LONG AN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Long An, ngày ", "BẢNG ĐIỂM", "Ca thi: S1",
        "Ngày thi: ", "Lý thuyết", "Văn bản", "Bảng tính", "Trình chiếu", "Thực hành", "Không đạt",
        "NGƯỜI LẬP BIỂU", "THƯ KÝ HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG THI"}) {
    INFO(s);
    CHECK(Flat(text).find(s) != std::string::npos);
  }
  CHECK(text.find("theory") == std::string::npos);
  CHECK(text.find("practical") == std::string::npos);
  // Decimal commas: 7.5 is printed 7,50 and 8 is printed 8,00; no mark with a point.
  CHECK(text.find("7,50") != std::string::npos);
  CHECK(text.find("8,00") != std::string::npos);
  CHECK(text.find("7.5") == std::string::npos);
  // Why TS002 failed: the word-processing task under the 40 % floor.
  CHECK(Flat(text).find("Văn bản 3,00 dưới 40 %") != std::string::npos);
  // TS001 failed the theory.
  CHECK(Flat(text).find("Lý thuyết 2,00 dưới 5,00") != std::string::npos);

  const std::string html = ReadFile(out + "/bang-diem-S1.html");
  CHECK(html.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") != std::string::npos);
  CHECK(html.find("CHỦ TỊCH HỘI ĐỒNG THI") != std::string::npos);
  CHECK(html.find("7,50") != std::string::npos);
  const std::string csv = ReadFile(out + "/bang-diem-S1.csv");
  CHECK(csv.find("Số báo danh,Họ và tên,Ngày sinh,Lý thuyết,Văn bản") != std::string::npos);
  CHECK(csv.find("theory") == std::string::npos);

  // XLSX: every mark is a number cell shown with two decimals.
  const std::string xlsx = out + "/bang-diem-S1.xlsx";
  CHECK(XlsxPart(xlsx, "xl/workbook.xml").find("name=\"Bảng điểm\"") != std::string::npos);
  CHECK(XlsxPart(xlsx, "xl/styles.xml").find("formatCode=\"0.00\"") != std::string::npos);
  const auto cells = XlsxCells(XlsxPart(xlsx, "xl/worksheets/sheet1.xml"));
  int numbers = 0;
  for (const auto& [ref, cell] : cells) {
    numbers += cell.first ? 1 : 0;
  }
  // 6 candidates × (theory, 3 practical tasks, practical) marks.
  CHECK(numbers == 30);
  // The header row is row 9 (two header rows, the place, a gap, title, 2 subtitle lines, gap);
  // TS002 is row 11: its bang-tinh mark 8 is the number 8, not the text "8".
  // Columns: STT, SBD, name, date of birth, theory (E), the three tasks (F-H), practical (I).
  REQUIRE(cells.count("G11") == 1);
  CHECK(cells.at("F11") == std::make_pair(true, std::string("3")));
  CHECK(cells.at("G11") == std::make_pair(true, std::string("8")));
}

TEST_CASE("the certificate and the register carry the form's fields, and the QR decodes at 150 dpi",
          "[certificates][documents]") {
  Prepared p(6);
  const Cli& cli = p.cli;
  const std::string out = p.centre.dir() + "/out";
  fs::create_directories(out);
  Ok(cli.Run({"centre", "set", "--place", "Long An"}));
  Ok(cli.Run({"approve", "S1", "--decision-no", "15/QĐ-TTGDTX", "--date", "2026-12-05"}));
  Ok(cli.Run({"cert", "issue", "S1", "--date", "2026-12-06"}));
  Ok(cli.Run({"keys", "export-public", "--out", out + "/issuer.pub.pem"}));

  // The register number is written one way everywhere.
  const ProcessResult list = cli.Run({"cert", "list"});
  Ok(list);
  CHECK(list.out.find("000001/2026") != std::string::npos);
  CHECK(list.out.find(" 1/2026") == std::string::npos);
  CHECK(!list.out.starts_with("1/2026"));

  // The paper copy.
  Ok(cli.Run({"cert", "print", "1/2026", "--out", out + "/paper.pdf"}));
  Ok(cli.Run({"cert", "register", "--year", "2026", "--out", out}));
  Keep(out);
  const std::string paper = PdfText(out + "/paper.pdf");
  INFO(paper);
  CHECK(paper.find("Long An, ngày 06 tháng 12 năm 2026") != std::string::npos);
  CHECK(CountLinesWith(paper, "CHỨNG CHỈ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN CƠ BẢN") == 1);
  const size_t theory = paper.find("Điểm lý thuyết:");
  const size_t practical = paper.find("Điểm thực hành:");
  REQUIRE(theory != std::string::npos);
  REQUIRE(practical != std::string::npos);
  CHECK(theory < practical);
  CHECK(CountLinesWith(paper, "Điểm lý thuyết:") == 1);
  CHECK(CountLinesWith(paper, "Thực hành:") == 0);  // not "Lý thuyết: …, Thực hành: …"
  CHECK(paper.find("Ảnh") != std::string::npos);
  CHECK(paper.find("(Đã ký số)") == std::string::npos);
  CHECK(paper.find("000001/2026") != std::string::npos);
  Ok(cli.Run({"cert", "print", "1/2026", "--digital", "--out", out + "/digital.pdf"}));
  CHECK(PdfText(out + "/digital.pdf").find("(Đã ký số)") != std::string::npos);

  // The record published in the QR code and by GET /verify holds no ID number.
  auto db = store::Database::Open(p.centre.db_path(), false);
  REQUIRE(db.ok());
  auto certs = centre::ListCertificates(*db, "", 0);
  REQUIRE(certs.ok());
  REQUIRE(!certs->empty());
  const boost::json::object rec = Record((*certs)[0].signed_json);
  CHECK(rec.at("kind").as_string() == "khaothi.certificate.v2");
  CHECK(rec.at("holder").as_object().count("id_number") == 0);
  CHECK(rec.at("holder").at("id_number_hash").as_string().size() == 64);
  CHECK((*certs)[0].signed_json.find("0792050") == std::string::npos);

  // A phone photo of a 150-dpi print: render at 150 dpi, decode, verify what it holds.
  const ProcessResult png = RunProcess({"/usr/bin/pdftoppm", "-r", "150", "-png", "-singlefile",
                                        out + "/paper.pdf", out + "/paper150"});
  REQUIRE(png.exit_code == 0);
  const ProcessResult scan = RunProcess({"/usr/bin/zbarimg", "-q", "--raw", out + "/paper150.png"});
  INFO(scan.err);
  REQUIRE(scan.exit_code == 0);
  std::string qr = scan.out;
  while (!qr.empty() && (qr.back() == '\n' || qr.back() == '\r')) {
    qr.pop_back();
  }
  CHECK(qr.starts_with("KT2."));
  CHECK(qr.size() < 600);
  CHECK(qr.find("0792050") == std::string::npos);
  const ProcessResult verified = cli.Verify({qr, "--pubkey", out + "/issuer.pub.pem"});
  INFO(verified.out << verified.err);
  CHECK(verified.exit_code == 0);
  CHECK(verified.out.starts_with("valid"));
  CHECK(verified.out.find((*certs)[0].full_name) != std::string::npos);
  // One changed character of the scanned record is "tampered".
  std::string changed = qr;
  changed[10] = changed[10] == 'A' ? 'B' : 'A';
  CHECK(cli.Verify({changed, "--pubkey", out + "/issuer.pub.pem"}).exit_code != 0);
  // What cert export writes as the QR text is what the code holds.
  Ok(cli.Run({"cert", "export", "1/2026", "--out", out}));
  CHECK(ReadFile(out + "/UDCNTT-CB-2026-1.qr") == qr + "\n");

  // The register (sổ gốc).
  Ok(cli.Run({"cert", "register", "--year", "2026", "--out", out}));
  const std::string reg = PdfText(out + "/so-goc.pdf");
  INFO(reg);
  for (const char* s : {"SỔ GỐC CẤP CHỨNG CHỈ", "STT", "Họ và tên", "Ngày sinh", "Nơi sinh",
                        "Giới tính", "Kết quả", "Số hiệu", "Số vào sổ", "Ngày cấp",
                        "Chữ ký người nhận", "Long An, ngày", "Lý thuyết: ", "Thực hành: "}) {
    INFO(s);
    CHECK(Flat(reg).find(s) != std::string::npos);
  }
  for (const centre::CertificateInfo& ci : *certs) {
    CHECK(reg.find(ci.serial) != std::string::npos);  // not broken across lines
    CHECK(reg.find(centre::RegisterLabel(ci.register_no, ci.year)) != std::string::npos);
    CHECK(Flat(reg).find(ci.full_name) != std::string::npos);
  }
  CHECK(reg.find("UDCNTT-CB") == std::string::npos);  // no code names in the form
  CHECK(reg.find("theory") == std::string::npos);
  const std::string xlsx = out + "/so-goc.xlsx";
  CHECK(XlsxPart(xlsx, "xl/workbook.xml").find("name=\"Sổ gốc\"") != std::string::npos);
  const std::string shared = XlsxPart(xlsx, "xl/sharedStrings.xml");
  CHECK(shared.find("Chữ ký người nhận") != std::string::npos);
  CHECK(shared.find("000001/2026") != std::string::npos);
  CHECK(shared.find((*certs)[0].serial) != std::string::npos);
}

TEST_CASE("GET /verify is limited per address and never publishes the ID number",
          "[certificates][verify]") {
  Prepared p(6);
  const Cli& cli = p.cli;
  Ok(cli.Run({"approve", "S1", "--decision-no", "15/QĐ-TTGDTX", "--date", "2026-12-05"}));
  Ok(cli.Run({"cert", "issue", "S1", "--date", "2026-12-06"}));
  auto db = store::Database::Open(p.centre.db_path(), false);
  REQUIRE(db.ok());
  auto certs = centre::ListCertificates(*db, "", 0);
  REQUIRE(certs.ok());
  REQUIRE(certs->size() >= 2);
  const centre::CertificateInfo& c1 = (*certs)[0];

  // A certificate issued before this change (kind v1, the ID number in clear under the
  // signature) still verifies, and the lookup leaves the number out.
  {
    auto key = crypto::SigningKey::FromPrivatePem(ReadFile(cli.Key()), kPass);
    REQUIRE(key.ok());
    boost::json::object old = Record((*certs)[1].signed_json);
    old["kind"] = "khaothi.certificate.v1";
    old["holder"].as_object().erase("id_number_hash");
    old["holder"].as_object()["id_number"] = "079205099999";
    old.erase("qr_signature");
    old.erase("place");
    old["serial"] = "CNTT26-OLD";
    old["register_no"] = 99;
    auto signed_old = centre::SignRecord(*key, old);
    REQUIRE(signed_old.ok());
    store::Statement ins = db->Prepare(
        "INSERT INTO certificates(cert_type, year, register_no, serial, session_id, sbd, "
        "decision_version, full_name, date_of_birth, signed, key_id, issued_ms) SELECT cert_type, "
        "year, 99, 'CNTT26-OLD', session_id, sbd, decision_version, full_name, date_of_birth, ?1, "
        "key_id, issued_ms FROM certificates WHERE id = ?2");
    ins.Bind(1, *signed_old);
    ins.Bind(2, (*certs)[1].id);
    REQUIRE(ins.Run().ok());
    auto found =
        centre::VerifyLookup(*db, (*certs)[1].full_name, (*certs)[1].date_of_birth, "CNTT26-OLD");
    REQUIRE(found.ok());
    CHECK(found->at("status").as_string() == "valid");
    CHECK(found->count("certificate") == 0);
    CHECK(found->at("redacted").as_array().size() == 1);
    CHECK(boost::json::serialize(*found).find("079205099999") == std::string::npos);
    // Its old QR text (the whole envelope) still verifies offline.
    auto qr = centre::CertificateQrText(*signed_old);
    REQUIRE(qr.ok());
    CHECK(qr->starts_with("KT1."));
  }

  server::ServerConfig config = p.centre.Config(0);
  config.limits.max_verify_lookups_per_address = 3;
  auto s = server::Server::Create(config);
  REQUIRE(s.ok());
  (*s)->Start();
  const uint16_t port = (*s)->port();
  const std::string dob = c1.date_of_birth.substr(8, 2) + "%2F" + c1.date_of_birth.substr(5, 2) +
                          "%2F" + c1.date_of_birth.substr(0, 4);
  std::string name;  // percent-encoded: a request target holds no space or raw UTF-8
  for (const char c : c1.full_name) {
    const auto ch = static_cast<unsigned char>(c);
    char hex[4];
    std::snprintf(hex, sizeof hex, "%%%02X", ch);
    name += std::isalnum(ch) != 0 ? std::string(1, c) : std::string(hex);
  }
  auto lookup = [&](const std::string& date, const Headers& headers = {}) {
    return Https(port, p.centre.ca_pem(), "GET",
                 "/verify?name=" + name + "&dob=" + date + "&number=1%2F2026", "", headers);
  };
  const HttpReply first = lookup(dob);
  INFO(first.body);
  REQUIRE(first.status == 200);
  const auto body = boost::json::parse(first.body).as_object();
  CHECK(body.at("status").as_string() == "valid");
  CHECK(body.contains("certificate"));
  CHECK(first.body.find("0792050") == std::string::npos);  // no ID number of any holder
  CHECK(first.body.find("id_number\"") == std::string::npos);
  // Guessing the date of birth: two more lookups are answered, then 429.
  CHECK(lookup("01%2F01%2F2000").status == 200);
  CHECK(lookup("02%2F01%2F2000").status == 200);
  const HttpReply limited = lookup("03%2F01%2F2000");
  INFO(limited.body);
  CHECK(limited.status == 429);
  CHECK(limited.headers.count("retry-after") == 1);
  CHECK(limited.body.find("thử lại sau 10 phút") != std::string::npos);
  const HttpReply page = lookup(dob, {{"Accept", "text/html"}});
  CHECK(page.status == 429);
  CHECK(page.headers.at("content-type").starts_with("text/html"));
  CHECK(page.body.find("Bạn đã tra cứu chứng chỉ quá nhiều lần; hãy thử lại sau 10 phút.") !=
        std::string::npos);
  // Even the right answer waits: the limit counts lookups, not failures.
  CHECK(lookup(dob).status == 429);
  (*s)->Shutdown();

  // The limiter itself: the window slides.
  server::VerifyRateLimiter limiter(2, std::chrono::milliseconds(1000));
  CHECK(!limiter.Admit("a", 0));
  CHECK(!limiter.Admit("a", 10));
  CHECK(limiter.Admit("a", 20).value() == std::chrono::milliseconds(980));
  CHECK(!limiter.Admit("b", 20));
  CHECK(!limiter.Admit("a", 1000));
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

TEST_CASE("khaothi-verify says malformed and not tampered for what is not a signed record",
          "[certificates]") {
  TempDir dir;
  const crypto::SigningKey key = crypto::SigningKey::Generate();
  const std::string pub = dir.File("key.pub.pem");
  WriteFile(pub, key.PublicPem());
  Result<std::string> envelope = centre::SignRecord(
      key, boost::json::object{{"kind", "khaothi.result.v1"}, {"id", "S1/TS001"}});
  REQUIRE(envelope.ok());
  const std::string token = centre::EnvelopeToken(*envelope);
  const std::string verify = BuiltProgram("tools/khaothi-verify");
  auto run = [&](const std::string& input) {
    ProcessResult r = RunProcess({verify, input, "--pubkey", pub});
    INFO(input.substr(0, 60) << " -> " << r.out << r.err);
    return r;
  };
  // The record itself is valid, as a file and as a token.
  WriteFile(dir.File("good.json"), *envelope);
  CHECK(run(dir.File("good.json")).exit_code == 0);
  CHECK(run(token).exit_code == 0);

  // Not a record at all: an empty object, a truncated token (a bad scan), other JSON, garbage.
  WriteFile(dir.File("empty.json"), "{}");
  WriteFile(dir.File("array.json"), "[1,2]");
  WriteFile(dir.File("text.json"), "hello");
  WriteFile(dir.File("half.json"), envelope->substr(0, envelope->size() / 2));
  for (const std::string& input :
       {dir.File("empty.json"), dir.File("array.json"), dir.File("text.json"),
        dir.File("half.json"), token.substr(0, token.size() / 2), token.substr(0, token.size() - 7),
        std::string("KT1.")}) {
    const ProcessResult r = run(input);
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.out, Catch::StartsWith("malformed"));
  }
  // A signed record whose bytes changed is still tampered.
  std::string changed = *envelope;
  const size_t at = changed.find("TS001");
  REQUIRE(at != std::string::npos);
  changed[at + 4] = '2';
  WriteFile(dir.File("changed.json"), changed);
  const ProcessResult tampered = run(dir.File("changed.json"));
  CHECK(tampered.exit_code == 2);
  CHECK_THAT(tampered.out, Catch::StartsWith("tampered"));
}

}  // namespace
}  // namespace khaothi::testing
