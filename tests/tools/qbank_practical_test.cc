// `qbank practical` run as a real process against real package directories and a real database.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/practical_limits.h"

#include "test_util.h"

namespace khaothi::testing {
namespace {

namespace fs = std::filesystem;
using crypto::Sha256Hex;

ProcessResult Qbank(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), BuiltProgram("tools/qbank"));
  return RunProcess(args, dir.path());
}

std::string FileLine(const std::string& key, const std::string& name, const std::string& bytes) {
  return key + " = " + name + " " + std::to_string(bytes.size()) + " " + Sha256Hex(bytes) + "\n";
}

// Writes a package `id` of `module` into dir/parent/id; `starter` is the starter file's bytes.
void WritePackage(const TempDir& dir, const std::string& parent, const std::string& id,
                  const std::string& module, const std::string& pool,
                  const std::string& starter = "PK\x03\x04 starter") {
  const fs::path p = fs::path(dir.path()) / parent / id;
  fs::create_directories(p);
  const std::string instructions = "# Đề " + id + "\n\nHãy định dạng văn bản theo mẫu.\n";
  const std::string solution = "PK\x03\x04 solution of " + id;
  WriteFile((p / "de-bai.md").string(), instructions);
  WriteFile((p / "bai-lam.docx").string(), starter);
  WriteFile((p / "loi-giai.docx").string(), solution);
  WriteFile((p / "task.txt").string(),
            "id = " + id + "\nmodule = " + module + "\ntitle = Đơn xin việc\nminutes = 30\n" +
                "pool = " + pool + "\ntotal = 10\n" +
                FileLine("instructions", "de-bai.md", instructions) +
                FileLine("starter", "bai-lam.docx", starter) +
                FileLine("solution", "loi-giai.docx", solution) +
                "point = 1 4 Căn lề và phông chữ\npoint = 2 6 Bảng và chữ ký\n");
}

std::string Tree(const fs::path& root) {
  std::string out;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) {
      files.push_back(fs::relative(e.path(), root));
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    out += f.string() + " " + Sha256Hex(ReadFile((root / f).string())) + "\n";
  }
  return out;
}

TEST_CASE("qbank practical: validate, import, list, show, export and re-import identically") {
  TempDir dir;
  WritePackage(dir, "pk", "IU03-A", "IU03", "IU03-van-ban");
  WritePackage(dir, "pk", "IU03-B", "IU03", "IU03-van-ban", "PK\x03\x04 another starter");
  REQUIRE(Qbank(dir, {"init"}).exit_code == 0);

  ProcessResult v = Qbank(dir, {"practical", "validate", "pk"});
  INFO(v.err);
  REQUIRE(v.exit_code == 0);
  CHECK_THAT(v.out, Catch::Contains("2 đề thực hành hợp lệ"));

  ProcessResult imp = Qbank(dir, {"practical", "import", "pk"});
  INFO(imp.err);
  REQUIRE(imp.exit_code == 0);
  CHECK_THAT(imp.out, Catch::Contains("thêm 2"));
  // An identical re-import changes nothing.
  CHECK_THAT(Qbank(dir, {"--lang", "en", "practical", "import", "pk"}).out,
             Catch::Contains("added 0, new versions 0, unchanged 2"));

  ProcessResult list = Qbank(dir, {"--lang", "en", "practical", "list", "--module", "IU03"});
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::Contains("IU03-A") && Catch::Contains("IU03-van-ban") &&
                           Catch::Contains("2 practical tasks"));
  CHECK_THAT(Qbank(dir, {"practical", "list", "--module", "IU05"}).out,
             Catch::Contains("0 đề thực hành"));

  ProcessResult show = Qbank(dir, {"practical", "show", "IU03-B"});
  CHECK(show.exit_code == 0);
  CHECK_THAT(show.out, Catch::Contains("IU03-B v1") && Catch::Contains("Bảng điểm") &&
                           Catch::Contains("Bảng và chữ ký") &&
                           Catch::Contains(Sha256Hex("PK\x03\x04 another starter")));
  CHECK(Qbank(dir, {"practical", "show", "NOPE"}).exit_code != 0);

  REQUIRE(Qbank(dir, {"practical", "export", "--out", "out"}).exit_code == 0);
  // Exported files are the imported bytes; the manifest gains its version line.
  CHECK(ReadFile(dir.File("out/IU03-B/bai-lam.docx")) == "PK\x03\x04 another starter");
  CHECK_THAT(ReadFile(dir.File("out/IU03-A/task.txt")), Catch::Contains("version = 1\n"));
  // Exporting again into the same place refuses rather than mixing versions.
  CHECK(Qbank(dir, {"practical", "export", "--out", "out"}).exit_code != 0);

  SECTION("the export re-imports identically, into this bank and into a new one") {
    CHECK_THAT(Qbank(dir, {"--lang", "en", "practical", "import", "out"}).out,
               Catch::Contains("unchanged 2"));
    REQUIRE(Qbank(dir, {"--db", "other.db", "init"}).exit_code == 0);
    REQUIRE(Qbank(dir, {"--db", "other.db", "practical", "import", "out"}).exit_code == 0);
    REQUIRE(Qbank(dir, {"--db", "other.db", "practical", "export", "--out", "out2"}).exit_code ==
            0);
    CHECK(Tree(dir.File("out2")) == Tree(dir.File("out")));
  }
  SECTION("a changed package becomes a new version and the old one stays") {
    WritePackage(dir, "pk", "IU03-A", "IU03", "IU03-van-ban", "PK\x03\x04 starter, v2");
    CHECK_THAT(Qbank(dir, {"--lang", "en", "practical", "import", "pk"}).out,
               Catch::Contains("added 0, new versions 1, unchanged 1"));
    CHECK_THAT(Qbank(dir, {"practical", "show", "IU03-A"}).out, Catch::Contains("IU03-A v2"));
    CHECK_THAT(Qbank(dir, {"practical", "show", "IU03-A", "--version", "1"}).out,
               Catch::Contains(Sha256Hex("PK\x03\x04 starter")));
  }
}

