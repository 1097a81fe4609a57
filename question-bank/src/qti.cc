// QTI 2.1 reader and writer (pugixml for XML, libzip for the content package, both in memory).
//
// Elements are matched by local name, so documents that bind the QTI namespace to a prefix, use
// it as the default namespace or omit it all read the same. Only khaothi's own metadata element
// is matched by namespace URI, because "item" is too common a name to trust.
#include "khaothi/bank/qti.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pugixml.hpp>
#include <zip.h>

#include "khaothi/bank/text.h"

#include "format_internal.h"

namespace khaothi::bank {
namespace {

using engine::Item;
using engine::Option;

constexpr const char* kQtiNamespace = "http://www.imsglobal.org/xsd/imsqti_v2p1";
constexpr const char* kCpNamespace = "http://www.imsglobal.org/xsd/imscp_v1p1";
constexpr const char* kKhaothiNamespace = "https://khaothi.vn/ns/bank/1";
constexpr const char* kItemResourceType = "imsqti_item_xmlv2p1";
constexpr const char* kMatchCorrect =
    "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct";
constexpr const char* kMapResponse =
    "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response";

// No single entry of a package may inflate beyond this (a zip bomb is refused, not read).
constexpr zip_uint64_t kMaxEntryBytes = 16u << 20;
constexpr zip_int64_t kMaxEntries = 100000;

// ---------------------------------------------------------------------------------------------
// XML helpers

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

std::string PlainText(const pugi::xml_node& node, const std::vector<std::string_view>& skip = {}) {
  std::string out;
  AppendText(node, skip, out);
  return NormalizeText(out);
}

int LineOf(std::string_view xml, const pugi::xml_node& node) {
  const ptrdiff_t offset = node.offset_debug();
  return offset < 0 ? 0 : LineOfOffset(xml, static_cast<size_t>(offset));
}

// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// Reading one item

class QtiItemReader {
 public:
  QtiItemReader(std::string_view xml, std::string file, ParsedBank& out)
      : xml_(xml), file_(std::move(file)), out_(out) {}

  // Reads the item; on failure reports errors and returns nullopt.
  std::optional<Item> Read(const ImportDefaults& defaults, const pugi::xml_node& metadata);

 private:
  void Error(const pugi::xml_node& at, std::string message) {
    out_.diagnostics.push_back(
        {Severity::kError, file_, at ? LineOf(xml_, at) : 0, std::move(message)});
  }

