// Canonical JSON: the one byte encoding of a JSON value that khaothi signs and hashes.
//
// Rules (a subset of RFC 8785 sufficient for our records): object keys sorted by their UTF-8
// bytes after NFC normalisation; no whitespace; strings NFC-normalised, with only '"', '\\' and
// control characters escaped ("\n", "\t", ... or \u00XX); integers in plain decimal.
// Floating-point numbers are not allowed in signed records (scores are written as decimal strings
// such as "7.50"), so a double is refused.
#pragma once

#include <string>

#include <boost/json/value.hpp>

#include "khaothi/engine/status.h"

namespace khaothi::centre {

// kInvalidArgument when `v` holds a double, a string that is not valid UTF-8, or an object with
// two keys that are the same once NFC-normalised.
Result<std::string> CanonicalJson(const boost::json::value& v);

}  // namespace khaothi::centre
