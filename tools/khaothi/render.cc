#include "render.h"

#include <algorithm>
#include <cairo.h>
#include <memory>
#include <optional>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <xlsxwriter.h>

#include "khaothi/engine/blueprint.h"

#include <cairo-pdf.h>

namespace khaothi::tools {
namespace {

constexpr double kA4Long = 841.89;   // points
constexpr double kA4Short = 595.28;  // points

struct Surface {
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
  ~Surface() {
    if (cr != nullptr) {
      cairo_destroy(cr);
    }
    if (surface != nullptr) {
      cairo_surface_destroy(surface);
    }
  }
};

Status OpenPdf(const std::string& path, Surface& s) {
  s.surface = cairo_pdf_surface_create(path.c_str(), kA4Long, kA4Short);
  if (cairo_surface_status(s.surface) != CAIRO_STATUS_SUCCESS) {
    return Status::IoError(path + ": cannot create the PDF");
  }
  s.cr = cairo_create(s.surface);
  return Status::Ok();
}

Status ClosePdf(const std::string& path, Surface& s) {
  cairo_destroy(s.cr);
  s.cr = nullptr;
  cairo_surface_finish(s.surface);
  const cairo_status_t st = cairo_surface_status(s.surface);
  cairo_surface_destroy(s.surface);
  s.surface = nullptr;
  return st == CAIRO_STATUS_SUCCESS ? Status::Ok()
                                    : Status::IoError(path + ": " + cairo_status_to_string(st));
}

PangoLayout* Layout(cairo_t* cr, const std::string& text, const std::string& font, double width,
                    PangoAlignment align, bool wrap) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* desc = pango_font_description_from_string(font.c_str());
  pango_layout_set_font_description(layout, desc);
  pango_font_description_free(desc);
  if (wrap) {
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    // Words first; a single word wider than the box is broken only as the last resort.
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  } else {
    pango_layout_set_width(layout, -1);  // one line, however long
  }
  pango_layout_set_alignment(layout, align);
  pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
  return layout;
}

// Draws `text` with `font` ("DejaVu Serif Bold 20") at (x, y), in a box of `width` with the
// alignment; returns the height used. Without `wrap` the text stays on one line.
double Text(cairo_t* cr, const std::string& text, const std::string& font, double x, double y,
            double width, PangoAlignment align = PANGO_ALIGN_LEFT, bool wrap = true) {
  PangoLayout* layout = Layout(cr, text, font, width, align, wrap);
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout, &w, &h);
  if (!wrap && align != PANGO_ALIGN_LEFT) {
    const double free = width - static_cast<double>(w) / PANGO_SCALE;
    x += align == PANGO_ALIGN_CENTER ? free / 2 : free;
  }
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
  g_object_unref(layout);
  return static_cast<double>(h) / PANGO_SCALE;
}

// The width of `text` on one line.
double TextWidth(cairo_t* cr, const std::string& text, const std::string& font) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* desc = pango_font_description_from_string(font.c_str());
  pango_layout_set_font_description(layout, desc);
  pango_font_description_free(desc);
  pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout, &w, &h);
  g_object_unref(layout);
  return static_cast<double>(w) / PANGO_SCALE;
}

// "DejaVu Serif Bold N" with the largest N <= `max_size` that keeps `text` on one line of `width`.
std::string FitFont(cairo_t* cr, const std::string& text, const std::string& family,
                    double max_size, double width) {
  double size = max_size;
  while (size > 6 && TextWidth(cr, text, family + " " + std::to_string(size)) > width) {
    size -= 0.5;
  }
  return family + " " + std::to_string(size);
}

void Line(cairo_t* cr, double x1, double y, double x2) {
  cairo_set_line_width(cr, 0.6);
  cairo_move_to(cr, x1, y);
  cairo_line_to(cr, x2, y);
  cairo_stroke(cr);
}

