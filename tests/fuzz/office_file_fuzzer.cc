// Any bytes as an office file: the container, workbook, document and presentation readers never
// crash, and every refusal carries the bilingual "cannot be checked automatically" reason.
#include <cstdint>
#include <string_view>

#include "khaothi/checker/document.h"
#include "khaothi/checker/office_file.h"
#include "khaothi/checker/presentation.h"
#include "khaothi/checker/workbook.h"

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto file = khaothi::checker::OfficeFile::Open(bytes);
  if (!file.ok()) {
    FUZZ_CHECK(file.status().message().find("cannot be checked automatically") !=
               std::string::npos);
    return 0;
  }
  if (file->kind() == khaothi::checker::Kind::kDocument) {
    auto doc = khaothi::checker::ReadDocument(*file);
    if (!doc.ok()) {
      FUZZ_CHECK(doc.status().message().find("không chấm tự động được") != std::string::npos);
    }
    return 0;
  }
  if (file->kind() == khaothi::checker::Kind::kPresentation) {
    auto presentation = khaothi::checker::ReadPresentation(*file);
    if (!presentation.ok()) {
      FUZZ_CHECK(presentation.status().message().find("không chấm tự động được") !=
                 std::string::npos);
    }
    return 0;
  }
  auto book = khaothi::checker::ReadWorkbook(*file);
  if (!book.ok()) {
    FUZZ_CHECK(book.status().message().find("không chấm tự động được") != std::string::npos);
  }
  return 0;
}