  std::string_view xml_;
  std::string file_;
  ParsedBank& out_;
};

std::optional<Item> QtiItemReader::Read(const ImportDefaults& defaults,
                                        const pugi::xml_node& metadata) {
  if (LooksBinary(xml_)) {
    Error({}, "the file looks like binary data, not XML");
    return std::nullopt;
  }
  if (const size_t bad = FindInvalidUtf8(xml_); bad != std::string_view::npos) {
    out_.diagnostics.push_back({Severity::kError, file_, LineOfOffset(xml_, bad),
                                "invalid UTF-8 at byte " + std::to_string(bad)});
    return std::nullopt;
  }
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(
      xml_.data(), xml_.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
  if (!parsed) {
    out_.diagnostics.push_back(
        {Severity::kError, file_,
         parsed.offset < 0 ? 0 : LineOfOffset(xml_, static_cast<size_t>(parsed.offset)),
         std::string("malformed XML: ") + parsed.description()});
    return std::nullopt;
  }
  const pugi::xml_node root = doc.document_element();
  if (LocalName(root) != "assessmentItem") {
    Error(root, "not a QTI assessmentItem (root element is <" + std::string(root.name()) + ">)");
    return std::nullopt;
  }
  const pugi::xml_node body = Child(root, "itemBody");
  if (!body) {
    Error(root, "the item has no itemBody");
    return std::nullopt;
  }
  // Exactly one interaction, and it must be a choiceInteraction.
  std::vector<pugi::xml_node> interactions;
  std::vector<pugi::xml_node> stack = {body};
  while (!stack.empty()) {
    const pugi::xml_node n = stack.back();
    stack.pop_back();
    for (pugi::xml_node c : n.children()) {
      if (c.type() != pugi::node_element) {
        continue;
      }
      if (LocalName(c).ends_with("Interaction")) {
        interactions.push_back(c);
      } else {
        stack.push_back(c);
      }
    }
  }
  for (const pugi::xml_node& i : interactions) {
    if (LocalName(i) != "choiceInteraction") {
      Error(i, "cannot import a " + std::string(LocalName(i)) +
                   ": only choiceInteraction items can be imported");
      return std::nullopt;
    }
  }
  if (interactions.size() != 1) {
    Error(body, "the item has " + std::to_string(interactions.size()) +
                    " choiceInteractions; exactly one is supported");
    return std::nullopt;
  }
  const pugi::xml_node interaction = interactions[0];

  const std::string response_id = interaction.attribute("responseIdentifier").value();
  pugi::xml_node declaration;
  for (const pugi::xml_node& d : Children(root, "responseDeclaration")) {
    if (response_id == d.attribute("identifier").value()) {
      declaration = d;
    }
  }
  if (!declaration) {
    Error(interaction, "no responseDeclaration for response '" + response_id + "'");
    return std::nullopt;
  }
  const std::string_view cardinality = declaration.attribute("cardinality").value();
  Item item;
  if (cardinality == "single") {
    item.mode = engine::ResponseMode::kSingle;
  } else if (cardinality == "multiple") {
    item.mode = engine::ResponseMode::kMultiple;
  } else {
    Error(declaration,
          "cardinality '" + std::string(cardinality) + "' is not supported (single or multiple)");
    return std::nullopt;
  }

  // The stem: itemBody content before the interaction (as plain text), then the prompt.
  // Descend from itemBody towards the interaction, taking the text of everything before it.
  std::string lead;
  const std::vector<std::string_view> kNotStem = {"feedbackBlock", "rubricBlock"};
  for (pugi::xml_node parent = body; parent && parent != interaction;) {
    pugi::xml_node next;
    for (pugi::xml_node n = parent.first_child(); n; n = n.next_sibling()) {
      if (IsAncestorOf(n, interaction)) {
        next = n;
        break;
      }
      AppendNode(n, kNotStem, lead);
    }
    parent = next;
  }
  const std::string prompt = PlainText(Child(interaction, "prompt"));
  item.stem = NormalizeText(NormalizeText(lead) + "\n" + prompt);

  const bool keep_order = std::string_view(interaction.attribute("shuffle").value()) == "false";
  std::map<std::string, size_t> index_of;
  for (const pugi::xml_node& choice : Children(interaction, "simpleChoice")) {
    Option option;
    option.text = PlainText(choice, {"feedbackInline"});
    if (const pugi::xml_node fb = Child(choice, "feedbackInline")) {
      option.feedback = PlainText(fb);
    }
    // shuffle="false" keeps every choice in place, which is what `fixed` says choice by choice.
    option.fixed = keep_order || std::string_view(choice.attribute("fixed").value()) == "true";
    const std::string id = choice.attribute("identifier").value();
    if (index_of.count(id) != 0) {
      Error(choice, "two choices have the identifier '" + id + "'");
      return std::nullopt;
    }
    index_of[id] = item.options.size();
    item.options.push_back(std::move(option));
  }

  auto choice_index = [&](const pugi::xml_node& at, std::string_view id) -> std::optional<size_t> {
    const auto it = index_of.find(std::string(Trim(id)));
    if (it == index_of.end()) {
      Error(at, "'" + std::string(Trim(id)) + "' names no simpleChoice");
      return std::nullopt;
    }
    return it->second;
  };
  const pugi::xml_node correct = Child(declaration, "correctResponse");
  for (const pugi::xml_node& value : Children(correct, "value")) {
    const auto i = choice_index(value, value.text().get());
    if (!i) {
      return std::nullopt;
    }
    item.options[*i].correct = true;
  }
  if (const pugi::xml_node mapping = Child(declaration, "mapping")) {
    // The maximum score: the mapping's upperBound, else the item's MAXSCORE, else the best sum
    // of mapped values a response can reach.
    double max_score = 0;
    if (auto upper = ParseDouble(mapping.attribute("upperBound").value()); upper && *upper > 0) {
      max_score = *upper;
    } else {
      for (const pugi::xml_node& o : Children(root, "outcomeDeclaration")) {
        if (std::string_view(o.attribute("identifier").value()) == "MAXSCORE") {
          if (auto v = ParseDouble(Child(Child(o, "defaultValue"), "value").text().get());
              v && *v > 0) {
            max_score = *v;
          }
        }
      }
    }
    std::vector<std::pair<size_t, std::string>> entries;
    for (const pugi::xml_node& entry : Children(mapping, "mapEntry")) {
      const auto i = choice_index(entry, entry.attribute("mapKey").value());
      if (!i) {
        return std::nullopt;
      }
      entries.emplace_back(*i, entry.attribute("mappedValue").value());
    }
    if (max_score == 0) {
      for (const auto& [i, text] : entries) {
        const double v = ParseDouble(text).value_or(0);
        if (v > 0) {
          max_score =
              item.mode == engine::ResponseMode::kSingle ? std::max(max_score, v) : max_score + v;
        }
      }
      if (max_score == 0) {
        max_score = 1;
      }
    }
    for (const auto& [i, text] : entries) {
      const std::optional<double> weight = WeightOf(text, max_score);
      if (!weight) {
        Error(mapping, "mappedValue '" + text + "' is not a number");
        return std::nullopt;
      }
      item.options[i].weight = weight;
    }
    if (!correct) {
      for (Option& o : item.options) {
        o.correct = o.weight.value_or(0) > 0;
      }
    }
  }

  std::string explanation;
  for (const pugi::xml_node& fb : Children(root, "modalFeedback")) {
    if (!explanation.empty()) {
      explanation += '\n';
    }
    explanation += PlainText(fb);
  }
  item.explanation = NormalizeText(explanation);
  item.name = NormalizeText(root.attribute("title").value());

  ApplyDefaults(defaults, item);
  std::optional<std::string> meta_id;
  if (metadata) {
    auto text = [&metadata](const char* name) -> std::optional<std::string> {
      if (const pugi::xml_attribute a = metadata.attribute(name)) {
        return ToNfc(a.value());
      }
      return std::nullopt;
    };
    item.name = text("name").value_or("");
    if (auto v = text("module")) {
      item.module = *v;
    }
    if (auto v = text("topic")) {
      item.topic = *v;
    }
    if (auto v = text("difficulty")) {
      if (v->empty()) {
        item.difficulty.reset();
      } else if (auto d = engine::ParseDifficulty(*v)) {
        item.difficulty = d;
      } else {
        Error(metadata, "metadata: invalid difficulty '" + *v + "'");
        return std::nullopt;
      }
    }
    item.exclusion_group = text("group").value_or("");
    if (auto v = text("software")) {
      // Written only when set, as in the native format, so "any" is not a value here.
      auto s = engine::ParseSoftware(*v);
      if (!s || *s == engine::Software::kAny) {
        Error(metadata, "metadata: invalid software '" + *v + "' (microsoft or libreoffice)");
        return std::nullopt;
      }
      item.software = *s;
    }
    if (auto v = text("version")) {
      int version = 0;
      const auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), version);
      if (ec != std::errc() || ptr != v->data() + v->size() || version < 0) {
        Error(metadata, "metadata: invalid version '" + *v + "'");
        return std::nullopt;
      }
      item.version = version;
    }
    meta_id = text("id");
  }
  item.status = DefaultStatus(item);
  if (metadata && metadata.attribute("status")) {
    const auto status = engine::ParseItemStatus(metadata.attribute("status").value());
    if (!status) {
      Error(metadata,
            "metadata: invalid status '" + std::string(metadata.attribute("status").value()) + "'");
      return std::nullopt;
    }
    item.status = *status;
  }
  const std::string identifier = root.attribute("identifier").value();
  if (meta_id) {
    if (!engine::IsValidItemId(*meta_id)) {
      Error(metadata, "metadata: malformed id '" + *meta_id + "'");
      return std::nullopt;
    }
    item.id = *meta_id;
  } else if (engine::IsValidItemId(identifier)) {
    item.id = identifier;
  } else {
    item.id = DerivedItemId("QTI", item);
  }
  return item;
}

// ---------------------------------------------------------------------------------------------
// Writing one item

void AppendLines(pugi::xml_node parent, std::string_view text) {
  size_t pos = 0;
  while (true) {
    const size_t nl = text.find('\n', pos);
    const std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    if (!line.empty()) {
      parent.append_child(pugi::node_pcdata).set_value(std::string(line).c_str());
    }
    if (nl == std::string_view::npos) {
      break;
    }
    parent.append_child("br");
    pos = nl + 1;
  }
}

std::string Identifier(const Item& item) {
  // A QTI identifier is an NCName: it may not start with a digit, '.' or '-'.
  const char c = item.id.empty() ? '0' : item.id[0];
  const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  return ok ? item.id : "I_" + item.id;
}

std::string Save(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

void BuildItem(const Item& item, pugi::xml_document& doc) {
  doc.append_child(pugi::node_declaration).append_attribute("version") = "1.0";
  doc.first_child().append_attribute("encoding") = "UTF-8";
  pugi::xml_node root = doc.append_child("assessmentItem");
  root.append_attribute("xmlns") = kQtiNamespace;
  root.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
  root.append_attribute("xsi:schemaLocation") =
      "http://www.imsglobal.org/xsd/imsqti_v2p1 "
      "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd";
  root.append_attribute("identifier") = Identifier(item).c_str();
  root.append_attribute("title") = (item.name.empty() ? item.id : item.name).c_str();
  root.append_attribute("adaptive") = "false";
  root.append_attribute("timeDependent") = "false";
  root.append_attribute("xml:lang") = "vi";

  const bool single = item.mode == engine::ResponseMode::kSingle;
  pugi::xml_node decl = root.append_child("responseDeclaration");
  decl.append_attribute("identifier") = "RESPONSE";
  decl.append_attribute("cardinality") = single ? "single" : "multiple";
  decl.append_attribute("baseType") = "identifier";
  pugi::xml_node correct = decl.append_child("correctResponse");
  for (size_t i = 0; i < item.options.size(); ++i) {
    if (item.options[i].correct) {
      correct.append_child("value").text().set(OptionLabel(static_cast<int>(i)).c_str());
    }
  }
  if (!correct.first_child()) {
    decl.remove_child(correct);  // correctResponse needs at least one value
  }
  const bool weighted = item.weighted();
  if (weighted) {
    pugi::xml_node mapping = decl.append_child("mapping");
    mapping.append_attribute("lowerBound") = "0";
    mapping.append_attribute("upperBound") = "1";
    mapping.append_attribute("defaultValue") = "0";
    for (size_t i = 0; i < item.options.size(); ++i) {
      if (const auto& w = item.options[i].weight) {
        pugi::xml_node entry = mapping.append_child("mapEntry");
        entry.append_attribute("mapKey") = OptionLabel(static_cast<int>(i)).c_str();
        entry.append_attribute("mappedValue") =
            ShiftDecimal(ShortestDecimal(*w), -2).value_or("0").c_str();
      }
    }
  }
  pugi::xml_node score = root.append_child("outcomeDeclaration");
  score.append_attribute("identifier") = "SCORE";
  score.append_attribute("cardinality") = "single";
  score.append_attribute("baseType") = "float";
  score.append_child("defaultValue").append_child("value").text().set("0");
  const bool has_feedback =
      !item.explanation.empty() || std::any_of(item.options.begin(), item.options.end(),
                                               [](const Option& o) { return !o.feedback.empty(); });
  if (has_feedback) {
    pugi::xml_node fb = root.append_child("outcomeDeclaration");
    fb.append_attribute("identifier") = "FEEDBACK";
    fb.append_attribute("cardinality") = "multiple";
    fb.append_attribute("baseType") = "identifier";
  }

  pugi::xml_node interaction = root.append_child("itemBody").append_child("choiceInteraction");
  interaction.append_attribute("responseIdentifier") = "RESPONSE";
  interaction.append_attribute("shuffle") = "true";
  interaction.append_attribute("maxChoices") = single ? "1" : "0";
  AppendLines(interaction.append_child("prompt"), item.stem);
  for (size_t i = 0; i < item.options.size(); ++i) {
    const Option& o = item.options[i];
    const std::string label = OptionLabel(static_cast<int>(i));
    pugi::xml_node choice = interaction.append_child("simpleChoice");
    choice.append_attribute("identifier") = label.c_str();
    if (o.fixed) {
      choice.append_attribute("fixed") = "true";
    }
    AppendLines(choice, o.text);
    if (!o.feedback.empty()) {
      pugi::xml_node fb = choice.append_child("feedbackInline");
      fb.append_attribute("outcomeIdentifier") = "FEEDBACK";
      fb.append_attribute("identifier") = label.c_str();
      fb.append_attribute("showHide") = "show";
      AppendLines(fb, o.feedback);
    }
  }
  root.append_child("responseProcessing").append_attribute("template") =
      weighted ? kMapResponse : kMatchCorrect;
  if (!item.explanation.empty()) {
    pugi::xml_node fb = root.append_child("modalFeedback");
    fb.append_attribute("outcomeIdentifier") = "FEEDBACK";
    fb.append_attribute("identifier") = "EXPLANATION";
    fb.append_attribute("showHide") = "show";
    AppendLines(fb, item.explanation);
  }
}

// ---------------------------------------------------------------------------------------------
// Zip helpers

// A path inside a package that could write or read outside it.
bool UnsafePath(std::string_view path) {
  if (path.empty() || path[0] == '/' || path[0] == '\\' || (path.size() >= 2 && path[1] == ':')) {
    return true;
  }
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find_first_of("/\\", pos);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    if (path.substr(pos, end - pos) == "..") {
      return true;
    }
    pos = end + 1;
  }
  return false;
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

// The bytes of entry `index`, or an error message.
Result<std::string> ReadEntry(zip_t* zip, zip_uint64_t index) {
  zip_file_t* f = zip_fopen_index(zip, index, 0);
  if (f == nullptr) {
    return Status::Corruption(zip_strerror(zip));
  }
  std::string out;
  char buf[65536];
  while (true) {
    const zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0) {
      const std::string why = zip_file_strerror(f);
      zip_fclose(f);
      return Status::Corruption(why);
    }
    if (n == 0) {
      break;
    }
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > kMaxEntryBytes) {
      zip_fclose(f);
      return Status::ResourceExhausted("the entry inflates beyond " +
                                       std::to_string(kMaxEntryBytes >> 20) + " MiB");
    }
  }
  if (zip_fclose(f) != 0) {
    return Status::Corruption("CRC or length mismatch");
  }
  return out;
}

}  // namespace

