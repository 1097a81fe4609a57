// The practical at the browser station (/thi/, docs/station.md "The practical") in Debian's
// headless Chromium driven by playwright-core (tests/dashboard/browser/station_practical.js)
// against the real khaothi-server process: the starter file downloaded with the bank's bytes,
// real office files handed in as versions, refusals before any byte is sent, a hand-in made while
// the server is stopped that completes after it is SIGKILLed and restarted. What the page showed
// is then checked here against center.db and the blob store. This test fails, never skips, when
// node, npm, the npm packages or chromium are missing.
//
// KHAOTHI_DASHBOARD_SHOTS=DIR copies the screenshot there (docs/images/station-practical.png).
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <catch2/catch.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/practical_limits.h"
#include "khaothi/store/database.h"

#include "browser_setup.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace fs = std::filesystem;

std::string Corpus(const std::string& file) {
  return ReadFile(SourceFile("question-bank/data/practical/" + file));
}

struct Version {
  std::string task;
  std::string sha256;
  int64_t size = 0;
};

// "name v" -> the stored version, for the candidate `sbd`.
std::map<std::string, Version> Versions(const std::string& db_path, const std::string& sbd) {
  auto db = store::Database::Open(db_path, false);
  REQUIRE(db.ok());
  store::Statement st = db->Prepare(
      "SELECT name, version, task_id, sha256, size FROM work_versions "
      "WHERE session_id = 'S1' AND sbd = ?1");
  st.Bind(1, sbd);
  std::map<std::string, Version> out;
  while (*st.Step()) {
    out[st.ColumnText(0) + " " + std::to_string(st.ColumnInt(1))] =
        Version{st.ColumnText(2), st.ColumnText(3), st.ColumnInt64(4)};
  }
  return out;
}

TEST_CASE("the station page states the server's limits on work files", "[station][practical]") {
  // The page refuses before sending what the server would refuse (docs/station.md): its numbers
  // must be engine/practical_limits.h's.
  const std::string js = ReadFile(SourceFile("server/station/station-practical.js"));
  CHECK(js.find("maxFileBytes: " + std::to_string(engine::kMaxPracticalFileBytes) + ",") !=
        std::string::npos);
  CHECK(js.find("maxFilesPerTask: " + std::to_string(engine::kMaxWorkFilesPerTask) + ",") !=
        std::string::npos);
  CHECK(js.find("maxNameBytes: " + std::to_string(engine::kMaxFileNameBytes) + ",") !=
        std::string::npos);
  std::string types;
  for (std::string_view ext : engine::kPracticalFileExtensions) {
    types += (types.empty() ? "" : ", ") + ("'" + std::string(ext) + "'");
  }
  CHECK(js.find("types: [" + types + "],") != std::string::npos);
}

TEST_CASE("a candidate sits the practical at the browser station in headless Chromium",
          "[station][practical][browser]") {
  REQUIRE(fs::exists("/usr/bin/node"));
  REQUIRE(fs::exists("/usr/bin/chromium"));
  const std::string node_modules = BrowserNodeModules();
  TestCentre centre({.candidates = 1, .practical = true, .practical_checks = true});
  const auto [sbd, password] = *centre.passwords().begin();
  uint16_t port = 0;
  std::unique_ptr<ChildProcess> server = StartServerProcess(centre, 0, port);

  TempDir out;
  setenv("NODE_PATH", node_modules.c_str(), 1);
  ChildProcess node({"/usr/bin/node", SourceFile("tests/dashboard/browser/station_practical.js"),
                     "https://127.0.0.1:" + std::to_string(port), out.path(), sbd, password,
                     KHAOTHI_SOURCE_DIR});
  // The server stops reading: the next hand-in waits in the page, pending.
  const std::string stop = node.WaitForLine("STOP", 90'000);
  INFO("node stdout:\n" << node.out() << "\nstderr:\n" << node.err());
  REQUIRE_FALSE(stop.empty());
  server->Signal(SIGSTOP);
  std::ofstream(out.File("stopped")) << "stopped\n";
  REQUIRE_FALSE(node.WaitForLine("KILL", 60'000).empty());
  server->Signal(SIGKILL);
  CHECK(server->Wait() == -SIGKILL);
  uint16_t again = 0;
  server = StartServerProcess(centre, port, again);
  REQUIRE(again == port);
  const int node_exit = node.Wait();
  INFO("node stdout:\n" << node.out() << "\nstderr:\n" << node.err());
  REQUIRE(node_exit == 0);

  // Every version the page listed is a row and a blob with those bytes; the refused files are not.
  const std::string starter = Corpus("IU04-A/ban-hang.xlsx");
  const std::string model = Corpus("IU04-A/loi-giai.xlsx");
  const std::string letter = Corpus("IU03-A/loi-giai.docx");
  const std::map<std::string, Version> versions = Versions(centre.db_path(), sbd);
  REQUIRE(versions.size() == 3);
  const std::map<std::string, std::pair<std::string, const std::string*>> expected = {
      {"ban-hang.xlsx 1", {"IU04-", &starter}},
      {"ban-hang.xlsx 2", {"IU04-", &model}},
      {"Thu-moi.docx 1", {"IU03-", &letter}}};
  for (const auto& [key, want] : expected) {
    INFO(key);
    REQUIRE(versions.count(key) == 1);
    const Version& v = versions.at(key);
    CHECK(v.task.starts_with(want.first));
    CHECK(v.sha256 == crypto::Sha256Hex(*want.second));
    CHECK(v.size == static_cast<int64_t>(want.second->size()));
    const fs::path blob = fs::path(centre.dir()) / "work" / v.sha256.substr(0, 2) / v.sha256;
    REQUIRE(fs::exists(blob));
    CHECK(crypto::Sha256Hex(ReadFile(blob.string())) == v.sha256);
  }
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  store::Statement st = db->Prepare(
      "SELECT submitted_by FROM practical_attempts WHERE session_id = 'S1' AND sbd = ?1");
  st.Bind(1, sbd);
  REQUIRE(*st.Step());
  CHECK(st.ColumnText(0) == "candidate");

  CHECK(fs::file_size(out.File("station-practical.png")) > 10'000);
  if (const char* shots = std::getenv("KHAOTHI_DASHBOARD_SHOTS"); shots != nullptr) {
    fs::create_directories(shots);
    fs::copy_file(out.File("station-practical.png"), fs::path(shots) / "station-practical.png",
                  fs::copy_options::overwrite_existing);
  }
  server->Signal(SIGTERM);
  CHECK(server->Wait() == 0);
}

}  // namespace
}  // namespace khaothi::testing
