// khaothi user add | list | assign: the staff accounts of the proctor dashboard (issue #7).
//
// A password is either read from stdin (--password-stdin, one line) or generated and printed
// once; only its scrypt hash is stored. Every change is appended to the audit log in the same
// transaction.
#include <iostream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/centre/audit.h"
#include "khaothi/centre/canonical_json.h"
#include "khaothi/centre/centre.h"
#include "khaothi/crypto/crypto.h"

#include "khaothi_cli.h"

namespace khaothi::tools {
namespace {

bool IsValidUsername(const std::string& name) {
  if (name.empty() || name.size() > 32) {
    return false;
  }
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

bool IsValidRole(const std::string& role) {
  return role == "proctor" || role == "secretary" || role == "setter" || role == "head" ||
         role == "marker";
}

Status Audit(store::Database& db, const std::string& action, const std::string& subject,
             const boost::json::object& detail) {
  const centre::Change change = centre::CliChange();
  Result<std::string> canonical = centre::CanonicalJson(detail);
  if (!canonical.ok()) {
    return canonical.status();
  }
  return centre::AppendAudit(db, {change.at_ms, change.actor, action, subject, *canonical});
}

int Add(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi user add USERNAME --role ROLE --name NAME");
  desc.add_options()("username", po::value<std::string>()->required(),
                     m("tên đăng nhập (a-z, 0-9, . _ -)", "user name (a-z, 0-9, . _ -)").data())(
      "role", po::value<std::string>()->required(),
      m("vai trò: proctor, secretary, setter, head, marker",
        "role: proctor, secretary, setter, head, marker")
          .data())("name", po::value<std::string>()->required(),
                   m("họ và tên", "full name").data())(
      "password-stdin", m("đọc mật khẩu từ stdin (nếu không, tạo và in một mật khẩu)",
                          "read the password from stdin (otherwise one is generated and printed)")
                            .data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("username", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "user add USERNAME --role ROLE --name NAME", g)) {
    return 0;
  }
  const std::string username = vm["username"].as<std::string>();
  const std::string role = vm["role"].as<std::string>();
  const std::string name = vm["name"].as<std::string>();
  if (!IsValidUsername(username)) {
    return Fail(
        g, Status::InvalidArgument(
               std::string(m("tên đăng nhập không hợp lệ: ", "invalid user name: ")) + username));
  }
  if (!IsValidRole(role)) {
    return Fail(g, Status::InvalidArgument(
                       std::string(m("vai trò không hợp lệ: ", "invalid role: ")) + role));
  }
  std::string password;
  const bool generated = vm.count("password-stdin") == 0;
  if (generated) {
    password = crypto::NewPassword(12);
  } else if (!std::getline(std::cin, password) || password.size() < 8) {
    return Fail(
        g, Status::InvalidArgument(std::string(
               m("mật khẩu phải có ít nhất 8 ký tự", "the password needs 8 characters or more"))));
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  store::Transaction tx(c->db);
  Status s = tx.Begin();
  if (s.ok()) {
    store::Statement st = c->db.Prepare(
        "INSERT INTO staff(username, full_name, role, password_hash, created_ms) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    st.Bind(1, username);
    st.Bind(2, name);
    st.Bind(3, role);
    st.Bind(4, crypto::HashPassword(password, crypto::StaffScryptParams()));
    st.Bind(5, centre::CliChange().at_ms);
    s = st.Run();
    if (s.IsAlreadyExists()) {
      s = Status::AlreadyExists(std::string(m("đã có tài khoản ", "there is already a user ")) +
                                username);
    }
  }
  if (s.ok()) {
    s = Audit(c->db, "staff_add", "staff:" + username,
              boost::json::object{{"role", role}, {"full_name", name}});
  }
  if (s.ok()) {
    s = tx.Commit();
  }
  if (!s.ok()) {
    return Fail(g, s);
  }
  std::cout << m("Đã tạo tài khoản ", "Created user ") << username << " (" << role << ")\n";
  if (generated) {
    std::cout << m("Mật khẩu: ", "Password: ") << password << "\n";
  }
  return 0;
}

int List(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi user list");
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "user list", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  store::Statement st = c->db.Prepare(
      "SELECT s.username, s.role, s.full_name, "
      "(SELECT group_concat(r.session_id || '/' || r.room, ' ') FROM staff_rooms r "
      " WHERE r.username = s.username) FROM staff s ORDER BY s.username");
  std::cout << FitWidth(m("Tài khoản", "User"), 16) << " " << FitWidth(m("Vai trò", "Role"), 10)
            << " " << FitWidth(m("Họ tên", "Name"), 28) << " " << m("Phòng", "Rooms") << "\n";
  const Status listed = st.ForEachRow([&](const store::Statement& row) {
    std::cout << FitWidth(row.ColumnText(0), 16) << " " << FitWidth(row.ColumnText(1), 10) << " "
              << FitWidth(row.ColumnText(2), 28) << " " << row.ColumnText(3) << "\n";
  });
  return listed.ok() ? 0 : Fail(g, listed);
}

int Assign(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi user assign USERNAME --session S1 --room P101");
  desc.add_options()("username", po::value<std::string>()->required(),
                     m("tên đăng nhập", "user name").data())(
      "session", po::value<std::string>()->required(), m("mã ca thi", "session id").data())(
      "room", po::value<std::string>()->required(), m("phòng thi", "room").data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("username", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "user assign USERNAME --session S1 --room P101", g)) {
    return 0;
  }
  const std::string username = vm["username"].as<std::string>();
  const std::string session = vm["session"].as<std::string>();
  const std::string room = vm["room"].as<std::string>();
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  store::Transaction tx(c->db);
  Status s = tx.Begin();
  auto exists = [&](const char* sql, const std::string& a, const std::string& b) {
    store::Statement st = c->db.Prepare(sql);
    st.Bind(1, a);
    if (!b.empty()) {
      st.Bind(2, b);
    }
    Result<bool> row = st.Step();
    return row.ok() && *row;
  };
  if (s.ok() && !exists("SELECT 1 FROM staff WHERE username = ?1", username, "")) {
    s = Status::NotFound(std::string(m("không có tài khoản ", "no user ")) + username);
  }
  // Only a proctor is limited to the rooms assigned; secretary and head see every room and a
  // setter none, so a room given to them would do nothing (docs/proctor.md).
  if (s.ok() &&
      !exists("SELECT 1 FROM staff WHERE username = ?1 AND role = 'proctor'", username, "")) {
    store::Statement st = c->db.Prepare("SELECT role FROM staff WHERE username = ?1");
    st.Bind(1, username);
    const std::string role = st.Step().ok() ? st.ColumnText(0) : std::string();
    s = Status::InvalidArgument(
        std::string(m("chỉ giao phòng thi được cho tài khoản có vai trò proctor (cán bộ coi thi); ",
                      "only an account with the role proctor can be assigned a room; ")) +
        username + std::string(m(" có vai trò ", " has the role ")) + role +
        std::string(m(" (secretary và head xem được mọi phòng, setter không xem phòng nào)",
                      " (secretary and head see every room, a setter none)")));
  }
  if (s.ok() && !exists("SELECT 1 FROM rooms WHERE session_id = ?1 AND name = ?2", session, room)) {
    s = Status::NotFound(std::string(m("ca thi không có phòng ", "the session has no room ")) +
                         session + "/" + room);
  }
  if (s.ok()) {
    store::Statement st = c->db.Prepare(
        "INSERT OR IGNORE INTO staff_rooms(username, session_id, room) VALUES (?1, ?2, ?3)");
    st.Bind(1, username);
    st.Bind(2, session);
    st.Bind(3, room);
    s = st.Run();
  }
  if (s.ok()) {
    s = Audit(c->db, "staff_assign", "staff:" + username,
              boost::json::object{{"session", session}, {"room", room}});
  }
  if (s.ok()) {
    s = tx.Commit();
  }
  if (!s.ok()) {
    return Fail(g, s);
  }
  std::cout << m("Đã giao phòng ", "Assigned room ") << session << "/" << room << m(" cho ", " to ")
            << username << "\n";
  return 0;
}

}  // namespace

int CmdUser(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  const std::string sub = args.empty() ? std::string() : args[0];
  const std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  if (sub == "add") {
    return Add(g, rest);
  }
  if (sub == "list") {
    return List(g, rest);
  }
  if (sub == "assign") {
    return Assign(g, rest);
  }
  const bool help = sub == "--help" || sub == "-h";
  (help ? std::cout : std::cerr)
      << m("cách dùng: ", "usage: ") << "khaothi user add|list|assign ...\n"
      << "  add     "
      << m("tạo tài khoản cán bộ (proctor, secretary, setter, head, marker)",
           "create a staff account (proctor, secretary, setter, head, "
           "marker)")
      << "\n  list    "
      << m("liệt kê tài khoản và phòng được giao", "list accounts and their rooms")
      << "\n  assign  "
      << m("giao một phòng thi cho cán bộ coi thi (chỉ vai trò proctor)",
           "assign a room to a proctor (role proctor only)")
      << "\n";
  return help ? 0 : 1;
}

}  // namespace khaothi::tools
