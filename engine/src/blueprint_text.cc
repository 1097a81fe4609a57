// The blueprint's text form (docs/blueprint.md): ParseBlueprint reads it line by line, naming the
// line of every error, and SerializeBlueprint writes it so that Parse(Serialize(b)) == b.
#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "khaothi/engine/blueprint.h"

#include "blueprint_internal.h"

namespace khaothi::engine {
namespace {

using blueprint_internal::IsModuleCode;
using blueprint_internal::IsTopicCode;
using blueprint_internal::IsValidName;
using blueprint_internal::kMaxCarryOverMonths;
using blueprint_internal::kMaxCellCount;
using blueprint_internal::kMaxDurationMinutes;
using blueprint_internal::kMaxItemPoints;
using blueprint_internal::LineInfo;
using blueprint_internal::Validate;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
      ++i;
    }
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') {
      ++j;
    }
    if (j > i) {
      words.push_back(s.substr(i, j - i));
    }
    i = j;
  }
  return words;
}

std::optional<int> ParseInt(std::string_view s) {
  int v = 0;
  if (s.empty() || s.front() == '+' || s.front() == '-') {
    return std::nullopt;
  }
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    return std::nullopt;
  }
  return v;
}

std::optional<bool> ParseYesNo(std::string_view s) {
  if (s == "yes") {
    return true;
  }
  if (s == "no") {
    return false;
  }
  return std::nullopt;
}

std::string_view YesNo(bool b) { return b ? "yes" : "no"; }

// "40%", "40.5%", "12.25%": hundredths of a percent.
std::optional<int> ParsePercent(std::string_view s) {
  if (s.empty() || s.back() != '%') {
    return std::nullopt;
  }
  s.remove_suffix(1);
  s = Trim(s);
  std::optional<Points> p = ParsePoints(s);
  // A percent with two decimals is a Points value with at most two decimals, times 100.
  if (!p || p->ten_thousandths % 100 != 0 || p->ten_thousandths > 100 * Points::kOne) {
    return std::nullopt;
  }
  return static_cast<int>(p->ten_thousandths / 100);
}

std::string FormatPercent(int basis_points) {
  return FormatPoints(Points{static_cast<int64_t>(basis_points) * 100}) + "%";
}

Result<Cell> ParseCell(std::string_view value) {
  const std::vector<std::string_view> words = SplitWords(value);
  if (words.size() < 3 || words.size() > 4) {
    return Status::InvalidArgument("a cell is 'MODULE[.TOPIC] DIFFICULTY COUNT [points=P]', got '" +
                                   std::string(value) + "'");
  }
  Cell cell;
  const std::string_view where = words[0];
  if (IsModuleCode(where)) {
    cell.module = std::string(where);
  } else if (IsTopicCode(where)) {
    cell.module = std::string(where.substr(0, 4));
    cell.topic_prefix = std::string(where);
  } else {
    return Status::InvalidArgument("'" + std::string(where) +
                                   "' is neither a module (IU04) nor a topic prefix (IU04.5)");
  }
  std::optional<Difficulty> d = ParseDifficulty(words[1]);
  if (!d) {
    return Status::InvalidArgument("unknown difficulty '" + std::string(words[1]) +
                                   "' (easy, medium or hard)");
  }
  cell.difficulty = *d;
  std::optional<int> count = ParseInt(words[2]);
  if (!count || *count < 1 || *count > kMaxCellCount) {
    return Status::InvalidArgument("count must be a whole number 1..1000, got '" +
                                   std::string(words[2]) + "'");
  }
  cell.count = *count;
  if (words.size() == 4) {
    std::string_view pts = words[3];
    constexpr std::string_view kPrefix = "points=";
    std::optional<Points> p;
    if (pts.starts_with(kPrefix)) {
      p = ParsePoints(pts.substr(kPrefix.size()));
    }
    if (!p || *p <= Points{} || *p > kMaxItemPoints) {
      return Status::InvalidArgument("expected points=P with 0 < P <= 1000, got '" +
                                     std::string(pts) + "'");
    }
    cell.points = *p;
  }
  return cell;
}

