// `qbank review-export`: the command; the page is rendered by review.cc.
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
#include "review.h"

namespace khaothi::tools {

using engine::Item;

int CmdReviewExport(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank review-export");
  desc.add_options()("help", "show this help")("out", po::value<std::string>()->required(),
                                               "the HTML file to write");
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "[--db PATH] review-export --out FILE.html")) {
    return 0;
  }
  Result<ActiveBank> active = LoadActiveBank(g);
  if (!active.ok()) {
    return Fail(active.status());
  }
  const std::string out = vm["out"].as<std::string>();
  if (Status s =
          WriteFileAtomically(out, RenderReviewHtml(active->items, active->snapshot_id, g.db));
      !s.ok()) {
    return Fail(s);
  }
  std::cout << g.msg("Đã ghi tài liệu thẩm định ", "Wrote the review document ") << out << " ("
            << active->items.size() << g.msg(" câu hỏi)", " items)") << "\n";
  return 0;
}

}  // namespace khaothi::tools
