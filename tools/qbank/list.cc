// `qbank list`: the items of the bank, filtered by module, topic, difficulty or status.
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
#include "khaothi/store/item_store.h"

#include "qbank_cli.h"

namespace khaothi::tools {

using engine::Item;

int CmdList(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank list");
  desc.add_options()("help", "show this help")("module", po::value<std::string>(),
                                               "only this module, e.g. IU04")(
      "topic", po::value<std::string>(), "topic code or prefix (IU04.5)")(
      "difficulty", po::value<std::string>(), "easy|medium|hard")(
      "status", po::value<std::string>(), "draft|active|retired");
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "[--db PATH] list [--module M] [--topic T] ...")) {
    return 0;
  }
  store::ItemFilter f;
  if (vm.count("module") != 0U) {
    f.module = vm["module"].as<std::string>();
  }
  if (vm.count("topic") != 0U) {
    f.topic_prefix = vm["topic"].as<std::string>();
  }
  if (vm.count("difficulty") != 0U) {
    f.difficulty = engine::ParseDifficulty(vm["difficulty"].as<std::string>());
    if (!f.difficulty) {
      return Fail(Status::InvalidArgument("difficulty must be easy, medium or hard"));
    }
  }
  if (vm.count("status") != 0U) {
    f.status = engine::ParseItemStatus(vm["status"].as<std::string>());
    if (!f.status) {
      return Fail(Status::InvalidArgument("status must be draft, active or retired"));
    }
  }
  auto st = OpenStore(g);
  if (!st.ok()) {
    return Fail(st.status());
  }
  auto items = (*st)->List(f);
  if (!items.ok()) {
    return Fail(items.status());
  }
  std::cout << FitWidth(g.msg("Mã", "Id"), 12) << " " << FitWidth("v", 3) << " "
            << FitWidth(g.msg("Chủ đề", "Topic"), 9) << " " << FitWidth(g.msg("Độ khó", "Level"), 7)
            << " " << FitWidth(g.msg("Trạng thái", "Status"), 10) << " "
            << g.msg("Câu hỏi", "Question") << "\n";
  for (const Item& item : *items) {
    std::string_view stem = item.stem;
    stem = stem.substr(0, stem.find('\n'));
    std::cout << FitWidth(item.id, 12) << " " << FitWidth(std::to_string(item.version), 3) << " "
              << FitWidth(item.topic, 9) << " "
              << FitWidth(item.difficulty ? engine::ToString(*item.difficulty) : "-", 7) << " "
              << FitWidth(engine::ToString(item.status), 10) << " " << FitWidth(stem, 60) << "\n";
  }
  std::cout << items->size() << g.msg(" câu hỏi", " items") << "\n";
  return 0;
}

}  // namespace khaothi::tools
