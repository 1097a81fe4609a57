// Private to the question-bank library: what the QTI 2.1 files share. qti_xml.cc holds the XML
// helpers and the decimal/weight conversions, qti_read.cc reads one item, qti_write.cc writes one
// item, qti_package.cc reads and writes the IMS content package (zip, path safety, manifest).
//
// Elements are matched by local name, so documents that bind the QTI namespace to a prefix, use
// it as the default namespace or omit it all read the same. Only khaothi's own metadata element
// is matched by namespace URI, because "item" is too common a name to trust.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "khaothi/bank/source.h"
#include "khaothi/engine/item.h"

namespace khaothi::bank::qti {

inline constexpr const char* kQtiNamespace = "http://www.imsglobal.org/xsd/imsqti_v2p1";
inline constexpr const char* kCpNamespace = "http://www.imsglobal.org/xsd/imscp_v1p1";
inline constexpr const char* kKhaothiNamespace = "https://khaothi.vn/ns/bank/1";
inline constexpr const char* kItemResourceType = "imsqti_item_xmlv2p1";
inline constexpr const char* kMatchCorrect =
    "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct";
inline constexpr const char* kMapResponse =
    "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response";

// ---- XML helpers (qti_xml.cc) ----

// The element name of `node` without its namespace prefix.
std::string_view LocalName(const pugi::xml_node& node);
// The namespace URI of `node`, resolved through the xmlns declarations of its ancestors.
std::string NamespaceOf(const pugi::xml_node& node);
// The first child element of `node` with this local name (an empty node when there is none).
pugi::xml_node Child(const pugi::xml_node& node, std::string_view local);
// Every child element of `node` with this local name, in document order.
std::vector<pugi::xml_node> Children(const pugi::xml_node& node, std::string_view local);
// Every descendant element of `node` (depth first, document order) with this local name.
void Descendants(const pugi::xml_node& node, std::string_view local,
                 std::vector<pugi::xml_node>& out);
// Appends the plain text of `c` to `out`: text kept as written, <br/> and block boundaries
// become line breaks, elements named in `skip` are left out.
void AppendNode(const pugi::xml_node& c, const std::vector<std::string_view>& skip,
                std::string& out);
bool IsAncestorOf(const pugi::xml_node& ancestor, pugi::xml_node node);
// The plain text of `node`'s content (as AppendNode), in normal form.
std::string PlainText(const pugi::xml_node& node, const std::vector<std::string_view>& skip = {});
// The 1-based line of `node` in `xml`; 0 when unknown.
int LineOf(std::string_view xml, const pugi::xml_node& node);

// ---- Weights (qti_xml.cc) ----
// A mapped value is a fraction of the item's maximum score; a weight is percent of it. When the
// maximum is 1 (our own packages, TAO's templates) the conversion shifts the decimal point in the
// text, which is exact both ways: 33.3 % is written as 0.333 and read back as 33.3.

std::string ShortestDecimal(double v);
// `decimal` ("-12.5", "100", "0.333") times 10^`places`, computed on the digits. nullopt when
// `decimal` is not a plain decimal number.
std::optional<std::string> ShiftDecimal(std::string_view decimal, int places);
std::optional<double> ParseDouble(std::string_view s);
// Percent of the item's points for mapped value `text` when the maximum score is `max_score`.
std::optional<double> WeightOf(std::string_view text, double max_score);

// ---- One item ----

// Reads the assessmentItem document `xml` (named `file` in diagnostics), taking khaothi's own
// metadata from `metadata` when it is not empty (qti_read.cc). On failure appends errors to
// `out.diagnostics` and returns nullopt.
[[nodiscard]] std::optional<engine::Item> ReadItem(std::string_view xml, const std::string& file,
                                                   const ImportDefaults& defaults,
                                                   const pugi::xml_node& metadata, ParsedBank& out);

// `doc` as indented UTF-8 text (qti_write.cc).
std::string Save(const pugi::xml_document& doc);

}  // namespace khaothi::bank::qti
