// The native bank format (docs/bank-format.md): reading and writing.
//
// Pure functions over bytes; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "khaothi/bank/source.h"
#include "khaothi/engine/item.h"

namespace khaothi::bank {

// Reads every item of `text`, named `file` in diagnostics. Syntax errors (a field outside an item,
// an unknown or repeated field, options out of order, bad UTF-8, a binary or empty file...) are
// reported as errors with their line; item rules (engine::CheckItem) are not checked here but by
// ValidateBank, so that one call reports both.
ParsedBank ParseNative(std::string_view text, std::string_view file);

// Writes `items` in the native format, fields in the documented order, one blank line between
// items. ParseNative(SerializeNative(items)) gives back `items` for every item whose text is in
// normal form (NormalizeText) and whose id is valid.
std::string SerializeNative(const std::vector<engine::Item>& items);

}  // namespace khaothi::bank
