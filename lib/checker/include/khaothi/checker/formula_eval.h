// Recomputing a formula from the data, as the application would: each reference reads the value
// the application saved in that cell (a formula cell's cached result is not recomputed in turn),
// so a cell's formula can be compared with the result saved beside it — a stale result (manual
// calculation) or a result typed over shows up.
//
// The spreadsheet functions of the centre's tasks: SUM AVERAGE MAX MIN COUNT COUNTA COUNTIF SUMIF
// IF AND OR NOT VLOOKUP RANK RANK.EQ ROUND ABS; arithmetic + - * / ^ %, & and comparisons,
// references with or without a sheet. Anything else (another function, an array, a 3-D or
// whole-column reference) cannot be recomputed: nullopt, which says nothing against the formula.
#pragma once

#include <optional>
#include <string_view>

#include "khaothi/checker/workbook.h"

namespace khaothi::checker {

// The value `formula` (formula.h's spelling, without '=') gives on `sheet` of `book`, as a Cell
// (kNumber, kText, kBoolean or kError "#N/A", "#DIV/0!", "#VALUE!"); nullopt when it cannot be
// recomputed.
std::optional<Cell> RecomputeFormula(std::string_view formula, const Workbook& book,
                                     const Sheet& sheet);

// Whether a recomputed value is the one saved: numbers within a relative 1e-9, texts equal,
// booleans and errors alike.
bool SameValue(const Cell& recomputed, const Cell& saved);

}  // namespace khaothi::checker
