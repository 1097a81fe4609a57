// The practical task package's manifest (task.txt) and the check of its files
// (docs/practical.md).
#include "khaothi/bank/practical.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "khaothi/bank/text.h"
#include "khaothi/engine/practical_limits.h"

namespace khaothi::bank {
namespace {

using engine::PointsLine;
using engine::PracticalFile;
using engine::PracticalTask;

std::vector<std::string_view> SplitWords(std::string_view s, size_t max_words) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
      ++i;
    }
    if (i == s.size()) {
      break;
    }
    if (words.size() + 1 == max_words) {
      words.push_back(Trim(s.substr(i)));
      break;
    }
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') {
      ++j;
    }
    words.push_back(s.substr(i, j - i));
    i = j;
  }
  return words;
}

std::optional<int64_t> ParseCount(std::string_view s) {
  int64_t v = 0;
  if (s.empty() || s.size() > 12 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// "NAME SIZE SHA256".
Result<PracticalFile> ParseFileLine(std::string_view value) {
  const std::vector<std::string_view> w = SplitWords(value, 0);
  if (w.size() != 3) {
    return Status::InvalidArgument("a file is 'NAME SIZE SHA256', got '" + std::string(value) +
                                   "'");
  }
  std::optional<int64_t> size = ParseCount(w[1]);
  if (!size) {
    return Status::InvalidArgument("size of '" + std::string(w[0]) +
                                   "' must be a whole number of bytes, got '" + std::string(w[1]) +
                                   "'");
  }
  return PracticalFile{std::string(w[0]), *size, std::string(w[2])};
}

// "CODE POINTS DESCRIPTION...".
Result<PointsLine> ParsePointsLine(std::string_view value) {
  const std::vector<std::string_view> w = SplitWords(value, 3);
  if (w.size() != 3) {
    return Status::InvalidArgument("a points line is 'CODE POINTS DESCRIPTION', got '" +
                                   std::string(value) + "'");
  }
  std::optional<engine::Points> p = engine::ParsePoints(w[1]);
  if (!p) {
    return Status::InvalidArgument("points of '" + std::string(w[0]) +
                                   "' must be a number such as 0.5, got '" + std::string(w[1]) +
                                   "'");
  }
  return PointsLine{std::string(w[0]), *p, std::string(w[2])};
}

std::string FileValue(const PracticalFile& f) {
  return f.name + " " + std::to_string(f.size) + " " + f.sha256;
}

}  // namespace

Result<ParsedManifest> ParsePracticalManifest(std::string_view text, std::string_view label) {
  const std::string where(label);
  auto fail = [&where](int line, const std::string& m) {
    return Status::InvalidArgument(where + " line " + std::to_string(line) + ": " + m);
  };
  if (text.size() > static_cast<size_t>(engine::kMaxManifestBytes)) {
    return Status::InvalidArgument(where + ": " + std::to_string(text.size()) +
                                   " bytes, over the limit of " +
                                   std::to_string(engine::kMaxManifestBytes));
  }
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
  }
  if (const size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos) {
    return fail(LineOfOffset(text, bad), "not valid UTF-8");
  }
  ParsedManifest out;
  PracticalTask& t = out.task;
  std::map<std::string, int> key_lines;  // the line of each single-valued key
  std::map<std::string, int> code_lines;
  std::map<std::string, int> rule_lines;
  int last = 1;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string line = ToNfc(Trim(text.substr(pos, end - pos)));
    pos = end + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') {
      continue;
    }
    last = line_no;
    const size_t eq = line.find('=');
    if (eq == std::string::npos) {
      return fail(line_no, "expected 'key = value'");
    }
    const std::string key(Trim(std::string_view(line).substr(0, eq)));
    const std::string value(Trim(std::string_view(line).substr(eq + 1)));
    const bool repeats =
        key == "starter" || key == "solution" || key == "point" || key == "check" || key == "rule";
    if (!repeats && !key_lines.emplace(key, line_no).second) {
      return fail(line_no, "'" + key + "' appears twice");
    }
    auto bad_value = [&](std::string_view expected) {
      return fail(line_no,
                  "invalid " + key + " '" + value + "' (expected " + std::string(expected) + ")");
    };
    if (key == "id") {
      t.id = value;
    } else if (key == "version") {
      std::optional<int64_t> v = ParseCount(value);
      if (!v || *v < 1 || *v > 1'000'000) {
        return bad_value("a whole number from 1");
      }
      t.version = static_cast<int>(*v);
    } else if (key == "module") {
      t.module = value;
    } else if (key == "title") {
      t.title = value;
    } else if (key == "minutes") {
      std::optional<int64_t> v = ParseCount(value);
      if (!v || *v < 1 || *v > engine::kMaxTaskMinutes) {
        return bad_value("whole minutes 1.." + std::to_string(engine::kMaxTaskMinutes));
      }
      t.minutes = static_cast<int>(*v);
    } else if (key == "software") {
      std::optional<engine::SoftwareChoice> s = engine::ParseSoftwareChoice(value);
      if (!s) {
        return bad_value("microsoft, libreoffice or both");
      }
      t.software = *s;
    } else if (key == "pool") {
      t.pool = value;
    } else if (key == "total") {
      std::optional<engine::Points> p = engine::ParsePoints(value);
      if (!p) {
        return bad_value("a number such as 10");
      }
      t.total = *p;
    } else if (key == "instructions" || key == "starter" || key == "solution") {
      Result<PracticalFile> f = ParseFileLine(value);
      if (!f.ok()) {
        return fail(line_no, f.status().message());
      }
      if (!out.file_lines.emplace(f->name, line_no).second) {
        return fail(line_no, "file '" + f->name + "' is listed twice");
      }
      if (key == "instructions") {
        t.instructions = std::move(*f);
      } else {
        (key == "starter" ? t.starters : t.solutions).push_back(std::move(*f));
      }
    } else if (key == "point") {
      Result<PointsLine> p = ParsePointsLine(value);
      if (!p.ok()) {
        return fail(line_no, p.status().message());
      }
      if (!code_lines.emplace(p->code, line_no).second) {
        return fail(line_no, "points code '" + p->code + "' appears twice");
      }
      t.points.push_back(std::move(*p));
    } else if (key == "check" || key == "rule") {
      // "check = CODE KIND key=value ..." and "rule = CODE all|proportional" belong to a points
      // line written above them.
      const size_t space = value.find(' ');
      const std::string code = value.substr(0, space);
      const std::string rest = space == std::string::npos
                                   ? ""
                                   : std::string(Trim(std::string_view(value).substr(space)));
      auto owner = std::find_if(t.points.begin(), t.points.end(),
                                [&](const PointsLine& p) { return p.code == code; });
      if (owner == t.points.end()) {
        return fail(line_no, key + " for '" + code + "': no points line with that code above it");
      }
      if (key == "check") {
        if (rest.empty()) {
          return fail(line_no, "a check is 'CODE KIND key=value ...', got '" + value + "'");
        }
        out.check_lines[{code, static_cast<int>(owner->checks.size())}] = line_no;
        owner->checks.push_back(rest);
      } else {
        std::optional<engine::PartialRule> rule = engine::ParsePartialRule(rest);
        if (!rule) {
          return bad_value("CODE all or CODE proportional");
        }
        if (!rule_lines.emplace(code, line_no).second) {
          return fail(line_no, "the rule of '" + code + "' appears twice");
        }
        owner->rule = *rule;
      }
    } else {
      return fail(line_no, "unknown key '" + key + "'");
    }
  }
  for (const char* required :
       {"id", "module", "title", "minutes", "pool", "total", "instructions"}) {
    if (key_lines.count(required) == 0) {
      return fail(last, std::string("missing '") + required + "'");
    }
  }
  // The rules on values, at the line they concern: a quoted file name or points code in the
  // message names its line; otherwise the key the message starts with; else the last line.
  Status s = engine::ValidatePracticalTask(t);
  if (!s.ok()) {
    int line = last;
    const std::string& m = s.message();
    const size_t q = m.find('\'');
    const size_t q2 = q == std::string::npos ? q : m.find('\'', q + 1);
    const std::string quoted = q2 == std::string::npos ? "" : m.substr(q + 1, q2 - q - 1);
    if (auto f = out.file_lines.find(quoted); f != out.file_lines.end()) {
      line = f->second;
    } else if (auto c = code_lines.find(quoted); c != code_lines.end()) {
      line = c->second;
    } else if (m.starts_with("the points table adds up")) {
      line = key_lines["total"];
    } else {
      for (const auto& [key, key_line] : key_lines) {
        if (m.starts_with(key + " ") || m.starts_with("invalid " + key + " ") ||
            m.starts_with("invalid task " + key)) {
          line = key_line;
        }
      }
    }
    return fail(line, m);
  }
  return out;
}

