// Each kind of document check on small documents built here, in both formats, for what the
// centre's tasks do not exercise: a table of contents, pictures, merged cells, nested lists, a
// footnote in the wrong place, a page number in the wrong place, line spacing in points, theme
// colours; and the partial scores and evidence of each kind.
#include <string>

#include <catch2/catch.hpp>

#include "khaothi/checker/check.h"
#include "khaothi/checker/document.h"
#include "khaothi/checker/office_file.h"

#include "test_util.h"
#include "zip_writer.h"

namespace khaothi::checker {
namespace {

Document Read(const std::string& bytes) {
  REQUIRE_FALSE(bytes.empty());
  auto file = OfficeFile::Open(bytes);
  INFO(file.status().message());
  REQUIRE(file.ok());
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

// ---- An .odt built here ----

constexpr const char* kOdfNamespaces =
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" "
    "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
    "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" "
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\"";

std::string Odt(const std::string& automatic, const std::string& body,
                const std::string& master = "") {
  const std::string styles =
      std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-styles ") +
      kOdfNamespaces +
      "><office:styles><style:default-style style:family=\"paragraph\"><style:text-properties "
      "fo:font-family=\"'Times New Roman'\" fo:font-size=\"13pt\"/></style:default-style>"
      "<style:style style:name=\"Heading_20_2\" style:display-name=\"Heading 2\" "
      "style:family=\"paragraph\" style:default-outline-level=\"2\"/></office:styles>"
      "<office:automatic-styles><style:page-layout style:name=\"pm1\">"
      "<style:page-layout-properties fo:page-width=\"29.7cm\" fo:page-height=\"21cm\" "
      "fo:margin-top=\"1.5cm\" fo:margin-bottom=\"2cm\" fo:margin-left=\"3cm\" "
      "fo:margin-right=\"2cm\"/><style:header-style><style:header-footer-properties "
      "fo:min-height=\"1cm\"/></style:header-style></style:page-layout>"
      "</office:automatic-styles><office:master-styles><style:master-page "
      "style:name=\"Standard\" style:page-layout-name=\"pm1\">" +
      master + "</style:master-page></office:master-styles></office:document-styles>";
  const std::string content =
      std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content ") +
      kOdfNamespaces + "><office:automatic-styles>" + automatic +
      "</office:automatic-styles><office:body><office:text>" + body +
      "</office:text></office:body></office:document-content>";
  return testing::MakeZip({{"mimetype", "application/vnd.oasis.opendocument.text"},
                           {"content.xml", content},
                           {"styles.xml", styles}});
}

const char* const kFrame =
    "<draw:frame draw:name=\"p\" svg:width=\"2cm\" svg:height=\"2cm\"><draw:image "
    "xlink:href=\"Pictures/a.png\"/><draw:image xlink:href=\"Pictures/a.svg\"/></draw:frame>";

Document RichOdt() {
  const std::string automatic =
      "<style:style style:name=\"Red\" style:family=\"text\"><style:text-properties "
      "fo:color=\"#FF0000\"/></style:style>"
      "<style:style style:name=\"Exact\" style:family=\"paragraph\"><style:paragraph-properties "
      "fo:line-height=\"0.635cm\" fo:margin-left=\"1cm\" fo:text-indent=\"-0.5cm\" "
      "fo:margin-top=\"12pt\"/></style:style>"
      "<style:style style:name=\"H2\" style:family=\"paragraph\" "
      "style:parent-style-name=\"Heading_20_2\"/>"
      "<style:style style:name=\"Cols\" style:family=\"section\"><style:section-properties>"
      "<style:columns fo:column-count=\"3\"/></style:section-properties></style:style>"
      "<style:style style:name=\"Box\" style:family=\"table-cell\"><style:table-cell-properties "
      "fo:border-top=\"0.5pt solid #000000\" fo:border-left=\"0.5pt solid #000000\" "
      "fo:border-bottom=\"0.5pt solid #000000\" fo:border-right=\"none\"/></style:style>"
      "<text:list-style style:name=\"L\"><text:list-level-style-bullet text:level=\"1\" "
      "text:bullet-char=\"•\"/><text:list-level-style-number text:level=\"2\" "
      "style:num-format=\"a\"/></text:list-style>";
  const std::string body =
      "<text:table-of-content text:name=\"TOC\"><text:index-body><text:index-title>"
      "<text:p>Mục lục</text:p></text:index-title><text:p>1. Mở đầu\t1</text:p>"
      "<text:p>Kết luận\t2</text:p></text:index-body></text:table-of-content>"
      "<text:h text:outline-level=\"1\">Mở đầu</text:h>"
      "<text:p text:style-name=\"Exact\">Đoạn có <text:span text:style-name=\"Red\">chữ "
      "đỏ</text:span>"
      " và ảnh " +
      std::string(kFrame) +
      "<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
      "<text:note-body><text:p>Nguồn: Tổng cục Thống kê.</text:p></text:note-body></text:note>"
      "</text:p>"
      "<text:list text:style-name=\"L\"><text:list-item><text:p>Mục một</text:p><text:list>"
      "<text:list-item><text:p>Mục con</text:p></text:list-item></text:list></text:list-item>"
      "</text:list><text:p>- Mục gõ tay</text:p>"
      "<text:section text:name=\"S\" text:style-name=\"Cols\"><text:p>Ba cột</text:p>"
      "</text:section>"
      "<table:table table:name=\"T\"><table:table-column table:number-columns-repeated=\"2\"/>"
      "<table:table-row><table:table-cell table:style-name=\"Box\" "
      "table:number-columns-spanned=\"2\"><text:p>Gộp</text:p></table:table-cell>"
      "<table:covered-table-cell table:style-name=\"Box\"/></table:table-row><table:table-row>"
      "<table:table-cell table:style-name=\"Box\"><text:p>a</text:p></table:table-cell>"
      "<table:table-cell table:style-name=\"Box\"><text:p>b</text:p></table:table-cell>"
      "</table:table-row></table:table>"
      "<text:p text:style-name=\"H2\">Kết luận</text:p>";
  const std::string master =
      "<style:header><text:p>Trang <text:page-number>3</text:page-number>"
      "</text:p><text:p>" +
      std::string(kFrame) + "</text:p></style:header>";
  return Read(Odt(automatic, body, master));
}

TEST_CASE("an odt: contents, pictures, lists, sections, merged cells and notes",
          "[checker][document]") {
  const Document doc = RichOdt();
  CHECK(doc.toc);
  CHECK(doc.toc_entries == std::vector<std::string>{"Mục lục", "1. Mở đầu\t1", "Kết luận\t2"});
  REQUIRE(doc.paragraphs.size() >= 8);
  CHECK(doc.paragraphs[0].text == "Mở đầu");  // the entries are not body text
  CHECK(doc.body_images == 1);
  CHECK(doc.header_images == 1);
  const Paragraph& exact = doc.paragraphs[1];
  CHECK(exact.line_rule == LineRule::kExact);
  CHECK(exact.line_spacing == Approx(18).margin(0.01));
  CHECK(exact.indent_left_cm == Approx(1));
  CHECK(exact.indent_first_cm == Approx(-0.5));
  CHECK(exact.space_before_pt == Approx(12));
  REQUIRE(exact.runs.size() == 3);
  CHECK(exact.runs[1].format.color == "FF0000");
  CHECK(doc.paragraphs[2].list == ListType::kBullet);
  CHECK(doc.paragraphs[3].list == ListType::kNumber);
  CHECK(doc.paragraphs[3].list_level == 1);
  CHECK(doc.paragraphs[4].list == ListType::kNone);
  CHECK(doc.paragraphs[5].columns == 3);
  CHECK(doc.paragraphs[1].columns == 1);
  REQUIRE(doc.tables.size() == 1);
  CHECK(doc.tables[0].merged);
  CHECK(doc.tables[0].cells == std::vector<std::vector<std::string>>{{"Gộp", ""}, {"a", "b"}});
  // Every cell draws its top, left and bottom; only the left neighbour's left border closes the
  // edge between a and b — the table's right edge stays open.
  CHECK_FALSE(doc.tables[0].borders);
  const Paragraph& h2 = doc.paragraphs.back();
  CHECK(h2.style == "Heading 2");
  CHECK(h2.heading_level == 2);
  REQUIRE(doc.footnotes.size() == 1);
  CHECK(doc.footnotes[0].text == "Nguồn: Tổng cục Thống kê.");
  CHECK(doc.footnotes[0].anchor == "Đoạn có chữ đỏ và ảnh ");
  REQUIRE(doc.pages.size() == 1);
  CHECK(doc.pages[0].header[0].text == "Trang ");
  CHECK(doc.pages[0].header[0].page_number);
  CHECK(doc.pages[0].margin_top_cm == Approx(2.5));  // 1.5 cm to the header, 1 cm high
  CHECK(doc.pages[0].header_cm == Approx(1.5));
}

TEST_CASE("toc, image, columns and footnote checks", "[checker][check]") {
  const Document doc = RichOdt();
  const Outcome toc = Check("toc texts=\"Mở đầu, Kết luận, Phụ lục\"", doc);
  CHECK(toc.verdict == Verdict::kPartial);
  CHECK(toc.score == Approx(2.0 / 3));
  CHECK(toc.evidence_vi == "Mục lục tự động, 3 dòng; yêu cầu có \"Phụ lục\"");
  CHECK(Check("toc", Read(Odt("", "<text:p>Mục lục gõ tay</text:p>"))).verdict == Verdict::kFail);

  CHECK(Check("image", doc).verdict == Verdict::kPass);
  const Outcome two = Check("image count=2", doc);
  CHECK(two.score == 0.5);
  CHECK(two.evidence_vi == "1 hình ảnh trong thân văn bản; yêu cầu ít nhất 2");
  CHECK(Check("image where=header", doc).verdict == Verdict::kPass);

  CHECK(Check("columns count=3 text=\"ba cột\"", doc).verdict == Verdict::kPass);
  CHECK(Check("columns count=3", doc).verdict == Verdict::kPass);
  const Outcome line = Check("columns count=3 line=yes text=\"ba cột\"", doc);
  CHECK(line.score == 0.5);
  CHECK(line.evidence_en ==
        "Paragraph \"Ba cột\": 3 column(s), no line between; expected a line between");
  CHECK(Check("columns count=2", doc).verdict == Verdict::kFail);

  CHECK(Check("footnote text=\"tổng cục thống kê\" after=\"chữ đỏ\"", doc).verdict ==
        Verdict::kPass);
  const Outcome elsewhere = Check("footnote text=\"Tổng cục\" after=\"Mục một\"", doc);
  CHECK(elsewhere.score == 0.5);
  CHECK(elsewhere.evidence_vi ==
        "Chú thích \"Nguồn: Tổng cục Thống kê.\" ở đoạn \"Đoạn có chữ đỏ và ảnh \"; yêu cầu đặt "
        "ở đoạn \"Mục một\"");
  const Outcome typed = Check("footnote text=\"mục gõ tay\"", doc);
  CHECK(typed.verdict == Verdict::kFail);
  CHECK(typed.evidence_en == "\"mục gõ tay\" is body text, not a footnote");
}

TEST_CASE("list, heading and paragraph_format partial scores", "[checker][check]") {
  const Document doc = RichOdt();
  const Outcome list = Check("list texts=\"Mục một, Mục con, Mục gõ tay\" type=bullet", doc);
  // A bullet (1), a numbered sub-item (half: a list, the wrong type), one typed by hand (0).
  CHECK(list.score == Approx(0.5));
  CHECK(list.evidence_vi ==
        "Danh sách: 1,5/3 mục đúng — \"Mục một\": ký hiệu đầu dòng, cấp 1; \"Mục con\": đánh "
        "số, cấp 2; yêu cầu ký hiệu đầu dòng; \"Mục gõ tay\": ký hiệu gõ tay, không phải danh "
        "sách");
  CHECK(Check("list text=\"Mục con\" type=number level=2", doc).verdict == Verdict::kPass);

  CHECK(Check("heading text=\"Mở đầu\" level=1", doc).verdict == Verdict::kPass);
  const Outcome level = Check("heading text=\"Kết luận\" level=1", doc);
  CHECK(level.score == 0.5);
  CHECK(level.evidence_vi == "Đoạn \"Kết luận\": kiểu Heading 2, đề mục cấp 2; yêu cầu cấp 1");
  CHECK(Check("heading text=\"Ba cột\"", doc).verdict == Verdict::kFail);

  const Outcome format = Check(
      "paragraph_format text=\"chữ đỏ\" color=red line_spacing=1.5 indent_left=1 "
      "indent_first=-0,5 space_before=12",
      doc);
  // Mixed colours (black and red runs): not red; 18 pt exactly is not 1.5 lines.
  CHECK(format.score == Approx(3.0 / 5));
  CHECK(format.evidence_vi ==
        "Đoạn \"Đoạn có chữ đỏ và ảnh \": Times New Roman, cỡ 13, căn trái, nhiều màu, "
        "cách trên 12 pt, giãn dòng 18 pt, thụt trái 1 cm, thụt đầu dòng -0,5 cm; yêu cầu màu "
        "red, giãn dòng 1,5");
  CHECK(format.evidence_en.find(", mixed colours, space before 12 pt") != std::string::npos);
}

TEST_CASE("page_setup, page_number, header_text and footer_text", "[checker][check]") {
  const Document doc = RichOdt();
  // A4 landscape; top 1.5 cm to the header (LibreOffice's margin), 2.5 cm to the body (Word's).
  CHECK(
      Check("page_setup size=A4 orientation=landscape margin_top=1.5 margin_left=3", doc).verdict ==
      Verdict::kPass);
  CHECK(Check("page_setup margin_top=2.5", doc).verdict == Verdict::kPass);
  const Outcome portrait = Check("page_setup size=A4 orientation=portrait margin_top=2", doc);
  CHECK(portrait.score == Approx(1.0 / 3));
  CHECK(portrait.evidence_vi ==
        "khổ A4 ngang, lề trên 2,5 cm (đầu trang cách mép 1,5 cm), lề dưới 2 cm, lề trái 3 cm, "
        "lề phải 2 cm; yêu cầu hướng dọc, lề trên 2 cm");
  CHECK(Check("page_setup margin_top=2 tolerance=0.5", doc).verdict == Verdict::kPass);

  CHECK(Check("page_number where=header", doc).verdict == Verdict::kPass);
  const Outcome footer = Check("page_number where=footer align=center", doc);
  CHECK(footer.score == 0.5);  // there is one, in the header, left aligned
  CHECK(footer.evidence_vi == "Số trang ở đầu trang, căn trái; yêu cầu ở chân trang, căn giữa");

  CHECK(Check("header_text text=\"trang\"", doc).verdict == Verdict::kPass);
  const Outcome italic = Check("header_text text=\"trang\" italic=yes align=end", doc);
  CHECK(italic.score == Approx(1.0 / 3));
  const Outcome none = Check("footer_text text=\"x\"", doc);
  CHECK(none.verdict == Verdict::kFail);
  CHECK(none.evidence_vi == "Không có chân trang");
}

TEST_CASE("document_font counts the characters of each font and size", "[checker][check]") {
  const std::string automatic =
      "<style:style style:name=\"A\" style:family=\"text\"><style:text-properties "
      "fo:font-family=\"Arial\" fo:font-size=\"12pt\"/></style:style>";
  // 30 visible characters in Times New Roman 13, 10 in Arial 12.
  const Document doc = Read(Odt(automatic,
                                "<text:p>aaaaaaaaaa bbbbbbbbbb cccccccccc <text:span "
                                "text:style-name=\"A\">dddddddddd</text:span></text:p>"));
  const Outcome both = Check("document_font font=\"Times New Roman\" size=13", doc);
  CHECK(both.score == Approx(0.75));
  CHECK(both.evidence_vi ==
        "Thân văn bản: Times New Roman 75% số ký tự; cỡ 13 75% số ký tự (còn lại chủ yếu Arial); "
        "yêu cầu từ 90%");
  CHECK(Check("document_font font=\"Times New Roman\" min=0.75", doc).verdict == Verdict::kPass);
  CHECK(Check("document_font size=12 min=0.2", doc).verdict == Verdict::kPass);
  CHECK(CompileCheck("document_font min=0.5", Kind::kDocument).status().message() ==
        "document_font: font= or size= is required");
  CHECK(CompileCheck("document_font font=Arial min=2", Kind::kDocument)
            .status()
            .message()
            .starts_with("document_font: min= is a share"));
}

// ---- A .docx built here, as Word writes one ----

std::string Docx(const std::string& body, const std::string& extra_rels = "",
                 const std::vector<std::pair<std::string, std::string>>& parts = {}) {
  const std::string w =
      "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
      "relationships\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/"
      "2006/main\"";
  testing::ZipEntries entries = {
      {"[Content_Types].xml",
       "<?xml version=\"1.0\"?><Types "
       "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override "
       "PartName=\"/word/document.xml\" ContentType=\"application/"
       "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"},
      {"word/document.xml",
       "<?xml version=\"1.0\"?><w:document " + w + "><w:body>" + body + "</w:body></w:document>"},
      {"word/_rels/document.xml.rels",
       "<?xml version=\"1.0\"?><Relationships "
       "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
           extra_rels + "</Relationships>"}};
  for (const auto& [name, xml] : parts) {
    entries.emplace_back(
        name, "<?xml version=\"1.0\"?>" + std::string(xml).insert(xml.find(' '), " " + w));
  }
  return testing::MakeZip(entries);
}

std::string Rel(const std::string& id, const std::string& type, const std::string& target) {
  return "<Relationship Id=\"" + id +
         "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/" + type +
         "\" Target=\"" + target + "\"/>";
}

TEST_CASE("a docx: a TOC field, a footnote, merged cells, theme colours and a header field",
          "[checker][document]") {
  const std::string body =
      // Word's table of contents: a content control around a TOC field.
      "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/>"
      "</w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Mục lục</w:t></w:r></w:p><w:p>"
      "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> TOC \\o \"1-3\" "
      "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>Mở "
      "đầu</w:t></w:r></w:p><w:p><w:r><w:t>Kết luận</w:t></w:r><w:r><w:fldChar "
      "w:fldCharType=\"end\"/></w:r></w:p></w:sdtContent></w:sdt>"
      // A paragraph with exact line spacing, a hanging indent, a border, a fill and a note.
      "<w:p><w:pPr><w:spacing w:line=\"360\" w:lineRule=\"exact\"/><w:ind w:left=\"567\" "
      "w:hanging=\"284\"/><w:pBdr><w:left w:val=\"single\"/></w:pBdr><w:shd w:val=\"clear\" "
      "w:fill=\"FFF2CC\"/></w:pPr><w:r><w:rPr><w:color w:themeColor=\"accent2\"/></w:rPr>"
      "<w:t>Chữ màu chủ đề</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r></w:p>"
      // A 3 × 2 table: a cell spanning two columns, a vertical merge.
      "<w:tbl><w:tblPr><w:tblBorders><w:top w:val=\"single\"/><w:left w:val=\"single\"/>"
      "<w:bottom w:val=\"single\"/><w:right w:val=\"single\"/><w:insideH w:val=\"single\"/>"
      "<w:insideV w:val=\"single\"/></w:tblBorders></w:tblPr>"
      "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/><w:shd w:fill=\"D9E2F3\"/></w:tcPr><w:p><w:r>"
      "<w:rPr><w:b/></w:rPr><w:t>Gộp</w:t></w:r></w:p></w:tc></w:tr>"
      "<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>Dọc</w:t></w:r>"
      "</w:p></w:tc><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>"
      "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>y</w:t></w:r>"
      "</w:p></w:tc></w:tr></w:tbl>"
      "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rH\"/><w:pgSz w:w=\"11906\" "
      "w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:bottom=\"1134\" w:left=\"1701\" "
      "w:right=\"1134\" w:header=\"709\" w:footer=\"709\"/><w:cols w:num=\"2\" "
      "w:sep=\"1\"/></w:sectPr>";
  const std::string rels = Rel("rT", "theme", "theme/theme1.xml") +
                           Rel("rF", "footnotes", "footnotes.xml") +
                           Rel("rH", "header", "header1.xml");
  const Document doc = Read(Docx(
      body, rels,
      {{"word/theme/theme1.xml",
        "<a:theme name=\"t\"><a:themeElements><a:clrScheme name=\"c\"><a:accent2><a:srgbClr "
        "val=\"C0504D\"/></a:accent2></a:clrScheme></a:themeElements></a:theme>"},
       {"word/footnotes.xml",
        "<w:footnotes x=\"\"><w:footnote w:type=\"separator\" w:id=\"0\"><w:p><w:r><w:separator/>"
        "</w:r></w:p></w:footnote><w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r>"
        "<w:t xml:space=\"preserve\"> Ghi chú.</w:t></w:r></w:p></w:footnote></w:footnotes>"},
       {"word/header1.xml",
        "<w:hdr x=\"\"><w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr><w:fldSimple "
        "w:instr=\" PAGE \"><w:r><w:t>7</w:t></w:r></w:fldSimple></w:p></w:hdr>"}}));
  CHECK(doc.toc);
  CHECK(doc.toc_entries == std::vector<std::string>{"Mục lục", "Mở đầu", "Kết luận"});
  REQUIRE(doc.paragraphs.size() >= 1);
  const Paragraph& p = doc.paragraphs[0];
  CHECK(p.text == "Chữ màu chủ đề");
  CHECK(p.line_rule == LineRule::kExact);
  CHECK(p.line_spacing == 18);
  CHECK(p.indent_left_cm == Approx(1.0).margin(0.001));
  CHECK(p.indent_first_cm == Approx(-0.501).margin(0.001));
  CHECK(p.border);
  CHECK(p.fill == "FFF2CC");
  CHECK(p.runs[0].format.color == "C0504D");
  CHECK(p.columns == 2);
  CHECK(p.column_line);
  REQUIRE(doc.footnotes.size() == 1);
  CHECK(doc.footnotes[0].text == "Ghi chú.");
  CHECK(doc.footnotes[0].anchor == "Chữ màu chủ đề");
  REQUIRE(doc.tables.size() == 1);
  const Table& t = doc.tables[0];
  CHECK(t.cells == std::vector<std::vector<std::string>>{{"Gộp", ""}, {"Dọc", "x"}, {"", "y"}});
  CHECK(t.merged);
  CHECK(t.borders);
  CHECK(t.header_bold);
  CHECK(t.header_fill == "D9E2F3");
  REQUIRE(doc.pages.size() == 1);
  CHECK(doc.pages[0].margin_left_cm == Approx(3.0).margin(0.001));
  CHECK(doc.pages[0].header_cm == Approx(1.25).margin(0.001));
  REQUIRE(doc.pages[0].header.size() == 1);
  CHECK(doc.pages[0].header[0].page_number);
  CHECK(doc.pages[0].header[0].text.empty());  // the 7 is the field's result, not text

  CHECK(Check("table merged=yes borders=yes header_bold=yes header_fill=yes rows=3 columns=2 "
              "texts=\"Dọc, y\"",
              doc)
            .verdict == Verdict::kPass);
  CHECK(Check("page_number where=header align=end", doc).verdict == Verdict::kPass);
  CHECK(
      Check("paragraph_format text=\"màu chủ đề\" border=yes fill=yes color=C0504D", doc).verdict ==
      Verdict::kPass);
  CHECK(Check("columns count=2 line=yes", doc).verdict == Verdict::kPass);
}

TEST_CASE("bad arguments of the document checks are refused with their reason",
          "[checker][check]") {
  auto message = [](std::string_view text) {
    return CompileCheck(text, Kind::kDocument).status().message();
  };
  CHECK(message("page_setup") ==
        "page_setup: nothing asked (size=, orientation=, margin_top=, margin_bottom=, "
        "margin_left=, margin_right=)");
  CHECK(message("page_setup size=B5") == "page_setup: size=B5: expected one of A4, A5, A3, Letter");
  CHECK(message("columns") == "columns: count= is required");
  CHECK(message("list type=bullet") == "list: text= or texts= is required");
  CHECK(message("paragraph_format text=x color=pink")
            .starts_with("paragraph_format: color=pink: expected six hex digits"));
  CHECK(message("heading text=x level=10") == "heading: level=10: expected a whole number 1..9");
  CHECK(message("image where=footer") == "image: where=footer: expected one of body, header");
  CHECK(message("table rows=0").starts_with("table: rows=0"));
  CHECK(message("footnote after=x") == "footnote: text= is required");
}

}  // namespace
}  // namespace khaothi::checker
