// qbank run as a real process against real files and a real SQLite database.
#include <cctype>
#include <filesystem>
#include <sstream>

#include <catch2/catch.hpp>

#include "test_util.h"

namespace khaothi::testing {
namespace {

const char* const kGood = R"([IU06-0001]
module: IU06
topic: IU06.6.1
difficulty: easy
stem: Xác thực hai yếu tố (2FA) giúp bảo vệ tài khoản như thế nào?
A. Cần thêm mã trên điện thoại ngoài mật khẩu
B. Mã hóa toàn bộ ổ cứng của máy tính
C. Tự động đổi mật khẩu mỗi ngày
D. Chặn mọi thư điện tử quảng cáo
key: A
explanation: Kẻ gian có mật khẩu vẫn thiếu yếu tố thứ hai nên không đăng nhập được.

[IU06-0002]
module: IU06
topic: IU06.1.1
difficulty: medium
stem: Trong địa chỉ https://dichvucong.gov.vn, phần "https" cho biết điều gì?
A. Trang web thuộc cơ quan nhà nước
B. Kết nối giữa trình duyệt và máy chủ được mã hóa
C. Trang web không chứa quảng cáo
D. Trang web chỉ mở được ở Việt Nam
key: B
explanation: HTTPS là HTTP chạy trên kết nối được mã hóa bằng TLS.
)";

// Runs qbank with `args` in `dir`.
ProcessResult Qbank(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), BuiltProgram("tools/qbank"));
  return RunProcess(args, dir.path());
}

TEST_CASE("qbank: init, import, list, show, history, retire, stats, review-export") {
  TempDir dir;
  WriteFile(dir.File("iu06.bank"), kGood);
  REQUIRE(Qbank(dir, {"init"}).exit_code == 0);
  ProcessResult imp = Qbank(dir, {"import", "iu06.bank"});
  INFO(imp.err);
  REQUIRE(imp.exit_code == 0);
  CHECK_THAT(imp.out, Catch::Contains("thêm 2"));

  ProcessResult list = Qbank(dir, {"--lang", "en", "list", "--module", "IU06"});
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::Contains("IU06-0001") && Catch::Contains("2 items"));
  CHECK_THAT(Qbank(dir, {"list", "--difficulty", "medium"}).out, Catch::Contains("1 câu hỏi"));

  ProcessResult show = Qbank(dir, {"show", "IU06-0002"});
  CHECK_THAT(show.out, Catch::Contains("version: 1") && Catch::Contains("key: B"));

  REQUIRE(Qbank(dir, {"retire", "IU06-0002"}).exit_code == 0);
  CHECK(Qbank(dir, {"retire", "IU06-0002"}).exit_code != 0);
  ProcessResult hist = Qbank(dir, {"--lang", "en", "history", "IU06-0002"});
  CHECK_THAT(hist.out, Catch::Contains("v2") && Catch::Contains("changed: status"));
  CHECK_THAT(Qbank(dir, {"show", "IU06-0002", "--version", "1"}).out,
             Catch::Contains("[IU06-0002]") && !Catch::Contains("retired"));

  ProcessResult stats = Qbank(dir, {"--lang", "en", "stats"});
  CHECK(stats.exit_code == 0);
  CHECK_THAT(stats.out, Catch::Contains("Active items: 1"));

  REQUIRE(Qbank(dir, {"review-export", "--out", "review.html"}).exit_code == 0);
  const std::string html = ReadFile(dir.File("review.html"));
  CHECK_THAT(html, Catch::Contains("Xác thực hai yếu tố") && Catch::Contains("class=\"key\""));
  CHECK_THAT(html, !Catch::Contains("dichvucong"));  // retired items are not in the review

  CHECK(Qbank(dir, {"show", "NOPE"}).exit_code != 0);
  CHECK(Qbank(dir, {"frobnicate"}).exit_code != 0);
  CHECK(Qbank(dir, {"import"}).exit_code != 0);
  CHECK(Qbank(dir, {"list", "--difficulty", "impossible"}).exit_code != 0);
  CHECK(Qbank(dir, {"import", "--help"}).exit_code == 0);
}

