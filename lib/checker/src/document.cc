#include "khaothi/checker/document.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "document_internal.h"

namespace khaothi::checker {

std::string_view AlignmentName(Alignment alignment) {
  switch (alignment) {
    case Alignment::kStart:
      return "start";
    case Alignment::kCenter:
      return "center";
    case Alignment::kEnd:
      return "end";
    case Alignment::kJustify:
      return "justify";
  }
  return "?";
}

Result<Document> ReadDocument(const OfficeFile& file) {
  if (file.kind() != Kind::kDocument) {
    return CannotCheck("tệp không phải văn bản", "the file is not a text document");
  }
  Result<Document> doc =
      file.family() == Family::kOoxml ? internal::ReadDocx(file) : internal::ReadOdt(file);
  return doc;
}

namespace internal {

std::string Nfc(const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return text;
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  if (nfc->isNormalized(u, status) && U_SUCCESS(status)) return text;
  status = U_ZERO_ERROR;
  const icu::UnicodeString normal = nfc->normalize(u, status);
  if (U_FAILURE(status)) return text;
  std::string out;
  normal.toUTF8String(out);
  return out;
}

void AddPiece(Paragraph& paragraph, std::string text, const RunFormat& format) {
  if (text.empty()) return;
  if (!paragraph.runs.empty() && paragraph.runs.back().format == format) {
    paragraph.runs.back().text += text;
  } else {
    paragraph.runs.push_back({std::move(text), format});
  }
}

void Finish(Paragraph& paragraph) {
  paragraph.text.clear();
  for (Run& run : paragraph.runs) {
    run.text = Nfc(run.text);
    paragraph.text += run.text;
  }
}

}  // namespace internal
}  // namespace khaothi::checker
