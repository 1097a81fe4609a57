#include "khaothi/bank/native.h"

#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "khaothi/bank/text.h"

namespace khaothi::bank {
namespace {

using engine::Item;
using engine::Option;

constexpr std::string_view kIndent = "  ";

// The fields of an item in the order SerializeNative writes them.
const std::vector<std::string_view>& FieldOrder() {
  static const std::vector<std::string_view> kOrder = {
      "version", "module", "topic", "difficulty", "status",  "software", "name",
      "group",   "mode",   "stem",  "key",        "weights", "fixed",    "explanation"};
  return kOrder;
}

bool IsKnownField(std::string_view name) {
  for (std::string_view f : FieldOrder()) {
    if (f == name) {
      return true;
    }
  }
  return name.size() == 10 && name.starts_with("feedback.") && name[9] >= 'A' && name[9] <= 'F';
}

// One field or option line with its continuation lines, not yet interpreted.
struct RawValue {
  int line = 0;
  std::string text;
};

struct RawItem {
  std::string id;
  int line = 0;
  std::map<std::string, RawValue, std::less<>> fields;
  std::vector<RawValue> options;  // A, B, ... in order
};

class Parser {
 public:
  Parser(std::string_view text, std::string_view file) : text_(text), file_(file) {}

  ParsedBank Run() {
    if (text_.starts_with("\xEF\xBB\xBF")) {
      text_.remove_prefix(3);
    }
    if (Trim(text_).empty()) {
      FileError("the file is empty");
      return std::move(out_);
    }
    if (LooksBinary(text_)) {
      FileError("this is a binary file, not a bank in the native text format");
      return std::move(out_);
    }
    if (size_t bad = FindInvalidUtf8(text_); bad != std::string_view::npos) {
      Error(LineOfOffset(text_, bad), "invalid UTF-8 (save the file as UTF-8)");
      return std::move(out_);
    }
    SplitLines();
    for (size_t i = 0; i < lines_.size(); ++i) {
      ParseLine(i);
    }
    FinishItem();
    if (out_.items.empty() && !out_.has_errors()) {
      FileError("the file holds no item (an item starts with a line like [IU01-0001])");
    }
    return std::move(out_);
  }

 private:
  void SplitLines() {
    size_t start = 0;
    while (start <= text_.size()) {
      size_t end = text_.find('\n', start);
      if (end == std::string_view::npos) {
        end = text_.size();
      }
      std::string_view line = text_.substr(start, end - start);
      if (line.ends_with('\r')) {
        line.remove_suffix(1);
      }
      lines_.push_back(line);
      start = end + 1;
    }
  }

  void ParseLine(size_t index) {
    const std::string_view line = lines_[index];
    const int line_no = static_cast<int>(index) + 1;
    if (line.starts_with('#')) {
      return;
    }
    if (line.starts_with(kIndent) && !Trim(line).empty()) {
      Continue(line_no, line.substr(kIndent.size()));
      return;
    }
    if (Trim(line).empty()) {
      pending_blank_lines_ += (current_value_ != nullptr) ? 1 : 0;
      return;
    }
    pending_blank_lines_ = 0;
    current_value_ = nullptr;
    if (line.starts_with(' ') || line.starts_with('\t')) {
      Error(line_no, "a continuation line must be indented by two spaces");
      return;
    }
    if (line.starts_with('[')) {
      StartItem(line_no, line);
      return;
    }
    if (!item_) {
      Error(line_no, "text outside an item (an item starts with a line like [IU01-0001])");
      return;
    }
    if (line.size() >= 2 && line[0] >= 'A' && line[0] <= 'Z' && line[1] == '.') {
      AddOption(line_no, line);
      return;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      Error(line_no, "expected 'field: value' or an option 'A. text'");
      return;
    }
    const std::string_view name = Trim(line.substr(0, colon));
    if (!IsKnownField(name)) {
      Error(line_no, "unknown field '" + std::string(name) + "'");
      return;
    }
    auto [it, inserted] = item_->fields.try_emplace(
        std::string(name), RawValue{line_no, std::string(Trim(line.substr(colon + 1)))});
    if (!inserted) {
      Error(line_no, "field '" + std::string(name) + "' repeated (first on line " +
                         std::to_string(it->second.line) + ")");
      return;
    }
    current_value_ = &it->second;
  }

