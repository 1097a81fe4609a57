// qbank: the exam setters' tool for the question bank (ngân hàng câu hỏi).
//
//   qbank [--db PATH] [--lang vi|en] COMMAND [ARGS] ...
//
// Every command prints a clear message and exits non-zero on any error; a failed import changes
// nothing. Messages are Vietnamese by default (--lang en for English); diagnostics about a bank
// file ("FILE:LINE: error: ...") are in English so that they match the documentation.
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

#include "cli.h"
#include "review.h"
#include "stats.h"

namespace po = boost::program_options;

namespace khaothi::tools {
namespace {

using engine::Item;

struct Globals {
  std::string db = "./center.db";
  Messages msg{Lang::kVi};
};

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

Result<std::unique_ptr<store::ItemStore>> OpenStore(const Globals& g, bool create = false) {
  return store::ItemStore::Open(g.db, create);
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

int CmdExport(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank export");
  desc.add_options()("help", "show this help")("format", po::value<std::string>()->required(),
                                               "native|gift|aiken|qti")(
      "out", po::value<std::string>()->required(), "output file")(
      "module", po::value<std::string>(), "only this module")(
      "include-retired", "also export retired items (by default: active and draft)")(
      "strict",
      "aiken: fail and write nothing when an item cannot be written as Aiken (by default such "
      "items are skipped and listed)");
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm,
                 "[--db PATH] export --format native|gift|aiken|qti --out PATH [--module IUxx] "
                 "[--strict]")) {
    return 0;
  }
  auto format = FormatFrom(vm);
  if (!format.ok() || *format == bank::Format::kAuto) {
    return Fail(format.ok() ? Status::InvalidArgument("export needs a format other than auto")
                            : format.status());
  }
  auto st = OpenStore(g);
  if (!st.ok()) {
    return Fail(st.status());
  }
  store::ItemFilter filter;
  if (vm.count("module") != 0U) {
    filter.module = vm["module"].as<std::string>();
  }
  auto listed = (*st)->List(filter);
  if (!listed.ok()) {
    return Fail(listed.status());
  }
  std::vector<Item> items;
  for (Item& item : *listed) {
    if (item.status != engine::ItemStatus::kRetired || vm.count("include-retired") != 0U) {
      items.push_back(std::move(item));
    }
  }
  Result<std::string> bytes = std::string();
  std::vector<std::string> skipped;  // why each item left out could not be written
  switch (*format) {
    case bank::Format::kNative:
      bytes = bank::SerializeNative(items);
      break;
    case bank::Format::kGift:
      bytes = bank::SerializeGift(items);
      break;
    case bank::Format::kAiken: {
      // Aiken carries only one-line, single-answer items: write those, list the others.
      std::string text;
      std::vector<Item> written;
      for (Item& item : items) {
        if (Result<std::string> one = bank::SerializeAikenItem(item); one.ok()) {
          text += *one;
          written.push_back(std::move(item));
        } else {
          skipped.push_back(one.status().message());
        }
      }
      items = std::move(written);
      bytes = std::move(text);
      break;
    }
    case bank::Format::kQti:
      bytes = bank::WriteQtiPackage(items);
      break;
    case bank::Format::kAuto:
      break;
  }
  if (!bytes.ok()) {
    return Fail(bytes.status());
  }
  if (*format == bank::Format::kAiken) {
    // Aiken has no room for metadata: the software tag is lost like module, topic and group, but
    // unlike them it decides which centres may draw the item, so say which items lose it.
    std::vector<std::string> untagged;
    for (const Item& item : items) {
      if (item.software != engine::Software::kAny) {
        untagged.push_back(item.id + " (" + std::string(engine::ToString(item.software)) + ")");
      }
    }
    if (!untagged.empty()) {
      std::cerr << g.msg("Cảnh báo: Aiken không ghi được trường software; ",
                         "warning: Aiken cannot hold the software field; ")
                << untagged.size()
                << g.msg(" câu hỏi nhập lại từ tệp này sẽ dùng được cho mọi phần mềm:\n",
                         " items imported back from this file will hold for any software:\n");
      for (const std::string& id : untagged) {
        std::cerr << "  " << id << "\n";
      }
    }
  }
  if (!skipped.empty()) {
    std::cerr << g.msg("Bỏ qua ", "Skipped ") << skipped.size()
              << g.msg(" câu hỏi không viết được ở định dạng Aiken:\n",
                       " items that cannot be written as Aiken:\n");
    for (const std::string& why : skipped) {
      std::cerr << "  " << why << "\n";
    }
  }
  const bool strict = vm.count("strict") != 0U;
  if (!skipped.empty() && (strict || items.empty())) {
    return Fail(Status::InvalidArgument(
        strict ? g.msg("--strict: không ghi tệp nào", "--strict: nothing written").data()
               : g.msg("không có câu hỏi nào để xuất; không ghi tệp nào",
                       "no item left to export; nothing written")
                     .data()));
  }
  const std::string out = vm["out"].as<std::string>();
  if (Status s = WriteFileAtomically(out, *bytes); !s.ok()) {
    return Fail(s);
  }
  std::cout << g.msg("Đã xuất ", "Exported ") << items.size() << g.msg(" câu hỏi ra ", " items to ")
            << out;
  if (!skipped.empty()) {
    std::cout << g.msg(" (bỏ qua ", " (skipped ") << skipped.size() << ")";
  }
  std::cout << "\n";
  return 0;
}

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

int CmdStats(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank stats");
  desc.add_options()("help", "show this help")("blueprint", po::value<std::string>(),
                                               "a blueprint file: show the shortfall per cell");
  desc.add(FlawThresholdOptions());
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "[--db PATH] stats [--blueprint FILE] [thresholds]")) {
    return 0;
  }
  auto flaw_options = FlawOptionsFrom(vm);
  if (!flaw_options.ok()) {
    return Fail(flaw_options.status());
  }
  auto st = OpenStore(g);
  if (!st.ok()) {
    return Fail(st.status());
  }
  auto active = (*st)->ActiveItems();
  auto snapshot = (*st)->ActiveSnapshotId();
  if (!active.ok() || !snapshot.ok()) {
    return Fail(active.ok() ? snapshot.status() : active.status());
  }
  std::optional<std::string> blueprint;
  if (vm.count("blueprint") != 0U) {
    auto text = ReadFile(vm["blueprint"].as<std::string>());
    if (!text.ok()) {
      return Fail(text.status());
    }
    blueprint = *text;
  }
  Result<StatsReport> report = BuildStats(*active, blueprint, *flaw_options);
  if (!report.ok()) {
    return Fail(report.status());
  }
  std::cout << RenderStats(*report, *snapshot, g.msg);
  return report->short_cells == 0 ? 0 : 2;
}

