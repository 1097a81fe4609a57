// The blueprint model: points, the enums' names, which items a cell draws, and the validation
// every blueprint passes whether it was read from text (blueprint_text.cc) or built in code.
#include "khaothi/engine/blueprint.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "blueprint_internal.h"

namespace khaothi::engine {
namespace blueprint_internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsValidName(std::string_view s) {
  if (s.empty() || s.size() > 64) {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c) || c == '-' || c == '_';
  });
}

bool IsModuleCode(std::string_view s) {
  return s.size() == 4 && s[0] == 'I' && s[1] == 'U' && IsDigit(s[2]) && IsDigit(s[3]);
}

bool IsTopicCode(std::string_view s) {
  if (s.size() < 6 || !IsModuleCode(s.substr(0, 4)) || s[4] != '.') {
    return false;
  }
  bool previous_dot = true;
  for (char c : s.substr(5)) {
    if (c == '.') {
      if (previous_dot) {
        return false;
      }
      previous_dot = true;
    } else if (IsDigit(c)) {
      previous_dot = false;
    } else {
      return false;
    }
  }
  return !previous_dot;
}

namespace {

int DecimalsOf(Points p) {
  int decimals = Points::kMaxDecimals;
  int64_t v = p.ten_thousandths;
  while (decimals > 0 && v % 10 == 0) {
    v /= 10;
    --decimals;
  }
  return decimals;
}

Status Error(const LineInfo* lines, int line, std::string message) {
  if (lines != nullptr) {
    return Status::InvalidArgument("line " + std::to_string(line != 0 ? line : lines->last) + ": " +
                                   message);
  }
  return Status::InvalidArgument(std::move(message));
}

int At(const std::vector<int>& v, size_t i) { return i < v.size() ? v[i] : 0; }

}  // namespace

