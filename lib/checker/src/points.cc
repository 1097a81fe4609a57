#include "khaothi/checker/points.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <variant>

namespace khaothi::checker {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "ban-hang.xlsx" → "ban-hang"; the name itself when it has no extension.
std::string Stem(std::string_view name) {
  const size_t dot = name.rfind('.');
  return Lower(dot == std::string_view::npos ? name : name.substr(0, dot));
}

// A work file opened and read once, whatever the number of checks that read it.
struct Opened {
  const WorkFile* file = nullptr;
  std::optional<Kind> kind;  // by extension
  bool tried = false;
  Status status;  // the refusal, when it could not be read
  std::variant<std::monostate, Document, Workbook, Presentation> model;
};

void Read(Opened& o) {
  if (o.tried) return;
  o.tried = true;
  Result<OfficeFile> file = OfficeFile::Open(o.file->bytes);
  if (!file.ok()) {
    o.status = file.status();
    return;
  }
  if (file->kind() != *o.kind) {
    o.status = CannotCheck("tệp " + o.file->name + " không đúng loại với phần mở rộng của nó",
                           "the file " + o.file->name + " is not what its extension says");
    return;
  }
  switch (*o.kind) {
    case Kind::kDocument: {
      Result<Document> d = ReadDocument(*file);
      if (d.ok())
        o.model = std::move(*d);
      else
        o.status = d.status();
      break;
    }
    case Kind::kWorkbook: {
      Result<Workbook> w = ReadWorkbook(*file);
      if (w.ok())
        o.model = std::move(*w);
      else
        o.status = w.status();
      break;
    }
    case Kind::kPresentation: {
      Result<Presentation> p = ReadPresentation(*file);
      if (p.ok())
        o.model = std::move(*p);
      else
        o.status = p.status();
      break;
    }
  }
}

// The Vietnamese and English halves of a CannotCheck message ("VI — EN").
std::pair<std::string, std::string> Halves(const Status& status) {
  const std::string& m = status.message();
  const std::string dash = " — ";
  const size_t at = m.find(dash);
  if (at == std::string::npos) return {m, m};
  return {m.substr(0, at), m.substr(at + dash.size())};
}

std::string_view KindVi(Kind kind) {
  switch (kind) {
    case Kind::kDocument:
      return "văn bản (.docx, .odt)";
    case Kind::kWorkbook:
      return "bảng tính (.xlsx, .ods)";
    case Kind::kPresentation:
      return "trình chiếu (.pptx, .odp)";
  }
  return "?";
}

std::string_view KindEn(Kind kind) {
  switch (kind) {
    case Kind::kDocument:
      return "document (.docx, .odt)";
    case Kind::kWorkbook:
      return "spreadsheet (.xlsx, .ods)";
    case Kind::kPresentation:
      return "presentation (.pptx, .odp)";
  }
  return "?";
}

// points × fraction, rounded down to a multiple of 0.25 (of `points` when smaller).
engine::Points Scale(engine::Points points, double fraction) {
  const int64_t step = std::min<int64_t>(engine::Points::kOne / 4, points.ten_thousandths);
  const double raw = static_cast<double>(points.ten_thousandths) * std::clamp(fraction, 0.0, 1.0);
  // A hair of slack so that 0.75 × 1 lands on 0.75, not just below it.
  const int64_t steps = static_cast<int64_t>(std::floor(raw / static_cast<double>(step) + 1e-9));
  return engine::Points{std::min(points.ten_thousandths, steps * step)};
}

}  // namespace

std::optional<Kind> KindOfExtension(std::string_view name) {
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string ext = Lower(name.substr(dot + 1));
  if (ext == "docx" || ext == "odt") return Kind::kDocument;
  if (ext == "xlsx" || ext == "ods") return Kind::kWorkbook;
  if (ext == "pptx" || ext == "odp") return Kind::kPresentation;
  return std::nullopt;
}

