// The browser station (/thi/, docs/station.md) in real browsers against the real khaothi-server
// process, each case with a centre of its own:
// - Debian's headless Chromium driven by playwright-core (tests/dashboard/browser/station.js):
//   a whole exam by keyboard only; a reload mid-exam; the server SIGKILLed and restarted on the
//   same port mid-exam, with the answers clicked while it was down saved once it is back;
// - Debian's Firefox ESR over WebDriver BiDi, driven by puppeteer-core (station_firefox.js): a
//   whole exam by keyboard only; time-up with the tab in the background;
// - Chromium (station_room.js): the page's weight, a second tab, the proctor's extra time and
//   notice, ten candidates at once; (station_axe.js) axe-core on every screen.
// These tests fail, never skip, when node, npm, the npm packages or a browser are missing.
//
// KHAOTHI_DASHBOARD_SHOTS=DIR copies the screenshots there (docs/station.md's pictures).
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "khaothi/store/database.h"

#include "browser_setup.h"
#include "dashboard_driver.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace fs = std::filesystem;

// The slots with a non-empty answer, and the flagged ones.
std::set<int> Slots(const std::string& db_path, const std::string& sbd, const char* where) {
  auto db = store::Database::Open(db_path, false);
  REQUIRE(db.ok());
  store::Statement st = db->Prepare(
      std::string("SELECT slot FROM answers WHERE session_id = 'S1' AND sbd = ?1 AND ") + where);
  st.Bind(1, sbd);
  std::set<int> out;
  while (*st.Step()) {
    out.insert(st.ColumnInt(0));
  }
  return out;
}

// The slots where the candidate chose the option shown at `shown` (0 = A) and nothing else: the
// stored choice is the bank's option, which the form's `order` put at that place on screen.
std::set<int> SlotsChosen(const std::string& db_path, const std::string& sbd, int shown) {
  const std::string option = "json_extract(f.form, '$.slots[' || answers.slot || '].order[" +
                             std::to_string(shown) + "]')";
  const std::string where = "choice = (SELECT json_array(" + option +
                            ") FROM forms f WHERE f.session_id = answers.session_id AND "
                            "f.sbd = answers.sbd)";
  return Slots(db_path, sbd, where.c_str());
}

// Runs one of the station's node scripts to its end; its output is printed when it fails.
ProcessResult RunScript(const std::string& script, std::vector<std::string> args) {
  setenv("NODE_PATH", BrowserNodeModules().c_str(), 1);
  args.insert(args.begin(), {"/usr/bin/node", SourceFile("tests/dashboard/browser/" + script)});
  ProcessResult run = RunProcess(args);
  INFO("node stdout:\n" << run.out << "\nstderr:\n" << run.err);
  REQUIRE(run.exit_code == 0);
  return run;
}

// The lines of a script's output that start with `tag`, for the test's log.
void PrintLines(const std::string& out, const std::string& tag) {
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(tag, 0) == 0) {
      std::cout << line << "\n";
    }
  }
}

// Who submitted the candidate's attempt: candidate, clock or proctor; empty when not submitted.
std::string SubmittedBy(const std::string& db_path, const std::string& sbd) {
  auto db = store::Database::Open(db_path, false);
  REQUIRE(db.ok());
  store::Statement st =
      db->Prepare("SELECT submitted_by FROM attempts WHERE session_id = 'S1' AND sbd = ?1");
  st.Bind(1, sbd);
  REQUIRE(*st.Step());
  return st.ColumnText(0);
}

