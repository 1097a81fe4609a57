#include "khaothi/engine/grading.h"

#include <algorithm>

#include <catch2/catch.hpp>

#include "khaothi/engine/random.h"

#include "test_bank.h"

namespace khaothi::engine {
namespace {

using testing::Basic30;
using testing::SyntheticBank;

Item Mcq(ResponseMode mode, std::vector<bool> key,
         std::vector<std::optional<double>> weights = {}) {
  Item item;
  item.id = "IU01-0001";
  item.version = 1;
  item.mode = mode;
  for (size_t i = 0; i < key.size(); ++i) {
    Option o;
    o.text = "o" + std::to_string(i);
    o.correct = key[i];
    if (i < weights.size()) {
      o.weight = weights[i];
    }
    item.options.push_back(o);
  }
  return item;
}

TEST_CASE("item credit follows the scoring contract of item.h") {
  SECTION("single answer") {
    const Item item = Mcq(ResponseMode::kSingle, {false, true, false, false});
    CHECK(ItemCredit(item, {1}) == kFullCredit);
    CHECK(ItemCredit(item, {0}) == 0);
    CHECK(ItemCredit(item, {}) == 0);
    CHECK(ItemCredit(item, {1, 2}) == 0);
    CHECK(ItemCredit(item, {9}) == 0);
  }
  SECTION("single answer with weights") {
    const Item item = Mcq(ResponseMode::kSingle, {true, false, false}, {100.0, 50.0, -25.0});
    CHECK(ItemCredit(item, {0}) == kFullCredit);
    CHECK(ItemCredit(item, {1}) == kFullCredit / 2);
    CHECK(ItemCredit(item, {2}) == 0);
  }
  SECTION("multiple answer, all or nothing") {
    const Item item = Mcq(ResponseMode::kMultiple, {true, false, true, false});
    CHECK(ItemCredit(item, {0, 2}) == kFullCredit);
    CHECK(ItemCredit(item, {2, 0}) == kFullCredit);
    CHECK(ItemCredit(item, {0}) == 0);
    CHECK(ItemCredit(item, {0, 1, 2}) == 0);
  }
  SECTION("multiple answer with GIFT weights, negative totals clamp at 0") {
    const Item item = Mcq(ResponseMode::kMultiple, {true, true, true, false},
                          {33.33333, 33.33333, 33.33333, -100.0});
    CHECK(ItemCredit(item, {0}) == 333333);
    CHECK(ItemCredit(item, {0, 1, 2}) == 999999);
    CHECK(ItemCredit(item, {0, 3}) == 0);
    CHECK(ItemCredit(item, {}) == 0);
    const Item over = Mcq(ResponseMode::kMultiple, {true, true}, {80.0, 80.0});
    CHECK(ItemCredit(over, {0, 1}) == kFullCredit);
  }
}

TEST_CASE("scores are scaled and rounded exactly") {
  ScoringPolicy p;
  // 1 of 3 points -> 3.333... -> 3.33; 2 of 3 -> 6.67; 15 of 30 -> 5.00.
  CHECK(ScaleAndRound(1, 3, p) == Points{33300});
  CHECK(ScaleAndRound(2, 3, p) == Points{66700});
  CHECK(ScaleAndRound(15, 30, p) == Points{50000});
  CHECK(ScaleAndRound(0, 30, p) == Points{0});
  CHECK(ScaleAndRound(30, 30, p) == Points{100000});
  // 6.6 of 16 -> 4.125 exactly: the tie rules decide.
  const auto [mode, expected] = GENERATE(table<RoundingMode, int64_t>({
      {RoundingMode::kHalfUp, 41300},
      {RoundingMode::kHalfEven, 41200},
      {RoundingMode::kDown, 41200},
  }));
  p.rounding = mode;
  CHECK(ScaleAndRound(66, 160, p) == Points{expected});
  SECTION("one decimal") {
    p.decimals = 1;
    // 3.75 -> half-up 3.8, half-even 3.8, down 3.7
    CHECK(ScaleAndRound(3, 8, p) == Points{mode == RoundingMode::kDown ? 37000 : 38000});
  }
  SECTION("a value a double would get wrong") {
    // 1.005 × 10 of 10: 1.005 is 1.00499999... as a double; exactly it rounds half-up to 1.01.
    p.rounding = RoundingMode::kHalfUp;
    CHECK(ScaleAndRound(1005, 10000, p) == Points{10100});
  }
}

TEST_CASE("an attempt is graded per slot with its cell's points") {
  const std::vector<Item> bank = SyntheticBank(600);
  const Blueprint b = Basic30();
  Result<Form> form = GenerateForm(bank, b, 99);
  REQUIRE(form.ok());
  Result<std::vector<const Item*>> items = ResolveFormItems(*form, bank);
  REQUIRE(items.ok());
  std::vector<std::vector<int>> responses(form->slots.size());
  // Answer the first 16 slots with their key.
  for (size_t i = 0; i < 16; ++i) {
    const Item& item = *(*items)[i];
    for (size_t o = 0; o < item.options.size(); ++o) {
      if (item.weighted() ? item.options[o].weight.value_or(0) > 0 : item.options[o].correct) {
        responses[i].push_back(static_cast<int>(o));
      }
    }
  }
  Result<GradeResult> r = GradeAttempt(*form, *items, responses, b);
  REQUIRE(r.ok());
  CHECK(r->revision == 1);
  CHECK_FALSE(r->supersedes.has_value());
  CHECK(r->score == Points{53300});  // 16/30 × 10 = 5.333... -> 5.33
  CHECK(r->passed);
  CHECK(r->slots.size() == 30);

  SECTION("15 of 30 is exactly the pass mark") {
    responses[15].clear();
    Result<GradeResult> half = GradeAttempt(*form, *items, responses, b);
    CHECK(half->score == Points::Whole(5));
    CHECK(half->passed);
    responses[14].clear();
    Result<GradeResult> below = GradeAttempt(*form, *items, responses, b);
    CHECK(below->score == Points{46700});
    CHECK_FALSE(below->passed);
  }
  SECTION("mismatched input is refused") {
    responses.pop_back();
    CHECK(GradeAttempt(*form, *items, responses, b).status().IsInvalidArgument());
  }
  SECTION("a slot's item must be the form's version") {
    std::vector<Item> changed = bank;
    for (Item& item : changed) {
      ++item.version;
    }
    CHECK(ResolveFormItems(*form, changed).status().IsNotFound());
  }
  SECTION("regrading makes a new result pointing at the old one, against the form's versions") {
    const GradeResult old = *r;
    Result<GradeResult> before = GradeAttempt(*form, *items, responses, b);
    REQUIRE(before.ok());
    // An answer the first grading did not hold (slot 20 answered with option 0).
    responses[20] = {0};
    const int64_t expected_credit = ItemCredit(*(*items)[20], responses[20]);
    Result<GradeResult> again = Regrade(*before, *form, *items, responses, b, "phúc khảo");
    REQUIRE(again.ok());
    CHECK(again->revision == 2);
    CHECK(again->supersedes == 1);
    CHECK(again->reason == "phúc khảo");
    CHECK(again->slots[20].item_version == (*items)[20]->version);
    CHECK(again->slots[20].credit == expected_credit);
    CHECK(old == *r);  // the old result is a value; nothing changed it
    CHECK(Regrade(*before, *form, *items, responses, b, "").status().IsInvalidArgument());

    // A newer version, here one that lists the same options in another order, is not the version
    // the candidate was shown: grading against it would move the key under the stored answers.
    Item reordered = *(*items)[20];
    reordered.version += 1;
    std::reverse(reordered.options.begin(), reordered.options.end());
    std::vector<const Item*> newer = *items;
    newer[20] = &reordered;
    CHECK(Regrade(*before, *form, newer, responses, b, "phúc khảo").status().IsInvalidArgument());
    CHECK(GradeAttempt(*form, newer, responses, b).status().IsInvalidArgument());
  }
}

// The form's option permutation must not change the grade: a candidate who means the same
// authored options, seeing them at other positions, scores the same.
TEST_CASE("grading does not change when options are permuted", "[property]") {
  static const std::vector<Item> bank = SyntheticBank(600);
  const Blueprint b = Basic30();
  const uint64_t seed = GENERATE(take(100, random(uint64_t{0}, ~uint64_t{0})));
  Result<Form> shuffled = GenerateForm(bank, b, seed);
  REQUIRE(shuffled.ok());
  Form identity = *shuffled;
  for (FormSlot& s : identity.slots) {
    for (size_t p = 0; p < s.option_order.size(); ++p) {
      s.option_order[p] = static_cast<int>(p);
    }
  }
  Result<std::vector<const Item*>> items = ResolveFormItems(*shuffled, bank);
  REQUIRE(items.ok());
  // Random intended choices (authored indices); the candidate clicks the positions showing them.
  Xoshiro256 rng(seed ^ 0x5eed);
  std::vector<std::vector<int>> via_shuffled, via_identity;
  for (const FormSlot& s : shuffled->slots) {
    std::vector<int> intended;
    for (size_t o = 0; o < s.option_order.size(); ++o) {
      if (BoundedDraw(rng, 3) == 0) {
        intended.push_back(static_cast<int>(o));
      }
    }
    std::vector<int> clicked;
    for (size_t p = 0; p < s.option_order.size(); ++p) {
      if (std::find(intended.begin(), intended.end(), s.option_order[p]) != intended.end()) {
        clicked.push_back(static_cast<int>(p));
      }
    }
    via_shuffled.push_back(DisplayedToAuthored(s, clicked));
    via_identity.push_back(intended);
  }
  Result<GradeResult> a = GradeAttempt(*shuffled, *items, via_shuffled, b);
  Result<GradeResult> c = GradeAttempt(identity, *items, via_identity, b);
  REQUIRE(a.ok());
  REQUIRE(c.ok());
  CHECK(a->score == c->score);
  CHECK(a->earned == c->earned);

  SECTION("reordering an item's authored options, key and answer alike, keeps its credit") {
    for (size_t i = 0; i < items->size(); ++i) {
      Item item = *(*items)[i];
      std::vector<int> perm(item.options.size());
      for (size_t k = 0; k < perm.size(); ++k) {
        perm[k] = static_cast<int>(k);
      }
      Shuffle(rng, std::span<int>(perm));
      Item moved = item;
      for (size_t k = 0; k < perm.size(); ++k) {
        moved.options[k] = item.options[static_cast<size_t>(perm[k])];
      }
      std::vector<int> answer;
      for (size_t k = 0; k < perm.size(); ++k) {
        if (std::find(via_identity[i].begin(), via_identity[i].end(), perm[k]) !=
            via_identity[i].end()) {
          answer.push_back(static_cast<int>(k));
        }
      }
      CHECK(ItemCredit(moved, answer) == ItemCredit(item, via_identity[i]));
    }
  }
}

TEST_CASE("a score is always within 0 and the scale", "[property]") {
  static const std::vector<Item> bank = SyntheticBank(600);
  Blueprint b = Basic30();
  b.cells[0].points = Points{7500};
  b.cells[5].points = Points::Whole(3);
  b.scoring.decimals = GENERATE(0, 2, 4);
  b.parts[0].pass = Points::Whole(5);
  const uint64_t seed = GENERATE(take(50, random(uint64_t{0}, ~uint64_t{0})));
  Result<Form> form = GenerateForm(bank, b, seed);
  REQUIRE(form.ok());
  Result<std::vector<const Item*>> items = ResolveFormItems(*form, bank);
  REQUIRE(items.ok());
  Xoshiro256 rng(seed);
  std::vector<std::vector<int>> responses;
  for (const FormSlot& s : form->slots) {
    std::vector<int> chosen;
    for (size_t o = 0; o < s.option_order.size(); ++o) {
      if (BoundedDraw(rng, 2) == 0) {
        chosen.push_back(static_cast<int>(o));
      }
    }
    responses.push_back(chosen);
  }
  Result<GradeResult> r = GradeAttempt(*form, *items, responses, b);
  REQUIRE(r.ok());
  CHECK(r->score >= Points{});
  CHECK(r->score <= b.scoring.scale);
  for (const SlotGrade& g : r->slots) {
    CHECK(g.credit >= 0);
    CHECK(g.credit <= kFullCredit);
  }
  CHECK(GradeAttempt(*form, *items, responses, b)->score == r->score);  // twice, the same
}

TEST_CASE("the practical is the mean of its sub-parts, each above the floor") {
  Part practical;
  practical.name = "practical";
  practical.kind = PartKind::kEntered;
  practical.subparts = {"van-ban", "bang-tinh", "trinh-chieu"};
  const ScoringPolicy policy;
  auto score = [&](std::vector<Points> marks) {
    Result<PartScore> s = ScoreEnteredPart(practical, marks, policy);
    REQUIRE(s.ok());
    return *s;
  };
  SECTION("passes") {
    PartScore s = score({Points::Whole(6), Points::Whole(5), Points::Whole(4)});
    CHECK(s.score == Points::Whole(5));
    CHECK(s.passed);
  }
  SECTION("a sub-part at exactly 40 % passes its floor, one below does not") {
    CHECK(score({Points::Whole(7), Points::Whole(7), Points::Whole(4)}).passed);
    PartScore s = score({Points::Whole(8), Points::Whole(8), Points{39900}});
    CHECK(s.score == Points{66600});
    CHECK_FALSE(s.passed);
  }
  SECTION("the mean is rounded half-up") {
    // (5 + 5 + 5.01) / 3 = 5.00333 -> 5.00
    CHECK(score({Points::Whole(5), Points::Whole(5), Points{50100}}).score == Points::Whole(5));
    // Two sub-parts: (5.00 + 5.01) / 2 = 5.005 exactly -> 5.01
    practical.subparts = {"a", "b"};
    CHECK(score({Points::Whole(5), Points{50100}}).score == Points{50100});
  }
  SECTION("wrong input is refused") {
    CHECK(ScoreEnteredPart(practical, {Points::Whole(5)}, policy).status().IsInvalidArgument());
    CHECK(
        ScoreEnteredPart(practical, {Points::Whole(5), Points::Whole(5), Points::Whole(11)}, policy)
            .status()
            .IsInvalidArgument());
  }
  SECTION("without sub-parts, one mark") {
    practical.subparts.clear();
    CHECK_FALSE(score({Points{49900}}).passed);
    CHECK(score({Points::Whole(5)}).passed);
    // Marks carry no more decimals than scores keep, so 4.9999 cannot round up to a pass.
    CHECK(ScoreEnteredPart(practical, {Points{49999}}, policy).status().IsInvalidArgument());
  }
}

TEST_CASE("passed parts carry over to a retake for 12 calendar months") {
  const Blueprint b = Basic30();
  using std::chrono::days;
  using std::chrono::sys_days;
  using namespace std::chrono_literals;
  const TimePoint first = sys_days(2026y / 3 / 15) + std::chrono::hours(8);
  const std::vector<PartOutcome> earlier = {
      {"theory", Points::Whole(7), true, first},
      {"practical", Points::Whole(3), false, first},
  };
  SECTION("within the window, only the missing part is needed") {
    const TimePoint retake = sys_days(2027y / 3 / 14) + std::chrono::hours(8);
    OverallResult r =
        DecideOverall(b, {{"practical", Points::Whole(6), true, retake}}, earlier, retake);
    CHECK(r.verdict == Verdict::kPassed);
    CHECK(r.parts[0].source == PartDecision::Source::kCarriedOver);
    CHECK(r.parts[1].source == PartDecision::Source::kThisSitting);
  }
  SECTION("at exactly 12 months it no longer counts") {
    const TimePoint retake = AddCalendarMonths(first, 12);
    OverallResult r =
        DecideOverall(b, {{"practical", Points::Whole(6), true, retake}}, earlier, retake);
    CHECK(r.verdict == Verdict::kPending);
    CHECK(r.parts[0].source == PartDecision::Source::kMissing);
  }
  SECTION("a failed part fails the exam; an unentered one leaves it pending") {
    const TimePoint now = first;
    CHECK(DecideOverall(b, {{"theory", Points::Whole(4), false, now}}, {}, now).verdict ==
          Verdict::kFailed);
    CHECK(DecideOverall(b, {{"theory", Points::Whole(6), true, now}}, {}, now).verdict ==
          Verdict::kPending);
  }
  SECTION("calendar months end on the last day of a short month") {
    CHECK(AddCalendarMonths(sys_days(2027y / 1 / 31), 1) == TimePoint(sys_days(2027y / 2 / 28)));
    CHECK(AddCalendarMonths(sys_days(2028y / 1 / 31), 1) == TimePoint(sys_days(2028y / 2 / 29)));
    CHECK(AddCalendarMonths(first, 12) ==
          TimePoint(sys_days(2027y / 3 / 15) + std::chrono::hours(8)));
  }
}

}  // namespace
}  // namespace khaothi::engine
