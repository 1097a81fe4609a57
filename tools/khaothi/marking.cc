// khaothi marking assign | list | finalize | export: double marking of the practical
// (docs/practical.md "Marking"). The marks themselves are entered in the dashboard.
#include "khaothi/centre/marking.h"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <unistd.h>

#include "khaothi/centre/practical_work.h"
#include "khaothi/centre/proposals.h"

#include "issuing.h"
#include "khaothi_cli.h"

namespace khaothi::tools {
namespace {

namespace fs = std::filesystem;

// "2026-12-05T01:02:03.004Z": an instant in UTC, as a register for inspection states it.
std::string UtcTime(int64_t ms) {
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(ms % 1000));
  return std::string(buf) + millis;
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) {
      out.push_back(item);
    }
  }
  return out;
}

int Assign(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi marking assign SESSION --first USER --second USER");
  desc.add_options()(
      "session", po::value<std::string>()->required(),
      m("mã ca thi, ví dụ 2026-12-05-S1", "the session id, e.g. 2026-12-05-S1").data())(
      "first", po::value<std::string>()->required(),
      m("cán bộ chấm vòng 1 (vai trò marker)", "the first marker (role marker)").data())(
      "second", po::value<std::string>()->required(),
      m("cán bộ chấm vòng 2 (vai trò marker)", "the second marker (role marker)").data())(
      "sbd", po::value<std::string>()->default_value(""),
      m("chỉ các thí sinh này (phân cách bằng dấu phẩy; mặc định: tất cả)",
        "only these candidates (comma separated; default: all)")
          .data())("subpart", po::value<std::string>()->default_value(""),
                   m("chỉ phần thi này (vd. bang-tinh; mặc định: mọi phần rút đề)",
                     "only this sub-part (e.g. bang-tinh; default: every drawn task)")
                       .data())(
      "threshold", po::value<std::string>()->default_value("0.5"),
      m("chênh lệch tổng điểm một bài quá mức này thì chủ tịch hội đồng quyết định",
        "totals of a task further apart than this go to the chair")
          .data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("session", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm,
                 "marking assign SESSION --first USER --second USER [--sbd A,B] [--subpart S] "
                 "[--threshold 0.5]",
                 g)) {
    return 0;
  }
  const std::optional<engine::Points> threshold =
      engine::ParsePoints(vm["threshold"].as<std::string>());
  if (!threshold) {
    return Fail(g, Status::InvalidArgument(std::string(m("ngưỡng không phải số điểm: ",
                                                         "the threshold is not points: ")) +
                                           vm["threshold"].as<std::string>()));
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  centre::MarkerAssignment a;
  a.sbds = SplitList(vm["sbd"].as<std::string>());
  a.subpart = vm["subpart"].as<std::string>();
  a.first_marker = vm["first"].as<std::string>();
  a.second_marker = vm["second"].as<std::string>();
  a.threshold = *threshold;
  Result<centre::AssignReport> r =
      centre::AssignMarkers(c->db, vm["session"].as<std::string>(), a, centre::CliChange());
  if (!r.ok()) {
    return Fail(g, r.status());
  }
  std::cout << m("Đã giao chấm ", "Assigned ") << r->tasks << m(" bài; ", " tasks; ")
            << r->new_codes << m(" mã phách mới", " new marking codes") << "\n";
  return 0;
}

int List(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi marking list SESSION");
  desc.add_options()("session", po::value<std::string>()->required(),
                     m("mã ca thi", "the session id").data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("session", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "marking list SESSION", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<std::vector<centre::MarkingCase>> cases =
      centre::ListMarkingCases(c->db, vm["session"].as<std::string>(), "");
  if (!cases.ok()) {
    return Fail(g, cases.status());
  }
  // The secretariat's view: the code with its số báo danh (the phách key), never shown to markers.
  std::cout << m("sbd\tmã phách\tphần thi\tđề\tvòng 1\tvòng 2\ttổng 1\ttổng 2\ttrạng thái\tđiểm\n",
                 "sbd\tcode\tsub-part\ttask\tround 1\tround 2\ttotal 1\ttotal 2\tstate\tmark\n");
  auto total = [](const std::optional<centre::MarkEntry>& e) {
    return e ? engine::FormatPoints(e->total) : std::string("-");
  };
  for (const centre::MarkingCase& k : *cases) {
    std::cout << k.sbd << '\t' << k.code << '\t' << k.subpart << '\t' << k.task.id << '/'
              << k.task.version << '\t' << k.first_marker << '\t' << k.second_marker << '\t'
              << total(k.first) << '\t' << total(k.second) << '\t' << centre::ToString(k.state)
              << '\t' << (k.final_mark ? engine::FormatPoints(*k.final_mark) : "-") << '\n';
  }
  return 0;
}

int Finalize(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi marking finalize SESSION");
  desc.add_options()("session", po::value<std::string>()->required(),
                     m("mã ca thi", "the session id").data())(
      "part", po::value<std::string>()->default_value(""),
      m("phần thi (mặc định: phần thực hành duy nhất)", "the part (default: the only entered one)")
          .data())("reason", po::value<std::string>()->default_value(""),
                   m("lý do khi thí sinh đã có điểm (chấm lại, phúc khảo)",
                     "why, for candidates who already have marks (re-mark)")
                       .data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("session", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "marking finalize SESSION [--part P] [--reason R]", g)) {
    return 0;
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  Result<crypto::SigningKey> key = LoadResultsKey(g);
  if (!key.ok()) {
    return Fail(g, key.status());
  }
  Result<centre::FinalizeReport> r =
      centre::FinalizeMarking(c->db, vm["session"].as<std::string>(), vm["part"].as<std::string>(),
                              vm["reason"].as<std::string>(), *key, centre::CliChange());
  if (!r.ok()) {
    return Fail(g, r.status());
  }
  for (const std::string& p : r->pending) {
    std::cout << m("Chưa xong: ", "Pending: ") << centre::Localize(p, m.lang() == Lang::kEn)
              << "\n";
  }
  std::cout << m("Đã chốt điểm của ", "Stored the final marks of ") << r->stored
            << m(" thí sinh; không đổi: ", " candidates; unchanged: ") << r->unchanged
            << m("; chưa xong: ", "; pending: ") << r->pending.size() << "\n";
  return 0;
}

// The proposed mark of every line of every case next to the marks entered (sbd, code, sub-part,
// task, line, max, proposed or why none, round 1, round 2, the chair's decision), UTF-8 with a
// BOM. A proposal is shown only while it is current (it read the files marked).
Result<std::string> ProposedMarksCsv(store::Database& db, const std::string& session) {
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<centre::MarkingCase> cases,
                           centre::ListMarkingCases(db, session, ""));
  std::string csv =
      "\xEF\xBB\xBFSố báo danh,Mã phách,Phần thi,Đề,Phiên bản đề,Ý,Tối đa,Điểm đề xuất,"
      "Không đề xuất vì,Lần chạy đề xuất,Vòng 1,Vòng 2,Quyết định\r\n";
  auto mark = [](const std::optional<centre::MarkEntry>& e, const std::string& code) {
    if (e) {
      for (const centre::LineMark& l : e->lines) {
        if (l.code == code) {
          return engine::FormatPoints(l.points);
        }
      }
    }
    return std::string();
  };
  for (const centre::MarkingCase& k : cases) {
    KHAOTHI_ASSIGN_OR_RETURN(std::optional<centre::ProposalRun> run,
                             centre::CurrentProposal(db, k));
    for (const engine::PointsLine& line : k.task.points) {
      std::string proposed;
      std::string why;
      if (run) {
        for (const centre::ProposalLine& p : run->lines) {
          if (p.code == line.code) {
            proposed = p.proposed ? engine::FormatPoints(*p.proposed) : "";
            why = p.reason_vi;
          }
        }
      }
      csv += CsvField(k.sbd) + "," + CsvField(k.code) + "," + CsvField(k.subpart) + "," +
             CsvField(k.task.id) + "," + std::to_string(k.task.version) + "," +
             CsvField(line.code) + "," + engine::FormatPoints(line.points) + "," + proposed + "," +
             CsvField(why) + "," + (run ? std::to_string(run->id) : "") + "," +
             mark(k.first, line.code) + "," + mark(k.second, line.code) + "," +
             mark(k.decision, line.code) + "\r\n";
    }
  }
  return csv;
}

// `khaothi marking export SESSION --out DIR`: the practical's dossier for inspection.
Status WriteDossier(const Globals& g, store::Database& db, const std::string& session,
                    const fs::path& dir, int& files, int& records) {
  const Lang lang = g.msg.lang();
  KHAOTHI_ASSIGN_OR_RETURN(std::string reg, WorkRegisterCsv(db, session));
  KHAOTHI_RETURN_IF_ERROR(
      WriteFileAtomically((dir / ("so-bai-lam-" + session + ".csv")).string(), reg, lang));
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<centre::WorkRegisterLine> lines,
                           centre::WorkRegister(db, session));
  for (const centre::WorkRegisterLine& l : lines) {
    // ReadWorkBlob hashes the bytes again: a blob that no longer matches is not exported.
    KHAOTHI_ASSIGN_OR_RETURN(std::string bytes, centre::ReadWorkBlob(g.data, l.file.sha256));
    const fs::path folder = dir / "bai-lam" / l.sbd / l.task_id;
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) {
      return Status::IoError(folder.string() + ": " + ec.message());
    }
    KHAOTHI_RETURN_IF_ERROR(WriteFileAtomically(
        (folder / ("v" + std::to_string(l.file.version) + "-" + l.file.name)).string(), bytes,
        lang));
    ++files;
  }
  KHAOTHI_ASSIGN_OR_RETURN(std::string proposed, ProposedMarksCsv(db, session));
  KHAOTHI_RETURN_IF_ERROR(
      WriteFileAtomically((dir / ("diem-de-xuat-" + session + ".csv")).string(), proposed, lang));
  // The signed marks, one envelope per file as khaothi-verify reads them.
  store::Statement q = db.Prepare(
      "SELECT sbd, part, revision, signed FROM practical_marks WHERE session_id = ?1 "
      "ORDER BY sbd, part, revision");
  q.Bind(1, session);
  const fs::path marks = dir / "diem-thuc-hanh";
  std::error_code ec;
  fs::create_directories(marks, ec);
  if (ec) {
    return Status::IoError(marks.string() + ": " + ec.message());
  }
  while (true) {
    KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) {
      break;
    }
    KHAOTHI_RETURN_IF_ERROR(WriteFileAtomically(
        (marks /
         (q.ColumnText(0) + "-" + q.ColumnText(1) + "-" + std::to_string(q.ColumnInt(2)) + ".json"))
            .string(),
        q.ColumnText(3) + "\n", lang));
    ++records;
  }
  return Status::Ok();
}

