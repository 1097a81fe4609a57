// khaothi session create | list | show | open | close (seb-config, seb-require: session_seb.cc).
#include <chrono>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "khaothi/centre/centre.h"
#include "khaothi/server/config.h"
#include "khaothi/server/server.h"

#include "khaothi_cli.h"

namespace khaothi::tools {
namespace {

std::vector<std::string> SplitRooms(const std::vector<std::string>& values) {
  std::vector<std::string> rooms;
  for (const std::string& v : values) {
    size_t start = 0;
    while (start <= v.size()) {
      size_t end = v.find(',', start);
      if (end == std::string::npos) {
        end = v.size();
      }
      rooms.push_back(v.substr(start, end - start));
      start = end + 1;
    }
  }
  return rooms;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    out += (out.empty() ? "" : ", ") + s;
  }
  return out;
}

std::string_view StateName(const Messages& m, const std::string& state) {
  if (state == "draft") {
    return m("chuẩn bị", "draft");
  }
  if (state == "open") {
    return m("đang mở", "open");
  }
  if (state == "closed") {
    return m("đã đóng", "closed");
  }
  return state;
}

// Parses `khaothi session VERB ID` with the common options: the id, or nullopt when --help was
// printed. Bad arguments throw po::error, as ParseArgs does.
std::optional<std::string> ParseSessionId(Globals& g, const std::vector<std::string>& args,
                                          const std::string& verb) {
  po::options_description desc("khaothi session " + verb + " ID");
  desc.add_options()("id", po::value<std::string>()->required(),
                     g.msg("mã ca thi", "session id").data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "session " + verb + " ID", g)) {
    return std::nullopt;
  }
  return vm["id"].as<std::string>();
}

int Create(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi session create");
  desc.add_options()(
      "id", po::value<std::string>()->required(),
      m("mã ca thi (chữ, số, - và _)", "session id (letters, digits, - and _)").data())(
      "name", po::value<std::string>()->required(), m("tên ca thi", "session name").data())(
      "date", po::value<std::string>()->required(),
      m("ngày thi YYYY-MM-DD", "exam date YYYY-MM-DD").data())(
      "blueprint", po::value<std::string>()->required(),
      m("tệp ma trận đề (.blueprint)", "the blueprint file").data())(
      "rooms", po::value<std::vector<std::string>>()->required()->composing(),
      m("các phòng thi, cách nhau bởi dấu phẩy: P101,P102", "rooms, comma separated: P101,P102")
          .data())("duration", po::value<int>(),
                   m("thời gian làm bài (phút), thay cho ma trận đề",
                     "minutes allowed, overriding the blueprint")
                       .data())("no-unlock", m("thí sinh vào thi không cần cán bộ coi thi mở khóa",
                                               "candidates start without a proctor's unlock")
                                                 .data());
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm,
                 "session create --id S1 --name NAME --date YYYY-MM-DD --blueprint FILE "
                 "--rooms P101,P102 [--duration MIN] [--no-unlock]",
                 g)) {
    return 0;
  }
  Result<std::string> blueprint = ReadFile(vm["blueprint"].as<std::string>(), g.msg.lang());
  if (!blueprint.ok()) {
    return Fail(g, blueprint.status());
  }
  centre::SessionSpec spec{.id = vm["id"].as<std::string>(),
                           .name = vm["name"].as<std::string>(),
                           .exam_date = vm["date"].as<std::string>(),
                           .blueprint_text = *blueprint,
                           .rooms = SplitRooms(vm["rooms"].as<std::vector<std::string>>()),
                           .unlock_required = vm.count("no-unlock") == 0U};
  if (vm.count("duration") != 0U) {
    spec.duration_minutes = vm["duration"].as<int>();
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  if (Status s = centre::CreateSession(c->db, spec, centre::CliChange()); !s.ok()) {
    return Fail(g, s);
  }
  Result<centre::SessionInfo> info = centre::GetSession(c->db, spec.id);
  if (!info.ok()) {
    return Fail(g, info.status());
  }
  std::cout << m("Đã tạo ca thi ", "Created session ") << info->id << " (" << info->name << "), "
            << VietnameseDate(info->exam_date) << ", " << m("ma trận ", "blueprint ")
            << info->blueprint_id << ", " << info->duration_ms / 60'000 << m(" phút", " minutes")
            << ", " << m("phòng ", "rooms ") << Joined(info->rooms) << ".\n"
            << m("Tiếp theo: khaothi candidates import --session ",
                 "Next: khaothi candidates import --session ")
            << info->id << " DANH_SACH.csv\n";
  return 0;
}

