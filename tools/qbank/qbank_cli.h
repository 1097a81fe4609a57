// Shared pieces of `qbank`, the exam setters' tool for the question bank: global options,
// argument parsing, reading bank files, the flaw-check thresholds, and the commands' entry
// points — one file per command, as tools/khaothi does.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

#include "khaothi/bank/flaws.h"
#include "khaothi/bank/import.h"
#include "khaothi/bank/source.h"
#include "khaothi/engine/status.h"
#include "khaothi/store/item_store.h"

#include "cli.h"

namespace khaothi::tools {

namespace po = boost::program_options;

struct Globals {
  std::string db = "./center.db";
  Messages msg{Lang::kVi};
};

// Prints "qbank: <message>" on stderr; returns the exit code 1.
int Fail(const Status& s);

// Parses `args` against `desc` (with `pos` positionals); prints help and returns false on --help.
// Throws po::error on bad arguments, which the dispatcher turns into a message.
bool ParseArgs(const std::vector<std::string>& args, const po::options_description& desc,
               const po::positional_options_description& pos, po::variables_map& vm,
               std::string_view usage);

// The item store in the --db file; `create` makes the file when it does not exist.
Result<std::unique_ptr<store::ItemStore>> OpenStore(const Globals& g, bool create = false);

// The active items of the --db bank and its snapshot id (docs/forms.md, "The bank snapshot").
struct ActiveBank {
  std::vector<engine::Item> items;
  std::string snapshot_id;
};
Result<ActiveBank> LoadActiveBank(const Globals& g);

// Reads and parses every source under `paths`, then validates them together.
bank::ParsedBank ReadSources(const std::vector<std::string>& paths, bank::Format format,
                             const bank::ImportDefaults& defaults);

// Appends the item-writing-flaw warnings of `parsed` (see bank/flaws.h), each at its item's file
// and line; a module's warnings go to the file of its first item, line 0.
void AddFlawWarnings(bank::ParsedBank& parsed, const bank::FlawOptions& options);

// The --key-ratio ... --min-module-items options of `validate` and `stats`, and their values.
po::options_description FlawThresholdOptions();
Result<bank::FlawOptions> FlawOptionsFrom(const po::variables_map& vm);

// Prints diagnostics; returns the number of errors.
int Report(const bank::ParsedBank& parsed);

// The --module/--topic/--difficulty defaults of `validate` and `import`, and their values.
po::options_description DefaultsOptions();
Result<bank::ImportDefaults> DefaultsFrom(const po::variables_map& vm);
// The --format option's value.
Result<bank::Format> FormatFrom(const po::variables_map& vm);

int CmdInit(const Globals& g, const std::vector<std::string>& args);
int CmdValidate(const Globals& g, const std::vector<std::string>& args);
int CmdImport(const Globals& g, const std::vector<std::string>& args);
int CmdExport(const Globals& g, const std::vector<std::string>& args);
int CmdList(const Globals& g, const std::vector<std::string>& args);
int CmdShow(const Globals& g, const std::vector<std::string>& args);
int CmdRetire(const Globals& g, const std::vector<std::string>& args);
int CmdHistory(const Globals& g, const std::vector<std::string>& args);
int CmdStats(const Globals& g, const std::vector<std::string>& args);
int CmdReviewExport(const Globals& g, const std::vector<std::string>& args);
// `qbank practical import|validate|list|show|export` (practical.cc).
int CmdPractical(const Globals& g, const std::vector<std::string>& args);

}  // namespace khaothi::tools
