#include "khaothi/centre/canonical_json.h"

#include <algorithm>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/bank/text.h"

namespace khaothi::centre {
namespace {

Status WriteString(std::string& out, std::string_view s) {
  if (bank::FindInvalidUtf8(s) != std::string_view::npos) {
    return Status::InvalidArgument("string is not valid UTF-8");
  }
  const std::string nfc = bank::ToNfc(s);
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
      const boost::json::object& o = v.get_object();
      std::vector<const boost::json::key_value_pair*> members;
      for (const auto& kv : o) {
        members.push_back(&kv);
      }
      std::sort(members.begin(), members.end(),
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out += '{';
      for (size_t i = 0; i < members.size(); ++i) {
        if (i > 0) {
          out += ',';
        }
        KHAOTHI_RETURN_IF_ERROR(WriteString(out, members[i]->key()));
        out += ':';
        KHAOTHI_RETURN_IF_ERROR(Write(out, members[i]->value()));
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