std::string SerializePracticalManifest(const PracticalTask& t) {
  std::string out;
  auto kv = [&out](std::string_view key, std::string_view value) {
    out += key;
    out += " = ";
    out += value;
    out += '\n';
  };
  out += "# khaothi practical task (đề thực hành); the format is described in docs/practical.md.\n";
  kv("id", t.id);
  if (t.version != 0) {
    kv("version", std::to_string(t.version));
  }
  kv("module", t.module);
  kv("title", t.title);
  kv("minutes", std::to_string(t.minutes));
  kv("software", engine::ToString(t.software));
  kv("pool", t.pool);
  kv("total", engine::FormatPoints(t.total));
  out += '\n';
  kv("instructions", FileValue(t.instructions));
  for (const PracticalFile& f : t.starters) {
    kv("starter", FileValue(f));
  }
  for (const PracticalFile& f : t.solutions) {
    kv("solution", FileValue(f));
  }
  out += "\n# point = CODE POINTS DESCRIPTION\n";
  for (const PointsLine& p : t.points) {
    kv("point", p.code + " " + engine::FormatPoints(p.points) + " " + p.description);
    if (p.rule != engine::PartialRule::kProportional) {
      kv("rule", p.code + " " + std::string(engine::ToString(p.rule)));
    }
    for (const std::string& check : p.checks) {
      kv("check", p.code + " " + check);
    }
  }
  return out;
}

