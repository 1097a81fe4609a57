#include "khaothi/bank/text.h"

#include <algorithm>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include "khaothi/engine/check.h"

namespace khaothi::bank {

size_t FindInvalidUtf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return i;
    }
    if (i + len > n) {
      return i;
    }
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0u) != 0x80u) {
        return i;
      }
      cp = (cp << 6) | (s[i + k] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

bool LooksBinary(std::string_view bytes) {
  size_t controls = 0;
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) {
      return true;
    }
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
      ++controls;
    }
  }
  // A handful of stray control characters can survive copy-paste from a word processor; a binary
  // file has many.
  return controls > 8 && controls * 100 > bytes.size();
}

int LineOfOffset(std::string_view bytes, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') {
      ++line;
    }
  }
  return line;
}

namespace {

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

bool IsNfc(std::string_view s) {
  if (IsAscii(s)) {
    return true;  // ASCII is always NFC
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  KHAOTHI_CHECK(U_SUCCESS(status));
  const bool normalized =
      nfc->isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), status);
  KHAOTHI_CHECK(U_SUCCESS(status));
  return normalized;
}

std::string ToNfc(std::string_view s) {
  if (IsAscii(s)) {
    return std::string(s);  // ASCII is always NFC; skip ICU on the common fast path.
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  KHAOTHI_CHECK(U_SUCCESS(status));
  icu::UnicodeString in =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString out = nfc->normalize(in, status);
  KHAOTHI_CHECK(U_SUCCESS(status));
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string_view Trim(std::string_view s) {
  const char* ws = " \t\r\n";
  const size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) {
    return {};
  }
  const size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

std::string NormalizeText(std::string_view s) {
  std::string nfc = ToNfc(s);
  std::vector<std::string> lines;
  std::string cur;
  for (size_t i = 0; i < nfc.size(); ++i) {
    const char c = nfc[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < nfc.size() && nfc[i + 1] == '\n') {
        ++i;
      }
      lines.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  lines.push_back(std::move(cur));
  for (std::string& line : lines) {
    const size_t e = line.find_last_not_of(" \t");
    line.erase(e == std::string::npos ? 0 : e + 1);
  }
  size_t first = 0;
  while (first < lines.size() && lines[first].empty()) {
    ++first;
  }
  size_t last = lines.size();
  while (last > first && lines[last - 1].empty()) {
    --last;
  }
  std::string out;
  for (size_t i = first; i < last; ++i) {
    if (i > first) {
      out += '\n';
    }
    out += lines[i];
  }
  const size_t lead = out.find_first_not_of(" \t");
  out.erase(0, lead == std::string::npos ? out.size() : lead);
  return out;
}

}  // namespace khaothi::bank
