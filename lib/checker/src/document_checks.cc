// The checks on a text document (docs/practical.md, "Checks on documents").
#include <cmath>
#include <optional>

#include "khaothi/checker/check.h"

namespace khaothi::checker {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
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

std::optional<Alignment> ParseAlignment(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  if (*name == "start") return Alignment::kStart;
  if (*name == "center") return Alignment::kCenter;
  if (*name == "end") return Alignment::kEnd;
  return Alignment::kJustify;
}

// The first paragraph whose loose text contains `wanted` (already loose), or nullptr.
const Paragraph* FindParagraph(const Document& document, const std::string& wanted) {
  for (const Paragraph& p : document.paragraphs) {
    if (LooseText(p.text).find(wanted) != std::string::npos) return &p;
  }
  return nullptr;
}

Outcome NotFound(const std::string& text) {
  return MakeOutcome(0, "Không thấy \"" + text + "\"", "\"" + text + "\" not found");
}

// text_present text="..." — some paragraph contains the text.
DocumentCheck CompileTextPresent(Args& args) {
  const std::string text = args.RequiredText("text");
  return [text, wanted = LooseText(text)](const Document& document) {
    const Paragraph* p = FindParagraph(document, wanted);
    if (p == nullptr) return NotFound(text);
    return MakeOutcome(1, "Có \"" + text + "\" trong đoạn \"" + Excerpt(p->text) + "\"",
                       "\"" + text + "\" found in the paragraph \"" + Excerpt(p->text) + "\"");
  };
}

// text_absent text="..." — no paragraph contains the text (a placeholder the candidate must
// replace, a line to delete).
DocumentCheck CompileTextAbsent(Args& args) {
  const std::string text = args.RequiredText("text");
  return [text, wanted = LooseText(text)](const Document& document) {
    const Paragraph* p = FindParagraph(document, wanted);
    if (p == nullptr) {
      return MakeOutcome(1, "Không còn \"" + text + "\"", "\"" + text + "\" is absent");
    }
    return MakeOutcome(0, "Vẫn còn \"" + text + "\" trong đoạn \"" + Excerpt(p->text) + "\"",
                       "\"" + text + "\" is still in the paragraph \"" + Excerpt(p->text) + "\"");
  };
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

struct FormatWanted {
  std::string text;
  std::optional<std::string> font;
  std::optional<double> size_pt;  // within ±0.25 pt
  std::optional<bool> bold;
  std::optional<bool> italic;
  std::optional<bool> underline;
  std::optional<Alignment> alignment;
};

// paragraph_format text="..." [font=] [size=] [bold=] [italic=] [underline=] [align=] — the first
// paragraph containing the text shows every format asked on all its visible text; the score is
// the share of the formats asked that it shows.
DocumentCheck CompileParagraphFormat(Args& args) {
  FormatWanted w;
  w.text = args.RequiredText("text");
  w.font = args.Text("font");
  w.size_pt = args.Number("size");
  w.bold = args.Flag("bold");
  w.italic = args.Flag("italic");
  w.underline = args.Flag("underline");
  w.alignment = ParseAlignment(args.OneOf("align", {"start", "center", "end", "justify"}));
  if (!w.font && !w.size_pt && !w.bold && !w.italic && !w.underline && !w.alignment) {
    args.Fail("no format asked (font=, size=, bold=, italic=, underline=, align=)");
  }
  return [w, wanted = LooseText(w.text)](const Document& document) {
    const Paragraph* found = FindParagraph(document, wanted);
    if (found == nullptr) return NotFound(w.text);
    const Shown shown = ShownOf(*found);
    const std::string size = shown.size_pt ? VietnameseNumber(*shown.size_pt, 1) : "";
    std::string vi = "Đoạn \"" + Excerpt(found->text) +
                     "\": " + (shown.font.empty() ? "nhiều phông" : shown.font) + ", cỡ " +
                     (size.empty() ? "không đều" : size) + (shown.bold ? ", đậm" : "") +
                     (shown.italic ? ", nghiêng" : "") + (shown.underline ? ", gạch chân" : "") +
                     ", " + std::string(AlignmentVi(found->alignment));
    std::string en = "Paragraph \"" + Excerpt(found->text) +
                     "\": " + (shown.font.empty() ? "mixed fonts" : shown.font) + ", size " +
                     (size.empty() ? "mixed" : size) + (shown.bold ? ", bold" : "") +
                     (shown.italic ? ", italic" : "") + (shown.underline ? ", underlined" : "") +
                     ", " + std::string(AlignmentName(found->alignment));
    int asked = 0;
    std::vector<std::string> wrong_vi;
    std::vector<std::string> wrong_en;
    auto require = [&](bool ok, const std::string& want_vi, const std::string& want_en) {
      ++asked;
      if (!ok) {
        wrong_vi.push_back(want_vi);
        wrong_en.push_back(want_en);
      }
    };
    if (w.font) {
      require(!shown.font.empty() && LooseText(shown.font) == LooseText(*w.font),
              "phông " + *w.font, "font " + *w.font);
    }
    if (w.size_pt) {
      require(shown.size_pt && std::fabs(*shown.size_pt - *w.size_pt) <= 0.25,
              "cỡ " + VietnameseNumber(*w.size_pt, 1), "size " + VietnameseNumber(*w.size_pt, 1));
    }
    if (w.bold) {
      require(shown.bold == *w.bold, *w.bold ? "đậm" : "không đậm", *w.bold ? "bold" : "not bold");
    }
    if (w.italic) {
      require(shown.italic == *w.italic, *w.italic ? "nghiêng" : "không nghiêng",
              *w.italic ? "italic" : "not italic");
    }
    if (w.underline) {
      require(shown.underline == *w.underline, *w.underline ? "gạch chân" : "không gạch chân",
              *w.underline ? "underlined" : "not underlined");
    }
    if (w.alignment) {
      require(found->alignment == *w.alignment, std::string(AlignmentVi(*w.alignment)),
              "aligned " + std::string(AlignmentName(*w.alignment)));
    }
    if (!wrong_vi.empty()) {
      vi += "; yêu cầu " + Join(wrong_vi);
      en += "; expected " + Join(wrong_en);
    }
    return MakeOutcome(static_cast<double>(asked - static_cast<int>(wrong_vi.size())) / asked,
                       std::move(vi), std::move(en));
  };
}

constexpr DocumentKind kDocumentKinds[] = {
    {"text_present", CompileTextPresent},
    {"text_absent", CompileTextAbsent},
    {"paragraph_format", CompileParagraphFormat},
};

}  // namespace

std::span<const DocumentKind> DocumentKinds() { return kDocumentKinds; }

}  // namespace khaothi::checker
