// What the checks on documents share (private; document_checks.cc, document_checks_layout.cc).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/checker/check.h"
#include "khaothi/checker/document.h"

namespace khaothi::checker::internal {

std::string Join(const std::vector<std::string>& items);
std::string_view AlignmentVi(Alignment alignment);
// Reads `key` as start|center|end|justify (left and right accepted for start and end).
std::optional<Alignment> AlignmentArg(Args& args, std::string_view key);
// "2,5 cm"
std::string CmText(double cm);

// The first paragraph whose loose text contains `wanted` (already loose), or nullptr.
const Paragraph* FindParagraph(const std::vector<Paragraph>& paragraphs, const std::string& wanted);
Outcome NotFound(const std::string& text);

// The requirements a check asks of one thing, and those that do not hold.
class Asked {
 public:
  void Require(bool ok, std::string want_vi, std::string want_en);
  int count() const { return count_; }
  // The share that holds (1 when nothing was asked).
  double Score() const;
  // Appends "; yêu cầu …" / "; expected …" when something does not hold.
  void AppendWrong(std::string& vi, std::string& en) const;

 private:
  int count_ = 0;
  std::vector<std::string> wrong_vi_;
  std::vector<std::string> wrong_en_;
};

// What a paragraph shows on all its visible text (runs of white space only do not count).
struct Shown {
  std::string font;  // "" when the runs differ
  std::optional<double> size_pt;
  std::string color;  // "" when automatic or when the runs differ
  bool bold = true;
  bool italic = true;
  bool underline = true;
};
Shown ShownOf(const Paragraph& paragraph);

// Run formats a check may ask, and the requirements they make of a paragraph.
struct RunWanted {
  std::optional<std::string> font;
  std::optional<double> size_pt;  // within ±0.25 pt
  std::optional<bool> bold;
  std::optional<bool> italic;
  std::optional<bool> underline;
  std::optional<Alignment> alignment;

  void Read(Args& args);
  bool any() const { return font || size_pt || bold || italic || underline || alignment; }
  void Check(const Paragraph& paragraph, const Shown& shown, Asked& asked) const;
};
// "Times New Roman, cỡ 13, đậm, căn giữa" and its English twin.
void DescribeFormat(const Paragraph& paragraph, const Shown& shown, std::string& vi,
                    std::string& en);

DocumentCheck CompilePageSetup(Args& args);
DocumentCheck CompileHeaderText(Args& args);
DocumentCheck CompileFooterText(Args& args);
DocumentCheck CompilePageNumber(Args& args);
DocumentCheck CompileColumns(Args& args);
DocumentCheck CompileTable(Args& args);
DocumentCheck CompileImage(Args& args);
DocumentCheck CompileToc(Args& args);
DocumentCheck CompileFootnote(Args& args);

}  // namespace khaothi::checker::internal
