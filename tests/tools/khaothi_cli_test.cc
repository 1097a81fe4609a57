// khaothi run as a real process: a centre from `init` to `backup`, with the real bank, the real
// basic-30 blueprint and a 30-candidate list as a secretary would export it from Excel.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

#include <catch2/catch.hpp>

#include "khaothi/store/database.h"

#include "test_util.h"

namespace khaothi::testing {
namespace {

namespace fs = std::filesystem;

ProcessResult Khaothi(const TempDir& cwd, std::vector<std::string> args) {
  args.insert(args.begin(), BuiltProgram("tools/khaothi"));
  return RunProcess(args, cwd.path());
}

unsigned FileMode(const std::string& path) {
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  return static_cast<unsigned>(st.st_mode) & 0777U;
}

std::vector<std::string> BankFiles() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(SourceFile("question-bank/data"))) {
    if (e.path().extension() == ".bank") {
      files.push_back(e.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The passwords printed on a slips page.
std::vector<std::string> Passwords(const std::string& html) {
  std::vector<std::string> out;
  const std::regex pw(R"(<span class="pw">([A-Z0-9]+)</span>)");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), pw); it != std::sregex_iterator();
       ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

TEST_CASE("khaothi: a centre from init to backup") {
  TempDir t;
  const std::string dir = t.File("centre");
  const std::string csv = SourceFile("tests/tools/data/candidates-30.csv");
  const std::string bad_csv = SourceFile("tests/tools/data/candidates-bad-row.csv");
  const std::string blueprint = SourceFile("question-bank/data/blueprints/basic-30.blueprint");

  // init
  ProcessResult init = Khaothi(
      t, {"init", "--data", dir, "--center-code", "GDTX-LA", "--name",
          "Trung tâm GDTX tỉnh Long An", "--host", "192.168.1.10", "--host", "khaothi.lan"});
  INFO(init.out << init.err);
  REQUIRE(init.exit_code == 0);
  CHECK_THAT(init.out, Catch::Contains("Đã tạo trung tâm GDTX-LA"));
  for (const char* f :
       {"center.db", "tls/ca.pem", "tls/server.pem", "keys/receipt-key.pub.pem", "client/ca.pem"}) {
    CHECK(fs::exists(dir + "/" + f));
  }
  for (const char* f : {"tls/ca-key.pem", "tls/server-key.pem", "keys/receipt-key.pem"}) {
    CHECK(FileMode(dir + "/" + f) == 0600U);
  }
  CHECK(ReadFile(dir + "/client/ca.pem") == ReadFile(dir + "/tls/ca.pem"));
  const std::string server_conf = ReadFile(dir + "/khaothi-server.conf");
  for (const char* line :
       {"\nlisten-address = 0.0.0.0\n", "\nlisten-port = 8443\n", "\ndatabase = center.db\n",
        "\ntls-cert = tls/server.pem\n", "\ntls-key = tls/server-key.pem\n",
        "\nreceipt-key = keys/receipt-key.pem\n"}) {
    CHECK_THAT(server_conf, Catch::Contains(line));
  }
  const std::string client_conf = ReadFile(dir + "/client/khaothi-client.conf");
  CHECK_THAT(client_conf, Catch::Contains("\nserver-host = 192.168.1.10\n") &&
                              Catch::Contains("\nserver-port = 8443\n") &&
                              Catch::Contains("\nca = ca.pem\n"));
  ProcessResult verify =
      RunProcess({"/usr/bin/openssl", "verify", "-CAfile", "ca.pem", "server.pem"}, dir + "/tls");
  CHECK(verify.exit_code == 0);
  ProcessResult receipt =
      RunProcess({"/usr/bin/openssl", "pkey", "-in", "keys/receipt-key.pem", "-pubout"}, dir);
  CHECK(receipt.exit_code == 0);
  CHECK(receipt.out == ReadFile(dir + "/keys/receipt-key.pub.pem"));

  const std::string ca_key = ReadFile(dir + "/tls/ca-key.pem");
  ProcessResult again = Khaothi(t, {"init", "--data", dir, "--center-code", "X", "--name", "Y"});
  CHECK(again.exit_code != 0);
  CHECK_THAT(again.err, Catch::Contains("không bao giờ ghi đè"));
  CHECK(ReadFile(dir + "/tls/ca-key.pem") == ca_key);

  // The bank, loaded by the setters' tool into the same database.
  std::vector<std::string> import = {BuiltProgram("tools/qbank"), "--db", dir + "/center.db",
                                     "import"};
  const std::vector<std::string> banks = BankFiles();
  import.insert(import.end(), banks.begin(), banks.end());
  ProcessResult imp = RunProcess(import, t.path());
  INFO(imp.err);
  REQUIRE(imp.exit_code == 0);

  // session create
  ProcessResult create =
      Khaothi(t, {"session", "create", "--data", dir, "--id", "S1", "--name", "Ca 1 sáng thứ Bảy",
                  "--date", "2026-12-05", "--blueprint", blueprint, "--rooms", "P101,P102"});
  INFO(create.err);
  REQUIRE(create.exit_code == 0);
  CHECK_THAT(create.out, Catch::Contains("basic-30") && Catch::Contains("30 phút"));
  ProcessResult bad_date =
      Khaothi(t, {"session", "create", "--data", dir, "--id", "S2", "--name", "x", "--date",
                  "2026-02-30", "--blueprint", blueprint, "--rooms", "P1"});
  CHECK(bad_date.exit_code != 0);
  CHECK_THAT(bad_date.err, Catch::Contains("2026-02-30"));
  CHECK(Khaothi(t, {"session", "create", "--data", dir, "--id", "S1", "--name", "x", "--date",
                    "2026-12-06", "--blueprint", blueprint, "--rooms", "P1"})
            .exit_code != 0);
  ProcessResult list = Khaothi(t, {"--data", dir, "--lang", "en", "session", "list"});
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::Contains("1 sessions") && Catch::Contains("draft"));

  // candidates: one bad row imports nothing and names the line
  ProcessResult bad =
      Khaothi(t, {"--data", dir, "candidates", "import", "--session", "S1", bad_csv});
  CHECK(bad.exit_code != 0);
  CHECK_THAT(bad.err, Catch::Contains("candidates-bad-row.csv:14: ngày sinh '31/02/2001'") &&
                          Catch::Contains("không nhập thí sinh nào"));
  CHECK_THAT(Khaothi(t, {"--data", dir, "candidates", "list", "--session", "S1"}).out,
             Catch::Contains("0 thí sinh"));

  ProcessResult cands = Khaothi(t, {"--data", dir, "candidates", "import", "--session", "S1", csv});
  INFO(cands.err);
  REQUIRE(cands.exit_code == 0);
  CHECK_THAT(cands.out, Catch::Contains("Đã nhập 30 thí sinh"));
  ProcessResult clist =
      Khaothi(t, {"--data", dir, "--lang", "en", "candidates", "list", "--session", "S1"});
  CHECK_THAT(clist.out, Catch::Contains("30 candidates") && Catch::Contains("Nguyễn Văn An") &&
                            Catch::Contains("Trần Thị Bích Ngọc"));
  CHECK(Khaothi(t, {"--data", dir, "candidates", "import", "--session", "S1", csv}).exit_code != 0);

  // slips
  ProcessResult slips =
      Khaothi(t, {"--data", dir, "slips", "--session", "S1", "--out", "slips.html"});
  INFO(slips.err);
  REQUIRE(slips.exit_code == 0);
  const std::string html = ReadFile(t.File("slips.html"));
  CHECK(FileMode(t.File("slips.html")) == 0600U);
  CHECK_THAT(html, Catch::Contains("PHIẾU ĐĂNG NHẬP THI") &&
                       Catch::Contains("Trung tâm GDTX tỉnh Long An") &&
                       Catch::Contains("Nguyễn Văn An") && Catch::Contains("LA0030") &&
                       Catch::Contains("05/12/2026") && Catch::Contains("@page"));
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("http") == std::string::npos);
  const std::vector<std::string> passwords = Passwords(html);
  REQUIRE(passwords.size() == 30);
  CHECK(std::set<std::string>(passwords.begin(), passwords.end()).size() == 30);
  for (const std::string& p : passwords) {
    CHECK(p.find_first_of("0O1IL") == std::string::npos);
  }
  // Only hashes are stored: no password appears anywhere in the database files.
  std::string db_bytes = ReadFile(dir + "/center.db");
  if (fs::exists(dir + "/center.db-wal")) {
    db_bytes += ReadFile(dir + "/center.db-wal");
  }
  for (const std::string& p : passwords) {
    CHECK(db_bytes.find(p) == std::string::npos);
  }

  ProcessResult room = Khaothi(t, {"--data", dir, "slips", "--session", "S1", "--room", "P102",
                                   "--out", "p102.html", "--reissue"});
  REQUIRE(room.exit_code == 0);
  CHECK_THAT(room.out, Catch::Contains("15 thí sinh đã có mật khẩu từ trước") &&
                           Catch::Contains("15 phiếu đã in bị vô hiệu"));
  CHECK(Passwords(ReadFile(t.File("p102.html"))).size() == 15);
  CHECK(Khaothi(t, {"--data", dir, "slips", "--session", "S1", "--room", "P999", "--out", "x.html",
                    "--reissue"})
            .exit_code != 0);
  CHECK_FALSE(fs::exists(t.File("x.html")));

  // session open
  ProcessResult open = Khaothi(t, {"--data", dir, "session", "open", "S1"});
  INFO(open.err);
  REQUIRE(open.exit_code == 0);
  CHECK_THAT(open.out, Catch::Contains("30 đề thi"));
  CHECK_THAT(Khaothi(t, {"--data", dir, "session", "show", "S1"}).out,
             Catch::Contains("đang mở") && Catch::Contains("30 (0 chưa có mật khẩu)"));
  ProcessResult reopen = Khaothi(t, {"--data", dir, "session", "open", "S1"});
  CHECK(reopen.exit_code != 0);
  CHECK_THAT(reopen.err, Catch::Contains("không có gì thay đổi"));
  CHECK(Khaothi(t, {"--data", dir, "candidates", "import", "--session", "S1", csv}).exit_code != 0);

  // audit verify: init, create, import, two password issues, open and 30 forms issued
  ProcessResult audit = Khaothi(t, {"--data", dir, "--lang", "en", "audit", "verify"});
  INFO(audit.err);
  REQUIRE(audit.exit_code == 0);
  CHECK_THAT(audit.out, Catch::Contains("intact: 36 entries, 36 links"));  // each its own batch
  CHECK_THAT(audit.out, Catch::Contains("Forms: 30 forms of 1 opened session(s) re-derived"));
  const std::string head = audit.out.substr(audit.out.find("Head hash: ") + 11, 64);

  // backup
  ProcessResult backup = Khaothi(t, {"--data", dir, "backup", "--out", "backup.db"});
  INFO(backup.err);
  REQUIRE(backup.exit_code == 0);
  CHECK_THAT(backup.out, Catch::Contains("integrity_check ok"));
  CHECK_FALSE(fs::exists(t.File("backup.db-wal")));
  const std::string before = ReadFile(t.File("backup.db"));
  ProcessResult backup_again = Khaothi(t, {"--data", dir, "backup", "--out", "backup.db"});
  CHECK(backup_again.exit_code != 0);
  CHECK(ReadFile(t.File("backup.db")) == before);
  // The copy is a whole centre database: its audit chain ends at the same head.
  fs::create_directories(t.File("restored"));
  fs::copy_file(t.File("backup.db"), t.File("restored/center.db"));
  ProcessResult restored = Khaothi(t, {"--data", "restored", "--lang", "en", "audit", "verify"});
  CHECK(restored.exit_code == 0);
  CHECK_THAT(restored.out, Catch::Contains(head));

  // A form edited in the copy (its first two slots swapped) is named, though the chain holds.
  {
    auto db = store::Database::Open(t.File("restored/center.db"), false);
    REQUIRE(db.ok());
    store::Statement q = db->Prepare("SELECT form FROM forms WHERE sbd = 'LA0007'");
    REQUIRE(*q.Step());
    std::string form = q.ColumnText(0);
    const size_t first = form.find("{\"cell\"");
    const size_t second = form.find(",{\"cell\"", first);
    const size_t third = form.find(",{\"cell\"", second + 1);
    REQUIRE(third != std::string::npos);
    const std::string a = form.substr(first, second - first);
    const std::string b = form.substr(second + 1, third - second - 1);
    form.replace(first, third - first, b + "," + a);
    store::Statement up = db->Prepare("UPDATE forms SET form = ? WHERE sbd = 'LA0007'");
    up.Bind(1, form);
    REQUIRE(up.Run().ok());
  }
  ProcessResult tampered = Khaothi(t, {"--data", "restored", "--lang", "en", "audit", "verify"});
  CHECK(tampered.exit_code == 1);
  CHECK_THAT(tampered.out, Catch::Contains("intact: 36 entries"));
  CHECK_THAT(tampered.err, Catch::Contains("Session S1, candidate LA0007: slot 0: item") &&
                               Catch::Contains("do NOT match"));
  ProcessResult vi = Khaothi(t, {"--data", "restored", "audit", "verify"});
  CHECK(vi.exit_code == 1);
  CHECK_THAT(vi.err, Catch::Contains("Phiên S1, thí sinh LA0007: vị trí 0: câu"));
}

// Issue 13 item 12: center.db and the centre directory hold password hashes and personal data.
TEST_CASE("issue 13: the centre directory is 0700 and center.db, -wal, -shm, backups 0600") {
  TempDir t;
  const std::string dir = t.File("centre");
  // A lax umask, as on a shared lab server, must not leak into the centre's files.
  ProcessResult init = RunProcess({"/bin/sh", "-c",
                                   "umask 022 && exec \"$0\" init --data \"$1\" --center-code C1 "
                                   "--name 'Trung tâm' --lang en",
                                   BuiltProgram("tools/khaothi"), dir},
                                  t.path());
  INFO(init.out << init.err);
  REQUIRE(init.exit_code == 0);
  CHECK(FileMode(dir) == 0700U);
  CHECK(FileMode(dir + "/center.db") == 0600U);
  for (const char* f : {"center.db-wal", "center.db-shm"}) {
    if (fs::exists(dir + "/" + f)) {
      CHECK(FileMode(dir + "/" + f) == 0600U);
    }
  }
  CHECK(FileMode(dir + "/keys") == 0700U);
  CHECK(FileMode(dir + "/keys/receipt-key.pem") == 0600U);
  // Public files stay readable: the CA goes to every lab PC.
  CHECK(FileMode(dir + "/client/ca.pem") == 0644U);

  // An existing directory given to init becomes 0700 too.
  fs::create_directories(t.File("given"));
  fs::permissions(t.File("given"), fs::perms(0755), fs::perm_options::replace);
  REQUIRE(Khaothi(t, {"init", "--data", t.File("given"), "--center-code", "C2", "--name", "X"})
              .exit_code == 0);
  CHECK(FileMode(t.File("given")) == 0700U);

  ProcessResult backup =
      RunProcess({"/bin/sh", "-c", "umask 022 && exec \"$0\" --data \"$1\" backup --out \"$2\"",
                  BuiltProgram("tools/khaothi"), dir, t.File("backup.db")},
                 t.path());
  INFO(backup.err);
  REQUIRE(backup.exit_code == 0);
  CHECK(FileMode(t.File("backup.db")) == 0600U);

  // A centre made world-readable (an older khaothi, a careless copy) is tightened when opened,
  // and the user is told.
  fs::permissions(dir, fs::perms(0755), fs::perm_options::replace);
  fs::permissions(dir + "/center.db", fs::perms(0644), fs::perm_options::replace);
  ProcessResult list = Khaothi(t, {"--data", dir, "session", "list"});
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.err, Catch::Contains("đã bỏ quyền đọc của người khác"));
  CHECK(FileMode(dir) == 0700U);
  CHECK(FileMode(dir + "/center.db") == 0600U);

