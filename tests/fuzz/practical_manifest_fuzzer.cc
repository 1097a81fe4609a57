// Any bytes as a practical package's task.txt: parsing never crashes; whatever parses survives
// Serialize and Parse again unchanged (docs/practical.md).
#include <cstdint>
#include <string_view>

#include "khaothi/bank/practical.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace khaothi;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<bank::ParsedManifest> parsed = bank::ParsePracticalManifest(text, "fuzz/task.txt");
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.status().message().starts_with("fuzz/task.txt"));
    return 0;
  }
  const std::string again = bank::SerializePracticalManifest(parsed->task);
  Result<bank::ParsedManifest> reparsed = bank::ParsePracticalManifest(again, "again/task.txt");
  FUZZ_CHECK(reparsed.ok());
  FUZZ_CHECK(reparsed->task == parsed->task);
  return 0;
}