Status Validate(const Blueprint& b, const LineInfo* lines) {
  const int last = lines != nullptr ? lines->last : 0;
  if (!IsValidItemId(b.id)) {
    return Error(lines, lines != nullptr ? lines->id : 0,
                 b.id.empty() ? "missing id" : "invalid blueprint id '" + b.id + "'");
  }
  if (b.name.find('\n') != std::string::npos) {
    return Error(lines, last, "name must be one line");
  }
  if (b.duration.count() < 1 || b.duration.count() > kMaxDurationMinutes) {
    return Error(lines, last, "duration must be 1..1440 minutes");
  }
  if (!ParseSoftwareChoice(ToString(b.software))) {
    return Error(lines, last, "software must be microsoft, libreoffice or both");
  }
  const ScoringPolicy& s = b.scoring;
  if (s.scale <= Points{} || s.scale > kMaxItemPoints) {
    return Error(lines, lines != nullptr ? lines->scale : 0,
                 "scale must be above 0 and at most 1000");
  }
  if (s.decimals < 0 || s.decimals > Points::kMaxDecimals) {
    return Error(lines, lines != nullptr ? lines->decimals : 0, "decimals must be 0..4");
  }
  if (s.carry_over_months < 0 || s.carry_over_months > kMaxCarryOverMonths) {
    return Error(lines, last, "carry_over_months must be 0..120");
  }
  if (b.parts.empty()) {
    return Error(lines, last, "no [part ...] section");
  }
  std::set<std::string> part_names;
  int mcq_parts = 0;
  for (size_t i = 0; i < b.parts.size(); ++i) {
    const Part& p = b.parts[i];
    const int header = lines != nullptr ? At(lines->part_header, i) : 0;
    if (!IsValidName(p.name)) {
      return Error(lines, header, "invalid part name '" + p.name + "'");
    }
    if (!part_names.insert(p.name).second) {
      return Error(lines, header, "part '" + p.name + "' appears twice");
    }
    if (p.kind == PartKind::kMultipleChoice) {
      if (++mcq_parts > 1) {
        return Error(lines, header, "only one multiple-choice part is allowed");
      }
      if (!p.subparts.empty()) {
        return Error(lines, header, "a multiple-choice part has no sub-parts");
      }
    }
    const int pass_line = lines != nullptr ? At(lines->part_pass, i) : 0;
    if (p.pass < Points{} || p.pass > s.scale) {
      return Error(lines, pass_line != 0 ? pass_line : header,
                   "pass " + FormatPoints(p.pass) + " is outside 0.." + FormatPoints(s.scale));
    }
    if (DecimalsOf(p.pass) > s.decimals) {
      return Error(
          lines, pass_line != 0 ? pass_line : header,
          "pass " + FormatPoints(p.pass) + " has more decimals than scores are rounded to");
    }
    if (p.floor_basis_points < 0 || p.floor_basis_points > 10000) {
      return Error(lines, header, "floor must be 0%..100%");
    }
    std::set<std::string> subparts;
    for (const std::string& sp : p.subparts) {
      if (!IsValidName(sp)) {
        return Error(lines, header, "invalid sub-part name '" + sp + "'");
      }
      if (!subparts.insert(sp).second) {
        return Error(lines, header, "sub-part '" + sp + "' appears twice");
      }
    }
    if (!p.tasks.empty() && p.kind != PartKind::kEntered) {
      return Error(lines, header, "only an entered part draws practical tasks");
    }
    std::set<std::string> task_subparts, task_modules;
    size_t next = 0;  // tasks follow the order of the sub-parts
    for (const SubpartTask& t : p.tasks) {
      const auto at = std::find(p.subparts.begin(), p.subparts.end(), t.subpart);
      if (at == p.subparts.end()) {
        return Error(lines, header, "a task names no sub-part '" + t.subpart + "'");
      }
      if (!task_subparts.insert(t.subpart).second) {
        return Error(lines, header, "sub-part '" + t.subpart + "' draws two tasks");
      }
      const auto index = static_cast<size_t>(at - p.subparts.begin());
      if (index < next) {
        return Error(lines, header, "tasks must follow the order of the sub-parts");
      }
      next = index + 1;
      if (!IsModuleCode(t.module)) {
        return Error(lines, header, "invalid module '" + t.module + "' (expected IU01..IU15)");
      }
      if (!task_modules.insert(t.module).second) {
        return Error(lines, header, "module " + t.module + " draws two tasks");
      }
      if (!IsValidName(t.pool)) {
        return Error(lines, header, "invalid pool '" + t.pool + "'");
      }
    }
  }
  if (mcq_parts == 0) {
    return Error(lines, last, "no multiple-choice part");
  }
  if (b.cells.empty()) {
    return Error(lines, last, "the multiple-choice part has no cells");
  }
  std::set<std::tuple<std::string, std::string, Difficulty>> seen;
  int total = 0;
  for (size_t i = 0; i < b.cells.size(); ++i) {
    const Cell& c = b.cells[i];
    const int line = lines != nullptr ? At(lines->cells, i) : 0;
    if (!IsModuleCode(c.module)) {
      return Error(lines, line, "invalid module '" + c.module + "' (expected IU01..IU15)");
    }
    if (!c.topic_prefix.empty() &&
        (!IsTopicCode(c.topic_prefix) || !c.topic_prefix.starts_with(c.module + "."))) {
      return Error(lines, line, "invalid topic prefix '" + c.topic_prefix + "'");
    }
    if (c.count < 1 || c.count > kMaxCellCount) {
      return Error(lines, line, "count must be 1..1000");
    }
    if (c.points <= Points{} || c.points > kMaxItemPoints) {
      return Error(lines, line, "points per item must be above 0 and at most 1000");
    }
    if (!seen.insert({c.module, c.topic_prefix, c.difficulty}).second) {
      return Error(lines, line, "cell " + CellLabel(c) + " appears twice");
    }
    total += c.count;
  }
  if (total > kMaxFormItems) {
    return Error(lines, last, "a form may have at most 1000 items");
  }
  return Status::Ok();
}

}  // namespace blueprint_internal

using blueprint_internal::DecimalsOf;
using blueprint_internal::IsDigit;
using blueprint_internal::kMaxPoints;
using blueprint_internal::Validate;

std::optional<Points> ParsePoints(std::string_view s) {
  const size_t dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  const std::string_view frac =
      dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (whole.empty() || whole.size() > 7 || !std::all_of(whole.begin(), whole.end(), IsDigit)) {
    return std::nullopt;
  }
  if (dot != std::string_view::npos &&
      (frac.empty() || frac.size() > static_cast<size_t>(Points::kMaxDecimals) ||
       !std::all_of(frac.begin(), frac.end(), IsDigit))) {
    return std::nullopt;
  }
  int64_t v = 0;
  for (char c : whole) {
    v = v * 10 + (c - '0');
  }
  int64_t f = 0;
  for (size_t i = 0; i < static_cast<size_t>(Points::kMaxDecimals); ++i) {
    f = f * 10 + (i < frac.size() ? frac[i] - '0' : 0);
  }
  const int64_t total = v * Points::kOne + f;
  if (total > kMaxPoints) {
    return std::nullopt;
  }
  return Points{total};
}

std::string FormatPoints(Points p) { return FormatPoints(p, DecimalsOf(p)); }

