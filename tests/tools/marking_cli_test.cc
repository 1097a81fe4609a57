// Double marking from the command line, as the secretariat runs it: a centre with the real bank,
// the real practical packages and the basic-30-practical blueprint; `khaothi user add --role
// marker`, `khaothi marking assign/list/finalize`; the marks entered as the dashboard enters them
// (lib/centre marking.h); the final marks signed with the file hashes and checked by
// khaothi-verify; the score sheet's drawn tasks and the register of work files from
// `khaothi results`.
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "khaothi/centre/marking.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/store/database.h"

#include "test_util.h"

namespace khaothi::testing {
namespace {

namespace fs = std::filesystem;

ProcessResult Khaothi(const TempDir& cwd, std::vector<std::string> args) {
  args.insert(args.begin(), BuiltProgram("tools/khaothi"));
  return RunProcess(args, cwd.path());
}

int64_t Count(const std::string& db_path, const std::string& sql) {
  auto db = store::Database::Open(db_path, false);
  REQUIRE(db.ok());
  store::Statement q = db->Prepare(sql);
  REQUIRE(*q.Step());
  return q.ColumnInt64(0);
}

std::map<std::string, std::string> Marks(const std::vector<std::string>& per_line) {
  std::map<std::string, std::string> m;
  for (size_t i = 0; i < per_line.size(); ++i) {
    m[std::to_string(i + 1)] = per_line[i];
  }
  return m;
}

TEST_CASE("khaothi marking: assign, mark, decide, finalize, and the records of the files") {
  TempDir t;
  const std::string dir = t.File("centre");
  const std::string db_path = dir + "/center.db";
  REQUIRE(Khaothi(t, {"init", "--data", dir, "--center-code", "GDTX-LA", "--name",
                      "Trung tâm GDTX tỉnh Long An"})
              .exit_code == 0);
  std::vector<std::string> import = {BuiltProgram("tools/qbank"), "--db", db_path, "import"};
  for (const auto& e : fs::directory_iterator(SourceFile("question-bank/data"))) {
    if (e.path().extension() == ".bank") {
      import.push_back(e.path().string());
    }
  }
  REQUIRE(RunProcess(import, t.path()).exit_code == 0);
  ProcessResult packages = RunProcess({BuiltProgram("tools/qbank"), "--db", db_path, "practical",
                                       "import", SourceFile("question-bank/data/practical")},
                                      t.path());
  INFO(packages.err);
  REQUIRE(packages.exit_code == 0);
  REQUIRE(Khaothi(t, {"--data", dir, "session", "create", "--id", "S1", "--name", "Ca 1", "--date",
                      "2026-12-05", "--blueprint",
                      SourceFile("question-bank/data/blueprints/basic-30-practical.blueprint"),
                      "--rooms", "P101,P102"})
              .exit_code == 0);
  REQUIRE(Khaothi(t, {"--data", dir, "candidates", "import", "--session", "S1",
                      SourceFile("tests/tools/data/candidates-30.csv")})
              .exit_code == 0);
  REQUIRE(
      Khaothi(t, {"--data", dir, "slips", "--session", "S1", "--out", "slips.html"}).exit_code ==
      0);
  ProcessResult open = Khaothi(t, {"--data", dir, "session", "open", "S1"});
  INFO(open.out << open.err);
  REQUIRE(open.exit_code == 0);
  REQUIRE(Count(db_path, "SELECT count(*) FROM practical_assignments") == 90);

  // Accounts: two markers and the chair.
  for (const auto& [user, role] : std::vector<std::pair<std::string, std::string>>{
           {"lan", "marker"}, {"minh", "marker"}, {"giamdoc", "head"}}) {
    ProcessResult add = Khaothi(
        t, {"--data", dir, "user", "add", user, "--role", role, "--name", "Cán bộ " + user});
    INFO(add.err);
    REQUIRE(add.exit_code == 0);
    CHECK_THAT(add.out, Catch::Contains("(" + role + ")"));
  }

  // Bad assignments change nothing.
  const int64_t audit = Count(db_path, "SELECT count(*) FROM audit");
  ProcessResult same =
      Khaothi(t, {"--data", dir, "marking", "assign", "S1", "--first", "lan", "--second", "lan"});
  CHECK(same.exit_code != 0);
  CHECK_THAT(same.err, Catch::Contains("hai vòng chấm phải do hai người khác nhau chấm"));
  ProcessResult chair = Khaothi(t, {"--data", dir, "--lang", "en", "marking", "assign", "S1",
                                    "--first", "lan", "--second", "giamdoc"});
  CHECK(chair.exit_code != 0);
  CHECK_THAT(chair.err, Catch::Contains("account giamdoc is not an enabled marker"));
  CHECK(Khaothi(t, {"--data", dir, "marking", "assign", "S1", "--first", "lan", "--second", "minh",
                    "--threshold", "nửa điểm"})
            .exit_code != 0);
  CHECK(Count(db_path, "SELECT count(*) FROM marking_assignments") == 0);
  CHECK(Count(db_path, "SELECT count(*) FROM audit") == audit);

  ProcessResult assign =
      Khaothi(t, {"--data", dir, "marking", "assign", "S1", "--first", "lan", "--second", "minh"});
  INFO(assign.err);
  REQUIRE(assign.exit_code == 0);
  CHECK_THAT(assign.out, Catch::Contains("Đã giao chấm 90 bài; 30 mã phách mới"));

  // LA0001 hands in a spreadsheet twice and a letter once; both markers mark the three tasks.
  auto db = store::Database::Open(db_path, false);
  REQUIRE(db.ok());
  Result<std::vector<centre::AssignedTask>> tasks = centre::AssignedTasks(*db, "S1", "LA0001");
  REQUIRE(tasks.ok());
  REQUIRE(tasks->size() == 3);
  const std::string last_save = "bảng tính của LA0001, lần lưu cuối\n";
  for (const auto& [subpart_index, bytes, at] :
       std::vector<std::tuple<size_t, std::string, int64_t>>{
           {1, "bảng tính, lần lưu đầu\n", 1000}, {1, last_save, 2000}, {0, "thư mời\n", 1500}}) {
    const centre::AssignedTask& task = (*tasks)[subpart_index];
    Result<std::string> sha = centre::WriteWorkBlob(dir, bytes);
    REQUIRE(sha.ok());
    centre::WorkVersion v{task.task_id,
                          subpart_index == 1 ? "bai-lam.xlsx" : "bai-lam.docx",
                          0,
                          *sha,
                          static_cast<int64_t>(bytes.size()),
                          1'796'000'000'000 + at,
                          "PC-01"};
    REQUIRE(centre::RecordWorkVersion(*db, "S1", "LA0001", v).ok());
  }
  store::Statement code_q = db->Prepare("SELECT code FROM marking_codes WHERE sbd = 'LA0001'");
  REQUIRE(*code_q.Step());
  const std::string code = code_q.ColumnText(0);
  code_q.Reset();
  const centre::Change lan{"marker:lan", 1'796'000'010'000};
  const centre::Change minh{"marker:minh", 1'796'000'020'000};
  for (const centre::AssignedTask& task : *tasks) {
    Result<centre::MarkingCase> k = centre::GetMarkingCase(*db, "S1", code, task.subpart);
    REQUIRE(k.ok());
    // Full marks from lan; minh agrees except on the spreadsheet, where the first line is 0.
    std::vector<std::string> full;
    std::vector<std::string> other;
    for (const engine::PointsLine& line : k->task.points) {
      full.push_back(engine::FormatPoints(line.points));
      other.push_back(
          other.empty() && task.subpart == "bang-tinh" ? "0" : engine::FormatPoints(line.points));
    }
    REQUIRE(centre::EnterMarks(*db, "S1", code, task.subpart, "lan", Marks(full), "", lan).ok());
    REQUIRE(centre::EnterMarks(*db, "S1", code, task.subpart, "minh", Marks(other), "", minh).ok());
  }
  ProcessResult waiting = Khaothi(t, {"--data", dir, "marking", "finalize", "S1"});
  INFO(waiting.err);
  REQUIRE(waiting.exit_code == 0);
  CHECK_THAT(waiting.out, Catch::Contains(code + " bang-tinh: chờ chủ tịch hội đồng quyết định"));
  CHECK_THAT(waiting.out, Catch::Contains("Đã chốt điểm của 0 thí sinh"));
  {
    Result<centre::MarkingCase> k = centre::GetMarkingCase(*db, "S1", code, "bang-tinh");
    REQUIRE(k.ok());
    std::vector<std::string> decided;
    for (const engine::PointsLine& line : k->task.points) {
      decided.push_back(engine::FormatPoints(line.points));
    }
    decided[0] = "0.5";
    REQUIRE(centre::DecideMarks(*db, "S1", code, "bang-tinh", "giamdoc", Marks(decided),
                                "Đã đối chiếu bài làm", {"head:giamdoc", 1'796'000'030'000})
                .ok());
  }
  ProcessResult list = Khaothi(t, {"--data", dir, "marking", "list", "S1"});
  REQUIRE(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::Contains("LA0001\t" + code + "\tbang-tinh\t"));
  CHECK_THAT(list.out, Catch::Contains("decided"));
  CHECK_THAT(list.out, Catch::Contains("agreed\t10"));

  ProcessResult finalize = Khaothi(t, {"--data", dir, "marking", "finalize", "S1"});
  INFO(finalize.err);
  REQUIRE(finalize.exit_code == 0);
  CHECK_THAT(finalize.out, Catch::Contains("Đã chốt điểm của 1 thí sinh; không đổi: 0; chưa xong: "
                                           "87"));
  // The signed record verifies offline and names the file marked by its hash.
  store::Statement rec = db->Prepare("SELECT signed FROM practical_marks WHERE sbd = 'LA0001'");
  REQUIRE(*rec.Step());
  const std::string envelope = rec.ColumnText(0);
  rec.Reset();
  CHECK_THAT(envelope, Catch::Contains(crypto::Sha256Hex(last_save)));
  CHECK_THAT(envelope, Catch::Contains("\"decision\""));
  WriteFile(t.File("marks.json"), envelope);
  ProcessResult verify = RunProcess({BuiltProgram("tools/khaothi-verify"), t.File("marks.json"),
                                     "--pubkey", dir + "/keys/receipt-key.pub.pem"},
                                    t.path());
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);

