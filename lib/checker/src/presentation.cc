#include "khaothi/checker/presentation.h"

#include "presentation_internal.h"

namespace khaothi::checker {

std::string_view LayoutName(Layout layout) {
  switch (layout) {
    case Layout::kTitle:
      return "title";
    case Layout::kTitleAndContent:
      return "title_and_content";
    case Layout::kTwoContent:
      return "two_content";
    case Layout::kTitleOnly:
      return "title_only";
    case Layout::kBlank:
      return "blank";
    case Layout::kSection:
      return "section";
    case Layout::kOther:
      return "other";
  }
  return "?";
}

std::string_view LayoutDisplayName(Layout layout) {
  switch (layout) {
    case Layout::kTitle:
      return "Title Slide";
    case Layout::kTitleAndContent:
      return "Title and Content";
    case Layout::kTwoContent:
      return "Two Content";
    case Layout::kTitleOnly:
      return "Title Only";
    case Layout::kBlank:
      return "Blank";
    case Layout::kSection:
      return "Section Header";
    case Layout::kOther:
      return "khác/other";
  }
  return "?";
}

std::string_view BackgroundKindName(BackgroundKind kind) {
  switch (kind) {
    case BackgroundKind::kDefault:
      return "default";
    case BackgroundKind::kSolid:
      return "solid";
    case BackgroundKind::kGradient:
      return "gradient";
    case BackgroundKind::kImage:
      return "image";
    case BackgroundKind::kPattern:
      return "pattern";
  }
  return "?";
}

Result<Presentation> ReadPresentation(const OfficeFile& file) {
  if (file.kind() != Kind::kPresentation) {
    return CannotCheck("tệp không phải bài trình chiếu", "the file is not a presentation");
  }
  return file.family() == Family::kOoxml ? internal::ReadPptx(file) : internal::ReadOdp(file);
}

namespace internal {

Layout LayoutOf(const Placeholders& p) {
  if (!p.title) {
    if (!p.subtitle && p.content == 0) return Layout::kBlank;
    return Layout::kOther;
  }
  if (p.subtitle) return p.content == 0 ? Layout::kTitle : Layout::kOther;
  switch (p.content) {
    case 0:
      return Layout::kTitleOnly;
    case 1:
      return Layout::kTitleAndContent;
    case 2:
      return Layout::kTwoContent;
    default:
      return Layout::kOther;
  }
}

bool LooseTextEmpty(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
      ++i;
      continue;
    }
    return false;
  }
  return true;
}

std::string Trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\n\r");
  const size_t last = text.find_last_not_of(" \t\n\r");
  return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

}  // namespace internal
}  // namespace khaothi::checker
