// The terminal client's practical (issue 15 item 3) with the real client library against the
// real server over TLS and a real center.db: the station fetches its tasks into the work folder,
// sees every save through inotify and uploads it with nothing for the candidate to do, goes on
// after a dropped connection, refuses what the limits refuse, and a new PC gets the latest work.
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "khaothi/centre/practical_work.h"
#include "khaothi/client/exam_client.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/practical_limits.h"
#include "khaothi/server/exam_service.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace fs = std::filesystem;
using client::EventType;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Saves the way an office suite does: a temporary file renamed over the old one.
void Save(const std::string& path, const std::string& bytes) {
  const std::string tmp = fs::path(path).parent_path().string() + "/lu" +
                          std::to_string(std::hash<std::string>{}(bytes) % 100000) + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  fs::rename(tmp, path);
}

std::string Bytes(size_t n, int seed) {
  std::string s;
  s.reserve(n);
  for (size_t i = 0; s.size() < n; ++i) {
    s += static_cast<char>((i * 131 + static_cast<size_t>(seed) * 7) % 251);
  }
  return s;
}

// The server's latest version of task/name, or "" when none.
std::string ServerLatest(const TestCentre& centre, const std::string& sbd, const std::string& task,
                         const std::string& name) {
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  auto latest = centre::LatestWork(*db, "S1", sbd, INT64_MAX);
  REQUIRE(latest.ok());
  for (const centre::WorkVersion& v : *latest) {
    if (v.task_id == task && v.name == name) {
      return v.sha256;
    }
  }
  return "";
}

const client::PracticalFileView* FindFile(const client::PracticalView& v, const std::string& task,
                                          const std::string& name) {
  for (const client::PracticalFileView& f : v.files) {
    if (f.task == task && f.name == name) {
      return &f;
    }
  }
  return nullptr;
}

// True when the client shows task/name saved with `bytes` and nothing more on its way.
bool ShowsSaved(client::ExamClient& c, const std::string& task, const std::string& name,
                const std::string& bytes) {
  std::optional<client::PracticalView> v = c.practical();
  if (!v) {
    return false;
  }
  const client::PracticalFileView* f = FindFile(*v, task, name);
  return f != nullptr && !f->sending && f->sha256 == crypto::Sha256Hex(bytes);
}

