// Response headers every page khaothi serves carries, and the same-origin check for requests
// that change something.
//
// Thread safety: pure.
#pragma once

#include <span>
#include <string_view>

namespace khaothi::web {

struct Header {
  std::string_view name;
  std::string_view value;
};

// The security headers of an HTML application served from one origin over HTTPS with no
// inline script or style: a Content-Security-Policy allowing only 'self' (and data: images),
// no framing, no MIME sniffing, the referrer to the same origin only, isolation from other
// origins' windows and resources, and HSTS for a year. Set each on every response.
std::span<const Header> SecurityHeaders();

// Whether the request's Origin header `origin` is this server's own origin, given the request's
// Host header `host` ("https://" + host). An empty host never matches.
bool IsSameOrigin(std::string_view origin, std::string_view host);

}  // namespace khaothi::web
