// Files Microsoft Word wrote (tests/checker/real/docx, origins in tests/checker/real/README.md)
// read with the answers a person sees in Word: fonts and colours through styles and the theme,
// table styles, headers and footers, sections, lists and pictures. The expected answers come
// from reading each file's XML by hand.
#include <string>

#include <catch2/catch.hpp>

#include "khaothi/checker/check.h"
#include "khaothi/checker/document.h"
#include "khaothi/checker/office_file.h"

#include "test_util.h"

namespace khaothi::checker {
namespace {

Document LoadReal(const std::string& name) {
  const std::string bytes =
      testing::ReadFile(std::string(KHAOTHI_SOURCE_DIR) + "/tests/checker/real/docx/" + name);
  // Written by Word: docProps/app.xml names it.
  auto file = OfficeFile::Open(bytes);
  INFO(name << ": " << file.status().message());
  REQUIRE(file.ok());
  const std::string* app = file->Part("docProps/app.xml");
  REQUIRE(app != nullptr);
  CHECK(app->find("Word</Application>") != std::string::npos);
  auto doc = ReadDocument(*file);
  INFO(doc.status().message());
  REQUIRE(doc.ok());
  return std::move(doc).value();
}

Outcome Check(std::string_view check, const Document& doc) {
  auto compiled = CompileCheck(check, Kind::kDocument);
  INFO(compiled.status().message());
  REQUIRE(compiled.ok());
  return compiled->document(doc);
}

TEST_CASE("Word's Heading 1 and Normal resolve through the theme and document defaults",
          "[checker][real]") {
  const Document doc = LoadReal("par-known-paragraphs.docx");
  REQUIRE(doc.paragraphs.size() == 2);
  // heading 1: basedOn Normal; majorHAnsi → the theme's major font Calibri; sz 28; bold; the
  // colour Word computed from accent1 (4F81BD) shaded BF, written as 365F91; spacing before 480
  // twips; outline level 0; docDefaults' line 276 (auto) → 1.15 lines.
  const Paragraph& heading = doc.paragraphs[0];
  CHECK(heading.text == "Heading Paragraph");
  CHECK(heading.style == "Heading 1");
  CHECK(heading.heading_level == 1);
  REQUIRE(heading.runs.size() == 1);
  CHECK(heading.runs[0].format == RunFormat{"Calibri", 14, true, false, false, "365F91"});
  CHECK(heading.space_before_pt == 24);
  CHECK(heading.space_after_pt == 0);
  CHECK(heading.line_spacing == Approx(1.15));
  // Normal: nothing of its own; docDefaults minorHAnsi → Cambria, sz 22, after 200 twips.
  const Paragraph& normal = doc.paragraphs[1];
  CHECK(normal.style.empty());
  CHECK(normal.heading_level == 0);
  CHECK(normal.runs[0].format == RunFormat{"Cambria", 11, false, false, false, ""});
  CHECK(normal.space_after_pt == 10);
  CHECK(Check("heading text=\"heading paragraph\" level=1", doc).verdict == Verdict::kPass);
  // 15 of the 31 visible characters are Cambria, the heading's 16 Calibri.
  const Outcome font = Check("document_font font=Cambria", doc);
  CHECK(font.verdict == Verdict::kPartial);
  CHECK(font.score == Approx(15.0 / 31));
  CHECK(font.evidence_en ==
        "Body text: Cambria 48,3% of the characters (the rest mostly Calibri); at least 90% "
        "required");
  // Letter, 1 inch top and bottom, 1.25 inch left and right.
  CHECK(Check("page_setup size=Letter orientation=portrait margin_top=2.54 margin_left=3.175", doc)
            .verdict == Verdict::kPass);
}

TEST_CASE("Word's character styles Emphasis and Strong", "[checker][real]") {
  const Document doc = LoadReal("run-char-style.docx");
  REQUIRE(doc.paragraphs.size() == 1);
  const std::vector<Run>& runs = doc.paragraphs[0].runs;
  REQUIRE(runs.size() == 3);
  CHECK(runs[0].text.starts_with("First run having no directly-applied character style"));
  CHECK_FALSE(runs[0].format.italic);
  CHECK(runs[1].text.starts_with("Next run having Emphasis character style"));
  CHECK(runs[1].format.italic);
  CHECK_FALSE(runs[1].format.bold);
  CHECK(runs[2].text.starts_with("Last run having Strong style"));
  CHECK(runs[2].format.bold);
  CHECK(runs[2].format.font == "Cambria");
}

TEST_CASE("Word's table styles: none, Table Grid and Light Shading Accent 1", "[checker][real]") {
  const Document doc = LoadReal("tbl-having-applied-style.docx");
  REQUIRE(doc.tables.size() == 3);
  for (const Table& t : doc.tables) {
    CHECK(t.rows == 4);
    CHECK(t.columns == 2);
    CHECK(t.cells[0][0] == "foobar");
    CHECK(t.cells[3][1] == "and a hearty foo to you too sir!");
    CHECK_FALSE(t.merged);
  }
  // No style: Word's default table style, Normal Table, draws no lines.
  CHECK_FALSE(doc.tables[0].borders);
  // Table Grid: single lines on all six edges, from the style's tblBorders.
  CHECK(doc.tables[1].borders);
  CHECK_FALSE(doc.tables[1].header_bold);
  // Light Shading Accent 1: lines above and below the table only; its text in 365F91 and, with
  // tblLook firstRow on, a bold first row.
  CHECK_FALSE(doc.tables[2].borders);
  CHECK(doc.tables[2].header_bold);
  // The check reads the first table with the text: the plain one.
  const Outcome plain = Check("table contains=barfoo rows=4 columns=2 borders=yes", doc);
  CHECK(plain.verdict == Verdict::kPartial);
  CHECK(plain.evidence_en ==
        "Table of 4 rows × 2 columns, borders missing, first row not bold, "
        "first row unfilled; expected borders");
  bool colored = false;
  for (const Paragraph& p : doc.paragraphs) {
    if (p.in_table && p.text == "foobar" && !p.runs.empty() && p.runs[0].format.color == "365F91") {
      colored = true;
      CHECK(p.runs[0].format.bold);
    }
  }
  CHECK(colored);
}

TEST_CASE("Word's header and footer carry over to a section that names none", "[checker][real]") {
  const Document doc = LoadReal("hdr-header-footer.docx");
  REQUIRE(doc.paragraphs.size() == 2);
  // Two sections, the second without references of its own: one page style.
  REQUIRE(doc.pages.size() == 1);
  const PageSetup& page = doc.pages[0];
  REQUIRE(page.header.size() == 1);
  CHECK(page.header[0].text == "Header for section-1");
  CHECK(page.header[0].style == "Header");
  REQUIRE(page.footer.size() == 1);
  CHECK(page.footer[0].text == "Footer for section 1");
  CHECK(page.header_cm == Approx(1.27));  // w:header="720"
  CHECK(Check("header_text text=\"header for section-1\"", doc).verdict == Verdict::kPass);
  CHECK(Check("footer_text text=\"footer for section 1\"", doc).verdict == Verdict::kPass);
  CHECK(Check("page_number", doc).verdict == Verdict::kFail);
}

TEST_CASE("Word's List Number style makes a numbered list", "[checker][real]") {
  const Document doc = LoadReal("num-having-numbering-part.docx");
  REQUIRE(doc.paragraphs.size() == 1);
  // pStyle ListNumber → numPr numId 6 → abstractNum 8, level 0: decimal.
  CHECK(doc.paragraphs[0].style == "List Number");
  CHECK(doc.paragraphs[0].list == ListType::kNumber);
  CHECK(doc.paragraphs[0].list_level == 0);
  CHECK(Check("list text=\"having list number style\" type=number", doc).verdict == Verdict::kPass);
}

TEST_CASE("Word's sections: a landscape first section with its own margins", "[checker][real]") {
  const Document doc = LoadReal("sct-section-props.docx");
  CHECK(doc.paragraphs.size() == 5);
  // Section 1: 15840 × 12240 twips landscape, margins top 2160, bottom 2520, left 1440, right
  // 1800; sections 2–5: Letter portrait, 1440 / 1800.
  REQUIRE(doc.pages.size() == 2);
  CHECK(doc.pages[0].width_cm == Approx(27.94));
  CHECK(doc.pages[0].height_cm == Approx(21.59));
  CHECK(doc.pages[0].margin_top_cm == Approx(3.81));
  CHECK(doc.pages[0].margin_bottom_cm == Approx(4.445));
  CHECK(doc.pages[0].margin_left_cm == Approx(2.54));
  CHECK(doc.pages[0].margin_right_cm == Approx(3.175));
  CHECK(doc.pages[1].width_cm == Approx(21.59));
  // Every page style must be landscape: the second is not.
  const Outcome landscape = Check("page_setup orientation=landscape", doc);
  CHECK(landscape.verdict == Verdict::kFail);
  CHECK(landscape.evidence_vi.starts_with("Trang kiểu 2: khổ Letter dọc"));
}

TEST_CASE("Word's pictures in the body and in the header", "[checker][real]") {
  const Document doc = LoadReal("having-images.docx");
  // Five inline DrawingML pictures in the body, one in the default header.
  CHECK(doc.body_images == 5);
  CHECK(doc.header_images == 1);
  CHECK(Check("image count=5", doc).verdict == Verdict::kPass);
  CHECK(Check("image count=1 where=header", doc).verdict == Verdict::kPass);
  CHECK(Check("image count=6", doc).verdict == Verdict::kPartial);
}

}  // namespace
}  // namespace khaothi::checker
