// checker-bench: how fast the office-file checker proposes marks (issue 16, "Speed";
// docs/performance.md "Checking office files"). A program, not a test: it prints figures.
//
//   checker-bench [--seconds 5] [--min-checks 10]
//   checker-bench --explain TASK FILE...   the proposal for FILEs against TASK, line by line
//   checker-bench --dump FILE               the workbook model of an .xlsx/.ods, as read
//
// The files are the centre's typical candidate files that exist: the model solutions and
// starters of question-bank/data/practical and every corpus file of tests/checker/corpus (made
// by LibreOffice, both formats), each checked against its own task's points table — only tasks
// whose table has at least --min-checks checks. One thread: every file is opened from its bytes,
// read into its model and run through all the checks of its task (ProposeMarks, exactly what
// the centre runs per candidate), over and over for --seconds. Prints files/s, the per-file
// p50/p99/max, and what 1,000 candidates × 3 files would take on one core at that rate.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "khaothi/bank/practical.h"
#include "khaothi/checker/office_file.h"
#include "khaothi/checker/points.h"
#include "khaothi/checker/workbook.h"

namespace fs = std::filesystem;
using khaothi::checker::ProposeMarks;
using khaothi::checker::TaskChecks;
using khaothi::checker::WorkFile;

namespace {

const fs::path kPractical = fs::path(KHAOTHI_SOURCE_DIR) / "question-bank/data/practical";
const fs::path kCorpus = fs::path(KHAOTHI_SOURCE_DIR) / "tests/checker/corpus";

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "checker-bench: " << message << "\n";
  std::exit(1);
}

TaskChecks LoadTask(const std::string& id) {
  auto parsed =
      khaothi::bank::ParsePracticalManifest(Slurp(kPractical / id / "task.txt"), id + "/task.txt");
  if (!parsed.ok()) Die(std::string(parsed.status().message()));
  auto checks = khaothi::checker::CompileTaskChecks(parsed->task);
  if (!checks.ok()) Die(std::string(checks.status().message()));
  return std::move(checks).value();
}

int CheckCount(const TaskChecks& task) {
  int n = 0;
  for (const auto& line : task.lines) n += static_cast<int>(line.checks.size());
  return n;
}

void Explain(const std::string& task_id, const std::vector<std::string>& paths) {
  const TaskChecks task = LoadTask(task_id);
  std::vector<std::string> bytes;
  std::vector<WorkFile> files;
  bytes.reserve(paths.size());
  for (const std::string& p : paths) {
    bytes.push_back(Slurp(p));
    files.push_back({fs::path(p).filename().string(), bytes.back()});
  }
  const auto proposal = ProposeMarks(task, files);
  for (const auto& line : proposal.lines) {
    std::cout << "line " << line.code << ": "
              << (line.proposed ? khaothi::engine::FormatPoints(*line.proposed) : "-") << " / "
              << khaothi::engine::FormatPoints(line.points) << " " << line.reason_vi << "\n";
    for (const auto& r : line.results) {
      std::cout << "    " << VerdictName(r.outcome.verdict) << " " << r.outcome.score << "  "
                << r.check << "\n      " << r.outcome.evidence_vi << "\n";
    }
  }
  std::cout << "total " << khaothi::engine::FormatPoints(proposal.proposed_total) << "\n";
}

void Dump(const std::string& path) {
  using namespace khaothi::checker;
  const std::string bytes = Slurp(path);
  auto file = OfficeFile::Open(bytes);
  if (!file.ok()) Die(std::string(file.status().message()));
  auto book = ReadWorkbook(*file);
  if (!book.ok()) Die(std::string(book.status().message()));
  for (const Sheet& sheet : book->sheets) {
    std::cout << "sheet " << sheet.name << ": " << sheet.cells.size() << " cells, print "
              << sheet.print.orientation << " " << sheet.print.paper << " fit "
              << sheet.print.fit_width << "\n";
    for (const auto& [ref, cell] : sheet.cells) {
      const CellStyle& s = cell.style;
      std::cout << "  " << CellName(ref) << " = " << DisplayValue(cell)
                << (cell.formula.empty() ? "" : "  [=" + cell.formula + "]") << "  {"
                << cell.number_format << "} " << s.font << " " << s.size << (s.bold ? " b" : "")
                << (s.italic ? " i" : "") << (s.align.empty() ? "" : " " + s.align)
                << (s.fill.empty() ? "" : " #" + s.fill) << " borders " << s.border_left
                << s.border_right << s.border_top << s.border_bottom << "\n";
    }
    for (const CellRange& m : sheet.merged) std::cout << "  merged " << RangeName(m) << "\n";
    for (const CellRange& f : sheet.autofilters) std::cout << "  filter " << RangeName(f) << "\n";
    for (const ConditionalFormat& f : sheet.conditional_formats) {
      std::cout << "  conditional";
      for (const CellRange& r : f.ranges) std::cout << " " << RangeName(r);
      for (const std::string& t : f.types) std::cout << " " << t;
      std::cout << "\n";
    }
    for (const Chart& c : sheet.charts) {
      std::cout << "  chart " << c.type << " title \"" << c.title << "\" x \"" << c.x_axis_title
                << "\" y \"" << c.y_axis_title << "\" legend " << c.legend << " series";
      for (const SheetRange& r : c.series) std::cout << " " << SheetRangeName(r);
      if (c.categories) std::cout << " categories " << SheetRangeName(*c.categories);
      std::cout << "\n";
    }
  }
}