void DrawQr(cairo_t* cr, const std::string& payload, double x, double y, double size) {
  QRcode* qr =
      QRcode_encodeData(static_cast<int>(payload.size()),
                        reinterpret_cast<const unsigned char*>(payload.data()), 0, QR_ECLEVEL_M);
  if (qr == nullptr) {
    return;
  }
  const int n = qr->width;
  const double cell = size / (n + 8);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, size, size);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      if ((qr->data[r * n + c] & 1) != 0) {
        cairo_rectangle(cr, x + (c + 4) * cell, y + (r + 4) * cell, cell, cell);
      }
    }
  }
  cairo_fill(cr);
  QRcode_free(qr);
}

std::optional<double> AsNumber(const std::string& s) {
  if (s.empty() || s.size() > 12) {
    return std::nullopt;
  }
  std::optional<engine::Points> p = engine::ParsePoints(s);
  if (!p) {
    return std::nullopt;
  }
  return static_cast<double>(p->ten_thousandths) / engine::Points::kOne;
}

bool Flag(const std::vector<bool>& v, size_t i) { return i < v.size() && v[i]; }

constexpr const char* kSerif = "DejaVu Serif";
constexpr const char* kMotto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
constexpr const char* kMotto2 = "Độc lập - Tự do - Hạnh phúc";

// The two header blocks, the title and its lines; returns the y below them.
double DrawAdminHeader(cairo_t* cr, const AdminDocument& doc, double margin, double usable) {
  const double left_w = usable * 0.42;
  const double right_x = margin + usable * 0.44;
  const double right_w = usable * 0.56;
  double ly = margin;
  if (!doc.supervisor.empty()) {
    ly += Text(cr, doc.supervisor, "DejaVu Serif 10.5", margin, ly, left_w, PANGO_ALIGN_CENTER);
  }
  ly += Text(cr, doc.centre, "DejaVu Serif Bold 10.5", margin, ly, left_w, PANGO_ALIGN_CENTER) + 3;
  Line(cr, margin + left_w * 0.3, ly, margin + left_w * 0.7);
  double ry = margin;
  ry += Text(cr, kMotto, "DejaVu Serif Bold 10.5", right_x, ry, right_w, PANGO_ALIGN_CENTER);
  const double motto_w = TextWidth(cr, kMotto2, "DejaVu Serif Bold 11");
  ry += Text(cr, kMotto2, "DejaVu Serif Bold 11", right_x, ry, right_w, PANGO_ALIGN_CENTER) + 2;
  Line(cr, right_x + (right_w - motto_w) / 2, ry, right_x + (right_w + motto_w) / 2);
  ry += 8;
  ry += Text(cr, doc.place_date, "DejaVu Serif Italic 10.5", right_x, ry, right_w,
             PANGO_ALIGN_CENTER);
  double y = std::max(ly, ry) + 14;
  y += Text(cr, doc.title, "DejaVu Serif Bold 14", margin, y, usable, PANGO_ALIGN_CENTER) + 2;
  for (const std::string& line : doc.subtitle) {
    y += Text(cr, line, "DejaVu Serif 10.5", margin, y, usable, PANGO_ALIGN_CENTER);
  }
  return y + 10;
}

}  // namespace

std::string DecimalComma(std::string_view mark) {
  std::optional<engine::Points> p = engine::ParsePoints(mark);
  if (!p) {
    return std::string(mark);
  }
  // Round half up to two decimals (marks are kept with at most two by the scoring policy).
  const int64_t hundredths = (p->ten_thousandths + 50) / 100;
  std::string s = std::to_string(hundredths / 100) + ",";
  const int64_t frac = hundredths % 100;
  s += static_cast<char>('0' + frac / 10);
  s += static_cast<char>('0' + frac % 10);
  return s;
}

std::string VietnameseLongDate(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') {
    return {};
  }
  return "ngày " + std::string(iso.substr(8, 2)) + " tháng " + std::string(iso.substr(5, 2)) +
         " năm " + std::string(iso.substr(0, 4));
}

