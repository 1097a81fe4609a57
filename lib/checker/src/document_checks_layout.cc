// The checks on a document's page, headers and footers, columns, tables, images, table of
// contents and footnotes (docs/practical.md, "Checks on documents").
#include <algorithm>
#include <cmath>
#include <optional>

#include "khaothi/checker/check.h"

#include "document_checks_internal.h"

namespace khaothi::checker::internal {

namespace {

struct PaperSize {
  std::string_view name;
  double short_cm;
  double long_cm;
};
constexpr PaperSize kPapers[] = {
    {"A4", 21.0, 29.7}, {"A5", 14.8, 21.0}, {"A3", 29.7, 42.0}, {"Letter", 21.59, 27.94}};

std::string PaperOf(const PageSetup& page) {
  const double s = std::min(page.width_cm, page.height_cm);
  const double l = std::max(page.width_cm, page.height_cm);
  for (const PaperSize& p : kPapers) {
    if (std::fabs(s - p.short_cm) <= 0.2 && std::fabs(l - p.long_cm) <= 0.2) {
      return std::string(p.name);
    }
  }
  return CmText(page.width_cm) + " × " + CmText(page.height_cm);
}

}  // namespace

// page_setup [size=A4|A5|A3|Letter] [orientation=portrait|landscape] [margin_top= margin_bottom=
// margin_left= margin_right= (cm)] [tolerance=0.1] — every page style of the body; the score is
// the share of what was asked that holds on the page that meets the least. A top (bottom) margin
// holds when it is right either to the body text (Word) or to the header (LibreOffice).
DocumentCheck CompilePageSetup(Args& args) {
  struct Wanted {
    std::optional<std::string> size;
    std::optional<std::string> orientation;
    std::optional<double> top, bottom, left, right;
    double tolerance = 0.1;
  } w;
  w.size = args.OneOf("size", {"A4", "A5", "A3", "Letter"});
  w.orientation = args.OneOf("orientation", {"portrait", "landscape"});
  w.top = args.Number("margin_top");
  w.bottom = args.Number("margin_bottom");
  w.left = args.Number("margin_left");
  w.right = args.Number("margin_right");
  w.tolerance = args.Number("tolerance").value_or(0.1);
  if (!w.size && !w.orientation && !w.top && !w.bottom && !w.left && !w.right) {
    args.Fail(
        "nothing asked (size=, orientation=, margin_top=, margin_bottom=, margin_left=, "
        "margin_right=)");
  }
  return [w](const Document& document) {
    std::optional<Outcome> worst;
    for (size_t i = 0; i < document.pages.size(); ++i) {
      const PageSetup& page = document.pages[i];
      const bool portrait = page.height_cm >= page.width_cm;
      std::string vi =
          document.pages.size() > 1 ? "Trang kiểu " + std::to_string(i + 1) + ": " : std::string();
      std::string en =
          document.pages.size() > 1 ? "Page style " + std::to_string(i + 1) + ": " : std::string();
      vi += "khổ " + PaperOf(page) + (portrait ? " dọc" : " ngang");
      en += PaperOf(page) + (portrait ? " portrait" : " landscape");
      Asked asked;
      if (w.size) {
        asked.Require(PaperOf(page) == *w.size, "khổ " + *w.size, "paper " + *w.size);
      }
      if (w.orientation) {
        const bool want_portrait = *w.orientation == "portrait";
        asked.Require(portrait == want_portrait, want_portrait ? "hướng dọc" : "hướng ngang",
                      *w.orientation);
      }
      auto margin = [&](const std::optional<double>& want, double body, double edge,
                        std::string_view vi_name, std::string_view en_name,
                        std::string_view vi_edge, std::string_view en_edge) {
        vi += ", lề " + std::string(vi_name) + " " + CmText(body);
        en += ", " + std::string(en_name) + " margin " + CmText(body);
        if (edge > 0) {
          vi += " (" + std::string(vi_edge) + " cách mép " + CmText(edge) + ")";
          en += " (" + std::string(en_edge) + " " + CmText(edge) + " from the edge)";
        }
        if (!want) return;
        const bool ok = std::fabs(body - *want) <= w.tolerance + 1e-9 ||
                        (edge > 0 && std::fabs(edge - *want) <= w.tolerance + 1e-9);
        asked.Require(ok, "lề " + std::string(vi_name) + " " + CmText(*want),
                      std::string(en_name) + " margin " + CmText(*want));
      };
      margin(w.top, page.margin_top_cm, page.header_cm, "trên", "top", "đầu trang", "header");
      margin(w.bottom, page.margin_bottom_cm, page.footer_cm, "dưới", "bottom", "chân trang",
             "footer");
      margin(w.left, page.margin_left_cm, 0, "trái", "left", "", "");
      margin(w.right, page.margin_right_cm, 0, "phải", "right", "", "");
      asked.AppendWrong(vi, en);
      Outcome outcome = MakeOutcome(asked.Score(), std::move(vi), std::move(en));
      if (!worst || outcome.score < worst->score) worst = std::move(outcome);
    }
    if (!worst) return MakeOutcome(0, "Không đọc được trang", "No page setup");
    return std::move(*worst);
  };
}

namespace {

// header_text / footer_text text="..." [font= size= bold= italic= underline= align=] — some
// page's header (footer) has a paragraph containing the text, formatted as asked; partial: the
// share of the formats that hold (the text found counts as one).
DocumentCheck CompileHeaderFooterText(Args& args, bool header) {
  const std::string text = args.RequiredText("text");
  RunWanted run;
  run.Read(args);
  return [text, run, header, wanted = LooseText(text)](const Document& document) {
    const std::string where_vi = header ? "Đầu trang" : "Chân trang";
    const std::string where_en = header ? "Header" : "Footer";
    std::string seen;
    for (const PageSetup& page : document.pages) {
      const std::vector<Paragraph>& part = header ? page.header : page.footer;
      for (const Paragraph& p : part) seen += (seen.empty() ? "" : " / ") + p.text;
      if (const Paragraph* p = FindParagraph(part, wanted); p != nullptr) {
        const Shown shown = ShownOf(*p);
        std::string vi = where_vi + ": \"" + Excerpt(p->text) + "\", ";
        std::string en = where_en + ": \"" + Excerpt(p->text) + "\", ";
        DescribeFormat(*p, shown, vi, en);
        Asked asked;
        asked.Require(true, "", "");
        run.Check(*p, shown, asked);
        asked.AppendWrong(vi, en);
        return MakeOutcome(asked.Score(), std::move(vi), std::move(en));
      }
    }
    if (seen.empty()) {
      return MakeOutcome(0, "Không có " + std::string(header ? "đầu trang" : "chân trang"),
                         "No " + std::string(header ? "header" : "footer"));
    }
    return MakeOutcome(0, where_vi + " là \"" + Excerpt(seen) + "\", không có \"" + text + "\"",
                       where_en + " is \"" + Excerpt(seen) + "\", without \"" + text + "\"");
  };
}

}  // namespace

DocumentCheck CompileHeaderText(Args& args) { return CompileHeaderFooterText(args, true); }
DocumentCheck CompileFooterText(Args& args) { return CompileHeaderFooterText(args, false); }

// page_number [where=header|footer] [align=] — a page-number field in the header or footer (either
// when not said); partial (0.5): in the other place, or aligned otherwise.
DocumentCheck CompilePageNumber(Args& args) {
  const std::optional<std::string> where = args.OneOf("where", {"header", "footer"});
  const std::optional<Alignment> align = AlignmentArg(args, "align");
  return [where, align](const Document& document) {
    std::optional<Outcome> best;
    for (const PageSetup& page : document.pages) {
      for (const bool header : {true, false}) {
        for (const Paragraph& p : header ? page.header : page.footer) {
          if (!p.page_number) continue;
          std::string vi = std::string("Số trang ở ") + (header ? "đầu trang" : "chân trang") +
                           ", " + std::string(AlignmentVi(p.alignment));
          std::string en = std::string("Page number in the ") + (header ? "header" : "footer") +
                           ", aligned " + std::string(AlignmentName(p.alignment));
          Asked asked;
          if (where) {
            asked.Require((*where == "header") == header,
                          *where == "header" ? "ở đầu trang" : "ở chân trang", "in the " + *where);
          }
          if (align) {
            asked.Require(p.alignment == *align, std::string(AlignmentVi(*align)),
                          "aligned " + std::string(AlignmentName(*align)));
          }
          asked.AppendWrong(vi, en);
          // Found but wrong in every respect asked still shows the candidate inserted one.
          const double score = asked.Score() == 0 ? 0.5 : 0.5 + asked.Score() / 2;
          Outcome outcome = MakeOutcome(asked.count() == 0 ? 1 : score, vi, en);
          if (!best || outcome.score > best->score) best = std::move(outcome);
        }
      }
    }
    if (!best) return MakeOutcome(0, "Không có số trang", "No page number");
    return std::move(*best);
  };
}

// columns count=N [text="..."] [line=yes|no] — the paragraph containing the text (without text:
// some body paragraph) is set in N columns, with or without a line between them; partial (0.5)
// for N columns with the line wrong.
DocumentCheck CompileColumns(Args& args) {
  const std::optional<int> count = args.Whole("count", 1, 45);
  if (!count) args.Fail("count= is required");
  const std::optional<std::string> text = args.Text("text");
  const std::optional<bool> line = args.Flag("line");
  return [count = count.value_or(1), text, line](const Document& document) {
    const Paragraph* p = nullptr;
    if (text) {
      p = FindParagraph(document.paragraphs, LooseText(*text));
      if (p == nullptr) return NotFound(*text);
    } else {
      for (const Paragraph& q : document.paragraphs) {
        if (q.columns == count && (p == nullptr || (line && q.column_line == *line))) p = &q;
      }
      if (p == nullptr && !document.paragraphs.empty()) p = &document.paragraphs.front();
      if (p == nullptr) return MakeOutcome(0, "Văn bản trống", "The document is empty");
    }
    std::string vi = "Đoạn \"" + Excerpt(p->text) + "\": " + std::to_string(p->columns) + " cột";
    std::string en =
        "Paragraph \"" + Excerpt(p->text) + "\": " + std::to_string(p->columns) + " column(s)";
    if (p->columns > 1) {
      vi += p->column_line ? ", có đường kẻ giữa" : ", không có đường kẻ giữa";
      en += p->column_line ? ", a line between" : ", no line between";
    }
    if (p->columns != count) {
      return MakeOutcome(0, vi + "; yêu cầu " + std::to_string(count) + " cột",
                         en + "; expected " + std::to_string(count) + " columns");
    }
    if (line && p->column_line != *line) {
      return MakeOutcome(0.5, vi + (*line ? "; yêu cầu có đường kẻ giữa" : "; yêu cầu không kẻ"),
                         en + (*line ? "; expected a line between" : "; expected no line"));
    }
    return MakeOutcome(1, std::move(vi), std::move(en));
  };
}

namespace {

bool TableHas(const Table& table, const std::string& wanted) {
  for (const auto& row : table.cells) {
    for (const std::string& cell : row) {
      if (LooseText(cell).find(wanted) != std::string::npos) return true;
    }
  }
  return false;
}

}  // namespace

// table [contains="..."] [texts="a, b"] [rows=] [columns=] [merged=] [borders=] [header_bold=]
// [header_fill=yes|no] — the first table with a cell containing `contains` (or the first table);
// the score is the share of what was asked that holds, each of `texts` counting as one.
DocumentCheck CompileTable(Args& args) {
  struct Wanted {
    std::optional<std::string> contains;
    std::vector<std::string> texts;
    std::optional<int> rows, columns;
    std::optional<bool> merged, borders, header_bold, header_fill;
  } w;
  w.contains = args.Text("contains");
  w.texts = args.List("texts");
  w.rows = args.Whole("rows", 1, 10000);
  w.columns = args.Whole("columns", 1, 64);
  w.merged = args.Flag("merged");
  w.borders = args.Flag("borders");
  w.header_bold = args.Flag("header_bold");
  w.header_fill = args.Flag("header_fill");
  return [w](const Document& document) {
    const Table* table = nullptr;
    for (const Table& t : document.tables) {
      if (!w.contains || TableHas(t, LooseText(*w.contains))) {
        table = &t;
        break;
      }
    }
    if (table == nullptr) {
      if (w.contains && FindParagraph(document.paragraphs, LooseText(*w.contains))) {
        return MakeOutcome(0, "\"" + *w.contains + "\" có trong văn bản nhưng không nằm trong bảng",
                           "\"" + *w.contains + "\" is in the text but not in a table");
      }
      return MakeOutcome(0, "Không có bảng" + (w.contains ? " chứa \"" + *w.contains + "\"" : ""),
                         "No table" + (w.contains ? " containing \"" + *w.contains + "\"" : ""));
    }
    std::string vi = "Bảng " + std::to_string(table->rows) + " dòng × " +
                     std::to_string(table->columns) + " cột";
    std::string en = "Table of " + std::to_string(table->rows) + " rows × " +
                     std::to_string(table->columns) + " columns";
    vi += table->borders ? ", kẻ khung" : ", không kẻ khung đủ";
    en += table->borders ? ", all borders" : ", borders missing";
    if (table->merged) {
      vi += ", có gộp ô";
      en += ", merged cells";
    }
    vi += std::string(table->header_bold ? ", dòng đầu đậm" : ", dòng đầu không đậm") +
          (table->header_fill.empty() ? ", dòng đầu không tô nền"
                                      : ", dòng đầu nền #" + table->header_fill);
    en += std::string(table->header_bold ? ", first row bold" : ", first row not bold") +
          (table->header_fill.empty() ? ", first row unfilled"
                                      : ", first row filled #" + table->header_fill);
    Asked asked;
    if (w.rows) {
      asked.Require(table->rows == *w.rows, std::to_string(*w.rows) + " dòng",
                    std::to_string(*w.rows) + " rows");
    }
    if (w.columns) {
      asked.Require(table->columns == *w.columns, std::to_string(*w.columns) + " cột",
                    std::to_string(*w.columns) + " columns");
    }
    auto flag = [&](const std::optional<bool>& want, bool have, std::string vi_yes,
                    std::string vi_no, std::string en_yes, std::string en_no) {
      if (want) asked.Require(have == *want, *want ? vi_yes : vi_no, *want ? en_yes : en_no);
    };
    flag(w.merged, table->merged, "gộp ô", "không gộp ô", "merged cells", "no merged cells");
    flag(w.borders, table->borders, "kẻ khung", "không kẻ khung", "borders", "no borders");
    flag(w.header_bold, table->header_bold, "dòng đầu đậm", "dòng đầu không đậm", "first row bold",
         "first row not bold");
    flag(w.header_fill, !table->header_fill.empty(), "dòng đầu tô nền", "dòng đầu không tô nền",
         "first row filled", "first row unfilled");
    for (const std::string& text : w.texts) {
      asked.Require(TableHas(*table, LooseText(text)), "ô \"" + text + "\"",
                    "a cell \"" + text + "\"");
    }
    asked.AppendWrong(vi, en);
    return MakeOutcome(asked.Score(), std::move(vi), std::move(en));
  };
}

// image [count=1] [where=body|header] — at least `count` pictures in the body (or in headers and
// footers); partial: the share found.
DocumentCheck CompileImage(Args& args) {
  const int count = args.Whole("count", 1, 1000).value_or(1);
  const bool header = args.OneOf("where", {"body", "header"}).value_or("body") == "header";
  return [count, header](const Document& document) {
    const int found = header ? document.header_images : document.body_images;
    const std::string place_vi = header ? "đầu/chân trang" : "thân văn bản";
    const std::string place_en = header ? "headers and footers" : "the body";
    std::string vi = std::to_string(found) + " hình ảnh trong " + place_vi;
    std::string en = std::to_string(found) + " picture(s) in " + place_en;
    if (found < count) {
      vi += "; yêu cầu ít nhất " + std::to_string(count);
      en += "; at least " + std::to_string(count) + " expected";
    }
    return MakeOutcome(static_cast<double>(found) / count, std::move(vi), std::move(en));
  };
}

// toc [texts="a, b"] — a table of contents (a field or an index, not typed by hand), listing
// each of the texts; partial: the share listed (a table of contents never updated lists none).
DocumentCheck CompileToc(Args& args) {
  const std::vector<std::string> texts = args.List("texts");
  return [texts](const Document& document) {
    if (!document.toc) return MakeOutcome(0, "Không có mục lục tự động", "No table of contents");
    std::string vi = "Mục lục tự động, " + std::to_string(document.toc_entries.size()) + " dòng";
    std::string en =
        "A table of contents of " + std::to_string(document.toc_entries.size()) + " lines";
    Asked asked;
    for (const std::string& text : texts) {
      bool listed = false;
      for (const std::string& entry : document.toc_entries) {
        listed = listed || LooseText(entry).find(LooseText(text)) != std::string::npos;
      }
      asked.Require(listed, "có \"" + text + "\"", "listing \"" + text + "\"");
    }
    asked.AppendWrong(vi, en);
    return MakeOutcome(asked.Score(), std::move(vi), std::move(en));
  };
}

// footnote text="..." [after="..."] — a footnote containing the text, referred to from the
// paragraph containing `after`; partial (0.5): the footnote is elsewhere.
DocumentCheck CompileFootnote(Args& args) {
  const std::string text = args.RequiredText("text");
  const std::optional<std::string> after = args.Text("after");
  return [text, after, wanted = LooseText(text)](const Document& document) {
    for (const Footnote& note : document.footnotes) {
      if (LooseText(note.text).find(wanted) == std::string::npos) continue;
      std::string vi =
          "Chú thích \"" + Excerpt(note.text) + "\" ở đoạn \"" + Excerpt(note.anchor) + "\"";
      std::string en = "Footnote \"" + Excerpt(note.text) + "\" at the paragraph \"" +
                       Excerpt(note.anchor) + "\"";
      if (after && LooseText(note.anchor).find(LooseText(*after)) == std::string::npos) {
        return MakeOutcome(0.5, vi + "; yêu cầu đặt ở đoạn \"" + *after + "\"",
                           en + "; expected at the paragraph \"" + *after + "\"");
      }
      return MakeOutcome(1, std::move(vi), std::move(en));
    }
    if (const Paragraph* p = FindParagraph(document.paragraphs, wanted); p != nullptr) {
      return MakeOutcome(0, "\"" + text + "\" vẫn là đoạn văn thường, không phải chú thích",
                         "\"" + text + "\" is body text, not a footnote");
    }
    return MakeOutcome(0, "Không có chú thích \"" + text + "\"", "No footnote \"" + text + "\"");
  };
}

}  // namespace khaothi::checker::internal
