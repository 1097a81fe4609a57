// Aiken (PEERS.md D.2): one-line question, `A)` or `A.` choices, `ANSWER: X`. Single-answer only;
// carries no id, module, topic, difficulty, feedback or explanation: those come from `defaults`,
// ids from DerivedItemId("AIKEN", item), and an item still lacking metadata is a draft.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "khaothi/bank/source.h"
#include "khaothi/engine/status.h"

namespace khaothi::bank {

ParsedBank ParseAiken(std::string_view text, std::string_view file, const ImportDefaults& defaults);

// Fails with kInvalidArgument naming the first item Aiken cannot carry (a multiple-answer or
// weighted item, or a stem or option with a line break, which Aiken cannot hold).
Result<std::string> SerializeAiken(const std::vector<engine::Item>& items);

}  // namespace khaothi::bank
