// The centre's own bounds on what its records may hold: what `khaothi session create` and the
// candidate list import accept. Each is checked where the record is made, with a message that
// names it; nothing outside them is stored.
#pragma once

#include <cstddef>

namespace khaothi::centre {

struct CentreLimits {
  // A session's duration, in minutes, when it is set apart from the blueprint's (1 to this).
  static constexpr int max_duration_minutes = 600;
  // A room's name, in characters (one line, no ','): it is printed on slips and the register.
  static constexpr size_t max_room_chars = 32;
  // A candidate's number (số báo danh), in bytes.
  static constexpr size_t max_sbd_bytes = 20;
  // Any other text field of a candidate (name, place of birth, ID number), in bytes.
  static constexpr size_t max_text_bytes = 200;
  // Problems listed when a candidate list is refused; the rest are counted.
  static constexpr size_t max_reported_problems = 50;
};

}  // namespace khaothi::centre
