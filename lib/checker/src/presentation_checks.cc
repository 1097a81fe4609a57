// The checks on a presentation (docs/practical.md, "Checks on presentations").
#include "khaothi/checker/check.h"

namespace khaothi::checker {
namespace {

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

constexpr PresentationKind kPresentationKinds[] = {
    {"slide_count", CompileSlideCount},
};

}  // namespace

std::span<const PresentationKind> PresentationKinds() { return kPresentationKinds; }

}  // namespace khaothi::checker
