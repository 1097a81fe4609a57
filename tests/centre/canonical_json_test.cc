#include "khaothi/centre/canonical_json.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

namespace khaothi::centre {
namespace {

namespace json = boost::json;

// "é" composed (NFC) and decomposed (NFD: e + U+0301).
const std::string kComposed = "\xC3\xA9";
const std::string kDecomposed = "e\xCC\x81";

TEST_CASE("canonical JSON sorts keys, drops whitespace and writes integers plainly") {
  const json::value v = json::parse(R"({ "b": [1, -2, {"z": true, "a": null}], "a": "x" })");
  Result<std::string> c = CanonicalJson(v);
  REQUIRE(c.ok());
  CHECK(*c == R"({"a":"x","b":[1,-2,{"a":null,"z":true}]})");
}

TEST_CASE("canonical JSON sorts a decomposed key where its composed form belongs") {
  json::object o;
  o[kDecomposed + "t"] = 1;  // "ét": after "f" once composed (0xC3 > 'f')
  o["f"] = 2;
  Result<std::string> c = CanonicalJson(o);
  REQUIRE(c.ok());
  CHECK(*c == "{\"f\":2,\"" + kComposed + "t\":1}");
  // The text read back has the same canonical form: what was signed verifies.
  Result<std::string> again = CanonicalJson(json::parse(*c));
  REQUIRE(again.ok());
  CHECK(*again == *c);
}

TEST_CASE("canonical JSON refuses keys that are the same once normalised, and doubles") {
  json::object o;
  o[kComposed] = 1;
  o[kDecomposed] = 2;
  CHECK(CanonicalJson(o).status().IsInvalidArgument());
  CHECK(CanonicalJson(json::parse(R"({"score": 7.5})")).status().IsInvalidArgument());
  CHECK(CanonicalJson(json::value("\xFF")).status().IsInvalidArgument());
}

TEST_CASE("a value already in NFC is recognised without being copied, and only such a value") {
  // "Nguyễn Thị Ánh" composed, as names are stored after import.
  const std::string name = "Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B \xC3\x81nh";
  CHECK(IsCanonicalNfc(json::parse(R"({"a": [1, "x", {"b": null}], "c": true})")));
  CHECK(IsCanonicalNfc(json::value(name)));
  CHECK(IsCanonicalNfc(json::object{{kComposed, json::array{kComposed}}}));
  // Anything decomposed, in a string or a key at any depth, or not UTF-8, is not.
  CHECK_FALSE(IsCanonicalNfc(json::value(kDecomposed)));
  CHECK_FALSE(IsCanonicalNfc(json::object{{"a", json::array{1, json::object{{kDecomposed, 1}}}}}));
  CHECK_FALSE(IsCanonicalNfc(json::array{"ok", kDecomposed}));
  CHECK_FALSE(IsCanonicalNfc(json::value("\xFF")));
  // Both paths give the same bytes: the composed record and its decomposed twin sign alike.
  Result<std::string> composed = CanonicalJson(json::object{{"name", kComposed}});
  Result<std::string> decomposed = CanonicalJson(json::object{{"name", kDecomposed}});
  REQUIRE(composed.ok());
  REQUIRE(decomposed.ok());
  CHECK(*composed == *decomposed);
}

}  // namespace
}  // namespace khaothi::centre
