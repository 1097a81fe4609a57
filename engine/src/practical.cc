// Practical tasks: the manifest's rules, the limits' predicates and the draw of one task per
// sub-part (docs/practical.md).
#include "khaothi/engine/practical.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "khaothi/engine/item.h"
#include "khaothi/engine/practical_limits.h"
#include "khaothi/engine/random.h"

#include "blueprint_internal.h"

namespace khaothi::engine {
namespace {

using blueprint_internal::IsModuleCode;
using blueprint_internal::IsValidName;

bool IsAsciiAlnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool IsHex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool IsPointsCode(std::string_view s) {
  return !s.empty() && s.size() <= 16 && std::all_of(s.begin(), s.end(), [](char c) {
    return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '-';
  });
}

Status CheckFile(const PracticalFile& f, std::string_view role, bool instructions) {
  if (!IsPracticalFileName(f.name)) {
    return Status::InvalidArgument(std::string(role) + " '" + f.name +
                                   "': a file name is 1..100 ASCII letters, digits, '.', '_', '-', "
                                   "not starting with '.', with an extension");
  }
  if (instructions ? !IsInstructionsFileType(f.name) : !IsPracticalFileType(f.name)) {
    return Status::InvalidArgument(std::string(role) + " '" + f.name + "': type ." +
                                   std::string(FileExtension(f.name)) + " is not allowed");
  }
  const int64_t limit = instructions ? kMaxInstructionsBytes : kMaxPracticalFileBytes;
  if (f.size < 0 || f.size > limit) {
    return Status::InvalidArgument(std::string(role) + " '" + f.name +
                                   "': " + std::to_string(f.size) + " bytes, over the limit of " +
                                   std::to_string(limit));
  }
  if (!IsHex64(f.sha256)) {
    return Status::InvalidArgument(std::string(role) + " '" + f.name +
                                   "': SHA-256 must be 64 lower-case hex digits");
  }
  return Status::Ok();
}

}  // namespace

std::string_view ToString(PartialRule rule) {
  return rule == PartialRule::kAll ? "all" : "proportional";
}

std::optional<PartialRule> ParsePartialRule(std::string_view text) {
  if (text == "all") return PartialRule::kAll;
  if (text == "proportional") return PartialRule::kProportional;
  return std::nullopt;
}

std::string_view FileExtension(std::string_view name) {
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
}

bool IsPracticalFileName(std::string_view name) {
  if (name.empty() || name.size() > static_cast<size_t>(kMaxFileNameBytes) || name[0] == '.') {
    return false;
  }
  if (!std::all_of(name.begin(), name.end(),
                   [](char c) { return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '-'; })) {
    return false;
  }
  const std::string_view ext = FileExtension(name);
  return !ext.empty() && std::all_of(ext.begin(), ext.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

bool IsPracticalFileType(std::string_view name) {
  const std::string_view ext = FileExtension(name);
  return std::find(kPracticalFileExtensions.begin(), kPracticalFileExtensions.end(), ext) !=
         kPracticalFileExtensions.end();
}

bool IsInstructionsFileType(std::string_view name) {
  const std::string_view ext = FileExtension(name);
  return std::find(kInstructionsExtensions.begin(), kInstructionsExtensions.end(), ext) !=
         kInstructionsExtensions.end();
}

Status ValidatePracticalTask(const PracticalTask& t) {
  if (!IsValidItemId(t.id)) {
    return Status::InvalidArgument(t.id.empty() ? "missing id" : "invalid task id '" + t.id + "'");
  }
  if (!IsModuleCode(t.module)) {
    return Status::InvalidArgument(t.module.empty()
                                       ? "missing module"
                                       : "invalid module '" + t.module + "' (expected IU01..IU15)");
  }
  if (t.title.empty() || t.title.size() > static_cast<size_t>(kMaxTitleBytes) ||
      t.title.find('\n') != std::string::npos) {
    return Status::InvalidArgument("title must be one line of 1.." +
                                   std::to_string(kMaxTitleBytes) + " bytes");
  }
  if (t.minutes < 1 || t.minutes > kMaxTaskMinutes) {
    return Status::InvalidArgument("minutes must be 1.." + std::to_string(kMaxTaskMinutes));
  }
  if (!IsValidName(t.pool)) {
    return Status::InvalidArgument(t.pool.empty() ? "missing pool"
                                                  : "invalid pool '" + t.pool + "'");
  }
  if (t.total <= Points{} || t.total > Points::Whole(1000)) {
    return Status::InvalidArgument("total must be above 0 and at most 1000");
  }
  KHAOTHI_RETURN_IF_ERROR(CheckFile(t.instructions, "instructions", true));
  if (t.starters.size() > static_cast<size_t>(kMaxStarterFiles)) {
    return Status::InvalidArgument("at most " + std::to_string(kMaxStarterFiles) +
                                   " starter files, got " + std::to_string(t.starters.size()));
  }
  if (t.solutions.empty()) {
    return Status::InvalidArgument("no solution file (the model solution is required)");
  }
  if (t.solutions.size() > static_cast<size_t>(kMaxSolutionFiles)) {
    return Status::InvalidArgument("at most " + std::to_string(kMaxSolutionFiles) +
                                   " solution files, got " + std::to_string(t.solutions.size()));
  }
  std::set<std::string> names{t.instructions.name};
  int64_t bytes = t.instructions.size;
  for (const auto* files : {&t.starters, &t.solutions}) {
    const std::string_view role = files == &t.starters ? "starter" : "solution";
    for (const PracticalFile& f : *files) {
      KHAOTHI_RETURN_IF_ERROR(CheckFile(f, role, false));
      if (!names.insert(f.name).second) {
        return Status::InvalidArgument("file '" + f.name + "' is listed twice");
      }
      bytes += f.size;
    }
  }
  if (bytes > kMaxPackageBytes) {
    return Status::InvalidArgument("the files add up to " + std::to_string(bytes) +
                                   " bytes, over the limit of " + std::to_string(kMaxPackageBytes));
  }
  if (t.points.empty()) {
    return Status::InvalidArgument("the points table is empty");
  }
  if (t.points.size() > static_cast<size_t>(kMaxPointsLines)) {
    return Status::InvalidArgument("the points table has " + std::to_string(t.points.size()) +
                                   " lines, over the limit of " + std::to_string(kMaxPointsLines));
  }
  std::set<std::string> codes;
  Points sum;
  for (const PointsLine& line : t.points) {
    if (!IsPointsCode(line.code)) {
      return Status::InvalidArgument("invalid points code '" + line.code + "'");
    }
    if (!codes.insert(line.code).second) {
      return Status::InvalidArgument("points code '" + line.code + "' appears twice");
    }
    if (line.points <= Points{} || line.points > t.total) {
      return Status::InvalidArgument("points of '" + line.code +
                                     "' must be above 0 and at most the total");
    }
    if (line.description.empty() ||
        line.description.size() > static_cast<size_t>(kMaxPointsDescriptionBytes) ||
        line.description.find('\n') != std::string::npos) {
      return Status::InvalidArgument("the description of '" + line.code +
                                     "' must be one line of 1.." +
                                     std::to_string(kMaxPointsDescriptionBytes) + " bytes");
    }
    if (line.checks.size() > static_cast<size_t>(kMaxChecksPerLine)) {
      return Status::InvalidArgument(
          "'" + line.code + "' has " + std::to_string(line.checks.size()) +
          " checks, over the limit of " + std::to_string(kMaxChecksPerLine));
    }
    for (const std::string& check : line.checks) {
      if (check.empty() || check.size() > static_cast<size_t>(kMaxCheckBytes) ||
          check.find('\n') != std::string::npos) {
        return Status::InvalidArgument("a check of '" + line.code + "' must be one line of 1.." +
                                       std::to_string(kMaxCheckBytes) + " bytes");
      }
    }
    sum.ten_thousandths += line.points.ten_thousandths;
  }
  if (sum != t.total) {
    return Status::InvalidArgument("the points table adds up to " + FormatPoints(sum) +
                                   ", not the total " + FormatPoints(t.total));
  }
  return Status::Ok();
}

std::vector<std::string> CheckPracticalPools(const Blueprint& blueprint,
                                             const std::vector<PracticalTask>& tasks) {
  std::vector<std::string> problems;
  for (const Part& part : blueprint.parts) {
    for (const SubpartTask& st : part.tasks) {
      const std::string where = "sub-part " + st.subpart + ": ";
      int usable = 0;
      for (const PracticalTask& t : tasks) {
        if (t.pool != st.pool) {
          continue;
        }
        if (t.module != st.module) {
          problems.push_back(where + "task " + t.id + " of pool " + st.pool + " is for " +
                             t.module + ", not " + st.module);
          continue;
        }
        if (t.total != blueprint.scoring.scale) {
          problems.push_back(where + "the points of task " + t.id + " add up to " +
                             FormatPoints(t.total) + ", not the scale " +
                             FormatPoints(blueprint.scoring.scale));
          continue;
        }
        ++usable;
      }
      if (usable == 0) {
        problems.push_back(where + "pool " + st.pool + " has no " + st.module + " task");
      }
    }
  }
  return problems;
}

Result<std::vector<DrawnTask>> DrawPracticalTasks(const Blueprint& blueprint,
                                                  const std::vector<PracticalTask>& tasks,
                                                  uint64_t seed) {
  KHAOTHI_RETURN_IF_ERROR(ValidateBlueprint(blueprint));
  // The pools, each ordered by id so that the draw does not depend on the order of `tasks`.
  std::map<std::string, std::map<std::string, const PracticalTask*>> pools;
  std::set<std::string> ids;
  for (const PracticalTask& t : tasks) {
    if (!ids.insert(t.id).second) {
      return Status::InvalidArgument("two practical tasks have the id " + t.id);
    }
    pools[t.pool][t.id] = &t;
  }
  const std::vector<std::string> problems = CheckPracticalPools(blueprint, tasks);
  if (!problems.empty()) {
    std::string message;
    for (const std::string& p : problems) {
      message += (message.empty() ? "" : "\n") + p;
    }
    return Status::ResourceExhausted(std::move(message));
  }
  std::vector<DrawnTask> drawn;
  Xoshiro256 rng(seed ^ kPracticalSeedSalt);
  for (const Part& part : blueprint.parts) {
    for (const SubpartTask& st : part.tasks) {
      // CheckPracticalPools passed, so every task of the pool is usable and there is one.
      const auto& pool = pools[st.pool];
      auto it = pool.begin();
      std::advance(it, static_cast<std::ptrdiff_t>(BoundedDraw(rng, pool.size())));
      drawn.push_back({part.name, st.subpart, it->second->id, it->second->version});
    }
  }
  return drawn;
}

}  // namespace khaothi::engine