  // The score sheet names the drawn tasks; the register lists every version, the marked one too.
  ProcessResult results = Khaothi(t, {"--data", dir, "results", "S1", "--out", "out"});
  INFO(results.err);
  REQUIRE(results.exit_code == 0);
  const std::string sheet = ReadFile(t.File("out/bang-diem-S1.csv"));
  CHECK_THAT(sheet, Catch::Contains("Đề thực hành"));
  CHECK_THAT(sheet, Catch::Contains((*tasks)[0].task_id + ", " + (*tasks)[1].task_id + ", " +
                                    (*tasks)[2].task_id));
  const std::string reg = ReadFile(t.File("out/so-bai-lam-S1.csv"));
  CHECK_THAT(reg, Catch::Contains("Số báo danh,Mã phách,Phần thi,Đề"));
  CHECK_THAT(reg, Catch::Contains("LA0001," + code + ",bang-tinh," + (*tasks)[1].task_id +
                                  ",1,"
                                  "bai-lam.xlsx,2," +
                                  std::to_string(last_save.size()) + "," +
                                  crypto::Sha256Hex(last_save) + ",2026-11-30T") &&
                      Catch::Contains(",PC-01,có"));
  CHECK_THAT(reg, Catch::Contains("bai-lam.xlsx,1,"));
  CHECK_THAT(reg, Catch::Contains(",PC-01,không"));

