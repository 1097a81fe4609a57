// What the headless-browser tests share: playwright-core, puppeteer-core (Firefox over WebDriver
// BiDi) and axe-core installed into the build tree.
#pragma once

#include <fcntl.h>
#include <filesystem>
#include <string>
#include <sys/file.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "test_util.h"

namespace khaothi::testing {

// An exclusive flock(2) on a file, held while the object lives: ctest runs two tests at once,
// and two browser tests must not run `npm ci` into the same directory together.
class DirectoryLock {
 public:
  explicit DirectoryLock(const std::filesystem::path& file)
      : fd_(::open(file.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600)) {
    REQUIRE(fd_ >= 0);
    REQUIRE(::flock(fd_, LOCK_EX) == 0);
  }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  ~DirectoryLock() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }

 private:
  int fd_;
};

// npm ci into the build tree, once; the packages come from the lock file. Returns the
// node_modules directory, for NODE_PATH.
inline std::string BrowserNodeModules() {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(KHAOTHI_BINARY_DIR) / "dashboard-browser";
  fs::create_directories(dir);
  DirectoryLock lock(dir / ".install-lock");
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