  // khaothi-server does the same when it starts.
  fs::permissions(dir, fs::perms(0755), fs::perm_options::replace);
  fs::permissions(dir + "/center.db", fs::perms(0644), fs::perm_options::replace);
  {
    ChildProcess server({BuiltProgram("server/khaothi-server"), "--data", dir,
                         "--listen-address=127.0.0.1", "--listen-port=0"});
    const std::string line = server.WaitForLine("listening on");
    INFO(server.out() << server.err());
    REQUIRE_FALSE(line.empty());
    CHECK_THAT(server.out(), Catch::Contains("đã bỏ quyền đọc của người khác"));
  }
  CHECK(FileMode(dir) == 0700U);
  CHECK(FileMode(dir + "/center.db") == 0600U);
}

// The password hash of every candidate of S1, in sbd order.
std::vector<std::string> PasswordHashes(const std::string& db_path) {
  auto db = store::Database::Open(db_path, false);
  REQUIRE(db.ok());
  store::Statement q = db->Prepare(
      "SELECT coalesce(password_hash, '') FROM candidates WHERE session_id = 'S1' ORDER BY sbd");
  std::vector<std::string> out;
  while (*q.Step()) {
    out.push_back(q.ColumnText(0));
  }
  return out;
}

// A centre with session S1 (basic-30, rooms P101 and P102) and its 30 candidates.
std::string CentreWithCandidates(const TempDir& t) {
  const std::string dir = t.File("centre");
  REQUIRE(
      Khaothi(t, {"init", "--data", dir, "--center-code", "C1", "--name", "Trung tâm"}).exit_code ==
      0);
  ProcessResult create = Khaothi(
      t, {"session", "create", "--data", dir, "--id", "S1", "--name", "Ca 1", "--date",
          "2026-12-05", "--blueprint",
          SourceFile("question-bank/data/blueprints/basic-30.blueprint"), "--rooms", "P101,P102"});
  INFO(create.err);
  REQUIRE(create.exit_code == 0);
  REQUIRE(Khaothi(t, {"--data", dir, "candidates", "import", "--session", "S1",
                      SourceFile("tests/tools/data/candidates-30.csv")})
              .exit_code == 0);
  return dir;
}

