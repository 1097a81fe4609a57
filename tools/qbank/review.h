// `qbank review-export`: the bank as a printable HTML document for the authority's review
// (thẩm định) — every active item with its key, grouped by module and topic.
#pragma once

#include <string>
#include <vector>

#include "khaothi/engine/item.h"

namespace khaothi::tools {

// A self-contained page (no external resources; the lab has no internet), in Vietnamese.
std::string RenderReviewHtml(const std::vector<engine::Item>& active,
                             const std::string& snapshot_id, const std::string& source);

}  // namespace khaothi::tools
