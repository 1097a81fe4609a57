// Bank-wide validation: every item rule (engine::CheckItem) with file and line, duplicate ids
// across all sources, and near-duplicate stems as warnings.
#pragma once

#include <vector>

#include "khaothi/bank/source.h"
#include "khaothi/engine/outline.h"

namespace khaothi::bank {

// Two stems whose similarity (see docs/bank-format.md) is at least this are near duplicates.
inline constexpr double kNearDuplicateThreshold = 0.90;

// Similarity in [0, 1] of two stems: 1 - (edit distance between their word sequences, after
// lower-casing and removing punctuation) / (length of the longer sequence).
double StemSimilarity(std::string_view a, std::string_view b);

std::vector<Diagnostic> ValidateBank(const std::vector<SourceItem>& items,
                                     const engine::Outline& outline);

}  // namespace khaothi::bank
