// The .odt reader's styles: paragraph and text styles with their parent chains, list styles,
// section and table-cell styles, and the master pages with their page layouts (private;
// document_odt_styles.cc).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "khaothi/checker/document.h"

#include "document_internal.h"

namespace khaothi::checker::internal {

// Properties as optional layers, so a later layer only overrides what it states.
struct OdtLayer {
  std::optional<std::string> font;
  std::optional<double> size_pt;
  std::optional<double> size_percent;  // fo:font-size="120%": relative to the inherited size
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
  std::optional<int> outline_level;  // style:default-outline-level
  std::optional<std::string> list_style;
  std::optional<std::string> master_page;

  void Over(const OdtLayer& top);
  RunFormat Format() const;
};

struct OdtCell {
  CellSides sides;
  std::string fill;
};

struct OdtColumns {
  int count = 1;
  bool line = false;
};

using StyleMap = std::map<std::string, pugi::xml_node, std::less<>>;

struct OdtStyles {
  std::map<std::string, std::string, std::less<>> font_faces;  // style:name → family
  StyleMap paragraph;
  StyleMap text;
  StyleMap cell;
  StyleMap section;
  StyleMap list;
  StyleMap page_layout;
  StyleMap master;
  std::map<std::string, bool, std::less<>> automatic;  // paragraph style name → automatic
  OdtLayer defaults;
  std::string first_master;

  // Reads styles.xml's root (may be empty) and content.xml's root.
  void Load(pugi::xml_node styles_root, pugi::xml_node content_root);

  // The style `name` of `family` with its parent chain over `base`.
  OdtLayer Resolve(const StyleMap& family, std::string_view name, OdtLayer base,
                   int depth = 0) const;
  // Sets the paragraph's alignment, spacing, indents, style name and heading level from the
  // resolved layer of the paragraph style `style_name`.
  void Apply(const OdtLayer& layer, std::string_view style_name, Paragraph& paragraph) const;
  // Bullet or number at `level` (0 the outermost) of the list style `name`.
  ListType ListLevel(std::string_view name, int level) const;
  OdtColumns SectionColumns(std::string_view name) const;
  OdtColumns PageColumns(std::string_view master_name) const;
  OdtCell Cell(std::string_view name) const;
  // "Standard" when there is such a master page, else the first one.
  const std::string& FirstMaster() const { return first_master; }
  pugi::xml_node Master(std::string_view name) const;
  // The master page's size and margins (without its header and footer paragraphs).
  PageSetup Page(pugi::xml_node master) const;

 private:
  void CollectFaces(pugi::xml_node decls);
  void Collect(pugi::xml_node container, bool is_automatic);
  void Own(pugi::xml_node style, OdtLayer& layer) const;
};

}  // namespace khaothi::checker::internal
