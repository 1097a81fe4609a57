// The checks on a text document (docs/practical.md, "Checks on documents"): the text and its
// paragraphs here, the page, tables and notes in document_checks_layout.cc.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "khaothi/checker/check.h"

#include "document_checks_internal.h"

namespace khaothi::checker {
namespace internal {

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

std::optional<Alignment> AlignmentArg(Args& args, std::string_view key) {
  const std::optional<std::string> name =
      args.OneOf(key, {"start", "center", "end", "justify", "left", "right"});
  if (!name) return std::nullopt;
  if (*name == "start" || *name == "left") return Alignment::kStart;
  if (*name == "center") return Alignment::kCenter;
  if (*name == "end" || *name == "right") return Alignment::kEnd;
  return Alignment::kJustify;
}

std::string CmText(double cm) { return VietnameseNumber(cm, 2) + " cm"; }

const Paragraph* FindParagraph(const std::vector<Paragraph>& paragraphs,
                               const std::string& wanted) {
  for (const Paragraph& p : paragraphs) {
    if (LooseText(p.text).find(wanted) != std::string::npos) return &p;
  }
  return nullptr;
}

Outcome NotFound(const std::string& text) {
  return MakeOutcome(0, "Không thấy \"" + text + "\"", "\"" + text + "\" not found");
}

void Asked::Require(bool ok, std::string want_vi, std::string want_en) {
  ++count_;
  if (!ok) {
    wrong_vi_.push_back(std::move(want_vi));
    wrong_en_.push_back(std::move(want_en));
  }
}

double Asked::Score() const {
  if (count_ == 0) return 1;
  return static_cast<double>(count_ - static_cast<int>(wrong_vi_.size())) / count_;
}

void Asked::AppendWrong(std::string& vi, std::string& en) const {
  if (wrong_vi_.empty()) return;
  vi += "; yêu cầu " + Join(wrong_vi_);
  en += "; expected " + Join(wrong_en_);
}

Shown ShownOf(const Paragraph& p) {
  Shown shown;
  bool first = true;
  for (const Run& run : p.runs) {
    if (LooseText(run.text).empty()) continue;
    if (first) {
      shown.font = run.format.font;
      shown.size_pt = run.format.size_pt;
      shown.color = run.format.color;
    } else {
      if (shown.font != run.format.font) shown.font.clear();
      if (shown.size_pt && *shown.size_pt != run.format.size_pt) shown.size_pt.reset();
      if (shown.color != run.format.color) shown.color = "?";
    }
    first = false;
    shown.bold = shown.bold && run.format.bold;
    shown.italic = shown.italic && run.format.italic;
    shown.underline = shown.underline && run.format.underline;
  }
  if (first) return Shown{.bold = false, .italic = false, .underline = false};
  return shown;
}

void RunWanted::Read(Args& args) {
  font = args.Text("font");
  size_pt = args.Number("size");
  bold = args.Flag("bold");
  italic = args.Flag("italic");
  underline = args.Flag("underline");
  alignment = AlignmentArg(args, "align");
}

void RunWanted::Check(const Paragraph& paragraph, const Shown& shown, Asked& asked) const {
  if (font) {
    asked.Require(!shown.font.empty() && LooseText(shown.font) == LooseText(*font),
                  "phông " + *font, "font " + *font);
  }
  if (size_pt) {
    asked.Require(shown.size_pt && std::fabs(*shown.size_pt - *size_pt) <= 0.25,
                  "cỡ " + VietnameseNumber(*size_pt, 1), "size " + VietnameseNumber(*size_pt, 1));
  }
  if (bold) {
    asked.Require(shown.bold == *bold, *bold ? "đậm" : "không đậm", *bold ? "bold" : "not bold");
  }
  if (italic) {
    asked.Require(shown.italic == *italic, *italic ? "nghiêng" : "không nghiêng",
                  *italic ? "italic" : "not italic");
  }
  if (underline) {
    asked.Require(shown.underline == *underline, *underline ? "gạch chân" : "không gạch chân",
                  *underline ? "underlined" : "not underlined");
  }
  if (alignment) {
    asked.Require(paragraph.alignment == *alignment, std::string(AlignmentVi(*alignment)),
                  "aligned " + std::string(AlignmentName(*alignment)));
  }
}

void DescribeFormat(const Paragraph& paragraph, const Shown& shown, std::string& vi,
                    std::string& en) {
  const std::string size = shown.size_pt ? VietnameseNumber(*shown.size_pt, 1) : "";
  vi += (shown.font.empty() ? "nhiều phông" : shown.font) + ", cỡ " +
        (size.empty() ? "không đều" : size) + (shown.bold ? ", đậm" : "") +
        (shown.italic ? ", nghiêng" : "") + (shown.underline ? ", gạch chân" : "") + ", " +
        std::string(AlignmentVi(paragraph.alignment));
  en += (shown.font.empty() ? "mixed fonts" : shown.font) + ", size " +
        (size.empty() ? "mixed" : size) + (shown.bold ? ", bold" : "") +
        (shown.italic ? ", italic" : "") + (shown.underline ? ", underlined" : "") + ", " +
        std::string(AlignmentName(paragraph.alignment));
}

}  // namespace internal

namespace {

using internal::Asked;
using internal::FindParagraph;
using internal::NotFound;

// text_present text="..." — some paragraph contains the text.
DocumentCheck CompileTextPresent(Args& args) {
  const std::string text = args.RequiredText("text");
  return [text, wanted = LooseText(text)](const Document& document) {
    const Paragraph* p = FindParagraph(document.paragraphs, wanted);
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
    const Paragraph* p = FindParagraph(document.paragraphs, wanted);
    if (p == nullptr) {
      return MakeOutcome(1, "Không còn \"" + text + "\"", "\"" + text + "\" is absent");
    }
    return MakeOutcome(0, "Vẫn còn \"" + text + "\" trong đoạn \"" + Excerpt(p->text) + "\"",
                       "\"" + text + "\" is still in the paragraph \"" + Excerpt(p->text) + "\"");
  };
}

// A colour as a check names it: six hex digits, or a family a person names: red, green, blue,
// black (automatic counts as black).
struct ColorWanted {
  std::string name;  // as written
  std::string hex;   // empty for a family

