// Every file the checker cannot read gets a clear bilingual "cannot be checked automatically"
// reason, never a crash and never a half-read answer. The bad files are built here.
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "khaothi/checker/limits.h"
#include "khaothi/checker/office_file.h"
#include "khaothi/checker/workbook.h"

#include "test_util.h"
#include "zip_writer.h"

namespace khaothi::checker {
namespace {

using Entries = testing::ZipEntries;

std::string MakeZip(const Entries& entries, bool store = false) {
  std::string zip = testing::MakeZip(entries, store);
  REQUIRE(!zip.empty());
  return zip;
}

const char* const kOdsMime = "application/vnd.oasis.opendocument.spreadsheet";

std::string Content(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
         "<office:document-content "
         "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
         "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
         "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:"
         "spreadsheet>"
         "<table:table table:name=\"T\"><table:table-row>" +
         body +
         "</table:table-row></table:table></office:spreadsheet></office:body></"
         "office:document-content>";
}

std::string Cell(const std::string& text) {
  return "<table:table-cell office:value-type=\"string\"><text:p>" + text +
         "</text:p></table:table-cell>";
}

std::string Ods(const std::string& content) {
  return MakeZip({{"mimetype", kOdsMime}, {"content.xml", content}});
}

std::string Fixture(const std::string& relative) {
  return testing::ReadFile(std::string(KHAOTHI_SOURCE_DIR) + "/" + relative);
}

void RequireRefused(const Status& status, const std::string& reason) {
  INFO(status.message());
  REQUIRE_FALSE(status.ok());
  CHECK(status.message().starts_with("không chấm tự động được: "));
  CHECK(status.message().find("cannot be checked automatically: ") != std::string::npos);
  CHECK(status.message().find(reason) != std::string::npos);
}

Status OpenAndRead(const std::string& bytes) {
  auto file = OfficeFile::Open(bytes);
  if (!file.ok()) return file.status();
  return ReadWorkbook(*file).status();
}

TEST_CASE("a minimal ods built here is read, so the refusals below are for their one fault",
          "[checker][refusal]") {
  auto file = OfficeFile::Open(Ods(Content(Cell("Xin chào"))));
  REQUIRE(file.ok());
  CHECK(file->family() == Family::kOdf);
  CHECK(file->kind() == Kind::kWorkbook);
  auto book = ReadWorkbook(*file);
  REQUIRE(book.ok());
  REQUIRE(book->sheets.size() == 1);
  CHECK(book->sheets[0].Find({0, 0})->text == "Xin chào");
}

TEST_CASE("bytes that are no zip are refused", "[checker][refusal]") {
  RequireRefused(OfficeFile::Open("").status(), "not an Office Open XML or OpenDocument file");
  RequireRefused(OfficeFile::Open("Xin chào, đây là văn bản").status(), "not an Office Open XML");
  RequireRefused(OfficeFile::Open("%PDF-1.7\n").status(), "not an Office Open XML");
}

TEST_CASE("a truncated zip is refused", "[checker][refusal]") {
  const std::string whole = Fixture("question-bank/data/practical/IU04-A/loi-giai.xlsx");
  REQUIRE(OfficeFile::Open(whole).ok());
  for (const size_t keep : {whole.size() / 2, whole.size() - 10, size_t{30}}) {
    RequireRefused(OfficeFile::Open(whole.substr(0, keep)).status(), "corrupt or truncated zip");
  }
}

TEST_CASE("a zip with a corrupt entry is refused", "[checker][refusal]") {
  std::string bytes = Ods(Content(Cell(std::string(5000, 'x') + "Xin chào")));
  // Flip bytes inside the deflated content.xml (after the local header of the second entry).
  const size_t at = bytes.find("content.xml") + 40;
  for (size_t i = at; i < at + 20; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5A);
  RequireRefused(OpenAndRead(bytes), "cannot be checked automatically");
}

TEST_CASE("a zip bomb is refused by its compression ratio", "[checker][refusal]") {
  const std::string zeros(8 * 1024 * 1024, '\0');
  const Status status =
      OfficeFile::Open(MakeZip({{"mimetype", kOdsMime}, {"content.xml", zeros}})).status();
  RequireRefused(status, "abnormal compression ratio");
  CHECK(status.IsResourceExhausted());
}

TEST_CASE("a zip bomb is refused by its total size", "[checker][refusal]") {
  // Each entry exactly at the ratio floor (so the ratio rule does not apply), together over the
  // limit.
  const std::string block(static_cast<size_t>(kRatioFloorBytes), 'a');
  Entries entries{{"mimetype", kOdsMime}};
  for (int64_t i = 0; i * kRatioFloorBytes <= kMaxTotalUncompressedBytes; ++i) {
    entries.emplace_back("Pictures/p" + std::to_string(i) + ".xml", block);
  }
  const Status status = OfficeFile::Open(MakeZip(entries)).status();
  RequireRefused(status, "too many uncompressed bytes");
  CHECK(status.IsResourceExhausted());
}

TEST_CASE("a zip with too many entries is refused", "[checker][refusal]") {
  Entries entries{{"mimetype", kOdsMime}};
  for (int64_t i = 0; i < kMaxEntries; ++i) entries.emplace_back("x/" + std::to_string(i), "");
  RequireRefused(OfficeFile::Open(MakeZip(entries, true)).status(), "too many entries");
}

TEST_CASE("a CFB file is refused as password-protected or as an old binary format",
          "[checker][refusal]") {
  std::string cfb("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  cfb += std::string(504, '\0');
  RequireRefused(OfficeFile::Open(cfb).status(), "old binary format (.doc/.xls/.ppt)");
  std::string encrypted = cfb;
  for (const char c : std::string("EncryptedPackage")) {
    encrypted += c;
    encrypted += '\0';
  }
  RequireRefused(OfficeFile::Open(encrypted).status(), "password-protected");
}

TEST_CASE("an encrypted OpenDocument file is refused", "[checker][refusal]") {
  const std::string manifest =
      "<?xml version=\"1.0\"?><manifest:manifest "
      "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry "
      "manifest:full-path=\"content.xml\"><manifest:encryption-data manifest:checksum=\"x\"/>"
      "</manifest:file-entry></manifest:manifest>";
  RequireRefused(OfficeFile::Open(MakeZip({{"mimetype", kOdsMime},
                                           {"META-INF/manifest.xml", manifest},
                                           {"content.xml", "binary"}}))
                     .status(),
                 "password-protected");
}

TEST_CASE("macro-enabled files are refused", "[checker][refusal]") {
  const std::string types =
      "<?xml version=\"1.0\"?><Types "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Override PartName=\"/xl/workbook.xml\" "
      "ContentType=\"application/vnd.ms-excel.sheet.macroEnabled.main+xml\"/></Types>";
  RequireRefused(OfficeFile::Open(
                     MakeZip({{"[Content_Types].xml", types}, {"xl/workbook.xml", "<workbook/>"}}))
                     .status(),
                 "contains macros");
  RequireRefused(OfficeFile::Open(MakeZip({{"mimetype", kOdsMime},
                                           {"content.xml", Content("")},
                                           {"Basic/Standard/M.xml", ""}}))
                     .status(),
                 "contains macros");
}

TEST_CASE("a zip that is not an office file is refused", "[checker][refusal]") {
  RequireRefused(OfficeFile::Open(MakeZip({{"readme.txt", "hello"}})).status(),
                 "neither Office Open XML nor");
  RequireRefused(OfficeFile::Open(MakeZip({{"mimetype", "application/epub+zip"}})).status(),
                 "unsupported OpenDocument type");
  RequireRefused(OfficeFile::Open(MakeZip({{"mimetype", kOdsMime}})).status(),
                 "content.xml is missing");
}

TEST_CASE("a document is not read as a workbook", "[checker][refusal]") {
  auto file = OfficeFile::Open(Fixture("question-bank/data/practical/IU03-A/loi-giai.odt"));
  REQUIRE(file.ok());
  CHECK(file->kind() == Kind::kDocument);
  RequireRefused(ReadWorkbook(*file).status(), "not a spreadsheet");
}

TEST_CASE("XML with a DOCTYPE is refused and no entity is ever resolved", "[checker][refusal]") {
  testing::TempDir dir;
  testing::WriteFile(dir.File("secret.txt"), "BÍ-MẬT");
  const std::string xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file://" +
                          dir.File("secret.txt") + "\">]>";
  std::string content = Content(Cell("&xxe;"));
  content.replace(0, content.find("?>") + 2, xxe);
  RequireRefused(OpenAndRead(Ods(content)), "DOCTYPE");
  // Without a DOCTYPE, a reference to an undeclared entity stays literal text: pugixml has no
  // DTD processing, so nothing outside the file can ever be read into it.
  auto book = ReadWorkbook(*OfficeFile::Open(Ods(Content(Cell("&xxe;")))));
  REQUIRE(book.ok());
  CHECK(book->sheets[0].Find({0, 0})->text == "&xxe;");
}

TEST_CASE("deeply nested XML is refused", "[checker][refusal]") {
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "<text:span>";
  deep += "x";
  for (int i = 0; i < 10000; ++i) deep += "</text:span>";
  const Status status = OpenAndRead(Ods(Content(Cell(deep))));
  RequireRefused(status, "nested too deeply");
  CHECK(status.IsResourceExhausted());
  // Just under the limit reads.
  std::string fine;
  for (int i = 0; i < kMaxXmlDepth - 10; ++i) fine += "<text:span>";
  fine += "x";
  for (int i = 0; i < kMaxXmlDepth - 10; ++i) fine += "</text:span>";
  CHECK(OpenAndRead(Ods(Content(Cell(fine)))).ok());
}

TEST_CASE("malformed XML is refused", "[checker][refusal]") {
  RequireRefused(OpenAndRead(Ods(Content(Cell("<text:span>unclosed")))),
                 "malformed XML in content.xml");
}

TEST_CASE("huge repeats in an ods stay within the limits", "[checker][refusal]") {
  // LibreOffice writes trailing empty rows as one repeated row; a value repeated over the whole
  // grid is a cell bomb.
  const std::string bomb =
      "<table:table-cell office:value-type=\"float\" office:value=\"1\" "
      "table:number-columns-repeated=\"16384\"/></table:table-row><table:table-row "
      "table:number-rows-repeated=\"1048575\"><table:table-cell office:value-type=\"float\" "
      "office:value=\"1\" "
      "table:number-columns-repeated=\"16384\"/>";
  RequireRefused(OpenAndRead(Ods(Content(bomb))), "too many cells");
  const std::string empty_rows =
      Cell("a") +
      "</table:table-row><table:table-row table:number-rows-repeated=\"1048575\">"
      "<table:table-cell table:number-columns-repeated=\"16384\"/>";
  auto book = ReadWorkbook(*OfficeFile::Open(Ods(Content(empty_rows))));
  REQUIRE(book.ok());
  CHECK(book->sheets[0].cells.size() == 1);
}

}  // namespace
}  // namespace khaothi::checker