int Export(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  po::options_description desc("khaothi marking export SESSION --out DIR");
  desc.add_options()(
      "session", po::value<std::string>()->required(),
      m("mã ca thi, ví dụ 2026-12-05-S1", "the session id, e.g. 2026-12-05-S1").data())(
      "out", po::value<std::string>()->required(),
      m("thư mục hồ sơ, chưa tồn tại (vd. ho-so-S1)", "the dossier's folder, new (e.g. ho-so-S1)")
          .data());
  desc.add(CommonOptions(g));
  po::positional_options_description pos;
  pos.add("session", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "marking export SESSION --out DIR", g)) {
    return 0;
  }
  const fs::path out(vm["out"].as<std::string>());
  std::error_code ec;
  if (fs::exists(out, ec) || fs::is_symlink(out, ec)) {
    return Fail(g, Status::AlreadyExists(out.string() +
                                         std::string(m(" đã có; hồ sơ không ghi đè thư mục nào",
                                                       " exists; an export never overwrites"))));
  }
  Result<CentreHandle> c = OpenCentreDir(g);
  if (!c.ok()) {
    return Fail(g, c.status());
  }
  const std::string session = vm["session"].as<std::string>();
  // Written into a temporary folder and renamed: DIR is either absent or the whole dossier.
  const fs::path tmp = out.string() + ".part-" + std::to_string(getpid());
  fs::create_directories(tmp, ec);
  int files = 0;
  int records = 0;
  Status s = ec ? Status::IoError(tmp.string() + ": " + ec.message())
                : WriteDossier(g, c->db, session, tmp, files, records);
  if (s.ok()) {
    fs::rename(tmp, out, ec);
    if (ec) {
      s = Status::IoError(out.string() + ": " + ec.message());
    }
  }
  if (!s.ok()) {
    fs::remove_all(tmp, ec);
    return Fail(g, s);
  }
  std::cout << m("Hồ sơ bài thực hành: ", "Practical dossier: ") << out.string() << " (" << files
            << m(" tệp bài làm, ", " work files, ") << records
            << m(" bản ghi điểm đã ký)", " signed marks records)") << "\n";
  return 0;
}

}  // namespace

