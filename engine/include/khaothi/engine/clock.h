// Time in the engine: one type for instants, one for lengths, and the port through which the
// engine learns the current time.
//
// The engine never reads the system clock (STYLE.md rule 2). Whatever needs "now" takes a Clock;
// the server provides one backed by the system clock, and tests use FakeClock to stand exactly at
// deadline − 1 ms, at the deadline and 1 ms after it.
//
// Instants are milliseconds since the Unix epoch (UTC), as std::chrono::sys_time, so that they
// convert to calendar dates (carry-over windows) without any time-zone rules.
//
// Thread safety: Clock::Now() must be safe to call from any thread. FakeClock is not: set it from
// the test's thread only.
#pragma once

#include <chrono>

namespace khaothi::engine {

using Duration = std::chrono::milliseconds;
using TimePoint = std::chrono::sys_time<Duration>;

class Clock {
 public:
  virtual ~Clock() = default;
  // The current time. Successive calls never go backwards.
  virtual TimePoint Now() const = 0;
};

// A clock that moves only when told to.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start = TimePoint(Duration(1'767'225'600'000))) : now_(start) {}
  FakeClock(const FakeClock&) = delete;
  FakeClock& operator=(const FakeClock&) = delete;

  // Clock
  TimePoint Now() const override { return now_; }

  void Set(TimePoint t) { now_ = t; }
  void Advance(Duration d) { now_ += d; }

 private:
  TimePoint now_;
};

}  // namespace khaothi::engine
