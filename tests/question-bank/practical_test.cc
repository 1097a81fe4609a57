// Practical task packages: the manifest (task.txt), the check of a package's files, and the
// versioned store.
#include "khaothi/bank/practical.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/practical_limits.h"
#include "khaothi/store/database.h"
#include "khaothi/store/practical_store.h"

#include "test_util.h"

namespace khaothi::bank {
namespace {

using crypto::Sha256Hex;
using engine::PracticalTask;
using store::PracticalPackage;
using store::PracticalStore;

const std::string kInstructions = "# Đề A\n\nMở tệp bang-luong.xlsx và lập công thức.\n";
const std::string kStarter = std::string("PK\x03\x04starter", 11);
const std::string kSolution = std::string("PK\x03\x04solution\0", 13);

std::string FileLine(const std::string& key, const std::string& name, const std::string& bytes) {
  return key + " = " + name + " " + std::to_string(bytes.size()) + " " + Sha256Hex(bytes) + "\n";
}

// A valid manifest; line 9 is the instructions, 10 the starter, 11 the solution, 13.. points.
std::string Manifest() {
  return "# IU04, đề A\n"                                        // 1
         "id = IU04-A\n"                                         // 2
         "module = IU04\n"                                       // 3
         "title = Bảng lương tháng 10\n"                         // 4
         "minutes = 40\n"                                        // 5
         "software = both\n"                                     // 6
         "pool = IU04-bang-tinh\n"                               // 7
         "total = 10\n" +                                        // 8
         FileLine("instructions", "de-bai.md", kInstructions) +  // 9
         FileLine("starter", "bang-luong.xlsx", kStarter) +      // 10
         FileLine("solution", "loi-giai.xlsx", kSolution) +      // 11
         "\n"                                                    // 12
         "point = 1 2.5 Công thức tính lương ở cột F\n"          // 13
         "point = 2 2.5 Hàm IF cho phụ cấp\n"                    // 14
         "point = 3 5 Sắp xếp và biểu đồ\n";                     // 15
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

std::string ParseError(const std::string& text) {
  Result<ParsedManifest> m = ParsePracticalManifest(text, "IU04-A/task.txt");
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().IsInvalidArgument());
  return m.status().message();
}

PracticalPackage Package(const std::string& manifest = Manifest()) {
  Result<ParsedManifest> m = ParsePracticalManifest(manifest, "task.txt");
  REQUIRE(m.ok());
  return {
      m->task,
      {{"de-bai.md", kInstructions}, {"bang-luong.xlsx", kStarter}, {"loi-giai.xlsx", kSolution}}};
}

std::vector<FoundFile> Found() {
  return {{"task.txt", 1, ""},
          {"de-bai.md", static_cast<int64_t>(kInstructions.size()), Sha256Hex(kInstructions)},
          {"bang-luong.xlsx", static_cast<int64_t>(kStarter.size()), Sha256Hex(kStarter)},
          {"loi-giai.xlsx", static_cast<int64_t>(kSolution.size()), Sha256Hex(kSolution)}};
}

TEST_CASE("practical manifest: read, write and read back") {
  Result<ParsedManifest> m = ParsePracticalManifest(Manifest(), "IU04-A/task.txt");
  REQUIRE(m.ok());
  const PracticalTask& t = m->task;
  CHECK(t.id == "IU04-A");
  CHECK(t.version == 0);
  CHECK(t.module == "IU04");
  CHECK(t.title == "Bảng lương tháng 10");
  CHECK(t.minutes == 40);
  CHECK(t.pool == "IU04-bang-tinh");
  CHECK(t.total == engine::Points::Whole(10));
  CHECK(t.instructions.sha256 == Sha256Hex(kInstructions));
  REQUIRE(t.starters.size() == 1);
  REQUIRE(t.solutions.size() == 1);
  REQUIRE(t.points.size() == 3);
  CHECK(t.points[0].points == engine::Points{25000});
  CHECK(t.points[2].description == "Sắp xếp và biểu đồ");
  CHECK(m->file_lines.at("loi-giai.xlsx") == 11);

  PracticalTask versioned = t;
  versioned.version = 3;
  const std::string text = SerializePracticalManifest(versioned);
  CHECK_THAT(text, Catch::Contains("version = 3\n"));
  Result<ParsedManifest> again = ParsePracticalManifest(text, "x");
  REQUIRE(again.ok());
  CHECK(again->task == versioned);
}

TEST_CASE("practical manifest: errors name the file and the line") {
  CHECK(ParseError(Replace(Manifest(), "module = IU04", "module = IU4")) ==
        "IU04-A/task.txt line 3: invalid module 'IU4' (expected IU01..IU15)");
  CHECK(ParseError(Replace(Manifest(), "minutes = 40", "minutes = 0")) ==
        "IU04-A/task.txt line 5: invalid minutes '0' (expected whole minutes 1..180)");
  CHECK(ParseError(Replace(Manifest(), "software = both", "software = wps")) ==
        "IU04-A/task.txt line 6: invalid software 'wps' (expected microsoft, libreoffice or both)");
  CHECK(ParseError(Replace(Manifest(), "point = 3 5 ", "point = 3 4 ")) ==
        "IU04-A/task.txt line 8: the points table adds up to 9, not the total 10");
  CHECK(ParseError(Replace(Manifest(), "point = 2 2.5", "point = 1 2.5")) ==
        "IU04-A/task.txt line 14: points code '1' appears twice");
  CHECK(ParseError(Replace(Manifest(), "point = 2 2.5", "point = 2 hai")) ==
        "IU04-A/task.txt line 14: points of '2' must be a number such as 0.5, got 'hai'");
  CHECK(ParseError(Replace(Manifest(), "loi-giai.xlsx", "loi-giai.xlsm")) ==
        "IU04-A/task.txt line 11: solution 'loi-giai.xlsm': type .xlsm is not allowed");
  CHECK(ParseError(Replace(Manifest(), "bang-luong.xlsx 11", "bang-luong.xlsx 1k")) ==
        "IU04-A/task.txt line 10: size of 'bang-luong.xlsx' must be a whole number of bytes, got "
        "'1k'");
  CHECK(ParseError(Replace(Manifest(), "title = ", "colour = red\ntitle = ")) ==
        "IU04-A/task.txt line 4: unknown key 'colour'");
  CHECK(ParseError(Replace(Manifest(), "pool = IU04-bang-tinh\n", "")) ==
        "IU04-A/task.txt line 14: missing 'pool'");
  CHECK(ParseError(Replace(Manifest(), "id = IU04-A", "id = IU04-A\nid = IU04-B")) ==
        "IU04-A/task.txt line 3: 'id' appears twice");
  CHECK(ParseError(Replace(Manifest(), "minutes = 40", "minutes 40")) ==
        "IU04-A/task.txt line 5: expected 'key = value'");
  CHECK(ParseError(Replace(Manifest(), "Bảng", "B\xFF")) ==
        "IU04-A/task.txt line 4: not valid UTF-8");
  CHECK_THAT(ParseError(Replace(Manifest(), Sha256Hex(kSolution), "abc")),
             Catch::StartsWith("IU04-A/task.txt line 11: solution 'loi-giai.xlsx': SHA-256 must"));
}

TEST_CASE("practical manifest: the manifest size limit, and one byte more") {
  std::string at_limit = Manifest() + "#";
  at_limit += std::string(static_cast<size_t>(engine::kMaxManifestBytes) - at_limit.size(), 'x');
  REQUIRE(at_limit.size() == static_cast<size_t>(engine::kMaxManifestBytes));
  CHECK(ParsePracticalManifest(at_limit, "t").ok());
  CHECK(ParseError(at_limit + "x") == "IU04-A/task.txt: 65537 bytes, over the limit of 65536");
}

TEST_CASE("practical manifest: text is read in NFC") {
  // "Bảng" with the hook above and the a written apart (NFD) reads as the composed word.
  const std::string nfd = "B\x61\xCC\x89ng";
  Result<ParsedManifest> m =
      ParsePracticalManifest(Replace(Manifest(), "Bảng", nfd), "IU04-A/task.txt");
  REQUIRE(m.ok());
  CHECK(m->task.title == "Bảng lương tháng 10");
}

TEST_CASE("practical package: the files must be exactly what the manifest lists") {
  const ParsedManifest m = *ParsePracticalManifest(Manifest(), "task.txt");
  CHECK(CheckPracticalFiles(m, Found(), kInstructions, "IU04-A").ok());
  std::vector<FoundFile> found = Found();
  SECTION("a wrong hash") {
    found[2].sha256 = Sha256Hex("other bytes");
    CHECK(CheckPracticalFiles(m, found, kInstructions, "IU04-A").message() ==
          "IU04-A/bang-luong.xlsx: SHA-256 is " + Sha256Hex("other bytes") +
              ", task.txt line 10 says " + Sha256Hex(kStarter));
  }
  SECTION("a wrong size") {
    found[3].size = 3;
    CHECK(CheckPracticalFiles(m, found, kInstructions, "IU04-A").message() ==
          "IU04-A/loi-giai.xlsx: 3 bytes, task.txt line 11 says 13");
  }
  SECTION("a missing file") {
    found.pop_back();
    CHECK(CheckPracticalFiles(m, found, kInstructions, "IU04-A").message() ==
          "IU04-A/loi-giai.xlsx: missing (listed at task.txt line 11)");
  }
  SECTION("a file not in the manifest") {
    found.push_back({"ghi-chu.txt", 1, Sha256Hex("x")});
    CHECK_THAT(CheckPracticalFiles(m, found, kInstructions, "IU04-A").message(),
               Catch::StartsWith("IU04-A/ghi-chu.txt: not listed in task.txt"));
  }
  SECTION("instructions not in NFC") {
    CHECK(CheckPracticalFiles(m, found, "# Đề\nB\x61\xCC\x89ng\n", "IU04-A").message() ==
          "IU04-A/de-bai.md line 2: not in Unicode NFC (Vietnamese letters must be precomposed; "
          "save the file as NFC)");
  }
  SECTION("instructions not UTF-8") {
    CHECK(CheckPracticalFiles(m, found, "# \xC4\n", "IU04-A").message() ==
          "IU04-A/de-bai.md line 1: not valid UTF-8");
  }
}

int CountRows(const std::string& db_path, const std::string& table) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, ("SELECT count(*) FROM " + table).c_str(), -1, &st, nullptr) ==
          SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const int n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

TEST_CASE("practical store: versions are immutable, an identical import changes nothing") {
  testing::TempDir dir;
  const std::string db = dir.File("center.db");
  auto opened = PracticalStore::Open(db, true);
  REQUIRE(opened.ok());
  PracticalStore& s = **opened;
  Result<store::ImportReport> r1 = s.Import({Package()}, "IU04-A");
  REQUIRE(r1.ok());
  CHECK(r1->added == 1);
  Result<PracticalTask> v1 = s.Get("IU04-A");
  REQUIRE(v1.ok());
  CHECK(v1->version == 1);

  SECTION("re-importing the same package is a no-op") {
    Result<store::ImportReport> r2 = s.Import({Package()}, "again");
    REQUIRE(r2.ok());
    CHECK(r2->unchanged == 1);
    CHECK(r2->added + r2->updated == 0);
    CHECK(s.History("IU04-A")->size() == 1);
    CHECK(CountRows(db, "practical_blobs") == 3);
  }
  SECTION("a changed points table is a new version that stores no file twice") {
    const std::string changed = Replace(Replace(Manifest(), "point = 1 2.5", "point = 1 2"),
                                        "point = 2 2.5", "point = 2 3");
    Result<store::ImportReport> r2 = s.Import({Package(changed)}, "changed");
    REQUIRE(r2.ok());
    CHECK(r2->updated == 1);
    CHECK(s.Get("IU04-A")->version == 2);
    CHECK(s.Get("IU04-A", 1)->points[0].points == engine::Points{25000});
    CHECK(s.Get("IU04-A")->points[0].points == engine::Points::Whole(2));
    REQUIRE(s.History("IU04-A")->size() == 2);
    CHECK(s.History("IU04-A")->front().source == "IU04-A");
    CHECK(CountRows(db, "practical_blobs") == 3);
  }
  SECTION("a changed starter file is a new version with the new bytes, the old kept") {
    PracticalPackage p = Package();
    const std::string new_starter = "PK\x03\x04starter v2";
    p.files["bang-luong.xlsx"] = new_starter;
    p.task.starters[0].size = static_cast<int64_t>(new_starter.size());
    p.task.starters[0].sha256 = Sha256Hex(new_starter);
    REQUIRE(s.Import({p}, "v2").ok());
    Result<PracticalPackage> now = s.GetPackage("IU04-A");
    REQUIRE(now.ok());
    CHECK(now->files.at("bang-luong.xlsx") == new_starter);
    Result<PracticalPackage> old = s.GetPackage("IU04-A", 1);
    REQUIRE(old.ok());
    CHECK(old->files.at("bang-luong.xlsx") == kStarter);
    CHECK(old->files.at("loi-giai.xlsx") == kSolution);  // bytes with a NUL survive as a BLOB
  }
  SECTION("stored versions cannot be changed behind the store's back") {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    CHECK(sqlite3_exec(raw, "UPDATE practical_versions SET pool = 'x'", nullptr, nullptr,
                       nullptr) != SQLITE_OK);
    CHECK(sqlite3_exec(raw, "DELETE FROM practical_versions", nullptr, nullptr, nullptr) !=
          SQLITE_OK);
    CHECK(sqlite3_exec(raw, "UPDATE practical_blobs SET size = 0", nullptr, nullptr, nullptr) !=
          SQLITE_OK);
    CHECK(sqlite3_exec(raw, "DELETE FROM practical_files", nullptr, nullptr, nullptr) != SQLITE_OK);
    CHECK(sqlite3_exec(raw, "DELETE FROM practical_blobs", nullptr, nullptr, nullptr) != SQLITE_OK);
    sqlite3_close(raw);
  }
  SECTION("lists filter by module and pool") {
    CHECK(s.List("IU04", "")->size() == 1);
    CHECK(s.List("IU03", "")->empty());
    CHECK(s.List("", "IU04-bang-tinh")->size() == 1);
    CHECK(s.Get("nope").status().IsNotFound());
    CHECK(s.Get("IU04-A", 9).status().IsNotFound());
  }
}

TEST_CASE("practical store: one bad package imports nothing") {
  testing::TempDir dir;
  const std::string db = dir.File("center.db");
  auto opened = PracticalStore::Open(db, true);
  REQUIRE(opened.ok());
  PracticalStore& s = **opened;
  PracticalPackage good = Package();
  PracticalPackage other = Package(Replace(Manifest(), "id = IU04-A", "id = IU04-B"));
  SECTION("bytes that do not match the manifest") {
    other.files["loi-giai.xlsx"] = "tampered";
    Result<store::ImportReport> r = s.Import({good, other}, "x");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() ==
          "task IU04-B: file loi-giai.xlsx does not match the size and SHA-256 of its manifest");
  }
  SECTION("a file the manifest does not list") {
    other.files["extra.txt"] = "x";
    CHECK_THAT(s.Import({good, other}, "x").status().message(),
               Catch::Contains("the manifest lists 3 files, the package holds 4"));
  }
  SECTION("the same id twice") {
    CHECK_THAT(s.Import({good, good}, "x").status().message(), Catch::Contains("appears twice"));
  }
  CHECK(s.List()->empty());
  CHECK(CountRows(db, "practical_blobs") == 0);
  CHECK(CountRows(db, "practical_versions") == 0);
}

