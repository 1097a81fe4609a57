#include "issuing.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <termios.h>
#include <unistd.h>
#include <utility>

namespace khaothi::tools {
namespace {

namespace fs = std::filesystem;

std::string FirstLine(const std::string& s) {
  std::string line = s.substr(0, s.find_first_of("\r\n"));
  return line;
}

// Reads a line from the terminal with echo off.
std::string AskHidden(const std::string& prompt) {
  std::FILE* tty = std::fopen("/dev/tty", "r+");
  if (tty == nullptr) {
    return {};
  }
  std::fputs(prompt.c_str(), tty);
  std::fflush(tty);
  termios old{};
  const int fd = fileno(tty);
  const bool have = tcgetattr(fd, &old) == 0;
  if (have) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  char buf[1024];
  std::string line;
  if (std::fgets(buf, sizeof buf, tty) != nullptr) {
    line = FirstLine(buf);
  }
  if (have) {
    tcsetattr(fd, TCSAFLUSH, &old);
  }
  std::fputs("\n", tty);
  std::fclose(tty);
  return line;
}

}  // namespace

std::string DefaultIssuerKeyPath(const Globals& g) {
  fs::path data = fs::absolute(fs::path(g.data)).lexically_normal();
  if (!data.has_filename()) {
    data = data.parent_path();
  }
  return (data.parent_path() / "issuer" / "issuer-key.pem").string();
}

std::string IssuerPublicKeyPath(const Globals& g) {
  return (fs::path(g.data) / "keys" / "issuer-key.pub.pem").string();
}

Result<std::string> ReadPassphrase(const Globals& g, const std::string& passphrase_file,
                                   bool confirm) {
  const Messages& m = g.msg;
  std::string pass;
  if (!passphrase_file.empty()) {
    Result<std::string> text = ReadFile(passphrase_file, m.lang());
    if (!text.ok()) {
      return text.status();
    }
    pass = FirstLine(*text);
  } else if (const char* env = std::getenv("KHAOTHI_PASSPHRASE"); env != nullptr) {
    pass = env;
  } else {
    pass = AskHidden(
        std::string(m("Mật khẩu của khóa cấp chứng chỉ: ", "Passphrase of the issuing key: ")));
    if (confirm && !pass.empty() && AskHidden(std::string(m("Nhập lại: ", "Again: "))) != pass) {
      return Status::InvalidArgument(std::string(m("hai lần nhập không khớp", "they differ")));
    }
  }
  if (pass.empty()) {
    return Status::InvalidArgument(std::string(
        m("cần mật khẩu của khóa (--passphrase-file, KHAOTHI_PASSPHRASE hoặc nhập khi được hỏi)",
          "the key needs a passphrase (--passphrase-file, KHAOTHI_PASSPHRASE or the prompt)")));
  }
  return pass;
}

Result<crypto::SigningKey> LoadIssuerKey(const Globals& g, const std::string& key_path,
                                         const std::string& passphrase_file) {
  Result<std::string> pem = ReadFile(key_path, g.msg.lang());
  if (!pem.ok()) {
    return Status::NotFound(pem.status().message() +
                            std::string(g.msg(" (khóa cấp chứng chỉ; tạo bằng khaothi keys "
                                              "init-issuer hoặc chỉ ra bằng --key)",
                                              " (the issuing key; create it with khaothi keys "
                                              "init-issuer or give --key)")));
  }
  Result<std::string> pass = ReadPassphrase(g, passphrase_file, false);
  if (!pass.ok()) {
    return pass.status();
  }
  Result<crypto::SigningKey> key = crypto::SigningKey::FromPrivatePem(*pem, *pass);
  if (!key.ok() && key.status().IsPermissionDenied()) {
    return Status::PermissionDenied(std::string(g.msg("sai mật khẩu của khóa cấp chứng chỉ",
                                                      "wrong passphrase for the "
                                                      "issuing key")));
  }
  return key;
}

Result<crypto::SigningKey> LoadIssuerKey(const Globals& g, const po::variables_map& vm) {
  return LoadIssuerKey(g, KeyPathOption(g, vm), OptionOr(vm, "passphrase-file", ""));
}

Result<SigningCentre> OpenCentreToSign(const Globals& g, const po::variables_map& vm) {
  KHAOTHI_ASSIGN_OR_RETURN(CentreHandle centre, OpenCentreDir(g));
  KHAOTHI_ASSIGN_OR_RETURN(crypto::SigningKey key, LoadIssuerKey(g, vm));
  return SigningCentre{std::move(centre), std::move(key)};
}

Result<crypto::SigningKey> LoadResultsKey(const Globals& g) {
  Result<std::string> pem =
      ReadFile((fs::path(g.data) / "keys" / "receipt-key.pem").string(), g.msg.lang());
  if (!pem.ok()) {
    return pem.status();
  }
  return crypto::SigningKey::FromPrivatePem(*pem, "");
}

std::string Today() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

void AddKeyOptions(const Globals& g, po::options_description& desc) {
  desc.add_options()("key", po::value<std::string>(),
                     g.msg("tệp khóa cấp chứng chỉ, ví dụ /media/usb/issuer-key.pem (mặc định "
                           "issuer/issuer-key.pem cạnh thư mục --data: /srv/issuer/issuer-key.pem "
                           "khi --data là /srv/khaothi)",
                           "the issuing key file, e.g. /media/usb/issuer-key.pem (default "
                           "issuer/issuer-key.pem beside the --data directory: "
                           "/srv/issuer/issuer-key.pem when --data is /srv/khaothi)")
                         .data())(
      "passphrase-file", po::value<std::string>(),
      g.msg("đọc mật khẩu của khóa từ dòng đầu của tệp này",
            "read the key's passphrase from the first line of this file")
          .data());
}

std::string OptionOr(const po::variables_map& vm, const char* name, const std::string& fallback) {
  return vm.count(name) != 0U ? vm[name].as<std::string>() : fallback;
}

std::string KeyPathOption(const Globals& g, const po::variables_map& vm) {
  return OptionOr(vm, "key", DefaultIssuerKeyPath(g));
}

}  // namespace khaothi::tools
