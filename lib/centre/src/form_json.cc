// Forms as canonical JSON (forms.form).
#include <charconv>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/centre/canonical_json.h"
#include "khaothi/centre/centre.h"

#include "centre_internal.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;

Status Bad(const std::string& what) { return Status::Corruption("form JSON: " + what); }

// The object's members, which must be exactly `keys`.
Status CheckKeys(const json::object& o, std::initializer_list<std::string_view> keys,
                 std::string_view where) {
  if (o.size() != keys.size()) {
    return Bad(std::string(where) + " has " + std::to_string(o.size()) + " members, expected " +
               std::to_string(keys.size()));
  }
  for (std::string_view k : keys) {
    if (!o.contains(k)) {
      return Bad(std::string(where) + " lacks \"" + std::string(k) + "\"");
    }
  }
  return Status::Ok();
}

// A non-negative integer member that fits an int.
bool GetInt(const json::value& v, int& out) {
  if (v.is_int64() && v.get_int64() >= 0 && v.get_int64() <= INT32_MAX) {
    out = static_cast<int>(v.get_int64());
    return true;
  }
  if (v.is_uint64() && v.get_uint64() <= INT32_MAX) {
    out = static_cast<int>(v.get_uint64());
    return true;
  }
  return false;
}

}  // namespace

namespace internal {

std::string SeedHex(uint64_t seed) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kHex[seed & 0xF];
    seed >>= 4;
  }
  return out;
}

}  // namespace internal

std::string FormToJson(const engine::Form& form) {
  json::array slots;
  slots.reserve(form.slots.size());
  for (const engine::FormSlot& s : form.slots) {
    json::array order;
    for (int o : s.option_order) {
      order.emplace_back(o);
    }
    slots.emplace_back(json::object{{"item", s.item_id},
                                    {"version", s.item_version},
                                    {"cell", s.cell},
                                    {"order", std::move(order)}});
  }
  const json::value v = json::object{{"blueprint", form.blueprint_id},
                                     {"seed", internal::SeedHex(form.seed)},
                                     {"slots", std::move(slots)}};
  Result<std::string> text = CanonicalJson(v);
  // Only integers and valid-UTF-8 ids (engine-validated, ASCII) go in, so encoding cannot fail.
  KHAOTHI_CHECK(text.ok());
  return std::move(text).value();
}

Result<engine::Form> FormFromJson(std::string_view text) {
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec) {
    return Bad("not JSON: " + ec.message());
  }
  if (!v.is_object()) {
    return Bad("not an object");
  }
  const json::object& o = v.get_object();
  KHAOTHI_RETURN_IF_ERROR(CheckKeys(o, {"blueprint", "seed", "slots"}, "the form"));
  engine::Form form;
  if (!o.at("blueprint").is_string() || o.at("blueprint").get_string().empty()) {
    return Bad("\"blueprint\" is not a non-empty string");
  }
  form.blueprint_id = std::string(o.at("blueprint").get_string());
  const json::value& seed = o.at("seed");
  if (!seed.is_string() || seed.get_string().size() != 16 ||
      seed.get_string().find_first_not_of("0123456789abcdef") != json::string::npos) {
    return Bad("\"seed\" is not 16 lower-case hex digits");
  }
  const std::string_view hex = seed.get_string();
  std::from_chars(hex.data(), hex.data() + hex.size(), form.seed, 16);
  if (!o.at("slots").is_array()) {
    return Bad("\"slots\" is not an array");
  }
  const json::array& slots = o.at("slots").get_array();
  for (size_t i = 0; i < slots.size(); ++i) {
    const std::string where = "slot " + std::to_string(i);
    if (!slots[i].is_object()) {
      return Bad(where + " is not an object");
    }
    const json::object& so = slots[i].get_object();
    KHAOTHI_RETURN_IF_ERROR(CheckKeys(so, {"item", "version", "cell", "order"}, where));
    engine::FormSlot slot;
    if (!so.at("item").is_string() || !engine::IsValidItemId(so.at("item").get_string())) {
      return Bad(where + ": \"item\" is not a valid item id");
    }
    slot.item_id = std::string(so.at("item").get_string());
    if (!GetInt(so.at("version"), slot.item_version) || slot.item_version < 1) {
      return Bad(where + ": \"version\" is not a positive integer");
    }
    if (!GetInt(so.at("cell"), slot.cell)) {
      return Bad(where + ": \"cell\" is not a non-negative integer");
    }
    if (!so.at("order").is_array()) {
      return Bad(where + ": \"order\" is not an array");
    }
    const json::array& order = so.at("order").get_array();
    std::vector<bool> seen(order.size(), false);
    for (const json::value& e : order) {
      int p = 0;
      if (!GetInt(e, p) || static_cast<size_t>(p) >= order.size() || seen[static_cast<size_t>(p)]) {
        return Bad(where + ": \"order\" is not a permutation of 0.." +
                   std::to_string(order.size() - 1));
      }
      seen[static_cast<size_t>(p)] = true;
      slot.option_order.push_back(p);
    }
    form.slots.push_back(std::move(slot));
  }
  return form;
}

}  // namespace khaothi::centre
