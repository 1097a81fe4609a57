// The stored forms of a part's result, shared by the centre's results sources; not part of the
// library's interface.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/grading.h"
#include "khaothi/engine/status.h"

namespace khaothi::centre::internal {

// A multiple-choice result as the server writes it (exam_service.cc Finish) or as a regrade
// stores it, back into an engine::GradeResult. The seed is the form's. kCorruption when the text
// is not such a result.
Result<engine::GradeResult> GradeFromJson(const std::string& text, uint64_t seed);

// The stored JSON of a multiple-choice result graded under `b`.
boost::json::object GradeToJson(const engine::GradeResult& g, const engine::Blueprint& b);

// The marks of an entered part's stored JSON; empty when there are none.
std::vector<engine::Points> MarksFromJson(const std::string& text);

}  // namespace khaothi::centre::internal
