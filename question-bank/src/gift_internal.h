// Private to the question-bank library: what the GIFT reader (gift_read.cc) and writer
// (gift_write.cc) must agree on — the escapes, what an answer block alone says about an item and
// khaothi's metadata comment that corrects it (gift_metadata.cc).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/engine/item.h"

namespace khaothi::bank::gift {

// GIFT's backslash escapes: `written` after a backslash means `meaning`. The reader replaces each
// escape by `placeholder` before it cuts a question into parts (Moodle's escapedchar_pre()) and
// puts `meaning` back in each part; the writer escapes every `meaning`. Bytes 0xF7..0xFE never
// occur in valid UTF-8, so a placeholder cannot collide with text.
struct EscapeRule {
  char written;
  char meaning;
  char placeholder;
};
inline constexpr EscapeRule kEscapes[] = {
    {'\\', '\\', '\xF7'}, {':', ':', '\xF8'}, {'#', '#', '\xF9'}, {'=', '=', '\xFA'},
    {'{', '{', '\xFB'},   {'}', '}', '\xFC'}, {'~', '~', '\xFD'}, {'n', '\n', '\xFE'},
};

// The escape whose `field` (&EscapeRule::written, ::meaning or ::placeholder) is `c`;
// nullptr when there is none.
inline const EscapeRule* FindEscape(char EscapeRule::*field, char c) {
  for (const EscapeRule& e : kEscapes) {
    if (e.*field == c) {
      return &e;
    }
  }
  return nullptr;
}

// What the answer block alone says about an item, before a metadata comment corrects it. Shared
// by the reader and the writer, so the writer knows which corrections to write.
struct Marked {
  bool equals = false;  // written with '='
  std::optional<double> weight;
};

engine::ResponseMode InferredMode(const std::vector<Marked>& marks);

// GIFT semantics: with an '=' the question is single-answer and the '=' option is the key; with
// none it is multiple-answer and every option with a positive weight is part of the key.
bool InferredCorrect(const std::vector<Marked>& marks, size_t i);

// The metadata comment written by SerializeGift:
//   // khaothi: id=IU01-0001 version=2 module=IU01 topic=IU01.1.1 difficulty=easy status=active
// Values are percent-encoded. `key`, `mode` and `weights=none` appear only when the answer block
// alone would read differently (see Marked).
inline constexpr std::string_view kMetaPrefix = "// khaothi:";

struct Metadata {
  std::optional<std::string> id;
  std::optional<int> version;
  std::optional<std::string> module;
  std::optional<std::string> topic;
  std::optional<std::optional<engine::Difficulty>> difficulty;
  std::optional<engine::ItemStatus> status;
  std::optional<std::string> group;
  std::optional<engine::Software> software;
  std::optional<std::vector<int>> fixed;
  std::optional<engine::ResponseMode> mode;
  std::optional<std::vector<int>> key;
  bool no_weights = false;
};

// Parses the text after "// khaothi:". Returns an error message on failure.
[[nodiscard]] std::optional<std::string> ParseMetadata(std::string_view text, Metadata& meta);

// Option indices as letters "A,C" (1-based numbers for options past Z), as ParseMetadata reads
// them.
std::string OptionList(const std::vector<int>& indices);

}  // namespace khaothi::bank::gift
