#include "khaothi/protocol/protocol.h"

namespace khaothi::protocol {

std::string_view ProtocolStateName(engine::AttemptState state) {
  switch (state) {
    case engine::AttemptState::kCreated:
      return "created";
    case engine::AttemptState::kUnlocked:
      return "unlocked";
    case engine::AttemptState::kInProgress:
      return "in_progress";
    case engine::AttemptState::kSuspended:
      return "suspended";
    case engine::AttemptState::kSubmitted:
      return "submitted";
    case engine::AttemptState::kGraded:
      return "graded";
  }
  return "?";
}

}  // namespace khaothi::protocol
