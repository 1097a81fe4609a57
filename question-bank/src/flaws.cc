#include "khaothi/bank/flaws.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "khaothi/bank/text.h"

#include "words_internal.h"

namespace khaothi::bank {
namespace {

using engine::Item;
using engine::Option;

std::string ToUtf8(const std::u16string& w) {
  std::string out;
  icu::UnicodeString(w.data(), static_cast<int32_t>(w.size())).toUTF8String(out);
  return out;
}

std::u16string ToU16(std::string_view s) {
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  return std::u16string(u.getBuffer(), static_cast<size_t>(u.length()));
}

std::set<std::u16string> WordSet(const std::vector<std::string_view>& list) {
  std::set<std::u16string> out;
  for (std::string_view w : list) {
    out.insert(ToU16(w));
  }
  return out;
}

// A word is emphasised when it has no lower-case letter (KHÔNG, SAI, NOT).
bool IsCapitals(const std::u16string& w) {
  icu::UnicodeString u(w.data(), static_cast<int32_t>(w.size()));
  icu::UnicodeString upper = u;
  upper.toUpper(icu::Locale::getRoot());
  return u == upper;
}

std::string Label(size_t index) { return std::string(1, static_cast<char>('A' + index)); }

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

// The words of `text`, space-joined with a space at both ends, so that a phrase matches only
// whole words: " tất cả các đáp án trên ".
std::u16string JoinedWords(std::string_view text) {
  std::u16string out = u" ";
  for (const std::u16string& w : Words(text)) {
    out += w + u" ";
  }
  return out;
}

// "All of the above" and "none of the above" in the forms item writers use. Matched on the
// lower-case words of the option, so punctuation does not matter ("Cả A, B, C đều đúng").
const std::vector<std::u16string>& AllOrNonePhrases() {
  static const auto* const kPhrases = new std::vector<std::u16string>([] {
    std::vector<std::u16string> out;
    for (std::string_view p : {"tất cả các đáp án",
                               "tất cả các phương án",
                               "tất cả các ý",
                               "tất cả các câu",
                               "tất cả các lựa chọn",
                               "tất cả đều",
                               "các đáp án trên",
                               "các phương án trên",
                               "các ý trên",
                               "các câu trên",
                               "các lựa chọn trên",
                               "không có đáp án",
                               "không có phương án",
                               "không có ý nào",
                               "không có câu nào",
                               "không đáp án nào",
                               "không phương án nào",
                               "cả a và b",
                               "cả a b",
                               "cả b và c",
                               "cả ba phương án",
                               "cả ba đáp án",
                               "cả hai phương án",
                               "cả hai đáp án",
                               "all of the above",
                               "all the above",
                               "none of the above",
                               "none of these",
                               "all of these",
                               "both a and b",
                               "neither a nor b"}) {
      out.push_back(u" " + ToU16(p) + u" ");
    }
    return out;
  }());
  return *kPhrases;
}

// Negative words of a stem that asks for the exception, and the question words they follow.
const std::set<std::u16string>& NegativeWords() {
  static const auto* const kWords =
      new std::set<std::u16string>(WordSet({"không", "sai", "chưa", "not", "false", "incorrect"}));
  return *kWords;
}
const std::set<std::u16string>& QuestionWords() {
  static const auto* const kWords = new std::set<std::u16string>(WordSet({"nào", "đâu", "which"}));
  return *kWords;
}
// How many words after the question word a negative word still makes the stem negative:
// "Thiết bị nào sau đây là không ..." reaches it at the fourth.
constexpr size_t kNegativeWindow = 4;

// Syllables (Vietnamese) and words (English) that carry no content: a stem and a key may share
// them without giving anything away.
const std::set<std::u16string>& StopWords() {
  static const auto* const kWords = new std::set<std::u16string>(WordSet(
      {// Vietnamese function syllables.
       "à", "ạ", "ai", "bao", "bạn", "bằng", "bên", "bị", "bởi", "cả", "các", "cách", "cái", "cần",
       "cho", "chỉ", "chiếc", "chính", "chưa", "có", "còn", "của", "cùng", "cũng", "đã", "đang",
       "đây", "đấy", "đâu", "đến", "để", "đều", "đó", "đối", "được", "gì", "giữa", "hay", "hãy",
       "hơn", "hoặc", "khác", "khi", "không", "là", "làm", "lại", "lên", "loại", "luôn", "mà",
       "mỗi", "mọi", "một", "nào", "này", "nên", "nếu", "ngay", "người", "nhau", "nhất", "nhiều",
       "những", "như", "nó", "nữa", "ở", "phải", "qua", "ra", "rằng", "rất", "rồi", "sau", "sẽ",
       "sao", "sự", "ta", "tại", "theo", "thế", "thể", "thì", "thường", "trên", "trong", "trước",
       "từ", "từng", "và", "vào", "về", "vẫn", "việc", "với", "vì", "xuống", "đúng", "sai", "điều",
       "phát", "biểu", "dưới", "nhằm", "giúp", "dùng", "sử", "gồm", "thuộc",
       // English function words.
       "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "is", "it",
       "of", "on", "or", "that", "the", "this", "to", "what", "which", "with"}));
  return *kWords;
}

// Programs a stem may name; matched as whole words, case-sensitively ("Word", not "word").
const std::set<std::u16string>& ProgramNames() {
  static const auto* const kWords = new std::set<std::u16string>(WordSet(
      {"Word",    "Excel",       "PowerPoint", "Office",   "Microsoft", "LibreOffice", "Writer",
       "Calc",    "Impress",     "Windows",    "Explorer", "Linux",     "Ubuntu",      "macOS",
       "Android", "iOS",         "Chrome",     "Firefox",  "Edge",      "Safari",      "Outlook",
       "Gmail",   "Notepad",     "Paint",      "Zalo",     "Teams",     "Zoom",        "OneDrive",
       "Google",  "Thunderbird", "WPS"}));
  return *kWords;
}

// A keyboard shortcut ("Ctrl + Shift + G", "Alt+F4", "phím F5", an option that is just "F2")
// or a menu path ("Insert > Table", "Tệp → Lưu").
bool NamesShortcutOrMenu(const std::string& option) {
  static const auto* const kShortcut = new std::regex(
      R"((^|[^A-Za-z])(Ctrl|Alt|Shift|Cmd|Command|Option|Win|Windows|Fn)\s*\+\s*\S)");
  static const auto* const kFunctionKey =
      new std::regex(R"((^\s*|(phím|Phím|key|Key|press|Press|nhấn|Nhấn)\s+)F([1-9]|1[0-2])\b)");
  static const auto* const kMenu = new std::regex(R"([^\s<>=]\s+(>|→|»)\s+[A-Z])");
  return std::regex_search(option, *kShortcut) || std::regex_search(option, *kFunctionKey) ||
         std::regex_search(option, *kMenu);
}

// The points `option` earns when it is the only one chosen (see the scoring contract in
// engine/item.h).
double ScoreAlone(const Item& item, const Option& option) {
  if (option.weight) {
    const double w = *option.weight / 100.0;
    return item.mode == engine::ResponseMode::kMultiple ? std::clamp(w, 0.0, 1.0) : w;
  }
  if (item.mode == engine::ResponseMode::kMultiple) {
    return option.correct && item.correct_count() == 1 ? 1.0 : 0.0;
  }
  return option.correct ? 1.0 : 0.0;
}

std::string Percent(double share) { return std::to_string(static_cast<int>(share * 100 + 0.5)); }

std::string TwoDecimals(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

void CheckLength(const Item& item, size_t index, const FlawOptions& options, ModuleFlawStats& m,
                 std::vector<Flaw>& out) {
  std::vector<size_t> len;
  for (const Option& o : item.options) {
    len.push_back(OptionLength(o.text));
  }
  if (len.empty()) {
    return;
  }
  const size_t longest = *std::max_element(len.begin(), len.end());
  double points = 0;
  int ties = 0;
  for (size_t i = 0; i < len.size(); ++i) {
    if (len[i] == longest) {
      points += ScoreAlone(item, item.options[i]);
      ++ties;
    }
  }
  m.always_longest_points += points / ties;

  if (item.correct_count() != 1 || item.options.size() < 2) {
    return;
  }
  ++m.single_key;
  size_t key = 0;
  size_t distractor = 0;
  for (size_t i = 0; i < len.size(); ++i) {
    if (item.options[i].correct) {
      key = i;
    } else {
      distractor = std::max(distractor, len[i]);
    }
  }
  if (len[key] > distractor) {
    ++m.key_strictly_longest;
  }
  if (distractor > 0 && static_cast<double>(len[key]) >=
                            options.key_much_longer_ratio * static_cast<double>(distractor)) {
    out.push_back(
        {FlawKind::kKeyMuchLonger, index,
         "item " + item.id + ": key " + Label(key) + " is " +
             TwoDecimals(static_cast<double>(len[key]) / static_cast<double>(distractor)) +
             "x as long as the longest distractor (" + std::to_string(len[key]) + " vs " +
             std::to_string(distractor) + " characters)"});
  }
}

void CheckAllOrNone(const Item& item, size_t index, std::vector<Flaw>& out) {
  for (size_t i = 0; i < item.options.size(); ++i) {
    const std::u16string words = JoinedWords(item.options[i].text);
    for (const std::u16string& p : AllOrNonePhrases()) {
      if (words.find(p) != std::u16string::npos) {
        out.push_back({FlawKind::kAllOrNone, index,
                       "item " + item.id + ": option " + Label(i) +
                           " is an all/none-of-the-above " +
                           "option: " + Quote(item.options[i].text)});
        break;
      }
    }
  }
}

void CheckNegativeStem(const Item& item, size_t index, std::vector<Flaw>& out) {
  const std::vector<std::u16string> words = Words(item.stem, /*lower=*/false);
  const std::vector<std::u16string> lower = Words(item.stem);
  std::string hidden;
  for (size_t i = 0; i < lower.size() && hidden.empty(); ++i) {
    if ((lower[i] == u"ngoại" && i + 1 < lower.size() && lower[i + 1] == u"trừ")) {
      if (!IsCapitals(words[i]) || !IsCapitals(words[i + 1])) {
        hidden = ToUtf8(words[i]) + " " + ToUtf8(words[i + 1]);
      }
    } else if (lower[i] == u"except") {
      if (!IsCapitals(words[i])) {
        hidden = ToUtf8(words[i]);
      }
    } else if (QuestionWords().count(lower[i]) != 0) {
      for (size_t j = i + 1; j < lower.size() && j <= i + kNegativeWindow; ++j) {
        if (NegativeWords().count(lower[j]) != 0) {
          if (!IsCapitals(words[j])) {
            hidden = ToUtf8(words[j]);
          }
          break;
        }
      }
    }
  }
  if (!hidden.empty()) {
    out.push_back({FlawKind::kNegativeStem, index,
                   "item " + item.id + ": negative stem without emphasis: write " + Quote(hidden) +
                       " in capitals"});
  }
}

void CheckStemKeyWords(const Item& item, size_t index, std::vector<Flaw>& out) {
  std::set<std::u16string> key;
  std::set<std::u16string> distractors;
  for (const Option& o : item.options) {
    for (std::u16string& w : Words(o.text)) {
      (o.correct ? key : distractors).insert(std::move(w));
    }
  }
  if (key.empty() || distractors.empty()) {
    return;
  }
  std::set<std::u16string> seen;
  std::string shared;
  const std::vector<std::u16string> stem = Words(item.stem);
  for (size_t i = 0; i < stem.size(); ++i) {
    const std::u16string& w = stem[i];
    // One-letter words are option labels and variable names ("A", "x"), not content.
    if (w.size() < 2 || StopWords().count(w) != 0 || !seen.insert(w).second) {
      continue;
    }
    // A Vietnamese word is often two syllables: when a distractor has the syllable next to this
    // one ("máy" of "máy tính"), the word is not the key's alone.
    const bool neighbour_in_distractor =
        (i > 0 && distractors.count(stem[i - 1]) != 0) ||
        (i + 1 < stem.size() && distractors.count(stem[i + 1]) != 0);
    if (key.count(w) != 0 && distractors.count(w) == 0 && !neighbour_in_distractor) {
      shared += (shared.empty() ? "" : ", ") + Quote(ToUtf8(w));
    }
  }
  if (!shared.empty()) {
    out.push_back(
        {FlawKind::kStemKeyWord, index,
         "item " + item.id + ": stem and key share " + shared + ", which no distractor has"});
  }
}

void CheckProgramNamed(const Item& item, size_t index, std::vector<Flaw>& out) {
  const Option* command = nullptr;
  for (const Option& o : item.options) {
    if (NamesShortcutOrMenu(o.text)) {
      command = &o;
      break;
    }
  }
  if (command == nullptr) {
    return;
  }
  for (const std::u16string& w : Words(item.stem, /*lower=*/false)) {
    if (ProgramNames().count(w) != 0) {
      return;
    }
  }
  out.push_back({FlawKind::kProgramNotNamed, index,
                 "item " + item.id + ": option " + Quote(command->text) +
                     " is a shortcut or menu command but the stem names no program"});
}

void CheckCrossModule(const std::vector<Item>& items, const FlawOptions& options,
                      std::vector<Flaw>& out) {
  // The stem and the key together: the same question in Word and in Calc shares its key ("Layout
  // > Orientation"), while two "what does this key do?" stems of different modules do not.
  std::vector<std::vector<std::u16string>> words;
  words.reserve(items.size());
  for (const Item& item : items) {
    std::string text = item.stem;
    for (const Option& o : item.options) {
      if (o.correct) {
        text += "\n" + o.text;
      }
    }
    words.push_back(Words(text));
  }
  const double threshold = options.cross_module_similarity;
  for (size_t i = 0; i < items.size(); ++i) {
    for (size_t j = i + 1; j < items.size(); ++j) {
      const Item& x = items[i];
      const Item& y = items[j];
      if (x.module == y.module ||
          (!x.exclusion_group.empty() && x.exclusion_group == y.exclusion_group)) {
        continue;
      }
      const size_t a = words[i].size();
      const size_t b = words[j].size();
      // As in ValidateBank: the distance is at least the length difference.
      if (static_cast<double>(std::min(a, b)) < threshold * static_cast<double>(std::max(a, b))) {
        continue;
      }
      const double sim = Similarity(words[i], words[j]);
      if (sim >= threshold) {
        out.push_back({FlawKind::kCrossModuleDuplicate, j,
                       "item " + y.id + ": stem and key " + Percent(sim) + "% similar to item " +
                           x.id + " of module " + x.module + " and no exclusion group holds both"});
      }
    }
  }
}

}  // namespace

std::string CheckFlawOptions(const FlawOptions& o) {
  if (!(o.key_much_longer_ratio > 1.0)) {
    return "the key-length ratio must be greater than 1";
  }
  if (!(o.cross_module_similarity > 0.0 && o.cross_module_similarity <= 1.0)) {
    return "the cross-module similarity must be greater than 0 and at most 1";
  }
  if (!(o.max_key_longest_rate >= 0.0 && o.max_key_longest_rate <= 1.0)) {
    return "the maximum key-longest rate must be between 0 and 1";
  }
  if (!(o.max_always_longest_score >= 0.0 && o.max_always_longest_score <= 1.0)) {
    return "the maximum always-longest score must be between 0 and 1";
  }
  if (o.min_module_items < 1) {
    return "the minimum number of items of a module must be at least 1";
  }
  return "";
}

std::string_view ToString(FlawKind kind) {
  switch (kind) {
    case FlawKind::kKeyMuchLonger:
      return "key-much-longer";
    case FlawKind::kAllOrNone:
      return "all-or-none";
    case FlawKind::kNegativeStem:
      return "negative-stem";
    case FlawKind::kStemKeyWord:
      return "stem-key-word";
    case FlawKind::kProgramNotNamed:
      return "program-not-named";
    case FlawKind::kCrossModuleDuplicate:
      return "cross-module-duplicate";
    case FlawKind::kKeyLongestRate:
      return "key-longest-rate";
    case FlawKind::kAlwaysLongestScore:
      return "always-longest-score";
  }
  return "?";
}

double ModuleFlawStats::key_longest_rate() const {
  return single_key == 0 ? 0.0 : static_cast<double>(key_strictly_longest) / single_key;
}

double ModuleFlawStats::always_longest_score() const {
  return items == 0 ? 0.0 : always_longest_points / items;
}

size_t OptionLength(std::string_view text) {
  const std::string nfc = ToNfc(text);
  // Count the bytes that start a code point (everything but 10xxxxxx continuation bytes).
  return static_cast<size_t>(std::count_if(nfc.begin(), nfc.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

FlawReport FindFlaws(const std::vector<Item>& items, const FlawOptions& options) {
  FlawReport r;
  std::map<std::string, size_t> module_index;
  std::vector<size_t> first_item;
  std::vector<Flaw> item_flaws;
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& item = items[i];
    auto [it, inserted] = module_index.try_emplace(item.module, r.modules.size());
    if (inserted) {
      r.modules.push_back({item.module});
      first_item.push_back(i);
    }
    ModuleFlawStats& m = r.modules[it->second];
    ++m.items;
    CheckLength(item, i, options, m, item_flaws);
    CheckAllOrNone(item, i, item_flaws);
    CheckNegativeStem(item, i, item_flaws);
    CheckStemKeyWords(item, i, item_flaws);
    CheckProgramNamed(item, i, item_flaws);
  }
  CheckCrossModule(items, options, item_flaws);
  std::stable_sort(item_flaws.begin(), item_flaws.end(),
                   [](const Flaw& a, const Flaw& b) { return a.item < b.item; });

  for (size_t k = 0; k < r.modules.size(); ++k) {
    ModuleFlawStats& m = r.modules[k];
    if (m.items < options.min_module_items) {
      continue;
    }
    if (m.key_longest_rate() > options.max_key_longest_rate) {
      item_flaws.push_back({FlawKind::kKeyLongestRate, first_item[k],
                            "module " + m.module + ": the key is strictly the longest option in " +
                                std::to_string(m.key_strictly_longest) + " of " +
                                std::to_string(m.single_key) + " items (" +
                                Percent(m.key_longest_rate()) + "%, at most " +
                                Percent(options.max_key_longest_rate) + "% allowed)"});
    }
    if (m.always_longest_score() > options.max_always_longest_score) {
      item_flaws.push_back({FlawKind::kAlwaysLongestScore, first_item[k],
                            "module " + m.module + ": always picking the longest option scores " +
                                Percent(m.always_longest_score()) + "% (at most " +
                                Percent(options.max_always_longest_score) + "% allowed)"});
    }
  }
  for (const Flaw& f : item_flaws) {
    ++r.modules[module_index[items[f.item].module]].counts[static_cast<size_t>(f.kind)];
  }
  r.flaws = std::move(item_flaws);
  return r;
}

}  // namespace khaothi::bank
