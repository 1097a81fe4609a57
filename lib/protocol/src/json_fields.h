// Reading the fields of one JSON object for the decoders, without exceptions: every failure is an
// InvalidArgument that names the message and the field ("form.slots[2]: \"stem\" is missing").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/engine/status.h"

namespace khaothi::protocol {

class Fields {
 public:
  // `where` names the object in errors: the message type, or a path inside it.
  Fields(const boost::json::object& object, std::string where)
      : object_(&object), where_(std::move(where)) {}

  const std::string& where() const { return where_; }
  bool Has(std::string_view key) const { return object_->if_contains(key) != nullptr; }

  // Required fields: missing or of another type is an error.
  [[nodiscard]] Result<std::string> String(std::string_view key) const;
  [[nodiscard]] Result<bool> Bool(std::string_view key) const;
  [[nodiscard]] Result<int64_t> Int(std::string_view key, int64_t min, int64_t max) const;
  [[nodiscard]] Result<uint64_t> Uint(std::string_view key, uint64_t max) const;
  [[nodiscard]] Result<Fields> Object(std::string_view key) const;
  [[nodiscard]] Result<const boost::json::array*> Array(std::string_view key) const;
  // Arrays of one kind of element, each checked.
  [[nodiscard]] Result<std::vector<int>> IntArray(std::string_view key, int min, int max) const;
  [[nodiscard]] Result<std::vector<std::string>> StringArray(std::string_view key) const;

  // Optional fields: absent is nullopt; present with another type is an error.
  [[nodiscard]] Result<std::optional<std::string>> OptionalString(std::string_view key) const;
  [[nodiscard]] Result<std::optional<bool>> OptionalBool(std::string_view key) const;
  [[nodiscard]] Result<std::optional<int64_t>> OptionalInt(std::string_view key, int64_t min,
                                                           int64_t max) const;
  [[nodiscard]] Result<std::optional<uint64_t>> OptionalUint(std::string_view key,
                                                             uint64_t max) const;

  // A time left in milliseconds: a whole number; a negative one (a server whose deadline has
  // just passed) reads as 0.
  [[nodiscard]] Result<int64_t> Milliseconds(std::string_view key) const;

 private:
  Result<const boost::json::value*> Get(std::string_view key) const;
  Status Wrong(std::string_view key, std::string_view what) const;

  const boost::json::object* object_;
  std::string where_;
};

// A whole JSON number as an int64 in [min, max], or nullopt.
std::optional<int64_t> WholeNumber(const boost::json::value& v, int64_t min, int64_t max);

}  // namespace khaothi::protocol
