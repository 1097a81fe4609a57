// The same letter saved as .docx and .odt reads the same: paragraphs, their text and the
// formats resolved through styles; and the document checks on the IU03-A model and starter.
#include "khaothi/checker/document.h"

#include <string>

#include <catch2/catch.hpp>

#include "khaothi/checker/check.h"
#include "khaothi/checker/office_file.h"

#include "test_util.h"

namespace khaothi::checker {
namespace {

Document Load(const std::string& relative) {
  auto file = OfficeFile::Open(testing::ReadFile(std::string(KHAOTHI_SOURCE_DIR) + "/" + relative));
  REQUIRE(file.ok());
  auto doc = ReadDocument(*file);
  INFO(doc.status().message());
  REQUIRE(doc.ok());
  return std::move(doc).value();
}

void RequireSameDocument(const Document& a, const Document& b) {
  REQUIRE(a.paragraphs.size() == b.paragraphs.size());
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    const Paragraph& x = a.paragraphs[i];
    const Paragraph& y = b.paragraphs[i];
    INFO("paragraph " << i << ": " << x.text);
    CHECK(x.text == y.text);
    CHECK(x.alignment == y.alignment);
    REQUIRE(x.runs.size() == y.runs.size());
    for (size_t r = 0; r < x.runs.size(); ++r) {
      CHECK(x.runs[r].text == y.runs[r].text);
      CHECK(x.runs[r].format == y.runs[r].format);
    }
  }
}

TEST_CASE("docx and odt of the IU03-A model solution read the same", "[checker][document]") {
  const Document docx = Load("question-bank/data/practical/IU03-A/loi-giai.docx");
  const Document odt = Load("question-bank/data/practical/IU03-A/loi-giai.odt");
  RequireSameDocument(docx, odt);
  REQUIRE(docx.paragraphs.size() > 20);
  const Paragraph& motto = docx.paragraphs[1];
  CHECK(motto.text == "Độc lập – Tự do – Hạnh phúc");
  CHECK(motto.alignment == Alignment::kCenter);
  REQUIRE(motto.runs.size() == 1);
  // Times New Roman 13 pt comes from the document defaults / default style, bold and underline
  // from the run.
  CHECK(motto.runs[0].format == RunFormat{"Times New Roman", 13, true, false, true});
}

TEST_CASE("docx and odt of the IU03-B model solution read the same", "[checker][document]") {
  RequireSameDocument(Load("question-bank/data/practical/IU03-B/loi-giai.docx"),
                      Load("question-bank/data/practical/IU03-B/loi-giai.odt"));
}

TEST_CASE("a workbook is not read as a document", "[checker][document]") {
  auto file = OfficeFile::Open(testing::ReadFile(
      std::string(KHAOTHI_SOURCE_DIR) + "/question-bank/data/practical/IU04-A/loi-giai.xlsx"));
  REQUIRE(file.ok());
  const Status status = ReadDocument(*file).status();
  CHECK(status.message().find("not a text document") != std::string::npos);
}

// Point 5 of IU03-A: "Tiêu đề THƯ MỜI in đậm cỡ 14 căn giữa".
constexpr std::string_view kTitle =
    "paragraph_format text=\"thư mời\" font=\"times new roman\" size=14 bold=yes align=center";

Outcome Run(std::string_view check, const Document& doc) {
  auto compiled = CompileCheck(check, Kind::kDocument);
  INFO(compiled.status().message());
  REQUIRE(compiled.ok());
  return compiled->document(doc);
}

TEST_CASE("paragraph_format passes on the model in both formats and fails on the starter",
          "[checker][check]") {
  for (const char* path : {"question-bank/data/practical/IU03-A/loi-giai.docx",
                           "question-bank/data/practical/IU03-A/loi-giai.odt"}) {
    INFO(path);
    const Outcome outcome = Run(kTitle, Load(path));
    INFO(outcome.evidence_en);
    CHECK(outcome.verdict == Verdict::kPass);
    CHECK(outcome.score == 1);
    CHECK(outcome.evidence_vi == "Đoạn \"THƯ MỜI\": Times New Roman, cỡ 14, đậm, căn giữa");
    CHECK(outcome.evidence_en == "Paragraph \"THƯ MỜI\": Times New Roman, size 14, bold, center");
  }
  const Outcome starter = Run(kTitle, Load("question-bank/data/practical/IU03-A/thu-moi.docx"));
  // The starter's "Thư mời" is Times New Roman but 12 pt, not bold, left aligned: one of four.
  CHECK(starter.verdict == Verdict::kPartial);
  CHECK(starter.score == Approx(0.25));
  CHECK(starter.evidence_vi ==
        "Đoạn \"Thư mời\": Times New Roman, cỡ 12, căn trái; yêu cầu cỡ 14, đậm, căn giữa");
  CHECK(Run("paragraph_format text=\"thư mời\" size=14 bold=yes align=center",
            Load("question-bank/data/practical/IU03-A/thu-moi.docx"))
            .verdict == Verdict::kFail);
}

TEST_CASE("text_present and text_absent on a document", "[checker][check]") {
  const Document doc = Load("question-bank/data/practical/IU03-A/loi-giai.odt");
  CHECK(Run("text_present text=\"ĐỘC LẬP – tự do –  hạnh phúc\"", doc).verdict == Verdict::kPass);
  // Hyphens, not the en dashes of the letter.
  CHECK(Run("text_present text=\"Độc lập - Tự do - Hạnh phúc\"", doc).verdict == Verdict::kFail);
  CHECK(Run("text_absent text=\"Độc lập - Tự do - Hạnh phúc\"", doc).verdict == Verdict::kPass);
  const Outcome still = Run("text_absent text=\"thư mời\"", doc);
  CHECK(still.verdict == Verdict::kFail);
  CHECK(still.evidence_en.starts_with("\"thư mời\" is still in the paragraph"));
}

TEST_CASE("checks of the wrong kind of file or with nothing asked are errors", "[checker][check]") {
  auto cell = CompileCheck("cell_value cell=A1 number=1", Kind::kDocument);
  REQUIRE(cell.status().IsInvalidArgument());
  CHECK(cell.status().message() ==
        "cell_value: no such check for a document (there are: text_present, text_absent, "
        "paragraph_format)");
  auto nothing = CompileCheck("paragraph_format text=\"THƯ MỜI\"", Kind::kDocument);
  CHECK(nothing.status().message().find("no format asked") != std::string::npos);
  CHECK(CompileCheck(kTitle, Kind::kWorkbook).status().IsInvalidArgument());
  auto unknown = CompileCheck("paragraph_format text=x size=12 colour=red", Kind::kDocument);
  CHECK(unknown.status().message().starts_with("paragraph_format: unknown key 'colour'"));
}

}  // namespace
}  // namespace khaothi::checker
