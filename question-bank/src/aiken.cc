// Aiken reader and writer, after Moodle's qformat_aiken (question/format/aiken/format.php): the
// same line classification, so that a file Moodle reads one way reads the same way here. Where
// Moodle drops an unfinished question and goes on, we report an error: an import is
// all-or-nothing, and a silently lost question is worse than a refused file.
#include "khaothi/bank/aiken.h"

#include <string>
#include <string_view>
#include <utility>

#include "khaothi/bank/text.h"

#include "format_internal.h"

namespace khaothi::bank {
namespace {

using engine::Item;
using engine::Option;

// Moodle's choice pattern ^[A-Z][).][ \t]? : a capital letter, ')' or '.'.
bool IsChoiceLine(std::string_view line) {
  return line.size() >= 2 && line[0] >= 'A' && line[0] <= 'Z' && (line[1] == ')' || line[1] == '.');
}

bool IsAnswerLine(std::string_view line) { return line.starts_with("ANSWER:"); }

class AikenReader {
 public:
  AikenReader(std::string_view file, const ImportDefaults& defaults)
      : file_(file), defaults_(defaults) {}

  void Read(std::string_view text);
  ParsedBank Take() { return std::move(out_); }

 private:
  void Diagnose(Severity severity, int line, std::string message) {
    out_.diagnostics.push_back({severity, file_, line, std::move(message)});
  }
  void ReadLine(int number, std::string_view line);

  const std::string file_;
  const ImportDefaults& defaults_;
  // The question being read; `question_line` is 0 between questions.
  Item item_;
  int question_line_ = 0;
  ParsedBank out_;
};

void AikenReader::Read(std::string_view text) {
  if (!CheckTextSource(text, file_, out_)) {
    return;
  }
  text = StripBom(text);
  // Moodle splits on LF and then on CR, which handles CRLF and CR-only files alike; a CRLF pair
  // counts as one line end for the line numbers.
  int number = 1;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n' || text[i] == '\r') {
      ReadLine(number, text.substr(start, i - start));
      if (i < text.size() && text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      ++number;
      start = i + 1;
    }
  }
  if (question_line_ != 0) {
    Diagnose(Severity::kError, question_line_, "the question has no 'ANSWER:' line");
  }
}

void AikenReader::ReadLine(int number, std::string_view raw) {
  const std::string_view line = Trim(raw);
  if (line.size() < 2) {
    return;  // Moodle skips lines shorter than 2 bytes.
  }
  if (IsChoiceLine(line)) {
    if (question_line_ == 0) {
      Diagnose(Severity::kError, number, "a choice outside a question (question not started)");
      return;
    }
    const int expected = static_cast<int>(item_.options.size());
    if (line[0] - 'A' != expected) {
      Diagnose(Severity::kWarning, number,
               "choice labelled '" + std::string(1, line[0]) + "' is choice " +
                   OptionLabel(expected) + " (choices are counted by position)");
    }
    item_.options.push_back(Option{.text = NormalizeText(line.substr(2))});
    return;
  }
  if (IsAnswerLine(line)) {
    if (question_line_ == 0) {
      Diagnose(Severity::kError, number, "an 'ANSWER:' line outside a question");
      return;
    }
    const int question_line = question_line_;
    question_line_ = 0;
    if (item_.options.size() < 2) {
      Diagnose(Severity::kError, question_line, "a question needs at least 2 choices");
      return;
    }
    // Moodle: the first character after the colon, trimmed; index = letter - 'A'.
    const std::string_view answer = Trim(line.substr(7));
    const int index = answer.empty() ? -1 : answer[0] - 'A';
    if (index < 0 || index >= static_cast<int>(item_.options.size())) {
      Diagnose(Severity::kError, number,
               "the answer '" + std::string(answer.substr(0, 1)) + "' names no choice (A to " +
                   OptionLabel(static_cast<int>(item_.options.size()) - 1) + ")");
      return;
    }
    item_.options[static_cast<size_t>(index)].correct = true;
    ApplyDefaults(defaults_, item_);
    item_.status = DefaultStatus(item_);
    item_.id = DerivedItemId("AIKEN", item_);
    out_.items.push_back({std::move(item_), file_, question_line});
    return;
  }
  // Anything else is the one line of a new question.
  if (question_line_ != 0) {
    Diagnose(Severity::kError, question_line_,
             "the question has no 'ANSWER:' line before the next question at line " +
                 std::to_string(number) + " (an Aiken question is one line)");
  }
  item_ = Item();
  item_.stem = NormalizeText(line);
  question_line_ = number;
}

}  // namespace

ParsedBank ParseAiken(std::string_view text, std::string_view file,
                      const ImportDefaults& defaults) {
  AikenReader reader(file, defaults);
  reader.Read(text);
  return reader.Take();
}

Result<std::string> SerializeAikenItem(const Item& item) {
  auto refuse = [&item](const std::string& why) {
    return Status::InvalidArgument("item " + item.id + " cannot be written as Aiken: " + why);
  };
  if (item.mode != engine::ResponseMode::kSingle || item.weighted() || item.correct_count() != 1) {
    return refuse("Aiken holds only single-answer items with one key and no weights");
  }
  if (item.options.size() < 2 || item.options.size() > 26) {
    return refuse("Aiken holds 2 to 26 choices");
  }
  const std::string_view stem = Trim(item.stem);
  if (item.stem.find('\n') != std::string::npos || stem.size() < 2 || IsChoiceLine(stem) ||
      IsAnswerLine(stem)) {
    return refuse("the stem must be one line that does not look like a choice or an answer");
  }
  std::string answer;
  std::string choices;
  for (size_t i = 0; i < item.options.size(); ++i) {
    const Option& o = item.options[i];
    if (o.text.find('\n') != std::string::npos) {
      return refuse("option " + OptionLabel(static_cast<int>(i)) + " has a line break");
    }
    choices += OptionLabel(static_cast<int>(i)) + ") " + o.text + "\n";
    if (o.correct) {
      answer = OptionLabel(static_cast<int>(i));
    }
  }
  return item.stem + "\n" + choices + "ANSWER: " + answer + "\n\n";
}

Result<std::string> SerializeAiken(const std::vector<Item>& items) {
  std::string out;
  for (const Item& item : items) {
    Result<std::string> one = SerializeAikenItem(item);
    if (!one.ok()) {
      return one.status();
    }
    out += *one;
  }
  return out;
}

}  // namespace khaothi::bank
