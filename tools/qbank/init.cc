// `qbank init`: creates the bank database.
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

int CmdInit(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank init");
  desc.add_options()("help", "show this help");
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "[--db PATH] init")) {
    return 0;
  }
  auto st = OpenStore(g, /*create=*/true);
  if (!st.ok()) {
    return Fail(st.status());
  }
  std::cout << g.msg("Đã sẵn sàng cơ sở dữ liệu ", "Database ready at ") << g.db << "\n";
  return 0;
}

}  // namespace khaothi::tools
