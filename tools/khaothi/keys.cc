// khaothi keys init-issuer | export-public: the head of centre's issuing key.
#include <filesystem>
#include <iostream>

#include "khaothi/centre/certificates.h"

#include "issuing.h"

namespace khaothi::tools {
namespace {

namespace fs = std::filesystem;

int InitIssuer(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi keys init-issuer");
  desc.add_options()(
      "holder", po::value<std::string>()->required(),
      m("họ tên thủ trưởng trung tâm sát hạch", "the head of centre's full name").data())(
      "title", po::value<std::string>()->default_value("Giám đốc"),
      m("chức vụ", "the title").data());
  AddKeyOptions(g, desc);
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "keys init-issuer --holder NAME [--title T] [--key PATH]",
                 g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  const std::string path = KeyPathOption(g, vm);
  std::error_code ec;
  if (fs::exists(path, ec)) {
    return Fail(g, Status::AlreadyExists(path + std::string(m(" đã có; không bao giờ ghi đè khóa",
                                                              " exists; a key is never "
                                                              "overwritten"))));
  }
  Result<std::string> pass = ReadPassphrase(g, OptionOr(vm, "passphrase-file", ""), true);
  if (!pass.ok()) {
    return Fail(g, pass.status());
  }
  const crypto::SigningKey key = crypto::SigningKey::Generate();
  Result<std::string> pem = key.ToPrivatePem(*pass);
  if (!pem.ok()) {
    return Fail(g, pem.status());
  }
  fs::create_directories(fs::path(path).parent_path(), ec);
  fs::permissions(fs::path(path).parent_path(), fs::perms::owner_all, fs::perm_options::replace,
                  ec);
  if (Status s = crypto::WriteSecretFile(path, *pem); !s.ok()) {
    return Fail(g, s);
  }
  if (Status s = crypto::WritePublicFile(IssuerPublicKeyPath(g), key.PublicPem()); !s.ok()) {
    return Fail(g, s);
  }
  if (Status s = centre::RegisterIssuer(c->db, key.PublicPem(), vm["holder"].as<std::string>(),
                                        vm["title"].as<std::string>(), centre::CliChange());
      !s.ok()) {
    return Fail(g, s);
  }
  std::cout << m("Đã tạo khóa cấp chứng chỉ (Ed25519, PKCS#8 mã hóa bằng scrypt): ",
                 "Created the issuing key (Ed25519, PKCS#8 encrypted with scrypt): ")
            << path << "\n"
            << m("Mã khóa: ", "Key id: ") << key.KeyId() << "\n"
            << m("Khóa công khai: ", "Public key: ") << IssuerPublicKeyPath(g) << "\n";
  return 0;
}

int ExportPublic(Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("khaothi keys export-public");
  desc.add_options()("out", po::value<std::string>(),
                     g.msg("ghi ra tệp này (mặc định: in ra), ví dụ issuer-public.pem",
                           "write to this file (default: print), e.g. issuer-public.pem")
                         .data())("all",
                                  g.msg("mọi khóa đã từng dùng", "every key ever used").data());
  desc.add(CommonOptions(g));
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "keys export-public [--out FILE] [--all]", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  std::string text;
  size_t keys = 1;
  if (vm.count("all") != 0U) {
    Result<std::vector<centre::Issuer>> all = centre::ListIssuers(c->db);
    if (!all.ok()) {
      return Fail(g, all.status());
    }
    for (const centre::Issuer& i : *all) {
      text += i.public_pem;
    }
    keys = all->size();
  } else {
    Result<centre::Issuer> issuer = centre::ActiveIssuer(c->db);
    if (!issuer.ok()) {
      return Fail(g, issuer.status());
    }
    text = issuer->public_pem;
  }
  if (vm.count("out") != 0U) {
    if (Status s = crypto::WritePublicFile(vm["out"].as<std::string>(), text); !s.ok()) {
      return Fail(g, s);
    }
    std::cout << g.msg("Đã ghi ", "Wrote ") << keys
              << g.msg(" khóa công khai cấp chứng chỉ vào ", " public issuing key(s) to ")
              << vm["out"].as<std::string>()
              << g.msg(" (công bố để ai cũng kiểm tra được chứng chỉ bằng khaothi-verify)",
                       " (publish it so that anyone can check certificates with khaothi-verify)")
              << "\n";
    return 0;
  }
  std::cout << text;
  return 0;
}

}  // namespace

int CmdKeys(Globals& g, const std::vector<std::string>& args) {
  const std::string sub = args.empty() ? std::string() : args[0];
  const std::vector<std::string> rest =
      args.empty() ? std::vector<std::string>()
                   : std::vector<std::string>(args.begin() + 1, args.end());
  if (sub == "init-issuer") {
    return InitIssuer(g, rest);
  }
  if (sub == "export-public") {
    return ExportPublic(g, rest);
  }
  const bool help = sub == "--help" || sub == "-h";
  (help ? std::cout : std::cerr) << g.msg("cách dùng: ", "usage: ")
                                 << "khaothi keys init-issuer --holder NAME [--title T] [--key "
                                    "PATH] | export-public [--out FILE]\n";
  return help ? 0 : 1;
}

}  // namespace khaothi::tools