// Issue 13 item 21: a second `slips` run would void the slips already printed.
TEST_CASE("issue 13: slips again needs --reissue and says how many printed slips it voids") {
  TempDir t;
  const std::string dir = CentreWithCandidates(t);
  REQUIRE(Khaothi(t, {"--data", dir, "slips", "--session", "S1", "--out", "a.html"}).exit_code ==
          0);
  const std::vector<std::string> first = PasswordHashes(dir + "/center.db");
  REQUIRE(first.size() == 30);

  ProcessResult again = Khaothi(t, {"--data", dir, "slips", "--session", "S1", "--out", "b.html"});
  CHECK(again.exit_code != 0);
  CHECK_THAT(again.err, Catch::Contains("30 thí sinh đã có mật khẩu") &&
                            Catch::Contains("30 phiếu đã in mất hiệu lực") &&
                            Catch::Contains("--reissue"));
  CHECK_FALSE(fs::exists(t.File("b.html")));
  CHECK(PasswordHashes(dir + "/center.db") == first);
  ProcessResult en = Khaothi(t, {"--data", dir, "--lang", "en", "slips", "--session", "S1", "--sbd",
                                 "LA0001", "--out", "b.html"});
  CHECK(en.exit_code != 0);
  CHECK_THAT(en.err, Catch::Contains("1 candidates have a password") &&
                         Catch::Contains("makes 1 printed slips invalid"));
  CHECK(PasswordHashes(dir + "/center.db") == first);

  ProcessResult reissue = Khaothi(t, {"--data", dir, "slips", "--session", "S1", "--room", "P101",
                                      "--out", "c.html", "--reissue"});
  INFO(reissue.err);
  REQUIRE(reissue.exit_code == 0);
  CHECK_THAT(reissue.out, Catch::Contains("15 phiếu đã in bị vô hiệu"));
  const std::vector<std::string> after = PasswordHashes(dir + "/center.db");
  int changed = 0;
  for (size_t i = 0; i < after.size(); ++i) {
    changed += after[i] != first[i] ? 1 : 0;
  }
  CHECK(changed == 15);
}

