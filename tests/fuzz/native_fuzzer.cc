// Any bytes as a native bank file: parsing never crashes; whatever parses without error survives
// Serialize and Parse again unchanged; validation never crashes.
#include <cstdint>
#include <string_view>

#include "khaothi/bank/native.h"
#include "khaothi/bank/validate.h"
#include "khaothi/engine/outline.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace khaothi;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  bank::ParsedBank parsed = bank::ParseNative(text, "fuzz.bank");
  static_cast<void>(bank::ValidateBank(parsed.items, engine::Outline::Default()));
  if (parsed.has_errors()) {
    return 0;
  }
  std::vector<engine::Item> items;
  for (auto& s : parsed.items) {
    if (!engine::IsValidItemId(s.item.id)) {
      return 0;
    }
    items.push_back(s.item);
  }
  const std::string again = bank::SerializeNative(items);
  bank::ParsedBank reparsed = bank::ParseNative(again, "again.bank");
  FUZZ_CHECK(!reparsed.has_errors());
  FUZZ_CHECK(reparsed.items.size() == items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    FUZZ_CHECK(reparsed.items[i].item == items[i]);
  }
  return 0;
}
