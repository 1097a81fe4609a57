// A time zone read from the system's zoneinfo (TZif, RFC 8536), for the times the proctor's
// report and room view print: they follow the centre's zone (ServerConfig::time_zone), not the
// server's TZ. The C library's localtime follows the process-wide TZ, which a server running
// several things (and the tests, which run servers in-process) cannot set per centre.
//
// Thread safety: immutable after Load; every method is const.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "khaothi/engine/status.h"

namespace khaothi::server {

class TimeZone {
 public:
  // `name` is an IANA zone ("Asia/Ho_Chi_Minh") read from /usr/share/zoneinfo. Asia/Ho_Chi_Minh
  // is built in (UTC+07:00 since 1975) for a server without tzdata. InvalidArgument for a name
  // that is not a zone.
  static Result<TimeZone> Load(const std::string& name);

  const std::string& name() const { return name_; }
  // Seconds east of UTC at the instant `unix_seconds`. After the last transition in the file the
  // last offset holds (right for zones without daylight saving, such as Vietnam's).
  int64_t OffsetSeconds(int64_t unix_seconds) const;
  // strftime(`format`) of the local time at `unix_ms`.
  std::string Format(int64_t unix_ms, const char* format) const;
  // "UTC+07:00" at `unix_ms`.
  std::string OffsetText(int64_t unix_ms) const;

 private:
  std::string name_;
  int64_t initial_offset_ = 0;
  std::vector<int64_t> transitions_;  // ascending, seconds since the epoch
  std::vector<int64_t> offsets_;      // the offset from transitions_[i] on
};

}  // namespace khaothi::server
