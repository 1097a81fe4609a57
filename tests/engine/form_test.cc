#include "khaothi/engine/form.h"

#include <algorithm>
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "test_bank.h"

namespace khaothi::engine {
namespace {

using testing::Basic30;
using testing::SyntheticBank;

Item VectorItem(std::string id, int version, std::string topic, Difficulty d, int options = 4,
                std::string group = "", ItemStatus status = ItemStatus::kActive) {
  Item item;
  item.id = std::move(id);
  item.version = version;
  item.module = topic.substr(0, 4);
  item.topic = std::move(topic);
  item.difficulty = d;
  item.status = status;
  item.stem = "stem of " + item.id;
  for (int o = 0; o < options; ++o) {
    item.options.push_back({"option " + std::to_string(o), o == 0});
  }
  item.exclusion_group = std::move(group);
  return item;
}

// The bank of the test vector in docs/forms.md, deliberately not in id order.
std::vector<Item> VectorBank() {
  using D = Difficulty;
  std::vector<Item> bank = {
      VectorItem("IU02-0006", 1, "IU02.1.2", D::kMedium),
      VectorItem("IU01-0003", 1, "IU01.2.1", D::kEasy, 4, "G1"),
      VectorItem("IU01-0001", 1, "IU01.1.1", D::kEasy),
      VectorItem("IU02-0002", 1, "IU02.3.1", D::kEasy),
      VectorItem("IU01-0002", 1, "IU01.1.2", D::kEasy, 4, "G1"),
      VectorItem("IU01-0004", 3, "IU01.4.1", D::kEasy),
      VectorItem("IU01-0005", 1, "IU01.1.1", D::kMedium),
      VectorItem("IU01-0006", 1, "IU01.5.1", D::kMedium),
      VectorItem("IU01-0007", 1, "IU01.3.1", D::kHard),
      VectorItem("IU02-0001", 1, "IU02.1.1", D::kEasy),
      VectorItem("IU02-0003", 1, "IU02.3.2", D::kEasy, 3),
      VectorItem("IU02-0004", 1, "IU02.3.3", D::kMedium),
      VectorItem("IU02-0005", 1, "IU02.2.1", D::kMedium, 4, "", ItemStatus::kRetired),
  };
  bank[5].options[3].fixed = true;  // IU01-0004's option D stays in place
  return bank;
}

constexpr std::string_view kVectorBlueprint = R"(id = vector-1
duration = 10
order = grouped-by-module
shuffle_options = yes
[part theory]
kind = multiple-choice
cell = IU02 easy 2
cell = IU01 easy 2
cell = IU01 medium 1
cell = IU02.3 medium 1
)";

TEST_CASE("the checked-in test vector gives exactly the documented form") {
  Result<Blueprint> b = ParseBlueprint(kVectorBlueprint);
  REQUIRE(b.ok());
  SECTION("nothing seen before") {
    Result<Form> f = GenerateForm(VectorBank(), *b, 20261126);
    REQUIRE(f.ok());
    const Form expected{"vector-1",
                        20261126,
                        {
                            {"IU01-0001", 1, 1, {0, 1, 2, 3}},
                            {"IU01-0004", 3, 1, {0, 1, 2, 3}},
                            {"IU01-0006", 1, 2, {0, 1, 3, 2}},
                            {"IU02-0004", 1, 3, {0, 3, 2, 1}},
                            {"IU02-0003", 1, 0, {1, 0, 2}},
                            {"IU02-0001", 1, 0, {1, 3, 0, 2}},
                        }};
    CHECK(*f == expected);
  }
  SECTION("IU02-0001 and IU01-0004 seen recently") {
    Result<Form> f = GenerateForm(VectorBank(), *b, 20261126, {"IU02-0001", "IU01-0004"});
    REQUIRE(f.ok());
    const Form expected{"vector-1",
                        20261126,
                        {
                            {"IU01-0001", 1, 1, {0, 1, 2, 3}},
                            {"IU01-0003", 1, 1, {0, 2, 1, 3}},
                            {"IU01-0006", 1, 2, {2, 0, 1, 3}},
                            {"IU02-0004", 1, 3, {0, 1, 2, 3}},
                            {"IU02-0003", 1, 0, {2, 1, 0}},
                            {"IU02-0002", 1, 0, {0, 2, 3, 1}},
                        }};
    CHECK(*f == expected);
  }
}

// Checks every rule a form must satisfy against its blueprint and bank.
void CheckFormSatisfies(const Form& form, const Blueprint& b, const std::vector<Item>& bank) {
  std::map<std::string, const Item*> by_id;
  for (const Item& item : bank) {
    by_id[item.id] = &item;
  }
  REQUIRE(form.slots.size() == static_cast<size_t>(b.ItemCount()));
  CHECK(form.blueprint_id == b.id);
  std::vector<int> per_cell(b.cells.size());
  std::set<std::string> ids;
  std::set<std::string> groups;
  std::string previous_module;
  for (const FormSlot& slot : form.slots) {
    REQUIRE(by_id.count(slot.item_id) == 1);
    const Item& item = *by_id[slot.item_id];
    CHECK(item.status == ItemStatus::kActive);
    CHECK(item.version == slot.item_version);
    REQUIRE(slot.cell >= 0);
    REQUIRE(static_cast<size_t>(slot.cell) < b.cells.size());
    CHECK(CellMatches(b.cells[static_cast<size_t>(slot.cell)], item));
    ++per_cell[static_cast<size_t>(slot.cell)];
    CHECK(ids.insert(slot.item_id).second);
    if (!item.exclusion_group.empty()) {
      CHECK(groups.insert(item.exclusion_group).second);
    }
    // The option order is a permutation that leaves fixed options in place.
    REQUIRE(slot.option_order.size() == item.options.size());
    std::vector<int> sorted = slot.option_order;
    std::sort(sorted.begin(), sorted.end());
    for (size_t p = 0; p < sorted.size(); ++p) {
      CHECK(sorted[p] == static_cast<int>(p));
      if (item.options[p].fixed) {
        CHECK(slot.option_order[p] == static_cast<int>(p));
      }
    }
    if (!b.shuffle_options) {
      for (size_t p = 0; p < sorted.size(); ++p) {
        CHECK(slot.option_order[p] == static_cast<int>(p));
      }
    }
    if (b.order == QuestionOrder::kGroupedByModule) {
      CHECK(previous_module <= item.module);
      previous_module = item.module;
    }
  }
  for (size_t c = 0; c < b.cells.size(); ++c) {
    CHECK(per_cell[c] == b.cells[c].count);
  }
}

TEST_CASE("every form satisfies its blueprint and its exclusion groups", "[property]") {
  static const std::vector<Item> bank = SyntheticBank(1200, 3);
  Blueprint b = Basic30();
  b.order = GENERATE(QuestionOrder::kGroupedByModule, QuestionOrder::kShuffled);
  b.shuffle_options = GENERATE(true, false);
  // Overlapping cells: IU04.5 hard items also match IU04 hard.
  b.cells.push_back({"IU04", "IU04.5", Difficulty::kHard, 2, Points::Whole(2)});
  Result<FormGenerator> g = FormGenerator::Create(bank, b);
  REQUIRE(g.ok());
  const uint64_t seed = GENERATE(take(100, random(uint64_t{0}, ~uint64_t{0})));
  Result<Form> f = g->Generate(seed);
  INFO(f.status().ToString());
  REQUIRE(f.ok());
  CHECK(f->seed == seed);
  CheckFormSatisfies(*f, b, bank);
}

TEST_CASE("the same inputs give the same form", "[property]") {
  static const std::vector<Item> bank = SyntheticBank(400);
  const Blueprint b = Basic30();
  const uint64_t seed = GENERATE(take(50, random(uint64_t{0}, ~uint64_t{0})));
  Result<Form> once = GenerateForm(bank, b, seed);
  REQUIRE(once.ok());
  SECTION("twice") {
    Result<Form> twice = GenerateForm(bank, b, seed);
    REQUIRE(twice.ok());
    CHECK(*once == *twice);
  }
  SECTION("from a prepared generator (the cache) and without it") {
    Result<FormGenerator> g = FormGenerator::Create(bank, b);
    REQUIRE(g.ok());
    CHECK(*g->Generate(seed) == *once);
  }
  SECTION("whatever order the snapshot lists its items in") {
    std::vector<Item> reversed(bank.rbegin(), bank.rend());
    CHECK(*GenerateForm(reversed, b, seed) == *once);
  }
  SECTION("another seed gives another form") { CHECK(*GenerateForm(bank, b, seed + 1) != *once); }
}

TEST_CASE("every item of a cell comes up about equally often", "[property][slow]") {
  // One cell of 20 items, 3 drawn per form, 20,000 forms with seeds 0..19999: each item is
  // expected 3,000 times. Chi-square with 19 degrees of freedom has p = 1e-6 at about 58;
  // 70 is generous and the seed range is fixed, so the test is deterministic.
  std::vector<Item> bank;
  for (int i = 0; i < 20; ++i) {
    std::string id = "IU03-" + std::to_string(1000 + i);
    bank.push_back(VectorItem(id, 1, "IU03.4.1", Difficulty::kMedium));
  }
  bank.push_back(VectorItem("IU03-2000", 1, "IU03.4.1", Difficulty::kEasy));
  Blueprint b = Basic30();
  b.cells = {{"IU03", "", Difficulty::kMedium, 3}, {"IU03", "", Difficulty::kEasy, 1}};
  Result<FormGenerator> g = FormGenerator::Create(bank, b);
  REQUIRE(g.ok());
  constexpr int kForms = 20000;
  std::map<std::string, int> seen;
  std::map<std::string, int> first_slot;
  for (uint64_t seed = 0; seed < kForms; ++seed) {
    Result<Form> f = g->Generate(seed);
    REQUIRE(f.ok());
    for (const FormSlot& s : f->slots) {
      if (s.cell == 0) {
        ++seen[s.item_id];
      }
    }
  }
  REQUIRE(seen.size() == 20);
  const double expected = kForms * 3.0 / 20.0;
  double chi2 = 0;
  for (const auto& [id, n] : seen) {
    chi2 += (n - expected) * (n - expected) / expected;
  }
  INFO("chi-square = " << chi2);
  CHECK(chi2 < 70.0);
}

TEST_CASE("option permutations are uniform over the free positions", "[property][slow]") {
  std::vector<Item> bank = {VectorItem("IU01-0001", 1, "IU01.1.1", Difficulty::kEasy)};
  bank[0].options[3].fixed = true;
  Blueprint b = Basic30();
  b.cells = {{"IU01", "", Difficulty::kEasy, 1}};
  Result<FormGenerator> g = FormGenerator::Create(bank, b);
  REQUIRE(g.ok());
  // Three free options: 6 orders, 6,000 forms, 1,000 expected each; chi-square, 5 d.o.f.
  std::map<std::vector<int>, int> counts;
  for (uint64_t seed = 0; seed < 6000; ++seed) {
    Result<Form> f = g->Generate(seed);
    REQUIRE(f.ok());
    const FormSlot& s = f->slots[0];
    CHECK(s.option_order[3] == 3);
    ++counts[s.option_order];
  }
  REQUIRE(counts.size() == 6);
  double chi2 = 0;
  for (const auto& [order, n] : counts) {
    chi2 += (n - 1000.0) * (n - 1000.0) / 1000.0;
  }
  INFO("chi-square = " << chi2);
  CHECK(chi2 < 35.0);
}

TEST_CASE("a bank too small for the blueprint names each short cell") {
  std::vector<Item> bank = VectorBank();
  Result<Blueprint> b =
      ParseBlueprint(std::string(kVectorBlueprint) + "cell = IU01 hard 2\ncell = IU03 easy 1\n");
  REQUIRE(b.ok());
  Result<Form> f = GenerateForm(bank, *b, 1);
  REQUIRE_FALSE(f.ok());
  CHECK(f.status().IsResourceExhausted());
  CHECK(f.status().message() ==
        "cell IU01 hard: needs 2, bank has 1 (short by 1)\n"
        "cell IU03 easy: needs 1, bank has 0 (short by 1)");

  SECTION("exclusion-group conflicts count against the cell") {
    Result<Blueprint> groups = ParseBlueprint(
        "id = g\n[part t]\nkind = multiple-choice\ncell = IU01.1 easy 2\ncell = IU01.2 easy 1\n");
    REQUIRE(groups.ok());
    // IU01.1 easy: IU01-0001 and IU01-0002 (G1); IU01.2 easy: only IU01-0003 (G1).
    Result<Form> g = GenerateForm(bank, *groups, 7);
    REQUIRE_FALSE(g.ok());
    CHECK(g.status().IsResourceExhausted());
    CHECK(g.status().message() ==
          "cell IU01.2 easy: needs 1, bank has 0 usable of 1 (1 set aside by exclusion groups or "
          "an overlapping cell) (short by 1)");
  }
}

TEST_CASE("items seen in an earlier attempt are avoided while the cell has others") {
  static const std::vector<Item> bank = SyntheticBank(600, 0);
  const Blueprint b = Basic30();
  Result<FormGenerator> g = FormGenerator::Create(bank, b);
  REQUIRE(g.ok());
  const uint64_t seed = GENERATE(take(20, random(uint64_t{0}, ~uint64_t{0})));
  Result<Form> first = g->Generate(seed);
  REQUIRE(first.ok());
  std::set<std::string> seen;
  for (const FormSlot& s : first->slots) {
    seen.insert(s.item_id);
  }
  Result<Form> retake = g->Generate(seed, seen);
  REQUIRE(retake.ok());
  CHECK(SharedItemCount(*first, *retake) == 0);

  SECTION("but are drawn when the cell has nothing else") {
    std::vector<Item> tiny = VectorBank();
    Result<Blueprint> vb = ParseBlueprint(kVectorBlueprint);
    REQUIRE(vb.ok());
    // IU01 medium has IU01-0005 and IU01-0006; with both seen, one of them is still drawn.
    Result<Form> f = GenerateForm(tiny, *vb, seed, {"IU01-0005", "IU01-0006"});
    REQUIRE(f.ok());
    CheckFormSatisfies(*f, *vb, tiny);
  }
}

TEST_CASE("SharedItemCount counts the items two forms have in common") {
  Form a{"b", 1, {{"A", 1, 0, {}}, {"B", 1, 0, {}}, {"C", 1, 0, {}}}};
  Form b{"b", 2, {{"C", 2, 0, {}}, {"D", 1, 0, {}}, {"A", 1, 0, {}}}};
  CHECK(SharedItemCount(a, b) == 2);
  CHECK(SharedItemCount(b, a) == 2);
  CHECK(SharedItemCount(a, a) == 3);
  CHECK(SharedItemCount(a, Form{}) == 0);

  SECTION("neighbouring seats share few items of a large bank") {
    static const std::vector<Item> bank = SyntheticBank(2000);
    Result<FormGenerator> g = FormGenerator::Create(bank, Basic30());
    REQUIRE(g.ok());
    int total = 0;
    for (uint64_t seat = 0; seat < 100; ++seat) {
      total += SharedItemCount(*g->Generate(seat), *g->Generate(seat + 1));
    }
    // Each cell of ~67 items draws 1-2, so neighbours share about 0.7 items on average.
    CHECK(total < 200);
  }
}

// IU05 medium: 4 items for any software, and 3 Microsoft/LibreOffice parallel pairs, each pair
// sharing an exclusion group.
std::vector<Item> SoftwareBank() {
  std::vector<Item> bank;
  for (int i = 1; i <= 4; ++i) {
    bank.push_back(VectorItem("IU05-000" + std::to_string(i), 1, "IU05.1.1", Difficulty::kMedium));
  }
  for (int i = 1; i <= 3; ++i) {
    const std::string group = "IU05-G-PAIR" + std::to_string(i);
    Item ms =
        VectorItem("IU05-010" + std::to_string(i), 1, "IU05.1.1", Difficulty::kMedium, 4, group);
    ms.software = Software::kMicrosoft;
    Item lo =
        VectorItem("IU05-020" + std::to_string(i), 1, "IU05.1.1", Difficulty::kMedium, 4, group);
    lo.software = Software::kLibreOffice;
    bank.push_back(ms);
    bank.push_back(lo);
  }
  return bank;
}

Blueprint SoftwareBlueprint(std::string_view software, int count) {
  Result<Blueprint> b = ParseBlueprint("id = sw\nsoftware = " + std::string(software) +
                                       "\n[part t]\nkind = multiple-choice\ncell = IU05 medium " +
                                       std::to_string(count) + "\n");
  REQUIRE(b.ok());
  return *b;
}

TEST_CASE("forms draw only the items for the blueprint's software") {
  const std::vector<Item> bank = SoftwareBank();
  std::map<std::string, Software> software_of;
  std::map<std::string, std::string> group_of;
  for (const Item& item : bank) {
    software_of[item.id] = item.software;
    group_of[item.id] = item.exclusion_group;
  }
  struct Case {
    const char* software;
    Software excluded;  // never drawn; kAny: nothing is excluded
    int pool;           // items the cell may draw
    int most;           // the largest form the pool fills (a pair counts once)
  };
  const Case cases[] = {{"microsoft", Software::kLibreOffice, 7, 7},
                        {"libreoffice", Software::kMicrosoft, 7, 7},
                        {"both", Software::kAny, 10, 7}};
  for (const Case& c : cases) {
    INFO("software = " << c.software);
    Result<FormGenerator> g = FormGenerator::Create(bank, SoftwareBlueprint(c.software, c.most));
    REQUIRE(g.ok());
    CHECK(g->MatchingCounts() == std::vector<int>{c.pool});
    std::set<std::string> drawn;
    for (uint64_t seed = 0; seed < 200; ++seed) {
      Result<Form> f = g->Generate(seed);
      REQUIRE(f.ok());
      std::set<std::string> groups;
      for (const FormSlot& slot : f->slots) {
        drawn.insert(slot.item_id);
        if (c.excluded != Software::kAny) {
          CHECK(software_of.at(slot.item_id) != c.excluded);
        }
        // A "both" form never asks the same fact in both programs.
        const std::string& group = group_of.at(slot.item_id);
        CHECK((group.empty() || groups.insert(group).second));
      }
    }
    // Every item the choice allows comes up in some form.
    CHECK(static_cast<int>(drawn.size()) == c.pool);

    Result<Form> too_many = GenerateForm(bank, SoftwareBlueprint(c.software, c.most + 1), 1);
    REQUIRE_FALSE(too_many.ok());
    CHECK(too_many.status().IsResourceExhausted());
  }
  CHECK(GenerateForm(bank, SoftwareBlueprint("microsoft", 8), 1).status().message() ==
        "cell IU05 medium: needs 8, bank has 7 (short by 1)");
}

TEST_CASE("a one-suite form does not depend on the other suite's items") {
  // The filter is applied before the draw, so adding, changing or removing LibreOffice items
  // leaves every Microsoft form as it was (and the form stays a pure function of its inputs).
  std::vector<Item> full = SoftwareBank();
  std::vector<Item> microsoft_only;
  for (const Item& item : full) {
    if (item.software != Software::kLibreOffice) {
      microsoft_only.push_back(item);
    }
  }
  const Blueprint ms = SoftwareBlueprint("microsoft", 5);
  const Blueprint both = SoftwareBlueprint("both", 5);
  bool both_differs = false;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    Result<Form> a = GenerateForm(full, ms, seed);
    Result<Form> b = GenerateForm(microsoft_only, ms, seed);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(*a == *b);
    both_differs = both_differs || *GenerateForm(full, both, seed) != *a;
  }
  CHECK(both_differs);
}

TEST_CASE("a snapshot with one id twice is refused") {
  std::vector<Item> bank = VectorBank();
  bank.push_back(bank[0]);
  Result<Blueprint> b = ParseBlueprint(kVectorBlueprint);
  REQUIRE(b.ok());
  CHECK(GenerateForm(bank, *b, 1).status().IsInvalidArgument());
}

}  // namespace
}  // namespace khaothi::engine