// Issue 13 item 19: what the centre's staff read follows --lang, Vietnamese by default.
TEST_CASE("issue 13: khaothi, khaothi-server and khaothi-verify speak Vietnamese by default") {
  TempDir t;
  const std::string dir = CentreWithCandidates(t);
  struct Case {
    std::vector<std::string> args;
    const char* vi;
    const char* en;
  };
  WriteFile(t.File("bad.csv"),
            "sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n"
            "X1,Lê Văn Tám,31/02/2001,Nam,Huế,046200000001,P101\n"
            "X2,Lê Thị Chín,01/02/2001,Nu,Huế,046200000002,P109\n");
  WriteFile(t.File("key.pem"), "not a key\n");
  const std::vector<Case> cases = {
      // CSV errors, from the centre library
      {{"candidates", "import", "--session", "S1", t.File("bad.csv")},
       "bad.csv:2: ngày sinh '31/02/2001' không phải ngày có thật",
       "bad.csv:2: ngày sinh '31/02/2001' is not a real date"},
      {{"candidates", "import", "--session", "S1", t.File("bad.csv")},
       "không phải phòng của ca thi này",
       "is not a room of this session"},
      // the session's state, from the centre library
      {{"session", "open", "S9"}, "không có ca thi 'S9'", "no session 'S9'"},
      // Boost's argument errors
      {{"session", "create", "--id", "S2"}, "thiếu tùy chọn bắt buộc", "is required"},
      {{"slips", "--session", "S1", "--out", "x.html", "--bogus"}, "tùy chọn lạ", "unrecognised"},
      // no approval yet, no issuing key
      {{"cert", "stock", "--pattern", "X{YY}", "--first", "1", "--last", "9"},
       "cần {seq} hoặc {seq:N}",
       "needs {seq} or {seq:N}"},
      {{"cert", "list"}, "", ""},
  };
  for (const Case& c : cases) {
    std::vector<std::string> vi = {"--data", dir};
    vi.insert(vi.end(), c.args.begin(), c.args.end());
    std::vector<std::string> en = vi;
    en.insert(en.begin(), {"--lang", "en"});
    ProcessResult rv = Khaothi(t, vi);
    ProcessResult re = Khaothi(t, en);
    INFO(c.args[0] << " " << c.args[1] << "\nvi: " << rv.err << "\nen: " << re.err);
    CHECK(rv.err.find('\x0e') == std::string::npos);
    CHECK(re.err.find('\x1f') == std::string::npos);
    if (*c.vi == '\0') {
      CHECK(rv.exit_code == 0);
      continue;
    }
    CHECK(rv.exit_code != 0);
    CHECK(re.exit_code != 0);
    CHECK_THAT(rv.err, Catch::Contains(c.vi));
    CHECK_THAT(re.err, Catch::Contains(c.en));
    CHECK(rv.err.find(c.en) == std::string::npos);
    CHECK(re.err.find(c.vi) == std::string::npos);
  }

  // khaothi-server --help
  ProcessResult server_vi = RunProcess({BuiltProgram("server/khaothi-server"), "--help"});
  ProcessResult server_en =
      RunProcess({BuiltProgram("server/khaothi-server"), "--help", "--lang", "en"});
  CHECK(server_vi.exit_code == 0);
  CHECK_THAT(server_vi.out, Catch::Contains("cách dùng: khaothi-server") &&
                                Catch::Contains("thư mục của trung tâm") &&
                                Catch::Contains("--listen-port"));
  CHECK_THAT(server_en.out,
             Catch::Contains("usage: khaothi-server") && Catch::Contains("the centre directory"));
  CHECK(server_en.out.find("thư mục") == std::string::npos);
  ProcessResult port_vi =
      RunProcess({BuiltProgram("server/khaothi-server"), "--data", dir, "--listen-port=70000"});
  CHECK(port_vi.exit_code != 0);
  CHECK_THAT(port_vi.err, Catch::Contains("listen-port phải từ 0 đến 65535"));

  // khaothi-verify
  ProcessResult verify_vi =
      RunProcess({BuiltProgram("tools/khaothi-verify"), t.File("none.json"), "--pubkey", "x"});
  ProcessResult verify_en = RunProcess(
      {BuiltProgram("tools/khaothi-verify"), "--lang", "en", t.File("none.json"), "--pubkey", "x"});
  CHECK(verify_vi.exit_code == 4);
  CHECK_THAT(verify_vi.err, Catch::Contains("không đọc được khóa công khai"));
  CHECK_THAT(verify_en.err, Catch::Contains("cannot read the public key"));
}