TEST_CASE("qbank: a file with one bad item imports nothing and names the file and line") {
  TempDir dir;
  WriteFile(dir.File("good.bank"), kGood);
  // The second item of this file has only one option.
  const std::string good(kGood);
  WriteFile(dir.File("bad.bank"), good.substr(0, good.find("[IU06-0002]")) +
                                      "\n[IU06-0003]\nmodule: IU06\ntopic: IU06.1.1\n"
                                      "difficulty: easy\nstem: Câu hỏi?\nA. Một\nkey: A\n");
  REQUIRE(Qbank(dir, {"init"}).exit_code == 0);
  ProcessResult r = Qbank(dir, {"--lang", "en", "import", "good.bank", "bad.bank"});
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.err, Catch::Contains("bad.bank:") && Catch::Contains("at least 2 are needed") &&
                        Catch::Contains("nothing was imported"));
  // good.bank and bad.bank share ids: reported too, still nothing imported.
  CHECK_THAT(r.err, Catch::Contains("duplicate id IU06-0001"));
  CHECK_THAT(Qbank(dir, {"--lang", "en", "list"}).out, Catch::Contains("0 items"));
}

// The whole bank of `db` in the native format (which carries every field), exported to a file in
// `dir` and read back. Not to /dev/stdout: as root, a regression in how --out treats a link
// would replace the machine's /dev/stdout.
std::string NativeExport(const TempDir& dir, const std::string& db = "center.db") {
  const std::string out = db + ".native.bank";
  REQUIRE(Qbank(dir, {"--db", db, "export", "--format", "native", "--out", out}).exit_code == 0);
  return ReadFile(dir.File(out));
}

TEST_CASE("qbank: hostile files get a clear message and change nothing") {
  TempDir dir;
  REQUIRE(Qbank(dir, {"init"}).exit_code == 0);
  WriteFile(dir.File("good.bank"), kGood);
  REQUIRE(Qbank(dir, {"import", "good.bank"}).exit_code == 0);
  const std::string before = NativeExport(dir);

  struct Case {
    const char* name;
    std::string bytes;
    const char* message;
  };
  const Case cases[] = {
      {"empty.bank", "", "empty"},
      {"latin1.bank", "[IU06-0009]\nstem: Vi\xEAt\n", "UTF-8"},
      {"binary.bank",
       std::string("\x7f"
                   "ELF\x02\x01\x01\0\0\0\0",
                   12),
       "binary"},
      {"truncated.bank", std::string(kGood).substr(0, std::string(kGood).find("B. ")),
       "missing key"},
      {"unknown.dat", "something", "cannot tell the format"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    WriteFile(dir.File(c.name), c.bytes);
    ProcessResult r = Qbank(dir, {"--lang", "en", "import", c.name});
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.err, Catch::Contains(c.name) && Catch::Contains(c.message));
  }
  CHECK(Qbank(dir, {"import", "does-not-exist.bank"}).exit_code != 0);
  CHECK(NativeExport(dir) == before);
}

TEST_CASE("qbank: a database that is not a bank is refused") {
  TempDir dir;
  WriteFile(dir.File("center.db"), "not a database at all, just some text that is long enough");
  ProcessResult r = Qbank(dir, {"list"});
  CHECK(r.exit_code != 0);
  CHECK_FALSE(r.err.empty());
  CHECK(Qbank(dir, {"--db", "missing.db", "list"}).exit_code != 0);
}

