// `qbank practical import|validate|list|show|export`: the practical task packages (đề thực hành)
// of docs/practical.md. A package is a directory with task.txt and the files it lists; a PATH
// given to import or validate is either a package or a directory whose sub-directories are
// packages. Import is all or nothing.
#include "khaothi/bank/practical.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "khaothi/checker/points.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/practical_limits.h"
#include "khaothi/store/practical_store.h"

#include "qbank_cli.h"

namespace khaothi::tools {
namespace {

namespace fs = std::filesystem;
using engine::PracticalFile;
using engine::PracticalTask;
using store::PracticalPackage;

// The package directories under `paths`, sorted within each PATH: a PATH with task.txt is one
// package, else each of its sub-directories with one is.
Result<std::vector<fs::path>> PackageDirs(const std::vector<std::string>& paths) {
  std::vector<fs::path> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      return Status::NotFound(p + ": not a directory");
    }
    if (fs::exists(fs::path(p) / bank::kManifestName, ec)) {
      out.emplace_back(p);
      continue;
    }
    std::vector<fs::path> found;
    for (const fs::directory_entry& e : fs::directory_iterator(p, ec)) {
      if (e.is_directory() && fs::exists(e.path() / bank::kManifestName)) {
        found.push_back(e.path());
      }
    }
    if (ec) {
      return Status::IoError(p + ": " + ec.message());
    }
    if (found.empty()) {
      return Status::NotFound(p + ": no package (a directory with " +
                              std::string(bank::kManifestName) + ")");
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

// Reads one package directory and checks it completely: the manifest, every file against it,
// nothing else in the directory. Messages name the package directory as given.
// The name of the package's folder, for messages: "IU04-A" also for "IU04-A/" or ".".
std::string FolderName(const fs::path& dir) {
  fs::path p = fs::absolute(dir).lexically_normal();
  if (!p.has_filename()) {
    p = p.parent_path();
  }
  return p.filename().string();
}

std::string Say(const Messages& msg, std::string_view vi, std::string_view en) {
  return std::string(msg(vi, en));
}

// The proposed marks of `files` (names of the package) under `checks`, as "9.5 of 10".
checker::Proposal Propose(const checker::TaskChecks& checks,
                          const std::map<std::string, std::string>& bytes,
                          const std::vector<std::string>& names) {
  std::vector<checker::WorkFile> files;
  for (const std::string& name : names) files.push_back({name, bytes.at(name)});
  return checker::ProposeMarks(checks, files);
}

// What lost points, line by line, with the evidence of the checks that did not pass.
std::string Shortfall(const Messages& msg, const checker::Proposal& proposal) {
  std::string out;
  for (const checker::LineProposal& line : proposal.lines) {
    if (line.results.empty() || (line.proposed && *line.proposed == line.points)) continue;
    out += Say(msg, "\n  dòng ", "\n  line ") + line.code + ": ";
    if (!line.proposed) {
      out += Say(msg, line.reason_vi, line.reason_en);
      continue;
    }
    out += engine::FormatPoints(*line.proposed) + Say(msg, " trên ", " of ") +
           engine::FormatPoints(line.points);
    for (const checker::CheckResult& r : line.results) {
      if (r.outcome.verdict == checker::Verdict::kPass) continue;
      out += "\n    " + r.check + "\n      → " +
             Say(msg, r.outcome.evidence_vi, r.outcome.evidence_en);
    }
  }
  return out;
}

// The task's checks (docs/practical.md, "The points-table language") compile, give each set of
// model-solution files (one per format family: .docx/.xlsx/.pptx, .odt/.ods/.odp) the full
// points of every line that has checks, and give the starter files less than half of those.
Status RunTaskChecks(const Messages& msg, const bank::ParsedManifest& manifest,
                     const std::map<std::string, std::string>& bytes, const std::string& label) {
  const PracticalTask& task = manifest.task;
  checker::CheckPlace failed;
  Result<checker::TaskChecks> checks = checker::CompileTaskChecks(task, &failed);
  if (!checks.ok()) {
    const auto line = manifest.check_lines.find({failed.code, failed.index});
    return Status::InvalidArgument(
        label + "/" + std::string(bank::kManifestName) +
        (line == manifest.check_lines.end() ? "" : " line " + std::to_string(line->second)) + ": " +
        checks.status().message());
  }
  bool any = false;
  for (const engine::PointsLine& p : task.points) any = any || !p.checks.empty();
  if (!any) return Status::Ok();

  std::map<bool, std::vector<std::string>> models;  // OpenDocument? → the solution files
  for (const PracticalFile& f : task.solutions) {
    if (!checker::KindOfExtension(f.name)) continue;
    const std::string ext = f.name.substr(f.name.rfind('.') + 1);
    models[ext.starts_with("od")].push_back(f.name);
  }
  // Only lines with checks count: a line marked by hand has nothing to propose.
  engine::Points checked;
  for (const engine::PointsLine& p : task.points) {
    if (!p.checks.empty()) checked.ten_thousandths += p.points.ten_thousandths;
  }
  for (const auto& [odf, names] : models) {
    const checker::Proposal p = Propose(*checks, bytes, names);
    if (p.proposed_total != checked) {
      return Status::InvalidArgument(
          label + "/" + names.front() +
          Say(msg, ": lời giải mẫu chỉ được đề xuất ", ": the model solution is proposed only ") +
          engine::FormatPoints(p.proposed_total) + Say(msg, " trên ", " of ") +
          engine::FormatPoints(checked) + Shortfall(msg, p));
    }
  }
  std::vector<std::string> starters;
  for (const PracticalFile& f : task.starters) {
    if (checker::KindOfExtension(f.name)) starters.push_back(f.name);
  }
  const checker::Proposal p = Propose(*checks, bytes, starters);
  if (p.proposed_total.ten_thousandths * 2 >= checked.ten_thousandths) {
    return Status::InvalidArgument(
        label + "/" + (starters.empty() ? std::string(bank::kManifestName) : starters.front()) +
        Say(msg, ": tệp ban đầu đã được đề xuất ", ": the starter files are already proposed ") +
        engine::FormatPoints(p.proposed_total) + Say(msg, " trên ", " of ") +
        engine::FormatPoints(checked) +
        Say(msg, ", từ một nửa trở lên: các kiểm tra không phân biệt được bài làm với tệp ban đầu",
            ", half or more: the checks do not tell work done from the starter"));
  }
  return Status::Ok();
}

Result<PracticalPackage> ReadPackage(const Messages& msg, const fs::path& dir) {
  const std::string label = FolderName(dir);
  std::vector<bank::FoundFile> found;
  std::map<std::string, std::string> bytes;
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    entries.push_back(e);
  }
  if (ec) {
    return Status::IoError(dir.string() + ": " + ec.message());
  }
  std::sort(entries.begin(), entries.end());
  std::string manifest_text;
  for (const fs::directory_entry& e : entries) {
    const std::string name = e.path().filename().string();
    // A link could point outside the package, or at a file that changes under the hash.
    if (e.is_symlink() || !e.is_regular_file()) {
      return Status::InvalidArgument(label + "/" + name +
                                     ": a package holds files only, not directories or links");
    }
    const auto size = static_cast<int64_t>(e.file_size());
    const int64_t limit =
        name == bank::kManifestName ? engine::kMaxManifestBytes : engine::kMaxPracticalFileBytes;
    if (size > limit) {
      // Refused before it is read, so a huge file costs nothing.
      return Status::InvalidArgument(label + "/" + name + ": " + std::to_string(size) +
                                     " bytes, over the limit of " + std::to_string(limit));
    }
    KHAOTHI_ASSIGN_OR_RETURN(std::string content, ReadFile(e.path().string()));
    if (name == bank::kManifestName) {
      manifest_text = std::move(content);
      continue;
    }
    found.push_back({name, static_cast<int64_t>(content.size()), crypto::Sha256Hex(content)});
    bytes[name] = std::move(content);
  }
  KHAOTHI_ASSIGN_OR_RETURN(
      bank::ParsedManifest manifest,
      bank::ParsePracticalManifest(manifest_text, label + "/" + std::string(bank::kManifestName)));
  const auto instructions = bytes.find(manifest.task.instructions.name);
  KHAOTHI_RETURN_IF_ERROR(bank::CheckPracticalFiles(
      manifest, found, instructions == bytes.end() ? std::string_view() : instructions->second,
      label));
  KHAOTHI_RETURN_IF_ERROR(RunTaskChecks(msg, manifest, bytes, label));
  manifest.task.version = 0;  // the store decides
  return PracticalPackage{std::move(manifest.task), std::move(bytes)};
}

// Reads every package under `paths`, printing each error; nullopt when there was one.
std::optional<std::vector<PracticalPackage>> ReadAll(const Globals& g,
                                                     const std::vector<std::string>& paths,
                                                     bool importing) {
  Result<std::vector<fs::path>> dirs = PackageDirs(paths);
  if (!dirs.ok()) {
    Fail(dirs.status());
    return std::nullopt;
  }
  std::vector<PracticalPackage> out;
  std::map<std::string, std::string> ids;  // id -> the directory that has it
  int errors = 0;
  for (const fs::path& dir : *dirs) {
    Result<PracticalPackage> p = ReadPackage(g.msg, dir);
    if (!p.ok()) {
      std::cerr << p.status().message() << "\n";
      ++errors;
      continue;
    }
    auto [at, fresh] = ids.emplace(p->task.id, dir.string());
    if (!fresh) {
      std::cerr << FolderName(dir) << ": task id " << p->task.id << " is also in " << at->second
                << "\n";
      ++errors;
      continue;
    }
    out.push_back(std::move(*p));
  }
  if (errors > 0) {
    std::cerr << g.msg("qbank: có ", "qbank: ") << errors
              << (importing ? g.msg(" lỗi; không nhập đề nào.", " error(s); nothing was imported.")
                            : g.msg(" lỗi.", " error(s)."))
              << "\n";
    return std::nullopt;
  }
  return out;
}

std::vector<std::string> Paths(const po::variables_map& vm) {
  return vm.count("paths") != 0U ? vm["paths"].as<std::vector<std::string>>()
                                 : std::vector<std::string>();
}

int Validate(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank practical validate PATH...");
  desc.add_options()("help", "show this help")("paths", po::value<std::vector<std::string>>(),
                                               "package directories, or directories of them");
  po::positional_options_description pos;
  pos.add("paths", -1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "practical validate PATH...")) {
    return 0;
  }
  if (Paths(vm).empty()) {
    return Fail(Status::InvalidArgument("validate needs at least one PATH"));
  }
  std::optional<std::vector<PracticalPackage>> all = ReadAll(g, Paths(vm), false);
  if (!all) {
    return 1;
  }
  std::cout << all->size() << g.msg(" đề thực hành hợp lệ.", " practical tasks are valid.") << "\n";
  return 0;
}

int Import(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank practical import PATH...");
  desc.add_options()("help", "show this help")("paths", po::value<std::vector<std::string>>(),
                                               "package directories, or directories of them");
  po::positional_options_description pos;
  pos.add("paths", -1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "[--db PATH] practical import PATH...")) {
    return 0;
  }
  const std::vector<std::string> paths = Paths(vm);
  if (paths.empty()) {
    return Fail(Status::InvalidArgument("import needs at least one PATH"));
  }
  std::optional<std::vector<PracticalPackage>> all = ReadAll(g, paths, true);
  if (!all) {
    return 1;
  }
  auto st = store::PracticalStore::Open(g.db, false);
  if (!st.ok()) {
    return Fail(st.status());
  }
  std::string source;
  for (const std::string& p : paths) {
    source += (source.empty() ? "" : " ") + p;
  }
  Result<store::ImportReport> r = (*st)->Import(*all, source);
  if (!r.ok()) {
    return Fail(r.status());
  }
  std::cout << g.msg("Đã nhập đề thực hành: thêm ", "Imported practical tasks: added ") << r->added
            << g.msg(", phiên bản mới ", ", new versions ") << r->updated
            << g.msg(", không đổi ", ", unchanged ") << r->unchanged << ".\n";
  return 0;
}

