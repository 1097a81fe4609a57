#include "khaothi/checker/document.h"

#include <algorithm>
#include <cmath>

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

std::string_view ListTypeName(ListType type) {
  switch (type) {
    case ListType::kNone:
      return "none";
    case ListType::kBullet:
      return "bullet";
    case ListType::kNumber:
      return "number";
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

std::string HexColor(std::string_view text) {
  if (text.starts_with('#')) text.remove_prefix(1);
  if (text.size() != 6) return "";
  std::string out;
  for (char c : text) {
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return "";
    out += c;
  }
  return out;
}

Table MakeTable(const TableGrid& grid, const std::vector<Paragraph>& paragraphs) {
  Table table;
  table.cells = grid.cells;
  table.rows = static_cast<int>(grid.cells.size());
  for (const auto& row : grid.cells) {
    table.columns = std::max(table.columns, static_cast<int>(row.size()));
  }
  table.merged = grid.merged;
  // A missing cell (a short row) has no border at all.
  auto at = [&](int r, int c) -> const CellSides* {
    if (r < 0 || c < 0 || r >= table.rows) return nullptr;
    const auto& row = grid.sides[static_cast<size_t>(r)];
    return static_cast<size_t>(c) < row.size() ? &row[static_cast<size_t>(c)] : nullptr;
  };
  bool all = table.rows > 0;
  for (int r = 0; r < table.rows && all; ++r) {
    for (int c = 0; c < table.columns && all; ++c) {
      const CellSides* own = at(r, c);
      const CellSides* above = at(r - 1, c);
      const CellSides* below = at(r + 1, c);
      const CellSides* before = at(r, c - 1);
      const CellSides* after = at(r, c + 1);
      const bool top = (own && own->top) || (above && above->bottom);
      const bool bottom = (own && own->bottom) || (below && below->top);
      const bool left = (own && own->left) || (before && before->right);
      const bool right = (own && own->right) || (after && after->left);
      all = top && bottom && left && right;
    }
  }
  table.borders = all;
  // The first row's visible text all bold, and one fill shared by its cells.
  bool any_text = false;
  bool bold = true;
  for (size_t i = grid.first_row_begin; i < grid.first_row_end && i < paragraphs.size(); ++i) {
    for (const Run& run : paragraphs[i].runs) {
      if (run.text.find_first_not_of(" \t\n\xC2\xA0") == std::string::npos) continue;
      any_text = true;
      bold = bold && run.format.bold;
    }
  }
  table.header_bold = any_text && bold;
  if (!grid.fills.empty() && !grid.fills[0].empty()) {
    table.header_fill = grid.fills[0][0];
    for (const std::string& fill : grid.fills[0]) {
      if (fill != table.header_fill) table.header_fill.clear();
    }
  }
  return table;
}

namespace {

std::vector<std::string> Texts(const std::vector<Paragraph>& paragraphs) {
  std::vector<std::string> out;
  for (const Paragraph& p : paragraphs) out.push_back(p.text);
  return out;
}

}  // namespace

std::string JoinNoteText(const std::vector<Paragraph>& paragraphs) {
  std::string text;
  for (const Paragraph& p : paragraphs) text += (text.empty() ? "" : "\n") + p.text;
  const size_t start = text.find_first_not_of(" \t\n");
  return start == std::string::npos ? "" : text.substr(start);
}

void AddPage(std::vector<PageSetup>& pages, PageSetup page) {
  if (!pages.empty()) {
    const PageSetup& last = pages.back();
    auto near = [](double a, double b) { return std::fabs(a - b) < 0.005; };
    if (near(last.width_cm, page.width_cm) && near(last.height_cm, page.height_cm) &&
        near(last.margin_top_cm, page.margin_top_cm) &&
        near(last.margin_bottom_cm, page.margin_bottom_cm) &&
        near(last.margin_left_cm, page.margin_left_cm) &&
        near(last.margin_right_cm, page.margin_right_cm) && near(last.header_cm, page.header_cm) &&
        near(last.footer_cm, page.footer_cm) && Texts(last.header) == Texts(page.header) &&
        Texts(last.footer) == Texts(page.footer)) {
      return;
    }
  }
  pages.push_back(std::move(page));
}

}  // namespace internal
}  // namespace khaothi::checker
