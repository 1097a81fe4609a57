// `khaothi session seb-config` and `seb-require` run as real processes (docs/seb.md).
#include <filesystem>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "khaothi/seb/seb.h"
#include "khaothi/store/database.h"

#include "test_util.h"

namespace khaothi::testing {
namespace {

ProcessResult Khaothi(const TempDir& cwd, std::vector<std::string> args) {
  args.insert(args.begin(), BuiltProgram("tools/khaothi"));
  return RunProcess(args, cwd.path());
}

// Reads an XML property list as khaothi writes it (one element per line) back into a Value, so
// the Config Key can be recomputed from the file on disk rather than from the code that wrote it.
class PlistReader {
 public:
  explicit PlistReader(const std::string& xml) {
    const std::regex token(
        R"(<(/?)(dict|array|key|string|integer|true|false)(/?)>([^<\n]*)(</\w+>)?)");
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), token);
         it != std::sregex_iterator(); ++it) {
      tokens_.push_back({(*it)[1].str() + (*it)[2].str() + (*it)[3].str(), (*it)[4].str()});
    }
  }

  seb::Value Read() {
    REQUIRE(pos_ < tokens_.size());
    const auto [tag, text] = tokens_[pos_++];
    if (tag == "true/" || tag == "false/") {
      return seb::Value(tag == "true/");
    }
    if (tag == "integer") {
      return seb::Value(static_cast<int64_t>(std::stoll(text)));
    }
    if (tag == "string") {
      return seb::Value(Unescape(text));
    }
    if (tag == "array/") {
      return seb::Value(seb::Value::Array{});
    }
    if (tag == "array") {
      seb::Value::Array array;
      while (tokens_.at(pos_).first != "/array") {
        array.push_back(Read());
      }
      ++pos_;
      return seb::Value(std::move(array));
    }
    REQUIRE(tag == "dict");
    seb::Value::Dict dict;
    while (tokens_.at(pos_).first != "/dict") {
      REQUIRE(tokens_.at(pos_).first == "key");
      std::string key = Unescape(tokens_[pos_++].second);
      dict.emplace_back(std::move(key), Read());
    }
    ++pos_;
    return seb::Value(std::move(dict));
  }

 private:
  static std::string Unescape(std::string s) {
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}) {
      for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) {
        s.replace(at, from.size(), to);
      }
    }
    return s;
  }

  std::vector<std::pair<std::string, std::string>> tokens_;
  size_t pos_ = 0;
};

std::string Centre(const TempDir& t) {
  const std::string dir = t.File("centre");
  REQUIRE(
      Khaothi(t, {"init", "--data", dir, "--center-code", "C1", "--name", "Trung tâm"}).exit_code ==
      0);
  for (const char* id : {"S1", "S2"}) {
    ProcessResult create = Khaothi(
        t, {"session", "create", "--data", dir, "--id", id, "--name", "Ca 1", "--date",
            "2026-12-05", "--blueprint",
            SourceFile("question-bank/data/blueprints/basic-30.blueprint"), "--rooms", "P101"});
    INFO(create.err);
    REQUIRE(create.exit_code == 0);
  }
  return dir;
}

std::string SebRow(const std::string& dir, const std::string& session) {
  auto db = store::Database::Open(dir + "/center.db", false);
  REQUIRE(db.ok());
  store::Statement q = db->Prepare(
      "SELECT required || ' ' || start_url || ' ' || config_key FROM session_seb "
      "WHERE session_id = ?1");
  q.Bind(1, session);
  return *q.Step() ? q.ColumnText(0) : "";
}

TEST_CASE("khaothi session seb-config writes a .seb file whose Config Key it prints") {
  TempDir t;
  const std::string dir = Centre(t);
  ProcessResult r = Khaothi(t, {"--data", dir, "--lang", "en", "session", "seb-config", "S1",
                                "--url", "https://10.0.0.5:8443", "--out", t.File("s1.seb")});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, std::regex("Config Key: ([0-9a-f]{64})\n")));
  const std::string printed = m[1].str();
  CHECK(r.out.find("Start URL:  https://10.0.0.5:8443/thi/") != std::string::npos);
  CHECK(r.out.find("Safe Exam Browser required: no") != std::string::npos);

  const std::string xml = ReadFile(t.File("s1.seb"));
  PlistReader reader(xml);
  const seb::Value settings = reader.Read();
  CHECK(seb::ConfigKey(settings) == printed);
  CHECK(xml.find("<string>https://10.0.0.5:8443/thi/thoat</string>") != std::string::npos);
  // Recorded, not yet required: turning it on is a separate, deliberate step.
  CHECK(SebRow(dir, "S1") == "0 https://10.0.0.5:8443/thi/ " + printed);

  ProcessResult on = Khaothi(t, {"--data", dir, "session", "seb-require", "S1", "on"});
  INFO(on.err);
  CHECK(on.exit_code == 0);
  CHECK(SebRow(dir, "S1") == "1 https://10.0.0.5:8443/thi/ " + printed);
  CHECK(Khaothi(t, {"--data", dir, "session", "seb-require", "S1", "off"}).exit_code == 0);
  CHECK(SebRow(dir, "S1").starts_with("0 "));

  // Another address gives another file and key; --require turns it on at once.
  ProcessResult again =
      Khaothi(t, {"--data", dir, "--lang", "en", "session", "seb-config", "S1", "--url",
                  "https://thi.local:8443/thi/", "--out", t.File("s1b.seb"), "--require"});
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("Config Key: " + printed) == std::string::npos);
  CHECK(again.out.find("Safe Exam Browser required: yes") != std::string::npos);
  CHECK(SebRow(dir, "S1").starts_with("1 https://thi.local:8443/thi/ "));
}

TEST_CASE("khaothi session seb-config and seb-require refuse bad input and change nothing") {
  TempDir t;
  const std::string dir = Centre(t);
  for (const char* url : {"http://10.0.0.5:8443", "https://10.0.0.5:8443/khac/", "10.0.0.5",
                          "https://user@10.0.0.5/", "https://"}) {
    ProcessResult r = Khaothi(t, {"--data", dir, "session", "seb-config", "S1", "--url", url,
                                  "--out", t.File("bad.seb")});
    INFO(url << "\n" << r.err);
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("--url phải là https://") != std::string::npos);
  }
  ProcessResult unknown = Khaothi(t, {"--data", dir, "session", "seb-config", "S9", "--url",
                                      "https://10.0.0.5:8443", "--out", t.File("bad.seb")});
  CHECK(unknown.exit_code != 0);
  CHECK(unknown.err.find("không có ca thi 'S9'") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(t.File("bad.seb")));
  CHECK(SebRow(dir, "S1").empty());

  // Required before any .seb file exists: there would be no key to check against.
  ProcessResult early = Khaothi(t, {"--data", dir, "session", "seb-require", "S2", "on"});
  CHECK(early.exit_code != 0);
  CHECK(early.err.find("chưa có tệp .seb") != std::string::npos);
  ProcessResult bad_state = Khaothi(t, {"--data", dir, "session", "seb-require", "S2", "yes"});
  CHECK(bad_state.exit_code != 0);
  CHECK(bad_state.err.find("on hoặc off") != std::string::npos);
  CHECK(SebRow(dir, "S2").empty());
}

}  // namespace
}  // namespace khaothi::testing