int List(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank practical list");
  desc.add_options()("help", "show this help")("module", po::value<std::string>(),
                                               "only this module, e.g. IU04")(
      "pool", po::value<std::string>(), "only this pool");
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "[--db PATH] practical list [--module M] [--pool P]")) {
    return 0;
  }
  auto st = store::PracticalStore::Open(g.db, false);
  if (!st.ok()) {
    return Fail(st.status());
  }
  auto tasks = (*st)->List(vm.count("module") != 0U ? vm["module"].as<std::string>() : "",
                           vm.count("pool") != 0U ? vm["pool"].as<std::string>() : "");
  if (!tasks.ok()) {
    return Fail(tasks.status());
  }
  std::cout << FitWidth(g.msg("Mã", "Id"), 10) << " " << FitWidth("v", 3) << " "
            << FitWidth(g.msg("Mô đun", "Module"), 6) << " "
            << FitWidth(g.msg("Nhóm đề", "Pool"), 20) << " " << FitWidth(g.msg("Điểm", "Points"), 6)
            << " " << FitWidth(g.msg("Tệp", "Files"), 5) << " " << g.msg("Tên đề", "Title") << "\n";
  for (const PracticalTask& t : *tasks) {
    const size_t files = 1 + t.starters.size() + t.solutions.size();
    std::cout << FitWidth(t.id, 10) << " " << FitWidth(std::to_string(t.version), 3) << " "
              << FitWidth(t.module, 6) << " " << FitWidth(t.pool, 20) << " "
              << FitWidth(engine::FormatPoints(t.total), 6) << " "
              << FitWidth(std::to_string(files), 5) << " " << FitWidth(t.title, 50) << "\n";
  }
  std::cout << tasks->size() << g.msg(" đề thực hành", " practical tasks") << "\n";
  return 0;
}