TEST_CASE("practical store: a failure in the middle of an import leaves the bank unchanged") {
  testing::TempDir dir;
  const std::string db = dir.File("center.db");
  auto opened = PracticalStore::Open(db, true);
  REQUIRE(opened.ok());
  PracticalStore& s = **opened;
  REQUIRE(s.Import({Package()}, "first").ok());
  // The database refuses the last row of the second package, after this import has written a new
  // version of IU04-A and IU04-B's version, files and new bytes inside the transaction.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw,
                       "CREATE TRIGGER fail_b BEFORE INSERT ON practical_tasks "
                       "WHEN NEW.id = 'IU04-B' BEGIN SELECT RAISE(ABORT, 'injected'); END",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  PracticalPackage changed = Package(Replace(Manifest(), "minutes = 40", "minutes = 45"));
  PracticalPackage other = Package(Replace(Manifest(), "id = IU04-A", "id = IU04-B"));
  const std::string new_bytes = "PK\x03\x04 other starter";
  other.files["bang-luong.xlsx"] = new_bytes;
  other.task.starters[0].size = static_cast<int64_t>(new_bytes.size());
  other.task.starters[0].sha256 = Sha256Hex(new_bytes);
  Result<store::ImportReport> r = s.Import({changed, other}, "second");
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains("injected"));
  CHECK(s.Get("IU04-A")->version == 1);
  CHECK(s.Get("IU04-A")->minutes == 40);
  CHECK(s.List()->size() == 1);
  CHECK(CountRows(db, "practical_versions") == 1);
  CHECK(CountRows(db, "practical_files") == 3);
  CHECK(CountRows(db, "practical_blobs") == 3);
}

TEST_CASE("practical store: a blob that no longer matches its hash is corruption") {
  testing::TempDir dir;
  const std::string db = dir.File("center.db");
  auto opened = PracticalStore::Open(db, true);
  REQUIRE(opened.ok());
  REQUIRE((*opened)->Import({Package()}, "x").ok());
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  // The trigger guards against updates; a raw rewrite of the page is what corruption looks like.
  REQUIRE(sqlite3_exec(raw,
                       "DROP TRIGGER practical_blobs_immutable; "
                       "UPDATE practical_blobs SET bytes = zeroblob(size) WHERE size > 0",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  CHECK((*opened)->ReadFile(Sha256Hex(kStarter)).status().IsCorruption());
  CHECK((*opened)->GetPackage("IU04-A").status().IsCorruption());
}

}  // namespace
}  // namespace khaothi::bank
