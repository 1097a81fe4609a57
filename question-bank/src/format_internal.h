// Helpers shared by the exchange-format readers and writers (GIFT, Aiken, QTI). Private to the
// question-bank library.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "khaothi/bank/source.h"
#include "khaothi/engine/item.h"

namespace khaothi::bank {

// Checks that `bytes` is a non-empty UTF-8 text file. On failure appends one error diagnostic
// for `file` (with the line of the first invalid byte, if that is the problem) and returns false.
bool CheckTextSource(std::string_view bytes, const std::string& file, ParsedBank& out);

// `bytes` without a leading UTF-8 byte-order mark.
std::string_view StripBom(std::string_view bytes);
// `bytes` with CRLF and lone CR turned into LF.
std::string ToLf(std::string_view bytes);

// "IU01".."IU15".
bool IsModuleCode(std::string_view s);
// A module code followed by one or more ".<digits>" groups, for example "IU04.5.1".
bool IsTopicCode(std::string_view s);
// "easy" / "medium" / "hard" and the Vietnamese "dễ" / "trung bình" / "khó", ASCII letters in
// any case; nullopt for anything else.
std::optional<engine::Difficulty> DifficultyFromWord(std::string_view word);
std::string AsciiUpper(std::string_view s);

// Fills module, topic and difficulty from `defaults` (a default topic also gives its module).
void ApplyDefaults(const ImportDefaults& defaults, engine::Item& item);
// kActive when the item has module, topic and difficulty, else kDraft.
engine::ItemStatus DefaultStatus(const engine::Item& item);

// "A" for 0, "B" for 1, ... "Z" for 25; the 1-based number past that.
std::string OptionLabel(int index);

// Percent-encoding of every byte outside [A-Za-z0-9._,-]; and its inverse (nullopt when a '%' is
// not followed by two hex digits).
std::string PercentEncode(std::string_view s);
std::optional<std::string> PercentDecode(std::string_view s);

}  // namespace khaothi::bank
