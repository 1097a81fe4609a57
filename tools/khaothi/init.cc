// khaothi init: a new centre directory.
#include <algorithm>
#include <arpa/inet.h>
#include <filesystem>
#include <iostream>
#include <optional>
#include <pwd.h>
#include <string>
#include <unistd.h>
#include <vector>

#include "khaothi/centre/centre.h"
#include "khaothi/crypto/crypto.h"

#include "khaothi_cli.h"

namespace khaothi::tools {
namespace {

namespace fs = std::filesystem;

constexpr int kDefaultPort = 8443;

bool IsIpAddress(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

bool IsHostName(const std::string& s) {
  return !s.empty() && s.size() <= 253 &&
         s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") ==
             std::string::npos;
}

std::string ServerConf() {
  return "# khaothi-server configuration, written by `khaothi init`. Paths are relative to this\n"
         "# file's directory.\n"
         "listen-address = 0.0.0.0\n"
         "listen-port = " +
         std::to_string(kDefaultPort) +
         "\n"
         "database = center.db\n"
         "tls-cert = tls/server.pem\n"
         "tls-key = tls/server-key.pem\n"
         "receipt-key = keys/receipt-key.pem\n";
}

std::string ClientConf(const std::string& host) {
  return "# khaothi-client configuration for the lab PCs, written by `khaothi init`. Copy this\n"
         "# directory to each PC; the client trusts only the centre's CA in ca.pem.\n"
         "server-host = " +
         host + "\nserver-port = " + std::to_string(kDefaultPort) + "\nca = ca.pem\n";
}

// Run by root on the packaged centre (/var/lib/khaothi), what init made becomes the service
// user's: the unit runs the server as `khaothi`, which must read center.db and the keys (and
// nobody else may: the modes stay 0700/0600).
Status GiveToServiceUser(const fs::path& dir, const Messages& m) {
  std::error_code ec;
  if (geteuid() != 0 || !fs::equivalent(dir, KHAOTHI_PACKAGED_DATA, ec)) {
    return Status::Ok();
  }
  const passwd* user = getpwnam("khaothi");
  if (user == nullptr) {
    return Status::FailedPrecondition(
        std::string(m("không có người dùng hệ thống khaothi: hãy cài lại gói khaothi",
                      "there is no khaothi system user: reinstall the khaothi package")));
  }
  std::vector<fs::path> paths = {dir};
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir, ec)) {
    paths.push_back(e.path());
  }
  for (const fs::path& p : paths) {
    if (lchown(p.c_str(), user->pw_uid, user->pw_gid) != 0) {
      return Status::IoError(p.string() + ": chown khaothi");
    }
  }
  return ec ? Status::IoError(dir.string() + ": " + ec.message()) : Status::Ok();
}

// What init creates, so that a failure half-way removes exactly that.
class Created {
 public:
  ~Created() {
    if (!keep_) {
      std::error_code ec;
      for (auto it = paths_.rbegin(); it != paths_.rend(); ++it) {
        fs::remove_all(*it, ec);
      }
    }
  }
  void Add(const fs::path& p) { paths_.push_back(p); }
  void Keep() { keep_ = true; }

