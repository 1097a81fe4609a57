// Text hygiene for everything that enters the bank: UTF-8 validation, binary detection and the
// normal form in which item text is kept (see engine/item.h).
//
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace khaothi::bank {

// The byte offset of the first invalid UTF-8 sequence in `bytes` (overlong forms, surrogates and
// code points above U+10FFFF are invalid), or std::string_view::npos when all of it is valid.
size_t FindInvalidUtf8(std::string_view bytes);

// True when `bytes` looks like a binary file rather than text: it has a NUL byte, or more than a
// few control characters other than tab, CR, LF and form feed.
bool LooksBinary(std::string_view bytes);

// 1-based line number of byte `offset` in `bytes`.
int LineOfOffset(std::string_view bytes, size_t offset);

// Unicode NFC of valid UTF-8 `s` (ICU). REQUIRES: FindInvalidUtf8(s) == npos.
std::string ToNfc(std::string_view s);

// True when valid UTF-8 `s` is already NFC, that is ToNfc(s) == s, without building the
// normalised copy. REQUIRES: FindInvalidUtf8(s) == npos.
bool IsNfc(std::string_view s);

// The item-text normal form: NFC, CRLF and CR turned into LF, tabs kept, trailing spaces and tabs
// removed from every line, leading and trailing blank lines removed, leading spaces of the first
// line removed. Idempotent. REQUIRES: valid UTF-8.
std::string NormalizeText(std::string_view s);

// `s` without leading and trailing ASCII spaces, tabs, CRs and LFs.
std::string_view Trim(std::string_view s);

}  // namespace khaothi::bank