TEST_CASE("qbank: validate needs no database") {
  TempDir dir;
  WriteFile(dir.File("good.bank"), kGood);
  ProcessResult r = Qbank(dir, {"--lang", "en", "validate", "good.bank"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("2 items, 0 errors, 0 warnings"));
  CHECK_FALSE(std::filesystem::exists(dir.File("center.db")));
}

// Exports in `format`, imports the export into a fresh database, and compares both banks in the
// native format (which carries every field).
void CheckRoundTrip(const TempDir& dir, const std::string& format, const std::string& out,
                    std::vector<std::string> import_extra) {
  INFO("format " << format);
  REQUIRE(Qbank(dir, {"export", "--format", format, "--out", out}).exit_code == 0);
  std::vector<std::string> args = {"--db", "second.db", "import", out};
  args.insert(args.end(), import_extra.begin(), import_extra.end());
  REQUIRE(Qbank(dir, {"--db", "second.db", "init"}).exit_code == 0);
  ProcessResult imp = Qbank(dir, args);
  INFO(imp.err);
  REQUIRE(imp.exit_code == 0);
  // The store's version counter is the database's own history, not part of an exchange format:
  // a re-imported item starts again at version 1.
  const auto without_versions = [](std::string bank) {
    for (size_t at = bank.find("\nversion: "); at != std::string::npos;
         at = bank.find("\nversion: ", at)) {
      bank.erase(at + 1, bank.find('\n', at + 1) - at);
    }
    return bank;
  };
  CHECK(without_versions(NativeExport(dir)) == without_versions(NativeExport(dir, "second.db")));
  std::filesystem::remove(dir.File("second.db"));
}

TEST_CASE("qbank: the bank survives export and re-import through GIFT and QTI") {
  TempDir dir;
  REQUIRE(Qbank(dir, {"init"}).exit_code == 0);
  ProcessResult imp = Qbank(dir, {"import", SourceFile("tests/tools/data/vietnamese.gift")});
  INFO(imp.err);
  REQUIRE(imp.exit_code == 0);
  CheckRoundTrip(dir, "gift", "bank.gift", {});
  CheckRoundTrip(dir, "qti", "bank.zip", {});
  CheckRoundTrip(dir, "native", "bank.bank", {});
}

// An export through a symbolic link replaces the file the link names and keeps the link; through a
// link to a device it writes into the device. Before, the rename replaced the link itself: as
// root, `--out /dev/stdout` turned /dev/stdout into a regular file.
TEST_CASE("qbank: --out follows a symbolic link and writes into a device") {
  TempDir dir;
  REQUIRE(Qbank(dir, {"init"}).exit_code == 0);
  WriteFile(dir.File("good.bank"), kGood);
  REQUIRE(Qbank(dir, {"import", "good.bank"}).exit_code == 0);
  const std::string expected = NativeExport(dir);

  WriteFile(dir.File("real.bank"), "old contents");
  std::filesystem::create_symlink(dir.File("real.bank"), dir.File("link.bank"));
  REQUIRE(Qbank(dir, {"export", "--format", "native", "--out", "link.bank"}).exit_code == 0);
  CHECK(std::filesystem::is_symlink(dir.File("link.bank")));
  CHECK(ReadFile(dir.File("real.bank")) == expected);

  std::filesystem::create_symlink("/dev/null", dir.File("null.bank"));
  REQUIRE(Qbank(dir, {"export", "--format", "native", "--out", "null.bank"}).exit_code == 0);
  CHECK(std::filesystem::is_symlink(dir.File("null.bank")));
  CHECK(std::filesystem::is_character_file(dir.File("null.bank")));

  std::filesystem::create_directory(dir.File("a-directory"));
  ProcessResult r =
      Qbank(dir, {"--lang", "en", "export", "--format", "native", "--out", "a-directory"});
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.err, Catch::Contains("is a directory"));
  CHECK(std::filesystem::is_directory(dir.File("a-directory")));
  // No temporary file is left behind by any of them.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);
  }
}

TEST_CASE("qbank: single-answer items survive Aiken with metadata from the command line") {
  TempDir dir;
  REQUIRE(Qbank(dir, {"init"}).exit_code == 0);
  REQUIRE(Qbank(dir, {"import", SourceFile("tests/tools/data/single-answer.aiken.txt"), "--module",
                      "IU02", "--topic", "IU02.3.1", "--difficulty", "easy"})
              .exit_code == 0);
  CheckRoundTrip(dir, "aiken", "bank.txt",
                 {"--module", "IU02", "--topic", "IU02.3.1", "--difficulty", "easy"});
}

