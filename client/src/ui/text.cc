#include "khaothi/client/ui/text.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace khaothi::client::ui {
namespace {

int CodePointWidth(UChar32 c) {
  const auto category = static_cast<UCharCategory>(u_charType(c));
  if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR ||
      c == 0x200B) {
    return 0;
  }
  const int eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  if (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) {
    return 2;
  }
  return 1;
}

void AppendUtf8(std::string& out, UChar32 c) {
  const auto u = static_cast<uint32_t>(c);
  if (u < 0x80) {
    out += static_cast<char>(u);
  } else if (u < 0x800) {
    out += static_cast<char>(0xC0 | (u >> 6));
    out += static_cast<char>(0x80 | (u & 0x3F));
  } else if (u < 0x10000) {
    out += static_cast<char>(0xE0 | (u >> 12));
    out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (u & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (u >> 18));
    out += static_cast<char>(0x80 | ((u >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (u & 0x3F));
  }
}

}  // namespace

std::vector<Cluster> Clusters(std::string_view utf8) {
  std::vector<Cluster> out;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      c = 0xFFFD;
    }
    if (c == '\t') {
      c = ' ';
    }
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
      continue;
    }
    const int w = CodePointWidth(c);
    if (w == 0 && !out.empty()) {
      AppendUtf8(out.back().bytes, c);
      continue;
    }
    Cluster cl;
    AppendUtf8(cl.bytes, c);
    cl.width = w == 0 ? 1 : w;  // a lone mark still takes a cell
    if (w == 0) {
      cl.bytes.insert(0, " ");
    }
    out.push_back(std::move(cl));
  }
  return out;
}

int DisplayWidth(std::string_view utf8) {
  int w = 0;
  for (const Cluster& c : Clusters(utf8)) {
    w += c.width;
  }
  return w;
}

std::string Truncate(std::string_view utf8, int width, bool ellipsis) {
  const std::vector<Cluster> cs = Clusters(utf8);
  int total = 0;
  for (const Cluster& c : cs) {
    total += c.width;
  }
  if (total <= width) {
    std::string out;
    for (const Cluster& c : cs) {
      out += c.bytes;
    }
    return out;
  }
  const int room = ellipsis ? width - 1 : width;
  std::string out;
  int used = 0;
  for (const Cluster& c : cs) {
    if (used + c.width > room) {
      break;
    }
    out += c.bytes;
    used += c.width;
  }
  if (ellipsis && width >= 1) {
    out += "…";
  }
  return out;
}

std::vector<std::string> Wrap(std::string_view utf8, int width) {
  std::vector<std::string> lines;
  if (width < 1) {
    width = 1;
  }
  size_t start = 0;
  while (start <= utf8.size()) {
    size_t end = utf8.find('\n', start);
    if (end == std::string_view::npos) {
      end = utf8.size();
    }
    const std::vector<Cluster> cs = Clusters(utf8.substr(start, end - start));
    std::string line;
    int line_w = 0;
    size_t i = 0;
    while (i < cs.size()) {
      // The next word (up to a space) and its width.
      size_t j = i;
      int word_w = 0;
      while (j < cs.size() && cs[j].bytes != " ") {
        word_w += cs[j].width;
        ++j;
      }
      if (word_w > 0) {
        if (line_w > 0 && line_w + 1 + word_w > width) {
          lines.push_back(line);
          line.clear();
          line_w = 0;
        } else if (line_w > 0) {
          line += ' ';
          ++line_w;
        }
        for (size_t k = i; k < j; ++k) {
          if (line_w + cs[k].width > width) {
            lines.push_back(line);
            line.clear();
            line_w = 0;
          }
          line += cs[k].bytes;
          line_w += cs[k].width;
        }
      }
      i = j;
      while (i < cs.size() && cs[i].bytes == " ") {
        ++i;
      }
    }
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::string Format(std::string_view pattern, const std::vector<std::string>& args) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
      const auto n = static_cast<size_t>(pattern[i + 1] - '0');
      if (n < args.size()) {
        out += args[n];
      }
      i += 2;
      continue;
    }
    out += pattern[i];
  }
  return out;
}

}  // namespace khaothi::client::ui
