// TODO(khaothi): delete this file (named zz_ so that the archive lists the real members first) once
// gift.cc, aiken.cc and qti.cc have landed. Weak placeholders so that qbank links while the
// exchange formats are being written; the real (strong) definitions replace them at link time.
#include "khaothi/bank/aiken.h"
#include "khaothi/bank/gift.h"
#include "khaothi/bank/qti.h"

namespace khaothi::bank {
namespace {
ParsedBank NotYet(std::string_view file) {
  ParsedBank out;
  out.diagnostics.push_back({Severity::kError, std::string(file), 0, "format not available yet"});
  return out;
}
}  // namespace

[[gnu::weak]] ParsedBank ParseGift(std::string_view, std::string_view file, const ImportDefaults&) {
  return NotYet(file);
}
[[gnu::weak]] std::string SerializeGift(const std::vector<engine::Item>&) { return {}; }
[[gnu::weak]] ParsedBank ParseAiken(std::string_view, std::string_view file,
                                    const ImportDefaults&) {
  return NotYet(file);
}
[[gnu::weak]] Result<std::string> SerializeAiken(const std::vector<engine::Item>&) {
  return Status::Unavailable("not yet");
}
[[gnu::weak]] ParsedBank ParseQtiItem(std::string_view, std::string_view file,
                                      const ImportDefaults&) {
  return NotYet(file);
}
[[gnu::weak]] ParsedBank ParseQtiPackage(std::string_view, std::string_view file,
                                         const ImportDefaults&) {
  return NotYet(file);
}
[[gnu::weak]] std::string WriteQtiItem(const engine::Item&) { return {}; }
[[gnu::weak]] Result<std::string> WriteQtiPackage(const std::vector<engine::Item>&) {
  return Status::Unavailable("not yet");
}

}  // namespace khaothi::bank
