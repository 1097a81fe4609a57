#include "khaothi/web/cookie.h"

#include <catch2/catch.hpp>

namespace khaothi::web {
namespace {

TEST_CASE("ParseCookies reads each name=value pair of a Cookie header") {
  CHECK(ParseCookies("__Host-khaothi=abc123; khaothi-lang=en") ==
        Params{{"__Host-khaothi", "abc123"}, {"khaothi-lang", "en"}});
}

TEST_CASE("ParseCookies skips malformed pairs and keeps values as they are") {
  CHECK(ParseCookies("").empty());
  CHECK(ParseCookies(";;; ;").empty());
  CHECK(ParseCookies("novalue; =orphan").empty());
  CHECK(ParseCookies("  a=1 ;b=x=y;\tc=\"q%20\"  ; a=2;d=") ==
        Params{{"a", "2"}, {"b", "x=y"}, {"c", "\"q%20\""}, {"d", ""}});
}

}  // namespace
}  // namespace khaothi::web
