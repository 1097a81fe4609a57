// The practical work folder on a real file system: files placed from the server, the candidate's
// saves seen by inotify the ways office suites and editors make them.
#include "khaothi/client/work_folder.h"

#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

#include "khaothi/crypto/crypto.h"

#include "test_util.h"

namespace khaothi::client {
namespace {

namespace fs = std::filesystem;
using khaothi::testing::TempDir;

void Write(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST_CASE("work folder: a file from the server is placed once and never over the candidate's") {
  TempDir dir;
  const std::string root = dir.File("bai-lam");
  const std::string bytes = "Bảng kê bán hàng\n";
  const std::string sha = crypto::Sha256Hex(bytes);
  khaothi::Result<PlaceOutcome> placed = PlaceWorkFile(root, "IU04-A", "ban-hang.xlsx", bytes, sha);
  REQUIRE(placed.ok());
  CHECK(*placed == PlaceOutcome::kWritten);
  CHECK(Read(root + "/IU04-A/ban-hang.xlsx") == bytes);
  // Again (a reconnect delivers the task again): the same bytes, nothing to do.
  CHECK(*PlaceWorkFile(root, "IU04-A", "ban-hang.xlsx", bytes, sha) == PlaceOutcome::kWritten);
  // The candidate worked on it: the server's copy never replaces that.
  Write(root + "/IU04-A/ban-hang.xlsx", "của thí sinh");
  CHECK(*PlaceWorkFile(root, "IU04-A", "ban-hang.xlsx", bytes, sha) == PlaceOutcome::kKeptLocal);
  CHECK(Read(root + "/IU04-A/ban-hang.xlsx") == "của thí sinh");

  SECTION("bad input is refused and writes nothing") {
    CHECK(PlaceWorkFile(root, "IU04-A", "khac.xlsx", bytes, std::string(64, '0'))
              .status()
              .IsInvalidArgument());
    CHECK_FALSE(fs::exists(root + "/IU04-A/khac.xlsx"));
    CHECK(PlaceWorkFile(root, "..", "x.docx", bytes, sha).status().IsInvalidArgument());
    CHECK(PlaceWorkFile(root, "IU04-A", "../x.docx", bytes, sha).status().IsInvalidArgument());
    CHECK(PlaceWorkFile(root, "IU04-A", "run.exe", bytes, sha).status().IsInvalidArgument());
    CHECK(PlaceWorkFile(root, "a/b", "x.docx", bytes, sha).status().IsInvalidArgument());
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::recursive_directory_iterator(root)) {
      ++entries;
    }
    CHECK(entries == 2);  // IU04-A/ and ban-hang.xlsx: no temporary file left behind
  }
}

TEST_CASE("work folder: a scan lists the work files, not lock or temporary files") {
  TempDir dir;
  const std::string root = dir.path();
  fs::create_directories(root + "/IU03-A");
  Write(root + "/IU03-A/thu-moi.docx", "d");
  Write(root + "/IU03-A/.~lock.thu-moi.docx#", "lock");
  Write(root + "/IU03-A/~$thu-moi.docx", "lock");
  Write(root + "/IU03-A/thu-moi.docx.tmp", "t");
  Write(root + "/IU03-A/ghi-chu.txt", "n");
  khaothi::Result<std::vector<LocalWorkFile>> files = ScanWorkFolder(root, {"IU03-A", "IU04-A"});
  REQUIRE(files.ok());
  REQUIRE(files->size() == 2);
  CHECK((*files)[0].name == "ghi-chu.txt");
  CHECK((*files)[1].name == "thu-moi.docx");
  CHECK((*files)[1].sha256 == crypto::Sha256Hex("d"));
  CHECK((*files)[1].task_id == "IU03-A");
}

// A watcher on its own io_context thread, recording what it reports.
class Watching {
 public:
  Watching(const std::string& root, std::map<std::string, std::string> known = {})
      : guard_(io_.get_executor()) {
    auto w = WorkWatcher::Create(io_.get_executor(), root, {"IU03-A", "IU05-B"}, std::move(known),
                                 std::chrono::milliseconds(150), [this](const LocalWorkFile& f) {
                                   std::lock_guard lock(mu_);
                                   seen_.push_back(f);
                                 });
    REQUIRE(w.ok());
    watcher_ = *w;
    thread_ = std::thread([this] { io_.run(); });
  }
  ~Watching() {
    watcher_->Stop();
    guard_.reset();
    io_.stop();
    thread_.join();
  }
  // Waits until `n` reports arrived (or 10 s), then a little longer to catch extra ones.
  std::vector<LocalWorkFile> WaitFor(size_t n) {
    for (int i = 0; i < 1000 && Count() < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    std::lock_guard lock(mu_);
    return std::exchange(seen_, {});
  }
  WorkWatcher& watcher() { return *watcher_; }

 private:
  size_t Count() {
    std::lock_guard lock(mu_);
    return seen_.size();
  }
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::shared_ptr<WorkWatcher> watcher_;
  std::thread thread_;
  std::mutex mu_;
  std::vector<LocalWorkFile> seen_;
};

TEST_CASE("work folder: every save is seen once, however the program saves") {
  TempDir dir;
  const std::string root = dir.path();
  Watching w(root);
  CHECK(w.WaitFor(0).empty());

  // Written in place and closed (Microsoft Office, most editors).
  Write(root + "/IU03-A/thu-moi.docx", "v1");
  std::vector<LocalWorkFile> seen = w.WaitFor(1);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].task_id == "IU03-A");
  CHECK(seen[0].name == "thu-moi.docx");
  CHECK(seen[0].bytes == "v1");
  CHECK(seen[0].sha256 == crypto::Sha256Hex("v1"));

