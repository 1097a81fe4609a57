// The .docx reader's styles: layers of properties, the style table, the theme and the numbering
// definitions (private; document_docx_styles.cc).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "khaothi/checker/document.h"

namespace khaothi::checker::internal {

// Properties as optional layers, so a later layer only overrides what it states.
struct DocxLayer {
  std::optional<std::string> font;
  std::optional<double> size_pt;
  std::optional<bool> bold;
  std::optional<bool> italic;
  std::optional<bool> underline;
  std::optional<std::string> color;
  std::optional<Alignment> alignment;
  std::optional<double> space_before_pt;
  std::optional<double> space_after_pt;
  std::optional<LineRule> line_rule;
  std::optional<double> line_spacing;
  std::optional<double> indent_left_cm;
  std::optional<double> indent_right_cm;
  std::optional<double> indent_first_cm;
  std::optional<bool> border;
  std::optional<std::string> fill;
  std::optional<int> outline_level;  // w:outlineLvl: 0 for Heading 1, 9 for body text
  std::optional<std::string> num_id;
  std::optional<int> list_level;

  void Over(const DocxLayer& top);
  RunFormat Format() const;
};

// w:b, w:b w:val="true|1|on" are on; "false|0|off|none" off.
bool OnOff(pugi::xml_node n);
// An attribute that says yes: "1", "true", "on".
bool AttrTrue(pugi::xml_attribute a);

struct DocxStyles {
  std::map<std::string, pugi::xml_node, std::less<>> by_id;
  std::string default_paragraph;
  DocxLayer defaults;
  std::string major_font;
  std::string minor_font;
  std::map<std::string, std::string, std::less<>> theme_colors;  // "accent1" → "4472C4"
  // (numId, level) → bullet or number; levels of no format ("none") are not in a list.
  std::map<std::string, std::map<int, ListType>, std::less<>> lists;

  // Reads the styles part, the theme and the numbering part (any may be an empty document).
  void Load(const pugi::xml_document& styles, const pugi::xml_document& theme,
            const pugi::xml_document& numbering);

  void ReadRunProps(pugi::xml_node rpr, DocxLayer& layer) const;
  void ReadParaProps(pugi::xml_node ppr, DocxLayer& layer) const;
  // The style's own layer over its basedOn chain (bounded: a loop or a long chain stops).
  DocxLayer Resolve(std::string_view id, int depth = 0) const;
  // Sets the paragraph's alignment, spacing, indents, style name, heading level and list from
  // the resolved layer of the paragraph whose style is `style_id`.
  void Apply(const DocxLayer& layer, std::string_view style_id, Paragraph& paragraph) const;
  // The borders of a table: its own w:tblBorders, else its style's (basedOn chain).
  pugi::xml_node TableBorders(pugi::xml_node tblpr) const;
  // What a table's style gives the paragraphs of a row (its basedOn chain, root first; for the
  // first row, the style's firstRow formatting when the table's tblLook turns it on), and the
  // fill it gives the row's cells ("" for none).
  DocxLayer TableLayer(pugi::xml_node tblpr, bool first_row, std::string& fill) const;
};

}  // namespace khaothi::checker::internal
