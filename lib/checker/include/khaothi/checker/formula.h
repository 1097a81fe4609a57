// Formulas in one spelling for both formats: Excel's A1 style without the leading '='.
//   ODF  "of:=SUM([.F2:.F11])"                    → "SUM(F2:F11)"
//   ODF  "of:=VLOOKUP([.B4];[$Gia.$A$2:.$C$6];2;0)" → "VLOOKUP(B4,Gia!$A$2:$C$6,2,0)"
//   OOXML "_xlfn.RANK.EQ(H4,$H$4:$H$11)"           → "RANK.EQ(H4,$H$4:$H$11)"
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace khaothi::checker {

std::string NormaliseOdfFormula(std::string_view odf);
std::string NormaliseOoxmlFormula(std::string_view ooxml);

// An OOXML shared formula, written once on its master cell, moved to another cell of its range:
// relative row/column parts of every reference shift by (rows, columns); '$' parts stay.
std::string ShiftFormula(std::string_view formula, int rows, int columns);

struct FormulaParts {
  std::vector<std::string> functions;   // upper case, in order of appearance, e.g. {"IF", "SUM"}
  std::vector<std::string> references;  // as written, without sheet: "D4", "$B$17", "F2:F11"
};
FormulaParts SplitFormula(std::string_view formula);

}  // namespace khaothi::checker
