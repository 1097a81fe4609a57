// What the presentation checks share (private): how a slide is named in evidence, the slide=
// key, and running a check on one slide or on all of them. The kinds that look at the whole
// show (transitions, effects, footers, numbers, backgrounds, sizes) live in
// presentation_show_checks.cc, the ones about a slide's content in presentation_checks.cc.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "khaothi/checker/check.h"

namespace khaothi::checker::internal {

std::string QuotedExcerpt(const std::string& text);  // "\"…\"", excerpted
std::string PointsText(double value);                // one decimal, Vietnamese comma

// "Trang 3: bố cục Title and Content, tiêu đề \"...\"" — how a marker names a slide.
std::string SlideVi(const Presentation& p, int index);
std::string SlideEn(const Presentation& p, int index);
Outcome NoSuchSlide(const Presentation& p, int slide);

// `slide=N` (1-based) or `slide=last`, kept as kLastSlide until the presentation is known;
// nullopt when absent (the check reads every slide).
inline constexpr int kLastSlide = 0;
std::optional<int> SlideKey(Args& args);
int Resolve(const Presentation& p, int slide);
std::optional<int> Resolve(const Presentation& p, std::optional<int> slide);

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

PresentationCheck CompileTransition(Args& args);
PresentationCheck CompileAnimation(Args& args);
PresentationCheck CompileSlideNumber(Args& args);
PresentationCheck CompileFooter(Args& args);
PresentationCheck CompileBackground(Args& args);
PresentationCheck CompileTitleSize(Args& args);
PresentationCheck CompileBodySize(Args& args);

}  // namespace khaothi::checker::internal
