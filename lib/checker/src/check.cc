#include "khaothi/checker/check.h"

#include <algorithm>
#include <cmath>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "khaothi/checker/formula.h"

namespace khaothi::checker {

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kPartial:
      return "partial";
    case Verdict::kFail:
      return "fail";
  }
  return "?";
}

std::string LooseText(std::string_view text) {
  // White space first, on the UTF-8 bytes: ASCII space, tab, CR, LF and U+00A0.
  std::string spaced;
  bool pending = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const bool nbsp =
        c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || nbsp) {
      if (nbsp) ++i;
      pending = !spaced.empty();
      continue;
    }
    if (pending) spaced += ' ';
    pending = false;
    spaced += static_cast<char>(c);
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(spaced);
  u.foldCase();
  if (U_SUCCESS(status)) {
    icu::UnicodeString normal = nfc->normalize(u, status);
    if (U_SUCCESS(status)) u = normal;
  }
  std::string out;
  u.toUTF8String(out);
  return out;
}

namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// "Ô F12: công thức =SUM(F2:F11), giá trị 54.300.000" and its English twin.
void DescribeCell(const std::string& where, const Cell* cell, std::string& vi, std::string& en) {
  vi = "Ô " + where + ": ";
  en = "Cell " + where + ": ";
  if (cell == nullptr) {
    vi += "trống";
    en += "empty";
    return;
  }
  if (!cell->formula.empty()) {
    vi += "công thức =" + cell->formula + ", ";
    en += "formula =" + cell->formula + ", ";
  }
  vi += "giá trị " + DisplayValue(*cell);
  en += "value " + DisplayValue(*cell);
}

bool UsesReference(const std::vector<std::string>& refs, std::string_view wanted) {
  return std::find(refs.begin(), refs.end(), wanted) != refs.end();
}

}  // namespace

Result<Outcome> Evaluate(const Check& check, const Workbook& book) {
  Outcome out;
  if (check.type == CheckType::kParagraphFormat) {
    return Status::InvalidArgument("paragraph_format needs a text document, not a spreadsheet");
  }
  if (check.type == CheckType::kTextPresent) {
    const std::string wanted = LooseText(check.text);
    if (wanted.empty()) return Status::InvalidArgument("text_present: empty text");
    for (const Sheet& sheet : book.sheets) {
      for (const auto& [ref, cell] : sheet.cells) {
        if (cell.type == ValueType::kText &&
            LooseText(cell.text).find(wanted) != std::string::npos) {
          out.verdict = Verdict::kPass;
          out.evidence_vi = "Có \"" + check.text + "\" ở " + sheet.name + "!" + CellName(ref);
          out.evidence_en = "\"" + check.text + "\" found at " + sheet.name + "!" + CellName(ref);
          return out;
        }
      }
    }
    out.evidence_vi = "Không thấy \"" + check.text + "\"";
    out.evidence_en = "\"" + check.text + "\" not found";
    return out;
  }

  Result<CellRef> ref = ParseCellRef(check.cell);
  if (!ref.ok()) return ref.status();
  const Sheet* sheet = check.sheet.empty() ? (book.sheets.empty() ? nullptr : &book.sheets.front())
                                           : book.FindSheet(check.sheet);
  if (sheet == nullptr) {
    out.evidence_vi = "Không có trang tính \"" + check.sheet + "\"";
    out.evidence_en = "No sheet named \"" + check.sheet + "\"";
    return out;
  }
  const std::string where =
      check.sheet.empty() ? CellName(*ref) : sheet->name + "!" + CellName(*ref);
  const Cell* cell = sheet->Find(*ref);
  DescribeCell(where, cell, out.evidence_vi, out.evidence_en);

  if (check.type == CheckType::kCellValue) {
    if (!check.expected_number && check.expected_text.empty()) {
      return Status::InvalidArgument("cell_value: no expected value");
    }
    bool ok = false;
    std::string wanted;
    if (check.expected_number) {
      Cell expected;
      expected.type = ValueType::kNumber;
      expected.number = *check.expected_number;
      wanted = DisplayValue(expected);
      ok = cell != nullptr && cell->type == ValueType::kNumber &&
           std::fabs(cell->number - *check.expected_number) <=
               std::max(check.tolerance, 1e-9 * std::fabs(*check.expected_number));
    } else {
      wanted = check.expected_text;
      ok = cell != nullptr && (cell->type == ValueType::kText || cell->type == ValueType::kError) &&
           LooseText(cell->text) == LooseText(check.expected_text);
    }
    out.verdict = ok ? Verdict::kPass : Verdict::kFail;
    if (!ok) {
      out.evidence_vi += "; yêu cầu " + wanted;
      out.evidence_en += "; expected " + wanted;
    }
    return out;
  }

  // kCellFormulaUses
  if (check.function.empty()) return Status::InvalidArgument("cell_formula_uses: no function");
  if (cell == nullptr || cell->formula.empty()) {
    out.evidence_vi += "; không có công thức, yêu cầu dùng " + check.function;
    out.evidence_en += "; no formula, expected one using " + check.function;
    return out;
  }
  const FormulaParts parts = SplitFormula(cell->formula);
  std::string function = check.function;
  for (char& c : function) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (std::find(parts.functions.begin(), parts.functions.end(), function) ==
      parts.functions.end()) {
    out.evidence_vi += "; không dùng hàm " + function;
    out.evidence_en += "; does not use " + function;
    return out;
  }
  std::vector<std::string> missing;
  for (const std::string& r : check.absolute_refs) {
    if (!UsesReference(parts.references, r)) missing.push_back(r);
  }
  for (const std::string& r : check.relative_refs) {
    if (!UsesReference(parts.references, r)) missing.push_back(r);
  }
  if (missing.empty()) {
    out.verdict = Verdict::kPass;
    return out;
  }
  out.verdict = Verdict::kPartial;
  out.evidence_vi += "; có hàm " + function + " nhưng thiếu tham chiếu " + Join(missing);
  out.evidence_en += "; uses " + function + " but not the references " + Join(missing);
  return out;
}

