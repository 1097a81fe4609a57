// Issue 15, end to end with real processes: a centre made with the real `khaothi` and `qbank`,
// the centre's own task packages (office files made with LibreOffice, question-bank/data/
// practical, with one-minute clocks so the deadline comes within the test), the real
// khaothi-server as a child process killed with SIGKILL mid-upload and restarted, ten stations on
// the client library each with its own work folder watched by inotify, one station moved to
// another PC mid-practical, the deadline. Then two markers and the chair in the dashboard, `khaothi
// marking finalize`, and the score sheet and register from `khaothi results`.
//
// What it must show: at the deadline every candidate's latest complete version of every file is
// on the server, byte-identical (SHA-256) to the last file saved before the deadline; nothing
// acknowledged is lost; the signed marks carry the final marks and the hashes of the files marked.
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <signal.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/centre/centre.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/client/exam_client.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/practical.h"
#include "khaothi/store/database.h"
#include "khaothi/store/practical_store.h"

#include "dashboard_driver.h"
#include "drivers.h"
#include "test_util.h"

namespace khaothi::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using client::EventType;

constexpr int kCandidates = 10;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Saves the way LibreOffice does: a temporary file in the folder, renamed over the document.
void Save(const std::string& path, const std::string& bytes) {
  const std::string tmp = fs::path(path).parent_path().string() + "/lu" +
                          std::to_string(std::hash<std::string>{}(path + bytes) % 1'000'000) +
                          ".tmp";
  WriteAll(tmp, bytes);
  fs::rename(tmp, path);
}

// A centre made as a centre makes it, whose session S1 has ten candidates and a practical of two
// drawn tasks (IU03 văn bản, IU04 bảng tính) of one minute each.
struct PracticalCentre {
  TempDir tmp;
  std::string dir = tmp.File("centre");
  std::string khaothi = BuiltProgram("tools/khaothi");
  std::map<std::string, std::string> passwords;  // sbd -> one-time password
  std::map<std::string, std::string> rooms;      // sbd -> room

  ProcessResult Run(std::vector<std::string> argv) {
    ProcessResult r = RunProcess(argv, tmp.path());
    INFO(argv[0] << " " << argv[1] << "\n" << r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return r;
  }

  PracticalCentre() {
    Run({khaothi, "init", "--data", dir, "--center-code", "GDTX-LA", "--name",
         "Trung tâm GDTX tỉnh Long An", "--host", "127.0.0.1"});
    const std::string qbank = BuiltProgram("tools/qbank");
    Run({qbank, "--db", dir + "/center.db", "import", SourceFile("question-bank/data")});
    // The centre's packages with a one-minute clock (the manifest's `minutes`; every file, named
    // by its hash, unchanged).
    for (const char* id : {"IU03-A", "IU03-B", "IU04-A", "IU04-B"}) {
      const fs::path from = SourceFile(std::string("question-bank/data/practical/") + id);
      const fs::path to = tmp.File(std::string("packages/") + id);
      fs::create_directories(to);
      for (const auto& e : fs::directory_iterator(from)) {
        fs::copy_file(e.path(), to / e.path().filename());
      }
      const std::string manifest = ReadAll((to / "task.txt").string());
      WriteAll((to / "task.txt").string(),
               std::regex_replace(manifest, std::regex("minutes = [0-9]+"), "minutes = 1"));
    }
    Run({qbank, "--db", dir + "/center.db", "practical", "import", tmp.File("packages")});
    // basic-30-practical without its presentation sub-part.
    std::string blueprint =
        ReadAll(SourceFile("question-bank/data/blueprints/basic-30-practical.blueprint"));
    blueprint = std::regex_replace(blueprint, std::regex("subpart = trinh-chieu[^\n]*\n"), "");
    WriteAll(tmp.File("bp.blueprint"), blueprint);
    Run({khaothi, "session", "create", "--data", dir, "--id", "S1", "--name",
         "Ca thực hành chiều thứ Bảy", "--date", "2026-12-05", "--blueprint",
         tmp.File("bp.blueprint"), "--rooms", "P101,P102", "--no-unlock"});
    const std::string all = ReadAll(SourceFile("tests/tools/data/candidates-30.csv"));
    std::istringstream lines(all);
    std::string line, csv;
    for (int i = 0; i <= kCandidates && std::getline(lines, line); ++i) {
      csv += line + "\n";
      if (i > 0) {
        std::vector<std::string> f;
        std::stringstream ss(line);
        for (std::string x; std::getline(ss, x, ',');) {
          f.push_back(x);
        }
        rooms[f[1]] = f.back().substr(0, 4);
      }
    }
    WriteAll(tmp.File("candidates.csv"), csv);
    Run({khaothi, "--data", dir, "candidates", "import", "--session", "S1",
         tmp.File("candidates.csv")});
    {
      auto db = store::Database::Open(dir + "/center.db", false);
      REQUIRE(db.ok());
      auto issued = centre::IssuePasswords(*db, "S1", {}, {"cli:thuky", 1'796'000'000'000});
      REQUIRE(issued.ok());
      for (const centre::IssuedPassword& p : *issued) {
        passwords[p.candidate.sbd] = p.password;
      }
    }
    REQUIRE(passwords.size() == kCandidates);
    Run({khaothi, "--data", dir, "session", "open", "S1"});
  }

  std::string ca_pem() const { return ReadAll(dir + "/client/ca.pem"); }
  std::string db_path() const { return dir + "/center.db"; }
};

uint16_t ListeningPort(ChildProcess& p) {
  const std::string line = p.WaitForLine("listening on");
  INFO("khaothi-server: " << p.out() << p.err());
  std::smatch m;
  REQUIRE(std::regex_search(line, m, std::regex(R"(127\.0\.0\.1:(\d+))")));
  return static_cast<uint16_t>(std::stoi(m[1].str()));
}

// One station: a candidate at a PC, with the work folder the client library watches.
struct Station {
  std::string sbd;
  std::unique_ptr<TempDir> pc = std::make_unique<TempDir>();
  std::unique_ptr<Candidate> c;
  // task/name -> the bytes saved last, and every version the station saw acknowledged.
  std::map<std::string, std::string> last_saved;

