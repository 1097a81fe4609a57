// Any bytes as a QTI item or an IMS content package: the importer never crashes.
#include <cstdint>
#include <string_view>

#include "khaothi/bank/qti.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  static_cast<void>(khaothi::bank::ParseQtiItem(bytes, "fuzz.xml", {}));
  static_cast<void>(khaothi::bank::ParseQtiPackage(bytes, "fuzz.zip", {}));
  return 0;
}
