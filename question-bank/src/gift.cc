// GIFT reader and writer. The reader follows Moodle's qformat_gift (question/format/gift/
// format.php) step by step for the multiple-choice subset, so that a file Moodle imports the
// same way comes in the same way here; where Moodle would silently make something odd of a
// malformed question we report an error instead, because an import is all-or-nothing.
#include "khaothi/bank/gift.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "khaothi/bank/text.h"

#include "format_internal.h"

namespace khaothi::bank {
namespace {

using engine::Item;
using engine::Option;

// Escaped GIFT characters are replaced by placeholders before the question is cut into parts,
// as Moodle's escapedchar_pre() does, and put back in each part afterwards. Bytes 0xF7..0xFE
// never occur in valid UTF-8, so a placeholder cannot collide with text.
constexpr char kEscBackslash = '\xF7';
constexpr char kEscColon = '\xF8';
constexpr char kEscHash = '\xF9';
constexpr char kEscEquals = '\xFA';
constexpr char kEscOpen = '\xFB';
constexpr char kEscClose = '\xFC';
constexpr char kEscTilde = '\xFD';
constexpr char kEscNewline = '\xFE';

std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char placeholder = 0;
      switch (s[i + 1]) {
        case '\\':
          placeholder = kEscBackslash;
          break;
        case ':':
          placeholder = kEscColon;
          break;
        case '#':
          placeholder = kEscHash;
          break;
        case '=':
          placeholder = kEscEquals;
          break;
        case '{':
          placeholder = kEscOpen;
          break;
        case '}':
          placeholder = kEscClose;
          break;
        case '~':
          placeholder = kEscTilde;
          break;
        case 'n':
          placeholder = kEscNewline;
          break;
        default:
          break;  // Any other backslash is kept as it is, as in Moodle.
      }
      if (placeholder != 0) {
        out += placeholder;
        ++i;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string RestorePlaceholders(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case kEscBackslash:
        out += '\\';
        break;
      case kEscColon:
        out += ':';
        break;
      case kEscHash:
        out += '#';
        break;
      case kEscEquals:
        out += '=';
        break;
      case kEscOpen:
        out += '{';
        break;
      case kEscClose:
        out += '}';
        break;
      case kEscTilde:
        out += '~';
        break;
      case kEscNewline:
        out += '\n';
        break;
      default:
        out += c;
    }
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

// What the answer block alone says about an item, before a metadata comment corrects it. Shared
// by the reader and the writer, so the writer knows which corrections to write.
struct Marked {
  bool equals = false;  // written with '='
  std::optional<double> weight;
};

engine::ResponseMode InferredMode(const std::vector<Marked>& marks) {
  const bool any_equals =
      std::any_of(marks.begin(), marks.end(), [](const Marked& m) { return m.equals; });
  return any_equals ? engine::ResponseMode::kSingle : engine::ResponseMode::kMultiple;
}

// GIFT semantics: with an '=' the question is single-answer and the '=' option is the key; with
// none it is multiple-answer and every option with a positive weight is part of the key.
bool InferredCorrect(const std::vector<Marked>& marks, size_t i) {
  if (InferredMode(marks) == engine::ResponseMode::kSingle) {
    return marks[i].equals;
  }
  return marks[i].weight.has_value() && *marks[i].weight > 0;
}

// The metadata comment written by SerializeGift:
//   // khaothi: id=IU01-0001 version=2 module=IU01 topic=IU01.1.1 difficulty=easy status=active
// Values are percent-encoded. `key`, `mode` and `weights=none` appear only when the answer block
// alone would read differently (see Marked).
constexpr std::string_view kMetaPrefix = "// khaothi:";

struct Metadata {
  std::optional<std::string> id;
  std::optional<int> version;
  std::optional<std::string> module;
  std::optional<std::string> topic;
  std::optional<std::optional<engine::Difficulty>> difficulty;
  std::optional<engine::ItemStatus> status;
  std::optional<std::string> group;
  std::optional<engine::Software> software;
  std::optional<std::vector<int>> fixed;
  std::optional<engine::ResponseMode> mode;
  std::optional<std::vector<int>> key;
  bool no_weights = false;
};

// Parses `value` as option letters "A,C" (or 1-based numbers for options past Z).
std::optional<std::vector<int>> ParseOptionList(std::string_view value) {
  std::vector<int> out;
  if (value.empty()) {
    return out;
  }
  size_t pos = 0;
  while (pos <= value.size()) {
    size_t comma = value.find(',', pos);
    if (comma == std::string_view::npos) {
      comma = value.size();
    }
    const std::string_view token = value.substr(pos, comma - pos);
    if (token.size() == 1 && token[0] >= 'A' && token[0] <= 'Z') {
      out.push_back(token[0] - 'A');
    } else {
      int n = 0;
      const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), n);
      if (ec != std::errc() || ptr != token.data() + token.size() || n < 1) {
        return std::nullopt;
      }
      out.push_back(n - 1);
    }
    pos = comma + 1;
  }
  return out;
}

std::string OptionList(const std::vector<int>& indices) {
  std::string out;
  for (int i : indices) {
    if (!out.empty()) {
      out += ',';
    }
    out += OptionLabel(i);
  }
  return out;
}

// Parses the text after "// khaothi:". Returns an error message on failure.
std::optional<std::string> ParseMetadata(std::string_view text, Metadata& meta) {
  size_t pos = 0;
  while (true) {
    const size_t start = text.find_first_not_of(" \t", pos);
    if (start == std::string_view::npos) {
      break;
    }
    size_t end = text.find_first_of(" \t", start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    pos = end;
    const std::string_view token = text.substr(start, end - start);
    const size_t eq = token.find('=');
    if (eq == std::string_view::npos) {
      return "metadata comment: expected key=value, got '" + std::string(token) + "'";
    }
    const std::string_view key = token.substr(0, eq);
    std::optional<std::string> decoded = PercentDecode(token.substr(eq + 1));
    if (!decoded || FindInvalidUtf8(*decoded) != std::string_view::npos) {
      return "metadata comment: malformed value for '" + std::string(key) + "'";
    }
    std::string value = ToNfc(*decoded);
    auto bad = [&key, &value]() {
      return "metadata comment: invalid " + std::string(key) + " '" + value + "'";
    };
    if (key == "id") {
      meta.id = value;
    } else if (key == "version") {
      int v = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || ptr != value.data() + value.size() || v < 0) {
        return bad();
      }
      meta.version = v;
    } else if (key == "module") {
      meta.module = value;
    } else if (key == "topic") {
      meta.topic = value;
    } else if (key == "difficulty") {
      if (value.empty()) {
        meta.difficulty = std::optional<engine::Difficulty>();
      } else if (auto d = engine::ParseDifficulty(value)) {
        meta.difficulty = d;
      } else {
        return bad();
      }
    } else if (key == "status") {
      auto s = engine::ParseItemStatus(value);
      if (!s) {
        return bad();
      }
      meta.status = s;
    } else if (key == "group") {
      meta.group = value;
    } else if (key == "software") {
      // Written only when set, as in the native format, so "any" is not a value here.
      auto v = engine::ParseSoftware(value);
      if (!v || *v == engine::Software::kAny) {
        return bad();
      }
      meta.software = v;
    } else if (key == "fixed" || key == "key") {
      auto list = ParseOptionList(value);
      if (!list) {
        return bad();
      }
      (key == "fixed" ? meta.fixed : meta.key) = std::move(list);
    } else if (key == "mode") {
      auto m = engine::ParseResponseMode(value);
      if (!m) {
        return bad();
      }
      meta.mode = m;
    } else if (key == "weights") {
      if (value != "none") {
        return bad();
      }
      meta.no_weights = true;
    } else {
      return "metadata comment: unknown key '" + std::string(key) + "'";
    }
  }
  return std::nullopt;
}

// Module, topic and difficulty named by the current $CATEGORY path.
struct Category {
  std::string module;
  std::string topic;
  std::optional<engine::Difficulty> difficulty;
};

std::optional<std::string> ParseCategory(std::string_view path, Category& category) {
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

// Moodle's repchar(): escapes `\ # = ~ { } :` and writes line breaks as \n.
std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '\\':
      case '#':
      case '=':
      case '~':
      case '{':
      case '}':
      case ':':
        out += '\\';
        out += c;
        break;
      case '\n':
        out += "\\n";
        break;
      default:
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

ParsedBank ParseGift(std::string_view text, std::string_view file, const ImportDefaults& defaults) {
  GiftReader reader(file, defaults);
  reader.Read(text);
  return reader.Take();
}

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

    std::vector<Marked> marks;
    std::string answers;
    int correct_total = 0;
    for (const Option& o : item.options) {
      correct_total += o.correct ? 1 : 0;
    }
    const bool unweighted_multiple =
        item.mode == engine::ResponseMode::kMultiple && !item.weighted();
    for (const Option& o : item.options) {
      Marked mark;
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

    std::string meta = std::string(kMetaPrefix) + " id=" + PercentEncode(item.id);
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
      key_differs = key_differs || item.options[i].correct != InferredCorrect(marks, i);
    }
    if (!fixed.empty()) {
      meta += " fixed=" + OptionList(fixed);
    }
    if (!marks.empty() && InferredMode(marks) != item.mode) {
      meta += " mode=" + std::string(engine::ToString(item.mode));
    }
    if (key_differs) {
      meta += " key=" + OptionList(key);
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
