// GIFT writer: items as Moodle imports them, with khaothi's metadata comment where the answer
// block alone would read back differently, so that ParseGift(SerializeGift(items)) == items.
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/bank/gift.h"
#include "khaothi/bank/text.h"

#include "format_internal.h"
#include "gift_internal.h"

namespace khaothi::bank {
namespace {

using engine::Item;
using engine::Option;

// Moodle's repchar(): escapes `\ # = ~ { } :` and writes line breaks as \n (gift::kEscapes).
std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (const char c : s) {
    if (const gift::EscapeRule* escape = gift::FindEscape(&gift::EscapeRule::meaning, c)) {
      out += '\\';
      out += escape->written;
    } else {
      out += c;
    }
  }
  return out;
}

// Escaped text, guarded against being read as something else: a text starting with '[' would
// lose a leading "[html]" as a format marker, one starting with '%' would be read as a weight, a
// first line starting with "//" as a comment. An explicit [moodle] marker in front, which Moodle
// and our reader strip, keeps such text as it is.
std::string GuardedText(std::string_view s) {
  std::string out;
  if (s.starts_with('[') || s.starts_with('%') || s.starts_with('/')) {
    out = "[moodle]";
  }
  out += Escape(s);
  return out;
}

std::string WeightText(double w) {
  char buf[1200];
  const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, w, std::chars_format::fixed);
  if (ec != std::errc()) {
    return "0";
  }
  return std::string(buf, ptr);
}

std::string CategoryPath(const Item& item) {
  std::string path = "khaothi";
  if (IsModuleCode(item.module)) {
    path += '/';
    path += item.module;
  }
  if (IsTopicCode(item.topic) && item.topic.starts_with(item.module)) {
    path += '/';
    path += item.topic;
  }
  if (item.difficulty) {
    path += '/';
    path += engine::ToString(*item.difficulty);
  }
  return path;
}

}  // namespace

std::string SerializeGift(const std::vector<Item>& items) {
  std::string out;
  std::string category;
  for (const Item& item : items) {
    // The category line is for Moodle, which files the questions under it; our reader takes
    // module, topic and difficulty from the metadata comment, which always names all three.
    if (const std::string path = CategoryPath(item); path != category) {
      category = path;
      out += "$CATEGORY: " + category + "\n\n";
    }

    std::vector<gift::Marked> marks;
    std::string answers;
    int correct_total = 0;
    for (const Option& o : item.options) {
      correct_total += o.correct ? 1 : 0;
    }
    const bool unweighted_multiple =
        item.mode == engine::ResponseMode::kMultiple && !item.weighted();
    for (const Option& o : item.options) {
      gift::Marked mark;
      if (item.mode == engine::ResponseMode::kSingle && o.correct && !o.weight) {
        mark.equals = true;
      } else if (unweighted_multiple && o.correct) {
        // GIFT has no all-or-nothing multiple answer; Moodle needs weights, so share 100 %
        // between the key options. `weights=none` tells our reader to drop them again.
        mark.weight = 100.0 / correct_total;
      } else {
        mark.weight = o.weight;
      }
      answers += '\t';
      if (mark.equals) {
        answers += '=';
      } else {
        answers += '~';
        if (mark.weight) {
          answers += '%' + WeightText(*mark.weight) + '%';
        }
      }
      answers += GuardedText(o.text);
      if (!o.feedback.empty()) {
        answers += '#' + GuardedText(o.feedback);
      }
      answers += '\n';
      marks.push_back(mark);
    }

    std::string meta = std::string(gift::kMetaPrefix) + " id=" + PercentEncode(item.id);
    if (item.version != 0) {
      meta += " version=" + std::to_string(item.version);
    }
    meta += " module=" + PercentEncode(item.module) + " topic=" + PercentEncode(item.topic) +
            " difficulty=" +
            (item.difficulty ? std::string(engine::ToString(*item.difficulty)) : std::string()) +
            " status=" + std::string(engine::ToString(item.status));
    if (!item.exclusion_group.empty()) {
      meta += " group=" + PercentEncode(item.exclusion_group);
    }
    if (item.software != engine::Software::kAny) {
      meta += " software=" + std::string(engine::ToString(item.software));
    }
    std::vector<int> fixed;
    std::vector<int> key;
    bool key_differs = false;
    for (size_t i = 0; i < item.options.size(); ++i) {
      if (item.options[i].fixed) {
        fixed.push_back(static_cast<int>(i));
      }
      if (item.options[i].correct) {
        key.push_back(static_cast<int>(i));
      }
      key_differs = key_differs || item.options[i].correct != gift::InferredCorrect(marks, i);
    }
    if (!fixed.empty()) {
      meta += " fixed=" + gift::OptionList(fixed);
    }
    if (!marks.empty() && gift::InferredMode(marks) != item.mode) {
      meta += " mode=" + std::string(engine::ToString(item.mode));
    }
    if (key_differs) {
      meta += " key=" + gift::OptionList(key);
    }
    if (unweighted_multiple && correct_total > 0) {
      meta += " weights=none";
    }
    out += meta + '\n';

    if (!item.name.empty()) {
      out += "::" + Escape(item.name) + "::";
    }
    out += GuardedText(item.stem) + "{\n" + answers;
    if (!item.explanation.empty()) {
      out += "\t####" + GuardedText(item.explanation) + '\n';
    }
    out += "}\n\n";
  }
  return out;
}

}  // namespace khaothi::bank
