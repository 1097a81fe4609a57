#include "khaothi/records/canonical_json.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

namespace khaothi::records {
namespace {

// The bounds of a well-formed sequence's second byte, by its lead byte (Unicode 15, table 3-7);
// every later byte is 0x80..0xBF.
struct LeadByte {
  size_t length;  // 0: not a lead byte
  unsigned char second_min;
  unsigned char second_max;
};

LeadByte Lead(unsigned char c) {
  if (c >= 0xC2 && c <= 0xDF) {
    return {2, 0x80, 0xBF};
  }
  if (c == 0xE0) {
    return {3, 0xA0, 0xBF};
  }
  if (c == 0xED) {
    return {3, 0x80, 0x9F};  // no UTF-16 surrogates
  }
  if (c >= 0xE1 && c <= 0xEF) {
    return {3, 0x80, 0xBF};
  }
  if (c == 0xF0) {
    return {4, 0x90, 0xBF};
  }
  if (c == 0xF4) {
    return {4, 0x80, 0x8F};  // nothing above U+10FFFF
  }
  if (c >= 0xF1 && c <= 0xF3) {
    return {4, 0x80, 0xBF};
  }
  return {0, 0, 0};
}

void WriteString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

Status WriteChecked(std::string& out, std::string_view s) {
  if (!IsValidUtf8(s)) {
    return Status::InvalidArgument("string is not valid UTF-8");
  }
  WriteString(out, s);
  return Status::Ok();
}

Status Write(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      out += "null";
      return Status::Ok();
    case boost::json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return Status::Ok();
    case boost::json::kind::int64:
      out += std::to_string(v.get_int64());
      return Status::Ok();
    case boost::json::kind::uint64:
      out += std::to_string(v.get_uint64());
      return Status::Ok();
    case boost::json::kind::double_:
      return Status::InvalidArgument("floating-point numbers are not allowed in signed records");
    case boost::json::kind::string:
      return WriteChecked(out, v.get_string());
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const boost::json::value& e : v.get_array()) {
        if (!first) {
          out += ',';
        }
        first = false;
        KHAOTHI_RETURN_IF_ERROR(Write(out, e));
      }
      out += ']';
      return Status::Ok();
    }
    case boost::json::kind::object: {
      const boost::json::object& o = v.get_object();
      std::vector<std::pair<std::string_view, const boost::json::value*>> members;
      members.reserve(o.size());
      for (const auto& kv : o) {
        members.emplace_back(kv.key(), &kv.value());
      }
      std::sort(members.begin(), members.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out += '{';
      for (size_t i = 0; i < members.size(); ++i) {
        if (i > 0) {
          if (members[i].first == members[i - 1].first) {
            return Status::InvalidArgument("an object has the same key twice");
          }
          out += ',';
        }
        KHAOTHI_RETURN_IF_ERROR(WriteChecked(out, members[i].first));
        out += ':';
        KHAOTHI_RETURN_IF_ERROR(Write(out, *members[i].second));
      }
      out += '}';
      return Status::Ok();
    }
  }
  return Status::InvalidArgument("unknown JSON kind");
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const LeadByte lead = Lead(c);
    if (lead.length == 0 || bytes.size() - i < lead.length) {
      return false;
    }
    const auto second = static_cast<unsigned char>(bytes[i + 1]);
    if (second < lead.second_min || second > lead.second_max) {
      return false;
    }
    for (size_t k = 2; k < lead.length; ++k) {
      if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0u) != 0x80u) {
        return false;
      }
    }
    i += lead.length;
  }
  return true;
}

Result<std::string> CanonicalJson(const boost::json::value& v) {
  std::string out;
  KHAOTHI_RETURN_IF_ERROR(Write(out, v));
  return out;
}

}  // namespace khaothi::records
