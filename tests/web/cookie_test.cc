#include "khaothi/web/cookie.h"

#include <catch2/catch.hpp>

namespace khaothi::web {
namespace {

TEST_CASE("ParseCookies reads each name=value pair of a Cookie header") {
  const Params c = ParseCookies("__Host-khaothi=abc123; khaothi-lang=en");
  CHECK(c.size() == 2);
  CHECK(c.at("__Host-khaothi") == "abc123");
  CHECK(c.at("khaothi-lang") == "en");
}

TEST_CASE("ParseCookies skips malformed pairs and keeps values as they are") {
  CHECK(ParseCookies("").empty());
  CHECK(ParseCookies(";;; ;").empty());
  CHECK(ParseCookies("novalue; =orphan").empty());
  const Params c = ParseCookies("  a=1 ;b=x=y;\tc=\"q%20\"  ; a=2;d=");
  CHECK(c.at("a") == "2");
  CHECK(c.at("b") == "x=y");
  CHECK(c.at("c") == "\"q%20\"");
  CHECK(c.at("d").empty());
  CHECK(c.size() == 4);
}

}  // namespace
}  // namespace khaothi::web
