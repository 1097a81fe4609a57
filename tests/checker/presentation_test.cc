// The same presentation saved as .pptx and .odp reads the same: slides, layouts, titles, body
// text with bullets and sizes, pictures, shapes, tables, footers, numbers, backgrounds,
// animations and notes; and the presentation checks, their arguments and their evidence.
#include "khaothi/checker/presentation.h"

#include <string>

#include <catch2/catch.hpp>

#include "khaothi/checker/check.h"
#include "khaothi/checker/office_file.h"

#include "test_util.h"

namespace khaothi::checker {
namespace {

Presentation Load(const std::string& relative) {
  auto file = OfficeFile::Open(testing::ReadFile(std::string(KHAOTHI_SOURCE_DIR) + "/" + relative));
  INFO(relative << ": " << file.status().message());
  REQUIRE(file.ok());
  auto p = ReadPresentation(*file);
  INFO(p.status().message());
  REQUIRE(p.ok());
  return std::move(p).value();
}

// Everything but the transition's name, which each format spells its own way ("wipe" in
// PowerPoint's vocabulary, "barWipe" in SMIL's).
void RequireSame(const Presentation& a, const Presentation& b) {
  CHECK(a.width_cm == Approx(b.width_cm).margin(0.01));
  CHECK(a.height_cm == Approx(b.height_cm).margin(0.01));
  REQUIRE(a.slides.size() == b.slides.size());
  for (size_t i = 0; i < a.slides.size(); ++i) {
    INFO("slide " << i + 1);
    const Slide& x = a.slides[i];
    const Slide& y = b.slides[i];
    CHECK(x.hidden == y.hidden);
    CHECK(LayoutName(x.layout) == LayoutName(y.layout));
    CHECK(x.title == y.title);
    CHECK(x.title_size_pt == y.title_size_pt);
    REQUIRE(x.body.size() == y.body.size());
    for (size_t j = 0; j < x.body.size(); ++j) {
      CHECK(x.body[j].text == y.body[j].text);
      CHECK(x.body[j].level == y.body[j].level);
      CHECK(x.body[j].bullet == y.body[j].bullet);
      CHECK(x.body[j].numbered == y.body[j].numbered);
      CHECK(x.body[j].size_pt == y.body[j].size_pt);
    }
    CHECK(x.other_texts == y.other_texts);
    CHECK(x.images == y.images);
    CHECK(x.shapes == y.shapes);
    CHECK(x.connectors == y.connectors);
    REQUIRE(x.tables.size() == y.tables.size());
    for (size_t j = 0; j < x.tables.size(); ++j) {
      CHECK(x.tables[j].rows == y.tables[j].rows);
      CHECK(x.tables[j].columns == y.tables[j].columns);
    }
    CHECK(x.transition.empty() == y.transition.empty());
    CHECK(x.animations == y.animations);
    CHECK(x.footer == y.footer);
    CHECK(x.slide_number == y.slide_number);
    CHECK(x.date == y.date);
    CHECK(x.background == y.background);
    CHECK(x.notes == y.notes);
  }
}

TEST_CASE("the IU05 models read the same from pptx and odp", "[checker][presentation]") {
  for (const std::string task : {"IU05-A", "IU05-B", "IU05-C"}) {
    INFO(task);
    const std::string dir = "question-bank/data/practical/" + task + "/";
    RequireSame(Load(dir + "loi-giai.pptx"), Load(dir + "loi-giai.odp"));
  }
}

TEST_CASE("the IU05-C model reads as its author made it", "[checker][presentation]") {
  for (const std::string ext : {"pptx", "odp"}) {
    INFO(ext);
    const Presentation p = Load("question-bank/data/practical/IU05-C/loi-giai." + ext);
    REQUIRE(p.slides.size() == 6);
    CHECK(p.width_cm == Approx(28).margin(0.01));  // 16:9
    CHECK(p.height_cm == Approx(15.75).margin(0.01));
    const Slide& first = p.slides[0];
    CHECK(first.layout == Layout::kTitle);
    CHECK(first.title == "NGÀY HỘI ĐỌC SÁCH 2026");
    CHECK(first.title_size_pt == 36);
    REQUIRE(first.body.size() == 1);
    CHECK(first.body[0].text == "Thư viện Trường THPT Lê Quý Đôn");
    CHECK_FALSE(first.body[0].bullet);
    CHECK(first.footer == "Thư viện THPT Lê Quý Đôn");
    CHECK(first.slide_number);
    CHECK_FALSE(first.date);
    CHECK(first.background == Background{BackgroundKind::kSolid, "#eef6e8"});
    CHECK_FALSE(first.transition.empty());

    const Slide& aims = p.slides[1];
    CHECK(aims.layout == Layout::kTitleAndContent);
    REQUIRE(aims.body.size() == 3);
    CHECK(aims.body[0].bullet);
    CHECK_FALSE(aims.body[0].numbered);
    CHECK(aims.body[0].size_pt == 24);
    CHECK(aims.animations == 1);
    CHECK(aims.notes == "Nhấn mạnh: mỗi lớp cử ít nhất 5 bạn tham gia.");

    CHECK(p.slides[2].layout == Layout::kTwoContent);
    CHECK(p.slides[2].images == 1);
    CHECK(p.slides[2].animations == 1);
    CHECK(p.slides[3].layout == Layout::kTitleOnly);
    REQUIRE(p.slides[3].tables.size() == 1);
    CHECK(p.slides[3].tables[0].rows == 4);
    CHECK(p.slides[3].tables[0].columns == 3);
    REQUIRE(p.slides[4].body.size() == 3);
    CHECK(p.slides[4].body[2].numbered);
    CHECK(p.slides[5].notes == "Cảm ơn thầy cô và các bạn; mời mọi người đặt câu hỏi.");
  }
}

TEST_CASE("a diagram of boxes and arrows counts its shapes and connectors",
          "[checker][presentation]") {
  for (const std::string ext : {"pptx", "odp"}) {
    INFO(ext);
    const Presentation p = Load("question-bank/data/practical/IU05-A/loi-giai." + ext);
    const Slide& journey = p.slides[3];
    CHECK(journey.shapes == 5);
    CHECK(journey.connectors == 2);
    CHECK(journey.other_texts == std::vector<std::string>{"Bến tàu Tuần Châu",
                                                          "Du thuyền trên vịnh",
                                                          "Tham quan hang, đảo"});
  }
}

TEST_CASE("a workbook is not a presentation", "[checker][presentation]") {
  auto file = OfficeFile::Open(testing::ReadFile(
      std::string(KHAOTHI_SOURCE_DIR) + "/question-bank/data/practical/IU04-A/loi-giai.xlsx"));
  REQUIRE(file.ok());
  const auto p = ReadPresentation(*file);
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().message().find("không phải bài trình chiếu") != std::string::npos);
}

Outcome Run(const std::string& check, const Presentation& p) {
  auto compiled = CompileCheck(check, Kind::kPresentation);
  INFO(check << ": " << compiled.status().message());
  REQUIRE(compiled.ok());
  return compiled->presentation(p);
}

TEST_CASE("presentation checks pass on the model and say why", "[checker][presentation]") {
  const Presentation p = Load("question-bank/data/practical/IU05-A/loi-giai.pptx");
  const Outcome layout = Run("slide_layout slide=2 layout=title_and_content", p);
  CHECK(layout.verdict == Verdict::kPass);
  CHECK(layout.evidence_vi == "Trang 2: bố cục Title and Content, tiêu đề \"Giới thiệu chung\"");
  CHECK(Run("slide_title slide=last text=\"xin cảm ơn\"", p).verdict == Verdict::kPass);
  CHECK(Run("slide_text text=\"1.553 km²\"", p).verdict == Verdict::kPass);
  CHECK(Run("slide_text slide=3 text=\"Làng chài Cửa Vạn\"", p).verdict == Verdict::kPass);
  const Outcome order =
      Run("slide_order titles=\"Vịnh Hạ Long|Giới thiệu chung|Một số điểm tham quan|Hành trình một "
          "ngày|Xin cảm ơn\"",
          p);
  CHECK(order.verdict == Verdict::kPass);
  CHECK(Run("table slide=3 rows=4 columns=3", p).verdict == Verdict::kPass);
  CHECK(Run("shape slide=4 count=3 connectors=2", p).verdict == Verdict::kPass);
  CHECK(Run("footer text=\"Du lịch Quảng Ninh 2026\"", p).evidence_vi ==
        "Cả 5 trang có chân trang \"Du lịch Quảng Ninh 2026\"");
  CHECK(Run("background same=yes custom=yes", p).evidence_vi == "5/5 trang nền màu #e8f1fa");
  CHECK(Run("title_size min=32", p).verdict == Verdict::kPass);
  CHECK(Run("body_size min=20", p).verdict == Verdict::kPass);
  CHECK(Run("bullets slide=2", p).verdict == Verdict::kPass);
}

TEST_CASE("presentation checks fail or give part marks where a marker would",
          "[checker][presentation]") {
  const Presentation p = Load("question-bank/data/practical/IU05-A/loi-giai.odp");
  SECTION("a slide that is not there") {
    const Outcome o = Run("slide_layout slide=7 layout=title", p);
    CHECK(o.verdict == Verdict::kFail);
    CHECK(o.evidence_vi == "Không có trang 7 (bài có 5 trang)");
    CHECK(o.evidence_en == "No slide 7 (the presentation has 5 slides)");
  }
  SECTION("the wrong layout") {
    const Outcome o = Run("slide_layout slide=1 layout=title_and_content", p);
    CHECK(o.verdict == Verdict::kFail);
    CHECK(
        o.evidence_vi ==
        "Trang 1: bố cục Title Slide, tiêu đề \"VỊNH HẠ LONG\"; yêu cầu bố cục Title and Content");
  }
  SECTION("titles out of order give the share found in order") {
    const Outcome o = Run("slide_order titles=\"Xin cảm ơn|Vịnh Hạ Long|Giới thiệu chung\"", p);
    CHECK(o.verdict == Verdict::kPartial);
    CHECK(o.score == Approx(2.0 / 3));
  }
  SECTION("a table of the wrong size") {
    const Outcome o = Run("table slide=3 rows=5 columns=3", p);
    CHECK(o.score == Approx(0.5));
    CHECK(o.evidence_vi.find("bảng 4 dòng × 3 cột, yêu cầu 5 dòng × 3 cột") != std::string::npos);
    CHECK(Run("table slide=2 rows=4 columns=3", p).verdict == Verdict::kFail);
  }
  SECTION("sizes asked of every title and paragraph") {
    const Outcome o = Run("title_size min=40", p);
    CHECK(o.verdict == Verdict::kFail);
    CHECK(o.evidence_vi == "0/5 tiêu đề cỡ từ 40; trang 1 tiêu đề cỡ 36");
    CHECK(Run("body_size min=28", p).verdict == Verdict::kFail);
  }
  SECTION("no notes, no animations, no picture") {
    CHECK(Run("notes", p).verdict == Verdict::kFail);
    CHECK(Run("animation", p).verdict == Verdict::kFail);
    CHECK(Run("image slide=1", p).verdict == Verdict::kFail);
    CHECK(Run("bullets slide=1", p).verdict == Verdict::kFail);  // a subtitle, not a list
    CHECK(Run("bullets slide=2 numbered=yes", p).verdict == Verdict::kFail);
  }
}

TEST_CASE("presentation checks refuse bad arguments", "[checker][presentation]") {
  for (const char* bad : {
           "slide_layout slide=2 layout=sideways",
           "slide_layout layout=title",
           "slide_title text=\"A\"",
           "slide_title slide=0 text=\"A\"",
           "slide_order titles=\"A||B\"",
           "table rows=4",
           "background",
           "title_size",
           "shape slide=2 colour=red",
           "slide_count min=6 max=5",
       }) {
    INFO(bad);
    CHECK_FALSE(CompileCheck(bad, Kind::kPresentation).ok());
  }
  CHECK(CompileCheck("notes slide=last", Kind::kPresentation).ok());
}

}  // namespace
}  // namespace khaothi::checker
