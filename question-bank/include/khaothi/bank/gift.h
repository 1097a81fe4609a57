// GIFT, Moodle's "General Import Format Template": the multiple-choice subset (PEERS.md D.1).
//
// Read: `::name::`, `$CATEGORY:`, `//` comments, `[format]` markers, MC single (`=`/`~`), MC
// multiple with `%w%` weights (negative too), T/F (as a two-option item "Đúng"/"Sai"), per-answer
// `#feedback`, general feedback `####` (kept as the explanation) and the escapes `\~ \= \# \{ \}
// \: \\ \n`. Other GIFT question types (short answer, numerical, matching, essay, description,
// missing word) are refused with file and line. Module, topic and difficulty come from a
// `$CATEGORY` path segment that names them (`IU04`, `IU04.5.1`, `easy`), from a `// khaothi:`
// metadata comment written by SerializeGift, or from `defaults`; an item lacking any of them
// comes in as a draft. Items without a metadata id get DerivedItemId("GIFT", item).
//
// Reading details: questions are blocks separated by blank lines; `//` lines are comments, and a
// `// khaothi:` comment counts only among the comment lines that open the question's block. A
// `$CATEGORY:` line sets the context for the questions after it, up to the next one (a question
// may follow it without a blank line, unlike in Moodle); its path segments are matched as module
// (IU01..IU15), topic (IU04.5.1, which also gives the module) or difficulty (easy/medium/hard,
// dễ/trung bình/khó, ASCII case ignored); a module and topic that disagree are an error. With
// an `=` answer the item is single-answer (kSingle): `=` options are the key, `~%w%` options keep
// weight w as partial credit; without one it is kMultiple and positive weights are the key.
// Moodle's weight syntax `%[-]digits[.digits]%` only follows `~`; anything else after `~` or `=`
// is text. Errors (each naming the question's first line): the refused types, unbalanced
// braces, fewer than 2 answers, text before the first `=`/`~` (Moodle would make it an answer),
// and a malformed metadata comment (on the comment's line). Empty, binary or non-UTF-8 input is
// one error for the whole file.
//
// Write: every item as MC; a `// khaothi: ...` comment line before each question carries what
// GIFT cannot (id, version, module, topic, difficulty, status, group, software, fixed options) so
// that our own importer restores it exactly, while Moodle ignores the comment. Values are
// percent-encoded; `mode`, `key` and `weights=none` (an all-or-nothing multiple-answer item, whose
// key is written with weights that share 100 % for Moodle) appear only when the answer block alone
// would read differently. Text that GIFT would misread (a leading `[`, `%` or `/`) gets a
// `[moodle]` marker, which Moodle and ParseGift strip. A `$CATEGORY:` line precedes each run of
// items with the same module, topic and difficulty. ParseGift(SerializeGift(items)) == items for
// items whose texts are in normal form.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "khaothi/bank/source.h"

namespace khaothi::bank {

ParsedBank ParseGift(std::string_view text, std::string_view file, const ImportDefaults& defaults);
std::string SerializeGift(const std::vector<engine::Item>& items);

}  // namespace khaothi::bank