std::string FormatPoints(Points p, int decimals) {
  KHAOTHI_DCHECK(decimals >= 0 && decimals <= Points::kMaxDecimals);
  KHAOTHI_DCHECK(DecimalsOf(p) <= decimals);
  const bool negative = p.ten_thousandths < 0;
  const int64_t v = negative ? -p.ten_thousandths : p.ten_thousandths;
  std::string out = negative ? "-" : "";
  out += std::to_string(v / Points::kOne);
  if (decimals > 0) {
    std::string frac = std::to_string(v % Points::kOne);
    frac.insert(0, static_cast<size_t>(Points::kMaxDecimals) - frac.size(), '0');
    out += '.';
    out += frac.substr(0, static_cast<size_t>(decimals));
  }
  return out;
}

std::string_view ToString(QuestionOrder o) {
  switch (o) {
    case QuestionOrder::kGroupedByModule:
      return "grouped-by-module";
    case QuestionOrder::kShuffled:
      return "shuffled";
  }
  return "?";
}

std::string_view ToString(PartKind k) {
  switch (k) {
    case PartKind::kMultipleChoice:
      return "multiple-choice";
    case PartKind::kEntered:
      return "entered";
  }
  return "?";
}

std::string_view ToString(RoundingMode m) {
  switch (m) {
    case RoundingMode::kHalfUp:
      return "half-up";
    case RoundingMode::kHalfEven:
      return "half-even";
    case RoundingMode::kDown:
      return "down";
  }
  return "?";
}

std::string_view ToString(SoftwareChoice s) {
  switch (s) {
    case SoftwareChoice::kBoth:
      return "both";
    case SoftwareChoice::kMicrosoft:
      return "microsoft";
    case SoftwareChoice::kLibreOffice:
      return "libreoffice";
  }
  return "?";
}

std::optional<QuestionOrder> ParseQuestionOrder(std::string_view s) {
  for (QuestionOrder v : {QuestionOrder::kGroupedByModule, QuestionOrder::kShuffled}) {
    if (ToString(v) == s) {
      return v;
    }
  }
  return std::nullopt;
}

std::optional<PartKind> ParsePartKind(std::string_view s) {
  for (PartKind v : {PartKind::kMultipleChoice, PartKind::kEntered}) {
    if (ToString(v) == s) {
      return v;
    }
  }
  return std::nullopt;
}

std::optional<RoundingMode> ParseRoundingMode(std::string_view s) {
  for (RoundingMode v : {RoundingMode::kHalfUp, RoundingMode::kHalfEven, RoundingMode::kDown}) {
    if (ToString(v) == s) {
      return v;
    }
  }
  return std::nullopt;
}

std::optional<SoftwareChoice> ParseSoftwareChoice(std::string_view s) {
  for (SoftwareChoice v :
       {SoftwareChoice::kBoth, SoftwareChoice::kMicrosoft, SoftwareChoice::kLibreOffice}) {
    if (ToString(v) == s) {
      return v;
    }
  }
  return std::nullopt;
}

std::string CellLabel(const Cell& cell) {
  std::string out = cell.topic_prefix.empty() ? cell.module : cell.topic_prefix;
  out += ' ';
  out += ToString(cell.difficulty);
  return out;
}

bool CellMatches(const Cell& cell, const Item& item) {
  if (item.module != cell.module || item.difficulty != cell.difficulty) {
    return false;
  }
  if (cell.topic_prefix.empty()) {
    return true;
  }
  const std::string& t = item.topic;
  return t.starts_with(cell.topic_prefix) &&
         (t.size() == cell.topic_prefix.size() || t[cell.topic_prefix.size()] == '.');
}

bool SoftwareMatches(SoftwareChoice choice, const Item& item) {
  switch (choice) {
    case SoftwareChoice::kBoth:
      return true;
    case SoftwareChoice::kMicrosoft:
      return item.software == Software::kAny || item.software == Software::kMicrosoft;
    case SoftwareChoice::kLibreOffice:
      return item.software == Software::kAny || item.software == Software::kLibreOffice;
  }
  return false;
}

bool Blueprint::Draws(const Cell& cell, const Item& item) const {
  return CellMatches(cell, item) && SoftwareMatches(software, item);
}

int Blueprint::ItemCount() const {
  int n = 0;
  for (const Cell& c : cells) {
    n += c.count;
  }
  return n;
}

const Part& Blueprint::MultipleChoicePart() const {
  for (const Part& p : parts) {
    if (p.kind == PartKind::kMultipleChoice) {
      return p;
    }
  }
  KHAOTHI_CHECK(false && "blueprint without a multiple-choice part");
  return parts.front();
}

Status ValidateBlueprint(const Blueprint& b) { return Validate(b, nullptr); }

}  // namespace khaothi::engine
