// Reading one QTI 2.1 assessmentItem (choiceInteraction, match_correct or map_response) into an
// engine::Item, with khaothi's own metadata when a package's manifest carries it.
#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "khaothi/bank/qti.h"
#include "khaothi/bank/text.h"

#include "format_internal.h"
#include "qti_internal.h"

namespace khaothi::bank {
namespace qti {
namespace {

using engine::Item;
using engine::Option;

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

}  // namespace

std::optional<Item> ReadItem(std::string_view xml, const std::string& file,
                             const ImportDefaults& defaults, const pugi::xml_node& metadata,
                             ParsedBank& out) {
  return QtiItemReader(xml, file, out).Read(defaults, metadata);
}

}  // namespace qti

ParsedBank ParseQtiItem(std::string_view xml, std::string_view file,
                        const ImportDefaults& defaults) {
  ParsedBank out;
  if (!CheckTextSource(xml, std::string(file), out)) {
    return out;
  }
  if (std::optional<engine::Item> item = qti::ReadItem(xml, std::string(file), defaults, {}, out)) {
    out.items.push_back({std::move(*item), std::string(file), 1});
  }
  return out;
}

}  // namespace khaothi::bank