int CmdReviewExport(const Globals& g, const std::vector<std::string>& args) {
  po::options_description desc("qbank review-export");
  desc.add_options()("help", "show this help")("out", po::value<std::string>()->required(),
                                               "the HTML file to write");
  po::variables_map vm;
  if (!ParseArgs(args, desc, {}, vm, "[--db PATH] review-export --out FILE.html")) {
    return 0;
  }
  auto st = OpenStore(g);
  if (!st.ok()) {
    return Fail(st.status());
  }
  auto active = (*st)->ActiveItems();
  auto snapshot = (*st)->ActiveSnapshotId();
  if (!active.ok() || !snapshot.ok()) {
    return Fail(active.ok() ? snapshot.status() : active.status());
  }
  const std::string out = vm["out"].as<std::string>();
  if (Status s = WriteFileAtomically(out, RenderReviewHtml(*active, *snapshot, g.db)); !s.ok()) {
    return Fail(s);
  }
  std::cout << g.msg("Đã ghi tài liệu thẩm định ", "Wrote the review document ") << out << " ("
            << active->size() << g.msg(" câu hỏi)", " items)") << "\n";
  return 0;
}

struct Command {
  const char* name;
  int (*run)(const Globals&, const std::vector<std::string>&);
  const char* vi;
  const char* en;
};

