// `qbank show`: one item as stored.
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

int CmdShow(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank show ID");
  desc.add_options()("help", "show this help")("id", po::value<std::string>()->required(),
                                               "item id")("version", po::value<int>(),
                                                          "a given version");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "[--db PATH] show ID [--version N]")) {
    return 0;
  }
  auto st = OpenStore(g);
  if (!st.ok()) {
    return Fail(st.status());
  }
  std::optional<int> version;
  if (vm.count("version") != 0U) {
    version = vm["version"].as<int>();
  }
  auto item = (*st)->Get(vm["id"].as<std::string>(), version);
  if (!item.ok()) {
    return Fail(item.status());
  }
  std::cout << bank::SerializeNative({*item});
  return 0;
}

}  // namespace khaothi::tools
