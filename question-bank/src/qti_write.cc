// Writing one engine::Item as a QTI 2.1 assessmentItem: a choiceInteraction scored by
// match_correct, or by map_response when options carry weights.
#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>

#include "khaothi/bank/qti.h"

#include "format_internal.h"
#include "qti_internal.h"

namespace khaothi::bank {
namespace qti {
namespace {

using engine::Item;
using engine::Option;

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

}  // namespace

std::string Save(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

}  // namespace qti

std::string WriteQtiItem(const engine::Item& item) {
  pugi::xml_document doc;
  qti::BuildItem(item, doc);
  return qti::Save(doc);
}

}  // namespace khaothi::bank
