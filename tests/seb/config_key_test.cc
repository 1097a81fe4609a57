// The Config Key against the specification's own worked example, the request hash SEB sends,
// and the station's .seb file.
#include <algorithm>
#include <random>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/seb/seb.h"

#include "test_util.h"

namespace khaothi::seb {
namespace {

// Reads the specification's SEB-JSON dialect back into a Value: JSON, except that strings are
// not escaped (the example holds no '"' inside a string) and numbers are integers.
class ExampleReader {
 public:
  explicit ExampleReader(std::string_view text) : text_(text) {}

  Value Read() {
    const char c = text_.at(pos_);
    if (c == '{') {
      ++pos_;
      Value::Dict dict;
      while (text_.at(pos_) != '}') {
        std::string key = ReadString();
        Expect(':');
        dict.emplace_back(std::move(key), Read());
        if (text_.at(pos_) == ',') {
          ++pos_;
        }
      }
      ++pos_;
      return Value(std::move(dict));
    }
    if (c == '[') {
      ++pos_;
      Value::Array array;
      while (text_.at(pos_) != ']') {
        array.push_back(Read());
        if (text_.at(pos_) == ',') {
          ++pos_;
        }
      }
      ++pos_;
      return Value(std::move(array));
    }
    if (c == '"') {
      return Value(ReadString());
    }
    if (text_.substr(pos_, 4) == "true") {
      pos_ += 4;
      return Value(true);
    }
    if (text_.substr(pos_, 5) == "false") {
      pos_ += 5;
      return Value(false);
    }
    const size_t start = pos_;
    while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) != 0)) {
      ++pos_;
    }
    REQUIRE(pos_ > start);
    return Value(static_cast<int64_t>(std::stoll(std::string(text_.substr(start, pos_ - start)))));
  }

  bool AtEnd() const { return pos_ == text_.size(); }

 private:
  std::string ReadString() {
    Expect('"');
    const size_t end = text_.find('"', pos_);
    REQUIRE(end != std::string_view::npos);
    std::string s(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return s;
  }
  void Expect(char c) {
    REQUIRE(text_.at(pos_) == c);
    ++pos_;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// Puts every dictionary's keys out of order, so that only SebJson's sorting can restore them.
void Shuffle(Value& value, std::mt19937& rng) {
  if (auto* dict = std::get_if<Value::Dict>(&value.v)) {
    std::shuffle(dict->begin(), dict->end(), rng);
    for (auto& entry : *dict) {
      Shuffle(entry.second, rng);
    }
  } else if (auto* array = std::get_if<Value::Array>(&value.v)) {
    for (Value& element : *array) {
      Shuffle(element, rng);
    }
  }
}

std::string Example() {
  return testing::ReadFile(std::string(KHAOTHI_SOURCE_DIR) +
                           "/tests/seb/data/config-key-example.json");
}

TEST_CASE("The specification's example settings, out of order, give its SEB-JSON byte for byte") {
  const std::string example = Example();
  ExampleReader reader(example);
  Value settings = reader.Read();
  REQUIRE(reader.AtEnd());
  std::mt19937 rng(Catch::rngSeed());
  Shuffle(settings, rng);
  // Keys the client leaves out of the key: the version that saved the file, empty dictionaries.
  std::get<Value::Dict>(settings.v).emplace_back("originatorVersion", "SEB_OSX_2.1.4");
  std::get<Value::Dict>(settings.v).emplace_back("additionalDictionaries", Value::Dict{});

  CHECK(SebJson(settings) == example);
  // sha256sum of the example file (tests/seb/data/README), not a second call of the same code.
  CHECK(ConfigKey(settings) == "9fa33cd2dbedee324fd6f0a457ea9b7e771dc8818d8a0fa73c4894b36149e9fe");
}

TEST_CASE("SEB-JSON sorts keys without regard to case and escapes nothing") {
  const Value settings(Value::Dict{
      {"URLFilterRules", Value::Array{Value(Value::Dict{{"regex", false}, {"action", 1}})}},
      {"allowWLAN", true},
      {"urlFilterRegex", true},
      {"allowedDisplayBuiltin", true},
      {"allowFind", false},
      {"pattern", "a\\.b\"/c"},
      {"enableF10", 10},
      {"enableF2", -2},
      {"enableF1", 1},
  });
  CHECK(SebJson(settings) ==
        "{\"allowedDisplayBuiltin\":true,\"allowFind\":false,\"allowWLAN\":true,\"enableF1\":1,"
        "\"enableF10\":10,\"enableF2\":-2,\"pattern\":\"a\\.b\"/c\",\"urlFilterRegex\":true,"
        "\"URLFilterRules\":[{\"action\":1,\"regex\":false}]}");
}

TEST_CASE("The request hash is SHA-256 of the URL without its fragment, then the Config Key") {
  const std::string key = "9fa33cd2dbedee324fd6f0a457ea9b7e771dc8818d8a0fa73c4894b36149e9fe";
  // printf '%s' "https://10.0.0.5:8443/thi/?lang=en$key" | sha256sum
  const std::string expected = "690e71b1251af2a203003087bbe2fde2e5c8dc5ad557873e9d3e3dea2f911667";
  CHECK(RequestHash("https://10.0.0.5:8443/thi/?lang=en", key) == expected);
  CHECK(RequestHash("https://10.0.0.5:8443/thi/?lang=en#q3", key) == expected);

  CHECK(RequestHashMatches("https://10.0.0.5:8443/thi/?lang=en", key, expected));
  std::string upper = expected;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  CHECK(RequestHashMatches("https://10.0.0.5:8443/thi/?lang=en", key, upper));
  // Another URL, another key, a hash cut short, nothing at all.
  CHECK_FALSE(RequestHashMatches("https://10.0.0.5:8443/thi/", key, expected));
  CHECK_FALSE(
      RequestHashMatches("https://10.0.0.5:8443/thi/?lang=en", std::string(64, '0'), expected));
  CHECK_FALSE(
      RequestHashMatches("https://10.0.0.5:8443/thi/?lang=en", key, expected.substr(0, 63)));
  CHECK_FALSE(RequestHashMatches("https://10.0.0.5:8443/thi/?lang=en", key, ""));
  CHECK_FALSE(RequestHashMatches("https://10.0.0.5:8443/thi/?lang=en", "", expected));
}

TEST_CASE("The station's origin is taken from an https URL only") {
  CHECK(StationOrigin("https://10.0.0.5:8443/thi/") == "https://10.0.0.5:8443");
  CHECK(StationOrigin("https://thi.example.vn") == "https://thi.example.vn");
  CHECK(StationOrigin("https://[fd00::5]:8443/thi/") == "https://[fd00::5]:8443");
  CHECK(StationOrigin("http://10.0.0.5:8443/thi/").empty());
  CHECK(StationOrigin("https:///thi/").empty());
  CHECK(StationOrigin("https://a b/thi/").empty());
  CHECK(StationOrigin("https://user@host/thi/").empty());
}

TEST_CASE("The station's .seb file opens the station, filters to its origin and sends the keys") {
  const Value settings = StationSeb(
      {.start_url = "https://10.0.0.5:8443/thi/", .quit_url = "https://10.0.0.5:8443/thi/thoat"});
  const std::string xml = PlistXml(settings);
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist"));
  CHECK(xml.find("<key>startURL</key>\n\t<string>https://10.0.0.5:8443/thi/</string>") !=
        std::string::npos);
  CHECK(xml.find("<key>quitURL</key>\n\t<string>https://10.0.0.5:8443/thi/thoat</string>") !=
        std::string::npos);
  CHECK(xml.find("<key>sendBrowserExamKey</key>\n\t<true/>") != std::string::npos);
  CHECK(xml.find("<key>allowSwitchToApplications</key>\n\t<false/>") != std::string::npos);
  CHECK(xml.find("<key>permittedProcesses</key>\n\t<array/>") != std::string::npos);
  CHECK(xml.find("<string>https://10.0.0.5:8443/*</string>") != std::string::npos);
  CHECK(xml.ends_with("</dict>\n</plist>\n"));

  const std::string json = SebJson(settings);
  CHECK(json.find("\"URLFilterRules\":[{\"action\":1,\"active\":true,\"expression\":\"https://"
                  "10.0.0.5:8443\",\"regex\":false},{\"action\":1,\"active\":true,\"expression\":"
                  "\"https://10.0.0.5:8443/*\",\"regex\":false}]") != std::string::npos);
  CHECK(ConfigKey(settings) == crypto::Sha256Hex(json));
  // Another station, another key.
  CHECK(ConfigKey(StationSeb({.start_url = "https://10.0.0.6:8443/thi/", .quit_url = ""})) !=
        ConfigKey(settings));
}

TEST_CASE("A station with a practical allows the office applications and file hand-ins only") {
  const Value plain = StationSeb({.start_url = "https://10.0.0.5:8443/thi/", .quit_url = ""});
  const Value practical =
      StationSeb({.start_url = "https://10.0.0.5:8443/thi/", .quit_url = "", .practical = true});
  const std::string xml = PlistXml(practical);
  for (const char* exe : {"WINWORD.EXE", "EXCEL.EXE", "POWERPNT.EXE", "soffice.exe"}) {
    INFO(exe);
    CHECK(xml.find(std::string("<key>executable</key>\n\t\t\t<string>") + exe + "</string>") !=
          std::string::npos);
    CHECK(PlistXml(plain).find(exe) == std::string::npos);
  }
  CHECK(xml.find("<key>allowDownUploads</key>\n\t<true/>") != std::string::npos);
  CHECK(xml.find("<key>allowSwitchToApplications</key>\n\t<true/>") != std::string::npos);
  CHECK(PlistXml(plain).find("<key>allowDownUploads</key>\n\t<false/>") != std::string::npos);
  // The URL filter is the same: still only the station's origin.
  CHECK(xml.find("<string>https://10.0.0.5:8443/*</string>") != std::string::npos);
  // A different file, so a different key: a plain station's SEB cannot sit the practical.
  CHECK(ConfigKey(practical) != ConfigKey(plain));
  CHECK(ConfigKey(practical) == crypto::Sha256Hex(SebJson(practical)));
}

TEST_CASE("The .seb file escapes XML in strings") {
  const Value settings(Value::Dict{{"quitURL", "https://h/q?a=1&b=<2>"}});
  CHECK(PlistXml(settings).find("<string>https://h/q?a=1&amp;b=&lt;2&gt;</string>") !=
        std::string::npos);
}

}  // namespace
}  // namespace khaothi::seb
