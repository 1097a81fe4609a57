#include "khaothi/centre/canonical_json.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/bank/text.h"

namespace khaothi::centre {
namespace {

Result<std::string> Nfc(std::string_view s) {
  if (bank::FindInvalidUtf8(s) != std::string_view::npos) {
    return Status::InvalidArgument("string is not valid UTF-8");
  }
  return bank::ToNfc(s);
}

// Writes an NFC-normalised string, escaped.
void WriteNfc(std::string& out, std::string_view nfc) {
  out += '"';
  for (char ch : nfc) {
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
          static constexpr char kHex[] = "0123456789abcdef";
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

Status WriteString(std::string& out, std::string_view s) {
  Result<std::string> nfc = Nfc(s);
  if (!nfc.ok()) {
    return nfc.status();
  }
  WriteNfc(out, *nfc);
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
      return WriteString(out, v.get_string());
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
      // Keys are sorted by their bytes once normalised, as they are written. Sorting the bytes as
      // given put a decomposed key (e, U+0301) before "f" and then wrote it composed (U+00E9),
      // out of order: the text read back had another canonical form, so a record signed with
      // such a key never verified. Two keys that normalise to the same one are refused.
      const boost::json::object& o = v.get_object();
      std::vector<std::pair<std::string, const boost::json::value*>> members;
      members.reserve(o.size());
      for (const auto& kv : o) {
        Result<std::string> key = Nfc(kv.key());
        if (!key.ok()) {
          return key.status();
        }
        members.emplace_back(std::move(key).value(), &kv.value());
      }
      std::sort(members.begin(), members.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out += '{';
      for (size_t i = 0; i < members.size(); ++i) {
        if (i > 0) {
          if (members[i].first == members[i - 1].first) {
            return Status::InvalidArgument("two keys are the same once NFC-normalised");
          }
          out += ',';
        }
        WriteNfc(out, members[i].first);
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

Result<std::string> CanonicalJson(const boost::json::value& v) {
  std::string out;
  KHAOTHI_RETURN_IF_ERROR(Write(out, v));
  return out;
}

}  // namespace khaothi::centre
