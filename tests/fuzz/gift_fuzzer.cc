// Any bytes as a Gift file: the importer never crashes.
#include <cstdint>
#include <string_view>

#include "khaothi/bank/gift.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static_cast<void>(khaothi::bank::ParseGift(text, "fuzz.gift", {}));
  return 0;
}