struct Sample {
  std::string name;
  std::string bytes;
  const TaskChecks* task;
};

}  // namespace

int main(int argc, char** argv) {
  double seconds = 5;
  int min_checks = 10;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--dump" && i + 1 < argc) {
      Dump(argv[i + 1]);
      return 0;
    }
    if (arg == "--explain" && i + 2 < argc) {
      Explain(argv[i + 1], std::vector<std::string>(argv + i + 2, argv + argc));
      return 0;
    }
    if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (arg == "--min-checks" && i + 1 < argc) {
      min_checks = std::atoi(argv[++i]);
    } else {
      Die("usage: checker-bench [--seconds S] [--min-checks N] | --explain TASK FILE... | --dump "
          "FILE");
    }
  }

  std::map<std::string, TaskChecks> tasks;
  std::vector<Sample> samples;
  std::vector<std::string> ids;
  for (const auto& e : fs::directory_iterator(kPractical)) {
    if (fs::exists(e.path() / "task.txt")) ids.push_back(e.path().filename().string());
  }
  std::sort(ids.begin(), ids.end());
  for (const std::string& id : ids) {
    TaskChecks task = LoadTask(id);
    if (CheckCount(task) < min_checks) {
      std::printf("skipped %s: %d checks\n", id.c_str(), CheckCount(task));
      continue;
    }
    const TaskChecks& kept = tasks.emplace(id, std::move(task)).first->second;
    std::vector<fs::path> paths;
    for (const fs::path& dir : {kPractical / id, kCorpus / id}) {
      if (!fs::is_directory(dir)) continue;
      for (const auto& f : fs::directory_iterator(dir)) {
        if (khaothi::checker::KindOfExtension(f.path().filename().string())) {
          paths.push_back(f.path());
        }
      }
    }
    std::sort(paths.begin(), paths.end());
    for (const fs::path& p : paths) {
      samples.push_back({id + "/" + p.filename().string(), Slurp(p), &kept});
    }
  }
  if (samples.empty()) Die("no files to check");

  double total_kib = 0;
  double min_kib = 1e9;
  double max_kib = 0;
  for (const Sample& s : samples) {
    const double kib = static_cast<double>(s.bytes.size()) / 1024.0;
    total_kib += kib;
    min_kib = std::min(min_kib, kib);
    max_kib = std::max(max_kib, kib);
  }
  std::printf("%zu files of %zu tasks, %.1f KiB on average (%.1f–%.1f KiB)\n", samples.size(),
              tasks.size(), total_kib / static_cast<double>(samples.size()), min_kib, max_kib);
  for (const auto& [id, task] : tasks) {
    std::printf("  %s: %zu points lines, %d checks\n", id.c_str(), task.lines.size(),
                CheckCount(task));
  }

  using Clock = std::chrono::steady_clock;
  std::vector<double> micros;
  std::map<std::string, std::vector<double>> by_format;  // ".xlsx" → per-file times
  int64_t checked_points = 0;
  const auto start = Clock::now();
  const auto until = start + std::chrono::duration<double>(seconds);
  do {
    for (const Sample& s : samples) {
      const auto t0 = Clock::now();
      const auto proposal = ProposeMarks(*s.task, {WorkFile{s.name, s.bytes}});
      const auto t1 = Clock::now();
      micros.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
      by_format[fs::path(s.name).extension().string()].push_back(micros.back());
      checked_points += proposal.proposed_total.ten_thousandths;  // keeps the work observable
    }
  } while (Clock::now() < until);
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(micros.begin(), micros.end());
  auto pct = [&](double p) {
    const auto at = static_cast<size_t>(p * static_cast<double>(micros.size()));
    return micros[std::min(micros.size() - 1, at)];
  };
  const double rate = static_cast<double>(micros.size()) / elapsed;
  std::printf("%zu files checked in %.2f s on one thread: %.0f files/s\n", micros.size(), elapsed,
              rate);
  std::printf("per file: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", pct(0.50) / 1000,
              pct(0.99) / 1000, micros.back() / 1000);
  for (auto& [ext, times] : by_format) {
    std::sort(times.begin(), times.end());
    double sum = 0;
    for (const double t : times) sum += t;
    const auto at = static_cast<size_t>(0.99 * static_cast<double>(times.size()));
    std::printf("  %s: mean %.2f ms, p50 %.2f ms, p99 %.2f ms (%zu checks of a file)\n",
                ext.c_str(), sum / static_cast<double>(times.size()) / 1000,
                times[times.size() / 2] / 1000, times[std::min(times.size() - 1, at)] / 1000,
                times.size());
  }
  std::printf("1,000 candidates x 3 files on one core: %.1f s (target < 15 s; >= 200 files/s)\n",
              3000.0 / rate);
  if (checked_points < 0) std::printf("impossible\n");
  return 0;
}