  void Continue(int line_no, std::string_view rest) {
    if (current_value_ == nullptr) {
      Error(line_no, "indented line does not continue a field or an option");
      return;
    }
    std::string& text = current_value_->text;
    if (!text.empty()) {
      text.append(static_cast<size_t>(pending_blank_lines_) + 1, '\n');
    }
    pending_blank_lines_ = 0;
    text += rest;
  }

  void StartItem(int line_no, std::string_view line) {
    FinishItem();
    const std::string_view trimmed = Trim(line);
    if (!trimmed.ends_with(']')) {
      Error(line_no, "an item header must look like [IU01-0001]");
      return;
    }
    item_ = RawItem{};
    item_->id = std::string(trimmed.substr(1, trimmed.size() - 2));
    item_->line = line_no;
    if (!engine::IsValidItemId(item_->id)) {
      Error(line_no, "invalid item id '" + item_->id +
                         "' (letters, digits, '.', '_', '-'; at most 64 bytes)");
    }
  }

  void AddOption(int line_no, std::string_view line) {
    const char letter = line[0];
    const char expected = static_cast<char>('A' + item_->options.size());
    if (letter != expected) {
      Error(line_no,
            std::string("option ") + letter + " out of order; expected option " + expected);
      return;
    }
    item_->options.push_back({line_no, std::string(Trim(line.substr(2)))});
    current_value_ = &item_->options.back();
  }

  // Interprets the raw fields of the item being read and appends it to the output.
  void FinishItem() {
    if (!item_) {
      return;
    }
    RawItem raw = std::move(*item_);
    item_.reset();
    current_value_ = nullptr;
    pending_blank_lines_ = 0;

    Item item;
    item.id = raw.id;
    item.status = engine::ItemStatus::kActive;
    const std::string where = "item " + raw.id + ": ";
    auto field = [&](std::string_view name) -> const RawValue* {
      auto it = raw.fields.find(name);
      return it == raw.fields.end() ? nullptr : &it->second;
    };
    auto text = [](const RawValue* v) { return v ? NormalizeText(v->text) : std::string(); };

    if (const RawValue* v = field("version")) {
      int version = 0;
      auto [p, ec] = std::from_chars(v->text.data(), v->text.data() + v->text.size(), version);
      if (ec != std::errc() || p != v->text.data() + v->text.size() || version < 1) {
        Error(v->line, where + "version must be a whole number from 1");
      }
      item.version = version;
    }
    item.module = text(field("module"));
    item.topic = text(field("topic"));
    if (const RawValue* v = field("difficulty")) {
      item.difficulty = engine::ParseDifficulty(v->text);
      if (!item.difficulty) {
        Error(v->line, where + "difficulty must be easy, medium or hard, not '" + v->text + "'");
      }
    }
    if (const RawValue* v = field("status")) {
      if (auto s = engine::ParseItemStatus(v->text)) {
        item.status = *s;
      } else {
        Error(v->line, where + "status must be draft, active or retired, not '" + v->text + "'");
      }
    }
    if (const RawValue* v = field("software")) {
      // "any" is the default and is written by leaving the field out, so that an item has one
      // canonical text (and one content hash) whichever way it was written.
      auto s = engine::ParseSoftware(v->text);
      if (s && *s != engine::Software::kAny) {
        item.software = *s;
      } else {
        Error(v->line, where + "software must be microsoft or libreoffice, not '" + v->text +
                           "' (leave the field out for an item that holds for any software)");
      }
    }
    item.name = text(field("name"));
    item.exclusion_group = text(field("group"));
    item.stem = text(field("stem"));
    if (!field("stem")) {
      Error(raw.line, where + "missing stem");
    }
    item.explanation = text(field("explanation"));
    for (const RawValue& o : raw.options) {
      item.options.push_back(Option{NormalizeText(o.text)});
    }

    const int n = static_cast<int>(item.options.size());
    auto letters = [&](const RawValue& v, bool allow_weights, auto&& each) {
      size_t pos = 0;
      std::string_view s = v.text;
      while (pos <= s.size()) {
        size_t comma = s.find(',', pos);
        if (comma == std::string_view::npos) {
          comma = s.size();
        }
        std::string_view entry = Trim(s.substr(pos, comma - pos));
        pos = comma + 1;
        if (entry.empty()) {
          if (comma == s.size()) {
            break;
          }
          Error(v.line, where + "empty entry in '" + v.text + "'");
          continue;
        }
        const char letter = entry[0];
        const int index = letter - 'A';
        if (index < 0 || index >= n || (entry.size() > 1 && entry[1] != '=')) {
          Error(v.line, where + "'" + std::string(entry) + "' does not name one of the options A-" +
                            std::string(1, static_cast<char>('A' + std::max(n, 1) - 1)));
          continue;
        }
        std::optional<double> weight;
        if (entry.size() > 1) {
          if (!allow_weights) {
            Error(v.line, where + "'" + std::string(entry) + "': weights go on the weights line");
            continue;
          }
          std::string_view num = entry.substr(2);
          double w = 0;
          auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), w);
          if (ec != std::errc() || p != num.data() + num.size() || !std::isfinite(w) ||
              std::abs(w) > 100) {
            Error(v.line, where + "weight '" + std::string(num) +
                              "' must be a number of percent from -100 to 100");
            continue;
          }
          weight = w;
        }
        each(static_cast<size_t>(index), weight);
      }
    };

