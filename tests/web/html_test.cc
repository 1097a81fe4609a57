#include "khaothi/web/html.h"

#include <string>

#include <catch2/catch.hpp>

#include "khaothi/web/headers.h"

namespace khaothi::web {
namespace {

TEST_CASE("HtmlEscape escapes the five HTML characters and keeps Vietnamese text") {
  CHECK(HtmlEscape(R"(<a href="x">Tô & 'Lê'</a>)") ==
        "&lt;a href=&quot;x&quot;&gt;Tô &amp; &#39;Lê&#39;&lt;/a&gt;");
  CHECK(HtmlEscape("").empty());
  CHECK(HtmlEscape("&amp;") == "&amp;amp;");
  CHECK(HtmlEscape("\xff<") == "\xff&lt;");
}

TEST_CASE("every security header is set and the policy allows this origin only") {
  std::string csp;
  int count = 0;
  for (const Header& h : SecurityHeaders()) {
    ++count;
    CHECK_FALSE(h.value.empty());
    if (h.name == "Content-Security-Policy") {
      csp = h.value;
    }
  }
  CHECK(count == 7);
  CHECK_THAT(csp, Catch::StartsWith("default-src 'self';") &&
                      Catch::Contains("frame-ancestors 'none'") &&
                      !Catch::Contains("unsafe-inline"));
}

TEST_CASE("IsSameOrigin wants https and exactly the request's host") {
  CHECK(IsSameOrigin("https://127.0.0.1:8443", "127.0.0.1:8443"));
  CHECK_FALSE(IsSameOrigin("http://127.0.0.1:8443", "127.0.0.1:8443"));
  CHECK_FALSE(IsSameOrigin("https://127.0.0.1:8443", "127.0.0.1:9443"));
  CHECK_FALSE(IsSameOrigin("https://127.0.0.1:8443.evil", "127.0.0.1:8443"));
  CHECK_FALSE(IsSameOrigin("null", "127.0.0.1:8443"));
  CHECK_FALSE(IsSameOrigin("https://", ""));
  CHECK_FALSE(IsSameOrigin("", ""));
}

}  // namespace
}  // namespace khaothi::web
