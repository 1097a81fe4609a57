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

namespace khaothi::checker {
namespace {

std::string Quoted(const std::string& text) { return "\"" + Excerpt(text) + "\""; }

std::string Number(double value) { return VietnameseNumber(value, 1); }

// "Trang 3: bố cục Title and Content, tiêu đề \"...\"" — how a marker names a slide.
std::string SlideVi(const Presentation& p, int index) {
  const Slide& s = p.slides[static_cast<size_t>(index)];
  return "Trang " + std::to_string(index + 1) + ": bố cục " +
         std::string(LayoutDisplayName(s.layout)) + ", " +
         (s.title.empty() ? "không có tiêu đề" : "tiêu đề " + Quoted(s.title));
}
std::string SlideEn(const Presentation& p, int index) {
  const Slide& s = p.slides[static_cast<size_t>(index)];
  return "Slide " + std::to_string(index + 1) + ": layout " +
         std::string(LayoutDisplayName(s.layout)) + ", " +
         (s.title.empty() ? "no title" : "title " + Quoted(s.title));
}

Outcome NoSuchSlide(const Presentation& p, int slide) {
  const std::string n = std::to_string(p.slides.size());
  return MakeOutcome(
      0, "Không có trang " + std::to_string(slide) + " (bài có " + n + " trang)",
      "No slide " + std::to_string(slide) + " (the presentation has " + n + " slides)");
}

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

// `slide=N` (1-based) or `slide=last`, kept as kLastSlide until the presentation is known;
// nullopt when absent (the check reads every slide).
constexpr int kLastSlide = 0;
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

// Runs `one` on the named slide, or on every slide and scores the share that pass.
template <typename One>
Outcome OnSlides(const Presentation& p, std::optional<int> slide, const std::string& all_vi,
                 const std::string& all_en, One one) {
  if (slide) {
    if (*slide > static_cast<int>(p.slides.size())) return NoSuchSlide(p, *slide);
    return one(*slide - 1);
  }
  if (p.slides.empty()) return MakeOutcome(0, "Bài không có trang nào", "No slides");
  int passed = 0;
  std::vector<std::string> failed;
  std::string first_vi;
  std::string first_en;
  for (int i = 0; i < static_cast<int>(p.slides.size()); ++i) {
    const Outcome o = one(i);
    if (o.verdict == Verdict::kPass) {
      ++passed;
    } else {
      failed.push_back(std::to_string(i + 1));
      if (first_vi.empty()) {
        first_vi = o.evidence_vi;
        first_en = o.evidence_en;
      }
    }
  }
  const int n = static_cast<int>(p.slides.size());
  if (failed.empty()) {
    return MakeOutcome(1, "Cả " + std::to_string(n) + " trang " + all_vi,
                       "All " + std::to_string(n) + " slides " + all_en);
  }
  std::string list;
  for (const std::string& f : failed) list += (list.empty() ? "" : ", ") + f;
  return MakeOutcome(static_cast<double>(passed) / n,
                     std::to_string(passed) + "/" + std::to_string(n) + " trang " + all_vi +
                         "; chưa đạt: trang " + list + " (" + first_vi + ")",
                     std::to_string(passed) + "/" + std::to_string(n) + " slides " + all_en +
                         "; not: slides " + list + " (" + first_en + ")");
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

// transition [slide=N] — a transition effect on the slide (or the share of slides with one).
PresentationCheck CompileTransition(Args& args) {
  const std::optional<int> key = SlideKey(args);
  return [ref = key](const Presentation& p) {
    const std::optional<int> slide = Resolve(p, ref);
    return OnSlides(p, slide, "có hiệu ứng chuyển trang", "have a transition", [&p](int i) {
      const std::string& t = p.slides[static_cast<size_t>(i)].transition;
      return MakeOutcome(t.empty() ? 0 : 1,
                         "Trang " + std::to_string(i + 1) + ": " +
                             (t.empty() ? "không có hiệu ứng chuyển trang" : "chuyển trang " + t),
                         "Slide " + std::to_string(i + 1) + ": " +
                             (t.empty() ? "no transition" : "transition " + t));
    });
  };
}

// animation [slide=N] [count=1] — animation effects on the slide (or in the presentation).
PresentationCheck CompileAnimation(Args& args) {
  const std::optional<int> key = SlideKey(args);
  const int count = args.Whole("count", 1, 1000).value_or(1);
  return [ref = key, count](const Presentation& p) {
    const std::optional<int> slide = Resolve(p, ref);
    int n = 0;
    std::string where_vi = "Trong bài";
    std::string where_en = "In the presentation";
    if (slide) {
      if (*slide > static_cast<int>(p.slides.size())) return NoSuchSlide(p, *slide);
      n = p.slides[static_cast<size_t>(*slide - 1)].animations;
      where_vi = SlideVi(p, *slide - 1);
      where_en = SlideEn(p, *slide - 1);
    } else {
      for (const Slide& s : p.slides) n += s.animations;
    }
    const bool ok = n >= count;
    return MakeOutcome(ok ? 1 : 0,
                       where_vi + "; " + std::to_string(n) + " hiệu ứng động" +
                           (ok ? "" : ", yêu cầu ít nhất " + std::to_string(count)),
                       where_en + "; " + std::to_string(n) + " animation effects" +
                           (ok ? "" : ", expected at least " + std::to_string(count)));
  };
}

// slide_number [slide=N] — the slide number shows (on every slide: the share that show it).
PresentationCheck CompileSlideNumber(Args& args) {
  const std::optional<int> key = SlideKey(args);
  return [ref = key](const Presentation& p) {
    const std::optional<int> slide = Resolve(p, ref);
    return OnSlides(p, slide, "có số trang", "show the slide number", [&p](int i) {
      const bool ok = p.slides[static_cast<size_t>(i)].slide_number;
      return MakeOutcome(
          ok ? 1 : 0, "Trang " + std::to_string(i + 1) + (ok ? ": có" : ": không có") + " số trang",
          "Slide " + std::to_string(i + 1) + (ok ? ": shows" : ": no") + " slide number");
    });
  };
}

// footer [slide=N] [text="..."] — the footer shows (containing the text) on every slide.
PresentationCheck CompileFooter(Args& args) {
  const std::optional<int> key = SlideKey(args);
  const std::optional<std::string> text = args.Text("text");
  return [ref = key, text, wanted = LooseText(text.value_or(""))](const Presentation& p) {
    const std::optional<int> slide = Resolve(p, ref);
    return OnSlides(
        p, slide, "có chân trang" + (text ? " \"" + *text + "\"" : ""),
        "show the footer" + (text ? " \"" + *text + "\"" : ""), [&](int i) {
          const std::string& f = p.slides[static_cast<size_t>(i)].footer;
          const bool ok = !f.empty() && LooseText(f).find(wanted) != std::string::npos;
          const std::string n = std::to_string(i + 1);
          return MakeOutcome(
              ok ? 1 : 0,
              "Trang " + n + ": " + (f.empty() ? "không có chân trang" : "chân trang " + Quoted(f)),
              "Slide " + n + ": " + (f.empty() ? "no footer" : "footer " + Quoted(f)));
        });
  };
}

std::string BackgroundVi(const Background& b) {
  switch (b.kind) {
    case BackgroundKind::kDefault:
      return "nền mặc định (trắng)";
    case BackgroundKind::kSolid:
      return "nền màu " + b.colour;
    case BackgroundKind::kGradient:
      return "nền chuyển màu";
    case BackgroundKind::kImage:
      return "nền ảnh";
    case BackgroundKind::kPattern:
      return "nền hoa văn";
  }
  return "?";
}
std::string BackgroundEn(const Background& b) {
  return b.kind == BackgroundKind::kSolid ? "a solid " + b.colour + " background"
         : b.kind == BackgroundKind::kDefault
             ? "the default (white) background"
             : "a " + std::string(BackgroundKindName(b.kind)) + " background";
}

// Plain white, whether stated or not, is what a new presentation shows.
bool IsCustom(const Background& b) {
  return b.kind != BackgroundKind::kDefault &&
         !(b.kind == BackgroundKind::kSolid && (b.colour == "#ffffff" || b.colour.empty()));
}

// background [same=yes] [custom=yes] — every slide shows the same background (same), one the
// candidate chose: a colour other than white, a gradient, a picture, a pattern (custom); both:
// the same chosen one. Partial: the share of slides that show the most common such background.
PresentationCheck CompileBackground(Args& args) {
  const bool same = args.Flag("same").value_or(false);
  const bool custom = args.Flag("custom").value_or(false);
  if (!same && !custom) args.Fail("nothing asked (same=yes, custom=yes)");
  return [same, custom](const Presentation& p) {
    if (p.slides.empty()) return MakeOutcome(0, "Bài không có trang nào", "No slides");
    const size_t n = p.slides.size();
    // How many slides show each background; with custom=yes only chosen ones count.
    std::map<std::pair<int, std::string>, int> seen;
    int custom_count = 0;
    for (const Slide& s : p.slides) {
      if (IsCustom(s.background)) ++custom_count;
      if (!custom || IsCustom(s.background)) {
        ++seen[{static_cast<int>(s.background.kind), s.background.colour}];
      }
    }
    int counted = 0;
    std::string vi;
    std::string en;
    const std::string of = "/" + std::to_string(n);
    if (seen.empty()) {
      vi = "Cả " + std::to_string(n) + " trang để nền mặc định (trắng)";
      en = "All " + std::to_string(n) + " slides keep the default (white) background";
    } else {
      const auto most =
          std::max_element(seen.begin(), seen.end(),
                           [](const auto& a, const auto& b) { return a.second < b.second; });
      const Background common{static_cast<BackgroundKind>(most->first.first), most->first.second};
      counted = same ? most->second : custom_count;
      vi = std::to_string(most->second) + of + " trang " + BackgroundVi(common);
      en = std::to_string(most->second) + of + " slides show " + BackgroundEn(common);
      if (seen.size() > 1) {
        vi += "; các trang khác nền nhau";
        en += "; the slides' backgrounds differ";
      }
      if (custom && custom_count < static_cast<int>(n)) {
        vi +=
            "; " + std::to_string(n - static_cast<size_t>(custom_count)) + " trang để nền mặc định";
        en += "; " + std::to_string(n - static_cast<size_t>(custom_count)) +
              " slides keep the default background";
      }
    }
    return MakeOutcome(static_cast<double>(counted) / static_cast<double>(n), vi, en);
  };
}

// title_size min=32 [slide=N] — every title shows at least this size (±0.25 pt). A size is
// asked of all titles together, so one too small fails it, as a marker reads "titles from 32".
PresentationCheck CompileTitleSize(Args& args) {
  const double min = args.RequiredNumber("min");
  const std::optional<int> key = SlideKey(args);
  return [min, ref = key](const Presentation& p) {
    const std::optional<int> slide = Resolve(p, ref);
    std::vector<int> slides;
    for (int i = 0; i < static_cast<int>(p.slides.size()); ++i) {
      if ((!slide || *slide == i + 1) && !p.slides[static_cast<size_t>(i)].title.empty()) {
        slides.push_back(i);
      }
    }
    if (slide && *slide > static_cast<int>(p.slides.size())) return NoSuchSlide(p, *slide);
    if (slides.empty()) return MakeOutcome(0, "Không có tiêu đề nào", "No titles");
    int ok = 0;
    std::string small_vi;
    std::string small_en;
    for (const int i : slides) {
      const double size = p.slides[static_cast<size_t>(i)].title_size_pt;
      if (size + 0.25 >= min) {
        ++ok;
      } else if (small_vi.empty()) {
        small_vi = "; trang " + std::to_string(i + 1) + " tiêu đề cỡ " + Number(size);
        small_en = "; slide " + std::to_string(i + 1) + " has a title of size " + Number(size);
      }
    }
    const std::string of = std::to_string(ok) + "/" + std::to_string(slides.size());
    return MakeOutcome(ok == static_cast<int>(slides.size()) ? 1 : 0,
                       of + " tiêu đề cỡ từ " + Number(min) + small_vi,
                       of + " titles of size " + Number(min) + " or more" + small_en);
  };
}

// body_size min=20 [slide=N] — every paragraph of the content placeholders (subtitle, body,
// outline) shows at least this size; one too small fails it.
PresentationCheck CompileBodySize(Args& args) {
  const double min = args.RequiredNumber("min");
  const std::optional<int> key = SlideKey(args);
  return [min, ref = key](const Presentation& p) {
    const std::optional<int> slide = Resolve(p, ref);
    if (slide && *slide > static_cast<int>(p.slides.size())) return NoSuchSlide(p, *slide);
    int with_body = 0;
    int ok = 0;
    std::string small_vi;
    std::string small_en;
    for (int i = 0; i < static_cast<int>(p.slides.size()); ++i) {
      const Slide& s = p.slides[static_cast<size_t>(i)];
      if ((slide && *slide != i + 1) || s.body.empty()) continue;
      ++with_body;
      const SlideParagraph* smallest = &s.body.front();
      for (const SlideParagraph& para : s.body) {
        if (para.size_pt < smallest->size_pt) smallest = &para;
      }
      if (smallest->size_pt + 0.25 >= min) {
        ++ok;
      } else if (small_vi.empty()) {
        small_vi = "; trang " + std::to_string(i + 1) + ": \"" + Excerpt(smallest->text) +
                   "\" cỡ " + Number(smallest->size_pt);
        small_en = "; slide " + std::to_string(i + 1) + ": \"" + Excerpt(smallest->text) +
                   "\" of size " + Number(smallest->size_pt);
      }
    }
    if (with_body == 0) return MakeOutcome(0, "Không có nội dung nào", "No content text");
    const std::string of = std::to_string(ok) + "/" + std::to_string(with_body);
    return MakeOutcome(ok == with_body ? 1 : 0,
                       of + " trang có nội dung cỡ từ " + Number(min) + small_vi,
                       of + " slides with content of size " + Number(min) + " or more" + small_en);
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
      std::string vi =
          "Trang " + n + ": " + (notes.empty() ? "không có ghi chú" : "ghi chú " + Quoted(notes));
      std::string en =
          "Slide " + n + ": " + (notes.empty() ? "no speaker notes" : "notes " + Quoted(notes));
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

std::span<const PresentationKind> PresentationKinds() { return kPresentationKinds; }

}  // namespace khaothi::checker
