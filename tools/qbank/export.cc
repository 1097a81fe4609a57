// `qbank export`: writes the active bank (or chosen items) in a bank format.
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

}  // namespace khaothi::tools
