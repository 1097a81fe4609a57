#include "khaothi/web/url.h"

#include <algorithm>
#include <charconv>

namespace khaothi::web {
namespace {

// Calls `on_piece` with each piece of `s` between `separator`s, empty pieces included.
template <typename OnPiece>
void ForEachPiece(std::string_view s, char separator, OnPiece&& on_piece) {
  while (!s.empty()) {
    const size_t end = s.find(separator);
    on_piece(s.substr(0, end));
    s = end == std::string_view::npos ? std::string_view() : s.substr(end + 1);
  }
}

}  // namespace

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
      continue;
    }
    if (c == '%' && i + 2 < s.size()) {
      // Unsigned: from_chars takes no sign, so two hex digits are all it accepts here.
      unsigned byte = 0;
      const char* const end = s.data() + i + 3;
      if (auto [at, ec] = std::from_chars(s.data() + i + 1, end, byte, 16);
          ec == std::errc() && at == end) {
        out += static_cast<char>(byte);
        i += 2;
        continue;
      }
    }
    out += c;
  }
  return out;
}

Params ParseForm(std::string_view body) {
  Params out;
  ForEachPiece(body, '&', [&](std::string_view pair) {
    if (pair.empty()) {
      return;
    }
    const size_t eq = pair.find('=');
    std::string value =
        eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1), true);
    out[PercentDecode(pair.substr(0, eq), true)] = std::move(value);
  });
  return out;
}

std::string_view TargetPath(std::string_view target) { return target.substr(0, target.find('?')); }

Params TargetQuery(std::string_view target) {
  const size_t q = target.find('?');
  return q == std::string_view::npos ? Params() : ParseForm(target.substr(q + 1));
}

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> parts;
  ForEachPiece(path, '/', [&](std::string_view segment) {
    if (!segment.empty()) {
      parts.push_back(PercentDecode(segment, false));
    }
  });
  return parts;
}

bool IsSafeName(std::string_view s) {
  if (s.empty() || s.size() > kMaxSafeNameBytes || s == "." || s == "..") {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

}  // namespace khaothi::web
