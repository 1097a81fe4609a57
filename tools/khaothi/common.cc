#include <filesystem>
#include <iostream>
#include <string>

#include "khaothi/centre/centre.h"

#include "khaothi_cli.h"

namespace khaothi::tools {

std::string DefaultDataDirFor(const std::string& exe) {
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::path(exe).parent_path();
  return std::filesystem::equivalent(dir, KHAOTHI_PACKAGED_BINDIR, ec) && !ec
             ? std::string(KHAOTHI_PACKAGED_DATA)
             : std::string(".");
}

std::string DefaultDataDir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : DefaultDataDirFor(exe.string());
}

std::string Say(const Globals& g, const Status& s) {
  return centre::Localize(s.message(), g.msg.lang() == Lang::kEn);
}

int Fail(const Globals& g, const Status& s) {
  std::cerr << "khaothi: " << Say(g, s) << "\n";
  return 1;
}

po::options_description CommonOptions(const Globals& g) {
  po::options_description d(std::string(g.msg("Tùy chọn chung", "Common options")));
  d.add_options()("help", g.msg("xem hướng dẫn này", "show this help").data())(
      "data", po::value<std::string>(),
      g.msg("thư mục của trung tâm (mặc định .)", "the centre directory (default .)").data())(
      "lang", po::value<std::string>(), g.msg("ngôn ngữ: vi hoặc en", "language: vi or en").data());
  return d;
}

bool ParseArgs(const std::vector<std::string>& args, const po::options_description& desc,
               const po::positional_options_description& pos, po::variables_map& vm,
               std::string_view usage, Globals& g) {
  // No guessing of abbreviated option names: `--nam` is a typo, not `--name`.
  const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
  po::store(po::command_line_parser(args).options(desc).positional(pos).style(style).run(), vm);
  if (vm.count("lang") != 0U) {
    Result<Lang> lang = ParseLang(vm["lang"].as<std::string>());
    if (!lang.ok()) {
      throw po::error(lang.status().message());
    }
    g.msg = Messages(*lang);
  }
  if (vm.count("data") != 0U) {
    g.data = vm["data"].as<std::string>();
  }
  if (vm.count("help") != 0U) {
    std::cout << g.msg("cách dùng: ", "usage: ") << "khaothi " << usage << "\n\n" << desc << "\n";
    return false;
  }
  po::notify(vm);
  return true;
}

std::string DatabasePath(const Globals& g) {
  return (std::filesystem::path(g.data) / "center.db").string();
}

Result<CentreHandle> OpenCentreDir(const Globals& g) {
  const std::string path = DatabasePath(g);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound(std::string(g.msg("không có trung tâm nào ở ", "no centre in ")) +
                            g.data +
                            std::string(g.msg(" (chưa có center.db; hãy chạy `khaothi init` hoặc "
                                              "dùng --data DIR)",
                                              " (no center.db; run `khaothi init` or give --data "
                                              "DIR)")));
  }
  // A centre made by an older khaothi may be readable by everyone: the database holds password
  // hashes and personal data, so it and its directory become the owner's alone.
  for (const std::string& p : {g.data, path, path + "-wal", path + "-shm",
                               (std::filesystem::path(g.data) / "keys").string()}) {
    Result<bool> changed = RestrictToOwner(p);
    if (!changed.ok()) {
      return changed.status();
    }
    if (*changed) {
      std::cerr << "khaothi: "
                << g.msg("đã bỏ quyền đọc của người khác trên ", "removed other users' access to ")
                << p << "\n";
    }
  }
  // The item store migrates the file to this build's schema before anything else reads it.
  Result<std::unique_ptr<store::ItemStore>> bank = store::ItemStore::Open(path, false);
  if (!bank.ok()) {
    return bank.status();
  }
  Result<store::Database> db = store::Database::Open(path, false);
  if (!db.ok()) {
    return db.status();
  }
  if (Result<centre::CentreInfo> info = centre::GetCentre(*db); !info.ok()) {
    return info.status();
  }
  return CentreHandle{std::move(bank).value(), std::move(db).value()};
}

std::string VietnameseDate(std::string_view iso) {
  if (iso.size() != 10) {
    return std::string(iso);
  }
  return std::string(iso.substr(8, 2)) + "/" + std::string(iso.substr(5, 2)) + "/" +
         std::string(iso.substr(0, 4));
}

}  // namespace khaothi::tools