ParsedBank ParseQtiItem(std::string_view xml, std::string_view file,
                        const ImportDefaults& defaults) {
  ParsedBank out;
  if (!CheckTextSource(xml, std::string(file), out)) {
    return out;
  }
  QtiItemReader reader(xml, std::string(file), out);
  if (std::optional<Item> item = reader.Read(defaults, {})) {
    out.items.push_back({std::move(*item), std::string(file), 1});
  }
  return out;
}

ParsedBank ParseQtiPackage(std::string_view zip_bytes, std::string_view file,
                           const ImportDefaults& defaults) {
  ParsedBank out;
  const std::string name(file);
  auto fail = [&out, &name](std::string message) {
    out.diagnostics.push_back({Severity::kError, name, 0, std::move(message)});
    return std::move(out);
  };
  if (zip_bytes.empty()) {
    return fail("the file is empty");
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error);
  if (source == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return fail("cannot read the package: " + why);
  }
  ZipPtr zip(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (!zip) {
    zip_source_free(source);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return fail("not a readable zip archive (truncated or corrupt?): " + why);
  }
  zip_error_fini(&error);

  const zip_int64_t entries = zip_get_num_entries(zip.get(), 0);
  if (entries < 0 || entries > kMaxEntries) {
    return fail("the package has too many entries");
  }
  // Refuse the whole package before reading anything if one entry could escape it.
  std::map<std::string, zip_uint64_t> index_of;
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* entry = zip_get_name(zip.get(), static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS);
    if (entry == nullptr) {
      return fail("unreadable entry name in the package");
    }
    if (UnsafePath(entry)) {
      return fail("refusing the package: entry '" + std::string(entry) +
                  "' has an absolute path or a '..' component");
    }
    index_of.emplace(entry, static_cast<zip_uint64_t>(i));
  }
  const auto manifest_it = index_of.find("imsmanifest.xml");
  if (manifest_it == index_of.end()) {
    return fail("not an IMS content package: no imsmanifest.xml at the root");
  }
  const Result<std::string> manifest_bytes = ReadEntry(zip.get(), manifest_it->second);
  if (!manifest_bytes.ok()) {
    return fail("cannot read imsmanifest.xml: " + manifest_bytes.status().message());
  }
  const std::string manifest_file = name + "!/imsmanifest.xml";
  if (FindInvalidUtf8(*manifest_bytes) != std::string_view::npos) {
    out.diagnostics.push_back(
        {Severity::kError, manifest_file, 0, "imsmanifest.xml is not valid UTF-8"});
    return out;
  }
  pugi::xml_document manifest;
  const pugi::xml_parse_result parsed = manifest.load_buffer(
      manifest_bytes->data(), manifest_bytes->size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    out.diagnostics.push_back(
        {Severity::kError, manifest_file,
         parsed.offset < 0 ? 0 : LineOfOffset(*manifest_bytes, static_cast<size_t>(parsed.offset)),
         std::string("malformed XML: ") + parsed.description()});
    return out;
  }
  std::vector<pugi::xml_node> resources;
  Descendants(Child(manifest.document_element(), "resources"), "resource", resources);
  int item_count = 0;
  for (const pugi::xml_node& resource : resources) {
    if (std::string_view(resource.attribute("type").value()) != kItemResourceType) {
      continue;
    }
    ++item_count;
    std::string href = resource.attribute("href").value();
    if (href.empty()) {
      if (const pugi::xml_node f = Child(resource, "file")) {
        href = f.attribute("href").value();
      }
    }
    const int line = LineOfOffset(*manifest_bytes, static_cast<size_t>(resource.offset_debug()));
    if (UnsafePath(href)) {
      out.diagnostics.push_back(
          {Severity::kError, manifest_file, line,
           "resource href '" + href + "' is empty, absolute or has a '..' component"});
      continue;
    }
    auto it = index_of.find(href);
    if (it == index_of.end()) {
      // An href is a URI reference: try it percent-decoded ("items/Q%201.xml").
      if (auto decoded = PercentDecode(href)) {
        it = index_of.find(*decoded);
      }
    }
    if (it == index_of.end()) {
      out.diagnostics.push_back({Severity::kError, manifest_file, line,
                                 "resource href '" + href + "' is not in the package"});
      continue;
    }
    const std::string item_file = name + "!/" + href;
    const Result<std::string> xml = ReadEntry(zip.get(), it->second);
    if (!xml.ok()) {
      out.diagnostics.push_back(
          {Severity::kError, item_file, 0, "cannot read: " + xml.status().message()});
      continue;
    }
    pugi::xml_node metadata;
    std::vector<pugi::xml_node> candidates;
    Descendants(Child(resource, "metadata"), "item", candidates);
    for (const pugi::xml_node& c : candidates) {
      if (NamespaceOf(c) == kKhaothiNamespace) {
        metadata = c;
        break;
      }
    }
    QtiItemReader reader(*xml, item_file, out);
    if (std::optional<Item> item = reader.Read(defaults, metadata)) {
      out.items.push_back({std::move(*item), item_file, 1});
    }
  }
  if (item_count == 0) {
    out.diagnostics.push_back(
        {Severity::kError, manifest_file, 0,
         std::string("the manifest lists no resource of type ") + kItemResourceType});
  }
  return out;
}

