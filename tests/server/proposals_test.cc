// Issue 16 item 4 on the real server (TLS, a real center.db): once a candidate's practical ends,
// the server's marking worker proposes marks on the latest version of their files, off the I/O
// threads, and stores them through the writer; at start it proposes again for every ended
// practical whose proposal no longer reads the files to mark.
#include "khaothi/centre/proposals.h"

#include <chrono>
#include <thread>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/centre/practical_work.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/protocol/client_messages.h"
#include "khaothi/protocol/limits.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "practical_packages.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace json = boost::json;

json::object Parse(const std::string& frame) {
  INFO("frame: " << frame);
  REQUIRE_FALSE(frame.empty());
  return json::parse(frame).as_object();
}

std::string Kind(const json::object& o) {
  const std::string type(o.at("type").as_string());
  return type == "error" ? "error:" + std::string(o.at("code").as_string()) : type;
}

// The next message that is not a `time` or `notice` push.
json::object Reply(RawClient& raw) {
  for (;;) {
    json::object o = Parse(raw.Receive());
    if (Kind(o) != "time" && Kind(o) != "notice") {
      return o;
    }
  }
}

int64_t Runs(const TestCentre& centre, const std::string& sbd) {
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  store::Statement q = db->Prepare("SELECT count(*) FROM proposal_runs WHERE sbd = ?1");
  q.Bind(1, sbd);
  REQUIRE(*q.Step());
  return q.ColumnInt64(0);
}

// Waits (up to 30 s of real time: the worker is a thread of the server) until `sbd` has at
// least `n` proposal runs.
bool WaitForRuns(const TestCentre& centre, const std::string& sbd, int64_t n) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < until) {
    if (Runs(centre, sbd) >= n) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

centre::ProposalRun Latest(const TestCentre& centre, const std::string& sbd,
                           const std::string& task) {
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  Result<std::optional<centre::ProposalRun>> run = centre::LatestProposal(*db, "S1", sbd, task);
  REQUIRE(run.ok());
  REQUIRE(run->has_value());
  return **run;
}

TEST_CASE("the server proposes marks once a practical ends, and again at start when stale",
          "[server][practical][proposals]") {
  TestCentre centre({.candidates = 1, .practical = true, .practical_checks = true});
  const auto& [sbd, password] = *centre.passwords().begin();
  const std::string model = SourceBytes("question-bank/data/practical/IU04-A/loi-giai.xlsx");
  const std::string starter = SourceBytes("question-bank/data/practical/IU04-A/ban-hang.xlsx");
  std::string iu04;
  {
    auto s = server::Server::Create(centre.Config());
    REQUIRE(s.ok());
    (*s)->Start();
    RawClient raw(centre.ca_pem(), (*s)->port());
    raw.Send(protocol::EncodeHello("test-station", protocol::kProtocolMinor));
    REQUIRE(Kind(Parse(raw.Receive())) == "hello");
    raw.Send(protocol::EncodeLogin(sbd, password, "PC-01"));
    REQUIRE(Kind(Parse(raw.Receive())) == "login_ok");
    raw.Send(protocol::EncodeStart());
    REQUIRE(Kind(Reply(raw)) == "form");
    raw.Send(protocol::EncodeSubmit());
    REQUIRE(Kind(Reply(raw)) == "result");
    raw.Send(protocol::EncodePracticalStart());
    const json::object practical = Reply(raw);
    REQUIRE(Kind(practical) == "practical");
    for (const json::value& t : practical.at("tasks").as_array()) {
      if (t.as_object().at("module").as_string() == "IU04") {
        iu04 = std::string(t.as_object().at("task").as_string());
      }
    }
    REQUIRE_FALSE(iu04.empty());
    // The model solution, saved under the candidate's own name, in one chunk after another.
    raw.Send(
        protocol::EncodeUploadBegin(iu04, "bai-lam.xlsx", model.size(), crypto::Sha256Hex(model)));
    json::object ready = Reply(raw);
    REQUIRE(Kind(ready) == "upload_ready");
    const std::string upload(ready.at("upload").as_string());
    for (size_t at = 0; at < model.size(); at += protocol::kMaxUploadChunkBytes) {
      raw.Send(protocol::EncodeUploadChunk(
          upload, at, std::string_view(model).substr(at, protocol::kMaxUploadChunkBytes)));
    }
    REQUIRE(Kind(Reply(raw)) == "upload_ack");
    // Nothing is proposed while the practical runs.
    CHECK(Runs(centre, sbd) == 0);
    raw.Send(protocol::EncodePracticalSubmit());
    REQUIRE(Kind(Reply(raw)) == "practical");

    // One run per drawn task, written by the server.
    REQUIRE(WaitForRuns(centre, sbd, 3));
    const centre::ProposalRun run = Latest(centre, sbd, iu04);
    CHECK(run.actor == "server");
    REQUIRE(run.files.size() == 1);
    CHECK(run.files[0].name == "bai-lam.xlsx");
    CHECK(run.files[0].sha256 == crypto::Sha256Hex(model));
    REQUIRE(run.lines.size() == 3);
    CHECK(run.lines[0].proposed == engine::Points::Whole(4));
    CHECK(run.lines[1].proposed == engine::Points::Whole(3));
    CHECK_FALSE(run.lines[2].proposed);
    CHECK(run.ProposedTotal() == engine::Points::Whole(7));
  }
  // The server is stopped. A version received before the end that only now is recorded (as an
  // upload completing within the grace would be) makes the proposal stale: the next start
  // proposes again from it, keeping the first run.
  {
    auto db = store::Database::Open(centre.db_path(), false);
    REQUIRE(db.ok());
    Result<int64_t> end = centre::PracticalEnd(*db, "S1", sbd);
    REQUIRE(end.ok());
    Result<std::string> sha = centre::WriteWorkBlob(centre.dir(), starter);
    REQUIRE(sha.ok());
    REQUIRE(centre::RecordWorkVersion(*db, "S1", sbd,
                                      {iu04, "bai-lam.xlsx", 0, *sha,
                                       static_cast<int64_t>(starter.size()), *end, "PC-01"})
                .ok());
  }
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  REQUIRE(WaitForRuns(centre, sbd, 4));
  const centre::ProposalRun again = Latest(centre, sbd, iu04);
  CHECK(again.files[0].version == 2);
  CHECK(again.lines[0].proposed == engine::Points{});
  CHECK(again.lines[1].proposed == engine::Points{});
  // The other tasks' proposals were current: not run again.
  CHECK(Runs(centre, sbd) == 4);
}

}  // namespace
}  // namespace khaothi::testing
