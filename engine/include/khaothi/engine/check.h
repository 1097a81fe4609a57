// Assertions in three strengths (STYLE.md rule 7). None of them checks input from a client, a
// file or the database: such input is answered with a Status.
//
//   KHAOTHI_CHECK(x)   fatal in every build: a state the process cannot continue from.
//   KHAOTHI_DCHECK(x)  debug builds only: a proven invariant or internal precondition.
//   KHAOTHI_EXPECT(x)  inside an `if` for a "cannot happen" branch that still has one trivial
//                      recovery: aborts in debug builds, evaluates to `x` in release builds.
#pragma once

namespace khaothi::internal {
[[noreturn]] void CheckFailed(const char* expr, const char* file, int line);
}  // namespace khaothi::internal

#define KHAOTHI_CHECK(x) \
  ((x) ? static_cast<void>(0) : ::khaothi::internal::CheckFailed(#x, __FILE__, __LINE__))

#ifdef KHAOTHI_DEBUG
#define KHAOTHI_DCHECK(x) KHAOTHI_CHECK(x)
#define KHAOTHI_EXPECT(x) \
  ((x) ? true : (::khaothi::internal::CheckFailed(#x, __FILE__, __LINE__), false))
#else
#define KHAOTHI_DCHECK(x) static_cast<void>(0)
#define KHAOTHI_EXPECT(x) (x)
#endif