std::string WriteQtiItem(const Item& item) {
  pugi::xml_document doc;
  BuildItem(item, doc);
  return Save(doc);
}

Result<std::string> WriteQtiPackage(const std::vector<Item>& items) {
  // The manifest and item files; they must outlive the zip handle, which reads them on close.
  std::vector<std::pair<std::string, std::string>> files;
  pugi::xml_document manifest;
  manifest.append_child(pugi::node_declaration).append_attribute("version") = "1.0";
  manifest.first_child().append_attribute("encoding") = "UTF-8";
  pugi::xml_node root = manifest.append_child("manifest");
  root.append_attribute("xmlns") = kCpNamespace;
  root.append_attribute("xmlns:kt") = kKhaothiNamespace;
  root.append_attribute("identifier") = "MANIFEST-KHAOTHI";
  root.append_child("organizations");
  pugi::xml_node resources = root.append_child("resources");
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& item = items[i];
    char href[32];
    std::snprintf(href, sizeof href, "items/Q%04zu.xml", i + 1);
    pugi::xml_node resource = resources.append_child("resource");
    resource.append_attribute("identifier") = ("RES-" + std::to_string(i + 1)).c_str();
    resource.append_attribute("type") = kItemResourceType;
    resource.append_attribute("href") = href;
    pugi::xml_node meta = resource.append_child("metadata").append_child("kt:item");
    meta.append_attribute("id") = item.id.c_str();
    if (item.version != 0) {
      meta.append_attribute("version") = item.version;
    }
    if (!item.name.empty()) {
      meta.append_attribute("name") = item.name.c_str();
    }
    // Always written, empty or not, so that an empty field is not filled from import defaults.
    meta.append_attribute("module") = item.module.c_str();
    meta.append_attribute("topic") = item.topic.c_str();
    meta.append_attribute("difficulty") =
        item.difficulty ? std::string(engine::ToString(*item.difficulty)).c_str() : "";
    meta.append_attribute("status") = std::string(engine::ToString(item.status)).c_str();
    if (!item.exclusion_group.empty()) {
      meta.append_attribute("group") = item.exclusion_group.c_str();
    }
    if (item.software != engine::Software::kAny) {
      meta.append_attribute("software") = std::string(engine::ToString(item.software)).c_str();
    }
    resource.append_child("file").append_attribute("href") = href;
    files.emplace_back(href, WriteQtiItem(item));
  }
  files.emplace(files.begin(), "imsmanifest.xml", Save(manifest));

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (source == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Status::IoError("cannot create a zip buffer: " + why);
  }
  zip_t* zip = zip_open_from_source(source, ZIP_TRUNCATE, &error);
  if (zip == nullptr) {
    zip_source_free(source);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Status::IoError("cannot open a zip buffer: " + why);
  }
  zip_error_fini(&error);
  // A fixed timestamp (2020-01-01 00:00) so that the same items give the same bytes.
  constexpr zip_uint16_t kDosDate = ((2020 - 1980) << 9) | (1 << 5) | 1;
  for (const auto& [path, bytes] : files) {
    zip_source_t* data = zip_source_buffer(zip, bytes.data(), bytes.size(), 0);
    const zip_int64_t index =
        data == nullptr ? -1 : zip_file_add(zip, path.c_str(), data, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (data != nullptr) {
        zip_source_free(data);
      }
      const std::string why = zip_strerror(zip);
      zip_discard(zip);
      return Status::IoError("cannot add " + path + " to the zip: " + why);
    }
    zip_file_set_dostime(zip, static_cast<zip_uint64_t>(index), 0, kDosDate, 0);
  }
  zip_source_keep(source);
  if (zip_close(zip) != 0) {
    const std::string why = zip_strerror(zip);
    zip_discard(zip);
    zip_source_free(source);
    return Status::IoError("cannot write the zip: " + why);
  }
  zip_stat_t stat;
  zip_stat_init(&stat);
  std::string out;
  if (zip_source_stat(source, &stat) != 0 || (stat.valid & ZIP_STAT_SIZE) == 0 ||
      zip_source_open(source) != 0) {
    zip_source_free(source);
    return Status::IoError("cannot read back the zip buffer");
  }
  out.resize(static_cast<size_t>(stat.size));
  const zip_int64_t n = zip_source_read(source, out.data(), stat.size);
  zip_source_close(source);
  zip_source_free(source);
  if (n < 0 || static_cast<zip_uint64_t>(n) != stat.size) {
    return Status::IoError("cannot read back the zip buffer");
  }
  return out;
}

}  // namespace khaothi::bank
