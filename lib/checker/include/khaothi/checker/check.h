// The checks of a points table (docs/practical.md, "The points-table language"). A check is one
// line of text, `KIND key=value key="a value with spaces" ...`, compiled once per task into a
// function of the file model it reads (Document, Workbook or Presentation) and run per candidate
// file into an Outcome: a verdict, a score in [0, 1] and evidence a marker reads in Vietnamese
// ("Ô F12: công thức =SUM(F2:F11), giá trị 54.300.000") and English.
//
// The kinds live in three tables, one per file model (document_checks.cc, workbook_checks.cc,
// presentation_checks.cc). A kind's `compile` reads its arguments through `Args`, which records
// the first bad or missing value and refuses keys the kind never asked for, so every kind gets
// the same error messages without writing them.
//
// Thread safety: compiled checks are immutable and may run concurrently.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "khaothi/checker/document.h"
#include "khaothi/checker/office_file.h"
#include "khaothi/checker/presentation.h"
#include "khaothi/checker/workbook.h"
#include "khaothi/engine/status.h"

namespace khaothi::checker {

enum class Verdict { kPass, kPartial, kFail };
std::string_view VerdictName(Verdict verdict);  // "pass", "partial", "fail"

struct Outcome {
  Verdict verdict = Verdict::kFail;
  // 1 for a pass, 0 for a fail, the share done for a partial (14 of 20 cells: 0.7).
  double score = 0;
  std::string evidence_vi;
  std::string evidence_en;
};
// A pass, a fail, or (0 < score < 1) a partial; `score` clamped to [0, 1].
Outcome MakeOutcome(double score, std::string evidence_vi, std::string evidence_en);

// The arguments of one check. Getters return the value of a key (nullopt when absent) and
// remember the first problem: a value of the wrong form or a required key missing. Finish()
// returns it, or names a key the kind never asked for. Keys may come once each.
class Args {
 public:
  // "KIND key=value key=\"quoted value\" ..."; a quoted value may hold \" and \\. InvalidArgument
  // for a bad token, an empty kind, a repeated key.
  [[nodiscard]] static Result<Args> Parse(std::string_view text);

  const std::string& kind() const { return kind_; }

  std::optional<std::string> Text(std::string_view key);
  std::string RequiredText(std::string_view key);
  std::optional<double> Number(std::string_view key);  // "3", "2.5", "-1", "2,5" (Vietnamese comma)
  double RequiredNumber(std::string_view key);
  std::optional<int> Whole(std::string_view key, int min, int max);
  std::optional<bool> Flag(std::string_view key);  // yes/no, true/false, có/không
  // One of `allowed`, compared case-insensitively, returned as written in `allowed`.
  std::optional<std::string> OneOf(std::string_view key,
                                   std::initializer_list<std::string_view> allowed);
  // A comma-separated list, items trimmed, empty items refused; empty when absent.
  std::vector<std::string> List(std::string_view key);
  // Records a problem the kind found itself ("cells=A1:B: not a range").
  void Fail(std::string message);

  // OK, or the first problem, or "unknown key 'colour' (this check knows: font, size, ...)".
  Status Finish() const;

 private:
  const std::string* Take(std::string_view key);

  std::string kind_;
  std::vector<std::pair<std::string, std::string>> values_;
  std::vector<std::string> asked_;
  std::string problem_;
};

using DocumentCheck = std::function<Outcome(const Document&)>;
using WorkbookCheck = std::function<Outcome(const Workbook&)>;
using PresentationCheck = std::function<Outcome(const Presentation&)>;

// A kind of check on one file model. `compile` reads the arguments (it must not fail itself on
// a bad value: Args records it) and returns the check; the caller refuses the result when
// Args::Finish() is not OK.
struct DocumentKind {
  std::string_view name;
  DocumentCheck (*compile)(Args& args);
};
struct WorkbookKind {
  std::string_view name;
  WorkbookCheck (*compile)(Args& args);
};
struct PresentationKind {
  std::string_view name;
  PresentationCheck (*compile)(Args& args);
};
std::span<const DocumentKind> DocumentKinds();          // document_checks.cc
std::span<const WorkbookKind> WorkbookKinds();          // workbook_checks.cc
std::span<const PresentationKind> PresentationKinds();  // presentation_checks.cc

// One compiled check: the model it reads, the file it names (`file=STEM`, empty when it names
// none) and the function.
struct CompiledCheck {
  std::string text;  // as written, for evidence and messages
  Kind reads = Kind::kDocument;
  std::string file;  // a file name without its extension, compared case-insensitively
  DocumentCheck document;
  WorkbookCheck workbook;
  PresentationCheck presentation;
};

// Compiles `text` for a file of kind `reads`. InvalidArgument: "KIND: MESSAGE" for an unknown
// kind (naming the kinds that exist for that model), a bad or missing value, an unknown key.
[[nodiscard]] Result<CompiledCheck> CompileCheck(std::string_view text, Kind reads);

// Text compared as a person would: NFC, case folded, runs of white space (including no-break
// spaces and line breaks) as one space, trimmed.
std::string LooseText(std::string_view text);
// At most 40 code points of `text`, cut on a character boundary, with "…" when cut.
std::string Excerpt(std::string_view text);
// A number as evidence shows it: Vietnamese grouping and decimal comma, at most `decimals`.
std::string VietnameseNumber(double value, int decimals = 2);

}  // namespace khaothi::checker