std::string PlaceAndDate(std::string_view place, std::string_view iso) {
  std::string date = VietnameseLongDate(iso);
  if (place.empty()) {
    if (!date.empty()) {
      date[0] = 'N';
    }
    return date;
  }
  return std::string(place) + ", " + date;
}

std::string PartLabel(std::string_view name, bool english) {
  struct Label {
    const char* name;
    const char* vi;
    const char* en;
  };
  static constexpr Label kLabels[] = {
      {"theory", "Lý thuyết", "Theory"},
      {"practical", "Thực hành", "Practical"},
      {"van-ban", "Văn bản", "Word processing"},
      {"bang-tinh", "Bảng tính", "Spreadsheets"},
      {"trinh-chieu", "Trình chiếu", "Presentations"},
  };
  for (const Label& l : kLabels) {
    if (name == l.name) {
      return english ? l.en : l.vi;
    }
  }
  return std::string(name);
}

int PartRank(std::string_view name) { return name == "theory" ? 0 : 1; }

Status WriteDocumentXlsx(const std::string& path, const std::string& sheet,
                         const AdminDocument& doc) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) {
    return Status::IoError(path + ": cannot create the workbook");
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.c_str());
  if (ws == nullptr) {
    workbook_close(wb);
    return Status::InvalidArgument("'" + sheet + "' cannot name a worksheet");
  }
  auto format = [&](bool bold, bool italic, bool centre) {
    lxw_format* f = workbook_add_format(wb);
    if (bold) {
      format_set_bold(f);
    }
    if (italic) {
      format_set_italic(f);
    }
    if (centre) {
      format_set_align(f, LXW_ALIGN_CENTER);
    }
    return f;
  };
  lxw_format* head = format(false, false, true);
  lxw_format* head_bold = format(true, false, true);
  lxw_format* head_italic = format(false, true, true);
  lxw_format* cell = workbook_add_format(wb);
  format_set_border(cell, LXW_BORDER_THIN);
  format_set_text_wrap(cell);
  format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_border(header, LXW_BORDER_THIN);
  format_set_text_wrap(header);
  format_set_align(header, LXW_ALIGN_CENTER);
  format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
  lxw_format* mark = workbook_add_format(wb);
  format_set_border(mark, LXW_BORDER_THIN);
  format_set_num_format(mark, "0.00");
  format_set_align(mark, LXW_ALIGN_VERTICAL_TOP);

  const auto n = static_cast<lxw_col_t>(std::max<size_t>(doc.header.size(), 2));
  const lxw_col_t split = n / 2;
  auto merged = [&](lxw_row_t row, lxw_col_t first, lxw_col_t last, const std::string& text,
                    lxw_format* f) {
    if (first == last) {
      worksheet_write_string(ws, row, first, text.c_str(), f);
    } else {
      worksheet_merge_range(ws, row, first, row, last, text.c_str(), f);
    }
  };
  merged(0, 0, split - 1, doc.supervisor, head);
  merged(1, 0, split - 1, doc.centre, head_bold);
  merged(0, split, n - 1, kMotto, head_bold);
  merged(1, split, n - 1, kMotto2, head_bold);
  merged(2, split, n - 1, doc.place_date, head_italic);
  lxw_row_t row = 4;
  merged(row++, 0, n - 1, doc.title, head_bold);
  for (const std::string& line : doc.subtitle) {
    merged(row++, 0, n - 1, line, head);
  }
  ++row;
  for (size_t c = 0; c < doc.header.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    worksheet_write_string(ws, row, col, doc.header[c].c_str(), header);
    double width = c == 0 ? 6 : 14;
    for (const auto& r : doc.rows) {
      if (c < r.size() && !Flag(doc.numeric, c)) {
        width = std::max(width, std::min(40.0, static_cast<double>(r[c].size()) * 0.9 + 2));
      }
    }
    worksheet_set_column(ws, col, col, width, nullptr);
  }
  ++row;
  for (const auto& r : doc.rows) {
    for (size_t c = 0; c < r.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      // Marks are numbers (SUM and averages work on them); serials and register numbers keep
      // their leading zeros as text.
      if (std::optional<double> v = AsNumber(r[c]); v && Flag(doc.numeric, c)) {
        worksheet_write_number(ws, row, col, *v, mark);
      } else {
        worksheet_write_string(ws, row, col, r[c].c_str(), cell);
      }
    }
    ++row;
  }
  ++row;
  for (const std::string& note : doc.notes) {
    worksheet_write_string(ws, row++, 0, note.c_str(), nullptr);
  }
  ++row;
  const size_t signatures = doc.signatures.size();
  for (size_t i = 0; i < signatures; ++i) {
    const auto first = static_cast<lxw_col_t>(i * n / signatures);
    const auto last = static_cast<lxw_col_t>((i + 1) * n / signatures - 1);
    merged(row, first, last, doc.signatures[i].title, head_bold);
    merged(row + 1, first, last, doc.signatures[i].hint, head_italic);
    merged(row + 6, first, last, doc.signatures[i].name, head_bold);
  }
  const lxw_error err = workbook_close(wb);
  return err == LXW_NO_ERROR ? Status::Ok() : Status::IoError(path + ": " + lxw_strerror(err));
}