int Show(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank practical show ID");
  desc.add_options()("help", "show this help")("id", po::value<std::string>()->required(),
                                               "task id")("version", po::value<int>(),
                                                          "a given version");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "[--db PATH] practical show ID [--version N]")) {
    return 0;
  }
  auto st = store::PracticalStore::Open(g.db, false);
  if (!st.ok()) {
    return Fail(st.status());
  }
  std::optional<int> version;
  if (vm.count("version") != 0U) {
    version = vm["version"].as<int>();
  }
  auto t = (*st)->Get(vm["id"].as<std::string>(), version);
  if (!t.ok()) {
    return Fail(t.status());
  }
  std::cout << t->id << " v" << t->version << " — " << t->title << "\n"
            << g.msg("Mô đun: ", "Module: ") << t->module << g.msg("   Nhóm đề: ", "   Pool: ")
            << t->pool << g.msg("   Thời gian gợi ý: ", "   Time hint: ") << t->minutes
            << g.msg(" phút", " min") << g.msg("   Phần mềm: ", "   Software: ")
            << engine::ToString(t->software) << "\n\n"
            << g.msg("Bảng điểm", "Points table") << "\n";
  for (const engine::PointsLine& p : t->points) {
    std::cout << "  " << FitWidth(p.code, 6) << " " << FitWidth(engine::FormatPoints(p.points), 6)
              << " " << p.description << "\n";
  }
  std::cout << "  " << FitWidth(g.msg("Tổng", "Total"), 6) << " " << engine::FormatPoints(t->total)
            << "\n\n"
            << g.msg("Tệp", "Files") << "\n";
  auto file_row = [&](std::string_view role, const PracticalFile& f) {
    std::cout << "  " << FitWidth(role, 12) << " " << FitWidth(f.name, 32) << " "
              << FitWidth(std::to_string(f.size), 9) << " " << f.sha256 << "\n";
  };
  file_row(g.msg("đề bài", "instructions"), t->instructions);
  for (const PracticalFile& f : t->starters) {
    file_row(g.msg("tệp ban đầu", "starter"), f);
  }
  for (const PracticalFile& f : t->solutions) {
    file_row(g.msg("lời giải", "solution"), f);
  }
  return 0;
}

