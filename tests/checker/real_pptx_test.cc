// Presentations Microsoft PowerPoint wrote (tests/checker/real/pptx, origins in ../README.md):
// the checker reads them with what a person sees in PowerPoint — layouts by the gallery's names,
// sizes inherited from the layout and the master's text styles, backgrounds from the master,
// transitions, animations, footers, slide numbers, tables, numbered lists and speaker notes.
#include <string>

#include <catch2/catch.hpp>

#include "khaothi/checker/check.h"
#include "khaothi/checker/office_file.h"
#include "khaothi/checker/presentation.h"

#include "test_util.h"

namespace khaothi::checker {
namespace {

Presentation Load(const std::string& name) {
  const std::string bytes =
      testing::ReadFile(std::string(KHAOTHI_SOURCE_DIR) + "/tests/checker/real/pptx/" + name);
  auto file = OfficeFile::Open(bytes);
  INFO(name << ": " << file.status().message());
  REQUIRE(file.ok());
  REQUIRE(file->family() == Family::kOoxml);
  auto presentation = ReadPresentation(*file);
  INFO(presentation.status().message());
  REQUIRE(presentation.ok());
  return std::move(presentation).value();
}

Outcome Run(const std::string& check, const Presentation& p) {
  auto compiled = CompileCheck(check, Kind::kPresentation);
  INFO(check << ": " << compiled.status().message());
  REQUIRE(compiled.ok());
  return compiled->presentation(p);
}

TEST_CASE("PowerPoint's own layouts read by their gallery names, sizes from the master",
          "[checker][real][pptx]") {
  // Apache POI's layouts.pptx: one slide per layout of the Office theme (PowerPoint 2010).
  const Presentation p = Load("layouts.pptx");
  REQUIRE(p.slides.size() == 10);
  CHECK(p.width_cm == Approx(25.4));  // On-screen Show (4:3): 9144000 × 6858000 EMU
  CHECK(p.height_cm == Approx(19.05));
  CHECK(p.slides[0].layout == Layout::kTitle);
  CHECK(p.slides[0].title == "Centered Title");
  CHECK(p.slides[1].layout == Layout::kTitleAndContent);
  CHECK(p.slides[2].layout == Layout::kSection);
  CHECK(p.slides[3].layout == Layout::kTwoContent);
  CHECK(p.slides[4].layout == Layout::kOther);  // Comparison
  CHECK(p.slides[5].layout == Layout::kTitleOnly);
  CHECK(p.slides[6].layout == Layout::kBlank);
  CHECK(p.slides[7].layout == Layout::kOther);  // Content with Caption
  CHECK(p.slides[8].layout == Layout::kOther);  // Picture with Caption
  CHECK(p.slides[8].images == 1);

  // No size on any run: the title's 44 pt and the levels' 32/28/24/20 come from the master's
  // text styles; the Two Content layout sets its own 28/24/20; the Section Header 40 and 20.
  CHECK(p.slides[1].title_size_pt == 44);
  REQUIRE(p.slides[1].body.size() == 9);
  CHECK(p.slides[1].body[0].text == "Content");
  CHECK(p.slides[1].body[0].size_pt == 32);
  CHECK(p.slides[1].body[0].bullet);
  CHECK(p.slides[1].body[1].level == 1);
  CHECK(p.slides[1].body[1].size_pt == 28);
  CHECK(p.slides[1].body[2].size_pt == 24);
  CHECK(p.slides[1].body[3].size_pt == 20);
  CHECK(p.slides[3].body[0].text == "Left");
  CHECK(p.slides[3].body[0].size_pt == 28);
  CHECK(p.slides[3].body[1].size_pt == 24);
  CHECK(p.slides[2].title_size_pt == 40);
  CHECK(p.slides[2].body[0].size_pt == 20);
  CHECK_FALSE(p.slides[2].body[0].bullet);  // the section header's text has no bullet

  // The last slide switches on the footer, date and number placeholders.
  const Slide& last = p.slides[9];
  CHECK(last.title == "Headers & Footers");
  CHECK(last.footer == "Apache Software Foundation");
  CHECK(last.slide_number);
  CHECK(last.date);
  CHECK_FALSE(p.slides[1].slide_number);
  CHECK(p.slides[0].background == Background{BackgroundKind::kSolid, "#ffffff"});

  CHECK(Run("slide_layout slide=3 layout=section", p).verdict == Verdict::kPass);
  CHECK(Run("footer slide=10 text=\"Apache Software Foundation\"", p).verdict == Verdict::kPass);
  const Outcome numbers = Run("slide_number", p);
  CHECK(numbers.verdict == Verdict::kPartial);
  CHECK(numbers.score == Approx(0.1));
  CHECK(Run("background custom=yes", p).verdict == Verdict::kFail);  // plain white
}

TEST_CASE("a PowerPoint deck with a transition on every slide, a gradient master and arrows",
          "[checker][real][pptx]") {
  // Apache POI's 45541_Footer.pptx: 11 slides, a zoom transition on each, a gradient background
  // on the master, an entrance effect on the first and last slides.
  const Presentation p = Load("45541_Footer.pptx");
  REQUIRE(p.slides.size() == 11);
  for (const Slide& s : p.slides) {
    CHECK(s.transition == "zoom");
    CHECK(s.background.kind == BackgroundKind::kGradient);
  }
  CHECK(p.slides[0].title == "Removing financing obstacles through project structuring");
  CHECK(p.slides[0].animations == 1);
  CHECK(p.slides[10].animations == 1);
  CHECK(p.slides[1].animations == 0);
  // "Outline of the presentation" is five runs, one of them a lone space.
  CHECK(p.slides[1].title == "Outline of the presentation");
  CHECK(p.slides[1].title_size_pt == 44);
  REQUIRE(p.slides[1].body.size() == 3);
  CHECK(p.slides[1].body[0].text == "Project preparation");
  CHECK(p.slides[1].body[0].size_pt == 32);
  // Slide 3 is a process drawn with a pentagon arrow, two chevrons and a rectangle, labelled by
  // text boxes.
  CHECK(p.slides[2].layout == Layout::kBlank);
  CHECK(p.slides[2].shapes == 4);
  CHECK(p.slides[2].connectors == 3);

  CHECK(Run("transition", p).verdict == Verdict::kPass);
  CHECK(Run("background same=yes custom=yes", p).verdict == Verdict::kPass);
  CHECK(Run("animation count=2", p).verdict == Verdict::kPass);
  CHECK(Run("title_size min=40", p).verdict == Verdict::kPass);
  CHECK(Run("shape slide=3 count=4 connectors=2", p).verdict == Verdict::kPass);
}

TEST_CASE("a PowerPoint deck with its own layouts, a picture background, a table and notes",
          "[checker][real][pptx]") {
  // Apache POI's aptia.pptx: user-drawn layouts, the master's picture background, sizes from the
  // master (title 32, body 28 with no bullet at the first level), a numbered list, a table.
  const Presentation p = Load("aptia.pptx");
  REQUIRE(p.slides.size() == 9);
  // The first slide's layout is the deck's own "Title Slide"; its text is in text boxes.
  CHECK(p.slides[0].layout == Layout::kTitle);
  CHECK(p.slides[0].title.empty());
  REQUIRE_FALSE(p.slides[0].other_texts.empty());
  CHECK(p.slides[0].other_texts[0] ==
        "Role of the Fair Work Commission\nin the 4 yearly review of modern awards");
  for (const Slide& s : p.slides) CHECK(s.background.kind == BackgroundKind::kImage);

  const Slide& overview = p.slides[1];
  CHECK(overview.layout == Layout::kTitleAndContent);
  CHECK(overview.title == "Award modernisation overview");
  CHECK(overview.title_size_pt == 32);
  REQUIRE(overview.body.size() == 3);
  CHECK(overview.body[0].text == "2008-09 — Award modernisation");
  CHECK(overview.body[0].size_pt == 28);
  CHECK_FALSE(overview.body[0].bullet);
  CHECK(overview.slide_number);

  CHECK(p.slides[3].notes == "Stage 3 and 4 timetable yet to be finalised.");
  CHECK(p.slides[3].title == "Award stage");  // the title's trailing line break is not text
  REQUIRE(p.slides[4].tables.size() == 1);
  CHECK(p.slides[4].tables[0].rows == 5);
  CHECK(p.slides[4].tables[0].columns == 2);
  REQUIRE(p.slides[5].body.size() == 8);
  CHECK(p.slides[5].body[0].numbered);
  CHECK(p.slides[5].body[0].text == "Initial conference – scheduling");
  CHECK(p.slides[5].body[0].size_pt == 22);
  // `<p:transition/>` with no effect is no transition.
  CHECK(p.slides[1].transition.empty());

  CHECK(Run("notes slide=4 text=\"timetable yet to be finalised\"", p).verdict == Verdict::kPass);
  CHECK(Run("table slide=5 rows=5 columns=2", p).verdict == Verdict::kPass);
  CHECK(Run("bullets slide=6 numbered=yes", p).verdict == Verdict::kPass);
  CHECK(Run("transition", p).verdict == Verdict::kFail);
  CHECK(Run("background same=yes custom=yes", p).verdict == Verdict::kPass);
}

TEST_CASE("placeholders inherit position and size from the layout, notes from the notes page",
          "[checker][real][pptx]") {
  // python-pptx's ph-inherit-props.pptx (PowerPoint for Mac 2011).
  const Presentation p = Load("ph-inherit-props.pptx");
  REQUIRE(p.slides.size() == 2);
  CHECK(p.slides[0].title == "Title Text");
  CHECK(p.slides[0].title_size_pt == 44);
  REQUIRE(p.slides[0].body.size() == 1);
  CHECK(p.slides[0].body[0].text == "Body Text");
  CHECK(p.slides[0].body[0].size_pt == 32);
  CHECK(p.slides[0].notes == "Notes in inherited position and size.");
  CHECK(p.slides[1].notes == "Notes in modified position and size.");
}

TEST_CASE("a SmartArt diagram counts the shapes PowerPoint drew for it", "[checker][real][pptx]") {
  // Apache POI's SmartArt.pptx (PowerPoint 2016): the Basic Block List, five empty blocks, kept
  // in ppt/diagrams/drawing1.xml beside the diagram's data.
  const Presentation p = Load("SmartArt.pptx");
  REQUIRE(p.slides.size() == 1);
  CHECK(p.slides[0].shapes == 5);
  CHECK(p.slides[0].connectors == 0);
  CHECK(Run("shape slide=1 count=5", p).verdict == Verdict::kPass);
}

}  // namespace
}  // namespace khaothi::checker