TEST_CASE("qbank practical: one bad package imports nothing, and the error names file and line") {
  TempDir dir;
  REQUIRE(Qbank(dir, {"init"}).exit_code == 0);
  WritePackage(dir, "pk", "IU04-A", "IU04", "IU04");
  WritePackage(dir, "pk", "IU04-B", "IU04", "IU04");
  SECTION("a wrong hash") {
    // The same size, other bytes: only the hash tells.
    WriteFile(dir.File("pk/IU04-B/bai-lam.docx"), "PK\x03\x04 starteR");
    for (const char* command : {"validate", "import"}) {
      ProcessResult r = Qbank(dir, {"--lang", "en", "practical", command, "pk"});
      CHECK(r.exit_code == 1);
      CHECK_THAT(r.err, Catch::Contains(
                            "IU04-B/bai-lam.docx: SHA-256 is " + Sha256Hex("PK\x03\x04 starteR") +
                            ", task.txt line 8 says " + Sha256Hex("PK\x03\x04 starter")));
    }
    // One package named by its own folder, with a trailing slash, is named the same way.
    ProcessResult one = Qbank(dir, {"--lang", "en", "practical", "validate", "pk/IU04-B/"});
    CHECK(one.exit_code == 1);
    CHECK_THAT(one.err, Catch::Contains("IU04-B/bai-lam.docx: SHA-256 is ") &&
                            Catch::EndsWith("qbank: 1 error(s).\n"));
    CHECK(Qbank(dir, {"practical", "validate", "pk/IU04-A"}).exit_code == 0);
  }
  SECTION("points that do not add up") {
    std::string m = ReadFile(dir.File("pk/IU04-B/task.txt"));
    m.replace(m.find("point = 2 6"), 11, "point = 2 5");
    WriteFile(dir.File("pk/IU04-B/task.txt"), m);
    ProcessResult r = Qbank(dir, {"--lang", "en", "practical", "import", "pk"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(
        r.err,
        Catch::Contains("IU04-B/task.txt line 6: the points table adds up to 9, not the total 10"));
  }
  SECTION("an unknown module") {
    std::string m = ReadFile(dir.File("pk/IU04-B/task.txt"));
    m.replace(m.find("module = IU04"), 13, "module = XX04");
    WriteFile(dir.File("pk/IU04-B/task.txt"), m);
    CHECK_THAT(Qbank(dir, {"practical", "import", "pk"}).err,
               Catch::Contains("IU04-B/task.txt line 2: invalid module 'XX04'"));
  }
  SECTION("a file over the size limit is refused before it is read") {
    {
      std::ofstream big(dir.File("pk/IU04-B/bai-lam.docx"), std::ios::binary);
      big.seekp(engine::kMaxPracticalFileBytes);
      big.put('x');
    }
    CHECK_THAT(Qbank(dir, {"--lang", "en", "practical", "import", "pk"}).err,
               Catch::Contains("IU04-B/bai-lam.docx: 10485761 bytes, over the limit of 10485760"));
  }
  SECTION("a forbidden file type in the folder") {
    WriteFile(dir.File("pk/IU04-B/macro.xlsm"), "x");
    CHECK_THAT(Qbank(dir, {"practical", "import", "pk"}).err,
               Catch::Contains("IU04-B/macro.xlsm: not listed in task.txt"));
  }
  SECTION("a link in the folder") {
    fs::create_symlink(dir.File("pk/IU04-A/loi-giai.docx"), dir.File("pk/IU04-B/lien-ket.docx"));
    CHECK_THAT(Qbank(dir, {"--lang", "en", "practical", "validate", "pk"}).err,
               Catch::Contains("IU04-B/lien-ket.docx: a package holds files only"));
  }
  SECTION("two packages with one id") {
    WritePackage(dir, "pk", "IU04-C", "IU04", "IU04");
    std::string m = ReadFile(dir.File("pk/IU04-C/task.txt"));
    m.replace(m.find("id = IU04-C"), 11, "id = IU04-A");
    WriteFile(dir.File("pk/IU04-C/task.txt"), m);
    CHECK_THAT(Qbank(dir, {"practical", "import", "pk"}).err,
               Catch::Contains("task id IU04-A is also in"));
  }
  CHECK_THAT(Qbank(dir, {"--lang", "en", "practical", "list"}).out,
             Catch::Contains("0 practical tasks"));
  CHECK(Qbank(dir, {"practical", "frobnicate"}).exit_code != 0);
  CHECK(Qbank(dir, {"practical", "import"}).exit_code != 0);
  CHECK(Qbank(dir, {"practical", "validate", "nowhere"}).exit_code != 0);
}

TEST_CASE("qbank stats --blueprint reports a practical pool that cannot give a task") {
  TempDir dir;
  REQUIRE(Qbank(dir, {"init"}).exit_code == 0);
  WriteFile(dir.File("iu06.bank"),
            "[IU06-0001]\nmodule: IU06\ntopic: IU06.6.1\ndifficulty: easy\n"
            "stem: Mật khẩu mạnh cần có gì?\nA. Chữ, số và ký hiệu\nB. Tên của mình\n"
            "C. Ngày sinh\nD. 123456\nkey: A\nexplanation: Càng đa dạng càng khó đoán.\n");
  REQUIRE(Qbank(dir, {"import", "iu06.bank"}).exit_code == 0);
  WriteFile(dir.File("p.blueprint"),
            "id = p\n[part theory]\nkind = multiple-choice\ncell = IU06 easy 1\n"
            "[part practical]\nkind = entered\nsubpart = van-ban module=IU03 pool=IU03-van-ban\n"
            "subpart = bang-tinh module=IU04\n");
  WritePackage(dir, "pk", "IU03-A", "IU03", "IU03-van-ban");
  REQUIRE(Qbank(dir, {"practical", "import", "pk"}).exit_code == 0);
  ProcessResult short_pool = Qbank(dir, {"--lang", "en", "stats", "--blueprint", "p.blueprint"});
  CHECK(short_pool.exit_code == 2);
  CHECK_THAT(short_pool.out, Catch::Contains("Practical tasks: 1 problem(s)") &&
                                 Catch::Contains("sub-part bang-tinh: pool IU04 has no IU04 task"));

  WritePackage(dir, "pk", "IU04-A", "IU04", "IU04");
  REQUIRE(Qbank(dir, {"practical", "import", "pk"}).exit_code == 0);
  ProcessResult ok = Qbank(dir, {"--lang", "en", "stats", "--blueprint", "p.blueprint"});
  INFO(ok.out);
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("every pool can give a task"));
}

TEST_CASE("qbank practical: the centre's own packages validate and import cleanly") {
  TempDir dir;
  const std::string data = SourceFile("question-bank/data/practical");
  ProcessResult v = Qbank(dir, {"--lang", "en", "practical", "validate", data});
  INFO(v.err);
  REQUIRE(v.exit_code == 0);
  REQUIRE(Qbank(dir, {"init"}).exit_code == 0);
  REQUIRE(Qbank(dir, {"practical", "import", data}).exit_code == 0);
  // Two equivalent tasks for each of IU03, IU04 and IU05, each pool enough for the centre's
  // blueprint with practical tasks.
  for (const char* module : {"IU03", "IU04", "IU05"}) {
    ProcessResult list = Qbank(dir, {"--lang", "en", "practical", "list", "--module", module});
    INFO(list.out);
    CHECK_THAT(list.out, Catch::Contains(std::string(module) + "-A") &&
                             Catch::Contains(std::string(module) + "-B"));
  }
  // The items' import of the whole folder skips the packages' .txt files (they are not items).
  ProcessResult items = Qbank(dir, {"import", SourceFile("question-bank/data")});
  INFO(items.err);
  REQUIRE(items.exit_code == 0);
  ProcessResult stats =
      Qbank(dir, {"--lang", "en", "stats", "--blueprint",
                  SourceFile("question-bank/data/blueprints/basic-30-practical.blueprint")});
  INFO(stats.out);
  CHECK_THAT(stats.out, Catch::Contains("every pool can give a task"));
}

// A copy of the centre's IU04-A package whose task.txt ends with `checks`.
fs::path Iu04aWithChecks(const TempDir& dir, const std::string& checks) {
  const fs::path to = fs::path(dir.path()) / "IU04-A";
  fs::copy(SourceFile("question-bank/data/practical/IU04-A"), to);
  std::string manifest = ReadFile((to / "task.txt").string());
  // Without the package's own checks, so that the test says exactly which ones run.
  std::string kept;
  std::istringstream in(manifest);
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("check =") && !line.starts_with("rule =")) kept += line + "\n";
  }
  WriteFile((to / "task.txt").string(), kept + checks);
  return to;
}

