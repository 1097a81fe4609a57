#include "khaothi/engine/item.h"

#include <algorithm>
#include <set>

#include "khaothi/engine/outline.h"

namespace khaothi::engine {

std::string_view ToString(Difficulty d) {
  switch (d) {
    case Difficulty::kEasy:
      return "easy";
    case Difficulty::kMedium:
      return "medium";
    case Difficulty::kHard:
      return "hard";
  }
  return "?";
}

std::string_view ToString(ItemStatus s) {
  switch (s) {
    case ItemStatus::kDraft:
      return "draft";
    case ItemStatus::kActive:
      return "active";
    case ItemStatus::kRetired:
      return "retired";
  }
  return "?";
}

std::string_view ToString(ResponseMode m) {
  switch (m) {
    case ResponseMode::kSingle:
      return "single";
    case ResponseMode::kMultiple:
      return "multiple";
  }
  return "?";
}

std::string_view ToString(Software s) {
  switch (s) {
    case Software::kAny:
      return "any";
    case Software::kMicrosoft:
      return "microsoft";
    case Software::kLibreOffice:
      return "libreoffice";
  }
  return "?";
}

std::optional<Difficulty> ParseDifficulty(std::string_view s) {
  for (Difficulty d : {Difficulty::kEasy, Difficulty::kMedium, Difficulty::kHard}) {
    if (ToString(d) == s) {
      return d;
    }
  }
  return std::nullopt;
}

std::optional<ItemStatus> ParseItemStatus(std::string_view s) {
  for (ItemStatus v : {ItemStatus::kDraft, ItemStatus::kActive, ItemStatus::kRetired}) {
    if (ToString(v) == s) {
      return v;
    }
  }
  return std::nullopt;
}

std::optional<ResponseMode> ParseResponseMode(std::string_view s) {
  for (ResponseMode v : {ResponseMode::kSingle, ResponseMode::kMultiple}) {
    if (ToString(v) == s) {
      return v;
    }
  }
  return std::nullopt;
}

std::optional<Software> ParseSoftware(std::string_view s) {
  for (Software v : {Software::kAny, Software::kMicrosoft, Software::kLibreOffice}) {
    if (ToString(v) == s) {
      return v;
    }
  }
  return std::nullopt;
}

bool Item::weighted() const {
  return std::any_of(options.begin(), options.end(),
                     [](const Option& o) { return o.weight.has_value(); });
}

int Item::correct_count() const {
  return static_cast<int>(
      std::count_if(options.begin(), options.end(), [](const Option& o) { return o.correct; }));
}

bool IsValidItemId(std::string_view id) {
  if (id.empty() || id.size() > 64) {
    return false;
  }
  auto ok = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  };
  return std::all_of(id.begin(), id.end(), ok) && id.front() != '.' && id.front() != '-';
}

namespace {

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n'; });
}

}  // namespace

std::vector<ItemProblem> CheckItem(const Item& item, const Outline& outline) {
  std::vector<ItemProblem> problems;
  auto add = [&](std::string field, std::string message) {
    problems.push_back({std::move(field), std::move(message)});
  };

  if (!IsValidItemId(item.id)) {
    add("id", item.id.empty() ? "missing id"
                              : "invalid id '" + item.id +
                                    "' (use letters, digits, '.', '_', '-'; at most 64 bytes)");
  }
  if (IsBlank(item.stem)) {
    add("stem", "empty question text");
  }

  const int n = static_cast<int>(item.options.size());
  if (n < kMinOptions) {
    add("options", "has " + std::to_string(n) + " option(s); at least 2 are needed");
  } else if (n > kMaxOptions) {
    add("options", "has " + std::to_string(n) + " options; at most 6 are allowed");
  }
  std::set<std::string> seen;
  for (int i = 0; i < n; ++i) {
    const Option& o = item.options[static_cast<size_t>(i)];
    std::string label(1, static_cast<char>('A' + i));
    if (o.weight && !(*o.weight >= -100.0 && *o.weight <= 100.0)) {
      add("options", "option " + label + " has weight " + std::to_string(*o.weight) +
                         "%; weights are from -100% to 100%");
    }
    if (IsBlank(o.text)) {
      add("options", "option " + label + " is empty");
    } else if (!seen.insert(o.text).second) {
      add("options", "option " + label + " repeats an earlier option: '" + o.text + "'");
    }
  }

  const int correct = item.correct_count();
  if (correct == 0) {
    add("key", "no option is marked correct");
  } else if (item.mode == ResponseMode::kSingle && correct > 1) {
    add("key", "single-answer item has " + std::to_string(correct) + " correct options");
  }

  const bool draft = item.status == ItemStatus::kDraft;
  if (item.module.empty()) {
    if (!draft) {
      add("module", "missing module");
    }
  } else if (outline.FindModule(item.module) == nullptr) {
    add("module", "unknown module '" + item.module + "'");
  }
  if (item.topic.empty()) {
    if (!draft) {
      add("topic", "missing topic");
    }
  } else if (!outline.IsLeaf(item.topic)) {
    add("topic", outline.FindTopic(item.topic) != nullptr
                     ? "topic '" + item.topic + "' is a heading, not a leaf of the outline"
                     : "unknown topic code '" + item.topic + "'");
  } else if (!item.module.empty() && !item.topic.starts_with(item.module + ".")) {
    add("topic", "topic '" + item.topic + "' is not in module " + item.module);
  }
  if (!item.difficulty && !draft) {
    add("difficulty", "missing difficulty");
  }
  if (!ParseSoftware(ToString(item.software))) {
    add("software", "software must be any, microsoft or libreoffice");
  }
  return problems;
}

}  // namespace khaothi::engine