Status WriteDocumentPdf(const std::string& path, const AdminDocument& doc) {
  Surface s;
  KHAOTHI_RETURN_IF_ERROR(OpenPdf(path, s));
  cairo_t* cr = s.cr;
  const double margin = 36;
  const double usable = kA4Long - 2 * margin;
  const double bottom = kA4Short - margin - 14;  // the page number goes below
  const size_t n = std::max<size_t>(doc.header.size(), 1);
  const std::string font = "DejaVu Sans 8";
  const std::string bold = "DejaVu Sans Bold 8";
  // Column widths. Each column is at least as wide as its widest word (a nowrap column: its
  // widest cell), so nothing is broken inside a word; nowrap
  // and numeric columns get just that, the others share the rest by weight.
  auto words = [](const std::string& text) {
    std::vector<std::string> out;
    std::string word;
    for (char ch : text) {
      if (ch == ' ' || ch == '\n') {
        out.push_back(word);
        word.clear();
      } else {
        word.push_back(ch);
      }
    }
    out.push_back(word);
    return out;
  };
  std::vector<double> min_width(n, 0);
  for (size_t c = 0; c < n; ++c) {
    const std::string head = c < doc.header.size() ? doc.header[c] : "";
    for (const std::string& w : words(head)) {
      min_width[c] = std::max(min_width[c], TextWidth(cr, w, bold));
    }
    for (const auto& r : doc.rows) {
      const std::string cell =
          c < r.size() ? (Flag(doc.numeric, c) ? DecimalComma(r[c]) : r[c]) : "";
      for (const std::string& w :
           Flag(doc.nowrap, c) ? std::vector<std::string>{cell} : words(cell)) {
        min_width[c] = std::max(min_width[c], TextWidth(cr, w, font));
      }
    }
    min_width[c] += 8;
  }
  std::vector<double> widths(n, 0);
  double fixed = 0;
  double weights = 0;
  auto fixed_width = [&](size_t c) { return Flag(doc.nowrap, c) || Flag(doc.numeric, c); };
  for (size_t c = 0; c < n; ++c) {
    if (fixed_width(c)) {
      widths[c] = min_width[c] + (Flag(doc.numeric, c) ? 6 : 0);
      fixed += widths[c];
    } else {
      weights += c < doc.weights.size() ? doc.weights[c] : 1.0;
    }
  }
  double total = fixed;
  for (size_t c = 0; c < n; ++c) {
    if (!fixed_width(c)) {
      widths[c] = std::max(min_width[c], (usable - fixed) *
                                             (c < doc.weights.size() ? doc.weights[c] : 1.0) /
                                             std::max(weights, 1e-9));
      total += widths[c];
    }
  }
  // Too wide: take the excess from what the wrapping columns have above their minimum.
  double slack = 0;
  for (size_t c = 0; c < n; ++c) {
    slack += fixed_width(c) ? 0 : widths[c] - min_width[c];
  }
  if (total > usable && slack > 0) {
    const double keep = std::max(0.0, 1 - (total - usable) / slack);
    for (size_t c = 0; c < n; ++c) {
      if (!fixed_width(c)) {
        widths[c] = min_width[c] + (widths[c] - min_width[c]) * keep;
      }
    }
  }
  double y = margin;
  int page = 1;
  auto end_page = [&] {
    Text(cr, "Trang " + std::to_string(page++), font, margin, kA4Short - margin, usable,
         PANGO_ALIGN_RIGHT);
    cairo_show_page(cr);
    y = margin;
  };
  auto row_height = [&](const std::vector<std::string>& cells, const std::string& f, bool head) {
    double h = 0;
    for (size_t c = 0; c < n; ++c) {
      const std::string text = c < cells.size() ? cells[c] : "";
      const bool number = Flag(doc.numeric, c) && !head;
      PangoLayout* layout = Layout(cr, number ? DecimalComma(text) : text, f, widths[c] - 6,
                                   PANGO_ALIGN_LEFT, head || !Flag(doc.nowrap, c));
      int w = 0;
      int lh = 0;
      pango_layout_get_size(layout, &w, &lh);
      g_object_unref(layout);
      h = std::max(h, static_cast<double>(lh) / PANGO_SCALE);
    }
    return h + 6;
  };
  auto draw_row = [&](const std::vector<std::string>& cells, const std::string& f, bool head) {
    const double h = row_height(cells, f, head);
    double x = margin;
    for (size_t c = 0; c < n; ++c) {
      const std::string text = c < cells.size() ? cells[c] : "";
      const bool number = Flag(doc.numeric, c) && !head;
      Text(cr, number ? DecimalComma(text) : text, f, x + 3, y + 3, widths[c] - 6,
           head || number || c == 0 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT,
           head || !Flag(doc.nowrap, c));
      cairo_set_line_width(cr, 0.5);
      cairo_rectangle(cr, x, y, widths[c], h);
      cairo_stroke(cr);
      x += widths[c];
    }
    y += h;
  };
  y = DrawAdminHeader(cr, doc, margin, usable);
  draw_row(doc.header, bold, true);
  for (const auto& r : doc.rows) {
    if (y + row_height(r, font, false) > bottom) {
      end_page();
      draw_row(doc.header, bold, true);
    }
    draw_row(r, font, false);
  }
  y += 6;
  for (const std::string& note : doc.notes) {
    if (y + 14 > bottom) {
      end_page();
    }
    y += Text(cr, note, "DejaVu Serif 10", margin, y, usable);
  }
  if (!doc.signatures.empty()) {
    const double needed = 95;
    if (y + 10 + needed > bottom) {
      end_page();
    }
    y += 10;
    const double w = usable / static_cast<double>(doc.signatures.size());
    for (size_t i = 0; i < doc.signatures.size(); ++i) {
      const AdminDocument::Signature& sig = doc.signatures[i];
      const double x = margin + w * static_cast<double>(i);
      double sy = y;
      sy += Text(cr, sig.title, "DejaVu Serif Bold 10.5", x, sy, w, PANGO_ALIGN_CENTER);
      Text(cr, sig.hint, "DejaVu Serif Italic 9.5", x, sy, w, PANGO_ALIGN_CENTER);
      Text(cr, sig.name, "DejaVu Serif Bold 10.5", x, y + 80, w, PANGO_ALIGN_CENTER);
    }
  }
  end_page();
  return ClosePdf(path, s);
}

