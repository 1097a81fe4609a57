// IMS QTI 2.1 `choiceInteraction` items (PEERS.md D.3), as single XML files or as an IMS content
// package (a zip with imsmanifest.xml at its root). Read with pugixml and libzip.
//
// Read: `assessmentItem` with one `choiceInteraction`; single (`cardinality="single"`,
// match_correct) or multiple (`cardinality="multiple"`, with or without `mapping`, whose
// mapped values become weights); `fixed="true"` choices; `identifier` becomes the item id when it
// is a valid id (else DerivedItemId("QTI", item)); `title` becomes the name. Module, topic,
// difficulty, status, group, software and version come from the package's khaothi metadata (written
// by WriteQtiPackage) or `defaults`; otherwise the item is a draft. Anything else (other
// interactions, several interactions) is refused with the file name.
// A package entry whose path is absolute or contains `..` is refused before anything is read.
//
// Details of the reading:
//   - The stem is the itemBody text before the interaction, then the prompt, as plain text:
//     markup is dropped, <br/> and block elements (p, div, li...) become line breaks, and a run
//     of whitespace containing a line break (pretty-printing) becomes one space.
//   - Weights: a mapEntry's mappedValue is a fraction of the item's maximum score, which is the
//     mapping's upperBound if positive, else the MAXSCORE outcome's default value if positive,
//     else the best score the mapped values allow (sum of the positive ones for multiple, the
//     largest for single), else 1; weight = mappedValue / maximum x 100. With a maximum of 1 the
//     decimal point is shifted in the text, so 0.333 reads back as exactly 33.3.
//   - Without correctResponse, the options with a positive weight are the key.
//   - shuffle="false" marks every option fixed; simpleChoice fixed="true" marks one.
//   - feedbackInline inside a simpleChoice is that option's feedback; modalFeedback elements
//     (joined by line breaks) are the explanation.
//   - In a package, khaothi's <kt:item> in the resource's <metadata> is matched by namespace
//     URI; its id wins over the item's identifier, its name over the title (absent = no name),
//     and each attribute present overrides `defaults`. Diagnostics and SourceItem::file name an
//     entry as "<file>!/<href>".
//
// Writing: match_correct when no option has a weight, else map_response with a mapping
// (lowerBound 0, upperBound 1, mappedValue = weight / 100); maxChoices 1 for single, 0 for
// multiple; option feedback as feedbackInline and the explanation as modalFeedback on a
// FEEDBACK outcome, which the standard templates do not set (the text travels, but a delivery
// engine shows it only with its own response processing). An id that is not an NCName (starts
// with a digit) is written as identifier "I_<id>"; the manifest metadata keeps the real id.
// Entries carry a fixed timestamp, so the same items give the same bytes.
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
