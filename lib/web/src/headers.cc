#include "khaothi/web/headers.h"

#include <array>

namespace khaothi::web {

std::span<const Header> SecurityHeaders() {
  static constexpr std::array<Header, 7> kHeaders = {{
      {"Content-Security-Policy",
       "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'"},
      {"X-Frame-Options", "DENY"},
      {"X-Content-Type-Options", "nosniff"},
      // Not no-referrer: with it, Chromium sends "Origin: null" on form POSTs, which a
      // same-origin check (IsSameOrigin) would refuse.
      {"Referrer-Policy", "same-origin"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Strict-Transport-Security", "max-age=31536000"},
  }};
  return kHeaders;
}

bool IsSameOrigin(std::string_view origin, std::string_view host) {
  constexpr std::string_view kScheme = "https://";
  return !host.empty() && origin.size() == kScheme.size() + host.size() &&
         origin.starts_with(kScheme) && origin.substr(kScheme.size()) == host;
}

}  // namespace khaothi::web