// "NAME module=IU04 [pool=POOL]" split into words: the task a practical sub-part draws.
Result<SubpartTask> ParseSubpartTask(std::string_view name,
                                     const std::vector<std::string_view>& words) {
  SubpartTask task;
  task.subpart = std::string(name);
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string_view w = words[i];
    if (w.starts_with("module=") && task.module.empty()) {
      task.module = std::string(w.substr(7));
      if (!IsModuleCode(task.module)) {
        return Status::InvalidArgument("invalid module '" + task.module +
                                       "' (expected IU01..IU15)");
      }
    } else if (w.starts_with("pool=") && task.pool.empty()) {
      task.pool = std::string(w.substr(5));
      if (!IsValidName(task.pool)) {
        return Status::InvalidArgument("invalid pool '" + task.pool +
                                       "' (letters, digits, '-', '_')");
      }
    } else {
      return Status::InvalidArgument("a sub-part is 'NAME [module=IUxx [pool=POOL]]', got '" +
                                     std::string(w) + "'");
    }
  }
  if (task.module.empty()) {
    return Status::InvalidArgument("a sub-part that draws a task needs module=IUxx");
  }
  if (task.pool.empty()) {
    task.pool = task.module;
  }
  return task;
}

enum class Section { kTop, kScoring, kPart };

}  // namespace