Status CheckPracticalFiles(const ParsedManifest& manifest, const std::vector<FoundFile>& found,
                           std::string_view instructions_text, std::string_view dir) {
  const std::string d(dir);
  const PracticalTask& t = manifest.task;
  std::map<std::string, const FoundFile*> by_name;
  for (const FoundFile& f : found) {
    if (f.name == kManifestName) {
      continue;
    }
    if (manifest.file_lines.count(f.name) == 0) {
      return Status::InvalidArgument(d + "/" + f.name + ": not listed in " +
                                     std::string(kManifestName) +
                                     " (every file of a package is listed with its SHA-256)");
    }
    by_name[f.name] = &f;
  }
  std::vector<const PracticalFile*> listed = {&t.instructions};
  for (const auto* files : {&t.starters, &t.solutions}) {
    for (const PracticalFile& f : *files) {
      listed.push_back(&f);
    }
  }
  for (const PracticalFile* f : listed) {
    const std::string at =
        std::string(kManifestName) + " line " + std::to_string(manifest.file_lines.at(f->name));
    auto it = by_name.find(f->name);
    if (it == by_name.end()) {
      return Status::InvalidArgument(d + "/" + f->name + ": missing (listed at " + at + ")");
    }
    if (it->second->size != f->size) {
      return Status::InvalidArgument(d + "/" + f->name + ": " + std::to_string(it->second->size) +
                                     " bytes, " + at + " says " + std::to_string(f->size));
    }
    if (it->second->sha256 != f->sha256) {
      return Status::InvalidArgument(d + "/" + f->name + ": SHA-256 is " + it->second->sha256 +
                                     ", " + at + " says " + f->sha256);
    }
  }
  const std::string instructions = d + "/" + t.instructions.name;
  if (const size_t bad = FindInvalidUtf8(instructions_text); bad != std::string_view::npos) {
    return Status::InvalidArgument(instructions + " line " +
                                   std::to_string(LineOfOffset(instructions_text, bad)) +
                                   ": not valid UTF-8");
  }
  if (LooksBinary(instructions_text)) {
    return Status::InvalidArgument(instructions + ": not a text file");
  }
  int line_no = 0;
  size_t pos = 0;
  while (pos <= instructions_text.size()) {
    size_t end = instructions_text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = instructions_text.size();
    }
    const std::string_view line = instructions_text.substr(pos, end - pos);
    ++line_no;
    if (ToNfc(line) != line) {
      return Status::InvalidArgument(instructions + " line " + std::to_string(line_no) +
                                     ": not in Unicode NFC (Vietnamese letters must be "
                                     "precomposed; save the file as NFC)");
    }
    pos = end + 1;
  }
  return Status::Ok();
}

}  // namespace khaothi::bank