Result<TaskChecks> CompileTaskChecks(const engine::PracticalTask& task, CheckPlace* failed) {
  TaskChecks out;
  out.task_id = task.id;
  std::map<std::string, Kind> by_stem;  // starters' and solutions' stems
  std::optional<Kind> solution_kind;
  bool mixed = false;
  for (const engine::PracticalFile& f : task.starters) {
    if (std::optional<Kind> k = KindOfExtension(f.name)) by_stem.emplace(Stem(f.name), *k);
  }
  for (const engine::PracticalFile& f : task.solutions) {
    std::optional<Kind> k = KindOfExtension(f.name);
    if (!k) continue;
    by_stem.emplace(Stem(f.name), *k);
    if (solution_kind && *solution_kind != *k) mixed = true;
    solution_kind = k;
  }
  for (const engine::PointsLine& line : task.points) {
    LineChecks lc{.code = line.code, .points = line.points, .rule = line.rule, .checks = {}};
    for (size_t i = 0; i < line.checks.size(); ++i) {
      const std::string where =
          "points line " + line.code + ", check " + std::to_string(i + 1) + ": ";
      if (failed != nullptr) *failed = CheckPlace{line.code, static_cast<int>(i)};
      // The file it names decides the model it reads; the probe parse only looks for file=.
      Result<Args> probe = Args::Parse(line.checks[i]);
      if (!probe.ok()) return Status::InvalidArgument(where + probe.status().message());
      const std::optional<std::string> file = probe->Text("file");
      std::optional<Kind> reads;
      if (file) {
        auto it = by_stem.find(Lower(*file));
        if (it == by_stem.end()) {
          return Status::InvalidArgument(where + "file=" + *file +
                                         " names no office file of the task");
        }
        reads = it->second;
      } else if (mixed) {
        return Status::InvalidArgument(where +
                                       "the task's solutions are of several kinds; "
                                       "name the file the check reads with file=");
      } else {
        reads = solution_kind;
      }
      if (!reads) {
        return Status::InvalidArgument(where +
                                       "the task has no .docx/.xlsx/.pptx/.odt/.ods/.odp "
                                       "solution for the check to read");
      }
      Result<CompiledCheck> c = CompileCheck(line.checks[i], *reads);
      if (!c.ok()) return Status::InvalidArgument(where + c.status().message());
      lc.checks.push_back(std::move(*c));
    }
    out.lines.push_back(std::move(lc));
  }
  return out;
}

Proposal ProposeMarks(const TaskChecks& checks, const std::vector<WorkFile>& files) {
  std::vector<Opened> opened;
  opened.reserve(files.size());
  for (const WorkFile& f : files) {
    Opened o;
    o.file = &f;
    o.kind = KindOfExtension(f.name);
    opened.push_back(std::move(o));
  }
  // The file a check reads: its stem's file of the right kind, else the only one of that kind.
  auto choose = [&](const CompiledCheck& c, std::string& vi, std::string& en) -> Opened* {
    std::vector<Opened*> of_kind;
    for (Opened& o : opened) {
      if (o.kind && *o.kind == c.reads) of_kind.push_back(&o);
    }
    if (!c.file.empty()) {
      for (Opened* o : of_kind) {
        if (Stem(o->file->name) == Lower(c.file)) return o;
      }
    }
    if (of_kind.size() == 1) return of_kind.front();
    if (of_kind.empty()) {
      vi = "không chấm tự động được: không có tệp " + std::string(KindVi(c.reads));
      en = "cannot be checked automatically: no " + std::string(KindEn(c.reads)) + " file";
    } else {
      std::string names;
      for (Opened* o : of_kind) names += (names.empty() ? "" : ", ") + o->file->name;
      vi = "không chấm tự động được: không rõ tệp nào (" + names + ")";
      en = "cannot be checked automatically: which file is meant is unclear (" + names + ")";
    }
    return nullptr;
  };

  Proposal out;
  out.complete = true;
  for (const LineChecks& line : checks.lines) {
    LineProposal lp;
    lp.code = line.code;
    lp.points = line.points;
    if (line.checks.empty()) {
      lp.reason_vi = "chấm tay: dòng này không có kiểm tra tự động";
      lp.reason_en = "marked by hand: the line has no automatic check";
    }
    double sum = 0;
    bool all_pass = true;
    for (const CompiledCheck& c : line.checks) {
      CheckResult r;
      r.check = c.text;
      std::string vi;
      std::string en;
      Opened* o = choose(c, vi, en);
      if (o != nullptr) {
        Read(*o);
        if (!o->status.ok()) std::tie(vi, en) = Halves(o->status);
      }
      if (o == nullptr || !o->status.ok()) {
        if (lp.reason_vi.empty()) {
          lp.reason_vi = vi;
          lp.reason_en = en;
        }
        r.outcome = MakeOutcome(0, vi, en);
        lp.results.push_back(std::move(r));
        continue;
      }
      r.file = o->file->name;
      if (const auto* d = std::get_if<Document>(&o->model)) {
        r.outcome = c.document(*d);
      } else if (const auto* w = std::get_if<Workbook>(&o->model)) {
        r.outcome = c.workbook(*w);
      } else if (const auto* p = std::get_if<Presentation>(&o->model)) {
        r.outcome = c.presentation(*p);
      }
      sum += r.outcome.score;
      all_pass = all_pass && r.outcome.verdict == Verdict::kPass;
      lp.results.push_back(std::move(r));
    }
    if (lp.reason_vi.empty()) {
      const double fraction = line.rule == engine::PartialRule::kAll
                                  ? (all_pass ? 1.0 : 0.0)
                                  : sum / static_cast<double>(line.checks.size());
      lp.proposed = Scale(line.points, fraction);
      lp.verdict = *lp.proposed == line.points        ? Verdict::kPass
                   : *lp.proposed == engine::Points{} ? Verdict::kFail
                                                      : Verdict::kPartial;
      out.proposed_total.ten_thousandths += lp.proposed->ten_thousandths;
    } else {
      out.complete = false;
    }
    out.lines.push_back(std::move(lp));
  }
  return out;
}

}  // namespace khaothi::checker
