#include "khaothi/engine/item.h"

#include <catch2/catch.hpp>

#include "khaothi/engine/outline.h"

namespace khaothi::engine {
namespace {

Item ValidItem() {
  Item item;
  item.id = "IU01-0001";
  item.module = "IU01";
  item.topic = "IU01.1.1";
  item.difficulty = Difficulty::kEasy;
  item.status = ItemStatus::kActive;
  item.stem = "Đơn vị nào đo tốc độ xung nhịp của CPU?";
  item.options = {{"GHz", true}, {"GB", false}, {"Mbps", false}, {"dpi", false}};
  return item;
}

bool HasProblem(const std::vector<ItemProblem>& ps, std::string_view field) {
  for (const ItemProblem& p : ps) {
    if (p.field == field) {
      return true;
    }
  }
  return false;
}

TEST_CASE("a complete item has no problems") {
  CHECK(CheckItem(ValidItem(), Outline::Default()).empty());
}

TEST_CASE("item rules are each reported against their field") {
  Item item = ValidItem();
  const Outline& outline = Outline::Default();
  SECTION("one option is too few") {
    item.options.resize(1);
    CHECK(HasProblem(CheckItem(item, outline), "options"));
  }
  SECTION("seven options are too many") {
    for (int i = 0; i < 3; ++i) {
      item.options.push_back({"x" + std::to_string(i), false});
    }
    CHECK(HasProblem(CheckItem(item, outline), "options"));
  }
  SECTION("six options are allowed") {
    item.options.push_back({"x", false});
    item.options.push_back({"y", false});
    CHECK(CheckItem(item, outline).empty());
  }
  SECTION("weights beyond 100 % either way") {
    item.options[1].weight = 150.0;
    CHECK(HasProblem(CheckItem(item, outline), "options"));
    item.options[1].weight = -100.0;
    CHECK(CheckItem(item, outline).empty());
  }
  SECTION("duplicate option text") {
    item.options[3].text = "GB";
    CHECK(HasProblem(CheckItem(item, outline), "options"));
  }
  SECTION("no key") {
    item.options[0].correct = false;
    CHECK(HasProblem(CheckItem(item, outline), "key"));
  }
  SECTION("two keys in a single-answer item, but not in a multiple-answer one") {
    item.options[1].correct = true;
    CHECK(HasProblem(CheckItem(item, outline), "key"));
    item.mode = ResponseMode::kMultiple;
    CHECK(CheckItem(item, outline).empty());
  }
  SECTION("unknown module and topic") {
    item.module = "IU99";
    CHECK(HasProblem(CheckItem(item, outline), "module"));
    item.module = "IU01";
    item.topic = "IU01.9.9";
    CHECK(HasProblem(CheckItem(item, outline), "topic"));
    item.topic = "IU01.1";
    CHECK(HasProblem(CheckItem(item, outline), "topic"));
    item.topic = "IU02.1.1";
    CHECK(HasProblem(CheckItem(item, outline), "topic"));
  }
  SECTION("a draft may lack module, topic and difficulty; an active item may not") {
    item.module.clear();
    item.topic.clear();
    item.difficulty.reset();
    CHECK(CheckItem(item, outline).size() == 3);
    item.status = ItemStatus::kDraft;
    CHECK(CheckItem(item, outline).empty());
  }
  SECTION("bad ids") {
    for (const char* id : {"", "-x", "IU 01", "IU01/1"}) {
      item.id = id;
      CHECK(HasProblem(CheckItem(item, outline), "id"));
    }
  }
}

TEST_CASE("the default outline has leaves for every basic module") {
  const Outline& outline = Outline::Default();
  for (const Module& m : outline.modules()) {
    if (m.basic) {
      CHECK(outline.LeavesOf(m.code).size() >= 5);
    }
  }
  CHECK(outline.IsLeaf("IU04.5.2"));
  CHECK_FALSE(outline.IsLeaf("IU04.5"));
}

}  // namespace
}  // namespace khaothi::engine