Result<Blueprint> ParseBlueprint(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
  }
  Blueprint b;
  LineInfo lines;
  Section section = Section::kTop;
  std::set<std::string> keys_seen;  // of the current section
  // Per part: whether `kind` was given, and the line of its first cell / floor / sub-part.
  std::vector<bool> kind_given;
  std::vector<int> first_cell_line, first_entered_line;
  std::vector<std::vector<Cell>> part_cells;
  std::vector<std::vector<int>> part_cell_lines;

  auto fail = [](int line, const std::string& m) {
    return Status::InvalidArgument("line " + std::to_string(line) + ": " + m);
  };

  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view line = Trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') {
      continue;
    }
    lines.last = line_no;
    if (line.front() == '[') {
      if (line.back() != ']') {
        return fail(line_no, "a section header ends with ']'");
      }
      const std::vector<std::string_view> words = SplitWords(line.substr(1, line.size() - 2));
      keys_seen.clear();
      if (words.size() == 1 && words[0] == "scoring") {
        if (lines.scale != 0 || lines.decimals != 0 || section == Section::kScoring) {
          return fail(line_no, "[scoring] appears twice");
        }
        section = Section::kScoring;
        continue;
      }
      if (words.size() == 2 && words[0] == "part") {
        if (!IsValidName(words[1])) {
          return fail(line_no, "invalid part name '" + std::string(words[1]) +
                                   "' (letters, digits, '-', '_')");
        }
        for (const Part& p : b.parts) {
          if (p.name == words[1]) {
            return fail(line_no, "part '" + p.name + "' appears twice");
          }
        }
        section = Section::kPart;
        Part part;
        part.name = std::string(words[1]);
        b.parts.push_back(std::move(part));
        lines.part_header.push_back(line_no);
        lines.part_pass.push_back(0);
        kind_given.push_back(false);
        first_cell_line.push_back(0);
        first_entered_line.push_back(0);
        part_cells.emplace_back();
        part_cell_lines.emplace_back();
        continue;
      }
      return fail(line_no, "unknown section '" + std::string(line) +
                               "' (expected [scoring] or [part NAME])");
    }
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return fail(line_no, "expected 'key = value'");
    }
    const std::string key(Trim(line.substr(0, eq)));
    const std::string_view value = Trim(line.substr(eq + 1));
    const bool repeatable = section == Section::kPart && (key == "cell" || key == "subpart");
    if (!repeatable && !keys_seen.insert(key).second) {
      return fail(line_no, "'" + key + "' appears twice");
    }
    auto bad_value = [&](std::string_view expected) {
      return fail(line_no, "invalid " + key + " '" + std::string(value) + "' (expected " +
                               std::string(expected) + ")");
    };

    if (section == Section::kTop) {
      if (key == "id") {
        if (!IsValidItemId(value)) {
          return bad_value("letters, digits, '.', '_', '-'");
        }
        b.id = std::string(value);
        lines.id = line_no;
      } else if (key == "name") {
        b.name = std::string(value);
      } else if (key == "duration") {
        std::optional<int> m = ParseInt(value);
        if (!m || *m < 1 || *m > kMaxDurationMinutes) {
          return bad_value("whole minutes 1..1440");
        }
        b.duration = std::chrono::minutes(*m);
      } else if (key == "order") {
        std::optional<QuestionOrder> o = ParseQuestionOrder(value);
        if (!o) {
          return bad_value("grouped-by-module or shuffled");
        }
        b.order = *o;
      } else if (key == "shuffle_options" || key == "show_score") {
        std::optional<bool> v = ParseYesNo(value);
        if (!v) {
          return bad_value("yes or no");
        }
        (key == "shuffle_options" ? b.shuffle_options : b.show_score) = *v;
      } else if (key == "software") {
        std::optional<SoftwareChoice> sw = ParseSoftwareChoice(value);
        if (!sw) {
          return bad_value("microsoft, libreoffice or both");
        }
        b.software = *sw;
      } else {
        return fail(line_no, "unknown key '" + key + "'");
      }
    } else if (section == Section::kScoring) {
      if (key == "scale") {
        std::optional<Points> p = ParsePoints(value);
        if (!p || *p <= Points{} || *p > kMaxItemPoints) {
          return bad_value("a number above 0 and at most 1000");
        }
        b.scoring.scale = *p;
        lines.scale = line_no;
      } else if (key == "decimals") {
        std::optional<int> d = ParseInt(value);
        if (!d || *d > Points::kMaxDecimals) {
          return bad_value("0..4");
        }
        b.scoring.decimals = *d;
        lines.decimals = line_no;
      } else if (key == "rounding") {
        std::optional<RoundingMode> m = ParseRoundingMode(value);
        if (!m) {
          return bad_value("half-up, half-even or down");
        }
        b.scoring.rounding = *m;
      } else if (key == "carry_over_months") {
        std::optional<int> m = ParseInt(value);
        if (!m || *m > kMaxCarryOverMonths) {
          return bad_value("whole months 0..120");
        }
        b.scoring.carry_over_months = *m;
      } else {
        return fail(line_no, "unknown key '" + key + "' in [scoring]");
      }
    } else {
      const size_t i = b.parts.size() - 1;
      Part& part = b.parts[i];
      if (key == "kind") {
        std::optional<PartKind> k = ParsePartKind(value);
        if (!k) {
          return bad_value("multiple-choice or entered");
        }
        part.kind = *k;
        kind_given[i] = true;
      } else if (key == "pass") {
        std::optional<Points> p = ParsePoints(value);
        if (!p) {
          return bad_value("a number such as 5.00");
        }
        part.pass = *p;
        lines.part_pass[i] = line_no;
      } else if (key == "floor") {
        std::optional<int> f = ParsePercent(value);
        if (!f) {
          return bad_value("a percentage such as 40%");
        }
        part.floor_basis_points = *f;
        if (first_entered_line[i] == 0) {
          first_entered_line[i] = line_no;
        }
      } else if (key == "subpart") {
        const std::vector<std::string_view> words = SplitWords(value);
        if (words.empty() || !IsValidName(words[0])) {
          return bad_value("a name of letters, digits, '-', '_'");
        }
        const std::string_view name = words[0];
        if (std::find(part.subparts.begin(), part.subparts.end(), name) != part.subparts.end()) {
          return fail(line_no, "sub-part '" + std::string(name) + "' appears twice");
        }
        if (words.size() > 1) {
          Result<SubpartTask> task = ParseSubpartTask(name, words);
          if (!task.ok()) {
            return fail(line_no, task.status().message());
          }
          for (const SubpartTask& other : part.tasks) {
            if (other.module == task->module) {
              return fail(line_no, "module " + task->module + " already has sub-part '" +
                                       other.subpart + "'");
            }
          }
          part.tasks.push_back(std::move(task).value());
        }
        part.subparts.emplace_back(name);
        if (first_entered_line[i] == 0) {
          first_entered_line[i] = line_no;
        }
      } else if (key == "cell") {
        Result<Cell> cell = ParseCell(value);
        if (!cell.ok()) {
          return fail(line_no, cell.status().message());
        }
        for (const Cell& other : part_cells[i]) {
          if (other.module == cell->module && other.topic_prefix == cell->topic_prefix &&
              other.difficulty == cell->difficulty) {
            return fail(line_no, "cell " + CellLabel(*cell) + " appears twice");
          }
        }
        part_cells[i].push_back(std::move(cell).value());
        part_cell_lines[i].push_back(line_no);
        if (first_cell_line[i] == 0) {
          first_cell_line[i] = line_no;
        }
      } else {
        return fail(line_no, "unknown key '" + key + "' in [part " + part.name + "]");
      }
    }
  }

  for (size_t i = 0; i < b.parts.size(); ++i) {
    const Part& part = b.parts[i];
    if (!kind_given[i]) {
      return fail(lines.part_header[i],
                  "part '" + part.name + "' needs 'kind = multiple-choice' or 'kind = entered'");
    }
    if (part.kind == PartKind::kMultipleChoice) {
      if (first_entered_line[i] != 0) {
        return fail(first_entered_line[i],
                    "floor and subpart belong to an entered part, not a multiple-choice one");
      }
      if (!b.cells.empty()) {
        return fail(lines.part_header[i], "only one multiple-choice part is allowed");
      }
      if (part_cells[i].empty()) {
        return fail(lines.part_header[i], "multiple-choice part '" + part.name + "' has no cells");
      }
      b.cells = std::move(part_cells[i]);
      lines.cells = std::move(part_cell_lines[i]);
    } else if (first_cell_line[i] != 0) {
      return fail(first_cell_line[i], "cells belong to the multiple-choice part");
    }
  }
  if (lines.last == 0) {
    return Status::InvalidArgument("line 1: the blueprint is empty");
  }
  KHAOTHI_RETURN_IF_ERROR(Validate(b, &lines));
  return b;
}