    std::set<size_t> keyed;
    if (const RawValue* v = field("key")) {
      letters(*v, false, [&](size_t i, std::optional<double>) {
        if (!keyed.insert(i).second) {
          Error(v->line, where + "key names option " + std::string(1, static_cast<char>('A' + i)) +
                             " twice");
        }
        item.options[i].correct = true;
      });
    } else {
      Error(raw.line, where + "missing key");
    }
    item.mode = keyed.size() > 1 ? engine::ResponseMode::kMultiple : engine::ResponseMode::kSingle;
    if (const RawValue* v = field("mode")) {
      if (auto m = engine::ParseResponseMode(v->text)) {
        item.mode = *m;
      } else {
        Error(v->line, where + "mode must be single or multiple, not '" + v->text + "'");
      }
    }
    if (const RawValue* v = field("weights")) {
      letters(*v, true, [&](size_t i, std::optional<double> w) {
        if (!w) {
          Error(v->line, where + "every entry of weights needs a value, as in A=50");
          return;
        }
        item.options[i].weight = w;
      });
    }
    if (const RawValue* v = field("fixed")) {
      letters(*v, false, [&](size_t i, std::optional<double>) { item.options[i].fixed = true; });
    }
    for (size_t i = 0; i < static_cast<size_t>(engine::kMaxOptions); ++i) {
      std::string name = "feedback.";
      name += static_cast<char>('A' + i);
      if (const RawValue* v = field(name)) {
        if (i >= static_cast<size_t>(n)) {
          Error(v->line, where + name + " names a missing option");
        } else {
          item.options[i].feedback = NormalizeText(v->text);
        }
      }
    }
    out_.items.push_back({std::move(item), std::string(file_), raw.line});
  }

  void Error(int line, std::string message) {
    out_.diagnostics.push_back({Severity::kError, std::string(file_), line, std::move(message)});
  }
  void FileError(std::string message) { Error(0, std::move(message)); }

