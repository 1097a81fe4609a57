// Issue 15 items 2-4: the practical over protocol 1.1 against the real server (TLS, a real
// center.db): the tasks and their files delivered, the practical's clock under the proctor's
// actions and the deadline, every upload refused for what it breaks with nothing stored, every
// acknowledged version on disk, a PC move, and a 1.0 client served as before.
#include <filesystem>
#include <signal.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/centre/practical_work.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/practical_limits.h"
#include "khaothi/protocol/client_messages.h"
#include "khaothi/protocol/limits.h"
#include "khaothi/protocol/server_messages.h"
#include "khaothi/server/exam_service.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace json = boost::json;
namespace protocol = khaothi::protocol;

constexpr int64_t kMinute = 60'000;

json::object Parse(const std::string& frame) {
  INFO("frame: " << frame);
  REQUIRE_FALSE(frame.empty());
  return json::parse(frame).as_object();
}

std::string Kind(const json::object& o) {
  const std::string type(o.at("type").as_string());
  return type == "error" ? "error:" + std::string(o.at("code").as_string()) : type;
}

std::string Str(const json::object& o, const char* key) {
  return std::string(o.at(key).as_string());
}

int64_t Scalar(const TestCentre& centre, const std::string& sql) {
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  store::Statement st = db->Prepare(sql);
  REQUIRE(*st.Step());
  return st.ColumnInt64(0);
}

// A 1.1 station speaking raw frames: every reply is checked by the test.
class Station {
 public:
  Station(const TestCentre& centre, uint16_t port) : raw_(centre.ca_pem(), port) {}

  json::object Next() { return Parse(raw_.Receive()); }
  void Send(const std::string& frame) { raw_.Send(frame); }
  // The next message, skipping `time` and `notice` pushes.
  json::object Reply() {
    for (;;) {
      json::object o = Next();
      if (Kind(o) != "time" && Kind(o) != "notice") {
        return o;
      }
    }
  }

  void LogIn(const std::string& sbd, const std::string& password,
             const std::string& machine = "PC-01", int minor = protocol::kProtocolMinor) {
    Send(protocol::EncodeHello("test-station", minor));
    const json::object hello = Next();
    REQUIRE(Kind(hello) == "hello");
    CHECK(hello.contains("minor") == (minor != 0));
    Send(protocol::EncodeLogin(sbd, password, machine));
    REQUIRE(Kind(Next()) == "login_ok");
  }
  // Starts the theory and hands it in at once.
  json::object SitTheory() {
    Send(protocol::EncodeStart());
    REQUIRE(Kind(Next()) == "form");
    Send(protocol::EncodeSubmit());
    json::object result = Next();
    REQUIRE(Kind(result) == "result");
    return result;
  }
  json::object StartPractical() {
    Send(protocol::EncodePracticalStart());
    return Reply();
  }
  // The whole file `sha256` by download, chunk after chunk.
  std::string Download(const std::string& sha256) {
    std::string bytes;
    for (;;) {
      Send(protocol::EncodeDownload(sha256, bytes.size()));
      const std::string frame = raw_.Receive();
      Result<protocol::ServerMessage> m = protocol::DecodeServerMessage(frame);
      INFO(frame);
      REQUIRE(m.ok());
      REQUIRE(std::holds_alternative<protocol::FileChunk>(*m));
      const auto& chunk = std::get<protocol::FileChunk>(*m);
      REQUIRE(chunk.offset == bytes.size());
      bytes += chunk.data;
      if (bytes.size() == chunk.size) {
        return bytes;
      }
      REQUIRE(chunk.data.size() == protocol::kDownloadChunkBytes);
    }
  }
  // upload_begin; the reply (upload_ready, upload_ack or an error).
  json::object Begin(const std::string& task, const std::string& name, const std::string& bytes) {
    Send(protocol::EncodeUploadBegin(task, name, bytes.size(), crypto::Sha256Hex(bytes)));
    return Reply();
  }
  // Sends `bytes` from `from` to `to` in chunks of at most kMaxUploadChunkBytes; no reply is
  // read (the server sends none before the last byte).
  void Chunks(const std::string& upload, const std::string& bytes, size_t from, size_t to) {
    for (size_t at = from; at < to;) {
      const size_t n = std::min(protocol::kMaxUploadChunkBytes, to - at);
      Send(protocol::EncodeUploadChunk(upload, at, std::string_view(bytes).substr(at, n)));
      at += n;
    }
  }
  // The whole upload of a saved file: the upload_ack (or the error that refused it).
  json::object Upload(const std::string& task, const std::string& name, const std::string& bytes) {
    json::object r = Begin(task, name, bytes);
    if (Kind(r) != "upload_ready") {
      return r;
    }
    Chunks(Str(r, "upload"), bytes, static_cast<size_t>(r.at("offset").as_int64()), bytes.size());
    return Reply();
  }

