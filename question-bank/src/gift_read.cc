// GIFT reader. It follows Moodle's qformat_gift (question/format/gift/format.php) step by step
// for the multiple-choice subset, so that a file Moodle imports the same way comes in the same
// way here; where Moodle would silently make something odd of a malformed question we report an
// error instead, because an import is all-or-nothing.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "khaothi/bank/gift.h"
#include "khaothi/bank/text.h"

#include "format_internal.h"
#include "gift_internal.h"

namespace khaothi::bank {
namespace {

using engine::Item;
using engine::Option;
using gift::InferredCorrect;
using gift::InferredMode;
using gift::kMetaPrefix;
using gift::Marked;
using gift::Metadata;
using gift::ParseMetadata;

// Escaped GIFT characters are replaced by placeholders (gift::kEscapes) before the question is
// cut into parts, as Moodle's escapedchar_pre() does, and put back in each part afterwards.
std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    // Any other backslash is kept as it is, as in Moodle.
    const gift::EscapeRule* escape = s[i] == '\\' && i + 1 < s.size()
                                         ? gift::FindEscape(&gift::EscapeRule::written, s[i + 1])
                                         : nullptr;
    if (escape != nullptr) {
      out += escape->placeholder;
      ++i;
      continue;
    }
    out += s[i];
  }
  return out;
}

std::string RestorePlaceholders(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const gift::EscapeRule* escape = gift::FindEscape(&gift::EscapeRule::placeholder, c);
    out += escape != nullptr ? escape->meaning : c;
  }
  return out;
}

// Moodle's parse_text_with_format(): a leading [html], [moodle], [plain] or [markdown] sets the
// text format, which we drop (the text is kept as written); placeholders are restored and the
// result trimmed and normalised.
std::string TextOf(std::string_view part) {
  part = Trim(part);
  if (part.starts_with('[')) {
    const size_t end = part.find(']');
    if (end != std::string_view::npos) {
      const std::string_view format = part.substr(1, end - 1);
      if (format == "html" || format == "moodle" || format == "plain" || format == "markdown") {
        part.remove_prefix(end + 1);
      }
    }
  }
  return NormalizeText(RestorePlaceholders(Trim(part)));
}

// Moodle's weight regex is ^%-*([0-9]{1,2})\.?([0-9]*)%, which accepts any run of digits with at
// most one '.'; we accept one optional '-' in front. On success removes the weight from `answer`.
std::optional<double> TakeWeight(std::string_view& answer) {
  if (!answer.starts_with('%')) {
    return std::nullopt;
  }
  const size_t end = answer.find('%', 1);
  if (end == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view number = answer.substr(1, end - 1);
  size_t i = number.starts_with('-') ? 1 : 0;
  const size_t digits_start = i;
  while (i < number.size() && number[i] >= '0' && number[i] <= '9') {
    ++i;
  }
  if (i == digits_start) {
    return std::nullopt;
  }
  if (i < number.size() && number[i] == '.') {
    ++i;
    while (i < number.size() && number[i] >= '0' && number[i] <= '9') {
      ++i;
    }
  }
  if (i != number.size()) {
    return std::nullopt;
  }
  // from_chars does not take "5." with nothing after the point; drop such a point.
  std::string_view parse = number;
  if (parse.ends_with('.')) {
    parse.remove_suffix(1);
  }
  double value = 0;
  const auto [ptr, ec] = std::from_chars(parse.data(), parse.data() + parse.size(), value);
  if (ec != std::errc() || ptr != parse.data() + parse.size()) {
    return std::nullopt;
  }
  answer.remove_prefix(end + 1);
  return value;
}

// Module, topic and difficulty named by the current $CATEGORY path.
struct Category {
  std::string module;
  std::string topic;
  std::optional<engine::Difficulty> difficulty;
};

[[nodiscard]] std::optional<std::string> ParseCategory(std::string_view path, Category& category) {
  category = Category();
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) {
      slash = path.size();
    }
    const std::string segment = NormalizeText(path.substr(pos, slash - pos));
    pos = slash + 1;
    if (const std::string upper = AsciiUpper(segment); IsModuleCode(upper)) {
      category.module = upper;
    } else if (IsTopicCode(upper)) {
      category.topic = upper;
    } else if (auto d = DifficultyFromWord(segment)) {
      category.difficulty = d;
    }
  }
  if (!category.topic.empty()) {
    const std::string topic_module = category.topic.substr(0, 4);
    if (!category.module.empty() && category.module != topic_module) {
      return "$CATEGORY names module " + category.module + " but topic " + category.topic;
    }
    category.module = topic_module;
  }
  return std::nullopt;
}

struct Line {
  int number = 0;
  std::string_view text;
};

class GiftReader {
 public:
  GiftReader(std::string_view file, const ImportDefaults& defaults)
      : file_(file), defaults_(defaults) {}

  void Read(std::string_view text);
  ParsedBank Take() { return std::move(out_); }