  std::string_view text_;
  std::string_view file_;
  std::vector<std::string_view> lines_;
  std::optional<RawItem> item_;
  RawValue* current_value_ = nullptr;  // the field or option that indented lines continue
  int pending_blank_lines_ = 0;        // blank lines seen inside continued text
  ParsedBank out_;
};

// Writes `head value` (head is "name:" or "A."), continuing a multi-line value on indented lines.
void WriteValue(std::string& out, std::string_view head, std::string_view value) {
  out += head;
  if (value.find('\n') == std::string_view::npos) {
    out += ' ';
    out += value;
    out += '\n';
    return;
  }
  out += '\n';
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find('\n', start);
    if (end == std::string_view::npos) {
      end = value.size();
    }
    std::string_view line = value.substr(start, end - start);
    if (!line.empty()) {
      out += kIndent;
      out += line;
    }
    out += '\n';
    start = end + 1;
  }
}

void WriteField(std::string& out, std::string_view name, std::string_view value) {
  WriteValue(out, std::string(name) + ":", value);
}

std::string FormatWeight(double w) {
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, w);
  return std::string(buf, p);
}

std::string LetterList(const Item& item, auto&& pick) {
  std::string out;
  for (size_t i = 0; i < item.options.size(); ++i) {
    std::string entry = pick(i, item.options[i]);
    if (entry.empty()) {
      continue;
    }
    if (!out.empty()) {
      out += ", ";
    }
    out += entry;
  }
  return out;
}

}  // namespace

ParsedBank ParseNative(std::string_view text, std::string_view file) {
  return Parser(text, file).Run();
}

std::string SerializeNative(const std::vector<Item>& items) {
  std::string out;
  for (const Item& item : items) {
    if (!out.empty()) {
      out += '\n';
    }
    out += '[' + item.id + "]\n";
    if (item.version > 0) {
      WriteField(out, "version", std::to_string(item.version));
    }
    auto opt = [&](std::string_view name, const std::string& value) {
      if (!value.empty()) {
        WriteField(out, name, value);
      }
    };
    opt("module", item.module);
    opt("topic", item.topic);
    if (item.difficulty) {
      WriteField(out, "difficulty", engine::ToString(*item.difficulty));
    }
    if (item.status != engine::ItemStatus::kActive) {
      WriteField(out, "status", engine::ToString(item.status));
    }
    if (item.software != engine::Software::kAny) {
      WriteField(out, "software", engine::ToString(item.software));
    }
    opt("name", item.name);
    opt("group", item.exclusion_group);
    const auto default_mode =
        item.correct_count() > 1 ? engine::ResponseMode::kMultiple : engine::ResponseMode::kSingle;
    if (item.mode != default_mode) {
      WriteField(out, "mode", engine::ToString(item.mode));
    }
    WriteField(out, "stem", item.stem);
    for (size_t i = 0; i < item.options.size(); ++i) {
      WriteValue(out, std::string(1, static_cast<char>('A' + i)) + ".", item.options[i].text);
    }
    WriteField(out, "key", LetterList(item, [](size_t i, const Option& o) {
                 return o.correct ? std::string(1, static_cast<char>('A' + i)) : std::string();
               }));
    opt("weights", LetterList(item, [](size_t i, const Option& o) {
          return o.weight
                     ? std::string(1, static_cast<char>('A' + i)) + "=" + FormatWeight(*o.weight)
                     : std::string();
        }));
    opt("fixed", LetterList(item, [](size_t i, const Option& o) {
          return o.fixed ? std::string(1, static_cast<char>('A' + i)) : std::string();
        }));
    for (size_t i = 0; i < item.options.size(); ++i) {
      opt("feedback." + std::string(1, static_cast<char>('A' + i)), item.options[i].feedback);
    }
    opt("explanation", item.explanation);
  }
  return out;
}

}  // namespace khaothi::bank