 private:
  std::vector<fs::path> paths_;
  bool keep_ = false;
};

Status Run(const Globals& g, const std::string& code, const std::string& name,
           const std::vector<std::string>& hosts, const std::optional<std::string>& place,
           const std::optional<std::string>& supervisor) {
  const Messages& m = g.msg;
  if (!centre::IsValidCentreCode(code)) {
    return Status::InvalidArgument(std::string(m("mã trung tâm '", "the centre code '")) + code +
                                   std::string(m("' chỉ gồm chữ, số, '-' và '_' (1 đến 32 ký tự)",
                                                 "' may hold only letters, digits, '-' and '_' "
                                                 "(1 to 32)")));
  }
  if (name.find_first_not_of(" \t") == std::string::npos) {
    return Status::InvalidArgument(
        std::string(m("cần tên trung tâm (--name)", "the centre needs a name (--name)")));
  }
  std::vector<std::string> dns = {"localhost"};
  std::vector<std::string> ips = {"127.0.0.1"};
  for (const std::string& h : hosts) {
    if (IsIpAddress(h)) {
      if (std::find(ips.begin(), ips.end(), h) == ips.end()) {
        ips.push_back(h);
      }
    } else if (IsHostName(h)) {
      if (std::find(dns.begin(), dns.end(), h) == dns.end()) {
        dns.push_back(h);
      }
    } else {
      return Status::InvalidArgument("--host '" + h +
                                     std::string(m("' không phải tên máy hay địa chỉ IP",
                                                   "' is neither a host name nor an IP address")));
    }
  }
  const fs::path dir(g.data);
  for (const char* p : {"center.db", "tls", "keys", "khaothi-server.conf", "client"}) {
    std::error_code ec;
    if (fs::exists(dir / p, ec)) {
      return Status::AlreadyExists((dir / p).string() +
                                   std::string(m(" đã có: thư mục này đã là một trung tâm; "
                                                 "khaothi init không bao giờ ghi đè",
                                                 " exists: this directory is already a centre; "
                                                 "khaothi init never overwrites one")));
    }
  }

  Created created;
  // Owner-only while the database, its -wal and -shm, and the keys are created.
  const OwnerOnlyFiles owner_only;
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) {
      return Status::IoError(dir.string() + ": " + ec.message());
    }
    created.Add(dir);
  }
  // The centre directory holds personal data: 0700, also when it existed before (empty).
  if (Result<bool> r = RestrictToOwner(dir.string()); !r.ok()) {
    return r.status();
  }
  const fs::path db_path = dir / "center.db";
  created.Add(db_path);
  created.Add(dir / "center.db-wal");
  created.Add(dir / "center.db-shm");
  {
    Result<std::unique_ptr<store::ItemStore>> bank = store::ItemStore::Open(db_path.string(), true);
    if (!bank.ok()) {
      return bank.status();
    }
    Result<store::Database> db = store::Database::Open(db_path.string(), false);
    if (!db.ok()) {
      return db.status();
    }
    KHAOTHI_RETURN_IF_ERROR(centre::InitCentre(*db, code, name, centre::CliChange()));
    if (place || supervisor) {
      if (Status s = centre::SetCentreDetails(*db, place, supervisor, centre::CliChange());
          !s.ok()) {
        return s.IsInvalidArgument()
                   ? Status::InvalidArgument(std::string(
                         m("--place và --supervisor phải là một dòng từ 1 đến 120 ký tự",
                           "--place and --supervisor must be one line of 1 to 120 characters")))
                   : s;
      }
    }
  }
  for (const char* f : {"center.db", "center.db-wal", "center.db-shm"}) {
    if (Result<bool> r = RestrictToOwner((dir / f).string()); !r.ok()) {
      return r.status();
    }
  }

  created.Add(dir / "tls");
  KHAOTHI_RETURN_IF_ERROR(crypto::CreateLabPki((dir / "tls").string(), name, dns, ips));

  created.Add(dir / "keys");
  fs::create_directories(dir / "keys", ec);
  if (ec) {
    return Status::IoError((dir / "keys").string() + ": " + ec.message());
  }
  fs::permissions(dir / "keys", fs::perms::owner_all, fs::perm_options::replace, ec);
  const crypto::SigningKey receipt = crypto::SigningKey::Generate();
  Result<std::string> receipt_pem = receipt.ToPrivatePem("");
  if (!receipt_pem.ok()) {
    return receipt_pem.status();
  }
  KHAOTHI_RETURN_IF_ERROR(
      crypto::WriteSecretFile((dir / "keys" / "receipt-key.pem").string(), *receipt_pem));
  KHAOTHI_RETURN_IF_ERROR(crypto::WritePublicFile((dir / "keys" / "receipt-key.pub.pem").string(),
                                                  receipt.PublicPem()));

  created.Add(dir / "khaothi-server.conf");
  KHAOTHI_RETURN_IF_ERROR(
      crypto::WritePublicFile((dir / "khaothi-server.conf").string(), ServerConf()));

  created.Add(dir / "client");
  fs::create_directories(dir / "client", ec);
  if (ec) {
    return Status::IoError((dir / "client").string() + ": " + ec.message());
  }
  // The lab PCs reach the server at the first address given, or on this machine by default.
  const std::string client_host = hosts.empty() ? "127.0.0.1" : hosts.front();
  KHAOTHI_RETURN_IF_ERROR(crypto::WritePublicFile((dir / "client" / "khaothi-client.conf").string(),
                                                  ClientConf(client_host)));
  Result<std::string> ca = ReadFile((dir / "tls" / "ca.pem").string(), m.lang());
  if (!ca.ok()) {
    return ca.status();
  }
  KHAOTHI_RETURN_IF_ERROR(crypto::WritePublicFile((dir / "client" / "ca.pem").string(), *ca));
  Result<std::string> fingerprint =
      crypto::CertificateFingerprint((dir / "tls" / "ca.pem").string());
  if (!fingerprint.ok()) {
    return fingerprint.status();
  }
  KHAOTHI_RETURN_IF_ERROR(GiveToServiceUser(dir, m));
  created.Keep();

  std::cout << m("Đã tạo trung tâm ", "Created centre ") << code << " (" << name
            << m(") trong ", ") in ") << dir.string() << "\n"
            << "  center.db  "
            << m("(chỉ chủ sở hữu đọc được, 0600; thư mục 0700)",
                 "(owner only, 0600; the directory 0700)")
            << "\n"
            << "  tls/ca.pem, tls/server.pem  " << m("(máy chủ: ", "(server: ");
  for (size_t i = 0; i < dns.size(); ++i) {
    std::cout << (i == 0 ? "" : ", ") << dns[i];
  }
  for (const std::string& ip : ips) {
    std::cout << ", " << ip;
  }
  std::cout << ")\n"
            << "  tls/ca-key.pem, tls/server-key.pem  "
            << m("(khóa bí mật, 0600)", "(private, 0600)") << "\n"
            << "  keys/receipt-key.pem  "
            << m("(khóa ký biên nhận, mã khóa ", "(receipt signing key, key id ") << receipt.KeyId()
            << ")\n"
            << "  khaothi-server.conf\n"
            << "  client/khaothi-client.conf, client/ca.pem  "
            << m("(cài lên các máy thi; máy chủ: ", "(install on the lab PCs; server: ")
            << client_host << ")\n"
            << m("Dấu vân tay SHA-256 của CA: ", "CA SHA-256 fingerprint: ") << *fingerprint << "\n"
            << m("Tiếp theo: qbank --db ", "Next: qbank --db ") << db_path.string()
            << m(" import <ngân hàng câu hỏi>, rồi khaothi session create.",
                 " import <bank>, then khaothi session create.")
            << "\n";
  return Status::Ok();
}

}  // namespace

