// The browser station (/thi/, docs/station.md) in Debian's headless Chromium driven by
// playwright-core (tests/dashboard/browser/station.js) against the real khaothi-server process:
// a whole exam by keyboard only; a reload mid-exam; the server SIGKILLed and restarted on the
// same port mid-exam, with the answers clicked while it was down saved once it is back. This test
// fails, never skips, when node, npm, the npm packages or chromium are missing.
//
// KHAOTHI_DASHBOARD_SHOTS=DIR copies the screenshots there (docs/station.md's pictures).
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <catch2/catch.hpp>

#include "khaothi/store/database.h"

#include "browser_setup.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<ChildProcess> StartServer(const TestCentre& centre, uint16_t port,
                                          uint16_t& bound) {
  auto p = std::make_unique<ChildProcess>(std::vector<std::string>{
      BuiltProgram("server/khaothi-server"), "--data", centre.dir(), "--listen-address=127.0.0.1",
      "--listen-port=" + std::to_string(port)});
  const std::string line = p->WaitForLine("listening on");
  INFO(p->err());
  REQUIRE_FALSE(line.empty());
  bound = static_cast<uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  return p;
}

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
  std::unique_ptr<ChildProcess> server = StartServer(centre, 0, port);

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
  server = StartServer(centre, port, again);
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

}  // namespace
}  // namespace khaothi::testing
