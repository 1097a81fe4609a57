#include "khaothi/web/url.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

namespace khaothi::web {
namespace {

TEST_CASE("PercentDecode decodes two hex digits of either case and keeps Vietnamese text") {
  CHECK(PercentDecode("T%C3%B4%20L%c3%aa", false) == "Tô Lê");
  CHECK(PercentDecode("a+b", true) == "a b");
  CHECK(PercentDecode("a+b", false) == "a+b");
  CHECK(PercentDecode("", true).empty());
  CHECK(PercentDecode("%41%42", false) == "AB");
}

TEST_CASE("PercentDecode keeps a percent sign that is not followed by two hex digits") {
  CHECK(PercentDecode("%", false) == "%");
  CHECK(PercentDecode("%4", false) == "%4");
  CHECK(PercentDecode("a%4", false) == "a%4");
  CHECK(PercentDecode("%zz", false) == "%zz");
  CHECK(PercentDecode("%4g", false) == "%4g");
  CHECK(PercentDecode("%%41", false) == "%A");
  CHECK(PercentDecode("100%", true) == "100%");
  // A decoded NUL or a byte that is not UTF-8 is passed on as it is: the caller checks values.
  CHECK(PercentDecode("a%00b", false) == std::string("a\0b", 3));
  CHECK(PercentDecode("%FF", false) == "\xff");
}

TEST_CASE("ParseForm reads name=value pairs, the last of a repeated name winning") {
  CHECK(ParseForm("username=lan&password=a%26b%3Dc+d&x=1&x=2") ==
        Params{{"username", "lan"}, {"password", "a&b=c d"}, {"x", "2"}});
}

TEST_CASE("ParseForm takes malformed pairs without failing") {
  for (std::string_view nothing : {"", "&", "&&&"}) {
    CHECK(ParseForm(nothing).empty());
  }
  CHECK(ParseForm("flag&=v&a==b&c=%zz&&d=") ==
        Params{{"flag", ""}, {"", "v"}, {"a", "=b"}, {"c", "%zz"}, {"d", ""}});
}

TEST_CASE("TargetPath and TargetQuery split a request target at the first question mark") {
  CHECK(TargetPath("/verify?name=A&dob=1") == "/verify");
  CHECK(TargetPath("/rooms") == "/rooms");
  CHECK(TargetPath("?a=1").empty());
  CHECK(TargetQuery("/rooms").empty());
  CHECK(TargetQuery("/rooms?").empty());
  CHECK(TargetQuery("/verify?name=Nguy%E1%BB%85n+An&number=001%2F2026&x?y=z") ==
        Params{{"name", "Nguyễn An"}, {"number", "001/2026"}, {"x?y", "z"}});
}

TEST_CASE("SplitPath drops empty segments and decodes each one") {
  using Parts = std::vector<std::string>;
  const std::vector<std::pair<std::string_view, Parts>> cases = {
      {"", {}},
      {"/", {}},
      {"///", {}},
      {"//api///room/S1/P%20101/", {"api", "room", "S1", "P 101"}},
      // An encoded slash stays inside its segment, and '+' is not a space in a path.
      {"/room/a%2Fb/c+d", {"room", "a/b", "c+d"}},
      {"/%zz", {"%zz"}},
  };
  for (const auto& [path, parts] : cases) {
    INFO(path);
    CHECK(SplitPath(path) == parts);
  }
}

TEST_CASE("IsSafeName accepts short ASCII identifiers only") {
  CHECK(IsSafeName("S1"));
  CHECK(IsSafeName("P101"));
  CHECK(IsSafeName("ca-2026_12.sang"));
  CHECK(IsSafeName(std::string(kMaxSafeNameBytes, 'a')));
  CHECK_FALSE(IsSafeName(std::string(kMaxSafeNameBytes + 1, 'a')));
  CHECK_FALSE(IsSafeName(""));
  CHECK_FALSE(IsSafeName("."));
  CHECK_FALSE(IsSafeName(".."));
  CHECK_FALSE(IsSafeName("a/b"));
  CHECK_FALSE(IsSafeName("a b"));
  CHECK_FALSE(IsSafeName("Phòng"));
  CHECK_FALSE(IsSafeName("a<b"));
  CHECK_FALSE(IsSafeName(std::string("a\0b", 3)));
}

}  // namespace
}  // namespace khaothi::web
