// `qbank retire`: takes an item out of future forms; its versions stay.
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

int CmdRetire(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank retire ID");
  desc.add_options()("help", "show this help")("id", po::value<std::string>()->required(),
                                               "item id");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "[--db PATH] retire ID")) {
    return 0;
  }
  auto st = OpenStore(g);
  if (!st.ok()) {
    return Fail(st.status());
  }
  const std::string id = vm["id"].as<std::string>();
  if (Status s = (*st)->Retire(id); !s.ok()) {
    return Fail(s);
  }
  std::cout << g.msg("Đã cho thôi dùng ", "Retired ") << id << "\n";
  return 0;
}

}  // namespace khaothi::tools
