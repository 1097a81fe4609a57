// The proctor dashboard in a real browser: Debian's /usr/bin/chromium driven by playwright-core
// (tests/dashboard/browser/proctor.js) against the real server, while candidates driven by the
// client library log in and answer. This test fails, never skips, when node, npm, the npm
// packages or chromium are missing.
//
// KHAOTHI_DASHBOARD_SHOTS=DIR copies the room view's screenshot and the report's PDF there
// (docs/proctor.md's picture comes from it); the marking pages' test (marking_test.cc) copies
// its screenshots there too (docs/practical.md's pictures).
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <catch2/catch.hpp>

#include "khaothi/server/exam_service.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "browser_setup.h"
#include "dashboard_driver.h"
#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace fs = std::filesystem;
using client::EventType;

TEST_CASE("a proctor runs a room in headless Chromium", "[dashboard][browser]") {
  REQUIRE(fs::exists("/usr/bin/node"));
  REQUIRE(fs::exists("/usr/bin/chromium"));
  const std::string node_modules = BrowserNodeModules();

  TestCentre centre({.candidates = 5, .unlock_required = true});
  const std::string password = "Coi-thi-P101!";
  AddStaff(centre.db_path(), "lan", "proctor", password, {"S1/P101"});
  auto created = server::Server::Create(centre.Config());
  REQUIRE(created.ok());
  std::unique_ptr<server::Server> server = std::move(*created);
  server->Start();
  const uint16_t port = server->port();

  // The candidates: they log in once the proctor is logged in (so the browser sees them
  // arrive), start when unlocked, and answer one question after another until their exam ends.
  IoThreads io;
  std::vector<std::unique_ptr<Candidate>> candidates;
  for (const auto& [sbd, pw] : centre.passwords()) {
    candidates.push_back(
        std::make_unique<Candidate>(io.executor(), centre.ca_pem(), port, sbd, pw, "PC-" + sbd));
  }
  std::atomic<bool> stop{false};
  std::thread drive([&] {
    auto db = store::Database::Open(centre.db_path(), false);
    bool proctor_in = false;
    while (!stop && !proctor_in) {
      store::Statement st = db->Prepare("SELECT count(*) FROM web_sessions");
      proctor_in = st.Step().ok() && st.ColumnInt(0) > 0;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    for (auto& c : candidates) {
      c->Begin();
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    std::vector<int> next(candidates.size(), 0);
    std::vector<bool> started(candidates.size(), false);
    bool reported = false;
    while (!stop) {
      for (size_t i = 0; i < candidates.size(); ++i) {
        Candidate& c = *candidates[i];
        // TS004 presses R on the personal-data screen.
        if (i == 3 && !reported && c.Saw(EventType::kLoggedIn)) {
          c.client().ReportDataError("Sai nơi sinh: phải là Long An");
          reported = true;
        }
        if (!started[i] && c.Saw(EventType::kUnlocked)) {
          c.client().Start();
          started[i] = true;
        }
        if (c.Saw(EventType::kForm) && !c.Saw(EventType::kClosed) &&
            next[i] < static_cast<int>(c.client().questions().size())) {
          c.client().Answer(next[i]++, {0});
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(700));
    }
  });

  TempDir out;
  setenv("NODE_PATH", node_modules.c_str(), 1);
  ProcessResult run =
      RunProcess({"/usr/bin/node", SourceFile("tests/dashboard/browser/proctor.js"),
                  "https://127.0.0.1:" + std::to_string(port), "lan", password, out.path()});
  stop = true;
  drive.join();
  INFO("stdout:\n" << run.out << "\nstderr:\n" << run.err);
  REQUIRE(run.exit_code == 0);

  CHECK(fs::file_size(out.File("room.png")) > 10'000);
  CHECK(fs::file_size(out.File("report.pdf")) > 5'000);
  CHECK(ReadFile(out.File("report.pdf")).starts_with("%PDF"));
  if (const char* shots = std::getenv("KHAOTHI_DASHBOARD_SHOTS"); shots != nullptr) {
    fs::create_directories(shots);
    fs::copy_file(out.File("room.png"), fs::path(shots) / "proctor-room.png",
                  fs::copy_options::overwrite_existing);
    fs::copy_file(out.File("report.pdf"), fs::path(shots) / "proctor-report.pdf",
                  fs::copy_options::overwrite_existing);
  }

  // What the browser did is what the server recorded.
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  std::vector<std::string> kinds;
  store::Statement st = db->Prepare("SELECT kind FROM incidents ORDER BY id");
  REQUIRE(
      st.ForEachRow([&](const store::Statement& row) { kinds.push_back(row.ColumnText(0)); }).ok());
  CHECK(kinds == std::vector<std::string>{"data_error", "ack_report", "unlock_all", "extend",
                                          "pause_room", "resume_room", "end"});
  store::Statement ended =
      db->Prepare("SELECT submitted_by FROM attempts WHERE session_id = 'S1' AND sbd = 'TS003'");
  REQUIRE(*ended.Step());
  CHECK(ended.ColumnText(0) == "proctor");
  CHECK(candidates[2]->Saw(EventType::kClosed));
  CHECK(candidates[1]->Saw(EventType::kTime));
  server->Shutdown();
}

}  // namespace
}  // namespace khaothi::testing
