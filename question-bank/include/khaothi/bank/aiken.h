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

// Reads Aiken as Moodle's qformat_aiken does: lines (LF, CRLF or CR-only) are trimmed and those
// shorter than 2 bytes skipped; `^[A-Z][).]` starts a choice (its label and following space or
// tab dropped; choices count by position, a label out of order is a warning); `ANSWER:` ends the
// question with the first character after the colon; anything else starts a question. Errors,
// with their line: a choice or ANSWER outside a question, fewer than 2 choices, an answer letter
// naming no choice, and a question without ANSWER (before the next question or at the end), which
// Moodle would silently drop. Empty, binary or non-UTF-8 input is one error for the whole file.
ParsedBank ParseAiken(std::string_view text, std::string_view file, const ImportDefaults& defaults);

// Fails with kInvalidArgument naming the first item Aiken cannot carry (a multiple-answer or
// weighted item, more than 26 options, a stem or option with a line break, or a stem that would
// read back as a choice or answer line). Feedback, explanation and all metadata (module, topic,
// group, software...) are dropped; `qbank export` warns about each software tag lost (see
// docs/bank-format.md). Writes `A) text`
// labels and `ANSWER: X`, a blank line after each question.
Result<std::string> SerializeAiken(const std::vector<engine::Item>& items);

// One item as SerializeAiken writes it, or kInvalidArgument ("item ID cannot be written as Aiken:
// WHY") when Aiken cannot carry it, so that a caller can write the others and list the rest.
Result<std::string> SerializeAikenItem(const engine::Item& item);

}  // namespace khaothi::bank