  bool Matches(const std::string& color) const {
    if (color == "?") return false;
    if (!hex.empty()) return color == hex || (hex == "000000" && color.empty());
    if (name == "black") return color.empty();
    if (color.empty()) return false;
    const long value = std::strtol(color.c_str(), nullptr, 16);
    const long r = (value >> 16) & 0xFF;
    const long g = (value >> 8) & 0xFF;
    const long b = value & 0xFF;
    if (name == "red") return r >= 0x99 && g <= 0x66 && b <= 0x66;
    if (name == "green") return g >= 0x66 && r <= 0x66 && b <= 0x66;
    return b >= 0x99 && r <= 0x66 && g <= 0xB0;  // blue
  }
};

std::optional<ColorWanted> ColorArg(Args& args, std::string_view key) {
  const std::optional<std::string> text = args.Text(key);
  if (!text) return std::nullopt;
  ColorWanted wanted{*text, ""};
  std::string lower;
  for (char c : *text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "red" || lower == "green" || lower == "blue" || lower == "black") {
    wanted.name = lower;
    return wanted;
  }
  std::string hex = *text;
  if (hex.starts_with('#')) hex.erase(0, 1);
  bool ok = hex.size() == 6;
  for (char& c : hex) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    ok = ok && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
  }
  if (!ok) {
    args.Fail(std::string(key) + "=" + *text + ": expected six hex digits (C00000) or red, " +
              "green, blue, black");
    return std::nullopt;
  }
  wanted.hex = hex;
  return wanted;
}

// "#C00000" or "tự động" (automatic); the runs' mixed colours ("?") are said by the caller.
std::string ColorText(const std::string& color) { return color.empty() ? "tự động" : "#" + color; }

struct FormatWanted {
  std::string text;
  internal::RunWanted run;
  std::optional<ColorWanted> color;
  std::optional<double> space_before_pt;  // within ±0.5 pt
  std::optional<double> space_after_pt;
  std::optional<double> line_spacing;    // a multiple, within ±0.02
  std::optional<double> indent_left_cm;  // within ±0.1 cm
  std::optional<double> indent_right_cm;
  std::optional<double> indent_first_cm;
  std::optional<std::string> style;
  std::optional<bool> uppercase;  // every letter written in capitals ("in hoa")
  std::optional<bool> border;
  std::optional<bool> fill;
};

bool AllCapitals(const std::string& text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  icu::UnicodeString upper = u;
  upper.toUpper();
  bool letters = false;
  for (int32_t i = 0; i < u.length(); ++i) letters = letters || u_isalpha(u.charAt(i));
  return letters && u == upper;
}

// paragraph_format text="..." and any of font size bold italic underline align color
// space_before space_after line_spacing indent_left indent_right indent_first style — the first
// paragraph containing the text shows every format asked (on all its visible text); the score is
// the share of the formats asked that it shows.
DocumentCheck CompileParagraphFormat(Args& args) {
  FormatWanted w;
  w.text = args.RequiredText("text");
  w.run.Read(args);
  w.color = ColorArg(args, "color");
  w.space_before_pt = args.Number("space_before");
  w.space_after_pt = args.Number("space_after");
  w.line_spacing = args.Number("line_spacing");
  w.indent_left_cm = args.Number("indent_left");
  w.indent_right_cm = args.Number("indent_right");
  w.indent_first_cm = args.Number("indent_first");
  w.style = args.Text("style");
  w.uppercase = args.Flag("uppercase");
  w.border = args.Flag("border");
  w.fill = args.Flag("fill");
  if (!w.run.any() && !w.color && !w.space_before_pt && !w.space_after_pt && !w.line_spacing &&
      !w.indent_left_cm && !w.indent_right_cm && !w.indent_first_cm && !w.style && !w.uppercase &&
      !w.border && !w.fill) {
    args.Fail(
        "no format asked (font=, size=, bold=, italic=, underline=, align=, color=, "
        "space_before=, space_after=, line_spacing=, indent_left=, indent_right=, "
        "indent_first=, style=, uppercase=, border=, fill=)");
  }
  return [w, wanted = LooseText(w.text)](const Document& document) {
    const Paragraph* found = FindParagraph(document.paragraphs, wanted);
    if (found == nullptr) return NotFound(w.text);
    const Paragraph& p = *found;
    const internal::Shown shown = internal::ShownOf(p);
    std::string vi = "Đoạn \"" + Excerpt(p.text) + "\": ";
    std::string en = "Paragraph \"" + Excerpt(p.text) + "\": ";
    internal::DescribeFormat(p, shown, vi, en);
    Asked asked;
    w.run.Check(p, shown, asked);
    if (w.color) {
      vi += shown.color == "?" ? ", nhiều màu" : ", màu " + ColorText(shown.color);
      en += shown.color == "?"    ? ", mixed colours"
            : shown.color.empty() ? ", colour automatic"
                                  : ", colour #" + shown.color;
      asked.Require(w.color->Matches(shown.color), "màu " + w.color->name,
                    "colour " + w.color->name);
    }
    auto length = [&](const std::optional<double>& want, double have, double tolerance,
                      std::string_view name_vi, std::string_view name_en, std::string_view unit) {
      if (!want) return;
      const std::string shown_have = VietnameseNumber(have, 2) + std::string(unit);
      vi += ", " + std::string(name_vi) + " " + shown_have;
      en += ", " + std::string(name_en) + " " + shown_have;
      asked.Require(std::fabs(have - *want) <= tolerance,
                    std::string(name_vi) + " " + VietnameseNumber(*want, 2) + std::string(unit),
                    std::string(name_en) + " " + VietnameseNumber(*want, 2) + std::string(unit));
    };
    length(w.space_before_pt, p.space_before_pt, 0.5, "cách trên", "space before", " pt");
    length(w.space_after_pt, p.space_after_pt, 0.5, "cách dưới", "space after", " pt");
    if (w.line_spacing) {
      const bool multiple = p.line_rule == LineRule::kMultiple;
      const std::string have = multiple ? VietnameseNumber(p.line_spacing, 2) + " dòng"
                                        : VietnameseNumber(p.line_spacing, 1) + " pt";
      vi += ", giãn dòng " + have;
      en += ", line spacing " + have;
      asked.Require(multiple && std::fabs(p.line_spacing - *w.line_spacing) <= 0.02,
                    "giãn dòng " + VietnameseNumber(*w.line_spacing, 2),
                    "line spacing " + VietnameseNumber(*w.line_spacing, 2));
    }
    length(w.indent_left_cm, p.indent_left_cm, 0.1, "thụt trái", "left indent", " cm");
    length(w.indent_right_cm, p.indent_right_cm, 0.1, "thụt phải", "right indent", " cm");
    length(w.indent_first_cm, p.indent_first_cm, 0.1, "thụt đầu dòng", "first-line indent", " cm");
    if (w.style) {
      const std::string have = p.style.empty() ? "Normal" : p.style;
      vi += ", kiểu " + have;
      en += ", style " + have;
      asked.Require(LooseText(have) == LooseText(*w.style), "kiểu " + *w.style,
                    "style " + *w.style);
    }
    if (w.uppercase) {
      const bool capitals = AllCapitals(p.text);
      if (capitals) {
        vi += ", in hoa";
        en += ", in capitals";
      }
      asked.Require(capitals == *w.uppercase, *w.uppercase ? "in hoa" : "không in hoa",
                    *w.uppercase ? "in capitals" : "not in capitals");
    }
    if (w.border) {
      vi += p.border ? ", có viền" : ", không viền";
      en += p.border ? ", bordered" : ", no border";
      asked.Require(p.border == *w.border, *w.border ? "có viền" : "không viền",
                    *w.border ? "a border" : "no border");
    }
    if (w.fill) {
      vi += p.fill.empty() ? ", không tô nền" : ", nền #" + p.fill;
      en += p.fill.empty() ? ", no fill" : ", filled #" + p.fill;
      asked.Require(p.fill.empty() != *w.fill, *w.fill ? "tô nền" : "không tô nền",
                    *w.fill ? "a fill" : "no fill");
    }
    asked.AppendWrong(vi, en);
    return MakeOutcome(asked.Score(), std::move(vi), std::move(en));
  };
}

// heading text="..." [level=N] — the paragraph containing the text is a heading (a Heading style
// or an outline level), of level N when asked; partial (0.5) for a heading of another level.
DocumentCheck CompileHeading(Args& args) {
  const std::string text = args.RequiredText("text");
  const std::optional<int> level = args.Whole("level", 1, 9);
  return [text, level, wanted = LooseText(text)](const Document& document) {
    const Paragraph* p = FindParagraph(document.paragraphs, wanted);
    if (p == nullptr) return NotFound(text);
    const std::string style = p->style.empty() ? "Normal" : p->style;
    std::string vi = "Đoạn \"" + Excerpt(p->text) + "\": kiểu " + style;
    std::string en = "Paragraph \"" + Excerpt(p->text) + "\": style " + style;
    if (p->heading_level == 0) {
      return MakeOutcome(0, vi + ", không phải đề mục (heading)", en + ", not a heading");
    }
    vi += ", đề mục cấp " + std::to_string(p->heading_level);
    en += ", heading level " + std::to_string(p->heading_level);
    if (level && *level != p->heading_level) {
      return MakeOutcome(0.5, vi + "; yêu cầu cấp " + std::to_string(*level),
                         en + "; expected level " + std::to_string(*level));
    }
    return MakeOutcome(1, std::move(vi), std::move(en));
  };
}

// A list typed by hand: "1. …", "a) …", "- …", "• …" at the start of a plain paragraph.
bool TypedLabel(const std::string& text) {
  const std::string t = LooseText(text);
  if (t.starts_with("- ") || t.starts_with("+ ") || t.starts_with("* ") ||
      t.starts_with("\u2022") || t.starts_with("\u2013 ")) {
    return true;
  }
  size_t i = 0;
  while (i < t.size() && ((t[i] >= '0' && t[i] <= '9') || (i == 0 && t[i] >= 'a' && t[i] <= 'z'))) {
    ++i;
  }
  return i > 0 && i <= 3 && i + 1 < t.size() && (t[i] == '.' || t[i] == ')') && t[i + 1] == ' ';
}

// list text="..." | texts="a, b, c" [type=bullet|number] [level=N] — each paragraph containing
// one of the texts is an item of a list (of that type, at that level: 1 the outermost); the
// score is the share of the texts that are, an item of the wrong type or level counting half.
DocumentCheck CompileList(Args& args) {
  std::vector<std::string> texts = args.List("texts");
  if (std::optional<std::string> one = args.Text("text"); one) texts.insert(texts.begin(), *one);
  if (texts.empty()) args.Fail("text= or texts= is required");
  const std::optional<std::string> type = args.OneOf("type", {"bullet", "number"});
  const std::optional<int> level = args.Whole("level", 1, 9);
  return [texts, type, level](const Document& document) {
    int good = 0;  // in halves
    std::vector<std::string> vi_parts;
    std::vector<std::string> en_parts;
    for (const std::string& text : texts) {
      const Paragraph* p = FindParagraph(document.paragraphs, LooseText(text));
      std::string vi = "\"" + Excerpt(text) + "\": ";
      std::string en = vi;
      if (p == nullptr) {
        vi += "không thấy";
        en += "not found";
      } else if (p->list == ListType::kNone) {
        const bool typed = TypedLabel(p->text);
        vi += typed ? "ký hiệu gõ tay, không phải danh sách" : "không phải danh sách";
        en += typed ? "a label typed by hand, not a list" : "not a list item";
      } else {
        const bool bullet = p->list == ListType::kBullet;
        vi += std::string(bullet ? "ký hiệu đầu dòng" : "đánh số") + ", cấp " +
              std::to_string(p->list_level + 1);
        en += std::string(bullet ? "bulleted" : "numbered") + ", level " +
              std::to_string(p->list_level + 1);
        const bool type_ok = !type || *type == ListTypeName(p->list);
        const bool level_ok = !level || *level == p->list_level + 1;
        // A list item of the wrong type or level is half done: the list is there.
        good += type_ok && level_ok ? 2 : 1;
        if (!type_ok) {
          vi += std::string("; yêu cầu ") + (*type == "bullet" ? "ký hiệu đầu dòng" : "đánh số");
          en += "; expected " + std::string(*type == "bullet" ? "bullets" : "numbers");
        }
        if (!level_ok) {
          vi += "; yêu cầu cấp " + std::to_string(*level);
          en += "; expected level " + std::to_string(*level);
        }
      }
      vi_parts.push_back(std::move(vi));
      en_parts.push_back(std::move(en));
    }
    const double score = good / (2.0 * static_cast<double>(texts.size()));
    std::string vi = "Danh sách: " + VietnameseNumber(good / 2.0, 1) + "/" +
                     std::to_string(texts.size()) + " mục đúng — ";
    std::string en = "List: " + VietnameseNumber(good / 2.0, 1) + " of " +
                     std::to_string(texts.size()) + " items right — ";
    for (size_t i = 0; i < vi_parts.size(); ++i) {
      vi += (i == 0 ? "" : "; ") + vi_parts[i];
      en += (i == 0 ? "" : "; ") + en_parts[i];
    }
    return MakeOutcome(score, std::move(vi), std::move(en));
  };
}

// The code points of `text` that are not white space.
size_t VisibleChars(const std::string& text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80 || c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      continue;
    }
    ++count;
  }
  return count;
}

