#include "khaothi/store/item_store.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "khaothi/bank/native.h"
#include "khaothi/store/database.h"

#include "test_util.h"

namespace khaothi::store {
namespace {

using engine::Item;

Item MakeItem(const std::string& id, const std::string& stem) {
  Item item;
  item.id = id;
  item.module = "IU02";
  item.topic = "IU02.3.1";
  item.difficulty = engine::Difficulty::kMedium;
  item.status = engine::ItemStatus::kActive;
  item.stem = stem;
  item.options = {{"a", true}, {"b"}, {"c"}, {"d"}};
  return item;
}

TEST_CASE("importing changed content makes a new version and keeps the old one") {
  testing::TempDir dir;
  auto store = ItemStore::Open(dir.File("center.db"), true);
  REQUIRE(store.ok());
  ItemStore& s = **store;

  auto r1 = s.Import({MakeItem("IU02-0001", "Câu hỏi một"), MakeItem("IU02-0002", "Hai")}, "f1");
  REQUIRE(r1.ok());
  CHECK(r1->added == 2);
  const std::string snap1 = *s.ActiveSnapshotId();

  SECTION("identical content changes nothing, not even the snapshot id") {
    auto r2 = s.Import({MakeItem("IU02-0001", "Câu hỏi một")}, "f1-again");
    CHECK(r2->unchanged == 1);
    CHECK(s.Get("IU02-0001")->version == 1);
    CHECK(*s.ActiveSnapshotId() == snap1);
  }
  SECTION("a changed key is a new version; both versions stay readable") {
    Item changed = MakeItem("IU02-0001", "Câu hỏi một");
    changed.options[0].correct = false;
    changed.options[1].correct = true;
    auto r2 = s.Import({changed}, "f2");
    CHECK(r2->updated == 1);
    CHECK(s.Get("IU02-0001")->version == 2);
    CHECK(s.Get("IU02-0001", 1)->options[0].correct);
    CHECK(s.Get("IU02-0001", 2)->options[1].correct);
    auto history = s.History("IU02-0001");
    REQUIRE(history->size() == 2);
    CHECK((*history)[0].source == "f1");
    CHECK((*history)[1].source == "f2");
    CHECK(*s.ActiveSnapshotId() != snap1);
  }
  SECTION("tagging an item with its software is a new version that keeps the tag") {
    Item tagged = MakeItem("IU02-0001", "Câu hỏi một");
    tagged.software = engine::Software::kLibreOffice;
    CHECK(s.Import({tagged}, "f2")->updated == 1);
    CHECK(s.Get("IU02-0001")->software == engine::Software::kLibreOffice);
    CHECK(s.Get("IU02-0001", 1)->software == engine::Software::kAny);
    CHECK(s.Import({tagged}, "f2-again")->unchanged == 1);
  }
  SECTION("retiring adds a version and takes the item out of the active set") {
    REQUIRE(s.Retire("IU02-0002").ok());
    CHECK(s.Get("IU02-0002")->status == engine::ItemStatus::kRetired);
    CHECK(s.Get("IU02-0002", 1)->status == engine::ItemStatus::kActive);
    CHECK(s.ActiveItems()->size() == 1);
    CHECK(*s.ActiveSnapshotId() != snap1);
    CHECK(s.Retire("IU02-0002").IsFailedPrecondition());
    CHECK(s.Retire("IU02-9999").IsNotFound());
  }
  SECTION("filters") {
    Item other = MakeItem("IU05-0001", "Trình chiếu");
    other.module = "IU05";
    other.topic = "IU05.6.1";
    other.difficulty = engine::Difficulty::kEasy;
    REQUIRE(s.Import({other}, "f3").ok());
    CHECK(s.List({.module = "IU05"})->size() == 1);
    CHECK(s.List({.topic_prefix = "IU02.3"})->size() == 2);
    CHECK(s.List({.topic_prefix = "IU02.3.1"})->size() == 2);
    CHECK(s.List({.topic_prefix = "IU02.2"})->empty());
    CHECK(s.List({.difficulty = engine::Difficulty::kEasy})->size() == 1);
  }
  SECTION("unknown ids and versions are NotFound") {
    CHECK(s.Get("nope").status().IsNotFound());
    CHECK(s.Get("IU02-0001", 7).status().IsNotFound());
    CHECK(s.History("nope").status().IsNotFound());
  }
}

TEST_CASE("stored versions cannot be changed or deleted, even with SQL") {
  testing::TempDir dir;
  const std::string path = dir.File("center.db");
  {
    auto store = ItemStore::Open(path, true);
    REQUIRE((*store)->Import({MakeItem("IU02-0001", "x")}, "f").ok());
  }
  auto db = Database::Open(path, false);
  REQUIRE(db.ok());
  CHECK_FALSE(db->Exec("UPDATE item_versions SET content = 'x'").ok());
  CHECK_FALSE(db->Exec("DELETE FROM item_versions").ok());
}

TEST_CASE("an import is all or nothing") {
  testing::TempDir dir;
  auto store = ItemStore::Open(dir.File("center.db"), true);
  REQUIRE((*store)->Import({MakeItem("IU02-0001", "x")}, "f").ok());
  // The same id twice in one import violates the primary key on the second insert.
  Item a = MakeItem("IU02-0002", "y");
  Item b = MakeItem("IU02-0002", "z");
  auto r = (*store)->Import({MakeItem("IU02-0003", "w"), a, b}, "bad");
  // Whatever the outcome, no partial import is visible.
  if (!r.ok()) {
    CHECK((*store)->List({})->size() == 1);
  }
}

TEST_CASE("opening refuses what is not a khaothi database") {
  testing::TempDir dir;
  SECTION("a missing file without create") {
    CHECK(ItemStore::Open(dir.File("none.db"), false).status().IsNotFound());
  }
  SECTION("a text file") {
    testing::WriteFile(dir.File("t.db"),
                       "this is not a database, it is a text file of some length");
    auto r = ItemStore::Open(dir.File("t.db"), false);
    CHECK(r.status().IsCorruption());
  }
  SECTION("another application's SQLite database") {
    sqlite3* raw = nullptr;
    sqlite3_open(dir.File("o.db").c_str(), &raw);
    sqlite3_exec(raw, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    CHECK(ItemStore::Open(dir.File("o.db"), false).status().IsCorruption());
  }
  SECTION("a database from a newer build") {
    sqlite3* raw = nullptr;
    sqlite3_open(dir.File("n.db").c_str(), &raw);
    sqlite3_exec(raw, "PRAGMA user_version = 999", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    CHECK(ItemStore::Open(dir.File("n.db"), false).status().IsFailedPrecondition());
  }
}

}  // namespace
}  // namespace khaothi::store
