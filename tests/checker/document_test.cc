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

void RequireSameParagraph(const Paragraph& x, const Paragraph& y) {
  INFO("paragraph: " << x.text);
  CHECK(x.text == y.text);
  CHECK(x.alignment == y.alignment);
  CHECK(x.style == y.style);
  CHECK(x.heading_level == y.heading_level);
  CHECK(x.list == y.list);
  CHECK(x.list_level == y.list_level);
  CHECK(x.space_before_pt == Approx(y.space_before_pt).margin(0.1));
  CHECK(x.space_after_pt == Approx(y.space_after_pt).margin(0.1));
  CHECK(x.line_rule == y.line_rule);
  CHECK(x.line_spacing == Approx(y.line_spacing).margin(0.01));
  CHECK(x.indent_left_cm == Approx(y.indent_left_cm).margin(0.01));
  CHECK(x.indent_right_cm == Approx(y.indent_right_cm).margin(0.01));
  CHECK(x.indent_first_cm == Approx(y.indent_first_cm).margin(0.01));
  CHECK(x.border == y.border);
  CHECK(x.fill == y.fill);
  CHECK(x.columns == y.columns);
  CHECK(x.column_line == y.column_line);
  CHECK(x.in_table == y.in_table);
  CHECK(x.page_number == y.page_number);
  REQUIRE(x.runs.size() == y.runs.size());
  for (size_t r = 0; r < x.runs.size(); ++r) {
    CHECK(x.runs[r].text == y.runs[r].text);
    CHECK(x.runs[r].format == y.runs[r].format);
  }
}