int Export(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank practical export --out DIR [ID...]");
  desc.add_options()("help", "show this help")("out", po::value<std::string>()->required(),
                                               "the directory to write packages into")(
      "ids", po::value<std::vector<std::string>>(), "task ids (default: every task)");
  po::positional_options_description pos;
  pos.add("ids", -1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "[--db PATH] practical export --out DIR [ID...]")) {
    return 0;
  }
  auto st = store::PracticalStore::Open(g.db, false);
  if (!st.ok()) {
    return Fail(st.status());
  }
  std::vector<std::string> ids;
  if (vm.count("ids") != 0U) {
    ids = vm["ids"].as<std::vector<std::string>>();
  } else {
    auto tasks = (*st)->List();
    if (!tasks.ok()) {
      return Fail(tasks.status());
    }
    for (const PracticalTask& t : *tasks) {
      ids.push_back(t.id);
    }
  }
  // Everything is read, and every target checked, before anything is written.
  const fs::path out(vm["out"].as<std::string>());
  std::vector<PracticalPackage> packages;
  for (const std::string& id : ids) {
    auto p = (*st)->GetPackage(id);
    if (!p.ok()) {
      return Fail(p.status());
    }
    std::error_code ec;
    if (fs::exists(out / id, ec)) {
      return Fail(Status::AlreadyExists((out / id).string() +
                                        " already exists; export into an empty directory"));
    }
    packages.push_back(std::move(*p));
  }
  for (const PracticalPackage& p : packages) {
    const fs::path dir = out / p.task.id;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      return Fail(Status::IoError(dir.string() + ": " + ec.message()));
    }
    Status manifest = WriteFileAtomically((dir / bank::kManifestName).string(),
                                          bank::SerializePracticalManifest(p.task), g.msg.lang());
    if (!manifest.ok()) {
      return Fail(manifest);
    }
    for (const auto& [name, bytes] : p.files) {
      Status s = WriteFileAtomically((dir / name).string(), bytes, g.msg.lang());
      if (!s.ok()) {
        return Fail(s);
      }
    }
  }
  std::cout << g.msg("Đã xuất ", "Exported ") << packages.size()
            << g.msg(" đề thực hành vào ", " practical tasks into ") << out.string() << "\n";
  return 0;
}

}  // namespace

