// Safe Exam Browser (SEB): the settings khaothi gives it, the .seb file that carries them, the
// Config Key of those settings and the check of the X-SafeExamBrowser-ConfigKeyHash header
// (docs/seb.md). Pure: bytes in, bytes out; the tool writes the file, the server reads headers.
//
// The Config Key is computed exactly as SEB's published specification says
// (safeexambrowser.org/developer/seb-config-key.html): the settings as "SEB-JSON" — keys of every
// dictionary sorted case-insensitively, no whitespace, no character escaping, "originatorVersion"
// and empty dictionaries left out — then SHA-256 of that string in lower-case hex.
//
// Thread safety: pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace khaothi::seb {

// One value of SEB's settings property list: <true/>/<false/>, <integer>, <string>, <array> or
// <dict>. SEB's <data>, <date> and <real> are not used by the settings khaothi writes, so this
// type has no room for them.
struct Value {
  using Array = std::vector<Value>;
  // Key/value pairs in the order they were added; keys must be unique. SebJson sorts them.
  using Dict = std::vector<std::pair<std::string, Value>>;

  std::variant<bool, int64_t, std::string, Array, Dict> v;

  Value(bool b) : v(b) {}  // NOLINT(google-explicit-constructor): plist literals read naturally
  Value(int i) : v(static_cast<int64_t>(i)) {}  // NOLINT(google-explicit-constructor)
  Value(int64_t i) : v(i) {}                    // NOLINT(google-explicit-constructor)
  Value(std::string s) : v(std::move(s)) {}     // NOLINT(google-explicit-constructor)
  Value(const char* s) : v(std::string(s)) {}   // NOLINT(google-explicit-constructor)
  Value(Array a) : v(std::move(a)) {}           // NOLINT(google-explicit-constructor)
  Value(Dict d) : v(std::move(d)) {}            // NOLINT(google-explicit-constructor)
};

// `settings` (a dictionary) as the specification's SEB-JSON string.
std::string SebJson(const Value& settings);

// The Config Key of `settings`: lower-case hex SHA-256 of SebJson(settings), 64 characters.
std::string ConfigKey(const Value& settings);

// `settings` as an unencrypted .seb file: an XML property list, UTF-8, dictionary keys in the
// order given. SEB opens such a file as it is (its "plain" format).
std::string PlistXml(const Value& settings);

// The value SEB sends in X-SafeExamBrowser-ConfigKeyHash when it requests `absolute_url` with
// settings whose Config Key is `config_key`: hex SHA-256 of the URL without its fragment
// followed by the key.
std::string RequestHash(std::string_view absolute_url, std::string_view config_key);

// Whether `header` (the received X-SafeExamBrowser-ConfigKeyHash, any case) is
// RequestHash(absolute_url, config_key). An empty header or key never matches. The comparison
// takes the same time wherever the first difference is.
bool RequestHashMatches(std::string_view absolute_url, std::string_view config_key,
                        std::string_view header);

// What the station's .seb file depends on.
struct StationSettings {
  // The page SEB opens first: the station's absolute URL, "https://HOST:PORT/thi/".
  std::string start_url;
  // The link the page offers after submission; opening it quits SEB without a password.
  std::string quit_url;
  // The session has a practical: the candidate downloads the task's files from the page, works
  // on them in Word, Excel or PowerPoint (or LibreOffice) and hands them in through the page.
  bool practical = false;
};

// The settings khaothi writes for a station: SEB opens `start_url` and nothing but pages of its
// origin (URL filter), sends the Browser Exam Key and Config Key headers, allows no printing,
// no screen sharing, no back/forward; quits through `quit_url`. Without a practical it allows no
// other application and no downloads or uploads; with one, downloads and uploads, switching
// between SEB and the office applications, and those applications only (on Windows: Word,
// Excel, PowerPoint and LibreOffice; the candidate may point SEB at them if installed elsewhere).
// InvalidArgument-free: the caller has checked the URLs (StationOrigin).
Value StationSeb(const StationSettings& station);

// "https://host:port" of an absolute https URL, or "" when `url` is not one
// ("https://10.0.0.5:8443/thi/" -> "https://10.0.0.5:8443").
std::string StationOrigin(std::string_view url);

}  // namespace khaothi::seb
