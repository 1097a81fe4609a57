// How the server keeps an engine::AttemptRecord in center.db: the record without its slots as
// JSON in attempts.record, and each slot as a row of `answers`.
#pragma once

#include <string>

#include "khaothi/engine/attempt.h"
#include "khaothi/engine/status.h"

namespace khaothi::server {

std::string AttemptRecordToJson(const engine::AttemptRecord& record);
// Corruption when the JSON is not a record this build wrote. The slots are left empty.
Result<engine::AttemptRecord> AttemptRecordFromJson(std::string_view json);

// A slot's `choice` column: the authored option indices as a JSON array, "[1,3]".
std::string ChoiceToJson(const std::vector<int>& chosen);
Result<std::vector<int>> ChoiceFromJson(std::string_view json);

}  // namespace khaothi::server