TEST_CASE("qbank practical validate runs the checks on the model solution and the starter") {
  TempDir dir;
  const std::string lookup =
      "check = 1 formula cells=BanHang!C4:C11 uses=VLOOKUP absolute=BangGia!$A$2:$C$6 "
      "relative=B4\n"
      "check = 6 formula cells=BanHang!F12 uses=SUM\n"
      "check = 6 cell_value cell=BanHang!F12 number=931000000\n";
  {
    const fs::path p = Iu04aWithChecks(dir, lookup);
    ProcessResult ok = Qbank(dir, {"--lang", "en", "practical", "validate", p.string()});
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
    fs::remove_all(p);
  }
  {
    // A check the model fails names the line, the check and its evidence, in both languages.
    const fs::path p =
        Iu04aWithChecks(dir, lookup + "check = 3 cell_value cell=BanHang!F4 number=1\n");
    ProcessResult en = Qbank(dir, {"--lang", "en", "practical", "validate", p.string()});
    CHECK(en.exit_code == 1);
    CHECK_THAT(en.err, Catch::Contains("IU04-A/loi-giai.xlsx: the model solution is proposed only "
                                       "1.75 of 2.25\n  line 3: 0 of 0.5\n    cell_value "
                                       "cell=BanHang!F4 number=1\n      → Cell BanHang!F4: formula "
                                       "=D4*E4, value 190.000.000; expected 1"));
    ProcessResult vi = Qbank(dir, {"practical", "validate", p.string()});
    CHECK_THAT(vi.err, Catch::Contains("lời giải mẫu chỉ được đề xuất 1.75 trên 2.25"));
    fs::remove_all(p);
  }
  {
    // A check that cannot compile names its manifest line.
    const fs::path p = Iu04aWithChecks(dir, lookup + "check = 4 cell_value cell=F4 numbr=1\n");
    const std::string manifest = ReadFile((p / "task.txt").string());
    const auto line = std::count(manifest.begin(), manifest.end(), '\n');
    ProcessResult bad = Qbank(dir, {"--lang", "en", "practical", "validate", p.string()});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.err, Catch::Contains("IU04-A/task.txt line " + std::to_string(line) +
                                        ": points line 4, check 1: cell_value: unknown key "
                                        "'numbr' (this check knows: file, cell, number, text, "
                                        "tolerance)"));
    // Import refuses it too, and writes nothing.
    REQUIRE(Qbank(dir, {"init"}).exit_code == 0);
    CHECK(Qbank(dir, {"practical", "import", p.string()}).exit_code == 1);
    ProcessResult list = Qbank(dir, {"--lang", "en", "practical", "list"});
    CHECK_THAT(list.out, !Catch::Contains("IU04-A"));
    fs::remove_all(p);
  }
  {
    // Checks the untouched starter already passes do not tell work from no work.
    const fs::path p = Iu04aWithChecks(dir,
                                       "check = 2 text_present text=\"Bảng kê bán hàng\"\n"
                                       "check = 3 text_present text=\"Mã hàng\"\n");
    ProcessResult low = Qbank(dir, {"--lang", "en", "practical", "validate", p.string()});
    CHECK(low.exit_code == 1);
    CHECK_THAT(low.err, Catch::Contains("IU04-A/ban-hang.xlsx: the starter files are already "
                                        "proposed 1.5 of 1.5, half or more"));
  }
}

}  // namespace
}  // namespace khaothi::testing
