// Choosing the reader for a source: by the name the user gave, or by the file's name and content.
#pragma once

#include <optional>
#include <string_view>

#include "khaothi/bank/source.h"

namespace khaothi::bank {

enum class Format { kAuto, kNative, kGift, kAiken, kQti };

// "auto", "native", "gift", "aiken", "qti"; nullopt for anything else.
std::optional<Format> ParseFormatName(std::string_view name);
std::string_view FormatName(Format f);

// The format of a file from its name and bytes: `.bank` native, `.gift` GIFT, `.zip` and `.xml`
// QTI, `.txt` GIFT when it has an answer block in braces and Aiken when it has an `ANSWER:` line.
// nullopt when it cannot tell.
std::optional<Format> DetectFormat(std::string_view file_name, std::string_view bytes);

// Reads `bytes` (named `file`) with the reader for `format`, detecting it when kAuto.
ParsedBank ParseSource(std::string_view bytes, std::string_view file, Format format,
                       const ImportDefaults& defaults);

}  // namespace khaothi::bank