 private:
  void Error(int line, std::string message) {
    out_.diagnostics.push_back({Severity::kError, file_, line, std::move(message)});
  }
  void ReadBlock(const std::vector<Line>& block);
  // Reads one question from `lines` (comment lines already removed). Returns false after
  // reporting an error.
  bool ReadQuestion(const std::vector<Line>& lines, const Metadata& meta, int meta_line);

  const std::string file_;
  const ImportDefaults& defaults_;
  Category category_;
  ParsedBank out_;
};

void GiftReader::Read(std::string_view text) {
  if (!CheckTextSource(text, file_, out_)) {
    return;
  }
  const std::string lf = ToLf(StripBom(text));
  std::vector<Line> block;
  int number = 0;
  size_t pos = 0;
  while (pos <= lf.size()) {
    size_t end = lf.find('\n', pos);
    if (end == std::string::npos) {
      end = lf.size();
    }
    ++number;
    const std::string_view line = std::string_view(lf).substr(pos, end - pos);
    pos = end + 1;
    if (Trim(line).empty()) {
      if (!block.empty()) {
        ReadBlock(block);
        block.clear();
      }
    } else {
      block.push_back({number, line});
    }
  }
  if (!block.empty()) {
    ReadBlock(block);
  }
}

void GiftReader::ReadBlock(const std::vector<Line>& block) {
  Metadata meta;
  int meta_line = 0;
  std::vector<Line> content;
  for (const Line& line : block) {
    const std::string_view trimmed = Trim(line.text);
    if (trimmed.starts_with("//")) {
      // Only a metadata comment before the question text belongs to it.
      if (content.empty() && trimmed.starts_with(kMetaPrefix)) {
        meta = Metadata();
        meta_line = line.number;
        if (auto error = ParseMetadata(trimmed.substr(kMetaPrefix.size()), meta)) {
          Error(line.number, *error);
          return;
        }
      }
      continue;
    }
    content.push_back(line);
  }
  if (content.empty()) {
    return;
  }
  // Moodle takes a whole block that starts with $CATEGORY: as the category. We take its first
  // line, so that a question written right under it (no blank line) is not swallowed.
  if (Trim(content.front().text).starts_with("$CATEGORY:")) {
    const std::string_view path = Trim(content.front().text).substr(10);
    if (auto error = ParseCategory(path, category_)) {
      Error(content.front().number, *error);
    }
    content.erase(content.begin());
    if (content.empty()) {
      return;
    }
  }
  ReadQuestion(content, meta, meta_line);
}

