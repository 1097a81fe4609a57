// Proposed marks for a points table (docs/practical.md, "Proposed marks"): the task's checks
// compiled once, then run on a candidate's files to propose, per line of the points table, a mark
// with the evidence of every check behind it. The markers decide; a line the machine cannot
// answer (no checks, or its file cannot be read) is proposed nothing and says why.
//
// A line's mark under its rule (engine::PartialRule):
//   proportional  points × the mean score of its checks, rounded down to a multiple of 0.25
//                 (of the line's points when they are smaller);
//   all           the points when every check passes, otherwise 0.
//
// Thread safety: TaskChecks is immutable; ProposeMarks may run concurrently on it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/checker/check.h"
#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/practical.h"
#include "khaothi/engine/status.h"

namespace khaothi::checker {

struct LineChecks {
  std::string code;
  engine::Points points;
  engine::PartialRule rule = engine::PartialRule::kProportional;
  std::vector<CompiledCheck> checks;  // empty: the line is marked by hand only
};

struct TaskChecks {
  std::string task_id;
  std::vector<LineChecks> lines;  // in the points table's order
};

// Compiles every check of the task. The model a check reads comes from the task's files: the
// starter or solution named by its `file=` stem, otherwise the kind of the task's office
// solution files (.docx/.odt a document, .xlsx/.ods a workbook, .pptx/.odp a presentation),
// which must then be of one kind. InvalidArgument "points line CODE, check N: MESSAGE" otherwise,
// and `failed` (when given) is set to the check's place, for a message naming its manifest line.
struct CheckPlace {
  std::string code;
  int index = 0;  // 0-based among the line's checks
};
[[nodiscard]] Result<TaskChecks> CompileTaskChecks(const engine::PracticalTask& task,
                                                   CheckPlace* failed = nullptr);

// A candidate's file: its name as saved ("ban-hang.xlsx") and its bytes.
struct WorkFile {
  std::string name;
  std::string_view bytes;
};

struct CheckResult {
  std::string check;  // the check's text
  std::string file;   // the work file it read; empty when none could be read
  Outcome outcome;
};

struct LineProposal {
  std::string code;
  engine::Points points;                   // the line's full marks
  std::optional<engine::Points> proposed;  // nullopt: nothing proposed, see `reason_*`
  Verdict verdict = Verdict::kFail;        // pass: full marks, fail: 0, partial: in between
  std::vector<CheckResult> results;        // one per check, in order
  // Why nothing is proposed: "chấm tay: dòng không có kiểm tra tự động", or the file's refusal
  // ("không chấm tự động được: tệp được đặt mật khẩu — ...").
  std::string reason_vi;
  std::string reason_en;
};

struct Proposal {
  std::vector<LineProposal> lines;
  engine::Points proposed_total;  // the sum of the proposed lines
  bool complete = false;          // every line has a proposal
};

// Chooses, for each check, the work file it reads: the file whose name without extension is
// the check's `file=` stem and whose extension is of the model the check reads; otherwise the
// only such file. Each file is opened and read once, whatever the number of checks. Files that
// cannot be read make their lines' reasons; nothing here fails or throws.
Proposal ProposeMarks(const TaskChecks& checks, const std::vector<WorkFile>& files);

// The kind of office file an extension names (".xlsx", "ODS": case-insensitive), or nullopt
// for anything else (.txt, .png, .xlsm).
std::optional<Kind> KindOfExtension(std::string_view name);

}  // namespace khaothi::checker
