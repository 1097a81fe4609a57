// Canonical JSON as the centre signs and hashes it: every string and key NFC-normalised, then
// encoded byte-exactly by khaothi/records/canonical_json.h (keys sorted by their bytes, no
// whitespace, integers only). Normalising here, at the centre, keeps the records library free of
// Unicode tables, and gives the same bytes as the centre always wrote: every audit hash, form hash
// and signature made before the split is unchanged.
#pragma once

#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "khaothi/engine/status.h"

namespace khaothi::centre {

// `v` with every string and every object key in NFC. kInvalidArgument when a string is not valid
// UTF-8 or an object has two keys that are the same once NFC-normalised (they would sort and
// sign as one).
[[nodiscard]] Result<boost::json::value> ToNfc(const boost::json::value& v);

// True when every string and object key of `v` is valid UTF-8 already in NFC: then ToNfc(v)
// equals `v` (keys that are NFC and distinct stay distinct), and the copy can be skipped. It
// allocates nothing; a result, a receipt or an audit detail is checked in microseconds.
[[nodiscard]] bool IsCanonicalNfc(const boost::json::value& v);
[[nodiscard]] bool IsCanonicalNfc(const boost::json::object& o);

// records::CanonicalJson(ToNfc(v)). kInvalidArgument when `v` holds a double, a string that is
// not valid UTF-8, or an object with two keys that are the same once NFC-normalised.
[[nodiscard]] Result<std::string> CanonicalJson(const boost::json::value& v);

}  // namespace khaothi::centre
