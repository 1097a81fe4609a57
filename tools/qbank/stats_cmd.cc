// `qbank stats`: the command; the figures are built and printed by stats.cc.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "khaothi/bank/aiken.h"
#include "khaothi/bank/flaws.h"
#include "khaothi/bank/gift.h"
#include "khaothi/bank/import.h"
#include "khaothi/bank/native.h"
#include "khaothi/bank/qti.h"
#include "khaothi/bank/validate.h"
#include "khaothi/engine/outline.h"
#include "khaothi/engine/practical.h"
#include "khaothi/store/item_store.h"
#include "khaothi/store/practical_store.h"

#include "qbank_cli.h"
#include "stats.h"

namespace khaothi::tools {

using engine::Item;

int CmdStats(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank stats");
  desc.add_options()("help", "show this help")("blueprint", po::value<std::string>(),
                                               "a blueprint file: show the shortfall per cell");
  desc.add(FlawThresholdOptions());
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "[--db PATH] stats [--blueprint FILE] [thresholds]")) {
    return 0;
  }
  auto flaw_options = FlawOptionsFrom(vm);
  if (!flaw_options.ok()) {
    return Fail(flaw_options.status());
  }
  Result<ActiveBank> active = LoadActiveBank(g);
  if (!active.ok()) {
    return Fail(active.status());
  }
  std::optional<std::string> blueprint;
  if (vm.count("blueprint") != 0U) {
    auto text = ReadFile(vm["blueprint"].as<std::string>());
    if (!text.ok()) {
      return Fail(text.status());
    }
    blueprint = *text;
  }
  Result<StatsReport> report = BuildStats(active->items, blueprint, *flaw_options);
  if (!report.ok()) {
    return Fail(report.status());
  }
  std::cout << RenderStats(*report, active->snapshot_id, g.msg);
  // The practical sub-parts that draw a task: each pool must give one (docs/practical.md).
  int practical_problems = 0;
  if (report->blueprint &&
      std::any_of(report->blueprint->parts.begin(), report->blueprint->parts.end(),
                  [](const engine::Part& p) { return !p.tasks.empty(); })) {
    auto practical = store::PracticalStore::Open(g.db, false);
    if (!practical.ok()) {
      return Fail(practical.status());
    }
    auto tasks = (*practical)->List();
    if (!tasks.ok()) {
      return Fail(tasks.status());
    }
    const std::vector<std::string> problems =
        engine::CheckPracticalPools(*report->blueprint, *tasks);
    std::cout << "\n" << g.msg("Đề thực hành: ", "Practical tasks: ");
    if (problems.empty()) {
      std::cout << g.msg("mọi nhóm đề đều đủ.", "every pool can give a task.") << "\n";
    } else {
      std::cout << problems.size() << g.msg(" vấn đề", " problem(s)") << "\n";
      for (const std::string& p : problems) {
        std::cout << "  " << p << "\n";
      }
    }
    practical_problems = static_cast<int>(problems.size());
  }
  return report->short_cells == 0 && practical_problems == 0 ? 0 : 2;
}

}  // namespace khaothi::tools
