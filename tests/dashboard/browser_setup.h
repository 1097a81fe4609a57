// What the headless-browser tests share: playwright-core, puppeteer-core (Firefox over WebDriver
// BiDi) and axe-core installed into the build tree.
#pragma once

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "test_util.h"

namespace khaothi::testing {

// npm ci into the build tree, once; the packages come from the lock file. Returns the
// node_modules directory, for NODE_PATH.
inline std::string BrowserNodeModules() {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(KHAOTHI_BINARY_DIR) / "dashboard-browser";
  fs::create_directories(dir);
  for (const char* f : {"package.json", "package-lock.json"}) {
    const fs::path from = SourceFile(std::string("tests/dashboard/browser/") + f);
    const fs::path to = dir / f;
    if (!fs::exists(to) || ReadFile(from.string()) != ReadFile(to.string())) {
      fs::copy_file(from, to, fs::copy_options::overwrite_existing);
      fs::remove_all(dir / "node_modules");
    }
  }
  bool complete = true;
  for (const char* package : {"playwright-core", "puppeteer-core", "axe-core"}) {
    complete = complete && fs::exists(dir / "node_modules" / package / "package.json");
  }
  if (!complete) {
    REQUIRE(fs::exists("/usr/bin/npm"));
    ProcessResult npm = RunProcess(
        {"/usr/bin/npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"}, dir.string());
    INFO(npm.out << npm.err);
    REQUIRE(npm.exit_code == 0);
  }
  return (dir / "node_modules").string();
}

}  // namespace khaothi::testing