  std::string root() const { return pc->File("bai-thi"); }
  client::ExamClient& client() { return c->client(); }

  bool ShowsSaved(const std::string& key) {
    std::optional<client::PracticalView> v = client().practical();
    if (!v) {
      return false;
    }
    const std::string sha = crypto::Sha256Hex(last_saved.at(key));
    for (const client::PracticalFileView& f : v->files) {
      if (f.task + "/" + f.name == key) {
        return !f.sending && f.sha256 == sha;
      }
    }
    return false;
  }
  bool AllSaved() {
    for (const auto& [key, bytes] : last_saved) {
      if (!ShowsSaved(key)) {
        return false;
      }
    }
    return true;
  }
  void SaveFile(const std::string& key, const std::string& bytes) {
    last_saved[key] = bytes;
    Save(root() + "/" + key, bytes);
  }
};

void StartPractical(Station& s) {
  REQUIRE(s.c->WaitUntil([&] { return s.c->Saw(EventType::kLoggedIn); }));
  s.client().Start();
  REQUIRE(s.c->WaitUntil([&] { return s.c->Saw(EventType::kForm) || s.client().result(); }));
  if (!s.client().result()) {
    s.client().Answer(0, {0});
    s.client().Submit();
    REQUIRE(s.c->WaitUntil([&] { return s.client().result().has_value(); }));
  }
  s.client().StartPractical();
  REQUIRE(s.c->WaitUntil([&] { return s.client().practical() && s.client().practical()->ready; }));
}

TEST_CASE(
    "practical end to end: ten candidates, a SIGKILL mid-upload, a PC move, the deadline, "
    "double marking and signed marks with the files' hashes",
    "[practical][e2e]") {
  PracticalCentre centre;
  const std::string server_bin = BuiltProgram("server/khaothi-server");
  auto server = std::make_unique<ChildProcess>(
      std::vector<std::string>{server_bin, "--data", centre.dir, "--listen-address=127.0.0.1",
                               "--listen-port=0"},
      centre.tmp.path());
  const uint16_t port = ListeningPort(*server);
  const std::string ca = centre.ca_pem();
  IoThreads io;

  // Theory, then the practical, at ten stations.
  std::vector<Station> stations(kCandidates);
  int i = 0;
  for (const auto& [sbd, password] : centre.passwords) {
    Station& s = stations[static_cast<size_t>(i++)];
    s.sbd = sbd;
    s.c = std::make_unique<Candidate>(io.executor(), ca, port, sbd, password,
                                      "PC-" + std::to_string(i), s.root());
    s.c->Begin();
  }
  for (Station& s : stations) {
    StartPractical(s);
  }
  // The starter files, real office documents, are in every work folder.
  std::set<std::string> tasks_drawn;
  for (Station& s : stations) {
    const client::PracticalView v = *s.client().practical();
    REQUIRE(v.tasks.size() == 2);
    for (const client::PracticalTaskView& t : v.tasks) {
      tasks_drawn.insert(t.task);
      REQUIRE(t.files.size() == 1);
      const std::string starter = ReadAll(t.folder + "/" + t.files[0]);
      CHECK(starter.starts_with("PK"));  // a zip: .docx, .xlsx
      CHECK(t.instructions.find("Đề") != std::string::npos);
    }
  }
  CHECK(tasks_drawn.size() >= 3);  // neighbours get different tasks

  // Each candidate saves each document several times: first the model solution's bytes (a real
  // office file), then changed versions.
  auto save_round = [&](int round, size_t extra) {
    for (Station& s : stations) {
      const client::PracticalView view = *s.client().practical();
      for (const client::PracticalTaskView& t : view.tasks) {
        const std::string key = t.task + "/" + t.files[0];
        const std::string base = ReadAll(t.folder + "/" + t.files[0]);
        s.SaveFile(key, base + "\n[" + s.sbd + " lần " + std::to_string(round) + "]" +
                            std::string(extra, static_cast<char>('a' + round)));
      }
    }
  };
  save_round(1, 0);
  save_round(2, 20'000);
  for (Station& s : stations) {
    REQUIRE(s.c->WaitUntil([&] { return s.AllSaved(); }));
  }

  // The server dies with big uploads in flight (1.5 MB each, 190 chunks), and comes back.
  save_round(3, 1'500'000);
  REQUIRE(WaitFor([&] {
    for (Station& s : stations) {
      const client::PracticalView v = *s.client().practical();
      bool sending = false;
      for (const auto& f : v.files) {
        sending = sending || f.sending;
      }
      if (sending) {
        return true;
      }
    }
    return false;
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  server->Signal(SIGKILL);
  server->Wait();
  server = std::make_unique<ChildProcess>(
      std::vector<std::string>{server_bin, "--data", centre.dir, "--listen-address=127.0.0.1",
                               "--listen-port=" + std::to_string(port)},
      centre.tmp.path());
  REQUIRE(ListeningPort(*server) == port);
  for (Station& s : stations) {
    REQUIRE(s.c->WaitUntil([&] { return s.AllSaved(); }, std::chrono::seconds(60)));
    CHECK(s.c->Count(EventType::kDisconnected) >= 1);
  }

  // A candidate's PC fails: the proctor allows the move, and the new PC gets the latest work.
  Station& moved = stations[0];
  const std::map<std::string, std::string> before_move = moved.last_saved;
  moved.c.reset();
  AddStaff(centre.db_path(), "coi", "proctor", "coi-thi-1", {"S1/P101", "S1/P102"});
  StaffSession proctor = LogIn(port, ca, "coi", "coi-thi-1");
  REQUIRE_FALSE(proctor.csrf.empty());
  {
    // The proctor's tile shows the practical's own clock.
    const HttpReply seats =
        Https(port, ca, "GET", "/api/room/S1/" + centre.rooms.at(moved.sbd) + "/seats", "",
              {{"Cookie", proctor.cookie}});
    REQUIRE(seats.status == 200);
    bool seen = false;
    const json::value snapshot = json::parse(seats.body);
    for (const json::value& v : snapshot.at("seats").as_array()) {
      if (v.at("sbd").as_string() == moved.sbd) {
        seen = true;
        CHECK(v.at("practical").as_string() == "in_progress");
        CHECK(v.at("practical_remaining_ms").as_int64() > 0);
      }
    }
    CHECK(seen);
  }
  REQUIRE(PostAction(port, ca, proctor, centre.rooms.at(moved.sbd), "allow_move",
                     R"({"sbd":")" + moved.sbd + R"(","reason":"Máy hỏng bàn phím"})")
              .status == 200);
  moved.pc = std::make_unique<TempDir>();
  moved.c = std::make_unique<Candidate>(io.executor(), ca, port, moved.sbd,
                                        centre.passwords.at(moved.sbd), "PC-11", moved.root());
  moved.c->Begin();
  StartPractical(moved);
  for (const auto& [key, bytes] : before_move) {
    CHECK(crypto::Sha256Hex(ReadAll(moved.root() + "/" + key)) == crypto::Sha256Hex(bytes));
  }

  // The last saves, well before the deadline.
  save_round(4, 3'000);
  for (Station& s : stations) {
    REQUIRE(s.c->WaitUntil([&] { return s.AllSaved(); }));
  }
  const int64_t last_save_done = std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();

  // The deadline: the server ends every practical by the clock and says so to the stations.
  for (Station& s : stations) {
    REQUIRE(s.c->WaitUntil(
        [&] {
          auto v = s.client().practical();
          return v && v->state == "submitted";
        },
        std::chrono::seconds(180)));
    CHECK(s.client().practical()->submitted_by == "clock");
  }
  // Every version any station saw acknowledged is on the server.
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  for (Station& s : stations) {
    Result<std::vector<centre::WorkVersion>> all = centre::WorkVersions(*db, "S1", s.sbd);
    REQUIRE(all.ok());
    std::set<std::string> stored;
    for (const centre::WorkVersion& v : *all) {
      stored.insert(v.task_id + "/" + v.name + "#" + std::to_string(v.version));
      CHECK(*centre::ReadWorkBlob(centre.dir, v.sha256) != "");
    }
    for (const client::Event& e : s.c->events()) {
      if (e.type == EventType::kPracticalSaved) {
        CHECK(stored.count(e.text + "#" + std::to_string(e.seq)) == 1);
      }
    }
    // What is marked: the latest complete version before the end, byte for byte the last save.
    store::Statement end = db->Prepare(
        "SELECT ended_ms, submitted_by FROM practical_attempts WHERE session_id = 'S1' AND sbd = "
        "?1");
    end.Bind(1, s.sbd);
    REQUIRE(*end.Step());
    const int64_t ended_ms = end.ColumnInt64(0);
    CHECK(end.ColumnText(1) == "clock");
    CHECK(ended_ms > last_save_done - 1'000);
    Result<std::vector<centre::WorkVersion>> latest =
        centre::LatestWork(*db, "S1", s.sbd, ended_ms);
    REQUIRE(latest.ok());
    REQUIRE(latest->size() == s.last_saved.size());
    for (const centre::WorkVersion& v : *latest) {
      const std::string key = v.task_id + "/" + v.name;
      INFO(s.sbd << " " << key);
      CHECK(v.sha256 == crypto::Sha256Hex(s.last_saved.at(key)));
      CHECK(*centre::ReadWorkBlob(centre.dir, v.sha256) == s.last_saved.at(key));
    }
  }
  // The moved candidate's last versions came from the new PC.
  {
    store::Statement q = db->Prepare(
        "SELECT count(*) FROM work_versions WHERE session_id = 'S1' AND sbd = ?1 AND machine = "
        "'PC-11'");
    q.Bind(1, stations[0].sbd);
    REQUIRE(*q.Step());
    CHECK(q.ColumnInt(0) >= 2);
  }

  // Double marking: two markers, and one disagreement the chair decides.
  AddStaff(centre.db_path(), "lan", "marker", "cham-thi-lan");
  AddStaff(centre.db_path(), "minh", "marker", "cham-thi-minh");
  AddStaff(centre.db_path(), "giamdoc", "head", "chu-tich-hd");
  centre.Run({centre.khaothi, "--data", centre.dir, "marking", "assign", "S1", "--first", "lan",
              "--second", "minh"});
  StaffSession lan = LogIn(port, ca, "lan", "cham-thi-lan");
  StaffSession minh = LogIn(port, ca, "minh", "cham-thi-minh");
  StaffSession chair = LogIn(port, ca, "giamdoc", "chu-tich-hd");
  auto practical_store = store::PracticalStore::Open(centre.db_path(), false);
  REQUIRE(practical_store.ok());
  auto post = [&](const StaffSession& who, const std::string& target, const std::string& fields) {
    return Https(port, ca, "POST", target, "csrf=" + who.csrf + "&" + fields,
                 {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", who.cookie}});
  };
  const std::string disputed_sbd = stations[1].sbd;
  std::map<std::string, engine::Points> expected;  // "sbd/subpart" -> the task's final mark
  for (Station& s : stations) {
    store::Statement code_q =
        db->Prepare("SELECT code FROM marking_codes WHERE session_id = 'S1' AND sbd = ?1");
    code_q.Bind(1, s.sbd);
    REQUIRE(*code_q.Step());
    const std::string code = code_q.ColumnText(0);
    Result<std::vector<centre::AssignedTask>> assigned = centre::AssignedTasks(*db, "S1", s.sbd);
    REQUIRE(assigned.ok());
    for (const centre::AssignedTask& t : *assigned) {
      Result<engine::PracticalTask> task = (*practical_store)->Get(t.task_id, t.task_version);
      INFO(t.task_id << " v" << t.task_version << ": " << task.status().ToString());
      REQUIRE(task.ok());
      std::string full, low;
      for (const engine::PointsLine& line : task->points) {
        full += "m%3A" + FormEncode(line.code) + "=" + engine::FormatPoints(line.points) + "&";
        low += "m%3A" + FormEncode(line.code) + "=0&";
      }
      const std::string target = "/marking/S1/" + code + "/" + t.subpart;
      expected[s.sbd + "/" + t.subpart] = engine::Points::Whole(10);
      const bool dispute = s.sbd == disputed_sbd && t.subpart == "bang-tinh";
      // A note: when the server's marking worker has proposed other marks, a mark that departs
      // from a proposal is refused without one (docs/practical.md "Proposed marks on collected
      // work").
      CHECK(post(lan, target, full + "note=" + FormEncode("Chấm theo đáp án")).status == 303);
      CHECK(post(minh, target, (dispute ? low : full) + "note=" + FormEncode("Thiếu công thức"))
                .status == 303);
      if (dispute) {
        // 10 against 0: the chair decides, line by line, with a reason.
        std::string decided;
        engine::Points total;
        for (size_t k = 0; k < task->points.size(); ++k) {
          decided += "m%3A" + FormEncode(task->points[k].code) + "=" +
                     (k % 2 == 0 ? engine::FormatPoints(task->points[k].points) : "0") + "&";
          if (k % 2 == 0) {
            total.ten_thousandths += task->points[k].points.ten_thousandths;
          }
        }
        expected[s.sbd + "/" + t.subpart] = total;
        CHECK(post(chair, target + "/decide",
                   decided + "reason=" + FormEncode("Đối chiếu hai phiếu chấm"))
                  .status == 303);
      }
    }
  }
  centre.Run({centre.khaothi, "--data", centre.dir, "marking", "finalize", "S1"});

  // The signed marks: the final marks with their provenance and the hashes of the files marked.
  for (Station& s : stations) {
    store::Statement q = db->Prepare(
        "SELECT signed, marks FROM practical_marks WHERE session_id = 'S1' AND sbd = ?1 ORDER BY "
        "revision DESC LIMIT 1");
    q.Bind(1, s.sbd);
    REQUIRE(*q.Step());
    const std::string signed_json = q.ColumnText(0);
    INFO(s.sbd << " " << q.ColumnText(1) << " " << signed_json.substr(0, 400));
    // The marks, in the blueprint's sub-part order: the mean of two agreeing markers (10 and 10),
    // or the chair's decision.
    const json::array marks = json::parse(q.ColumnText(1)).as_array();
    REQUIRE(marks.size() == 2);
    CHECK(engine::ParsePoints(std::string(marks[0].as_string())) ==
          expected.at(s.sbd + "/van-ban"));
    CHECK(engine::ParsePoints(std::string(marks[1].as_string())) ==
          expected.at(s.sbd + "/bang-tinh"));
    for (const auto& [key, bytes] : s.last_saved) {
      CHECK(signed_json.find(crypto::Sha256Hex(bytes)) != std::string::npos);
    }
    CHECK(signed_json.find("\"lan\"") != std::string::npos);
    if (s.sbd == disputed_sbd) {
      CHECK(signed_json.find("Đối chiếu hai phiếu chấm") != std::string::npos);
    }
  }
  // The score sheet shows the practical per task; the register lists every version received.
  centre.Run(
      {centre.khaothi, "--data", centre.dir, "results", "S1", "--out", centre.tmp.File("out")});
  const std::string sheet = ReadAll(centre.tmp.File("out/bang-diem-S1.csv"));
  CHECK(sheet.find(stations[2].sbd) != std::string::npos);
  const std::string reg = ReadAll(centre.tmp.File("out/so-bai-lam-S1.csv"));
  for (Station& s : stations) {
    for (const auto& [key, bytes] : s.last_saved) {
      CHECK(reg.find(crypto::Sha256Hex(bytes)) != std::string::npos);
    }
  }
  server->Signal(SIGTERM);
  CHECK(server->Wait() == 0);
}

}  // namespace
}  // namespace khaothi::testing