int CmdPractical(const Globals& g, const std::vector<std::string>& args) {
  struct Sub {
    const char* name;
    int (*run)(const Globals&, const std::vector<std::string>&);
    const char* vi;
    const char* en;
  };
  static constexpr Sub kSubs[] = {
      {"import", Import, "nhập các gói đề thực hành (tất cả hoặc không)",
       "import task packages (all or nothing)"},
      {"validate", Validate, "kiểm tra gói đề (không cần cơ sở dữ liệu)",
       "check packages (no database needed)"},
      {"list", List, "liệt kê đề thực hành", "list practical tasks"},
      {"show", Show, "xem một đề: bảng điểm, các tệp và mã băm", "show one task"},
      {"export", Export, "xuất gói đề ra thư mục", "export packages to a directory"},
  };
  if (!args.empty()) {
    for (const Sub& s : kSubs) {
      if (args[0] == s.name) {
        return s.run(g, std::vector<std::string>(args.begin() + 1, args.end()));
      }
    }
  }
  const bool help = !args.empty() && (args[0] == "--help" || args[0] == "-h");
  std::ostream& os = help ? std::cout : std::cerr;
  if (!args.empty() && !help) {
    os << g.msg("qbank: lệnh con không hợp lệ: ", "qbank: unknown subcommand: ") << args[0] << "\n";
  }
  os << g.msg("Cách dùng: ", "Usage: ") << "qbank [--db PATH] practical SUBCOMMAND [ARGS]\n";
  for (const Sub& s : kSubs) {
    os << "  " << FitWidth(s.name, 10) << " " << g.msg(s.vi, s.en) << "\n";
  }
  return help ? 0 : 1;
}

}  // namespace khaothi::tools
