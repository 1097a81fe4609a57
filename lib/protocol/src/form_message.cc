// The form message: encoded from each item's text made once and shared by every seat that
// draws the item (server_messages.h, EncodedItemText), and Encode(const Form&) through it.
#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/protocol/protocol.h"
#include "khaothi/protocol/server_messages.h"

namespace khaothi::protocol {

namespace json = boost::json;

EncodedItemText EncodeItemText(std::string_view stem, const std::vector<std::string>& options) {
  EncodedItemText text{json::serialize(json::string(stem)), {}};
  text.options.reserve(options.size());
  for (const std::string& o : options) {
    text.options.push_back(json::serialize(json::string(o)));
  }
  return text;
}

std::string EncodeForm(const Form& head, std::span<const SharedFormSlot> slots) {
  json::array answers;
  for (const SavedAnswer& a : head.answers) {
    answers.push_back(json::object{{"slot", a.slot},
                                   {"choice", json::array(a.choice.begin(), a.choice.end())},
                                   {"flagged", a.flagged}});
  }
  // Everything before the questions as boost::json writes it; its closing brace is dropped and
  // the questions are appended in the same shape: {"slot":N,"stem":S,"options":[...],
  // "multiple":B}, then "]}".
  std::string out = json::serialize(json::object{{"type", type::kForm},
                                                 {"state", head.state},
                                                 {"remaining_ms", head.remaining_ms},
                                                 {"next_seq", head.next_seq},
                                                 {"answers", std::move(answers)}});
  out.pop_back();
  size_t text_bytes = 0;
  for (const SharedFormSlot& s : slots) {
    text_bytes += s.text->stem.size() + 64;
    for (const std::string& o : s.text->options) {
      text_bytes += o.size() + 1;
    }
  }
  out.reserve(out.size() + text_bytes + 16);
  out += ",\"slots\":[";
  for (size_t i = 0; i < slots.size(); ++i) {
    const SharedFormSlot& s = slots[i];
    out += i == 0 ? "{\"slot\":" : ",{\"slot\":";
    out += std::to_string(s.slot);
    out += ",\"stem\":";
    out += s.text->stem;
    out += ",\"options\":[";
    for (size_t k = 0; k < s.option_order.size(); ++k) {
      if (k > 0) {
        out += ',';
      }
      out += s.text->options[static_cast<size_t>(s.option_order[k])];
    }
    out += s.multiple ? "],\"multiple\":true}" : "],\"multiple\":false}";
  }
  out += "]}";
  return out;
}

std::string Encode(const Form& m) {
  std::vector<EncodedItemText> texts;
  std::vector<int> order;
  std::vector<SharedFormSlot> slots;
  texts.reserve(m.slots.size());
  slots.reserve(m.slots.size());
  for (const FormSlot& s : m.slots) {
    texts.push_back(EncodeItemText(s.stem, s.options));
    order.resize(std::max(order.size(), s.options.size()));
  }
  for (size_t k = 0; k < order.size(); ++k) {
    order[k] = static_cast<int>(k);  // the options are in displayed order already
  }
  for (size_t i = 0; i < m.slots.size(); ++i) {
    const FormSlot& s = m.slots[i];
    slots.push_back({.slot = s.slot,
                     .text = &texts[i],
                     .option_order = std::span<const int>(order.data(), s.options.size()),
                     .multiple = s.multiple});
  }
  return EncodeForm(m, slots);
}

}  // namespace khaothi::protocol