 private:
  RawClient raw_;
};

// Bytes of a "saved" work file: `n` bytes that differ with `seed`.
std::string WorkBytes(size_t n, int seed) {
  std::string s;
  s.reserve(n);
  for (size_t i = 0; s.size() < n; ++i) {
    s += static_cast<char>((i * 131 + static_cast<size_t>(seed) * 7) % 251);
  }
  return s;
}

// The tasks of a `practical` message: task id -> its object.
std::map<std::string, json::object> Tasks(const json::object& practical) {
  std::map<std::string, json::object> out;
  for (const json::value& t : practical.at("tasks").as_array()) {
    out[Str(t.as_object(), "task")] = t.as_object();
  }
  return out;
}

std::string FirstTask(const json::object& practical) {
  return Str(practical.at("tasks").as_array()[0].as_object(), "task");
}

TEST_CASE("practical: a 1.0 client is served exactly as before protocol 1.1",
          "[server][practical]") {
  TestCentre centre({.candidates = 1, .practical = true});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  RawClient raw(centre.ca_pem(), (*s)->port());
  raw.Send(R"({"type":"hello","protocol":1,"client":"old"})");
  const json::object hello = Parse(raw.Receive());
  // The 1.0 hello: exactly its four fields, no minor version.
  CHECK(hello.size() == 4);
  CHECK(hello.contains("server_time_ms"));
  CHECK_FALSE(hello.contains("minor"));
  raw.Send(protocol::EncodeLogin(sbd, password, "PC-01"));
  REQUIRE(Kind(Parse(raw.Receive())) == "login_ok");
  raw.Send(R"({"type":"start"})");
  REQUIRE(Kind(Parse(raw.Receive())) == "form");
  raw.Send(R"({"type":"submit"})");
  const json::object result = Parse(raw.Receive());
  REQUIRE(Kind(result) == "result");
  CHECK(Str(result, "outcome") != "");
  CHECK_FALSE(result.contains("practical"));
  // The practical's messages are not 1.0's: what a 1.0 server answers.
  raw.Send(protocol::EncodePracticalStart());
  const json::object refused = Parse(raw.Receive());
  CHECK(Kind(refused) == "error:unknown_type");
  CHECK(Str(refused, "message") == "unknown message type \"practical_start\"");
  raw.Send(protocol::EncodeDownload(std::string(64, 'a'), 0));
  CHECK(Kind(Parse(raw.Receive())) == "error:unknown_type");
  CHECK(Scalar(centre, "SELECT count(*) FROM practical_attempts") == 0);
}

