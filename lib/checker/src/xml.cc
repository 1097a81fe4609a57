#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "khaothi/checker/limits.h"
#include "khaothi/checker/office_file.h"

#include "xml_internal.h"

namespace khaothi::checker::internal {

namespace {

// The deepest element nesting in `text`, counted on the bytes before pugixml builds a tree, so a
// 10,000-deep file costs one linear scan and no nodes. Comments, CDATA, processing instructions
// and attribute values are skipped so a '<' inside them does not count.
int MaxDepth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  size_t i = 0;
  while ((i = text.find('<', i)) != std::string_view::npos) {
    const std::string_view rest = text.substr(i);
    if (rest.starts_with("<!--")) {
      const size_t end = text.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    if (rest.starts_with("<![CDATA[")) {
      const size_t end = text.find("]]>", i + 9);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    if (rest.starts_with("<?") || rest.starts_with("<!")) {
      const size_t end = text.find('>', i + 2);
      if (end == std::string_view::npos) break;
      i = end + 1;
      continue;
    }
    const bool closing = rest.starts_with("</");
    // Find the end of the tag, skipping quoted attribute values.
    size_t j = i + 1;
    char quote = 0;
    for (; j < text.size(); ++j) {
      const char c = text[j];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        break;
      }
    }
    if (j >= text.size()) break;
    const bool self_closing = text[j - 1] == '/';
    if (closing) {
      --depth;
    } else if (!self_closing) {
      ++depth;
      if (depth > deepest) deepest = depth;
    }
    i = j + 1;
  }
  return deepest;
}

}  // namespace

Status ParseXml(const std::string& text, std::string_view part, pugi::xml_document& doc) {
  if (MaxDepth(text) > kMaxXmlDepth) {
    return OverLimit("XML lồng quá sâu trong " + std::string(part),
                     "XML nested too deeply in " + std::string(part));
  }
  // parse_doctype keeps the DOCTYPE as a node so it can be seen and refused; no entity in it is
  // ever expanded (pugixml has no DTD processing at all). parse_ws_pcdata_single keeps a text
  // element that holds only white space: PowerPoint and Word write the space between two words
  // of different formats as a run of its own, <a:t> </a:t>.
  const pugi::xml_parse_result parsed =
      doc.load_buffer(text.data(), text.size(),
                      pugi::parse_default | pugi::parse_doctype | pugi::parse_ws_pcdata_single);
  if (!parsed) {
    return CannotCheck("XML hỏng trong " + std::string(part) + " (" + parsed.description() + ")",
                       "malformed XML in " + std::string(part) + " (" + parsed.description() + ")");
  }
  for (pugi::xml_node node = doc.first_child(); node; node = node.next_sibling()) {
    if (node.type() == pugi::node_doctype) {
      return CannotCheck("XML có khai báo DOCTYPE trong " + std::string(part),
                         "XML with a DOCTYPE declaration in " + std::string(part));
    }
  }
  return Status::Ok();
}

// A relationship target resolved against the folder of the part that names it.
std::string ResolveTarget(std::string_view base_dir, std::string_view target) {
  if (target.starts_with('/')) return std::string(target.substr(1));
  std::vector<std::string> parts;
  auto push = [&](std::string_view path) {
    size_t i = 0;
    while (i <= path.size()) {
      const size_t slash = std::min(path.find('/', i), path.size());
      const std::string_view seg = path.substr(i, slash - i);
      if (seg == "..") {
        if (!parts.empty()) parts.pop_back();
      } else if (!seg.empty() && seg != ".") {
        parts.emplace_back(seg);
      }
      i = slash + 1;
    }
  };
  push(base_dir);
  push(target);
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string RelsPath(std::string_view part) {
  const size_t slash = part.rfind('/');
  const std::string_view dir = slash == std::string_view::npos ? "" : part.substr(0, slash + 1);
  const std::string_view name = slash == std::string_view::npos ? part : part.substr(slash + 1);
  return std::string(dir) + "_rels/" + std::string(name) + ".rels";
}

std::string DirOf(std::string_view part) {
  const size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? "" : std::string(part.substr(0, slash));
}

Status ParsePart(const OfficeFile& file, const std::string& part, pugi::xml_document& doc) {
  const std::string* text = file.Part(part);
  if (text == nullptr) {
    return CannotCheck("thiếu phần " + part, "the part " + part + " is missing");
  }
  return ParseXml(*text, part, doc);
}

std::string_view LocalName(const char* qualified) {
  const std::string_view name(qualified);
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element && LocalName(child.name()) == name) return child;
  }
  return {};
}

pugi::xml_attribute Attr(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    if (LocalName(a.name()) == name) return a;
  }
  return {};
}

namespace {

void AppendOdfText(pugi::xml_node node, std::string& out, int depth) {
  if (depth > kMaxXmlDepth) return;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      out += child.value();
      continue;
    }
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = LocalName(child.name());
    if (name == "s") {
      const int count = std::max(1, Attr(child, "c").as_int(1));
      out.append(static_cast<size_t>(std::min(count, 1000)), ' ');
    } else if (name == "tab") {
      out += '\t';
    } else if (name == "line-break") {
      out += '\n';
    } else if (name == "annotation" || name == "note" || name == "bookmark-ref") {
      continue;
    } else {
      AppendOdfText(child, out, depth + 1);
    }
  }
}

}  // namespace

std::string OdfText(pugi::xml_node paragraph) {
  std::string out;
  AppendOdfText(paragraph, out, 0);
  return out;
}

std::optional<double> OdfLengthPt(std::string_view text) {
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str()) return std::nullopt;
  const std::string_view unit(end);
  if (unit == "pt") return v;
  if (unit == "in") return v * 72;
  if (unit == "cm") return v * 72 / 2.54;
  if (unit == "mm") return v * 72 / 25.4;
  if (unit == "pc") return v * 12;
  if (unit == "px") return v * 0.75;
  return std::nullopt;
}

}  // namespace khaothi::checker::internal
