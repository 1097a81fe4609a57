// Any bytes as a client frame: decoding never crashes, and a decoded message is well-formed.
#include <cstdint>
#include <string_view>

#include "khaothi/server/protocol.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  const khaothi::server::Decoded d = khaothi::server::DecodeClientMessage(frame);
  if (d.message) {
    const auto& m = *d.message;
    if (m.type == khaothi::server::ClientMessageType::kAnswer ||
        m.type == khaothi::server::ClientMessageType::kFlag) {
      FUZZ_CHECK(m.seq >= 1);
      FUZZ_CHECK(m.slot >= 0);
    }
  } else {
    FUZZ_CHECK(!d.error.code.empty());
  }
  return 0;
}
