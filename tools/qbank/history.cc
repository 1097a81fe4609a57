// `qbank history`: the versions of one item and what changed between them.
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

// The names of the fields that differ between two versions of an item.
std::string ChangedFields(const Item& a, const Item& b) {
  std::vector<std::string> changed;
  auto note = [&](bool differs, const char* name) {
    if (differs) {
      changed.emplace_back(name);
    }
  };
  note(a.module != b.module, "module");
  note(a.topic != b.topic, "topic");
  note(a.difficulty != b.difficulty, "difficulty");
  note(a.status != b.status, "status");
  note(a.name != b.name, "name");
  note(a.exclusion_group != b.exclusion_group, "group");
  note(a.software != b.software, "software");
  note(a.mode != b.mode, "mode");
  note(a.stem != b.stem, "stem");
  bool texts = a.options.size() != b.options.size();
  bool key = false;
  bool other = false;
  for (size_t i = 0; !texts && i < a.options.size(); ++i) {
    texts = a.options[i].text != b.options[i].text;
    key = key || a.options[i].correct != b.options[i].correct ||
          a.options[i].weight != b.options[i].weight;
    other = other || a.options[i].fixed != b.options[i].fixed ||
            a.options[i].feedback != b.options[i].feedback;
  }
  note(texts, "options");
  note(key, "key");
  note(other, "fixed/feedback");
  note(a.explanation != b.explanation, "explanation");
  std::string out;
  for (const std::string& c : changed) {
    out += (out.empty() ? "" : ", ") + c;
  }
  return out;
}

int CmdHistory(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank history ID");
  desc.add_options()("help", "show this help")("id", po::value<std::string>()->required(),
                                               "item id");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "[--db PATH] history ID")) {
    return 0;
  }
  auto st = OpenStore(g);
  if (!st.ok()) {
    return Fail(st.status());
  }
  auto history = (*st)->History(vm["id"].as<std::string>());
  if (!history.ok()) {
    return Fail(history.status());
  }
  for (size_t i = 0; i < history->size(); ++i) {
    const store::ItemVersion& v = (*history)[i];
    std::cout << "v" << v.item.version << "  " << v.stored_at << "  "
              << FitWidth(engine::ToString(v.item.status), 8) << "  " << v.source;
    if (i == 0) {
      std::cout << "  (" << g.msg("tạo mới", "created") << ")";
    } else {
      std::cout << "  (" << g.msg("thay đổi: ", "changed: ")
                << ChangedFields((*history)[i - 1].item, v.item) << ")";
    }
    std::cout << "\n";
  }
  return 0;
}

}  // namespace khaothi::tools