  // The dossier for inspection: the register, every version's bytes, the signed marks.
  ProcessResult dossier = Khaothi(t, {"--data", dir, "marking", "export", "S1", "--out", "ho-so"});
  INFO(dossier.err);
  REQUIRE(dossier.exit_code == 0);
  CHECK_THAT(dossier.out, Catch::Contains("3 tệp bài làm, 1 bản ghi điểm đã ký"));
  CHECK(ReadFile(t.File("ho-so/so-bai-lam-S1.csv")) == reg);
  const std::string folder = t.File("ho-so/bai-lam/LA0001/" + (*tasks)[1].task_id);
  CHECK(ReadFile(folder + "/v2-bai-lam.xlsx") == last_save);
  CHECK(ReadFile(folder + "/v1-bai-lam.xlsx") == "bảng tính, lần lưu đầu\n");
  const std::string signed_file = t.File("ho-so/diem-thuc-hanh/LA0001-practical-1.json");
  CHECK(ReadFile(signed_file) == envelope + "\n");
  CHECK(RunProcess({BuiltProgram("tools/khaothi-verify"), signed_file, "--pubkey",
                    dir + "/keys/receipt-key.pub.pem"},
                   t.path())
            .exit_code == 0);
  // A backup takes the work files with center.db: every blob the backup names, checked.
  ProcessResult backup = Khaothi(t, {"--data", dir, "backup", "--out", "sao-luu.db"});
  INFO(backup.err);
  REQUIRE(backup.exit_code == 0);
  CHECK_THAT(backup.out, Catch::Contains("3 tệp bài làm thực hành"));
  for (const std::string& bytes :
       {last_save, std::string("bảng tính, lần lưu đầu\n"), std::string("thư mời\n")}) {
    CHECK(*centre::ReadWorkBlob(t.File("sao-luu.db.work"), crypto::Sha256Hex(bytes)) == bytes);
  }
  // Never over an existing folder; a blob that no longer matches its hash is not exported.
  CHECK(Khaothi(t, {"--data", dir, "marking", "export", "S1", "--out", "ho-so"}).exit_code != 0);
  auto blob = centre::WorkBlobPath(dir, crypto::Sha256Hex(last_save));
  REQUIRE(blob.ok());
  fs::permissions(*blob, fs::perms::owner_write, fs::perm_options::add);
  WriteFile(*blob, "đã bị sửa\n");
  ProcessResult corrupt =
      Khaothi(t, {"--data", dir, "marking", "export", "S1", "--out", "ho-so-2"});
  CHECK(corrupt.exit_code != 0);
  CHECK_FALSE(fs::exists(t.File("ho-so-2")));
  // Nor backed up: the backup fails and leaves neither the file nor the folder.
  ProcessResult bad_backup = Khaothi(t, {"--data", dir, "backup", "--out", "sao-luu-2.db"});
  CHECK(bad_backup.exit_code != 0);
  CHECK_FALSE(fs::exists(t.File("sao-luu-2.db")));
  CHECK_FALSE(fs::exists(t.File("sao-luu-2.db.work")));
}

TEST_CASE("khaothi marking: --help of every subcommand") {
  TempDir t;
  for (const char* sub : {"assign", "list", "finalize", "export"}) {
    ProcessResult r = Khaothi(t, {"marking", sub, "--help"});
    INFO(sub << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains(std::string("khaothi marking ") + sub));
  }
  CHECK(Khaothi(t, {"marking", "--help"}).exit_code == 0);
  CHECK(Khaothi(t, {"marking", "frobnicate"}).exit_code != 0);
}

}  // namespace
}  // namespace khaothi::testing
