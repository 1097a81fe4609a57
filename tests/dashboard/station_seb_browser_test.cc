// Safe Exam Browser's path through the browser station (docs/seb.md), as far as a Linux machine
// allows, in Debian's headless Chromium (tests/dashboard/browser/station_seb.js) against the real
// khaothi-server process and a .seb file written by the real `khaothi session seb-config
// --require`: an ordinary browser gets the refusal page; the Config Key hash on the page without
// SEB's JavaScript API opens no WebSocket; with both, a candidate sits the exam, the proctor's
// tile says "SEB", and the final screen links to the .seb file's quitURL. Fails, never skips,
// when node, the npm packages or chromium are missing.
//
// KHAOTHI_DASHBOARD_SHOTS=DIR copies the screenshots there (docs/station.md's pictures).
#include <csignal>
#include <cstdlib>
#include <filesystem>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "browser_setup.h"
#include "dashboard_driver.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

TEST_CASE("SEB's proofs played in Chromium open the station and nothing else does",
          "[station][browser][seb]") {
  REQUIRE(fs::exists("/usr/bin/node"));
  REQUIRE(fs::exists("/usr/bin/chromium"));
  const std::string node_modules = BrowserNodeModules();
  TestCentre centre({.candidates = 1, .unlock_required = true});
  const auto [sbd, password] = *centre.passwords().begin();
  AddStaff(centre.db_path(), "lan", "proctor", "mật-khẩu-coi-thi-1", {"S1/P101"});
  ChildProcess server({BuiltProgram("server/khaothi-server"), "--data", centre.dir(),
                       "--listen-address=127.0.0.1", "--listen-port=0"});
  const std::string line = server.WaitForLine("listening on");
  INFO(server.err());
  REQUIRE_FALSE(line.empty());
  const uint16_t port = static_cast<uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  const std::string base = "https://127.0.0.1:" + std::to_string(port);

  // The technician's step: the .seb file for this address, required. The server rereads the
  // setting within a second; no restart.
  TempDir out;
  ProcessResult seb =
      RunProcess({BuiltProgram("tools/khaothi"), "--lang", "en", "--data", centre.dir(), "session",
                  "seb-config", "S1", "--url", base, "--out", out.File("S1.seb"), "--require"});
  INFO(seb.out << seb.err);
  REQUIRE(seb.exit_code == 0);
  const size_t at = seb.out.find("Config Key: ");
  REQUIRE(at != std::string::npos);
  const std::string key = seb.out.substr(at + 12, 64);

  setenv("NODE_PATH", node_modules.c_str(), 1);
  ChildProcess node({"/usr/bin/node", SourceFile("tests/dashboard/browser/station_seb.js"), base,
                     out.path(), out.File("S1.seb"), key, sbd, password});
  const std::string waiting = node.WaitForLine("WAITING", 90'000);
  INFO("node stdout:\n" << node.out() << "\nstderr:\n" << node.err());
  REQUIRE_FALSE(waiting.empty());

  // The proctor sees the seat came through SEB, and unlocks it.
  StaffSession lan = LogIn(port, centre.ca_pem(), "lan", "mật-khẩu-coi-thi-1");
  REQUIRE_FALSE(lan.cookie.empty());
  HttpReply seats =
      Https(port, centre.ca_pem(), "GET", "/api/room/S1/P101/seats", "", {{"Cookie", lan.cookie}});
  REQUIRE(seats.status == 200);
  const json::object room = json::parse(seats.body).as_object();
  CHECK(room.at("seb").as_string() == "required");
  const json::object& tile = room.at("seats").as_array().at(0).as_object();
  CHECK(tile.at("sbd").as_string() == sbd);
  CHECK(tile.at("client").as_string() == "seb");
  CHECK(PostAction(port, centre.ca_pem(), lan, "P101", "unlock",
                   R"({"sbd":")" + sbd + R"(","reason":"Đã kiểm tra CCCD"})")
            .status == 200);

  const int node_exit = node.Wait();
  INFO("node stdout:\n" << node.out() << "\nstderr:\n" << node.err());
  REQUIRE(node_exit == 0);
  CHECK(fs::file_size(out.File("station-seb-refused.png")) > 5'000);
  if (const char* shots = std::getenv("KHAOTHI_DASHBOARD_SHOTS"); shots != nullptr) {
    fs::create_directories(shots);
    for (const char* f : {"station-seb-refused.png", "station-login.png", "station-waiting.png"}) {
      fs::copy_file(out.File(f), fs::path(shots) / f, fs::copy_options::overwrite_existing);
    }
  }
  server.Signal(SIGTERM);
  CHECK(server.Wait() == 0);
}

}  // namespace
}  // namespace khaothi::testing
