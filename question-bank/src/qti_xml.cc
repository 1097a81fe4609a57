// The QTI XML helpers (local names, namespaces, plain text of XHTML content, lines) and the
// decimal/weight conversions between QTI mapped values and khaothi's percent weights.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/bank/text.h"

#include "qti_internal.h"

namespace khaothi::bank::qti {

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The namespace URI of `node`, resolved through the xmlns declarations of its ancestors.
std::string NamespaceOf(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const size_t colon = name.find(':');
  const std::string attr =
      colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
  for (pugi::xml_node n = node; n; n = n.parent()) {
    if (const pugi::xml_attribute a = n.attribute(attr.c_str())) {
      return a.value();
    }
  }
  return {};
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && LocalName(c) == local) {
      return c;
    }
  }
  return {};
}

std::vector<pugi::xml_node> Children(const pugi::xml_node& node, std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && LocalName(c) == local) {
      out.push_back(c);
    }
  }
  return out;
}

// Every descendant element of `node` (depth first, document order) with this local name.
void Descendants(const pugi::xml_node& node, std::string_view local,
                 std::vector<pugi::xml_node>& out) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() != pugi::node_element) {
      continue;
    }
    if (LocalName(c) == local) {
      out.push_back(c);
    }
    Descendants(c, local, out);
  }
}

bool IsBlock(std::string_view local) {
  static constexpr std::string_view kBlocks[] = {
      "p",          "div", "li", "ul",    "ol", "h1", "h2", "h3",      "h4", "h5",         "h6",
      "blockquote", "pre", "tr", "table", "dl", "dt", "dd", "address", "hr", "rubricBlock"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), local) != std::end(kBlocks);
}

// Plain text of XHTML content: text kept as written, <br/> and block boundaries become line
// breaks, elements named in `skip` are left out.
void AppendText(const pugi::xml_node& node, const std::vector<std::string_view>& skip,
                std::string& out);

void AppendNode(const pugi::xml_node& c, const std::vector<std::string_view>& skip,
                std::string& out) {
  if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
    // Text is kept as written, except that a run of whitespace with a line break in it (the
    // indentation of a pretty-printed document) is one space, as a browser would show it.
    const std::string_view text = c.value();
    for (size_t i = 0; i < text.size();) {
      size_t j = i;
      while (j < text.size() &&
             (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r')) {
        ++j;
      }
      if (j == i) {
        out += text[i++];
        continue;
      }
      const std::string_view run = text.substr(i, j - i);
      if (run.find_first_of("\r\n") == std::string_view::npos) {
        out += run;
      } else if (!out.empty() && out.back() != '\n' && out.back() != ' ') {
        out += ' ';
      }
      i = j;
    }
    return;
  }
  if (c.type() != pugi::node_element) {
    return;
  }
  const std::string_view local = LocalName(c);
  if (std::find(skip.begin(), skip.end(), local) != skip.end()) {
    return;
  }
  if (local == "br") {
    out += '\n';
    return;
  }
  const bool block = IsBlock(local);
  if (block && !out.empty() && out.back() != '\n') {
    out += '\n';
  }
  AppendText(c, skip, out);
  if (block && !out.empty() && out.back() != '\n') {
    out += '\n';
  }
}

void AppendText(const pugi::xml_node& node, const std::vector<std::string_view>& skip,
                std::string& out) {
  for (pugi::xml_node c : node.children()) {
    AppendNode(c, skip, out);
  }
}

bool IsAncestorOf(const pugi::xml_node& ancestor, pugi::xml_node node) {
  for (; node; node = node.parent()) {
    if (node == ancestor) {
      return true;
    }
  }
  return false;
}

std::string PlainText(const pugi::xml_node& node, const std::vector<std::string_view>& skip) {
  std::string out;
  AppendText(node, skip, out);
  return NormalizeText(out);
}

int LineOf(std::string_view xml, const pugi::xml_node& node) {
  const ptrdiff_t offset = node.offset_debug();
  return offset < 0 ? 0 : LineOfOffset(xml, static_cast<size_t>(offset));
}

// Weights. A mapped value is a fraction of the item's maximum score; a weight is percent of it.
// When the maximum is 1 (our own packages, TAO's templates) the conversion shifts the decimal
// point in the text, which is exact both ways: 33.3 % is written as 0.333 and read back as 33.3.

std::string ShortestDecimal(double v) {
  char buf[1200];
  const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buf, ptr) : std::string("0");
}

// `decimal` ("-12.5", "100", "0.333") times 10^`places`, computed on the digits. nullopt when
// `decimal` is not a plain decimal number.
std::optional<std::string> ShiftDecimal(std::string_view decimal, int places) {
  std::string sign;
  if (decimal.starts_with('-') || decimal.starts_with('+')) {
    if (decimal[0] == '-') {
      sign = "-";
    }
    decimal.remove_prefix(1);
  }
  const size_t point = decimal.find('.');
  std::string digits(decimal.substr(0, point));
  const size_t int_len = digits.size();
  if (point != std::string_view::npos) {
    digits += decimal.substr(point + 1);
  }
  if (digits.empty() ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const long pos = static_cast<long>(int_len) + places;
  std::string int_part;
  std::string frac_part;
  if (pos <= 0) {
    int_part = "0";
    frac_part = std::string(static_cast<size_t>(-pos), '0') + digits;
  } else if (static_cast<size_t>(pos) >= digits.size()) {
    int_part = digits + std::string(static_cast<size_t>(pos) - digits.size(), '0');
  } else {
    int_part = digits.substr(0, static_cast<size_t>(pos));
    frac_part = digits.substr(static_cast<size_t>(pos));
  }
  const size_t nz = int_part.find_first_not_of('0');
  int_part = nz == std::string::npos ? "0" : int_part.substr(nz);
  const size_t last = frac_part.find_last_not_of('0');
  frac_part = last == std::string::npos ? "" : frac_part.substr(0, last + 1);
  return sign + int_part + (frac_part.empty() ? "" : "." + frac_part);
}

std::optional<double> ParseDouble(std::string_view s) {
  s = Trim(s);
  if (s.starts_with('+')) {
    s.remove_prefix(1);
  }
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

// Percent of the item's points for mapped value `text` when the maximum score is `max_score`.
std::optional<double> WeightOf(std::string_view text, double max_score) {
  if (max_score == 1.0) {
    if (auto shifted = ShiftDecimal(Trim(text), 2)) {
      return ParseDouble(*shifted);
    }
  }
  auto v = ParseDouble(text);
  if (!v) {
    return std::nullopt;
  }
  return *v / max_score * 100.0;
}

}  // namespace khaothi::bank::qti