// Issue 13 item 29: one item Aiken cannot carry (a stem on two lines) no longer aborts the export.
TEST_CASE("qbank: an Aiken export skips and lists the items Aiken cannot carry") {
  TempDir dir;
  WriteFile(dir.File("bank.bank"), std::string(kGood) + R"(
[IU04-0107]
module: IU04
topic: IU04.5.1
difficulty: hard
stem:
  Ô C2 chứa công thức =A2*$B$1. Sao chép C2 xuống ô C3.
  Công thức trong C3 là gì?
A. =A3*$B$1
B. =A3*$B$2
C. =A2*$B$1
D. =A3*B2
key: A
)");
  REQUIRE(Qbank(dir, {"init"}).exit_code == 0);
  REQUIRE(Qbank(dir, {"import", "bank.bank"}).exit_code == 0);

  ProcessResult r = Qbank(dir, {"--lang", "en", "export", "--format", "aiken", "--out", "a.txt"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Exported 2 items to a.txt (skipped 1)"));
  CHECK_THAT(r.err, Catch::Contains("Skipped 1 items that cannot be written as Aiken") &&
                        Catch::Contains("IU04-0107") &&
                        Catch::Contains("the stem must be one line"));
  const std::string aiken = ReadFile(dir.File("a.txt"));
  CHECK_THAT(aiken, Catch::Contains("Xác thực hai yếu tố") &&
                        Catch::Contains("Trong địa chỉ https://dichvucong.gov.vn"));
  CHECK(aiken.find("Ô C2") == std::string::npos);
  // What was written reads back as Aiken.
  ProcessResult v = Qbank(dir, {"--lang", "en", "validate", "a.txt", "--format", "aiken"});
  INFO(v.out << v.err);
  CHECK_THAT(v.out, Catch::Contains("2 items, 0 errors"));

  // Vietnamese by default.
  ProcessResult vi = Qbank(dir, {"export", "--format", "aiken", "--out", "b.txt"});
  CHECK(vi.exit_code == 0);
  CHECK_THAT(vi.err, Catch::Contains("Bỏ qua 1 câu hỏi"));

  // --strict: the same list, a non-zero exit and no file.
  ProcessResult strict =
      Qbank(dir, {"--lang", "en", "export", "--format", "aiken", "--out", "c.txt", "--strict"});
  CHECK(strict.exit_code != 0);
  CHECK_THAT(strict.err, Catch::Contains("IU04-0107") && Catch::Contains("nothing written"));
  CHECK_FALSE(std::filesystem::exists(dir.File("c.txt")));

  // Nothing left to write is a failure too, and writes nothing.
  ProcessResult none = Qbank(
      dir, {"--lang", "en", "export", "--format", "aiken", "--module", "IU04", "--out", "d.txt"});
  CHECK(none.exit_code != 0);
  CHECK_THAT(none.err, Catch::Contains("no item left to export"));
  CHECK_FALSE(std::filesystem::exists(dir.File("d.txt")));
}

}  // namespace
}  // namespace khaothi::testing

namespace khaothi::testing {
namespace {

TEST_CASE("the centre's bank validates cleanly and fills both default blueprints") {
  TempDir dir;
  // Issue 18: no error and no item-writing-flaw warning, with the documented thresholds.
  ProcessResult v =
      Qbank(dir, {"--lang", "en", "validate", "--strict", SourceFile("question-bank/data")});
  INFO(v.out << v.err);
  CHECK(v.exit_code == 0);
  CHECK_THAT(v.out, Catch::Contains(" 0 errors, 0 warnings"));
  REQUIRE(Qbank(dir, {"init"}).exit_code == 0);
  REQUIRE(Qbank(dir, {"import", SourceFile("question-bank/data")}).exit_code == 0);
  for (const char* bp : {"basic-30", "basic-40"}) {
    ProcessResult s =
        Qbank(dir, {"--lang", "en", "stats", "--blueprint",
                    SourceFile(std::string("question-bank/data/blueprints/") + bp + ".blueprint")});
    INFO(s.out << s.err);
    CHECK(s.exit_code == 0);
    CHECK_THAT(s.out, Catch::Contains("No cell is short."));
    // At least 100 active items in every module, and every cell of the blueprint holds at
    // least ten times what one form needs (the Ratio column), so neighbours and consecutive
    // sessions rarely share items.
    std::istringstream lines(s.out);
    std::string line;
    int modules = 0;
    int cells = 0;
    while (std::getline(lines, line)) {
      std::istringstream words(line);
      std::string first;
      words >> first;
      if (first.size() != 4 || !first.starts_with("IU0")) {
        continue;
      }
      std::string second;
      words >> second;
      if (second == "easy" || second == "medium" || second == "hard") {
        int need = 0;
        int have = 0;
        int distinct = 0;
        words >> need >> have >> distinct;
        INFO(line);
        CHECK(distinct >= 10 * need);
        ++cells;
      } else if (!second.empty() && std::isdigit(static_cast<unsigned char>(second[0])) != 0) {
        // "IU01    41      43          21      105": easy, medium, hard, total.
        int medium = 0;
        int hard = 0;
        int total = 0;
        words >> medium >> hard >> total;
        if (total > 0 && !words.fail()) {
          INFO(line);
          CHECK(total >= 100);
          ++modules;
        }
      }
    }
    CHECK(modules == 6);
    CHECK(cells == 18);
  }
}

}  // namespace
}  // namespace khaothi::testing

