// A centre in a temporary directory for the centre library's tests: center.db with the synthetic
// bank imported and the centre initialised, and the blueprint and candidates the tests use.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "khaothi/centre/centre.h"
#include "khaothi/engine/blueprint.h"
#include "khaothi/store/database.h"
#include "khaothi/store/item_store.h"

#include "engine/test_bank.h"
#include "test_util.h"

namespace khaothi::centre::testing {

using khaothi::testing::TempDir;

inline const Change kChange{.actor = "cli:thuky", .at_ms = 1'796'000'000'000};

// A blueprint over IU01-IU03 of the synthetic bank (per module: 4 easy, 4 medium, 2 hard items).
inline engine::Blueprint MiniBlueprint(int iu01_hard = 1) {
  engine::Blueprint b = engine::testing::Basic30();
  b.id = "mini-7";
  b.cells = {{"IU01", "", engine::Difficulty::kEasy, 2},
             {"IU01", "", engine::Difficulty::kHard, iu01_hard},
             {"IU02", "", engine::Difficulty::kMedium, 2},
             {"IU03", "", engine::Difficulty::kEasy, 2}};
  b.duration = std::chrono::minutes(20);
  return b;
}

inline std::string CandidatesCsv(int n, const std::string& prefix = "A", int id_base = 0) {
  std::string csv = "sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n";
  for (int i = 1; i <= n; ++i) {
    std::string id = std::to_string(1'000'000 + id_base + i);
    csv += prefix + std::to_string(i) + ",Thí sinh " + std::to_string(i) + ",2000-01-0" +
           std::to_string(1 + i % 9) + "," + (i % 2 == 0 ? "Nữ" : "Nam") + ",Hà Nội,00120" + id +
           "," + (i % 2 == 0 ? "P102" : "P101") + "\n";
  }
  return csv;
}

struct Centre {
  TempDir dir;
  std::unique_ptr<store::ItemStore> bank;
  store::Database db;

  Centre() : bank(OpenBank(dir.File("center.db"))), db(OpenDb(dir.File("center.db"))) {
    REQUIRE(InitCentre(db, "GDTX-LA", "Trung tâm GDTX tỉnh Long An", kChange).ok());
  }

  static std::unique_ptr<store::ItemStore> OpenBank(const std::string& path) {
    auto s = store::ItemStore::Open(path, true);
    REQUIRE(s.ok());
    REQUIRE((*s)->Import(engine::testing::SyntheticBank(60, 0), "synthetic").ok());
    return std::move(s).value();
  }
  static store::Database OpenDb(const std::string& path) {
    auto d = store::Database::Open(path, false);
    REQUIRE(d.ok());
    return std::move(d).value();
  }

  SessionSpec Spec(const std::string& id, const engine::Blueprint& b = MiniBlueprint(),
                   const std::string& date = "2026-12-05") {
    return {.id = id,
            .name = "Ca thi sáng " + id,
            .exam_date = date,
            .blueprint_text = engine::SerializeBlueprint(b),
            .rooms = {"P101", "P102"}};
  }

  int64_t Count(const std::string& sql) {
    store::Statement q = db.Prepare(sql);
    REQUIRE(*q.Step());
    return q.ColumnInt64(0);
  }
};

}  // namespace khaothi::centre::testing
