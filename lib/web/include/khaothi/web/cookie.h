// Reading the Cookie request header (RFC 6265 §5.4: "name=value; name2=value2").
//
// Thread safety: pure.
#pragma once

#include <string_view>

#include "khaothi/web/url.h"

namespace khaothi::web {

// The cookies of one Cookie header. Spaces around each pair are dropped; a pair without '=' is
// skipped (it names no cookie); values are taken as they are (not percent-decoded, quotes
// kept). When a name appears twice, the last value wins.
Params ParseCookies(std::string_view header);

}  // namespace khaothi::web
