// Pieces the double-marking sources share (marking.cc: cases and marks; marking_assign.cc:
// assignments and codes; marking_records.cc: final marks and the register of work files); not
// part of the library's interface.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <boost/json/array.hpp>

#include "khaothi/centre/marking.h"
#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/practical.h"
#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"

namespace khaothi::centre::internal {

// The blueprint of session `session_id`; kNotFound for an unknown session, kCorruption when the
// stored text does not parse.
Result<engine::Blueprint> SessionBlueprint(store::Database& db, const std::string& session_id);

// The task (id, version) as the bank stored its manifest: points table, checks and files.
// kNotFound when the bank has no such version; kCorruption when its manifest does not parse.
Result<engine::PracticalTask> LoadTask(store::Database& db, const std::string& id, int version);

// kInvalidArgument naming each line whose mark differs from the case's current proposal
// (proposals.h: CurrentProposal) when `note` is empty: a marker who departs from the machine's
// proposal says why. OK when there is no current proposal or every mark matches it.
Status RequireNoteForChanges(store::Database& db, const MarkingCase& c,
                             const std::vector<LineMark>& lines, const std::string& note);

// [[code, "points"], ...] in points-table order, as entries and records hold them.
boost::json::array LinesToJson(const std::vector<LineMark>& lines);
// [{name, version, sha256, size, received_ms, machine}, ...], as entries and records hold them.
boost::json::array FilesToJson(const std::vector<MarkedFile>& files);

}  // namespace khaothi::centre::internal
