// What the qbank commands share: failing, argument parsing, reading bank files, thresholds.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
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

int Fail(const Status& s) {
  std::cerr << "qbank: " << s.message() << "\n";
  return 1;
}

// Parses `args` against `desc` (with `pos` positionals); prints help and returns false on --help.
bool ParseArgs(const std::vector<std::string>& args, const po::options_description& desc,
               const po::positional_options_description& pos, po::variables_map& vm,
               std::string_view usage) {
  po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
  if (vm.count("help") != 0U) {
    std::cout << "usage: qbank " << usage << "\n" << desc << "\n";
    return false;
  }
  po::notify(vm);
  return true;
}

Result<std::unique_ptr<store::ItemStore>> OpenStore(const Globals& g, bool create) {
  return store::ItemStore::Open(g.db, create);
}

Result<ActiveBank> LoadActiveBank(const Globals& g) {
  KHAOTHI_ASSIGN_OR_RETURN(std::unique_ptr<store::ItemStore> st, OpenStore(g));
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<engine::Item> items, st->ActiveItems());
  KHAOTHI_ASSIGN_OR_RETURN(std::string snapshot_id, st->ActiveSnapshotId());
  return ActiveBank{std::move(items), std::move(snapshot_id)};
}

// Reads and parses every source under `paths`, then validates them together.
bank::ParsedBank ReadSources(const std::vector<std::string>& paths, bank::Format format,
                             const bank::ImportDefaults& defaults) {
  bank::ParsedBank all;
  // Inside a directory only files named like bank sources are read (not READMEs or blueprints).
  Result<std::vector<std::string>> files =
      ExpandPaths(paths, {".bank", ".gift", ".txt", ".xml", ".zip"});
  if (!files.ok()) {
    all.diagnostics.push_back({bank::Severity::kError, "", 0, files.status().message()});
    return all;
  }
  if (files->empty()) {
    all.diagnostics.push_back({bank::Severity::kError, "", 0, "no files to read"});
  }
  for (const std::string& f : *files) {
    // A practical task package (a folder with task.txt, docs/practical.md) holds .txt files
    // that are not bank sources; `qbank practical` reads those folders. A file named on the
    // command line is still read.
    const std::filesystem::path parent = std::filesystem::path(f).parent_path();
    if (std::filesystem::exists(parent / "task.txt") &&
        std::find(paths.begin(), paths.end(), f) == paths.end()) {
      continue;
    }
    Result<std::string> bytes = ReadFile(f);
    if (!bytes.ok()) {
      all.diagnostics.push_back({bank::Severity::kError, f, 0, bytes.status().message()});
      continue;
    }
    all.Append(bank::ParseSource(*bytes, f, format, defaults));
  }
  std::vector<bank::Diagnostic> checks = bank::ValidateBank(all.items, engine::Outline::Default());
  all.diagnostics.insert(all.diagnostics.end(), checks.begin(), checks.end());
  return all;
}

// Appends the item-writing-flaw warnings of `parsed` (see bank/flaws.h), each at its item's file
// and line; a module's warnings go to the file of its first item, line 0.
void AddFlawWarnings(bank::ParsedBank& parsed, const bank::FlawOptions& options) {
  std::vector<Item> items;
  items.reserve(parsed.items.size());
  for (const bank::SourceItem& s : parsed.items) {
    items.push_back(s.item);
  }
  for (const bank::Flaw& f : bank::FindFlaws(items, options).flaws) {
    const bank::SourceItem& s = parsed.items[f.item];
    const bool per_module =
        f.kind == bank::FlawKind::kKeyLongestRate || f.kind == bank::FlawKind::kAlwaysLongestScore;
    parsed.diagnostics.push_back({bank::Severity::kWarning, s.file, per_module ? 0 : s.line,
                                  f.message + " [" + std::string(bank::ToString(f.kind)) + "]"});
  }
}

po::options_description FlawThresholdOptions() {
  const bank::FlawOptions d;
  po::options_description o("Item-writing-flaw thresholds (docs/bank-format.md)");
  o.add_options()("key-ratio", po::value<double>()->default_value(d.key_much_longer_ratio),
                  "warn when the key is at least this many times the longest distractor")(
      "cross-module-similarity", po::value<double>()->default_value(d.cross_module_similarity),
      "warn when stems of two modules are at least this similar (0..1)")(
      "max-key-longest", po::value<double>()->default_value(d.max_key_longest_rate),
      "warn when a module's key is strictly the longest option in more than this share")(
      "max-always-longest", po::value<double>()->default_value(d.max_always_longest_score),
      "warn when always picking the longest option scores more than this share")(
      "min-module-items", po::value<int>()->default_value(d.min_module_items),
      "judge the two module rates only for modules with at least this many items");
  return o;
}

Result<bank::FlawOptions> FlawOptionsFrom(const po::variables_map& vm) {
  bank::FlawOptions o;
  o.key_much_longer_ratio = vm["key-ratio"].as<double>();
  o.cross_module_similarity = vm["cross-module-similarity"].as<double>();
  o.max_key_longest_rate = vm["max-key-longest"].as<double>();
  o.max_always_longest_score = vm["max-always-longest"].as<double>();
  o.min_module_items = vm["min-module-items"].as<int>();
  if (std::string bad = bank::CheckFlawOptions(o); !bad.empty()) {
    return Status::InvalidArgument(bad);
  }
  return o;
}

// Prints diagnostics; returns the number of errors.
int Report(const bank::ParsedBank& parsed) {
  int errors = 0;
  for (const bank::Diagnostic& d : parsed.diagnostics) {
    std::cerr << d.ToString() << "\n";
    errors += d.severity == bank::Severity::kError ? 1 : 0;
  }
  return errors;
}

po::options_description DefaultsOptions() {
  po::options_description d("Metadata for formats that carry none (GIFT, Aiken, QTI)");
  d.add_options()("module", po::value<std::string>(),
                  "module for items that name none (IU01..IU15)")(
      "topic", po::value<std::string>(), "topic code for items that name none (e.g. IU04.5.1)")(
      "difficulty", po::value<std::string>(), "easy, medium or hard");
  return d;
}

Result<bank::ImportDefaults> DefaultsFrom(const po::variables_map& vm) {
  bank::ImportDefaults d;
  if (vm.count("module") != 0U) {
    d.module = vm["module"].as<std::string>();
    if (engine::Outline::Default().FindModule(d.module) == nullptr) {
      return Status::InvalidArgument("unknown module '" + d.module + "'");
    }
  }
  if (vm.count("topic") != 0U) {
    d.topic = vm["topic"].as<std::string>();
    if (!engine::Outline::Default().IsLeaf(d.topic)) {
      return Status::InvalidArgument("'" + d.topic + "' is not a topic leaf of the outline");
    }
  }
  if (vm.count("difficulty") != 0U) {
    d.difficulty = engine::ParseDifficulty(vm["difficulty"].as<std::string>());
    if (!d.difficulty) {
      return Status::InvalidArgument("difficulty must be easy, medium or hard");
    }
  }
  return d;
}

Result<bank::Format> FormatFrom(const po::variables_map& vm) {
  const std::string name = vm["format"].as<std::string>();
  std::optional<bank::Format> f = bank::ParseFormatName(name);
  if (!f) {
    return Status::InvalidArgument("unknown format '" + name +
                                   "' (use auto, native, gift, aiken or qti)");
  }
  return *f;
}

}  // namespace khaothi::tools