Status WriteCertificatesPdf(const std::string& path, const std::vector<CertificatePage>& pages) {
  Surface s;
  KHAOTHI_RETURN_IF_ERROR(OpenPdf(path, s));
  cairo_t* cr = s.cr;
  for (const CertificatePage& p : pages) {
    // Border.
    cairo_set_source_rgb(cr, 0.1, 0.2, 0.5);
    cairo_set_line_width(cr, 3);
    cairo_rectangle(cr, 20, 20, kA4Long - 40, kA4Short - 40);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, 27, 27, kA4Long - 54, kA4Short - 54);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    const double left = 60;
    const double width = kA4Long - 120;
    double y = 42;
    y += Text(cr, kMotto, "DejaVu Serif Bold 12", left, y, width, PANGO_ALIGN_CENTER);
    const double motto_w = TextWidth(cr, kMotto2, "DejaVu Serif Bold 12");
    y += Text(cr, kMotto2, "DejaVu Serif Bold 12", left, y, width, PANGO_ALIGN_CENTER) + 1;
    Line(cr, left + (width - motto_w) / 2, y, left + (width + motto_w) / 2);
    y += 10;
    y += Text(cr, p.centre_name, "DejaVu Serif Bold 13", left, y, width, PANGO_ALIGN_CENTER) + 2;
    y += Text(cr, "cấp", "DejaVu Serif Italic 11", left, y, width, PANGO_ALIGN_CENTER) + 4;
    // The title on one line: the font shrinks until it fits rather than break the phrase.
    cairo_set_source_rgb(cr, 0.7, 0.05, 0.05);
    y += Text(cr, p.title, FitFont(cr, p.title, "DejaVu Serif Bold", 20, width - 40), left, y,
              width, PANGO_ALIGN_CENTER, false) +
         12;
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (const auto& [label, value] : p.lines) {
      Text(cr, label, "DejaVu Serif 12", left + 110, y, 200);
      y += Text(cr, value, "DejaVu Serif Bold 12", left + 300, y, width - 410) + 3;
    }
    // Bottom left: the photo (3×4 cm), the QR code, the serial and the register number.
    const double cm = 72 / 2.54;
    const double photo_w = 3 * cm;
    const double photo_h = 4 * cm;
    const double photo_y = kA4Short - 40 - photo_h;
    cairo_set_line_width(cr, 0.6);
    cairo_rectangle(cr, left, photo_y, photo_w, photo_h);
    cairo_stroke(cr);
    Text(cr, "Ảnh\n3 × 4", "DejaVu Sans 8", left, photo_y + photo_h / 2 - 10, photo_w,
         PANGO_ALIGN_CENTER);
    const double qr_size = 5 * cm;  // 50 mm: a phone reads it from a 150-dpi print
    const double qr_x = left + photo_w + 12;
    DrawQr(cr, p.qr_payload, qr_x, kA4Short - 36 - qr_size, qr_size);
    Text(cr, "Số hiệu: " + p.serial, "DejaVu Sans 9", left, photo_y - 64, 300, PANGO_ALIGN_LEFT,
         false);
    Text(cr, "Số vào sổ cấp chứng chỉ: " + p.register_no, "DejaVu Sans 9", left, photo_y - 51, 300,
         PANGO_ALIGN_LEFT, false);
    // Bottom right: place and date, the signer's title, room for the signature and the seal
    // (or "(Đã ký số)" on the digital copy), the signer's name.
    const double sx = kA4Long - 60 - 300;
    double sy = kA4Short - 40 - 140;
    sy += Text(cr, p.place_date, "DejaVu Serif Italic 11", sx, sy, 300, PANGO_ALIGN_CENTER) + 2;
    sy += Text(cr, p.signer_title, "DejaVu Serif Bold 12", sx, sy, 300, PANGO_ALIGN_CENTER);
    if (p.digital) {
      Text(cr, "(Đã ký số)", "DejaVu Serif Italic 9", sx, sy + 14, 300, PANGO_ALIGN_CENTER);
    }
    Text(cr, p.signer_name, "DejaVu Serif Bold 12", sx, kA4Short - 40 - 18, 300,
         PANGO_ALIGN_CENTER);
    cairo_show_page(cr);
  }
  return ClosePdf(path, s);
}

}  // namespace khaothi::tools
