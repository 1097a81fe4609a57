#include <algorithm>
#include <charconv>
#include <cstdio>
#include <string>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "khaothi/bank/text.h"
#include "khaothi/centre/audit.h"
#include "khaothi/centre/canonical_json.h"

#include "centre_internal.h"

namespace khaothi::centre::internal {
namespace {

bool ParseDigits(std::string_view s, int& out) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) {
    return false;
  }
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::string FormatIso(int y, int m, int d) {
  char buf[48];  // room for any int, so the compiler can prove no truncation
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

}  // namespace

bool IsRealDate(int y, int m, int d) {
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

std::optional<std::string> ParseIsoDate(std::string_view s) {
  int y = 0;
  int m = 0;
  int d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !ParseDigits(s.substr(0, 4), y) ||
      !ParseDigits(s.substr(5, 2), m) || !ParseDigits(s.substr(8, 2), d) || !IsRealDate(y, m, d)) {
    return std::nullopt;
  }
  return std::string(s);
}

std::string MonthsBefore(const std::string& iso, int months) {
  int y = 0;
  int m = 0;
  int d = 0;
  ParseDigits(std::string_view(iso).substr(0, 4), y);
  ParseDigits(std::string_view(iso).substr(5, 2), m);
  ParseDigits(std::string_view(iso).substr(8, 2), d);
  int index = y * 12 + (m - 1) - months;
  y = index / 12;
  m = index % 12 + 1;
  if (y < 1900) {
    return "1900-01-01";
  }
  d = std::min(d, DaysInMonth(y, m));
  return FormatIso(y, m, d);
}

Result<std::string> CleanLine(std::string_view s) {
  if (const size_t bad = bank::FindInvalidUtf8(s); bad != std::string_view::npos) {
    return Status::InvalidArgument(Bilingual("không phải UTF-8 hợp lệ", "not valid UTF-8"));
  }
  std::string out;
  bool space = false;
  for (char ch : bank::ToNfc(s)) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (c < 0x20 || c == 0x7F) {
      return Status::InvalidArgument(Bilingual("có ký tự điều khiển", "holds a control character"));
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += ch;
  }
  return out;
}

std::string FoldKey(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  std::string decomposed;
  if (U_SUCCESS(status)) {
    const icu::UnicodeString u =
        icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
    nfd->normalize(u, status).toUTF8String(decomposed);
  }
  if (U_FAILURE(status)) {
    decomposed = std::string(s);
  }
  std::string out;
  for (size_t i = 0; i < decomposed.size(); ++i) {
    const auto c = static_cast<unsigned char>(decomposed[i]);
    if (c == 0xC4 && i + 1 < decomposed.size() &&
        (static_cast<unsigned char>(decomposed[i + 1]) == 0x90 ||
         static_cast<unsigned char>(decomposed[i + 1]) == 0x91)) {
      out += 'd';  // U+0110 'Đ' and U+0111 'đ' have no decomposition
      ++i;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(c);
    }
  }
  return out;
}

Status Audit(store::Database& db, const Change& change, std::string action, std::string subject,
             const boost::json::object& detail) {
  KHAOTHI_ASSIGN_OR_RETURN(std::string text, CanonicalJson(detail));
  return AppendAudit(db, {.at_ms = change.at_ms,
                          .actor = change.actor,
                          .action = std::move(action),
                          .subject = std::move(subject),
                          .detail = std::move(text)});
}

}  // namespace khaothi::centre::internal
