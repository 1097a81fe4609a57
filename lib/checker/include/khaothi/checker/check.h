// The first checks a points table will name (docs/practical.md, "Automatic checking — first
// slice"): each is a value, evaluated against a workbook into a verdict with evidence a marker
// reads in Vietnamese ("Ô F12: công thức =SUM(F2:F11), giá trị 54.300.000") and English.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "khaothi/checker/document.h"
#include "khaothi/checker/workbook.h"
#include "khaothi/engine/status.h"

namespace khaothi::checker {

enum class CheckType {
  kCellValue,        // the cached value of `cell` equals `expected_number` (± tolerance) or
                     // `expected_text`
  kCellFormulaUses,  // the formula of `cell` calls `function`, with `absolute_refs` written with
                     // '$' and `relative_refs` written without
  // Some cell of the workbook, or paragraph of the document, contains `text` (NFC, case and
  // whitespace tolerant).
  kTextPresent,
  // The first paragraph containing `text` shows the formats asked (those set below: font, size,
  // bold, italic, underline, alignment) on all its visible text.
  kParagraphFormat,
};

struct Check {
  CheckType type = CheckType::kCellValue;
  std::string sheet;  // cell checks: the sheet's name; empty means the first sheet
  std::string cell;   // cell checks: "F12"
  std::optional<double> expected_number;
  std::string expected_text;
  double tolerance = 0;
  std::string function;                    // "SUM"
  std::vector<std::string> absolute_refs;  // "$B$17", "$A$2:$C$6"
  std::vector<std::string> relative_refs;  // "D4"
  std::string text;
  std::optional<std::string> font;  // compared case-insensitively
  std::optional<double> size_pt;    // within ±0.25 pt
  std::optional<bool> bold;
  std::optional<bool> italic;
  std::optional<bool> underline;
  std::optional<Alignment> alignment;
};

enum class Verdict { kPass, kPartial, kFail };
std::string_view VerdictName(Verdict verdict);

struct Outcome {
  Verdict verdict = Verdict::kFail;
  std::string evidence_vi;
  std::string evidence_en;
};

// Errors only for a check that cannot be asked (a bad cell address): kInvalidArgument. A missing
// sheet or an empty cell is an answer — a fail with evidence — not an error.
// A check of the other kind of file (a cell check on a document) is kInvalidArgument too.
[[nodiscard]] Result<Outcome> Evaluate(const Check& check, const Workbook& book);
[[nodiscard]] Result<Outcome> Evaluate(const Check& check, const Document& document);

// Text compared as a person would: NFC, case folded, runs of white space (including no-break
// spaces and line breaks) as one space, trimmed.
std::string LooseText(std::string_view text);

}  // namespace khaothi::checker
