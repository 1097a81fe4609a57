// The checks on a whole show (docs/practical.md, "Checks on presentations"): transitions,
// animation effects, slide numbers, footers, backgrounds and text sizes. Without slide= they
// read every slide and score the share that do what they ask.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "khaothi/checker/check.h"

#include "presentation_checks_internal.h"

namespace khaothi::checker::internal {

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
              "Trang " + n + ": " +
                  (f.empty() ? "không có chân trang" : "chân trang " + QuotedExcerpt(f)),
              "Slide " + n + ": " + (f.empty() ? "no footer" : "footer " + QuotedExcerpt(f)));
        });
  };
}

namespace {

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

}  // namespace

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
        small_vi = "; trang " + std::to_string(i + 1) + " tiêu đề cỡ " + PointsText(size);
        small_en = "; slide " + std::to_string(i + 1) + " has a title of size " + PointsText(size);
      }
    }
    const std::string of = std::to_string(ok) + "/" + std::to_string(slides.size());
    return MakeOutcome(ok == static_cast<int>(slides.size()) ? 1 : 0,
                       of + " tiêu đề cỡ từ " + PointsText(min) + small_vi,
                       of + " titles of size " + PointsText(min) + " or more" + small_en);
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
                   "\" cỡ " + PointsText(smallest->size_pt);
        small_en = "; slide " + std::to_string(i + 1) + ": \"" + Excerpt(smallest->text) +
                   "\" of size " + PointsText(smallest->size_pt);
      }
    }
    if (with_body == 0) return MakeOutcome(0, "Không có nội dung nào", "No content text");
    const std::string of = std::to_string(ok) + "/" + std::to_string(with_body);
    return MakeOutcome(
        ok == with_body ? 1 : 0, of + " trang có nội dung cỡ từ " + PointsText(min) + small_vi,
        of + " slides with content of size " + PointsText(min) + " or more" + small_en);
  };
}

}  // namespace khaothi::checker::internal
