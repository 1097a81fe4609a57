#include "khaothi/bank/validate.h"

#include <algorithm>
#include <map>

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "words_internal.h"

namespace khaothi::bank {

std::vector<std::u16string> Words(std::string_view stem, bool lower) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(stem.data(), static_cast<int32_t>(stem.size())));
  if (lower) {
    s.toLower(icu::Locale::getRoot());
  }
  std::vector<std::u16string> words;
  std::u16string cur;
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    const int32_t len = U16_LENGTH(c);
    if (u_isalnum(c) || u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) {
      cur.append(s.getBuffer() + i, static_cast<size_t>(len));
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
    i += len;
  }
  if (!cur.empty()) {
    words.push_back(std::move(cur));
  }
  return words;
}

double Similarity(const std::vector<std::u16string>& a, const std::vector<std::u16string>& b) {
  const size_t n = a.size();
  const size_t m = b.size();
  const size_t longer = std::max(n, m);
  if (longer == 0) {
    return 1.0;
  }
  std::vector<size_t> prev(m + 1);
  std::vector<size_t> cur(m + 1);
  for (size_t j = 0; j <= m; ++j) {
    prev[j] = j;
  }
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      const size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return 1.0 - static_cast<double>(prev[m]) / static_cast<double>(longer);
}

double StemSimilarity(std::string_view a, std::string_view b) {
  return Similarity(Words(a), Words(b));
}

std::vector<Diagnostic> ValidateBank(const std::vector<SourceItem>& items,
                                     const engine::Outline& outline) {
  std::vector<Diagnostic> out;
  std::map<std::string, const SourceItem*> first_by_id;
  for (const SourceItem& s : items) {
    for (const engine::ItemProblem& p : engine::CheckItem(s.item, outline)) {
      out.push_back({Severity::kError, s.file, s.line, "item " + s.item.id + ": " + p.message});
    }
    auto [it, inserted] = first_by_id.try_emplace(s.item.id, &s);
    if (!inserted && !s.item.id.empty()) {
      out.push_back({Severity::kError, s.file, s.line,
                     "duplicate id " + s.item.id + " (first at " + it->second->file + ":" +
                         std::to_string(it->second->line) + ")"});
    }
  }

  std::vector<std::vector<std::u16string>> words;
  words.reserve(items.size());
  for (const SourceItem& s : items) {
    words.push_back(Words(s.item.stem));
  }
  for (size_t i = 0; i < items.size(); ++i) {
    for (size_t j = i + 1; j < items.size(); ++j) {
      const size_t a = words[i].size();
      const size_t b = words[j].size();
      // The distance is at least the length difference, so most pairs are ruled out cheaply.
      if (static_cast<double>(std::min(a, b)) <
          kNearDuplicateThreshold * static_cast<double>(std::max(a, b))) {
        continue;
      }
      const double sim = Similarity(words[i], words[j]);
      if (sim >= kNearDuplicateThreshold) {
        const SourceItem& x = items[i];
        const SourceItem& y = items[j];
        out.push_back({Severity::kWarning, y.file, y.line,
                       "item " + y.item.id + ": stem nearly the same as item " + x.item.id + " (" +
                           x.file + ":" + std::to_string(x.line) + ", " +
                           std::to_string(static_cast<int>(sim * 100)) + "% similar)"});
      }
    }
  }
  return out;
}

}  // namespace khaothi::bank