int CmdInit(Globals& g, const std::vector<std::string>& args) {
  po::options_description desc(std::string(g.msg("khaothi init", "khaothi init")));
  desc.add_options()(
      "center-code", po::value<std::string>()->required(),
      g.msg("mã trung tâm (chữ, số, - và _)", "the centre code (letters, digits, - and _)").data())(
      "name", po::value<std::string>()->required(),
      g.msg("tên đầy đủ của trung tâm", "the centre's full name").data())(
      "host", po::value<std::vector<std::string>>()->composing(),
      g.msg("tên máy hoặc địa chỉ IP của máy chủ trong phòng máy (lặp lại được)",
            "the server's host name or IP address in the lab (repeatable)")
          .data())("place", po::value<std::string>(),
                   g.msg("địa danh ghi trước ngày tháng trên văn bản (vd. Long An)",
                         "the place written before the date on documents (e.g. Long An)")
                       .data())("supervisor", po::value<std::string>(),
                                g.msg("cơ quan chủ quản (vd. SỞ GIÁO DỤC VÀ ĐÀO TẠO LONG AN)",
                                      "the supervising body (e.g. SỞ GIÁO DỤC VÀ ĐÀO TẠO LONG AN)")
                                    .data());
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm,
                 "init --data DIR --center-code CODE --name NAME [--host NAME_OR_IP ...] "
                 "[--place PLACE] [--supervisor BODY]",
                 g)) {
    return 0;
  }
  std::vector<std::string> hosts;
  if (vm.count("host") != 0U) {
    hosts = vm["host"].as<std::vector<std::string>>();
  }
  auto optional = [&](const char* name) {
    return vm.count(name) != 0U ? std::optional<std::string>(vm[name].as<std::string>())
                                : std::nullopt;
  };
  Status s = Run(g, vm["center-code"].as<std::string>(), vm["name"].as<std::string>(), hosts,
                 optional("place"), optional("supervisor"));
  return s.ok() ? 0 : Fail(g, s);
}

}  // namespace khaothi::tools
