#include "khaothi/centre/canonical_json.h"

#include <algorithm>
#include <string>
#include <utility>

#include <boost/json.hpp>

#include "khaothi/bank/text.h"
#include "khaothi/records/canonical_json.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;

Result<std::string> Nfc(std::string_view s) {
  if (bank::FindInvalidUtf8(s) != std::string_view::npos) {
    return Status::InvalidArgument("string is not valid UTF-8");
  }
  return bank::ToNfc(s);
}

bool ValidNfc(std::string_view s) {
  return bank::FindInvalidUtf8(s) == std::string_view::npos && bank::IsNfc(s);
}

}  // namespace

bool IsCanonicalNfc(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string:
      return ValidNfc(v.get_string());
    case json::kind::array:
      return std::all_of(v.get_array().begin(), v.get_array().end(),
                         [](const json::value& e) { return IsCanonicalNfc(e); });
    case json::kind::object:
      return IsCanonicalNfc(v.get_object());
    default:
      return true;
  }
}

bool IsCanonicalNfc(const json::object& o) {
  return std::all_of(o.begin(), o.end(), [](const json::key_value_pair& kv) {
    return ValidNfc(kv.key()) && IsCanonicalNfc(kv.value());
  });
}

Result<json::value> ToNfc(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string: {
      KHAOTHI_ASSIGN_OR_RETURN(std::string nfc, Nfc(v.get_string()));
      return json::value(std::move(nfc));
    }
    case json::kind::array: {
      json::array out;
      out.reserve(v.get_array().size());
      for (const json::value& e : v.get_array()) {
        KHAOTHI_ASSIGN_OR_RETURN(json::value nfc, ToNfc(e));
        out.push_back(std::move(nfc));
      }
      return json::value(std::move(out));
    }
    case json::kind::object: {
      // Keys are normalised before the encoder sorts them: sorting the bytes as given put a
      // decomposed key (e, U+0301) before "f" and then wrote it composed (U+00E9), out of order,
      // so a record signed with such a key never verified.
      json::object out;
      out.reserve(v.get_object().size());
      for (const auto& kv : v.get_object()) {
        KHAOTHI_ASSIGN_OR_RETURN(std::string key, Nfc(kv.key()));
        KHAOTHI_ASSIGN_OR_RETURN(json::value value, ToNfc(kv.value()));
        if (!out.emplace(key, std::move(value)).second) {
          return Status::InvalidArgument("two keys are the same once NFC-normalised");
        }
      }
      return json::value(std::move(out));
    }
    default:
      return v;
  }
}

Result<std::string> CanonicalJson(const json::value& v) {
  if (IsCanonicalNfc(v)) {
    return records::CanonicalJson(v);  // the common case: no normalised copy to build
  }
  KHAOTHI_ASSIGN_OR_RETURN(const json::value nfc, ToNfc(v));
  return records::CanonicalJson(nfc);
}

}  // namespace khaothi::centre