namespace {

std::string Excerpt(const std::string& text) {
  // At most 40 code points, cut on a UTF-8 boundary.
  size_t bytes = 0;
  int points = 0;
  while (bytes < text.size() && points < 40) {
    ++bytes;
    while (bytes < text.size() && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) ++bytes;
    ++points;
  }
  return bytes < text.size() ? text.substr(0, bytes) + "…" : text;
}

std::string_view AlignmentVi(Alignment a) {
  switch (a) {
    case Alignment::kStart:
      return "căn trái";
    case Alignment::kCenter:
      return "căn giữa";
    case Alignment::kEnd:
      return "căn phải";
    case Alignment::kJustify:
      return "căn đều hai bên";
  }
  return "?";
}

std::string Points(double pt) {
  Cell c{.type = ValueType::kNumber, .number = std::round(pt * 10) / 10};
  return DisplayValue(c);
}

// What a paragraph shows on all its visible text (runs of white space only do not count).
struct Shown {
  std::string font;  // "" when the runs differ
  std::optional<double> size_pt;
  bool bold = true;
  bool italic = true;
  bool underline = true;
};

Shown ShownOf(const Paragraph& p) {
  Shown shown;
  bool first = true;
  for (const Run& run : p.runs) {
    if (LooseText(run.text).empty()) continue;
    if (first) {
      shown.font = run.format.font;
      shown.size_pt = run.format.size_pt;
    } else {
      if (shown.font != run.format.font) shown.font.clear();
      if (shown.size_pt && *shown.size_pt != run.format.size_pt) shown.size_pt.reset();
    }
    first = false;
    shown.bold = shown.bold && run.format.bold;
    shown.italic = shown.italic && run.format.italic;
    shown.underline = shown.underline && run.format.underline;
  }
  if (first) return Shown{.bold = false, .italic = false, .underline = false};
  return shown;
}

}  // namespace