bool GiftReader::ReadQuestion(const std::vector<Line>& lines, const Metadata& meta, int meta_line) {
  const int start = lines.front().number;
  std::string joined;
  for (const Line& line : lines) {
    if (!joined.empty()) {
      joined += '\n';
    }
    joined += line.text;
  }
  const std::string escaped = Unescape(Trim(joined));
  std::string_view text = escaped;

  Item item;
  if (text.starts_with("::")) {
    text.remove_prefix(2);
    const size_t end = text.find("::");
    if (end != std::string_view::npos) {
      item.name = NormalizeText(RestorePlaceholders(text.substr(0, end)));
      text = Trim(text.substr(end + 2));
    }
  }

  const size_t open = text.find('{');
  const size_t close = text.find('}');
  auto refuse = [this, start](std::string_view kind) {
    Error(start, "cannot import " + std::string(kind) +
                     ": only multiple-choice and true/false GIFT questions can be imported");
    return false;
  };
  if (open == std::string_view::npos && close == std::string_view::npos) {
    return refuse("a description (text without an answer block)");
  }
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    Error(start, "unbalanced braces: an answer block needs '{' and then '}'");
    return false;
  }
  std::string_view answers = Trim(text.substr(open + 1, close - open - 1));
  const bool text_after = !Trim(text.substr(close + 1)).empty();
  const std::string_view question = text.substr(0, open);

  std::string_view general;
  if (const size_t gf = answers.rfind("####"); gf != std::string_view::npos) {
    general = answers.substr(gf + 4);
    answers = Trim(answers.substr(0, gf));
  }

  // Moodle's type detection, in Moodle's order.
  bool true_false = false;
  if (answers.empty()) {
    return refuse("an essay question (empty answer block)");
  }
  if (answers.front() == '#') {
    return refuse("a numerical question");
  }
  if (answers.find('~') == std::string_view::npos) {
    if (answers.find('=') != std::string_view::npos &&
        answers.find("->") != std::string_view::npos) {
      return refuse("a matching question");
    }
    std::string_view check = answers;
    if (const size_t hash = answers.find('#'); hash != std::string_view::npos && hash > 0) {
      check = Trim(answers.substr(0, hash));
    }
    if (check != "T" && check != "TRUE" && check != "F" && check != "FALSE") {
      return refuse("a short-answer question");
    }
    true_false = true;
  }
  if (text_after) {
    return refuse("a missing-word question (text after the answer block)");
  }

  item.stem = TextOf(question);
  item.explanation = TextOf(general);
  item.mode = engine::ResponseMode::kSingle;
  std::vector<Marked> marks;
  if (true_false) {
    // Moodle's split_truefalse_comment(): the first '#' is the feedback for a wrong answer, the
    // second the feedback for a right one.
    std::vector<std::string_view> bits;
    size_t pos = 0;
    while (bits.size() < 2) {
      const size_t hash = answers.find('#', pos);
      if (hash == std::string_view::npos) {
        break;
      }
      bits.push_back(answers.substr(pos, hash - pos));
      pos = hash + 1;
    }
    bits.push_back(answers.substr(pos));
    const std::string_view answer = Trim(bits[0]);
    const bool is_true = answer == "T" || answer == "TRUE";
    const std::string wrong_feedback = bits.size() > 1 ? TextOf(bits[1]) : std::string();
    const std::string right_feedback = bits.size() > 2 ? TextOf(bits[2]) : std::string();
    Option yes{.text = "Đúng", .correct = is_true};
    Option no{.text = "Sai", .correct = !is_true};
    (is_true ? yes : no).feedback = right_feedback;
    (is_true ? no : yes).feedback = wrong_feedback;
    item.options = {std::move(yes), std::move(no)};
  } else {
    // Moodle: replace "=" by "~=" and split on '~'.
    std::vector<std::string_view> parts;
    size_t pos = 0;
    for (size_t i = 0; i <= answers.size(); ++i) {
      if (i == answers.size() || answers[i] == '~' || answers[i] == '=') {
        parts.push_back(answers.substr(pos, i - pos));
        pos = answers[i] == '~' ? i + 1 : i;  // keep '=' as the start of the next part
        if (i == answers.size()) {
          break;
        }
      }
    }
    if (!Trim(parts.front()).empty()) {
      Error(start, "text before the first answer: '" + RestorePlaceholders(Trim(parts.front())) +
                       "' (each answer starts with '=' or '~')");
      return false;
    }
    parts.erase(parts.begin());
    if (parts.size() < 2) {
      Error(start, "a multiple-choice question needs at least 2 answers");
      return false;
    }
    for (std::string_view part : parts) {
      std::string_view answer = Trim(part);
      Marked mark;
      if (answer.starts_with('=')) {
        mark.equals = true;
        answer.remove_prefix(1);
      } else {
        mark.weight = TakeWeight(answer);
      }
      Option option;
      const size_t hash = answer.find('#');
      option.text = TextOf(answer.substr(0, hash));
      if (hash != std::string_view::npos) {
        option.feedback = TextOf(answer.substr(hash + 1));
      }
      option.weight = mark.weight;
      item.options.push_back(std::move(option));
      marks.push_back(mark);
    }
    item.mode = InferredMode(marks);
    for (size_t i = 0; i < item.options.size(); ++i) {
      item.options[i].correct = InferredCorrect(marks, i);
    }
  }

  // Corrections from the metadata comment.
  const int n = static_cast<int>(item.options.size());
  auto in_range = [n](const std::vector<int>& list) {
    return std::all_of(list.begin(), list.end(), [n](int i) { return i < n; });
  };
  if (meta.mode) {
    item.mode = *meta.mode;
  }
  if (meta.key) {
    if (!in_range(*meta.key)) {
      Error(meta_line, "metadata comment: key names an option the question does not have");
      return false;
    }
    for (Option& o : item.options) {
      o.correct = false;
    }
    for (int i : *meta.key) {
      item.options[static_cast<size_t>(i)].correct = true;
    }
  }
  if (meta.no_weights) {
    for (Option& o : item.options) {
      o.weight.reset();
    }
  }
  if (meta.fixed) {
    if (!in_range(*meta.fixed)) {
      Error(meta_line, "metadata comment: fixed names an option the question does not have");
      return false;
    }
    for (int i : *meta.fixed) {
      item.options[static_cast<size_t>(i)].fixed = true;
    }
  }

  item.module = category_.module.empty() ? defaults_.module : category_.module;
  item.topic = category_.topic.empty() ? defaults_.topic : category_.topic;
  item.difficulty = category_.difficulty ? category_.difficulty : defaults_.difficulty;
  if (item.module.empty() && IsTopicCode(item.topic)) {
    item.module = item.topic.substr(0, 4);
  }
  if (meta.module) {
    item.module = *meta.module;
  }
  if (meta.topic) {
    item.topic = *meta.topic;
  }
  if (meta.difficulty) {
    item.difficulty = *meta.difficulty;
  }
  item.exclusion_group = meta.group.value_or("");
  item.software = meta.software.value_or(engine::Software::kAny);
  item.version = meta.version.value_or(0);
  item.status = meta.status.value_or(DefaultStatus(item));
  if (meta.id) {
    if (!engine::IsValidItemId(*meta.id)) {
      Error(meta_line, "metadata comment: malformed id '" + *meta.id + "'");
      return false;
    }
    item.id = *meta.id;
  } else {
    item.id = DerivedItemId("GIFT", item);
  }
  out_.items.push_back({std::move(item), file_, start});
  return true;
}

}  // namespace

ParsedBank ParseGift(std::string_view text, std::string_view file, const ImportDefaults& defaults) {
  GiftReader reader(file, defaults);
  reader.Read(text);
  return reader.Take();
}

}  // namespace khaothi::bank