TEST_CASE("khaothi: --help on every command, and bad input changes nothing") {
  TempDir t;
  const std::vector<std::vector<std::string>> commands = {{"init"},
                                                          {"session", "create"},
                                                          {"session", "list"},
                                                          {"session", "show"},
                                                          {"session", "open"},
                                                          {"candidates", "import"},
                                                          {"candidates", "list"},
                                                          {"slips"},
                                                          {"audit", "verify"},
                                                          {"backup"}};
  for (std::vector<std::string> c : commands) {
    c.push_back("--help");
    ProcessResult r = Khaothi(t, c);
    INFO(c[0] << " " << c[1] << "\n" << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("khaothi " + c[0]));
  }
  CHECK(Khaothi(t, {"--help"}).exit_code == 0);
  CHECK(Khaothi(t, {"session", "--help"}).exit_code == 0);
  CHECK(Khaothi(t, {}).exit_code != 0);
  CHECK(Khaothi(t, {"nonsense"}).exit_code != 0);
  CHECK(Khaothi(t, {"session", "frobnicate"}).exit_code != 0);
  CHECK(Khaothi(t, {"--lang", "fr", "session", "list"}).exit_code != 0);

  // No centre here.
  ProcessResult none = Khaothi(t, {"session", "list"});
  CHECK(none.exit_code != 0);
  CHECK_THAT(none.err, Catch::Contains("khaothi init"));

  // A refused init leaves nothing behind.
  ProcessResult bad_code =
      Khaothi(t, {"init", "--data", "c", "--center-code", "bad code", "--name", "x"});
  CHECK(bad_code.exit_code != 0);
  CHECK_FALSE(fs::exists(t.File("c")));
  ProcessResult bad_host =
      Khaothi(t, {"init", "--data", "c", "--center-code", "C1", "--name", "x", "--host", "a b"});
  CHECK(bad_host.exit_code != 0);
  CHECK_FALSE(fs::exists(t.File("c")));
  ProcessResult missing = Khaothi(t, {"init", "--data", "c", "--name", "x"});
  CHECK(missing.exit_code != 0);
  CHECK_THAT(missing.err, Catch::Contains("center-code"));
  CHECK_FALSE(fs::exists(t.File("c")));
  ProcessResult typo = Khaothi(t, {"init", "--data", "c", "--center-code", "C1", "--nam", "x"});
  CHECK(typo.exit_code != 0);
  CHECK_FALSE(fs::exists(t.File("c")));

  // Options may come before or after the command; --lang en switches the messages.
  ProcessResult en = Khaothi(
      t, {"init", "--lang", "en", "--data", "c", "--center-code", "C1", "--name", "Centre"});
  CHECK(en.exit_code == 0);
  CHECK_THAT(en.out, Catch::Contains("Created centre C1"));
  CHECK_THAT(Khaothi(t, {"--data", "c", "session", "list"}).out, Catch::Contains("0 ca thi"));
  CHECK(Khaothi(t, {"--data", "c", "session", "show", "S9"}).exit_code != 0);
  CHECK(Khaothi(t, {"--data", "c", "session", "open", "S9"}).exit_code != 0);
  CHECK(Khaothi(t, {"--data", "c", "backup"}).exit_code != 0);
}

