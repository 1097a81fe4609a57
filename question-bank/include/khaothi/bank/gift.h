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
// Write: every item as MC; a `// khaothi: ...` comment line before each question carries what
// GIFT cannot (id, version, module, topic, difficulty, status, group, fixed options) so that our
// own importer restores it exactly, while Moodle ignores the comment.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "khaothi/bank/source.h"

namespace khaothi::bank {

ParsedBank ParseGift(std::string_view text, std::string_view file, const ImportDefaults& defaults);
std::string SerializeGift(const std::vector<engine::Item>& items);

}  // namespace khaothi::bank
