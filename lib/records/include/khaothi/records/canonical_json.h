// Canonical JSON: the one byte encoding of a JSON value that khaothi signs and hashes.
//
// Rules (a subset of RFC 8785 sufficient for our records): object keys sorted by their UTF-8
// bytes; no whitespace; strings written as given, with only '"', '\\' and control characters
// escaped ("\n", "\t", ... or \u00XX); integers in plain decimal. Floating-point numbers are not
// allowed in signed records (scores are written as decimal strings such as "7.50"), so a double
// is refused.
//
// The contract is byte-exact: this library never normalises text, so it needs no Unicode tables
// (no ICU) and an offline verifier links it with OpenSSL alone. Whoever signs or hashes decides
// the text's form first; the centre gives NFC (khaothi/centre/canonical_json.h normalises, then
// calls this), so what it signed before this library existed encodes to the same bytes.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "khaothi/engine/status.h"

namespace khaothi::records {

// Whether `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
[[nodiscard]] bool IsValidUtf8(std::string_view bytes);

// kInvalidArgument when `v` holds a double or a string (value or key) that is not valid UTF-8.
[[nodiscard]] Result<std::string> CanonicalJson(const boost::json::value& v);

}  // namespace khaothi::records