TEST_CASE("practical: tasks delivered, every saved version acknowledged once it is on disk",
          "[server][practical]") {
  TestCentre centre({.candidates = 2, .practical = true});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  Station st(centre, (*s)->port());
  st.LogIn(sbd, password);

  // Not before the theory has ended.
  CHECK(Kind(st.StartPractical()) == "error:practical_not_open");
  // The result tells a 1.1 station that a practical is to be sat, whatever the theory's outcome.
  const json::object result = st.SitTheory();
  CHECK(Str(result, "practical") == "created");
  const json::object practical = st.StartPractical();
  REQUIRE(Kind(practical) == "practical");
  CHECK(Str(practical, "state") == "in_progress");
  CHECK(practical.at("duration_ms").as_int64() == 90 * kMinute);
  const auto tasks = Tasks(practical);
  REQUIRE(tasks.size() == 3);
  {
    // The drawn tasks are the ones center.db assigned.
    auto db = store::Database::Open(centre.db_path(), false);
    auto assigned = centre::AssignedTasks(*db, "S1", sbd);
    REQUIRE(assigned.ok());
    REQUIRE(assigned->size() == 3);
    for (const centre::AssignedTask& a : *assigned) {
      REQUIRE(tasks.count(a.task_id) == 1);
      CHECK(tasks.at(a.task_id).at("version").as_int64() == a.task_version);
      CHECK(Str(tasks.at(a.task_id), "subpart") == a.subpart);
    }
  }
  CHECK(Scalar(centre, "SELECT count(*) FROM practical_attempts WHERE state = 'in progress'") == 1);

  // Every instructions and starter file downloads to its SHA-256.
  for (const auto& [id, t] : tasks) {
    const json::object& instructions = t.at("instructions").as_object();
    const std::string text = st.Download(Str(instructions, "sha256"));
    CHECK(crypto::Sha256Hex(text) == Str(instructions, "sha256"));
    CHECK(text.find("# Đề " + id) == 0);
    for (const json::value& f : t.at("starters").as_array()) {
      const std::string bytes = st.Download(Str(f.as_object(), "sha256"));
      CHECK(static_cast<int64_t>(bytes.size()) == f.as_object().at("size").as_int64());
      CHECK(crypto::Sha256Hex(bytes) == Str(f.as_object(), "sha256"));
    }
    CHECK(t.at("work").as_array().empty());
  }
  // Another seat's file, or any other hash, cannot be downloaded.
  st.Send(protocol::EncodeDownload(crypto::Sha256Hex("nope"), 0));
  CHECK(Kind(st.Reply()) == "error:unknown_file");

  // Three saves of one file: 20,000 bytes (three chunks), then the same again, then a change.
  const std::string task = tasks.begin()->first;
  const std::string v1 = WorkBytes(20'000, 1);
  json::object ack = st.Upload(task, "bai-lam.docx", v1);
  REQUIRE(Kind(ack) == "upload_ack");
  CHECK(Str(ack, "outcome") == "stored");
  CHECK(ack.at("version").as_int64() == 1);
  CHECK(Str(ack, "sha256") == crypto::Sha256Hex(v1));
  CHECK(ack.at("remaining_ms").as_int64() > 0);
  ack = st.Upload(task, "bai-lam.docx", v1);
  CHECK(Str(ack, "outcome") == "unchanged");
  CHECK(ack.at("version").as_int64() == 1);
  const std::string v2 = WorkBytes(30'000, 2);
  ack = st.Upload(task, "bai-lam.docx", v2);
  CHECK(Str(ack, "outcome") == "stored");
  CHECK(ack.at("version").as_int64() == 2);
  // An empty file is a version too.
  ack = st.Upload(task, "ghi-chu.txt", "");
  CHECK(Str(ack, "outcome") == "stored");

  {
    // Every acknowledged version is a row, its blob holds its bytes, and each has its audit row.
    auto db = store::Database::Open(centre.db_path(), false);
    auto versions = centre::WorkVersions(*db, "S1", sbd);
    REQUIRE(versions.ok());
    REQUIRE(versions->size() == 3);
    CHECK((*versions)[0].name == "bai-lam.docx");
    CHECK((*versions)[1].sha256 == crypto::Sha256Hex(v2));
    CHECK((*versions)[1].machine == "PC-01");
    CHECK(*centre::ReadWorkBlob(centre.dir(), crypto::Sha256Hex(v1)) == v1);
    CHECK(*centre::ReadWorkBlob(centre.dir(), crypto::Sha256Hex(v2)) == v2);
  }
  CHECK(Scalar(centre, "SELECT count(*) FROM audit WHERE action = 'work_upload'") == 3);
  CHECK(Scalar(centre, "SELECT count(*) FROM audit WHERE action = 'practical_start'") == 1);
  // No partial file is left behind.
  CHECK(std::filesystem::is_empty(centre.dir() + "/work/partial"));

  // Asked again (a restarted station), the result says the practical is running.
  st.Send(protocol::EncodeStart());
  CHECK(Str(st.Reply(), "practical") == "in_progress");
  // A reconnect gets the latest version of each file, and may download its own versions.
  const auto again = Tasks(st.StartPractical());
  const json::array& work = again.at(task).at("work").as_array();
  REQUIRE(work.size() == 2);
  CHECK(Str(work[0].as_object(), "name") == "bai-lam.docx");
  CHECK(work[0].as_object().at("version").as_int64() == 2);
  CHECK(st.Download(crypto::Sha256Hex(v2)) == v2);
  CHECK(st.Download(crypto::Sha256Hex(v1)) == v1);

  // Handing in ends it: the end is recorded with its register of files; no upload after.
  st.Send(protocol::EncodePracticalSubmit());
  const json::object ended = st.Reply();
  REQUIRE(Kind(ended) == "practical");
  CHECK(Str(ended, "state") == "submitted");
  CHECK(Str(ended, "submitted_by") == "candidate");
  CHECK(Kind(st.Begin(task, "bai-lam.docx", WorkBytes(10, 3))) == "error:not_in_progress");
  CHECK(Scalar(centre,
               "SELECT count(*) FROM practical_attempts WHERE state = 'submitted' AND "
               "submitted_by = 'candidate' AND ended_ms IS NOT NULL") == 1);
  CHECK(Scalar(centre, "SELECT count(*) FROM audit WHERE action = 'practical_submit'") == 1);
}

TEST_CASE("practical: every bad upload gets its code and stores nothing", "[server][practical]") {
  TestCentre centre({.candidates = 1, .practical = true});
  server::ServerConfig config = centre.Config();
  config.limits.max_work_bytes_per_candidate = 100'000;
  auto s = server::Server::Create(config);
  REQUIRE(s.ok());
  (*s)->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  Station st(centre, (*s)->port());
  st.LogIn(sbd, password);
  st.SitTheory();
  const json::object practical = st.StartPractical();
  REQUIRE(Kind(practical) == "practical");
  const std::string task = FirstTask(practical);
  const std::string sha = crypto::Sha256Hex("x");
  auto begin = [&](const std::string& t, const std::string& name, uint64_t size) {
    st.Send(protocol::EncodeUploadBegin(t, name, size, sha));
    return Kind(st.Reply());
  };

  CHECK(begin("IU09-Z", "a.docx", 1) == "error:bad_task");
  CHECK(begin(task, "../a.docx", 1) == "error:bad_file_name");
  CHECK(begin(task, ".an.docx", 1) == "error:bad_file_name");
  CHECK(begin(task, "thư.docx", 1) == "error:bad_file_name");
  CHECK(begin(task, "noextension", 1) == "error:bad_file_name");
  CHECK(begin(task, "virus.exe", 1) == "error:bad_file_type");
  CHECK(begin(task, "macro.xlsm", 1) == "error:bad_file_type");
  CHECK(begin(task, "big.docx", engine::kMaxPracticalFileBytes + 1) == "error:file_too_large");
  // The quota (100,000 bytes here) before the file limit is reached.
  CHECK(begin(task, "big.docx", 100'001) == "error:quota_exceeded");
  CHECK(begin(task, "fits.docx", 100'000) == "upload_ready");

  // Chunks: out of order, past the end, of no upload.
  const std::string bytes = WorkBytes(20'000, 7);
  json::object ready = st.Begin(task, "bai.xlsx", bytes);
  REQUIRE(Kind(ready) == "upload_ready");
  const std::string id = Str(ready, "upload");
  st.Send(protocol::EncodeUploadChunk(id, 8192, std::string_view(bytes).substr(8192, 8192)));
  json::object e = st.Reply();
  CHECK(Kind(e) == "error:bad_offset");
  CHECK(e.at("offset").as_int64() == 0);
  CHECK(Str(e, "upload") == id);
  st.Chunks(id, bytes, 0, 16384);
  st.Send(protocol::EncodeUploadChunk(id, 16384, WorkBytes(8192, 9)));  // 3,616 bytes too many
  e = st.Reply();
  CHECK(Kind(e) == "error:bad_offset");
  CHECK(e.at("offset").as_int64() == 16384);
  st.Send(protocol::EncodeUploadChunk("feedface", 0, "x"));
  CHECK(Kind(st.Reply()) == "error:unknown_upload");
  // The refused chunks changed nothing: the upload goes on where it was and completes.
  st.Chunks(id, bytes, 16384, bytes.size());
  CHECK(Kind(st.Reply()) == "upload_ack");

  // Bytes that are not the file named: refused at the end, nothing stored, no partial left.
  const std::string claimed = WorkBytes(10'000, 11);
  const std::string sent = WorkBytes(10'000, 12);
  ready = st.Begin(task, "sai.docx", claimed);
  REQUIRE(Kind(ready) == "upload_ready");
  st.Chunks(Str(ready, "upload"), sent, 0, sent.size());
  CHECK(Kind(st.Reply()) == "error:bad_hash");
  CHECK_FALSE(
      std::filesystem::exists(centre.dir() + "/work/partial/" + Str(ready, "upload") + ".part"));
  CHECK_FALSE(centre::ReadWorkBlob(centre.dir(), crypto::Sha256Hex(sent)).ok());

  // The files of one task: at most kMaxWorkFilesPerTask names (bai.xlsx is the first).
  for (int i = 1; i < engine::kMaxWorkFilesPerTask; ++i) {
    CHECK(Kind(st.Upload(task, "f" + std::to_string(i) + ".txt", "n" + std::to_string(i))) ==
          "upload_ack");
  }
  CHECK(Kind(st.Begin(task, "one-more.txt", "9")) == "error:too_many_files");
  // A new version of a file already there is not a new file.
  CHECK(Kind(st.Upload(task, "f1.txt", "changed")) == "upload_ack");

  CHECK(Scalar(centre, "SELECT count(*) FROM work_versions") ==
        1 + (engine::kMaxWorkFilesPerTask - 1) + 1);
  CHECK(Scalar(centre, "SELECT count(*) FROM work_versions WHERE name = 'sai.docx'") == 0);
}

TEST_CASE("practical: the proctor's clock actions, and collection at the deadline",
          "[server][practical]") {
  TestCentre centre({.candidates = 1, .practical = true});
  SharedFakeClock clock(1'790'000'000'000);
  auto s = server::Server::Create(centre.Config(), &clock);
  REQUIRE(s.ok());
  (*s)->Start();
  server::ExamService& service = (*s)->service();
  const auto& [sbd, password] = *centre.passwords().begin();
  Station st(centre, (*s)->port());
  st.LogIn(sbd, password);
  st.SitTheory();
  const json::object practical = st.StartPractical();
  REQUIRE(Kind(practical) == "practical");
  const std::string task = FirstTask(practical);

  // The proctor's extension and pause reach the practical's clock, named as such.
  REQUIRE(service.Extend("S1", sbd, 5 * kMinute, "mất điện", "proctor:lan").ok());
  json::object t = st.Next();
  REQUIRE(Kind(t) == "time");
  CHECK(Str(t, "part") == "practical");
  CHECK(Str(t, "event") == "extension");
  CHECK(t.at("remaining_ms").as_int64() == 95 * kMinute);
  REQUIRE(service.Suspend("S1", sbd, "đổi máy", "proctor:lan").ok());
  t = st.Next();
  CHECK(Str(t, "event") == "pause");
  CHECK(Str(t, "part") == "practical");
  clock.Advance(engine::Duration(10 * kMinute));  // paused time is not charged
  CHECK(Kind(st.Begin(task, "a.docx", "abc")) == "error:not_in_progress");
  REQUIRE(service.Resume("S1", sbd, "proctor:lan").ok());
  t = st.Next();
  CHECK(Str(t, "event") == "resume");
  CHECK(t.at("remaining_ms").as_int64() == 95 * kMinute);
  auto seats = service.Seats("S1");
  REQUIRE(seats.size() == 1);
  CHECK(seats[0].practical_state == engine::AttemptState::kInProgress);
  CHECK(seats[0].practical_remaining_ms == 95 * kMinute);

  // A version saved before the deadline, and an upload begun 1 ms before it.
  const std::string early = WorkBytes(5'000, 1);
  REQUIRE(Kind(st.Upload(task, "bai.docx", early)) == "upload_ack");
  clock.Advance(engine::Duration(95 * kMinute - 1));
  const std::string last = WorkBytes(20'000, 2);
  json::object ready = st.Begin(task, "bai.docx", last);
  REQUIRE(Kind(ready) == "upload_ready");
  const std::string id = Str(ready, "upload");
  st.Chunks(id, last, 0, 8192);
  // The deadline: the server's clock ends the practical by itself and tells the station.
  clock.Advance(engine::Duration(1));
  json::object ended = st.Reply();
  REQUIRE(Kind(ended) == "practical");
  CHECK(Str(ended, "state") == "submitted");
  CHECK(Str(ended, "submitted_by") == "clock");
  CHECK(ended.at("remaining_ms").as_int64() == 0);
  // Nothing new after it; the upload begun before it completes within the grace, and counts.
  CHECK(Kind(st.Begin(task, "moi.docx", "late")) == "error:too_late");
  clock.Advance(engine::Duration(30'000));
  st.Chunks(id, last, 8192, last.size());
  json::object ack = st.Reply();
  REQUIRE(Kind(ack) == "upload_ack");
  CHECK(ack.at("version").as_int64() == 2);
  const int64_t deadline = Scalar(centre, "SELECT ended_ms FROM practical_attempts");
  CHECK(ack.at("received_ms").as_int64() == deadline - 1);
  {
    auto db = store::Database::Open(centre.db_path(), false);
    auto marked = centre::LatestWork(*db, "S1", sbd, deadline);
    REQUIRE(marked.ok());
    REQUIRE(marked->size() == 1);
    CHECK((*marked)[0].sha256 == crypto::Sha256Hex(last));
  }
  CHECK(Scalar(centre, "SELECT count(*) FROM practical_attempts WHERE submitted_by = 'clock'") ==
        1);
  CHECK(Scalar(centre, "SELECT count(*) FROM audit WHERE action = 'practical_submit'") == 1);

  // Past the grace even an upload begun in time is too late, and dropped.
  ready = st.Begin(task, "bai.docx", WorkBytes(100, 3));
  CHECK(Kind(ready) == "error:too_late");
  clock.Advance(engine::Duration(31'000));
  st.Send(protocol::EncodeUploadChunk(id, 0, "x"));
  CHECK(Kind(st.Reply()) == "error:unknown_upload");
  CHECK(Scalar(centre, "SELECT count(*) FROM work_versions") == 2);
}

TEST_CASE("practical: a station that takes over after a PC move gets the latest versions",
          "[server][practical]") {
  TestCentre centre({.candidates = 1, .practical = true});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  const auto& [sbd, password] = *centre.passwords().begin();
  std::string task;
  const std::string saved = WorkBytes(70'000, 5);
  {
    Station first(centre, (*s)->port());
    first.LogIn(sbd, password, "PC-01");
    first.SitTheory();
    const json::object practical = first.StartPractical();
    task = FirstTask(practical);
    REQUIRE(Kind(first.Upload(task, "bai.xlsx", WorkBytes(1'000, 4))) == "upload_ack");
    REQUIRE(Kind(first.Upload(task, "bai.xlsx", saved)) == "upload_ack");
  }
  // The practical runs on PC-01: another PC needs the proctor's permission, as for the theory.
  {
    RawClient other(centre.ca_pem(), (*s)->port());
    other.Send(protocol::EncodeHello("station"));
    other.Receive();
    other.Send(protocol::EncodeLogin(sbd, password, "PC-02"));
    CHECK(Kind(Parse(other.Receive())) == "error:move_not_allowed");
  }
  REQUIRE((*s)->service().AllowMove("S1", sbd, "máy hỏng", "proctor:lan").ok());
  Station second(centre, (*s)->port());
  second.LogIn(sbd, password, "PC-02");
  const json::object practical = second.StartPractical();
  REQUIRE(Kind(practical) == "practical");
  CHECK(Str(practical, "state") == "in_progress");
  const auto tasks = Tasks(practical);
  const json::array& work = tasks.at(task).at("work").as_array();
  REQUIRE(work.size() == 1);
  CHECK(work[0].as_object().at("version").as_int64() == 2);
  CHECK(second.Download(Str(work[0].as_object(), "sha256")) == saved);
  // The new PC's saves carry on the numbering, and name the new machine.
  json::object ack = second.Upload(task, "bai.xlsx", WorkBytes(2'000, 6));
  CHECK(ack.at("version").as_int64() == 3);
  CHECK(Scalar(centre, "SELECT count(*) FROM work_versions WHERE machine = 'PC-02'") == 1);
}

TEST_CASE("practical: a room pause, an end for a violation and the session's closure reach it",
          "[server][practical]") {
  TestCentre centre({.candidates = 2, .practical = true});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  (*s)->Start();
  server::ExamService& service = (*s)->service();
  auto it = centre.passwords().begin();
  const auto [sbd1, password1] = *it++;
  const auto [sbd2, password2] = *it;
  Station one(centre, (*s)->port());
  Station two(centre, (*s)->port());
  one.LogIn(sbd1, password1, "PC-01");
  two.LogIn(sbd2, password2, "PC-02");
  one.SitTheory();
  two.SitTheory();
  REQUIRE(Kind(one.StartPractical()) == "practical");
  REQUIRE(Kind(two.StartPractical()) == "practical");

  // The room's pause stops both practicals; its resume restarts them.
  auto paused = service.PauseRoom("S1", "P101", "mất điện", "proctor:lan");
  REQUIRE(paused.ok());
  CHECK(paused->size() == 2);
  for (Station* st : {&one, &two}) {
    const json::object t = st->Next();
    CHECK(Str(t, "event") == "pause");
    CHECK(Str(t, "part") == "practical");
  }
  auto resumed = service.ResumeRoom("S1", "P101", *paused, "có điện", "proctor:lan");
  REQUIRE(resumed.ok());
  CHECK(resumed->size() == 2);
  for (Station* st : {&one, &two}) {
    CHECK(Str(st->Next(), "event") == "resume");
  }

  // Ended for a violation during the practical: the practical ends, the station is told and
  // closed; the theory's result stands.
  REQUIRE(service.EndForViolation("S1", sbd1, "Biên bản số 3", "proctor:lan").ok());
  const json::object ended = one.Reply();
  REQUIRE(Kind(ended) == "practical");
  CHECK(Str(ended, "submitted_by") == "proctor");
  CHECK(Str(one.Next(), "reason") == "ended_by_proctor");

  // The session closed (khaothi session close marks it): the running practical ends too.
  {
    auto db = store::Database::Open(centre.db_path(), false);
    REQUIRE(db->Prepare("UPDATE sessions SET state = 'closed' WHERE id = 'S1'").Run().ok());
  }
  const json::object closed = two.Reply();
  REQUIRE(Kind(closed) == "practical");
  CHECK(Str(closed, "state") == "submitted");
  CHECK(Str(two.Next(), "reason") == "session_closed");
  CHECK(Scalar(centre,
               "SELECT count(*) FROM practical_attempts WHERE state = 'submitted' AND "
               "submitted_by = 'proctor'") == 2);
  CHECK(Scalar(centre, "SELECT count(*) FROM attempts WHERE state = 'graded'") == 2);
}

TEST_CASE("practical: closing the session with the server stopped ends a running practical",
          "[server][practical]") {
  TestCentre centre({.candidates = 1, .practical = true});
  const auto& [sbd, password] = *centre.passwords().begin();
  {
    auto s = server::Server::Create(centre.Config());
    REQUIRE(s.ok());
    (*s)->Start();
    Station st(centre, (*s)->port());
    st.LogIn(sbd, password);
    st.SitTheory();
    REQUIRE(Kind(st.StartPractical()) == "practical");
    (*s)->Shutdown();
    (*s)->Wait();
  }
  {
    auto db = store::Database::Open(centre.db_path(), false);
    REQUIRE(db->Prepare("UPDATE sessions SET state = 'closed' WHERE id = 'S1'").Run().ok());
  }
  REQUIRE(server::SettleClosedSessions(centre.Config()).ok());
  CHECK(Scalar(centre,
               "SELECT count(*) FROM practical_attempts WHERE state = 'submitted' AND "
               "submitted_by = 'proctor' AND ended_ms IS NOT NULL") == 1);
  CHECK(Scalar(centre, "SELECT count(*) FROM audit WHERE action = 'practical_submit'") == 1);
}

TEST_CASE("practical: SIGKILL mid-upload loses no acknowledged version, and the upload resumes",
          "[server][practical][crash]") {
  TestCentre centre({.candidates = 1, .practical = true});
  uint16_t port = 0;
  auto server = StartServerProcess(centre, 0, port);
  const auto& [sbd, password] = *centre.passwords().begin();
  const std::string acked = WorkBytes(12'000, 1);
  const std::string half = WorkBytes(40'000, 2);
  const size_t sent = 3 * protocol::kMaxUploadChunkBytes;
  std::string task;
  std::string upload;
  int64_t remaining_before = 0;
  {
    Station st(centre, port);
    st.LogIn(sbd, password);
    st.SitTheory();
    const json::object practical = st.StartPractical();
    REQUIRE(Kind(practical) == "practical");
    task = FirstTask(practical);
    REQUIRE(Kind(st.Upload(task, "xong.docx", acked)) == "upload_ack");
    const json::object ready = st.Begin(task, "do-dang.docx", half);
    REQUIRE(Kind(ready) == "upload_ready");
    upload = Str(ready, "upload");
    st.Chunks(upload, half, 0, sent);
    // A ping answered means every chunk before it was taken (one connection, in order).
    st.Send(protocol::EncodePing(1));
    const json::object pong = st.Reply();
    REQUIRE(Kind(pong) == "pong");
    remaining_before = st.StartPractical().at("remaining_ms").as_int64();
    server->Signal(SIGKILL);
    CHECK(server->Wait() == -SIGKILL);
  }

  // What the dead server left: the acknowledged version with its bytes; the half upload is no
  // version, only a partial file.
  {
    auto db = store::Database::Open(centre.db_path(), false);
    auto versions = centre::WorkVersions(*db, "S1", sbd);
    REQUIRE(versions.ok());
    REQUIRE(versions->size() == 1);
    CHECK((*versions)[0].name == "xong.docx");
    CHECK(*centre::ReadWorkBlob(centre.dir(), (*versions)[0].sha256) == acked);
    CHECK_FALSE(centre::ReadWorkBlob(centre.dir(), crypto::Sha256Hex(half)).ok());
  }
  CHECK(Scalar(centre, "SELECT count(*) FROM practical_attempts WHERE state = 'in progress'") == 1);

  // Restarted: the practical goes on with the downtime credited, and the upload resumes where
  // the partial file ends.
  uint16_t again = 0;
  server = StartServerProcess(centre, port, again);
  Station st(centre, again);
  st.LogIn(sbd, password);
  const json::object practical = st.StartPractical();
  REQUIRE(Kind(practical) == "practical");
  CHECK(Str(practical, "state") == "in_progress");
  CHECK(practical.at("remaining_ms").as_int64() >= remaining_before - 2'000);
  CHECK(Scalar(centre, "SELECT count(*) FROM audit WHERE action = 'downtime_credit'") >= 1);
  const json::object ready = st.Begin(task, "do-dang.docx", half);
  REQUIRE(Kind(ready) == "upload_ready");
  CHECK(Str(ready, "upload") == upload);
  CHECK(ready.at("offset").as_int64() == static_cast<int64_t>(sent));
  st.Chunks(upload, half, sent, half.size());
  const json::object ack = st.Reply();
  REQUIRE(Kind(ack) == "upload_ack");
  CHECK(ack.at("version").as_int64() == 1);
  CHECK(*centre::ReadWorkBlob(centre.dir(), crypto::Sha256Hex(half)) == half);
  server->Signal(SIGTERM);
  CHECK(server->Wait() == 0);
}

}  // namespace
}  // namespace khaothi::testing
