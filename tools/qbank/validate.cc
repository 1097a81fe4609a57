// `qbank validate`: checks bank files without a database — errors, and the item-writing-flaw
// warnings.
#include "khaothi/bank/validate.h"

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
#include "khaothi/engine/outline.h"
#include "khaothi/store/item_store.h"

#include "qbank_cli.h"

namespace khaothi::tools {

using engine::Item;

int CmdValidate(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank validate PATH...");
  desc.add_options()("help", "show this help")("paths", po::value<std::vector<std::string>>(),
                                               "files or directories")(
      "format", po::value<std::string>()->default_value("auto"), "auto|native|gift|aiken|qti")(
      "strict", "exit non-zero on warnings too");
  desc.add(DefaultsOptions());
  desc.add(FlawThresholdOptions());
  po::positional_options_description pos;
  pos.add("paths", -1);
  po::variables_map vm;
  if (!ParseArgs(args, desc, pos, vm, "validate PATH... [--format F] [--strict] [thresholds]")) {
    return 0;
  }
  if (vm.count("paths") == 0U) {
    return Fail(Status::InvalidArgument("validate needs at least one PATH"));
  }
  auto format = FormatFrom(vm);
  auto defaults = DefaultsFrom(vm);
  if (!format.ok() || !defaults.ok()) {
    return Fail(format.ok() ? defaults.status() : format.status());
  }
  auto flaw_options = FlawOptionsFrom(vm);
  if (!flaw_options.ok()) {
    return Fail(flaw_options.status());
  }
  bank::ParsedBank parsed =
      ReadSources(vm["paths"].as<std::vector<std::string>>(), *format, *defaults);
  AddFlawWarnings(parsed, *flaw_options);
  const int errors = Report(parsed);
  const int warnings = static_cast<int>(parsed.diagnostics.size()) - errors;
  std::cout << parsed.items.size() << g.msg(" câu hỏi, ", " items, ") << errors
            << g.msg(" lỗi, ", " errors, ") << warnings << g.msg(" cảnh báo", " warnings") << "\n";
  // Warnings are advice (a flawed item is still a valid item) unless the setter asks otherwise.
  return errors == 0 && (warnings == 0 || vm.count("strict") == 0U) ? 0 : 1;
}

}  // namespace khaothi::tools