int List(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi session list");
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "session list", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<std::vector<centre::SessionInfo>> sessions = centre::ListSessions(c->db);
  if (!sessions.ok()) {
    return Fail(g, sessions.status());
  }
  std::cout << FitWidth(m("Mã ca", "Session"), 12) << " " << FitWidth(m("Ngày thi", "Date"), 10)
            << " " << FitWidth(m("Trạng thái", "State"), 10) << " "
            << FitWidth(m("Ma trận", "Blueprint"), 12) << " " << FitWidth(m("Thí sinh", "Cands"), 8)
            << " " << FitWidth(m("Chưa có MK", "No passwd"), 10) << " " << m("Phòng", "Rooms")
            << "\n";
  for (const centre::SessionInfo& s : *sessions) {
    std::cout << FitWidth(s.id, 12) << " " << FitWidth(VietnameseDate(s.exam_date), 10) << " "
              << FitWidth(StateName(m, s.state), 10) << " " << FitWidth(s.blueprint_id, 12) << " "
              << FitWidth(std::to_string(s.candidates), 8) << " "
              << FitWidth(std::to_string(s.without_password), 10) << " " << Joined(s.rooms) << "\n";
  }
  std::cout << sessions->size() << m(" ca thi", " sessions") << "\n";
  return 0;
}

int Show(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  const std::optional<std::string> id = ParseSessionId(g, args, "show");
  if (!id) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<centre::SessionInfo> s = centre::GetSession(c->db, *id);
  if (!s.ok()) {
    return Fail(g, s.status());
  }
  Result<std::vector<centre::Candidate>> candidates = centre::ListCandidates(c->db, s->id);
  if (!candidates.ok()) {
    return Fail(g, candidates.status());
  }
  std::cout << m("Ca thi:        ", "Session:       ") << s->id << " (" << s->name << ")\n"
            << m("Ngày thi:      ", "Exam date:     ") << VietnameseDate(s->exam_date) << "\n"
            << m("Trạng thái:    ", "State:         ") << StateName(m, s->state) << "\n"
            << m("Ma trận đề:    ", "Blueprint:     ") << s->blueprint_id << "\n"
            << m("Thời gian:     ", "Duration:      ") << s->duration_ms / 60'000
            << m(" phút", " minutes") << "\n"
            << m("Mở khóa:       ", "Unlock:        ")
            << (s->unlock_required
                    ? m("cán bộ coi thi mở khóa từng thí sinh", "a proctor unlocks each candidate")
                    : m("không cần", "not required"))
            << "\n"
            << m("Ngân hàng:     ", "Bank snapshot: ")
            << (s->bank_snapshot.empty()
                    ? std::string(m("(chốt khi mở ca thi)", "(frozen when opened)"))
                    : s->bank_snapshot)
            << "\n"
            << m("Thí sinh:      ", "Candidates:    ") << s->candidates << " ("
            << s->without_password << m(" chưa có mật khẩu)", " without a password)") << "\n";
  for (const std::string& room : s->rooms) {
    int n = 0;
    for (const centre::Candidate& cand : *candidates) {
      n += cand.room == room ? 1 : 0;
    }
    std::cout << m("  phòng ", "  room ") << FitWidth(room, 12) << " " << n
              << m(" thí sinh", " candidates") << "\n";
  }
  return 0;
}