// Issue 13 item 26: every option's help says what it is with an example, not only a placeholder
// ("TYPE", "YEAR", "DIR"), in both languages.
TEST_CASE("khaothi: every option's help describes it with an example, not a bare placeholder") {
  TempDir t;
  const std::vector<std::vector<std::string>> commands = {{"cert", "stock"},
                                                          {"cert", "issue"},
                                                          {"cert", "list"},
                                                          {"cert", "register"},
                                                          {"cert", "export"},
                                                          {"cert", "print"},
                                                          {"cert", "revoke"},
                                                          {"results", "S1"},
                                                          {"results", "import-marks"},
                                                          {"results", "regrade"},
                                                          {"approve"},
                                                          {"item-analysis"},
                                                          {"keys", "init-issuer"},
                                                          {"keys", "export-public"},
                                                          {"marking", "assign"},
                                                          {"marking", "list"},
                                                          {"marking", "finalize"},
                                                          {"marking", "export"},
                                                          {"session", "seb-config"}};
  // "  --type arg (=UDCNTT-CB)   DESCRIPTION": the description must hold a lower-case word.
  const std::regex option_line(R"(^  (-\w, )?--[a-z-]+( arg( \(=[^)]*\))?)?\s+(.*)$)");
  for (const char* lang : {"vi", "en"}) {
    for (std::vector<std::string> c : commands) {
      c.insert(c.begin(), {"--lang", lang});
      c.push_back("--help");
      ProcessResult r = Khaothi(t, c);
      INFO(c[2] << " " << c[3] << " " << lang << "\n" << r.out << r.err);
      CHECK(r.exit_code == 0);
      std::istringstream lines(r.out);
      std::string line;
      int options = 0;
      while (std::getline(lines, line)) {
        std::smatch m;
        if (std::regex_match(line, m, option_line)) {
          ++options;
          INFO(line);
          CHECK(std::regex_search(m[4].str(), std::regex("[a-z]{2,}")));
        }
      }
      CHECK(options > 0);
    }
  }
}

