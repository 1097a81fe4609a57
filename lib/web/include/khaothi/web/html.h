// Writing text into HTML: every page khaothi writes (the proctor dashboard, the candidates'
// slips, score sheets, the bank review) escapes with this one function.
//
// Thread safety: pure.
#pragma once

#include <string>
#include <string_view>

namespace khaothi::web {

// `s` for an HTML element or a quoted attribute: & < > " ' become character references; every
// other byte (UTF-8 text included) is kept.
std::string HtmlEscape(std::string_view s);

}  // namespace khaothi::web
