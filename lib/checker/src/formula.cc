#include "khaothi/checker/formula.h"

#include <cctype>
#include <string>

namespace khaothi::checker {

namespace {

bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsNameChar(char c) { return IsAlpha(c) || IsDigit(c) || c == '_' || c == '.'; }

// Copies a string literal "…" (with "" as an escaped quote) starting at formula[i] == '"'.
size_t CopyString(std::string_view formula, size_t i, std::string& out) {
  out += '"';
  ++i;
  while (i < formula.size()) {
    const char c = formula[i++];
    out += c;
    if (c == '"') {
      if (i < formula.size() && formula[i] == '"') {
        out += '"';
        ++i;
      } else {
        break;
      }
    }
  }
  return i;
}

// One ODF reference endpoint "$Sheet.$A$1", ".A1" or "'My sheet'.A1" → sheet and cell parts.
void SplitOdfEndpoint(std::string_view endpoint, std::string& sheet, std::string& cell) {
  size_t dot = std::string_view::npos;
  bool quoted = false;
  for (size_t i = 0; i < endpoint.size(); ++i) {
    if (endpoint[i] == '\'') quoted = !quoted;
    if (!quoted && endpoint[i] == '.') dot = i;
  }
  if (dot == std::string_view::npos) {
    sheet.clear();
    cell = std::string(endpoint);
    return;
  }
  std::string_view s = endpoint.substr(0, dot);
  if (s.starts_with('$')) s.remove_prefix(1);  // an absolute sheet: Excel has no such notion
  sheet = std::string(s);
  cell = std::string(endpoint.substr(dot + 1));
}

std::string OdfReference(std::string_view inside) {
  // Split on ':' outside quotes.
  size_t colon = std::string_view::npos;
  bool quoted = false;
  for (size_t i = 0; i < inside.size(); ++i) {
    if (inside[i] == '\'') quoted = !quoted;
    if (!quoted && inside[i] == ':') {
      colon = i;
      break;
    }
  }
  std::string sheet;
  std::string cell;
  SplitOdfEndpoint(inside.substr(0, colon), sheet, cell);
  std::string out = sheet.empty() ? cell : sheet + "!" + cell;
  if (colon != std::string_view::npos) {
    std::string sheet2;
    std::string cell2;
    SplitOdfEndpoint(inside.substr(colon + 1), sheet2, cell2);
    // A range across sheets keeps its second sheet (Excel's Sheet1:Sheet2!A1 is not the same
    // thing; such 3-D references do not occur in the tasks and are left recognisable).
    out += ":" + ((sheet2.empty() || sheet2 == sheet) ? cell2 : sheet2 + "!" + cell2);
  }
  return out;
}

std::string StripPrefixes(std::string text) {
  for (const std::string_view prefix :
       {"_xlfn._xlws.", "_xlfn.", "_xlws.", "COM.MICROSOFT.", "ORG.OPENOFFICE."}) {
    size_t at = 0;
    while ((at = text.find(prefix, at)) != std::string::npos) {
      // Only at the start of a function name.
      if (at > 0 && IsNameChar(text[at - 1])) {
        at += prefix.size();
        continue;
      }
      text.erase(at, prefix.size());
    }
  }
  return text;
}

}  // namespace

std::string NormaliseOdfFormula(std::string_view odf) {
  if (odf.starts_with("of:")) odf.remove_prefix(3);
  if (odf.starts_with("msoxl:")) odf.remove_prefix(6);
  if (odf.starts_with('=')) odf.remove_prefix(1);
  std::string out;
  size_t i = 0;
  while (i < odf.size()) {
    const char c = odf[i];
    if (c == '"') {
      i = CopyString(odf, i, out);
    } else if (c == '[') {
      const size_t end = odf.find(']', i);
      if (end == std::string_view::npos) {
        out += odf.substr(i);
        break;
      }
      out += OdfReference(odf.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (c == ';') {
      out += ',';
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return StripPrefixes(std::move(out));
}

std::string NormaliseOoxmlFormula(std::string_view ooxml) {
  if (ooxml.starts_with('=')) ooxml.remove_prefix(1);
  return StripPrefixes(std::string(ooxml));
}

namespace {

// A cell reference token at formula[i]: [$]LETTERS[$]DIGITS, not part of a longer name and not
// a function call. Returns its length, or 0.
size_t RefLength(std::string_view f, size_t i) {
  if (i > 0 && (IsNameChar(f[i - 1]) || f[i - 1] == '$')) return 0;
  size_t j = i;
  if (j < f.size() && f[j] == '$') ++j;
  const size_t letters = j;
  while (j < f.size() && IsAlpha(f[j])) ++j;
  if (j == letters || j - letters > 3) return 0;
  if (j < f.size() && f[j] == '$') ++j;
  const size_t digits = j;
  while (j < f.size() && IsDigit(f[j])) ++j;
  if (j == digits) return 0;
  if (j < f.size() && (IsNameChar(f[j]) || f[j] == '(' || f[j] == '!')) return 0;
  return j - i;
}

int ColumnNumber(std::string_view letters) {
  int n = 0;
  for (const char c : letters) n = n * 26 + (std::toupper(static_cast<unsigned char>(c)) - 'A' + 1);
  return n;
}

std::string ColumnLetters(int n) {
  std::string s;
  while (n > 0) {
    const int r = (n - 1) % 26;
    s.insert(s.begin(), static_cast<char>('A' + r));
    n = (n - 1) / 26;
  }
  return s;
}

}  // namespace

std::string ShiftFormula(std::string_view f, int rows, int columns) {
  std::string out;
  size_t i = 0;
  while (i < f.size()) {
    if (f[i] == '"') {
      i = CopyString(f, i, out);
      continue;
    }
    const size_t len = RefLength(f, i);
    if (len == 0) {
      out += f[i++];
      continue;
    }
    std::string_view ref = f.substr(i, len);
    size_t k = 0;
    const bool abs_col = ref[k] == '$';
    if (abs_col) ++k;
    const size_t letters_begin = k;
    while (IsAlpha(ref[k])) ++k;
    const std::string_view letters = ref.substr(letters_begin, k - letters_begin);
    const bool abs_row = ref[k] == '$';
    if (abs_row) ++k;
    const int row = std::stoi(std::string(ref.substr(k)));
    const int column = ColumnNumber(letters);
    const int new_column = abs_col ? column : column + columns;
    const int new_row = abs_row ? row : row + rows;
    if (new_column < 1 || new_row < 1) {
      out += "#REF!";
    } else {
      out += (abs_col ? "$" : "") + ColumnLetters(new_column) + (abs_row ? "$" : "") +
             std::to_string(new_row);
    }
    i += len;
  }
  return out;
}

FormulaParts SplitFormula(std::string_view f) {
  FormulaParts parts;
  size_t i = 0;
  while (i < f.size()) {
    if (f[i] == '"') {
      std::string ignored;
      i = CopyString(f, i, ignored);
      continue;
    }
    if (const size_t len = RefLength(f, i); len > 0) {
      std::string ref(f.substr(i, len));
      i += len;
      if (i + 1 < f.size() && f[i] == ':') {
        if (const size_t len2 = RefLength(f, i + 1); len2 > 0) {
          ref += ":" + std::string(f.substr(i + 1, len2));
          i += 1 + len2;
        }
      }
      parts.references.push_back(std::move(ref));
      continue;
    }
    if (IsAlpha(f[i]) && (i == 0 || !IsNameChar(f[i - 1]))) {
      size_t j = i;
      while (j < f.size() && IsNameChar(f[j])) ++j;
      if (j < f.size() && f[j] == '(') {
        std::string name(f.substr(i, j - i));
        for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        parts.functions.push_back(std::move(name));
      }
      i = j;
      continue;
    }
    ++i;
  }
  return parts;
}

}  // namespace khaothi::checker
