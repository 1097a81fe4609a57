// Helpers the importer tests (Aiken, GIFT, QTI) share: reading a file of tests/question-bank/data,
// describing a parse's diagnostics for a failure message, and taking its items, its errors, its
// only item or its only error. Each format's own generators stay in its test: what a format must
// escape differs.
#pragma once

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "khaothi/bank/source.h"
#include "khaothi/engine/item.h"

namespace khaothi::bank::testing {

// The engine's item vocabulary the importer tests spell without `engine::`; a test takes these
// and the helpers below with `using namespace testing;`.
using engine::Difficulty;
using engine::Item;
using engine::ItemStatus;
using engine::Option;
using engine::ResponseMode;

// The bytes of tests/question-bank/data/<name>; fails the test when the file cannot be read.
inline std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(KHAOTHI_SOURCE_DIR) + "/tests/question-bank/data/" + name,
                   std::ios::binary);
  REQUIRE(in.good());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every diagnostic of `bank`, one a line, for INFO.
inline std::string Describe(const ParsedBank& bank) {
  std::string out;
  for (const Diagnostic& d : bank.diagnostics) {
    out += d.ToString() + "\n";
  }
  return out;
}

inline std::vector<engine::Item> Items(const ParsedBank& bank) {
  std::vector<engine::Item> out;
  for (const SourceItem& s : bank.items) {
    out.push_back(s.item);
  }
  return out;
}

inline std::vector<Diagnostic> Errors(const ParsedBank& bank) {
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : bank.diagnostics) {
    if (d.severity == Severity::kError) {
      out.push_back(d);
    }
  }
  return out;
}

// The single item of a bank that must have parsed without diagnostics.
inline engine::Item OnlyItem(const ParsedBank& bank) {
  INFO(Describe(bank));
  REQUIRE(bank.diagnostics.empty());
  REQUIRE(bank.items.size() == 1);
  return bank.items[0].item;
}

// The one error of `bank`, which must have exactly one diagnostic.
inline Diagnostic OnlyError(const ParsedBank& bank) {
  INFO(Describe(bank));
  REQUIRE(bank.diagnostics.size() == 1);
  CHECK(bank.diagnostics[0].severity == Severity::kError);
  return bank.diagnostics[0];
}

}  // namespace khaothi::bank::testing
