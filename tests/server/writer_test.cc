// The group-commit writer on a real SQLite file: a failing write is rolled back alone, and a
// batch's audit entries are chained by one link.
#include "khaothi/server/writer.h"

#include <algorithm>
#include <future>
#include <memory>
#include <set>
#include <thread>
#include <time.h>

#include <catch2/catch.hpp>

#include "khaothi/centre/audit.h"

#include "test_util.h"

namespace khaothi::server {
namespace {

using namespace std::chrono_literals;

std::set<int64_t> Keys(const std::string& path) {
  Result<store::Database> db = store::Database::Open(path, false);
  REQUIRE(db.ok());
  store::Statement st = db->Prepare("SELECT k FROM t");
  std::set<int64_t> keys;
  while (*st.Step()) {
    keys.insert(st.ColumnInt64(0));
  }
  return keys;
}

// A database at `path` with one table t(k), opened for a writer without heartbeats.
std::unique_ptr<Writer> MakeWriter(const std::string& path) {
  {
    Result<store::Database> db = store::Database::Open(path, true);
    REQUIRE(db.ok());
    REQUIRE(db->Exec("CREATE TABLE t (k INTEGER PRIMARY KEY)").ok());
  }
  Result<store::Database> db = store::Database::Open(path, false);
  REQUIRE(db.ok());
  return std::make_unique<Writer>(std::move(*db), 1000, 1h, nullptr);
}

// An op that inserts k = i into t.
// Submits a write that blocks the writer thread until the returned promise is set, and returns
// once that write is running: what is submitted meanwhile queues up and forms one batch.
std::promise<void> HoldWriter(Writer& writer) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> holding;
  REQUIRE(writer.Submit(
      [&holding, released](store::Database&) {
        holding.set_value();
        released.wait();
        return Status::Ok();
      },
      nullptr));
  holding.get_future().wait();
  return release;
}

Status Insert(store::Database& d, int i) {
  store::Statement ins = d.Prepare("INSERT INTO t (k) VALUES (?1)");
  ins.Bind(1, i);
  return ins.Run();
}

TEST_CASE("a failing write is rolled back alone and the rest of its batch commits") {
  testing::TempDir dir;
  const std::string path = dir.File("w.db");
  std::unique_ptr<Writer> w = MakeWriter(path);
  Writer& writer = *w;

  // Hold the writer thread in a first batch so that the next writes queue up and form one batch.
  std::promise<void> release = HoldWriter(writer);

  std::vector<std::promise<Status>> done(10);
  std::vector<int> runs(10, 0);  // ops run on the writer thread only; read after Stop()
  for (int i = 0; i < 10; ++i) {
    REQUIRE(writer.Submit(
        [i, &runs](store::Database& d) {
          ++runs[static_cast<size_t>(i)];
          KHAOTHI_RETURN_IF_ERROR(Insert(d, i));
          // Write 5 fails after it has written: its row must not stay.
          return i == 5 ? Status::InvalidArgument("write 5 fails") : Status::Ok();
        },
        [&done, i](const Status& s) { done[static_cast<size_t>(i)].set_value(s); }));
  }
  release.set_value();
  for (int i = 0; i < 10; ++i) {
    const Status s = done[static_cast<size_t>(i)].get_future().get();
    CHECK(s.ok() == (i != 5));
  }
  writer.Stop();

  CHECK(Keys(path) == std::set<int64_t>{0, 1, 2, 3, 4, 6, 7, 8, 9});
  // The batch ran once without savepoints up to write 5, then again with them.
  CHECK(runs[5] == 2);
  CHECK(runs[9] == 1);
  const Writer::Stats stats = writer.stats();
  CHECK(stats.batches == 2);
  CHECK(stats.writes == 11);
  CHECK(stats.failed_commits == 0);
}

TEST_CASE("a batch without failures runs each write once") {
  testing::TempDir dir;
  const std::string path = dir.File("w.db");
  std::unique_ptr<Writer> w = MakeWriter(path);
  Writer& writer = *w;
  std::vector<int> runs(100, 0);
  std::vector<std::promise<Status>> done(100);
  for (int i = 0; i < 100; ++i) {
    REQUIRE(writer.Submit(
        [i, &runs](store::Database& d) {
          ++runs[static_cast<size_t>(i)];
          return Insert(d, i);
        },
        [&done, i](const Status& s) { done[static_cast<size_t>(i)].set_value(s); }));
  }
  for (auto& d : done) {
    CHECK(d.get_future().get().ok());
  }
  writer.Stop();
  CHECK(Keys(path).size() == 100);
  CHECK(std::all_of(runs.begin(), runs.end(), [](int n) { return n == 1; }));
}

// Before its heartbeat starts (while the host loads, or when it only settles closed sessions) the
// writer sleeps until there is work. It used to wait for a deadline already past and spin a core.
// A bound with a wide margin: an idle thread uses next to nothing, a spinning one most of a core.
TEST_CASE("an idle writer without a heartbeat sleeps instead of spinning") {
  testing::TempDir dir;
  std::unique_ptr<Writer> writer = MakeWriter(dir.File("w.db"));
  const auto cpu = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
  };
  const auto before = cpu();
  std::this_thread::sleep_for(500ms);
  const auto used = std::chrono::duration_cast<std::chrono::milliseconds>(cpu() - before);
  INFO("process CPU time over 500 ms of idling: " << used.count() << " ms");
  CHECK(used < 50ms);
  // And it still writes when asked.
  std::promise<Status> done;
  REQUIRE(writer->Submit([](store::Database& d) { return Insert(d, 7); },
                         [&done](const Status& s) { done.set_value(s); }));
  CHECK(done.get_future().get().ok());
  CHECK(Keys(dir.File("w.db")) == std::set<int64_t>{7});
}