TEST_CASE("client practical: tasks into the work folder, every save uploaded by itself",
          "[client][practical]") {
  TestCentre centre({.candidates = 1, .practical = true});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  TempDir pc1;
  const std::string root = pc1.File("bai-lam");
  IoThreads io;
  auto cand = std::make_unique<Candidate>(io.executor(), centre.ca_pem(), (*s)->port(), sbd,
                                          password, "PC-01", root);
  client::ExamClient& c = cand->client();
  cand->Begin();
  REQUIRE(cand->WaitUntil([&] { return cand->Saw(EventType::kLoggedIn); }));
  c.Start();
  REQUIRE(cand->WaitUntil([&] { return cand->Saw(EventType::kForm); }));
  c.Submit();
  REQUIRE(cand->WaitUntil([&] { return c.result().has_value(); }));

  c.StartPractical();
  REQUIRE(cand->WaitUntil([&] { return c.practical() && c.practical()->ready; }));
  client::PracticalView view = *c.practical();
  CHECK(view.state == "in_progress");
  REQUIRE(view.tasks.size() == 3);
  CHECK(c.practical_remaining() > std::chrono::minutes(80));
  // Every task's instructions are shown, and its starter file is in its folder, byte for byte.
  for (const client::PracticalTaskView& t : view.tasks) {
    CHECK(t.instructions.starts_with("# Đề " + t.task));
    CHECK(t.folder == root + "/" + t.task);
    REQUIRE(t.files.size() == 1);
    CHECK(ReadAll(t.folder + "/" + t.files[0]) == "Tệp bắt đầu của đề " + t.task + ".\n");
  }
  // The starters as given are not saves: nothing was uploaded.
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  CHECK(view.files.empty());
  CHECK(c.practical()->files.empty());

  const client::PracticalTaskView& word = view.tasks[0];
  const std::string starter = word.folder + "/" + word.files[0];
  // A save of the starter; then a bigger file of many chunks, saved twice.
  Save(starter, "Tệp đã sửa lần 1\n");
  REQUIRE(cand->WaitUntil(
      [&] { return ShowsSaved(c, word.task, word.files[0], "Tệp đã sửa lần 1\n"); }));
  CHECK(ServerLatest(centre, sbd, word.task, word.files[0]) ==
        crypto::Sha256Hex("Tệp đã sửa lần 1\n"));
  const std::string big1 = Bytes(300'000, 1);
  const std::string big2 = Bytes(310'000, 2);
  Save(word.folder + "/bao-cao.docx", big1);
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  Save(word.folder + "/bao-cao.docx", big2);
  REQUIRE(cand->WaitUntil([&] { return ShowsSaved(c, word.task, "bao-cao.docx", big2); }));
  CHECK(ServerLatest(centre, sbd, word.task, "bao-cao.docx") == crypto::Sha256Hex(big2));
  {
    auto db = store::Database::Open(centre.db_path(), false);
    CHECK(*centre::ReadWorkBlob(centre.dir(), crypto::Sha256Hex(big2)) == big2);
  }
  const client::PracticalFileView* shown = FindFile(*c.practical(), word.task, "bao-cao.docx");
  REQUIRE(shown != nullptr);
  CHECK(shown->size == static_cast<int64_t>(big2.size()));
  CHECK(shown->saved_ms > 0);

  SECTION("a dropped connection mid-upload: the upload goes on where it stopped") {
    const std::string big3 = Bytes(2'000'000, 3);
    Save(word.folder + "/bao-cao.docx", big3);
    REQUIRE(cand->WaitUntil([&] {
      auto v = c.practical();
      auto* f = v ? FindFile(*v, word.task, "bao-cao.docx") : nullptr;
      return f != nullptr && f->sending;
    }));
    c.Reconnect();
    REQUIRE(cand->WaitUntil([&] { return ShowsSaved(c, word.task, "bao-cao.docx", big3); }));
    CHECK(ServerLatest(centre, sbd, word.task, "bao-cao.docx") == crypto::Sha256Hex(big3));
    CHECK(cand->Count(EventType::kDisconnected) >= 1);
  }

  SECTION("what the limits refuse is said, and nothing is stored") {
    // A file type no task takes is not even offered (lock files, programs).
    Save(word.folder + "/chay.exe", "MZ");
    Save(word.folder + "/.~lock.bai.docx#", "lock");
    // A file over the size limit is refused on the station.
    Save(word.folder + "/qua-lon.docx",
         std::string(static_cast<size_t>(engine::kMaxPracticalFileBytes) + 1, 'x'));
    REQUIRE(cand->WaitUntil([&] {
      auto v = c.practical();
      auto* f = v ? FindFile(*v, word.task, "qua-lon.docx") : nullptr;
      return f != nullptr && f->refused == "file_too_large";
    }));
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    CHECK(FindFile(*c.practical(), word.task, "chay.exe") == nullptr);
    CHECK(ServerLatest(centre, sbd, word.task, "qua-lon.docx").empty());
    CHECK(ServerLatest(centre, sbd, word.task, "chay.exe").empty());
  }

  SECTION("another PC gets the latest saved versions in its work folder") {
    cand.reset();
    REQUIRE((*s)->service().AllowMove("S1", sbd, "máy hỏng", "proctor:lan").ok());
    TempDir pc2;
    const std::string root2 = pc2.File("bai-lam");
    Candidate moved(io.executor(), centre.ca_pem(), (*s)->port(), sbd, password, "PC-02", root2);
    moved.Begin();
    REQUIRE(moved.WaitUntil([&] { return moved.Saw(EventType::kLoggedIn); }));
    // The theory is over; its result comes again, then the practical carries on.
    moved.client().Start();
    REQUIRE(moved.WaitUntil([&] { return moved.client().result().has_value(); }));
    moved.client().StartPractical();
    REQUIRE(moved.WaitUntil(
        [&] { return moved.client().practical() && moved.client().practical()->ready; }));
    CHECK(ReadAll(root2 + "/" + word.task + "/bao-cao.docx") == big2);
    CHECK(ReadAll(root2 + "/" + word.task + "/" + word.files[0]) == "Tệp đã sửa lần 1\n");
    // The other tasks' starters, untouched on PC-01, are given afresh.
    CHECK(fs::exists(root2 + "/" + view.tasks[1].task + "/" + view.tasks[1].files[0]));
    // The new PC's saves carry on.
    Save(root2 + "/" + word.task + "/bao-cao.docx", "PC-02 saved this");
    REQUIRE(moved.WaitUntil(
        [&] { return ShowsSaved(moved.client(), word.task, "bao-cao.docx", "PC-02 saved this"); }));
    moved.client().SubmitPractical();
    REQUIRE(moved.WaitUntil([&] {
      auto v = moved.client().practical();
      return v && v->state == "submitted" && v->submitted_by == "candidate";
    }));
  }
}

}  // namespace
}  // namespace khaothi::testing