Result<std::string> WorkRegisterCsv(store::Database& db, const std::string& session) {
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<centre::WorkRegisterLine> lines,
                           centre::WorkRegister(db, session));
  std::string csv =
      "\xEF\xBB\xBFSố báo danh,Mã phách,Phần thi,Đề,Phiên bản đề,Tệp,Phiên bản,Dung lượng (byte),"
      "SHA-256,Nhận lúc (UTC),Máy,Được chấm\r\n";
  for (const centre::WorkRegisterLine& l : lines) {
    csv += CsvField(l.sbd) + "," + CsvField(l.code) + "," + CsvField(l.subpart) + "," +
           CsvField(l.task_id) + "," + std::to_string(l.task_version) + "," +
           CsvField(l.file.name) + "," + std::to_string(l.file.version) + "," +
           std::to_string(l.file.size) + "," + l.file.sha256 + "," + UtcTime(l.file.received_ms) +
           "," + CsvField(l.file.machine) + "," + (l.marked ? "có" : "không") + "\r\n";
  }
  return csv;
}

int CmdMarking(Globals& g, const std::vector<std::string>& args) {
  const Messages& m = g.msg;
  const std::string sub = args.empty() ? "" : args[0];
  const std::vector<std::string> rest =
      args.empty() ? args : std::vector<std::string>(args.begin() + 1, args.end());
  if (sub == "assign") {
    return Assign(g, rest);
  }
  if (sub == "list") {
    return List(g, rest);
  }
  if (sub == "finalize") {
    return Finalize(g, rest);
  }
  if (sub == "export") {
    return Export(g, rest);
  }
  const bool help = sub == "--help" || sub == "-h";
  (help ? std::cout : std::cerr)
      << m("cách dùng: ", "usage: ") << "khaothi marking assign|list|finalize ...\n"
      << "  assign    "
      << m("giao bài thực hành cho hai cán bộ chấm; cấp mã phách",
           "assign practical work to two markers; give marking codes")
      << "\n  list      "
      << m("mã phách, người chấm, điểm hai vòng và trạng thái",
           "marking codes, markers, both rounds' totals and the state")
      << "\n  finalize  "
      << m("chốt điểm đã thống nhất hoặc đã quyết định vào kết quả (ký số)",
           "store agreed or decided marks in the results (signed)")
      << "\n  export    "
      << m("hồ sơ cho thanh tra: sổ bài làm, mọi phiên bản tệp, bản ghi điểm đã ký",
           "the dossier for inspection: the register, every file version, the signed marks")
      << "\n";
  return help ? 0 : 1;
}

}  // namespace khaothi::tools
