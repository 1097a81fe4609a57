// khaothi's metadata comment in GIFT files (read here, written by gift_write.cc) and what an
// answer block alone implies about the key, which decides what that comment must correct.
#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/bank/text.h"

#include "format_internal.h"
#include "gift_internal.h"

namespace khaothi::bank::gift {
namespace {

// Parses `value` as option letters "A,C" (or 1-based numbers for options past Z).
std::optional<std::vector<int>> ParseOptionList(std::string_view value) {
  std::vector<int> out;
  if (value.empty()) {
    return out;
  }
  size_t pos = 0;
  while (pos <= value.size()) {
    size_t comma = value.find(',', pos);
    if (comma == std::string_view::npos) {
      comma = value.size();
    }
    const std::string_view token = value.substr(pos, comma - pos);
    if (token.size() == 1 && token[0] >= 'A' && token[0] <= 'Z') {
      out.push_back(token[0] - 'A');
    } else {
      int n = 0;
      const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), n);
      if (ec != std::errc() || ptr != token.data() + token.size() || n < 1) {
        return std::nullopt;
      }
      out.push_back(n - 1);
    }
    pos = comma + 1;
  }
  return out;
}

}  // namespace

engine::ResponseMode InferredMode(const std::vector<Marked>& marks) {
  const bool any_equals =
      std::any_of(marks.begin(), marks.end(), [](const Marked& m) { return m.equals; });
  return any_equals ? engine::ResponseMode::kSingle : engine::ResponseMode::kMultiple;
}

bool InferredCorrect(const std::vector<Marked>& marks, size_t i) {
  if (InferredMode(marks) == engine::ResponseMode::kSingle) {
    return marks[i].equals;
  }
  return marks[i].weight.has_value() && *marks[i].weight > 0;
}

std::string OptionList(const std::vector<int>& indices) {
  std::string out;
  for (int i : indices) {
    if (!out.empty()) {
      out += ',';
    }
    out += OptionLabel(i);
  }
  return out;
}

std::optional<std::string> ParseMetadata(std::string_view text, Metadata& meta) {
  size_t pos = 0;
  while (true) {
    const size_t start = text.find_first_not_of(" \t", pos);
    if (start == std::string_view::npos) {
      break;
    }
    size_t end = text.find_first_of(" \t", start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    pos = end;
    const std::string_view token = text.substr(start, end - start);
    const size_t eq = token.find('=');
    if (eq == std::string_view::npos) {
      return "metadata comment: expected key=value, got '" + std::string(token) + "'";
    }
    const std::string_view key = token.substr(0, eq);
    std::optional<std::string> decoded = PercentDecode(token.substr(eq + 1));
    if (!decoded || FindInvalidUtf8(*decoded) != std::string_view::npos) {
      return "metadata comment: malformed value for '" + std::string(key) + "'";
    }
    std::string value = ToNfc(*decoded);
    auto bad = [&key, &value]() {
      return "metadata comment: invalid " + std::string(key) + " '" + value + "'";
    };
    if (key == "id") {
      meta.id = value;
    } else if (key == "version") {
      int v = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || ptr != value.data() + value.size() || v < 0) {
        return bad();
      }
      meta.version = v;
    } else if (key == "module") {
      meta.module = value;
    } else if (key == "topic") {
      meta.topic = value;
    } else if (key == "difficulty") {
      if (value.empty()) {
        meta.difficulty = std::optional<engine::Difficulty>();
      } else if (auto d = engine::ParseDifficulty(value)) {
        meta.difficulty = d;
      } else {
        return bad();
      }
    } else if (key == "status") {
      auto s = engine::ParseItemStatus(value);
      if (!s) {
        return bad();
      }
      meta.status = s;
    } else if (key == "group") {
      meta.group = value;
    } else if (key == "software") {
      // Written only when set, as in the native format, so "any" is not a value here.
      auto v = engine::ParseSoftware(value);
      if (!v || *v == engine::Software::kAny) {
        return bad();
      }
      meta.software = v;
    } else if (key == "fixed" || key == "key") {
      auto list = ParseOptionList(value);
      if (!list) {
        return bad();
      }
      (key == "fixed" ? meta.fixed : meta.key) = std::move(list);
    } else if (key == "mode") {
      auto m = engine::ParseResponseMode(value);
      if (!m) {
        return bad();
      }
      meta.mode = m;
    } else if (key == "weights") {
      if (value != "none") {
        return bad();
      }
      meta.no_weights = true;
    } else {
      return "metadata comment: unknown key '" + std::string(key) + "'";
    }
  }
  return std::nullopt;
}

}  // namespace khaothi::bank::gift
