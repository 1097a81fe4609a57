// What the readers of every bank format produce: items with the place they came from, and
// diagnostics with file and line. Shared by the native, GIFT, Aiken and QTI readers and by
// validation, so that `qbank` reports every problem the same way.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "khaothi/engine/item.h"

namespace khaothi::bank {

enum class Severity { kError, kWarning };

// One problem found in a source file. `line` is 1-based; 0 when the problem concerns the whole
// file (an empty file, an unreadable zip).
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;
  std::string message;

  // "FILE:LINE: error: MESSAGE" (or "warning:"); "FILE: ..." when line is 0.
  std::string ToString() const;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

// An item and where it starts.
struct SourceItem {
  engine::Item item;
  std::string file;
  int line = 0;
};

// The result of reading one or more sources. Readers append to both vectors; a reader that finds
// an error in an item still reports the items it could read so that validation can report more.
struct ParsedBank {
  std::vector<SourceItem> items;
  std::vector<Diagnostic> diagnostics;

  bool has_errors() const;
  void Append(ParsedBank&& other);
};

// Metadata that formats without module, topic or difficulty (GIFT, Aiken, QTI) take when their
// source does not name them. An item that still lacks any of the three after the source and these
// defaults comes in with status draft, for the setter to complete; readers never invent them.
struct ImportDefaults {
  std::string module;
  std::string topic;
  std::optional<engine::Difficulty> difficulty;
};

// An item id derived from content, for sources that carry none: `prefix` + "-" + 12 hex digits of
// the 64-bit FNV-1a hash of the normalised stem and options. Stable across runs and machines, so
// importing the same file twice addresses the same items.
std::string DerivedItemId(std::string_view prefix, const engine::Item& item);

}  // namespace khaothi::bank