void RequireSameDocument(const Document& a, const Document& b) {
  REQUIRE(a.paragraphs.size() == b.paragraphs.size());
  for (size_t i = 0; i < a.paragraphs.size(); ++i) {
    INFO("paragraph " << i);
    RequireSameParagraph(a.paragraphs[i], b.paragraphs[i]);
  }
  REQUIRE(a.tables.size() == b.tables.size());
  for (size_t i = 0; i < a.tables.size(); ++i) {
    INFO("table " << i);
    CHECK(a.tables[i].cells == b.tables[i].cells);
    CHECK(a.tables[i].rows == b.tables[i].rows);
    CHECK(a.tables[i].columns == b.tables[i].columns);
    CHECK(a.tables[i].merged == b.tables[i].merged);
    CHECK(a.tables[i].borders == b.tables[i].borders);
    CHECK(a.tables[i].header_bold == b.tables[i].header_bold);
    CHECK(a.tables[i].header_fill == b.tables[i].header_fill);
  }
  REQUIRE(a.pages.size() == b.pages.size());
  for (size_t i = 0; i < a.pages.size(); ++i) {
    const PageSetup& x = a.pages[i];
    const PageSetup& y = b.pages[i];
    INFO("page " << i);
    CHECK(x.width_cm == Approx(y.width_cm).margin(0.01));
    CHECK(x.height_cm == Approx(y.height_cm).margin(0.01));
    CHECK(x.margin_top_cm == Approx(y.margin_top_cm).margin(0.01));
    CHECK(x.margin_bottom_cm == Approx(y.margin_bottom_cm).margin(0.01));
    CHECK(x.margin_left_cm == Approx(y.margin_left_cm).margin(0.01));
    CHECK(x.margin_right_cm == Approx(y.margin_right_cm).margin(0.01));
    CHECK(x.header_cm == Approx(y.header_cm).margin(0.01));
    CHECK(x.footer_cm == Approx(y.footer_cm).margin(0.01));
    REQUIRE(x.header.size() == y.header.size());
    for (size_t p = 0; p < x.header.size(); ++p) RequireSameParagraph(x.header[p], y.header[p]);
    REQUIRE(x.footer.size() == y.footer.size());
    for (size_t p = 0; p < x.footer.size(); ++p) RequireSameParagraph(x.footer[p], y.footer[p]);
  }
  REQUIRE(a.footnotes.size() == b.footnotes.size());
  for (size_t i = 0; i < a.footnotes.size(); ++i) {
    CHECK(a.footnotes[i].text == b.footnotes[i].text);
    CHECK(a.footnotes[i].anchor == b.footnotes[i].anchor);
  }
  CHECK(a.body_images == b.body_images);
  CHECK(a.header_images == b.header_images);
  CHECK(a.toc == b.toc);
  CHECK(a.toc_entries == b.toc_entries);
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

TEST_CASE("docx and odt of the IU03-C model solution read the same", "[checker][document]") {
  RequireSameDocument(Load("question-bank/data/practical/IU03-C/loi-giai.docx"),
                      Load("question-bank/data/practical/IU03-C/loi-giai.odt"));
}

TEST_CASE("the IU03-A model reads as a person sees it in either format", "[checker][document]") {
  for (const char* path : {"question-bank/data/practical/IU03-A/loi-giai.docx",
                           "question-bank/data/practical/IU03-A/loi-giai.odt"}) {
    INFO(path);
    const Document doc = Load(path);
    REQUIRE(doc.pages.size() == 1);
    const PageSetup& page = doc.pages[0];
    CHECK(page.width_cm == Approx(21).margin(0.01));
    CHECK(page.height_cm == Approx(29.7).margin(0.01));
    CHECK(page.margin_top_cm == Approx(2).margin(0.01));
    CHECK(page.margin_left_cm == Approx(3).margin(0.01));
    CHECK(page.margin_right_cm == Approx(2).margin(0.01));
    // LibreOffice's 2 cm bottom margin is to the footer, 0.8 cm high: Word sees 2.8 cm to the
    // body text and the footer 2 cm from the edge.
    CHECK(page.margin_bottom_cm == Approx(2.8).margin(0.01));
    CHECK(page.footer_cm == Approx(2).margin(0.01));
    CHECK(page.header.empty());
    REQUIRE(page.footer.size() == 1);
    CHECK(page.footer[0].page_number);
    CHECK(page.footer[0].alignment == Alignment::kCenter);
    CHECK(page.footer[0].text.empty());

    const Paragraph& body = doc.paragraphs[6];
    CHECK(body.text.starts_with("Nhằm trao đổi"));
    CHECK(body.alignment == Alignment::kJustify);
    CHECK(body.indent_first_cm == Approx(1).margin(0.01));
    CHECK(body.line_rule == LineRule::kMultiple);
    CHECK(body.line_spacing == Approx(1.15).margin(0.01));
    CHECK(body.space_after_pt == Approx(4.25).margin(0.05));  // 0.15 cm
    for (int i = 9; i <= 11; ++i) {
      CHECK(doc.paragraphs[static_cast<size_t>(i)].list == ListType::kNumber);
      CHECK(doc.paragraphs[static_cast<size_t>(i)].list_level == 0);
    }
    CHECK(doc.paragraphs[8].list == ListType::kNone);

    REQUIRE(doc.tables.size() == 1);
    const Table& table = doc.tables[0];
    CHECK(table.rows == 4);
    CHECK(table.columns == 3);
    CHECK(table.cells[0][1] == "Nội dung");
    CHECK(table.cells[3][2] == "Phụ huynh lớp 10A1");
    CHECK(table.borders);
    CHECK_FALSE(table.merged);
    CHECK(table.header_bold);
    CHECK(table.header_fill == "D9E2F3");

    const Paragraph& sign = doc.paragraphs[26];
    CHECK(sign.text == "TM. BAN GIÁM HIỆU");
    CHECK(sign.indent_left_cm == Approx(8).margin(0.01));
    CHECK(doc.footnotes.empty());
    CHECK(doc.body_images == 0);
    CHECK_FALSE(doc.toc);
  }
}

TEST_CASE("the IU03-B model: headings, bullets, two columns, a header and a footnote",
          "[checker][document]") {
  for (const char* path : {"question-bank/data/practical/IU03-B/loi-giai.docx",
                           "question-bank/data/practical/IU03-B/loi-giai.odt"}) {
    INFO(path);
    const Document doc = Load(path);
    const Paragraph& title = doc.paragraphs[0];
    CHECK(title.style == "Title");
    REQUIRE(title.runs.size() == 1);
    CHECK(title.runs[0].format.color == "C00000");
    CHECK(title.runs[0].format.size_pt == 20);
    const Paragraph& heading = doc.paragraphs[2];
    CHECK(heading.text == "Các hoạt động chính");
    CHECK(heading.style == "Heading 1");
    CHECK(heading.heading_level == 1);
    CHECK(heading.list == ListType::kNone);
    CHECK(heading.runs[0].format.color == "1F3864");
    for (int i = 3; i <= 6; ++i) {
      CHECK(doc.paragraphs[static_cast<size_t>(i)].list == ListType::kBullet);
    }
    for (int i = 7; i <= 9; ++i) {
      CHECK(doc.paragraphs[static_cast<size_t>(i)].columns == 2);
      CHECK(doc.paragraphs[static_cast<size_t>(i)].column_line);
    }
    CHECK(doc.paragraphs[10].columns == 1);
    CHECK(doc.paragraphs[10].heading_level == 1);
    const Paragraph& note = doc.paragraphs.back();
    CHECK(note.border);
    CHECK(note.fill == "FFF2CC");
    REQUIRE(doc.pages.size() == 1);
    REQUIRE(doc.pages[0].header.size() == 1);
    CHECK(doc.pages[0].header[0].text == "Bản tin Thư viện Trường THPT Nguyễn Du — Số 10/2026");
    CHECK(doc.pages[0].header[0].alignment == Alignment::kEnd);
    CHECK(doc.pages[0].header_cm == Approx(2).margin(0.01));
    CHECK(doc.pages[0].margin_left_cm == Approx(2.5).margin(0.01));
    REQUIRE(doc.footnotes.size() == 1);
    CHECK(doc.footnotes[0].text == "Số liệu do Thư viện nhà trường tổng hợp ngày 21/10/2026.");
    CHECK(doc.footnotes[0].anchor.starts_with("Sáng 20/10/2026"));
    REQUIRE(doc.tables.size() == 1);
    CHECK(doc.tables[0].rows == 4);
    CHECK(doc.tables[0].borders);
  }
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
        "paragraph_format, heading, list, document_font, page_setup, header_text, footer_text, "
        "page_number, columns, table, image, toc, footnote)");
  auto nothing = CompileCheck("paragraph_format text=\"THƯ MỜI\"", Kind::kDocument);
  CHECK(nothing.status().message().find("no format asked") != std::string::npos);
  CHECK(CompileCheck(kTitle, Kind::kWorkbook).status().IsInvalidArgument());
  auto unknown = CompileCheck("paragraph_format text=x size=12 colour=red", Kind::kDocument);
  CHECK(unknown.status().message().starts_with("paragraph_format: unknown key 'colour'"));
}

}  // namespace
}  // namespace khaothi::checker
