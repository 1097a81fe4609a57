#include "khaothi/server/time_zone.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

namespace khaothi::server {
namespace {

constexpr const char* kZoneInfo = "/usr/share/zoneinfo/";
constexpr const char* kDefaultZone = "Asia/Ho_Chi_Minh";

bool IsZoneName(const std::string& name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' ||
      name.find("..") != std::string::npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '_' || c == '-' || c == '+';
  });
}

// Big-endian reader over the file's bytes; `ok` turns false past the end.
struct Reader {
  const std::string& bytes;
  size_t at = 0;
  bool ok = true;
  int64_t Int(int width) {
    if (at + static_cast<size_t>(width) > bytes.size()) {
      ok = false;
      return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) {
      v = (v << 8) | static_cast<unsigned char>(bytes[at++]);
    }
    // Sign-extend 4-byte values.
    if (width == 4) {
      return static_cast<int32_t>(static_cast<uint32_t>(v));
    }
    return static_cast<int64_t>(v);
  }
  void Skip(size_t n) {
    if (at + n > bytes.size()) {
      ok = false;
      return;
    }
    at += n;
  }
};

}  // namespace

Result<TimeZone> TimeZone::Load(const std::string& name) {
  if (!IsZoneName(name)) {
    return Status::InvalidArgument("time-zone: \"" + name +
                                   "\" is not a zone name such as Asia/Ho_Chi_Minh");
  }
  TimeZone tz;
  tz.name_ = name;
  std::ifstream in(kZoneInfo + name, std::ios::binary);
  if (!in) {
    if (name == kDefaultZone) {
      tz.initial_offset_ = 7 * 3600;
      return tz;
    }
    return Status::InvalidArgument("time-zone: no zone " + name + " in " + kZoneInfo);
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  Reader r{bytes};
  auto header = [&](int& version, int64_t(&counts)[6]) {
    if (bytes.compare(r.at, 4, "TZif") != 0) {
      r.ok = false;
      return;
    }
    r.Skip(4);
    version = r.at < bytes.size() ? bytes[r.at] : 0;
    r.Skip(16);
    for (int64_t& c : counts) {
      c = r.Int(4);
    }
  };
  // counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  int version = 0;
  int64_t c[6] = {};
  header(version, c);
  int time_width = 4;
  if (r.ok && version >= '2') {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    r.Skip(static_cast<size_t>(c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]));
    header(version, c);
    time_width = 8;
  }
  if (!r.ok || c[4] < 1 || c[3] < 0 || c[3] > 100000 || c[4] > 256) {
    return Status::InvalidArgument("time-zone: " + std::string(kZoneInfo) + name +
                                   " is not a TZif file");
  }
  std::vector<int64_t> times(static_cast<size_t>(c[3]));
  for (int64_t& t : times) {
    t = r.Int(time_width);
  }
  std::vector<int> index(static_cast<size_t>(c[3]));
  for (int& i : index) {
    i = static_cast<int>(r.Int(1));
  }
  std::vector<int64_t> type_offset(static_cast<size_t>(c[4]));
  for (int64_t& off : type_offset) {
    off = r.Int(4);
    r.Skip(2);
  }
  if (!r.ok) {
    return Status::InvalidArgument("time-zone: " + std::string(kZoneInfo) + name + " is truncated");
  }
  tz.initial_offset_ = type_offset[0];
  for (size_t i = 0; i < times.size(); ++i) {
    if (index[i] >= static_cast<int>(type_offset.size())) {
      return Status::InvalidArgument("time-zone: " + std::string(kZoneInfo) + name +
                                     " is not a TZif file");
    }
    tz.transitions_.push_back(times[i]);
    tz.offsets_.push_back(type_offset[static_cast<size_t>(index[i])]);
  }
  return tz;
}

int64_t TimeZone::OffsetSeconds(int64_t unix_seconds) const {
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), unix_seconds);
  if (it == transitions_.begin()) {
    return initial_offset_;
  }
  return offsets_[static_cast<size_t>(it - transitions_.begin() - 1)];
}

std::string TimeZone::Format(int64_t unix_ms, const char* format) const {
  const int64_t s = unix_ms / 1000;
  const std::time_t t = static_cast<std::time_t>(s + OffsetSeconds(s));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  const size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

std::string TimeZone::OffsetText(int64_t unix_ms) const {
  const int64_t off = OffsetSeconds(unix_ms / 1000);
  const int64_t a = off < 0 ? -off : off;
  char buf[16];
  std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", off < 0 ? '-' : '+', static_cast<int>(a / 3600),
                static_cast<int>(a / 60 % 60));
  return buf;
}

}  // namespace khaothi::server