Result<Outcome> Evaluate(const Check& check, const Document& document) {
  if (check.type == CheckType::kCellValue || check.type == CheckType::kCellFormulaUses) {
    return Status::InvalidArgument("cell checks need a spreadsheet, not a text document");
  }
  const std::string wanted = LooseText(check.text);
  if (wanted.empty()) return Status::InvalidArgument("empty text");
  Outcome out;
  const Paragraph* found = nullptr;
  for (const Paragraph& p : document.paragraphs) {
    if (LooseText(p.text).find(wanted) != std::string::npos) {
      found = &p;
      break;
    }
  }
  if (found == nullptr) {
    out.evidence_vi = "Không thấy \"" + check.text + "\"";
    out.evidence_en = "\"" + check.text + "\" not found";
    return out;
  }
  if (check.type == CheckType::kTextPresent) {
    out.verdict = Verdict::kPass;
    out.evidence_vi = "Có \"" + check.text + "\" trong đoạn \"" + Excerpt(found->text) + "\"";
    out.evidence_en =
        "\"" + check.text + "\" found in the paragraph \"" + Excerpt(found->text) + "\"";
    return out;
  }

  // kParagraphFormat
  const Shown shown = ShownOf(*found);
  out.evidence_vi = "Đoạn \"" + Excerpt(found->text) +
                    "\": " + (shown.font.empty() ? "nhiều phông" : shown.font) + ", cỡ " +
                    (shown.size_pt ? Points(*shown.size_pt) : "không đều") +
                    (shown.bold ? ", đậm" : "") + (shown.italic ? ", nghiêng" : "") +
                    (shown.underline ? ", gạch chân" : "") + ", " +
                    std::string(AlignmentVi(found->alignment));
  out.evidence_en = "Paragraph \"" + Excerpt(found->text) +
                    "\": " + (shown.font.empty() ? "mixed fonts" : shown.font) + ", size " +
                    (shown.size_pt ? Points(*shown.size_pt) : "mixed") +
                    (shown.bold ? ", bold" : "") + (shown.italic ? ", italic" : "") +
                    (shown.underline ? ", underlined" : "") + ", " +
                    std::string(AlignmentName(found->alignment));
  int asked = 0;
  std::vector<std::string> wrong_vi;
  std::vector<std::string> wrong_en;
  auto require = [&](bool ok, const std::string& vi, const std::string& en) {
    ++asked;
    if (!ok) {
      wrong_vi.push_back(vi);
      wrong_en.push_back(en);
    }
  };
  if (check.font) {
    require(!shown.font.empty() && LooseText(shown.font) == LooseText(*check.font),
            "phông " + *check.font, "font " + *check.font);
  }
  if (check.size_pt) {
    require(shown.size_pt && std::fabs(*shown.size_pt - *check.size_pt) <= 0.25,
            "cỡ " + Points(*check.size_pt), "size " + Points(*check.size_pt));
  }
  if (check.bold)
    require(shown.bold == *check.bold, *check.bold ? "đậm" : "không đậm",
            *check.bold ? "bold" : "not bold");
  if (check.italic) {
    require(shown.italic == *check.italic, *check.italic ? "nghiêng" : "không nghiêng",
            *check.italic ? "italic" : "not italic");
  }
  if (check.underline) {
    require(shown.underline == *check.underline, *check.underline ? "gạch chân" : "không gạch chân",
            *check.underline ? "underlined" : "not underlined");
  }
  if (check.alignment) {
    require(found->alignment == *check.alignment, std::string(AlignmentVi(*check.alignment)),
            "aligned " + std::string(AlignmentName(*check.alignment)));
  }
  if (asked == 0) return Status::InvalidArgument("paragraph_format: no format asked");
  if (wrong_vi.empty()) {
    out.verdict = Verdict::kPass;
    return out;
  }
  out.verdict = static_cast<int>(wrong_vi.size()) < asked ? Verdict::kPartial : Verdict::kFail;
  out.evidence_vi += "; yêu cầu " + Join(wrong_vi);
  out.evidence_en += "; expected " + Join(wrong_en);
  return out;
}

}  // namespace khaothi::checker