// Issue 13 item 26: `cert stock` and `keys export-public --out` said nothing on success.
TEST_CASE("khaothi: cert stock and keys export-public say what they did") {
  TempDir t;
  const std::string dir = t.File("centre");
  REQUIRE(
      Khaothi(t, {"init", "--data", dir, "--center-code", "C1", "--name", "Trung tâm"}).exit_code ==
      0);
  ProcessResult stock = Khaothi(t, {"--data", dir, "cert", "stock", "--pattern",
                                    "CNTT{YY}-{seq:06}", "--first", "1001", "--last", "1500"});
  INFO(stock.out << stock.err);
  CHECK(stock.exit_code == 0);
  CHECK_THAT(stock.out, Catch::Contains("Đã ghi kho phôi UDCNTT-CB: 500 phôi, số thứ tự 1001 "
                                        "đến 1500, số hiệu theo mẫu CNTT{YY}-{seq:06}"));
  ProcessResult stock_en = Khaothi(t, {"--data", dir, "--lang", "en", "cert", "stock", "--pattern",
                                       "CNTT{YY}-{seq:06}", "--first", "1001", "--last", "1500"});
  CHECK_THAT(stock_en.out, Catch::Contains("Recorded the blank stock of UDCNTT-CB: 500 blanks"));

  setenv("KHAOTHI_PASSPHRASE", "mật khẩu thử", 1);
  REQUIRE(Khaothi(t, {"--data", dir, "keys", "init-issuer", "--holder", "Trần Văn Hùng", "--key",
                      t.File("usb/issuer-key.pem")})
              .exit_code == 0);
  unsetenv("KHAOTHI_PASSPHRASE");
  ProcessResult pub =
      Khaothi(t, {"--data", dir, "keys", "export-public", "--out", t.File("issuer-public.pem")});
  INFO(pub.out << pub.err);
  CHECK(pub.exit_code == 0);
  CHECK_THAT(pub.out, Catch::Contains("Đã ghi 1 khóa công khai cấp chứng chỉ vào " +
                                      t.File("issuer-public.pem")));
  CHECK_THAT(ReadFile(t.File("issuer-public.pem")), Catch::Contains("BEGIN PUBLIC KEY"));
  ProcessResult pub_en = Khaothi(t, {"--data", dir, "--lang", "en", "keys", "export-public",
                                     "--out", t.File("issuer-public.pem")});
  CHECK_THAT(pub_en.out, Catch::Contains("Wrote 1 public issuing key(s) to "));
}

}  // namespace
}  // namespace khaothi::testing
