#include "khaothi/bank/source.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace khaothi::bank {

std::string Diagnostic::ToString() const {
  std::string out = file;
  if (line > 0) {
    out += ':';
    out += std::to_string(line);
  }
  out += severity == Severity::kError ? ": error: " : ": warning: ";
  out += message;
  return out;
}

bool ParsedBank::has_errors() const {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

void ParsedBank::Append(ParsedBank&& other) {
  for (SourceItem& s : other.items) {
    items.push_back(std::move(s));
  }
  for (Diagnostic& d : other.diagnostics) {
    diagnostics.push_back(std::move(d));
  }
}

std::string DerivedItemId(std::string_view prefix, const engine::Item& item) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a 64
  auto mix = [&h](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= 0xFF;  // separator, so ("ab","c") and ("a","bc") differ
    h *= 1099511628211ULL;
  };
  mix(item.stem);
  for (const engine::Option& o : item.options) {
    mix(o.text);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  std::string id(prefix);
  id += '-';
  id.append(hex, 12);
  return id;
}

}  // namespace khaothi::bank