namespace khaothi::testing {
namespace {

// Items with one flaw each (issue 18): a shortcut item that names no program, an
// all-of-the-above option, a negative stem in lower case, and a key three times as long as any
// distractor. IU06's keys are strictly the longest in 2 of 3 items.
const char* const kFlawed = R"([IU05-0001]
module: IU05
topic: IU05.1.1
difficulty: medium
stem: Phím tắt nào nhóm các hình đang được chọn thành một nhóm?
A. Ctrl + G
B. Ctrl + H
C. Alt + G
D. Alt + K
key: A

[IU06-0001]
module: IU06
topic: IU06.6.1
difficulty: easy
stem: Dấu hiệu nhận biết thư lừa đảo là gì?
A. Giục làm ngay
B. Sai chính tả
C. Lạ người gửi
D. Các ý trên
key: D

[IU06-0002]
module: IU06
topic: IU06.6.1
difficulty: easy
stem: Việc nào sau đây không nên làm khi nhận được thư lạ?
A. Mở tệp đính kèm
B. Xóa thư
C. Báo quản trị
D. Đánh dấu rác
key: A

[IU06-0003]
module: IU06
topic: IU06.1.1
difficulty: medium
stem: Trong địa chỉ https://dichvucong.gov.vn, phần "https" cho biết điều gì?
A. Kết nối giữa trình duyệt và máy chủ được mã hóa bằng TLS
B. Của nhà nước
C. Không có quảng cáo
D. Chỉ ở Việt Nam
key: A
)";

TEST_CASE("qbank: validate and stats report item-writing flaws (issue 18)") {
  TempDir dir;
  WriteFile(dir.File("flawed.bank"), kFlawed);
  ProcessResult v = Qbank(dir, {"--lang", "en", "validate", "flawed.bank"});
  INFO(v.out << v.err);
  CHECK(v.exit_code == 0);  // warnings alone do not fail validation
  CHECK_THAT(v.out, Catch::Contains("4 items, 0 errors, 4 warnings"));
  CHECK_THAT(v.err, Catch::Contains("flawed.bank:1: warning: item IU05-0001: option 'Ctrl + G'") &&
                        Catch::Contains("[program-not-named]"));
  CHECK_THAT(v.err, Catch::Contains("flawed.bank:12: warning: item IU06-0001: option D") &&
                        Catch::Contains("[all-or-none]"));
  CHECK_THAT(v.err, Catch::Contains("flawed.bank:23: warning: item IU06-0002: negative stem") &&
                        Catch::Contains("'không'"));
  CHECK_THAT(v.err, Catch::Contains("flawed.bank:34: warning: item IU06-0003: key A is") &&
                        Catch::Contains("[key-much-longer]"));

  CHECK(Qbank(dir, {"validate", "--strict", "flawed.bank"}).exit_code == 1);
  // A looser threshold silences the long-key warning; the module rates need --min-module-items.
  ProcessResult loose = Qbank(dir, {"--lang", "en", "validate", "flawed.bank", "--key-ratio", "4"});
  CHECK_THAT(loose.out, Catch::Contains("3 warnings"));
  ProcessResult modules =
      Qbank(dir, {"--lang", "en", "validate", "flawed.bank", "--min-module-items", "1"});
  CHECK_THAT(modules.err,
             Catch::Contains("flawed.bank: warning: module IU06: the key is strictly the longest "
                             "option in 2 of 3 items (67%, at most 30% allowed)"));

  SECTION("a bad threshold is refused with a message, in both languages") {
    ProcessResult bad = Qbank(dir, {"--lang", "en", "validate", "flawed.bank", "--key-ratio", "1"});
    CHECK(bad.exit_code != 0);
    CHECK_THAT(bad.err, Catch::Contains("key-length ratio must be greater than 1"));
    CHECK(bad.out.empty());
    ProcessResult nan = Qbank(dir, {"stats", "--max-always-longest", "abc"});
    CHECK(nan.exit_code != 0);
    CHECK_FALSE(nan.err.empty());
    CHECK(Qbank(dir, {"validate", "flawed.bank", "--cross-module-similarity", "1.5"}).exit_code !=
          0);
  }

  SECTION("stats prints the figures per module") {
    REQUIRE(Qbank(dir, {"init"}).exit_code == 0);
    REQUIRE(Qbank(dir, {"import", "flawed.bank"}).exit_code == 0);
    ProcessResult s = Qbank(dir, {"--lang", "en", "stats", "--min-module-items", "1"});
    INFO(s.out << s.err);
    CHECK(s.exit_code == 0);
    CHECK_THAT(s.out, Catch::Contains("Key longest") && Catch::Contains("Pick longest"));
    // IU05: key A ties with B for longest (half a point); IU06: longest picks score 2 of 3.
    CHECK_THAT(s.out, Catch::Contains("IU05    1      0/1 0.0%         50.0%          "
                                      "0    0    0    0    1    0    0    1"));
    CHECK_THAT(s.out, Catch::Contains("IU06    3      2/3 66.7%        66.7%          "
                                      "1    1    1    0    0    0    1    1"));
    ProcessResult vi = Qbank(dir, {"stats"});
    CHECK_THAT(vi.out, Catch::Contains("Đáp án dài nhất") && Catch::Contains("Chọn dài nhất"));
  }
}

}  // namespace
}  // namespace khaothi::testing