const Command kCommands[] = {
    {"init", CmdInit, "tạo cơ sở dữ liệu ngân hàng câu hỏi", "create the bank database"},
    {"import", CmdImport, "nhập câu hỏi (native, GIFT, Aiken, QTI)",
     "import items (native, GIFT, Aiken, QTI)"},
    {"export", CmdExport, "xuất ngân hàng câu hỏi", "export the bank"},
    {"validate", CmdValidate, "kiểm tra tệp câu hỏi (không cần cơ sở dữ liệu)",
     "check bank files (no database needed)"},
    {"list", CmdList, "liệt kê câu hỏi", "list items"},
    {"show", CmdShow, "xem một câu hỏi", "show one item"},
    {"retire", CmdRetire, "cho thôi dùng một câu hỏi", "retire an item"},
    {"history", CmdHistory, "lịch sử phiên bản của một câu hỏi", "an item's versions"},
    {"stats", CmdStats, "thống kê theo mô đun × độ khó, đối chiếu ma trận đề",
     "counts per module × difficulty, against a blueprint"},
    {"review-export", CmdReviewExport, "xuất tài liệu HTML để thẩm định ngân hàng",
     "export an HTML document for the bank's review"},
};

void PrintUsage(const Messages& msg) {
  std::cout << msg("cách dùng: ", "usage: ")
            << "qbank [--db PATH] [--lang vi|en] COMMAND [--help] ...\n\n"
            << msg("Lệnh:\n", "Commands:\n");
  for (const Command& c : kCommands) {
    std::cout << "  " << FitWidth(c.name, 15) << msg(c.vi, c.en) << "\n";
  }
  std::cout << "\n--db PATH   "
            << msg("cơ sở dữ liệu (mặc định ./center.db)", "the database (default ./center.db)")
            << "\n--lang      "
            << msg("ngôn ngữ: vi (mặc định) hoặc en", "language: vi (default) or en") << "\n";
}

int Main(int argc, char** argv) {
  Globals g;
  if (const char* env = std::getenv("KHAOTHI_LANG"); env != nullptr) {
    if (auto l = ParseLang(env); l.ok()) {
      g.msg = Messages(*l);
    }
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  // Global options come before the command.
  size_t i = 0;
  while (i < args.size() && args[i].starts_with("--")) {
    std::string opt = args[i];
    std::string value;
    if (size_t eq = opt.find('='); eq != std::string::npos) {
      value = opt.substr(eq + 1);
      opt.resize(eq);
    } else if (opt == "--db" || opt == "--lang") {
      if (i + 1 >= args.size()) {
        return Fail(Status::InvalidArgument(opt + " needs a value"));
      }
      value = args[++i];
    }
    if (opt == "--db") {
      g.db = value;
    } else if (opt == "--lang") {
      auto l = ParseLang(value);
      if (!l.ok()) {
        return Fail(l.status());
      }
      g.msg = Messages(*l);
    } else if (opt == "--help") {
      PrintUsage(g.msg);
      return 0;
    } else {
      return Fail(Status::InvalidArgument("unknown option " + opt));
    }
    ++i;
  }
  if (i >= args.size()) {
    PrintUsage(g.msg);
    return 1;
  }
  const std::string name = args[i];
  const std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                      args.end());
  for (const Command& c : kCommands) {
    if (name == c.name) {
      try {
        return c.run(g, rest);
      } catch (const po::error& e) {
        return Fail(
            Status::InvalidArgument(std::string(e.what()) + " (see qbank " + name + " --help)"));
      }
    }
  }
  std::cerr << "qbank: " << g.msg("không có lệnh '", "no command '") << name << "'\n";
  PrintUsage(g.msg);
  return 1;
}

}  // namespace
}  // namespace khaothi::tools

int main(int argc, char** argv) { return khaothi::tools::Main(argc, argv); }
