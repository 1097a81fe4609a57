// Parsing a part's XML with the checker's safety rules (private).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "khaothi/engine/status.h"

namespace khaothi::checker {
class OfficeFile;
}

namespace khaothi::checker::internal {

// Parses `text` (the part `part`) into `doc`. Refuses XML with a DOCTYPE — so no entity is ever
// declared, let alone resolved (pugixml never resolves any, and keeps an undeclared reference
// as literal text) — and XML nested deeper than kMaxXmlDepth.
[[nodiscard]] Status ParseXml(const std::string& text, std::string_view part,
                              pugi::xml_document& doc);

// A relationship target resolved against the folder of the part that names it ("../a" works).
std::string ResolveTarget(std::string_view base_dir, std::string_view target);
// "word/document.xml" → "word/_rels/document.xml.rels"
std::string RelsPath(std::string_view part);
// "word/document.xml" → "word"
std::string DirOf(std::string_view part);
// Parses the part `part` of `file`; refuses a missing part.
[[nodiscard]] Status ParsePart(const OfficeFile& file, const std::string& part,
                               pugi::xml_document& doc);

// The local name of an element or attribute: "w:rPr" → "rPr".
std::string_view LocalName(const char* qualified);

// The first child element whose local name is `name`, or an empty node.
pugi::xml_node Child(pugi::xml_node node, std::string_view name);
// An attribute by local name (the prefix is ignored: producers choose their own prefixes).
pugi::xml_attribute Attr(pugi::xml_node node, std::string_view name);

// Characters a person sees in an ODF paragraph: text, <text:s text:c="n"/>, <text:tab/>,
// <text:line-break/>, nested spans; not annotations.
std::string OdfText(pugi::xml_node paragraph);

// An ODF length ("12pt", "0.5in", "1cm", "2.5mm", "1pc", "16px") in points; nullopt for a
// percentage, another unit or no number.
std::optional<double> OdfLengthPt(std::string_view text);

}  // namespace khaothi::checker::internal