int Open(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  const std::optional<std::string> parsed = ParseSessionId(g, args, "open");
  if (!parsed) {
    return 0;
  }
  const std::string& id = *parsed;
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<centre::OpenReport> r = centre::OpenSession(c->db, *c->bank, id, centre::CliChange());
  if (!r.ok()) {
    Fail(g, r.status());
    std::cerr << m("Ca thi chưa được mở; không có gì thay đổi.",
                   "The session was not opened; nothing was changed.")
              << "\n";
    return 1;
  }
  std::cout << m("Đã mở ca thi ", "Opened session ") << id << ": " << r->forms
            << m(" đề thi đã tạo và lưu; ngân hàng câu hỏi chốt ở ",
                 " forms generated and stored; bank snapshot frozen at ")
            << r->bank_snapshot << "\n";
  if (r->without_password > 0) {
    std::cout
        << m("Lưu ý: ", "Note: ") << r->without_password
        << m(" thí sinh chưa có mật khẩu và chưa đăng nhập được; chạy khaothi slips --session ",
             " candidates have no password yet and cannot log in; run khaothi slips --session ")
        << id << "\n";
  }
  return 0;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// How old the server's last heartbeat is (ms); nullopt when no server ever ran here. A running
// server writes one every second.
std::optional<int64_t> HeartbeatAge(store::Database& db) {
  store::Statement st = db.Prepare("SELECT value FROM meta WHERE key = 'server_alive_ms'");
  Result<bool> row = st.Step();
  if (!row.ok() || !*row) {
    return std::nullopt;
  }
  return NowMs() - std::stoll(st.ColumnText(0));
}

// The session's attempts by state.
std::map<std::string, int> AttemptStates(store::Database& db, const std::string& id) {
  std::map<std::string, int> out;
  store::Statement st =
      db.Prepare("SELECT state, count(*) FROM attempts WHERE session_id = ?1 GROUP BY state");
  st.Bind(1, id);
  // A read error leaves the counts read so far: the summary is advisory.
  static_cast<void>(st.ForEachRow(
      [&](const store::Statement& row) { out[row.ColumnText(0)] = row.ColumnInt(1); }));
  return out;
}

int Unsettled(const std::map<std::string, int>& states) {
  int n = 0;
  for (const char* s : {"in progress", "suspended", "submitted"}) {
    auto it = states.find(s);
    n += it == states.end() ? 0 : it->second;
  }
  return n;
}

// A heartbeat younger than this means a server is running on the directory.
constexpr int64_t kServerAliveMs = 3'000;
// How long to wait for a running server to settle the closed session.
constexpr int64_t kSettleWaitMs = 30'000;

int Close(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi session close ID");
  desc.add_options()("id", po::value<std::string>()->required(),
                     m("mã ca thi", "session id").data())(
      "reason", po::value<std::string>()->default_value(""),
      m("lý do (ghi vào nhật ký)", "why (recorded in the audit log)").data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "session close ID [--reason TEXT]", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  const std::string id = vm["id"].as<std::string>();
  Result<centre::SessionInfo> info = centre::GetSession(c->db, id);
  if (!info.ok()) {
    return Fail(g, info.status());
  }
  if (info->state != "open") {
    std::cerr << "khaothi: "
              << (info->state == "closed"
                      ? m("ca thi " + id + " đã đóng rồi.", "session " + id + " is already closed.")
                      : m("ca thi " + id + " chưa mở (khaothi session open " + id + ").",
                          "session " + id + " is not open yet (khaothi session open " + id + ")."))
              << "\n"
              << m("Không có gì thay đổi.", "Nothing was changed.") << "\n";
    return 1;
  }
  if (Status s =
          centre::CloseSession(c->db, id, vm["reason"].as<std::string>(), centre::CliChange());
      !s.ok()) {
    return Fail(g, s);
  }
  std::cout << m("Đã đóng ca thi ", "Closed session ") << id
            << m(": không ai đăng nhập hay bắt đầu thi được nữa.",
                 ": nobody can log in or start any more.")
            << "\n";
  // A running server settles the open attempts within a second; with none running, this
  // command does it with the server's own code.
  const int64_t until = NowMs() + kSettleWaitMs;
  bool waited = false;
  while (Unsettled(AttemptStates(c->db, id)) > 0) {
    const std::optional<int64_t> age = HeartbeatAge(c->db);
    if (!age || *age > kServerAliveMs) {
      Result<server::ServerConfig> config = server::LoadServerConfig(g.data, {});
      if (!config.ok()) {
        return Fail(g, config.status());
      }
      Result<int> settled = server::SettleClosedSessions(*config);
      if (!settled.ok()) {
        return Fail(g, settled.status());
      }
      break;
    }
    if (!waited) {
      std::cout << m("Máy chủ thi đang chạy; chờ máy chủ nộp và chấm các bài còn mở...",
                     "The exam server is running; waiting for it to submit and grade the open "
                     "attempts...")
                << std::endl;
      waited = true;
    }
    if (NowMs() > until) {
      std::cerr << "khaothi: "
                << m("máy chủ chưa chấm xong các bài còn mở; chạy lại lệnh này sau.",
                     "the server has not graded the open attempts yet; run this command again.")
                << "\n";
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const std::map<std::string, int> states = AttemptStates(c->db, id);
  auto count = [&states](const char* s) {
    auto it = states.find(s);
    return it == states.end() ? 0 : it->second;
  };
  std::cout << m("Đã chấm: ", "Graded: ") << count("graded") << m(" bài; vắng: ", "; absent: ")
            << count("created") + count("unlocked") << m(" thí sinh.", ".") << "\n"
            << m("Tiếp theo: khaothi results ", "Next: khaothi results ") << id << "\n";
  return 0;
}

}  // namespace

int CmdSession(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  const std::string sub = args.empty() ? std::string() : args[0];
  const std::vector<std::string> rest(args.empty() ? args.begin() : args.begin() + 1, args.end());
  if (sub == "create") {
    return Create(g, rest);
  }
  if (sub == "list") {
    return List(g, rest);
  }
  if (sub == "show") {
    return Show(g, rest);
  }
  if (sub == "open") {
    return Open(g, rest);
  }
  if (sub == "close") {
    return Close(g, rest);
  }
  if (sub == "seb-config") {
    return SessionSebConfig(g, rest);
  }
  if (sub == "seb-require") {
    return SessionSebRequire(g, rest);
  }
  const bool help = sub == "--help" || sub == "-h";
  (help ? std::cout : std::cerr)
      << m("cách dùng: ", "usage: ")
      << "khaothi session create|list|show|open|close|seb-config|seb-require [--help] ...\n"
      << "  create  "
      << m("tạo ca thi (ma trận đề, ngày, phòng)", "create a session (blueprint, date, rooms)")
      << "\n  list    " << m("liệt kê các ca thi", "list sessions") << "\n  show    "
      << m("xem một ca thi", "show one session") << "\n  open    "
      << m("mở ca thi: chốt ngân hàng câu hỏi, tạo đề cho từng thí sinh",
           "open a session: freeze the bank, generate every candidate's form")
      << "\n  close   "
      << m("đóng ca thi: nộp và chấm các bài còn mở; cần trước khi phê duyệt",
           "close a session: submit and grade open attempts; needed before approval")
      << "\n  seb-config   "
      << m("ghi tệp .seb cho Safe Exam Browser", "write the Safe Exam Browser .seb file")
      << "\n  seb-require  "
      << m("bật/tắt yêu cầu Safe Exam Browser", "turn requiring Safe Exam Browser on or off")
      << "\n";
  return help ? 0 : 1;
}

}  // namespace khaothi::tools
