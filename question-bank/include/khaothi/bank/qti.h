// IMS QTI 2.1 `choiceInteraction` items (PEERS.md D.3), as single XML files or as an IMS content
// package (a zip with imsmanifest.xml at its root). Read with pugixml and libzip.
//
// Read: `assessmentItem` with one `choiceInteraction`; single (`cardinality="single"`,
// match_correct) or multiple (`cardinality="multiple"`, with or without `mapping`, whose
// mapped values become weights); `fixed="true"` choices; `identifier` becomes the item id when it
// is a valid id (else DerivedItemId("QTI", item)); `title` becomes the name. Module, topic,
// difficulty, status, group and version come from the package's khaothi metadata (written by
// WriteQtiPackage) or `defaults`; otherwise the item is a draft. Anything else (other
// interactions, several interactions) is refused with the file name.
// A package entry whose path is absolute or contains `..` is refused before anything is read.
//
// Write: a content package that other QTI 2.1 tools (TAO, Moodle's importers) accept: one item
// file per item under items/, and imsmanifest.xml listing them as `imsqti_item_xmlv2p1`
// resources, each resource's <metadata> carrying khaothi's fields in the namespace
// "https://khaothi.vn/ns/bank/1".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "khaothi/bank/source.h"
#include "khaothi/engine/status.h"

namespace khaothi::bank {

ParsedBank ParseQtiItem(std::string_view xml, std::string_view file,
                        const ImportDefaults& defaults);
ParsedBank ParseQtiPackage(std::string_view zip_bytes, std::string_view file,
                           const ImportDefaults& defaults);

// One item as a QTI 2.1 assessmentItem document.
std::string WriteQtiItem(const engine::Item& item);
// The whole package as zip bytes.
Result<std::string> WriteQtiPackage(const std::vector<engine::Item>& items);

}  // namespace khaothi::bank