std::string Percent(double share) {
  return VietnameseNumber(std::floor(share * 1000) / 10, 1) + "%";
}

// document_font [font=] [size=] [min=0.9] — the share of the body's visible characters in that
// font and size; a pass from `min` up, below it the share itself (the mean of the two when both
// are asked). Headings or a title in another size fit under `min`.
DocumentCheck CompileDocumentFont(Args& args) {
  const std::optional<std::string> font = args.Text("font");
  const std::optional<double> size = args.Number("size");
  const std::optional<double> min_arg = args.Number("min");
  if (!font && !size) args.Fail("font= or size= is required");
  if (min_arg && (*min_arg <= 0 || *min_arg > 1)) args.Fail("min= is a share in (0, 1]");
  const double min = min_arg.value_or(0.9);
  return [font, size, min](const Document& document) {
    size_t total = 0;
    size_t in_font = 0;
    size_t in_size = 0;
    std::map<std::string, size_t> other_fonts;
    const std::string wanted_font = font ? LooseText(*font) : "";
    for (const Paragraph& p : document.paragraphs) {
      for (const Run& run : p.runs) {
        const size_t n = VisibleChars(run.text);
        total += n;
        if (font && LooseText(run.format.font) == wanted_font) {
          in_font += n;
        } else if (font) {
          other_fonts[run.format.font.empty() ? "?" : run.format.font] += n;
        }
        if (size && std::fabs(run.format.size_pt - *size) <= 0.25) in_size += n;
      }
    }
    if (total == 0) return MakeOutcome(0, "Văn bản trống", "The document is empty");
    std::string vi = "Thân văn bản: ";
    std::string en = "Body text: ";
    double score = 0;
    int parts = 0;
    auto part = [&](size_t count, const std::string& what_vi, const std::string& what_en) {
      const double share = static_cast<double>(count) / static_cast<double>(total);
      vi += (parts == 0 ? "" : "; ") + what_vi + " " + Percent(share) + " số ký tự";
      en += (parts == 0 ? "" : "; ") + what_en + " " + Percent(share) + " of the characters";
      score += share >= min ? 1 : share;
      ++parts;
    };
    if (font) part(in_font, *font, *font);
    if (size) {
      part(in_size, "cỡ " + VietnameseNumber(*size, 1), "size " + VietnameseNumber(*size, 1));
    }
    if (font && !other_fonts.empty()) {
      const auto most =
          std::max_element(other_fonts.begin(), other_fonts.end(),
                           [](const auto& a, const auto& b) { return a.second < b.second; });
      vi += " (còn lại chủ yếu " + most->first + ")";
      en += " (the rest mostly " + most->first + ")";
    }
    vi += "; yêu cầu từ " + Percent(min);
    en += "; at least " + Percent(min) + " required";
    return MakeOutcome(score / parts, std::move(vi), std::move(en));
  };
}

constexpr DocumentKind kDocumentKinds[] = {
    {"text_present", CompileTextPresent},
    {"text_absent", CompileTextAbsent},
    {"paragraph_format", CompileParagraphFormat},
    {"heading", CompileHeading},
    {"list", CompileList},
    {"document_font", CompileDocumentFont},
    {"page_setup", internal::CompilePageSetup},
    {"header_text", internal::CompileHeaderText},
    {"footer_text", internal::CompileFooterText},
    {"page_number", internal::CompilePageNumber},
    {"columns", internal::CompileColumns},
    {"table", internal::CompileTable},
    {"image", internal::CompileImage},
    {"toc", internal::CompileToc},
    {"footnote", internal::CompileFootnote},
};

}  // namespace

std::span<const DocumentKind> DocumentKinds() { return kDocumentKinds; }

}  // namespace khaothi::checker
