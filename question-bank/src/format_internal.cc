#include "format_internal.h"

#include <cctype>

#include "khaothi/bank/text.h"

namespace khaothi::bank {

bool CheckTextSource(std::string_view bytes, const std::string& file, ParsedBank& out) {
  if (Trim(StripBom(bytes)).empty()) {
    out.diagnostics.push_back({Severity::kError, file, 0, "the file is empty"});
    return false;
  }
  if (LooksBinary(bytes)) {
    out.diagnostics.push_back(
        {Severity::kError, file, 0, "the file looks like binary data, not text"});
    return false;
  }
  if (const size_t bad = FindInvalidUtf8(bytes); bad != std::string_view::npos) {
    out.diagnostics.push_back(
        {Severity::kError, file, LineOfOffset(bytes, bad),
         "invalid UTF-8 at byte " + std::to_string(bad) + " (save the file as UTF-8)"});
    return false;
  }
  return true;
}

std::string_view StripBom(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
  }
  return bytes;
}

std::string ToLf(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\r') {
      out += '\n';
      if (i + 1 < bytes.size() && bytes[i + 1] == '\n') {
        ++i;
      }
    } else {
      out += bytes[i];
    }
  }
  return out;
}

namespace {
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

bool IsModuleCode(std::string_view s) {
  if (s.size() != 4 || !s.starts_with("IU") || !IsDigit(s[2]) || !IsDigit(s[3])) {
    return false;
  }
  const int n = (s[2] - '0') * 10 + (s[3] - '0');
  return n >= 1 && n <= 15;
}

bool IsTopicCode(std::string_view s) {
  if (s.size() < 6 || !IsModuleCode(s.substr(0, 4))) {
    return false;
  }
  s.remove_prefix(4);
  while (!s.empty()) {
    if (s.front() != '.' || s.size() < 2 || !IsDigit(s[1])) {
      return false;
    }
    s.remove_prefix(1);
    while (!s.empty() && IsDigit(s.front())) {
      s.remove_prefix(1);
    }
  }
  return true;
}

std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return out;
}

std::optional<engine::Difficulty> DifficultyFromWord(std::string_view word) {
  std::string lower(Trim(word));
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  lower = ToNfc(lower);
  if (lower == "easy" || lower == "dễ") {
    return engine::Difficulty::kEasy;
  }
  if (lower == "medium" || lower == "trung bình") {
    return engine::Difficulty::kMedium;
  }
  if (lower == "hard" || lower == "khó") {
    return engine::Difficulty::kHard;
  }
  return std::nullopt;
}

void ApplyDefaults(const ImportDefaults& defaults, engine::Item& item) {
  item.module = defaults.module;
  item.topic = defaults.topic;
  item.difficulty = defaults.difficulty;
  if (item.module.empty() && IsTopicCode(item.topic)) {
    item.module = item.topic.substr(0, 4);
  }
}

engine::ItemStatus DefaultStatus(const engine::Item& item) {
  const bool complete = !item.module.empty() && !item.topic.empty() && item.difficulty;
  return complete ? engine::ItemStatus::kActive : engine::ItemStatus::kDraft;
}

std::string OptionLabel(int index) {
  if (index >= 0 && index < 26) {
    return std::string(1, static_cast<char>('A' + index));
  }
  return std::to_string(index + 1);
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 && c < 0x80) {
      out += ch;
    } else if (ch == '.' || ch == '_' || ch == '-' || ch == ',') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::optional<std::string> PercentDecode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) {
      return std::nullopt;
    }
    const int hi = hex(s[i + 1]);
    const int lo = hex(s[i + 2]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace khaothi::bank
