// Word splitting and word-sequence similarity, shared by the near-duplicate check (validate.cc)
// and the item-writing-flaw checks (flaws.cc). Private to the question-bank library.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace khaothi::bank {

// `text` as a sequence of words (runs of letters, digits and combining marks), punctuation and
// spaces dropped; lower-cased (ICU root locale) when `lower`. REQUIRES: valid UTF-8.
std::vector<std::u16string> Words(std::string_view text, bool lower = true);

// 1 - (edit distance between the word sequences) / (length of the longer one); 1 for two empty
// sequences.
double Similarity(const std::vector<std::u16string>& a, const std::vector<std::u16string>& b);

}  // namespace khaothi::bank
