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
#include "khaothi/store/database.h"

namespace khaothi::centre::internal {

// A multiple-choice result as the server writes it (exam_service.cc Finish) or as a regrade
// stores it, back into an engine::GradeResult. The seed is the form's. kCorruption when the text
// is not such a result.
Result<engine::GradeResult> GradeFromJson(const std::string& text, uint64_t seed);

// The stored JSON of a multiple-choice result graded under `b`.
boost::json::object GradeToJson(const engine::GradeResult& g, const engine::Blueprint& b);

// The marks of an entered part's stored JSON; empty when there are none.
std::vector<engine::Points> MarksFromJson(const std::string& text);

// The responses of (session, sbd) as the answers rows hold them: for each of `slot_count` slots,
// the authored option indices chosen (empty when unanswered). kCorruption when a row's choice is
// not a JSON array or names a slot outside the form.
Result<std::vector<std::vector<int>>> LoadResponses(store::Database& db,
                                                    const std::string& session_id,
                                                    const std::string& sbd, size_t slot_count);

}  // namespace khaothi::centre::internal
