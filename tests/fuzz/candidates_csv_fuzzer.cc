// Any bytes as a candidate list (CSV): parsing never crashes, and every accepted row is complete.
#include <cstdint>
#include <string_view>

#include "khaothi/centre/centre.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view csv(reinterpret_cast<const char*>(data), size);
  auto rows = khaothi::centre::ParseCandidatesCsv(csv, {"P101", "P102"}, "2026-12-05");
  if (rows.ok()) {
    for (const auto& r : *rows) {
      FUZZ_CHECK(!r.candidate.sbd.empty());
      FUZZ_CHECK(!r.candidate.full_name.empty());
      FUZZ_CHECK(r.candidate.room == "P101" || r.candidate.room == "P102");
    }
  }
  return 0;
}