  // A temporary file renamed over the old one (LibreOffice), with its lock file beside it.
  Write(root + "/IU05-B/.~lock.trinh-chieu.pptx#", "lock");
  Write(root + "/IU05-B/lu1234.tmp", "v2");
  fs::rename(root + "/IU05-B/lu1234.tmp", root + "/IU05-B/trinh-chieu.pptx");
  seen = w.WaitFor(1);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].name == "trinh-chieu.pptx");
  CHECK(seen[0].bytes == "v2");

  // Saved again without a change: nothing to send.
  Write(root + "/IU03-A/thu-moi.docx", "v1");
  CHECK(w.WaitFor(1).empty());

  // Written in several steps in quick succession: read once, when it is still.
  for (int i = 0; i < 5; ++i) {
    Write(root + "/IU03-A/thu-moi.docx", "v3 part " + std::to_string(i));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  seen = w.WaitFor(1);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].bytes == "v3 part 4");

  // Content the client learnt the server holds is not sent again.
  w.watcher().Known("IU03-A", "thu-moi.docx", crypto::Sha256Hex("v4"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  Write(root + "/IU03-A/thu-moi.docx", "v4");
  CHECK(w.WaitFor(1).empty());

  // A folder that is not a task's is not watched.
  fs::create_directories(root + "/khac");
  Write(root + "/khac/x.docx", "x");
  CHECK(w.WaitFor(1).empty());
}

TEST_CASE("work folder: a save made while the program was closed is sent when it starts") {
  TempDir dir;
  const std::string root = dir.path();
  fs::create_directories(root + "/IU03-A");
  fs::create_directories(root + "/IU05-B");
  Write(root + "/IU03-A/thu-moi.docx", "server has this");
  Write(root + "/IU05-B/trinh-chieu.pptx", "saved offline");
  Watching w(root, {{"IU03-A/thu-moi.docx", crypto::Sha256Hex("server has this")},
                    {"IU05-B/trinh-chieu.pptx", crypto::Sha256Hex("older")}});
  std::vector<LocalWorkFile> seen = w.WaitFor(1);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].name == "trinh-chieu.pptx");
  CHECK(seen[0].bytes == "saved offline");
}

}  // namespace
}  // namespace khaothi::client