std::string SerializeBlueprint(const Blueprint& b) {
  KHAOTHI_DCHECK(ValidateBlueprint(b).ok());
  std::string out;
  auto kv = [&out](std::string_view key, std::string_view value) {
    out += key;
    out += " = ";
    out += value;
    out += '\n';
  };
  out += "# khaothi blueprint (ma trận đề); the format is described in docs/blueprint.md.\n";
  kv("id", b.id);
  kv("name", b.name);
  kv("duration", std::to_string(b.duration.count()));
  kv("order", ToString(b.order));
  kv("shuffle_options", YesNo(b.shuffle_options));
  kv("show_score", YesNo(b.show_score));
  kv("software", ToString(b.software));
  out += "\n[scoring]\n";
  kv("scale", FormatPoints(b.scoring.scale));
  kv("decimals", std::to_string(b.scoring.decimals));
  kv("rounding", ToString(b.scoring.rounding));
  kv("carry_over_months", std::to_string(b.scoring.carry_over_months));
  for (const Part& p : b.parts) {
    out += "\n[part " + p.name + "]\n";
    kv("kind", ToString(p.kind));
    kv("pass", FormatPoints(p.pass, b.scoring.decimals));
    if (p.kind == PartKind::kMultipleChoice) {
      for (const Cell& c : b.cells) {
        std::string v = CellLabel(c) + " " + std::to_string(c.count);
        if (c.points != Points::Whole(1)) {
          v += " points=" + FormatPoints(c.points);
        }
        kv("cell", v);
      }
    } else {
      kv("floor", FormatPercent(p.floor_basis_points));
      for (const std::string& sp : p.subparts) {
        std::string v = sp;
        for (const SubpartTask& t : p.tasks) {
          if (t.subpart == sp) {
            v += " module=" + t.module + " pool=" + t.pool;
          }
        }
        kv("subpart", v);
      }
    }
  }
  return out;
}

}  // namespace khaothi::engine