TEST_CASE("candidates sit the exam at the browser station in headless Chromium",
          "[station][browser]") {
  REQUIRE(fs::exists("/usr/bin/node"));
  REQUIRE(fs::exists("/usr/bin/chromium"));
  const std::string node_modules = BrowserNodeModules();
  TestCentre centre({.candidates = 2});
  auto it = centre.passwords().begin();
  const auto [sbd1, password1] = *it++;
  const auto [sbd2, password2] = *it;
  uint16_t port = 0;
  std::unique_ptr<ChildProcess> server = StartServerProcess(centre, 0, port);

  TempDir out;
  setenv("NODE_PATH", node_modules.c_str(), 1);
  ChildProcess node({"/usr/bin/node", SourceFile("tests/dashboard/browser/station.js"),
                     "https://127.0.0.1:" + std::to_string(port), out.path(), sbd1, password1, sbd2,
                     password2});
  const std::string kill = node.WaitForLine("KILL", 60'000);
  INFO("node stdout:\n" << node.out() << "\nstderr:\n" << node.err());
  REQUIRE_FALSE(kill.empty());
  server->Signal(SIGKILL);
  CHECK(server->Wait() == -SIGKILL);
  REQUIRE_FALSE(node.WaitForLine("RESTART", 60'000).empty());
  uint16_t again = 0;
  server = StartServerProcess(centre, port, again);
  REQUIRE(again == port);
  const int node_exit = node.Wait();
  INFO("node stdout:\n" << node.out() << "\nstderr:\n" << node.err());
  REQUIRE(node_exit == 0);

  // What the browser did is what the server recorded.
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  store::Statement st =
      db->Prepare("SELECT submitted_by FROM attempts WHERE session_id = 'S1' AND sbd = ?1");
  st.Bind(1, sbd1);
  REQUIRE(*st.Step());
  CHECK(st.ColumnText(0) == "candidate");
  // Every one of the basic-30 blueprint's 30 questions, answered by key.
  CHECK(Slots(centre.db_path(), sbd1, "choice <> '[]'").size() == 30);
  CHECK(Slots(centre.db_path(), sbd1, "flagged = 1") == std::set<int>{1});
  // The reload kept slots 0-2; slots 3 and 4 were clicked while the server was dead.
  CHECK(Slots(centre.db_path(), sbd2, "choice <> '[]'") == std::set<int>{0, 1, 2, 3, 4});

  CHECK(fs::file_size(out.File("station-exam.png")) > 10'000);
  if (const char* shots = std::getenv("KHAOTHI_DASHBOARD_SHOTS"); shots != nullptr) {
    fs::create_directories(shots);
    for (const char* f : {"station-exam.png", "station-zoom.png"}) {
      fs::copy_file(out.File(f), fs::path(shots) / f, fs::copy_options::overwrite_existing);
    }
  }
  server->Signal(SIGTERM);
  CHECK(server->Wait() == 0);
}

TEST_CASE("a candidate sits the exam by keyboard at the browser station in Firefox ESR",
          "[station][browser][firefox]") {
  REQUIRE(fs::exists("/usr/bin/firefox-esr"));
  TestCentre centre({.candidates = 1});
  const auto [sbd, password] = *centre.passwords().begin();
  uint16_t port = 0;
  std::unique_ptr<ChildProcess> server = StartServerProcess(centre, 0, port);
  TempDir out;
  RunScript("station_firefox.js",
            {"https://127.0.0.1:" + std::to_string(port), out.path(), "keyboard", sbd, password});

  CHECK(SubmittedBy(centre.db_path(), sbd) == "candidate");
  // Question 1 by ↓ Enter (B), the even ones by C, the odd ones by 1 (A).
  std::set<int> odd, even;
  for (int i = 1; i < 30; ++i) {
    (i % 2 == 1 ? odd : even).insert(i);
  }
  CHECK(SlotsChosen(centre.db_path(), sbd, 1) == std::set<int>{0});
  CHECK(SlotsChosen(centre.db_path(), sbd, 2) == even);
  CHECK(SlotsChosen(centre.db_path(), sbd, 0) == odd);
  CHECK(Slots(centre.db_path(), sbd, "flagged = 1") == std::set<int>{1});
  CHECK(fs::file_size(out.File("station-firefox.png")) > 10'000);
  server->Signal(SIGTERM);
  CHECK(server->Wait() == 0);
}

TEST_CASE("a room at the browser station: a second tab, the proctor, ten candidates at once",
          "[station][browser]") {
  REQUIRE(fs::exists("/usr/bin/chromium"));
  TestCentre centre({.candidates = 11});
  const std::string proctor_password = "Coi-thi-P101!";
  AddStaff(centre.db_path(), "lan", "proctor", proctor_password, {"S1/P101"});
  uint16_t port = 0;
  std::unique_ptr<ChildProcess> server = StartServerProcess(centre, 0, port);
  TempDir out;
  std::vector<std::string> args{"https://127.0.0.1:" + std::to_string(port), out.path(), "lan",
                                proctor_password};
  std::vector<std::string> sbds;
  for (const auto& [sbd, password] : centre.passwords()) {
    args.push_back(sbd);
    args.push_back(password);
    sbds.push_back(sbd);
  }
  ProcessResult run = RunScript("station_room.js", args);
  PrintLines(run.out, "WEIGHT");

  // The first candidate: answers 1-3 from the first tab, 4 from the second, kept through the
  // takeovers both ways; the extra time and the notice are the proctor's incidents.
  CHECK(SubmittedBy(centre.db_path(), sbds[0]) == "candidate");
  CHECK(SlotsChosen(centre.db_path(), sbds[0], 1) == std::set<int>{0, 1, 2});
  CHECK(SlotsChosen(centre.db_path(), sbds[0], 3) == std::set<int>{3});
  CHECK(Slots(centre.db_path(), sbds[0], "choice <> '[]'").size() == 4);
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  store::Statement st =
      db->Prepare("SELECT count(*) FROM incidents WHERE sbd = ?1 AND kind IN ('extend', 'notice')");
  st.Bind(1, sbds[0]);
  REQUIRE(*st.Step());
  CHECK(st.ColumnInt(0) == 2);
  // The ten: every question answered with the option shown at k % 4, submitted by the candidate.
  for (size_t k = 1; k < sbds.size(); ++k) {
    INFO(sbds[k]);
    CHECK(SubmittedBy(centre.db_path(), sbds[k]) == "candidate");
    CHECK(SlotsChosen(centre.db_path(), sbds[k], static_cast<int>((k - 1) % 4)).size() == 30);
  }
  server->Signal(SIGTERM);
  CHECK(server->Wait() == 0);
}

// In Firefox: headless Firefox hides a tab that another covers and throttles its timers, as a
// desktop browser does; headless Chromium keeps every tab visible.
TEST_CASE("time runs out while the browser station's tab is in the background in Firefox ESR",
          "[station][browser][firefox]") {
  REQUIRE(fs::exists("/usr/bin/firefox-esr"));
  TestCentre centre({.candidates = 1});
  const auto [sbd, password] = *centre.passwords().begin();
  {
    // A session of ten seconds, which `khaothi session create --duration` (whole minutes) cannot
    // make.
    auto db = store::Database::Open(centre.db_path(), false);
    REQUIRE(db.ok());
    REQUIRE(db->Exec("UPDATE sessions SET duration_ms = 10000 WHERE id = 'S1'").ok());
  }
  uint16_t port = 0;
  std::unique_ptr<ChildProcess> server = StartServerProcess(centre, 0, port);
  TempDir out;
  RunScript("station_firefox.js",
            {"https://127.0.0.1:" + std::to_string(port), out.path(), "timeup", sbd, password});

  CHECK(SubmittedBy(centre.db_path(), sbd) == "clock");
  CHECK(Slots(centre.db_path(), sbd, "choice <> '[]'") == std::set<int>{0, 1});
  server->Signal(SIGTERM);
  CHECK(server->Wait() == 0);
}

TEST_CASE("axe-core finds no serious or critical violation on any screen of the browser station",
          "[station][browser][a11y]") {
  REQUIRE(fs::exists("/usr/bin/chromium"));
  TestCentre centre({.candidates = 1, .unlock_required = true});
  const auto [sbd, password] = *centre.passwords().begin();
  const std::string proctor_password = "Coi-thi-P101!";
  AddStaff(centre.db_path(), "lan", "proctor", proctor_password, {"S1/P101"});
  uint16_t port = 0;
  std::unique_ptr<ChildProcess> server = StartServerProcess(centre, 0, port);
  TempDir out;
  ProcessResult run =
      RunScript("station_axe.js", {"https://127.0.0.1:" + std::to_string(port), out.path(), "lan",
                                   proctor_password, sbd, password});
  PrintLines(run.out, "AXE");
  CHECK(SubmittedBy(centre.db_path(), sbd) == "candidate");
  server->Signal(SIGTERM);
  CHECK(server->Wait() == 0);
}

}  // namespace
}  // namespace khaothi::testing
