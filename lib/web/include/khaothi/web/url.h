// Reading what a browser puts in a request line and a form body: percent-decoding, the query
// string and application/x-www-form-urlencoded bodies, and the path's segments.
//
// Decoding is lenient the way browsers are (the WHATWG URL standard's percent-decode): a '%' not
// followed by two hex digits is kept as it is, so no input is refused here; the caller checks
// the decoded values (IsSafeName for names that go into a URL or a query). Decoded bytes are not
// checked as UTF-8.
//
// Thread safety: every function is pure.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace khaothi::web {

// Name -> value. When a name appears twice, the last value wins.
using Params = std::map<std::string, std::string>;

// `s` with each "%XX" (two hex digits, either case) replaced by its byte, and '+' by a space
// when `plus_is_space` (form bodies and query strings; not path segments).
std::string PercentDecode(std::string_view s, bool plus_is_space);

// "a=1&b=x+y" -> {a: "1", b: "x y"}. A pair without '=' is a name with an empty value; empty
// pairs ("a=1&&b=2") are skipped. Names and values are percent-decoded, '+' as a space.
Params ParseForm(std::string_view body);

// The request target's path: everything before the first '?', not decoded.
std::string_view TargetPath(std::string_view target);
// The request target's query (after the first '?') read as ParseForm reads a body; empty when
// there is none.
Params TargetQuery(std::string_view target);

// "/api//room/S%201/R" -> {"api", "room", "S 1", "R"}: the non-empty segments, each
// percent-decoded ('+' stays '+').
std::vector<std::string> SplitPath(std::string_view path);

// Longest name IsSafeName accepts, in bytes.
inline constexpr size_t kMaxSafeNameBytes = 64;
// Whether `s` may stand for an identifier (a session id, a room name) in a URL as it is:
// 1 to kMaxSafeNameBytes ASCII letters, digits, '-', '_' or '.', and not "." or "..".
bool IsSafeName(std::string_view s);

}  // namespace khaothi::web
