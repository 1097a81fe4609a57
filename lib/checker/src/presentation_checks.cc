// The checks on a presentation (docs/practical.md, "Checks on presentations"). A check that names
// a slide (`slide=3`) reads that slide of the show order; one that names none reads them all and
// scores the share of slides that do what it asks.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "khaothi/checker/check.h"

#include "presentation_checks_internal.h"

namespace khaothi::checker::internal {

std::string QuotedExcerpt(const std::string& text) { return "\"" + Excerpt(text) + "\""; }

std::string PointsText(double value) { return VietnameseNumber(value, 1); }

std::string SlideVi(const Presentation& p, int index) {
  const Slide& s = p.slides[static_cast<size_t>(index)];
  return "Trang " + std::to_string(index + 1) + ": bố cục " +
         std::string(LayoutDisplayName(s.layout)) + ", " +
         (s.title.empty() ? "không có tiêu đề" : "tiêu đề " + QuotedExcerpt(s.title));
}
std::string SlideEn(const Presentation& p, int index) {
  const Slide& s = p.slides[static_cast<size_t>(index)];
  return "Slide " + std::to_string(index + 1) + ": layout " +
         std::string(LayoutDisplayName(s.layout)) + ", " +
         (s.title.empty() ? "no title" : "title " + QuotedExcerpt(s.title));
}

Outcome NoSuchSlide(const Presentation& p, int slide) {
  const std::string n = std::to_string(p.slides.size());
  return MakeOutcome(
      0, "Không có trang " + std::to_string(slide) + " (bài có " + n + " trang)",
      "No slide " + std::to_string(slide) + " (the presentation has " + n + " slides)");
}

std::optional<int> SlideKey(Args& args) {
  if (args.Text("slide") == "last") return kLastSlide;
  return args.Whole("slide", 1, 1000);
}
int Resolve(const Presentation& p, int slide) {
  return slide == kLastSlide ? std::max(1, static_cast<int>(p.slides.size())) : slide;
}
std::optional<int> Resolve(const Presentation& p, std::optional<int> slide) {
  if (!slide) return std::nullopt;
  return Resolve(p, *slide);
}

namespace {

// Every text a person reads on the slide: title, body, text boxes, shapes, table cells.
bool SlideHasText(const Slide& s, const std::string& wanted) {
  if (LooseText(s.title).find(wanted) != std::string::npos) return true;
  for (const SlideParagraph& p : s.body) {
    if (LooseText(p.text).find(wanted) != std::string::npos) return true;
  }
  for (const std::string& t : s.other_texts) {
    if (LooseText(t).find(wanted) != std::string::npos) return true;
  }
  return false;
}

// slide_count min=5 [max=6] — the number of slides.
PresentationCheck CompileSlideCount(Args& args) {
  const int min = args.Whole("min", 0, 1000).value_or(0);
  const int max = args.Whole("max", 0, 1000).value_or(1000);
  if (min > max) args.Fail("min= is above max=");
  return [min, max](const Presentation& p) {
    const int n = static_cast<int>(p.slides.size());
    const std::string wanted =
        min == max ? std::to_string(min) : std::to_string(min) + "–" + std::to_string(max);
    const bool ok = n >= min && n <= max;
    return MakeOutcome(ok ? 1 : 0,
                       std::to_string(n) + " trang chiếu" + (ok ? "" : "; yêu cầu " + wanted),
                       std::to_string(n) + " slides" + (ok ? "" : "; expected " + wanted));
  };
}

// slide_title slide=N text="..." — the slide's title contains the text.
PresentationCheck CompileSlideTitle(Args& args) {
  const std::optional<int> key = SlideKey(args);
  if (!key) args.Fail("slide= is required");
  const std::string text = args.RequiredText("text");
  return [ref = key.value_or(1), text, wanted = LooseText(text)](const Presentation& p) {
    const int slide = Resolve(p, ref);
    if (slide > static_cast<int>(p.slides.size())) return NoSuchSlide(p, slide);
    const bool ok =
        LooseText(p.slides[static_cast<size_t>(slide - 1)].title).find(wanted) != std::string::npos;
    return MakeOutcome(ok ? 1 : 0,
                       SlideVi(p, slide - 1) + (ok ? "" : "; yêu cầu tiêu đề \"" + text + "\""),
                       SlideEn(p, slide - 1) + (ok ? "" : "; expected the title \"" + text + "\""));
  };
}

// slide_text [slide=N] text="..." — the slide (or some slide) shows the text anywhere.
PresentationCheck CompileSlideText(Args& args) {
  const std::optional<int> key = SlideKey(args);
  const std::string text = args.RequiredText("text");
  return [ref = key, text, wanted = LooseText(text)](const Presentation& p) {
    const std::optional<int> slide = Resolve(p, ref);
    if (slide) {
      if (*slide > static_cast<int>(p.slides.size())) return NoSuchSlide(p, *slide);
      const bool ok = SlideHasText(p.slides[static_cast<size_t>(*slide - 1)], wanted);
      return MakeOutcome(
          ok ? 1 : 0, SlideVi(p, *slide - 1) + (ok ? "; có \"" : "; không thấy \"") + text + "\"",
          SlideEn(p, *slide - 1) + (ok ? "; shows \"" : "; no \"") + text + "\"");
    }
    for (int i = 0; i < static_cast<int>(p.slides.size()); ++i) {
      if (SlideHasText(p.slides[static_cast<size_t>(i)], wanted)) {
        return MakeOutcome(1, SlideVi(p, i) + "; có \"" + text + "\"",
                           SlideEn(p, i) + "; shows \"" + text + "\"");
      }
    }
    return MakeOutcome(0, "Không trang nào có \"" + text + "\"", "No slide shows \"" + text + "\"");
  };
}

std::optional<Layout> ParseLayout(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  for (const Layout l : {Layout::kTitle, Layout::kTitleAndContent, Layout::kTwoContent,
                         Layout::kTitleOnly, Layout::kBlank, Layout::kSection, Layout::kOther}) {
    if (LayoutName(l) == *name) return l;
  }
  return std::nullopt;
}

// slide_layout slide=N layout=title_and_content — the slide's layout.
PresentationCheck CompileSlideLayout(Args& args) {
  const std::optional<int> key = SlideKey(args);
  if (!key) args.Fail("slide= is required");
  const std::optional<Layout> layout =
      ParseLayout(args.OneOf("layout", {"title", "title_and_content", "two_content", "title_only",
                                        "blank", "section", "other"}));
  if (!layout) args.Fail("layout= is required");
  return [ref = key.value_or(1), layout = layout.value_or(Layout::kBlank)](const Presentation& p) {
    const int slide = Resolve(p, ref);
    if (slide > static_cast<int>(p.slides.size())) return NoSuchSlide(p, slide);
    const bool ok = p.slides[static_cast<size_t>(slide - 1)].layout == layout;
    const std::string wanted(LayoutDisplayName(layout));
    return MakeOutcome(ok ? 1 : 0, SlideVi(p, slide - 1) + (ok ? "" : "; yêu cầu bố cục " + wanted),
                       SlideEn(p, slide - 1) + (ok ? "" : "; expected the layout " + wanted));
  };
}

std::vector<std::string> SplitBar(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= text.size()) {
    const size_t bar = std::min(text.find('|', i), text.size());
    std::string item = text.substr(i, bar - i);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    out.push_back(item);
    i = bar + 1;
  }
  return out;
}

// slide_order titles="A|B|C" — the slides' titles in this order (each containing its item);
// partial: the longest run of them found in order, over their number.
PresentationCheck CompileSlideOrder(Args& args) {
  const std::vector<std::string> titles = SplitBar(args.RequiredText("titles"));
  for (const std::string& t : titles) {
    if (t.empty()) args.Fail("titles= has an empty item (items are separated by |)");
  }
  std::vector<std::string> wanted;
  for (const std::string& t : titles) wanted.push_back(LooseText(t));
  return [titles, wanted](const Presentation& p) {
    // The longest common subsequence of the wanted titles and the slides' titles.
    const size_t n = wanted.size();
    const size_t m = p.slides.size();
    std::vector<std::vector<int>> best(n + 1, std::vector<int>(m + 1, 0));
    for (size_t i = 1; i <= n; ++i) {
      for (size_t j = 1; j <= m; ++j) {
        const bool same = !wanted[i - 1].empty() &&
                          LooseText(p.slides[j - 1].title).find(wanted[i - 1]) != std::string::npos;
        best[i][j] = same ? best[i - 1][j - 1] + 1 : std::max(best[i - 1][j], best[i][j - 1]);
      }
    }
    const int found = best[n][m];
    std::string shown;
    for (const Slide& s : p.slides) shown += (shown.empty() ? "" : " | ") + Excerpt(s.title);
    const std::string of = std::to_string(found) + "/" + std::to_string(n);
    return MakeOutcome(static_cast<double>(found) / static_cast<double>(std::max<size_t>(n, 1)),
                       "Thứ tự tiêu đề: " + shown + " (" + of + " đúng thứ tự)",
                       "Titles in order: " + shown + " (" + of + " in order)");
  };
}

// image [slide=N] [count=1] — pictures on the slide (or in the presentation).
PresentationCheck CompileImage(Args& args) {
  const std::optional<int> key = SlideKey(args);
  const int count = args.Whole("count", 1, 1000).value_or(1);
  return [ref = key, count](const Presentation& p) {
    const std::optional<int> slide = Resolve(p, ref);
    if (slide) {
      if (*slide > static_cast<int>(p.slides.size())) return NoSuchSlide(p, *slide);
      const int n = p.slides[static_cast<size_t>(*slide - 1)].images;
      return MakeOutcome(n >= count ? 1 : 0,
                         SlideVi(p, *slide - 1) + "; " + std::to_string(n) + " hình ảnh" +
                             (n >= count ? "" : ", yêu cầu ít nhất " + std::to_string(count)),
                         SlideEn(p, *slide - 1) + "; " + std::to_string(n) + " pictures" +
                             (n >= count ? "" : ", expected at least " + std::to_string(count)));
    }
    int n = 0;
    for (const Slide& s : p.slides) n += s.images;
    return MakeOutcome(n >= count ? 1 : 0, std::to_string(n) + " hình ảnh trong bài",
                       std::to_string(n) + " pictures in the presentation");
  };
}

// shape slide=N [count=] [connectors=] — drawn shapes, and lines, connectors or block arrows
// among them; partial: the share of the two asked that hold.
PresentationCheck CompileShape(Args& args) {
  const std::optional<int> key = SlideKey(args);
  if (!key) args.Fail("slide= is required");
  const int count = args.Whole("count", 0, 1000).value_or(1);
  const std::optional<int> connectors = args.Whole("connectors", 0, 1000);
  return [ref = key.value_or(1), count, connectors](const Presentation& p) {
    const int slide = Resolve(p, ref);
    if (slide > static_cast<int>(p.slides.size())) return NoSuchSlide(p, slide);
    const Slide& s = p.slides[static_cast<size_t>(slide - 1)];
    int asked = 1;
    int held = s.shapes >= count ? 1 : 0;
    std::string vi = SlideVi(p, slide - 1) + "; " + std::to_string(s.shapes) + " hình vẽ, " +
                     std::to_string(s.connectors) + " đường nối/mũi tên";
    std::string en = SlideEn(p, slide - 1) + "; " + std::to_string(s.shapes) + " shapes, " +
                     std::to_string(s.connectors) + " connectors/arrows";
    if (connectors) {
      ++asked;
      if (s.connectors >= *connectors) ++held;
    }
    if (held < asked) {
      vi += "; yêu cầu ít nhất " + std::to_string(count) + " hình vẽ" +
            (connectors ? ", " + std::to_string(*connectors) + " đường nối/mũi tên" : "");
      en += "; expected at least " + std::to_string(count) + " shapes" +
            (connectors ? ", " + std::to_string(*connectors) + " connectors/arrows" : "");
    }
    return MakeOutcome(static_cast<double>(held) / asked, vi, en);
  };
}

// table slide=N [rows=] [columns=] — a table of that size on the slide; partial: a table whose
// rows or columns alone are right.
PresentationCheck CompileTable(Args& args) {
  const std::optional<int> key = SlideKey(args);
  if (!key) args.Fail("slide= is required");
  const std::optional<int> rows = args.Whole("rows", 1, 1000);
  const std::optional<int> columns = args.Whole("columns", 1, 1000);
  return [ref = key.value_or(1), rows, columns](const Presentation& p) {
    const int slide = Resolve(p, ref);
    if (slide > static_cast<int>(p.slides.size())) return NoSuchSlide(p, slide);
    const Slide& s = p.slides[static_cast<size_t>(slide - 1)];
    const std::string wanted = (rows ? std::to_string(*rows) : "?") + " dòng × " +
                               (columns ? std::to_string(*columns) : "?") + " cột";
    const std::string wanted_en = (rows ? std::to_string(*rows) : "?") + " rows × " +
                                  (columns ? std::to_string(*columns) : "?") + " columns";
    if (s.tables.empty()) {
      return MakeOutcome(0, SlideVi(p, slide - 1) + "; không có bảng, yêu cầu " + wanted,
                         SlideEn(p, slide - 1) + "; no table, expected " + wanted_en);
    }
    double best = -1;
    const SlideTable* shown = nullptr;
    for (const SlideTable& t : s.tables) {
      const int asked = 1 + (rows ? 1 : 0) + (columns ? 1 : 0);
      const int held =
          1 + (rows && t.rows == *rows ? 1 : 0) + (columns && t.columns == *columns ? 1 : 0);
      const double score = asked == 1 ? 1 : static_cast<double>(held - 1) / (asked - 1);
      if (score > best) {
        best = score;
        shown = &t;
      }
    }
    const std::string size =
        std::to_string(shown->rows) + " dòng × " + std::to_string(shown->columns) + " cột";
    const std::string size_en =
        std::to_string(shown->rows) + " rows × " + std::to_string(shown->columns) + " columns";
    return MakeOutcome(
        best, SlideVi(p, slide - 1) + "; bảng " + size + (best >= 1 ? "" : ", yêu cầu " + wanted),
        SlideEn(p, slide - 1) + "; a table of " + size_en +
            (best >= 1 ? "" : ", expected " + wanted_en));
  };
}

// bullets slide=N — the content paragraphs of the slide show bullets or numbers; partial: the
// share that do.
PresentationCheck CompileBullets(Args& args) {
  const std::optional<int> key = SlideKey(args);
  if (!key) args.Fail("slide= is required");
  const bool numbered = args.Flag("numbered").value_or(false);
  return [ref = key.value_or(1), numbered](const Presentation& p) {
    const int slide = Resolve(p, ref);
    if (slide > static_cast<int>(p.slides.size())) return NoSuchSlide(p, slide);
    const Slide& s = p.slides[static_cast<size_t>(slide - 1)];
    if (s.body.empty()) {
      return MakeOutcome(0, SlideVi(p, slide - 1) + "; không có danh sách",
                         SlideEn(p, slide - 1) + "; no list");
    }
    int ok = 0;
    for (const SlideParagraph& para : s.body) {
      if (para.bullet && (!numbered || para.numbered)) ++ok;
    }
    const std::string of = std::to_string(ok) + "/" + std::to_string(s.body.size());
    const std::string what_vi = numbered ? "đánh số" : "có ký hiệu đầu dòng";
    const std::string what_en = numbered ? "numbered" : "bulleted";
    return MakeOutcome(static_cast<double>(ok) / static_cast<double>(s.body.size()),
                       SlideVi(p, slide - 1) + "; " + of + " dòng " + what_vi,
                       SlideEn(p, slide - 1) + "; " + of + " paragraphs " + what_en);
  };
}

// notes [slide=N] [text="..."] — speaker notes on the slide (containing the text); without a
// slide, on some slide.
PresentationCheck CompileNotes(Args& args) {
  const std::optional<int> key = SlideKey(args);
  const std::optional<std::string> text = args.Text("text");
  return [ref = key, text, wanted = LooseText(text.value_or(""))](const Presentation& p) {
    const std::optional<int> slide = Resolve(p, ref);
    auto one = [&](int i) {
      const std::string& notes = p.slides[static_cast<size_t>(i)].notes;
      const bool ok = !notes.empty() && LooseText(notes).find(wanted) != std::string::npos;
      const std::string n = std::to_string(i + 1);
      std::string vi = "Trang " + n + ": " +
                       (notes.empty() ? "không có ghi chú" : "ghi chú " + QuotedExcerpt(notes));
      std::string en = "Slide " + n + ": " +
                       (notes.empty() ? "no speaker notes" : "notes " + QuotedExcerpt(notes));
      if (!ok && text) {
        vi += "; yêu cầu \"" + *text + "\"";
        en += "; expected \"" + *text + "\"";
      }
      return MakeOutcome(ok ? 1 : 0, vi, en);
    };
    if (slide) {
      if (*slide > static_cast<int>(p.slides.size())) return NoSuchSlide(p, *slide);
      return one(*slide - 1);
    }
    for (int i = 0; i < static_cast<int>(p.slides.size()); ++i) {
      Outcome o = one(i);
      if (o.verdict == Verdict::kPass) return o;
    }
    return MakeOutcome(0, "Không trang nào có ghi chú" + (text ? " \"" + *text + "\"" : ""),
                       "No slide has speaker notes" + (text ? " \"" + *text + "\"" : ""));
  };
}

constexpr PresentationKind kPresentationKinds[] = {
    {"slide_count", CompileSlideCount},
    {"slide_title", CompileSlideTitle},
    {"slide_text", CompileSlideText},
    {"slide_layout", CompileSlideLayout},
    {"slide_order", CompileSlideOrder},
    {"image", CompileImage},
    {"shape", CompileShape},
    {"table", CompileTable},
    {"transition", CompileTransition},
    {"animation", CompileAnimation},
    {"slide_number", CompileSlideNumber},
    {"footer", CompileFooter},
    {"background", CompileBackground},
    {"title_size", CompileTitleSize},
    {"body_size", CompileBodySize},
    {"bullets", CompileBullets},
    {"notes", CompileNotes},
};

}  // namespace
}  // namespace khaothi::checker::internal

namespace khaothi::checker {

std::span<const PresentationKind> PresentationKinds() { return internal::kPresentationKinds; }

}  // namespace khaothi::checker