TEST_CASE("a batch's audit entries are chained by one link, without those of a failed write") {
  testing::TempDir dir;
  const std::string path = dir.File("center.db");
  {
    Result<store::Database> db = store::Database::Open(path, true);
    REQUIRE(db.ok());
    REQUIRE(db->Migrate().ok());
  }
  Result<store::Database> db = store::Database::Open(path, false);
  REQUIRE(db.ok());
  Writer writer(std::move(*db), 1000, 1h, nullptr);

  // Hold the writer so that the ten audited writes form one batch.
  std::promise<void> release = HoldWriter(writer);
  std::vector<std::promise<Status>> done(10);
  for (int i = 0; i < 10; ++i) {
    REQUIRE(writer.Submit(
        [i](store::Database& d) {
          KHAOTHI_RETURN_IF_ERROR(
              centre::AppendAudit(d, {1'790'000'000'000, "candidate:A1", "answer", "S1/A1",
                                      R"({"slot":)" + std::to_string(i) + "}"}));
          // Write 5 fails after its entry was appended: the entry must not stay.
          return i == 5 ? Status::InvalidArgument("write 5 fails") : Status::Ok();
        },
        [&done, i](const Status& s) { done[static_cast<size_t>(i)].set_value(s); }));
  }
  release.set_value();
  for (int i = 0; i < 10; ++i) {
    CHECK(done[static_cast<size_t>(i)].get_future().get().ok() == (i != 5));
  }
  writer.Stop();

  Result<store::Database> check_db = store::Database::Open(path, false);
  REQUIRE(check_db.ok());
  Result<centre::AuditCheck> check = centre::VerifyAudit(*check_db);
  REQUIRE(check.ok());
  CHECK(check->entries == 9);
  CHECK(check->links == 1);
  store::Statement rows = check_db->Prepare("SELECT detail, hash FROM audit ORDER BY seq");
  std::vector<std::string> details;
  int linked = 0;
  REQUIRE(rows.ForEachRow([&](const store::Statement& r) {
                details.push_back(r.ColumnText(0));
                linked += r.ColumnText(1).empty() ? 0 : 1;
              })
              .ok());
  CHECK(linked == 1);
  CHECK(std::find(details.begin(), details.end(), R"({"slot":5})") == details.end());
}

}  // namespace
}  // namespace khaothi::server
