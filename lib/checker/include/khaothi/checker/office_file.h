// An office file opened from its bytes: the container (OOXML or OpenDocument, told apart by
// content, never by the file's name) and its XML parts, read within the limits of limits.h.
//
// Everything that cannot be checked automatically is refused by Open with a Status whose
// message reads "không chấm tự động được: … — cannot be checked automatically: …": not a zip,
// a truncated or corrupt zip, a zip bomb, a password-protected file, an old binary .doc/.xls/.ppt,
// macro-enabled content, and (when a part is parsed) XML with a DOCTYPE or nested too deep.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/engine/status.h"

namespace khaothi::checker {

enum class Family { kOoxml, kOdf };
enum class Kind { kDocument, kWorkbook, kPresentation };

std::string_view FamilyName(Family family);
std::string_view KindName(Kind kind);

class OfficeFile {
 public:
  // Reads the container. Pure: the bytes are all it looks at.
  [[nodiscard]] static Result<OfficeFile> Open(std::string_view bytes);

  Family family() const { return family_; }
  Kind kind() const { return kind_; }
  // The main part: "xl/workbook.xml", "word/document.xml", … or "content.xml" for ODF.
  const std::string& main_part() const { return main_part_; }
  // An XML part's text, or nullptr when the container has no such part.
  const std::string* Part(std::string_view name) const;
  // Every entry name in the container, in the zip's order.
  const std::vector<std::string>& entry_names() const { return entry_names_; }

 private:
  OfficeFile() = default;

  Family family_ = Family::kOoxml;
  Kind kind_ = Kind::kDocument;
  std::string main_part_;
  std::map<std::string, std::string, std::less<>> parts_;
  std::vector<std::string> entry_names_;
};

// The refusal every reader returns: code kInvalidArgument (kResourceExhausted for limits), the
// message in Vietnamese then English.
Status CannotCheck(std::string_view vi, std::string_view en);
Status OverLimit(std::string_view vi, std::string_view en);

}  // namespace khaothi::checker
