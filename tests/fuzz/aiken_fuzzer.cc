// Any bytes as a Aiken file: the importer never crashes.
#include <cstdint>
#include <string_view>

#include "khaothi/bank/aiken.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static_cast<void>(khaothi::bank::ParseAiken(text, "fuzz.aiken", {}));
  return 0;
}
