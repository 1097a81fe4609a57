// `qbank import`: stores the items of bank files (native, GIFT, Aiken, QTI) all or nothing; changed
// items become new versions.
#include "khaothi/bank/import.h"

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
#include "khaothi/bank/native.h"
#include "khaothi/bank/qti.h"
#include "khaothi/bank/validate.h"
#include "khaothi/engine/outline.h"
#include "khaothi/store/item_store.h"

#include "qbank_cli.h"

namespace khaothi::tools {

using engine::Item;

int CmdImport(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank import PATH...");
  desc.add_options()("help", "show this help")("paths", po::value<std::vector<std::string>>(),
                                               "files or directories")(
      "format", po::value<std::string>()->default_value("auto"), "auto|native|gift|aiken|qti")(
      "dry-run", "check and report what would change, change nothing");
  desc.add(DefaultsOptions());
  po::positional_options_description pos;
  pos.add("paths", -1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "[--db PATH] import PATH... [--format F] [--dry-run]")) {
    return 0;
  }
  if (vm.count("paths") == 0U) {
    return Fail(Status::InvalidArgument("import needs at least one PATH"));
  }
  auto format = FormatFrom(vm);
  auto defaults = DefaultsFrom(vm);
  if (!format.ok() || !defaults.ok()) {
    return Fail(format.ok() ? defaults.status() : format.status());
  }
  const auto paths = vm["paths"].as<std::vector<std::string>>();
  bank::ParsedBank parsed = ReadSources(paths, *format, *defaults);
  const int errors = Report(parsed);
  if (errors > 0) {
    std::cerr << g.msg("qbank: có ", "qbank: ") << errors
              << g.msg(" lỗi; không nhập câu hỏi nào.", " error(s); nothing was imported.") << "\n";
    return 1;
  }
  auto st = OpenStore(g);
  if (!st.ok()) {
    return Fail(st.status());
  }
  std::vector<Item> items;
  for (bank::SourceItem& s : parsed.items) {
    items.push_back(std::move(s.item));
  }
  std::string source;
  for (const std::string& p : paths) {
    source += (source.empty() ? "" : " ") + p;
  }
  if (vm.count("dry-run") != 0U) {
    int added = 0;
    int updated = 0;
    for (const Item& item : items) {
      Result<Item> cur = (*st)->Get(item.id);
      if (!cur.ok()) {
        ++added;
        continue;
      }
      Item a = *cur;
      Item b = item;
      a.version = b.version = 0;
      updated += a == b ? 0 : 1;
    }
    std::cout << g.msg("Chạy thử: sẽ thêm ", "Dry run: would add ") << added
              << g.msg(", cập nhật ", ", update ") << updated << g.msg(", giữ nguyên ", ", keep ")
              << (static_cast<int>(items.size()) - added - updated) << g.msg(" câu hỏi.", " items.")
              << "\n";
    return 0;
  }
  Result<store::ImportReport> r = (*st)->Import(items, source);
  if (!r.ok()) {
    return Fail(r.status());
  }
  std::cout << g.msg("Đã nhập: thêm ", "Imported: added ") << r->added
            << g.msg(", phiên bản mới ", ", new versions ") << r->updated
            << g.msg(", không đổi ", ", unchanged ") << r->unchanged << ".\n";
  return 0;
}

}  // namespace khaothi::tools
