#include "json_fields.h"

#include <limits>

namespace khaothi::protocol {

namespace json = boost::json;

std::optional<int64_t> WholeNumber(const json::value& v, int64_t min, int64_t max) {
  if (v.is_int64() && v.get_int64() >= min && v.get_int64() <= max) {
    return v.get_int64();
  }
  if (v.is_uint64() && max >= 0 && v.get_uint64() <= static_cast<uint64_t>(max) &&
      static_cast<int64_t>(v.get_uint64()) >= min) {
    return static_cast<int64_t>(v.get_uint64());
  }
  return std::nullopt;
}

Status Fields::Wrong(std::string_view key, std::string_view what) const {
  return Status::InvalidArgument(where_ + ": \"" + std::string(key) + "\" " + std::string(what));
}

Result<const json::value*> Fields::Get(std::string_view key) const {
  const json::value* v = object_->if_contains(key);
  if (v == nullptr) {
    return Wrong(key, "is missing");
  }
  return v;
}

Result<std::string> Fields::String(std::string_view key) const {
  KHAOTHI_ASSIGN_OR_RETURN(const json::value* v, Get(key));
  if (!v->is_string()) {
    return Wrong(key, "must be a string");
  }
  return std::string(v->get_string());
}

Result<bool> Fields::Bool(std::string_view key) const {
  KHAOTHI_ASSIGN_OR_RETURN(const json::value* v, Get(key));
  if (!v->is_bool()) {
    return Wrong(key, "must be true or false");
  }
  return v->get_bool();
}

Result<int64_t> Fields::Int(std::string_view key, int64_t min, int64_t max) const {
  KHAOTHI_ASSIGN_OR_RETURN(const json::value* v, Get(key));
  std::optional<int64_t> n = WholeNumber(*v, min, max);
  if (!n) {
    return Wrong(
        key, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return *n;
}

Result<uint64_t> Fields::Uint(std::string_view key, uint64_t max) const {
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t n, Int(key, 0, static_cast<int64_t>(max)));
  return static_cast<uint64_t>(n);
}

Result<Fields> Fields::Object(std::string_view key) const {
  KHAOTHI_ASSIGN_OR_RETURN(const json::value* v, Get(key));
  if (!v->is_object()) {
    return Wrong(key, "must be an object");
  }
  return Fields(v->get_object(), where_ + "." + std::string(key));
}

Result<const json::array*> Fields::Array(std::string_view key) const {
  KHAOTHI_ASSIGN_OR_RETURN(const json::value* v, Get(key));
  if (!v->is_array()) {
    return Wrong(key, "must be an array");
  }
  return &v->get_array();
}

Result<std::vector<int>> Fields::IntArray(std::string_view key, int min, int max) const {
  KHAOTHI_ASSIGN_OR_RETURN(const json::array* a, Array(key));
  std::vector<int> out;
  out.reserve(a->size());
  for (const json::value& e : *a) {
    std::optional<int64_t> n = WholeNumber(e, min, max);
    if (!n) {
      return Wrong(key, "must hold whole numbers from " + std::to_string(min) + " to " +
                            std::to_string(max));
    }
    out.push_back(static_cast<int>(*n));
  }
  return out;
}

Result<std::vector<std::string>> Fields::StringArray(std::string_view key) const {
  KHAOTHI_ASSIGN_OR_RETURN(const json::array* a, Array(key));
  std::vector<std::string> out;
  out.reserve(a->size());
  for (const json::value& e : *a) {
    if (!e.is_string()) {
      return Wrong(key, "must hold strings");
    }
    out.emplace_back(e.get_string());
  }
  return out;
}

Result<std::optional<std::string>> Fields::OptionalString(std::string_view key) const {
  if (!Has(key)) {
    return std::optional<std::string>();
  }
  KHAOTHI_ASSIGN_OR_RETURN(std::string s, String(key));
  return std::optional<std::string>(std::move(s));
}

Result<std::optional<bool>> Fields::OptionalBool(std::string_view key) const {
  if (!Has(key)) {
    return std::optional<bool>();
  }
  KHAOTHI_ASSIGN_OR_RETURN(const bool b, Bool(key));
  return std::optional<bool>(b);
}

Result<std::optional<int64_t>> Fields::OptionalInt(std::string_view key, int64_t min,
                                                   int64_t max) const {
  if (!Has(key)) {
    return std::optional<int64_t>();
  }
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t n, Int(key, min, max));
  return std::optional<int64_t>(n);
}

Result<std::optional<uint64_t>> Fields::OptionalUint(std::string_view key, uint64_t max) const {
  if (!Has(key)) {
    return std::optional<uint64_t>();
  }
  KHAOTHI_ASSIGN_OR_RETURN(const uint64_t n, Uint(key, max));
  return std::optional<uint64_t>(n);
}

Result<int64_t> Fields::Milliseconds(std::string_view key) const {
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t n, Int(key, std::numeric_limits<int64_t>::min(),
                                                std::numeric_limits<int64_t>::max()));
  return std::max<int64_t>(n, 0);
}

}  // namespace khaothi::protocol
