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

}  // namespace khaothi::checker
