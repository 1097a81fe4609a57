#include "khaothi/engine/attempt.h"

#include <catch2/catch.hpp>

namespace khaothi::engine {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

Form ThreeSlotForm() {
  return Form{"b", 1, {{"A", 1, 0, {0, 1, 2, 3}}, {"B", 1, 0, {1, 0, 2}}, {"C", 1, 0, {0, 1}}}};
}

// An attempt started at the clock's current time, with 30 minutes.
Attempt Started(FakeClock& clock, AttemptPolicy policy = {}) {
  Attempt a(ThreeSlotForm(), minutes(30), policy, clock);
  REQUIRE(a.Unlock().ok());
  REQUIRE(a.Start().ok());
  return a;
}

TEST_CASE("an attempt moves created, unlocked, in progress, submitted, graded") {
  FakeClock clock;
  Attempt a(ThreeSlotForm(), minutes(30), {}, clock);
  CHECK(a.state() == AttemptState::kCreated);
  CHECK(a.slot_count() == 3);
  CHECK_FALSE(a.Deadline().has_value());
  CHECK(a.Remaining() == minutes(30));
  CHECK(a.Start().IsFailedPrecondition());  // the proctor must unlock first
  REQUIRE(a.Unlock().ok());
  CHECK(a.Unlock().IsFailedPrecondition());
  REQUIRE(a.Start().ok());
  CHECK(a.state() == AttemptState::kInProgress);
  CHECK(a.Deadline() == clock.Now() + minutes(30));
  CHECK(a.Start().IsFailedPrecondition());
  CHECK(a.MarkGraded().IsFailedPrecondition());
  clock.Advance(minutes(10));
  CHECK(a.Remaining() == minutes(20));
  REQUIRE(a.Submit(SubmittedBy::kCandidate).ok());
  CHECK(a.state() == AttemptState::kSubmitted);
  CHECK(a.record().submitted_by == SubmittedBy::kCandidate);
  CHECK(a.record().closed_at == clock.Now());
  CHECK(a.Remaining() == milliseconds(0));
  CHECK(a.Submit(SubmittedBy::kCandidate).IsFailedPrecondition());
  CHECK(a.Pause("x").IsFailedPrecondition());
  CHECK(a.Extend(minutes(5), "x").IsFailedPrecondition());
  REQUIRE(a.MarkGraded().ok());
  CHECK(a.state() == AttemptState::kGraded);
  CHECK(a.MarkGraded().IsFailedPrecondition());
  CHECK(a.Submit(SubmittedBy::kProctor, "x").IsFailedPrecondition());
}

TEST_CASE("without the unlock policy an attempt starts straight from created") {
  FakeClock clock;
  Attempt a(ThreeSlotForm(), minutes(30), {.unlock_required = false}, clock);
  CHECK(a.Start().ok());
}

TEST_CASE("an answer counts when received before the deadline and not at or after it") {
  FakeClock clock;
  Attempt a = Started(clock);
  const TimePoint deadline = *a.Deadline();
  const auto [offset, counts] = GENERATE(table<milliseconds, bool>({
      {milliseconds(-1), true},
      {milliseconds(0), false},
      {milliseconds(1), false},
  }));
  clock.Set(deadline + offset);
  Result<WriteOutcome> r = a.RecordAnswer(0, {2}, 1, deadline + offset);
  CHECK(r.ok() == counts);
  if (counts) {
    CHECK(*r == WriteOutcome::kApplied);
    CHECK(a.state() == AttemptState::kInProgress);
  } else {
    CHECK(r.status().IsFailedPrecondition());
    // Observing the time past the deadline submitted the attempt by the clock, at the deadline.
    CHECK(a.state() == AttemptState::kSubmitted);
    CHECK(a.record().submitted_by == SubmittedBy::kClock);
    CHECK(a.record().closed_at == deadline);
    CHECK(a.Responses()[0].empty());
  }
}

TEST_CASE("an answer received in time still counts when processed after the clock submitted") {
  FakeClock clock;
  Attempt a = Started(clock);
  const TimePoint deadline = *a.Deadline();
  clock.Set(deadline + milliseconds(5));
  CHECK(a.Refresh());
  CHECK_FALSE(a.Refresh());
  CHECK(a.RecordAnswer(1, {0}, 1, deadline - milliseconds(1)).ok());
  CHECK(a.Responses()[1] == std::vector<int>{0});
  CHECK(a.RecordAnswer(1, {1}, 2, deadline).status().IsFailedPrecondition());
  REQUIRE(a.MarkGraded().ok());
  CHECK(a.RecordAnswer(2, {0}, 1, deadline - minutes(1)).status().IsFailedPrecondition());
}

TEST_CASE("the deadline is start + duration + extensions + pauses") {
  FakeClock clock;
  Attempt a = Started(clock);
  const TimePoint start = clock.Now();
  REQUIRE(a.Extend(minutes(5), "máy hỏng, đổi máy").ok());
  CHECK(a.Deadline() == start + minutes(35));
  clock.Advance(minutes(10));
  REQUIRE(a.Pause("chuyển phòng").ok());
  CHECK(a.state() == AttemptState::kSuspended);
  CHECK(a.Pause("again").IsFailedPrecondition());
  clock.Advance(minutes(7));
  // While suspended the time does not run.
  CHECK(a.Remaining() == minutes(25));
  CHECK(a.RecordAnswer(0, {1}, 1, clock.Now()).status().IsFailedPrecondition());
  CHECK(a.Submit(SubmittedBy::kCandidate).IsFailedPrecondition());
  REQUIRE(a.Resume().ok());
  CHECK(a.Resume().IsFailedPrecondition());
  CHECK(a.Deadline() == start + minutes(42));
  CHECK(a.Remaining() == minutes(25));
  REQUIRE(a.record().credits.size() == 2);
  CHECK(a.record().credits[0].kind == TimeCredit::Kind::kExtension);
  CHECK(a.record().credits[0].reason == "máy hỏng, đổi máy");
  CHECK(a.record().credits[1].kind == TimeCredit::Kind::kPause);
  CHECK(a.record().credits[1].amount == minutes(7));
  CHECK(a.record().credits[1].reason == "chuyển phòng");

  SECTION("extensions and pauses need a reason, extensions a positive amount") {
    CHECK(a.Extend(minutes(1), "").IsInvalidArgument());
    CHECK(a.Extend(minutes(0), "x").IsInvalidArgument());
    CHECK(a.Pause("").IsInvalidArgument());
  }
}

TEST_CASE("a proctor can end a suspended attempt, with a reason") {
  FakeClock clock;
  Attempt a = Started(clock);
  REQUIRE(a.Pause("vi phạm quy chế").ok());
  CHECK(a.Submit(SubmittedBy::kProctor).IsInvalidArgument());
  CHECK(a.Submit(SubmittedBy::kClock).IsInvalidArgument());
  REQUIRE(a.Submit(SubmittedBy::kProctor, "biên bản số 3").ok());
  CHECK(a.record().submitted_by == SubmittedBy::kProctor);
  CHECK_FALSE(a.record().paused_at.has_value());
}

TEST_CASE("time while the server was down is not charged by default") {
  FakeClock clock;
  const TimePoint start = clock.Now();
  SECTION("not charged") {
    Attempt a = Started(clock);
    clock.Advance(minutes(20));
    const TimePoint last_alive = clock.Now();
    clock.Advance(minutes(15));  // down past the original deadline
    REQUIRE(a.RecoverFromOutage(last_alive).ok());
    CHECK(a.state() == AttemptState::kInProgress);
    CHECK(a.Remaining() == minutes(10));
    CHECK(a.Deadline() == start + minutes(45));
    CHECK(a.record().credits.back().kind == TimeCredit::Kind::kDowntime);
  }
  SECTION("charged by policy") {
    Attempt a = Started(clock, {.charge_server_downtime = true});
    clock.Advance(minutes(20));
    const TimePoint last_alive = clock.Now();
    clock.Advance(minutes(15));
    REQUIRE(a.RecoverFromOutage(last_alive).ok());
    CHECK(a.state() == AttemptState::kSubmitted);
    CHECK(a.record().submitted_by == SubmittedBy::kClock);
    CHECK(a.record().closed_at == start + minutes(30));
  }
  SECTION("an attempt whose time was up before the outage is not revived") {
    Attempt a = Started(clock);
    clock.Advance(minutes(31));
    const TimePoint last_alive = clock.Now();
    clock.Advance(minutes(5));
    REQUIRE(a.RecoverFromOutage(last_alive).ok());
    CHECK(a.state() == AttemptState::kSubmitted);
    CHECK(a.record().closed_at == start + minutes(30));
  }
  SECTION("last_alive in the future is refused") {
    Attempt a = Started(clock);
    CHECK(a.RecoverFromOutage(clock.Now() + minutes(1)).IsInvalidArgument());
  }
}

TEST_CASE("a stale write never overwrites a newer answer") {
  FakeClock clock;
  Attempt a = Started(clock);
  const TimePoint t = clock.Now();
  CHECK(*a.RecordAnswer(0, {1}, 5, t) == WriteOutcome::kApplied);
  SECTION("lower sequence number") {
    CHECK(*a.RecordAnswer(0, {2}, 4, t) == WriteOutcome::kStale);
    CHECK(a.Responses()[0] == std::vector<int>{1});
  }
  SECTION("the same sequence number and content is a duplicate") {
    CHECK(*a.RecordAnswer(0, {1}, 5, t) == WriteOutcome::kDuplicate);
  }
  SECTION("the same sequence number with other content is stale") {
    CHECK(*a.RecordAnswer(0, {3}, 5, t) == WriteOutcome::kStale);
    CHECK(a.Responses()[0] == std::vector<int>{1});
  }
  SECTION("a higher one applies, and an empty choice clears") {
    CHECK(*a.RecordAnswer(0, {}, 6, t) == WriteOutcome::kApplied);
    CHECK(a.Responses()[0].empty());
  }
  SECTION("slots are independent") {
    CHECK(*a.RecordAnswer(1, {0}, 1, t) == WriteOutcome::kApplied);
  }
  SECTION("flags have their own sequence") {
    CHECK(*a.RecordFlag(0, true, 1, t) == WriteOutcome::kApplied);
    CHECK(*a.RecordFlag(0, false, 1, t) == WriteOutcome::kStale);
    CHECK(*a.RecordFlag(0, true, 1, t) == WriteOutcome::kDuplicate);
    CHECK(a.record().slots[0].flagged);
  }
  SECTION("bad input is refused") {
    CHECK(a.RecordAnswer(3, {0}, 9, t).status().IsInvalidArgument());
    CHECK(a.RecordAnswer(2, {2}, 9, t).status().IsInvalidArgument());
    CHECK(a.RecordAnswer(0, {1, 1}, 9, t).status().IsInvalidArgument());
    CHECK(a.RecordAnswer(0, {1}, 0, t).status().IsInvalidArgument());
    CHECK(a.RecordAnswer(0, {1}, 9, t - milliseconds(1)).status().IsFailedPrecondition());
  }
}

TEST_CASE("a submitted attempt never reopens", "[property]") {
  FakeClock clock;
  Attempt a = Started(clock);
  REQUIRE(a.Submit(SubmittedBy::kCandidate).ok());
  const AttemptRecord before = a.record();
  const int op = GENERATE(range(0, 7));
  switch (op) {
    case 0:
      CHECK_FALSE(a.Start().ok());
      break;
    case 1:
      CHECK_FALSE(a.Unlock().ok());
      break;
    case 2:
      CHECK_FALSE(a.Resume().ok());
      break;
    case 3:
      CHECK_FALSE(a.Pause("x").ok());
      break;
    case 4:
      CHECK_FALSE(a.Extend(minutes(1), "x").ok());
      break;
    case 5:
      CHECK_FALSE(a.RecordAnswer(0, {1}, 1, clock.Now()).ok());
      break;
    default:
      CHECK_FALSE(a.Submit(SubmittedBy::kProctor, "x").ok());
      break;
  }
  CHECK(a.record() == before);
}

TEST_CASE("an attempt restored from its record carries on") {
  FakeClock clock;
  Attempt a = Started(clock);
  REQUIRE(a.RecordAnswer(0, {1}, 3, clock.Now()).ok());
  Result<Attempt> b = Attempt::Restore(a.record(), clock);
  REQUIRE(b.ok());
  CHECK(b->record() == a.record());
  CHECK(*b->RecordAnswer(0, {2}, 3, clock.Now()) == WriteOutcome::kStale);

  SECTION("an inconsistent record is corruption") {
    AttemptRecord r = a.record();
    r.started_at.reset();
    CHECK(Attempt::Restore(r, clock).status().IsCorruption());
    r = a.record();
    r.slots[0].chosen = {7};
    CHECK(Attempt::Restore(r, clock).status().IsCorruption());
  }
}

}  // namespace
}  // namespace khaothi::engine