namespace khaothi::testing {
namespace {

// Issue 18: a Microsoft/LibreOffice parallel pair, sharing an exclusion group.
const char* const kParallel = R"([IU05-0101]
module: IU05
topic: IU05.1.1
difficulty: medium
software: microsoft
group: IU05-G-GROUP
stem: Trong PowerPoint, phím tắt nào nhóm các hình đang được chọn?
A. Ctrl + G
B. Ctrl + H
C. Alt + G
D. Ctrl + Shift + U
key: A

[IU05-0102]
module: IU05
topic: IU05.1.1
difficulty: medium
software: libreoffice
group: IU05-G-GROUP
stem: Trong LibreOffice Impress, phím tắt nào nhóm các hình đang được chọn?
A. Ctrl + Shift + G
B. Ctrl + H
C. Alt + G
D. Ctrl + Shift + U
key: A
)";

TEST_CASE("qbank: the software field is validated, stored, shown and exported") {
  TempDir dir;
  WriteFile(dir.File("pair.bank"), kParallel);
  ProcessResult v = Qbank(dir, {"--lang", "en", "validate", "pair.bank"});
  INFO(v.out << v.err);
  CHECK(v.exit_code == 0);
  CHECK_THAT(v.out, Catch::Contains("2 items, 0 errors"));

  std::string bad(kParallel);
  bad.replace(bad.find("software: libreoffice"), 21, "software: LibreOffice");
  WriteFile(dir.File("bad.bank"), bad);
  ProcessResult b = Qbank(dir, {"--lang", "en", "validate", "bad.bank"});
  CHECK(b.exit_code != 0);
  CHECK_THAT(b.err, Catch::Contains("bad.bank:18:") && Catch::Contains("item IU05-0102") &&
                        Catch::Contains("software must be microsoft or libreoffice, not "
                                        "'LibreOffice'"));

  REQUIRE(Qbank(dir, {"init"}).exit_code == 0);
  REQUIRE(Qbank(dir, {"import", "pair.bank"}).exit_code == 0);
  CHECK_THAT(Qbank(dir, {"show", "IU05-0102"}).out, Catch::Contains("software: libreoffice"));

  // Dropping the tag makes a new version, and history names the field.
  std::string untagged(kParallel);
  untagged.erase(untagged.find("software: libreoffice\n"), 22);
  WriteFile(dir.File("untagged.bank"), untagged);
  REQUIRE(Qbank(dir, {"import", "untagged.bank"}).exit_code == 0);
  ProcessResult hist = Qbank(dir, {"--lang", "en", "history", "IU05-0102"});
  CHECK_THAT(hist.out, Catch::Contains("v2") && Catch::Contains("changed: software"));
  CHECK_THAT(Qbank(dir, {"show", "IU05-0102"}).out, !Catch::Contains("software:"));
  REQUIRE(Qbank(dir, {"import", "pair.bank"}).exit_code == 0);

  CheckRoundTrip(dir, "gift", "pair.gift", {});
  CheckRoundTrip(dir, "qti", "pair.zip", {});
  CheckRoundTrip(dir, "native", "pair2.bank", {});
  CHECK_THAT(ReadFile(dir.File("pair.gift")), Catch::Contains("software=libreoffice"));

  // qbank stats --blueprint counts only what the blueprint's software lets a form draw. With one
  // IU05 medium item for any software beside the pair: Microsoft or LibreOffice may draw 2 items,
  // both may draw 3, of which 2 distinct (the pair shares its group).
  WriteFile(dir.File("any.bank"), R"([IU05-0100]
module: IU05
topic: IU05.1.1
difficulty: medium
stem: Một bài trình chiếu gồm những gì?
A. Trang chiếu
B. Ô
C. Bảng tính
D. Đoạn văn
key: A
)");
  REQUIRE(Qbank(dir, {"import", "any.bank"}).exit_code == 0);
  struct StatsCase {
    const char* software;
    int need;
    const char* row;  // the cell's row: Need, Have, Distinct, Ratio, Short
    const char* software_name;
  };
  const StatsCase cases[] = {
      {"microsoft", 2, "IU05 medium       2     2     2         1.0x   -", "Microsoft Office"},
      {"libreoffice", 3, "IU05 medium       3     2     2         0.7x   1", "LibreOffice"},
      {"both", 3, "IU05 medium       3     3     2         0.7x   1",
       "Microsoft Office and LibreOffice"},
  };
  for (const StatsCase& c : cases) {
    INFO(c.software);
    WriteFile(dir.File("sw.blueprint"), std::string("id = sw\nsoftware = ") + c.software +
                                            "\n[part t]\nkind = multiple-choice\ncell = IU05 "
                                            "medium " +
                                            std::to_string(c.need) + "\n");
    ProcessResult st = Qbank(dir, {"--lang", "en", "stats", "--blueprint", "sw.blueprint"});
    INFO(st.out << st.err);
    CHECK(st.exit_code == (c.need == 2 ? 0 : 2));  // 2: some cell is short
    CHECK_THAT(st.out, Catch::Contains(std::string("items; software: ") + c.software_name + ")") &&
                           Catch::Contains(c.row));
    CHECK_THAT(st.out, Catch::Contains(c.need == 2 ? "No cell is short." : "1 cell(s) short"));
  }
  WriteFile(dir.File("bad.blueprint"),
            "id = sw\nsoftware = openoffice\n[part t]\nkind = multiple-choice\ncell = IU05 "
            "medium 1\n");
  ProcessResult bad_bp = Qbank(dir, {"--lang", "en", "stats", "--blueprint", "bad.blueprint"});
  CHECK(bad_bp.exit_code != 0);
  CHECK_THAT(bad_bp.err, Catch::Contains("line 2: invalid software 'openoffice'"));
  REQUIRE(Qbank(dir, {"retire", "IU05-0100"}).exit_code == 0);

  // Aiken cannot hold the tag: the export says which items lose it.
  ProcessResult a = Qbank(dir, {"--lang", "en", "export", "--format", "aiken", "--out", "a.txt"});
  INFO(a.err);
  CHECK(a.exit_code == 0);
  CHECK_THAT(a.err, Catch::Contains("Aiken cannot hold the software field; 2 items") &&
                        Catch::Contains("IU05-0101 (microsoft)") &&
                        Catch::Contains("IU05-0102 (libreoffice)"));
}

}  // namespace
}  // namespace khaothi::testing
