#include "khaothi/checker/presentation.h"

namespace khaothi::checker {

Result<Presentation> ReadPresentation(const OfficeFile& file) {
  if (file.kind() != Kind::kPresentation) {
    return CannotCheck("tệp không phải bài trình chiếu", "the file is not a presentation");
  }
  return CannotCheck("chưa đọc được bài trình chiếu", "presentations are not read yet");
}

}  // namespace khaothi::checker
