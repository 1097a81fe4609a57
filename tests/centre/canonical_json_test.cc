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

}  // namespace
}  // namespace khaothi::centre
