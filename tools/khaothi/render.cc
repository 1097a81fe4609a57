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

// Draws `text` with `font` ("DejaVu Serif Bold 20") at (x, y), in a box of `width` with the
// alignment; returns the height used.
double Text(cairo_t* cr, const std::string& text, const char* font, double x, double y,
            double width, PangoAlignment align = PANGO_ALIGN_LEFT) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* desc = pango_font_description_from_string(font);
  pango_layout_set_font_description(layout, desc);
  pango_font_description_free(desc);
  pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout, align);
  pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout, &w, &h);
  g_object_unref(layout);
  return static_cast<double>(h) / PANGO_SCALE;
}

void DrawQr(cairo_t* cr, const std::string& payload, double x, double y, double size) {
  QRcode* qr =
      QRcode_encodeData(static_cast<int>(payload.size()),
                        reinterpret_cast<const unsigned char*>(payload.data()), 0, QR_ECLEVEL_L);
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

}  // namespace

Status WriteXlsx(const std::string& path, const std::string& sheet_name, const std::string& title,
                 const std::vector<std::string>& header, const Table& rows) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) {
    return Status::IoError(path + ": cannot create the workbook");
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name.c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  worksheet_write_string(ws, 0, 0, title.c_str(), bold);
  for (size_t c = 0; c < header.size(); ++c) {
    worksheet_write_string(ws, 2, static_cast<lxw_col_t>(c), header[c].c_str(), bold);
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), c == 0 ? 8 : 18,
                         nullptr);
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 3);
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      // Register numbers and serials keep their leading zeros: only scores become numbers.
      if (std::optional<double> n = AsNumber(rows[r][c]);
          n && rows[r][c].find('.') != std::string::npos) {
        worksheet_write_number(ws, row, col, *n, nullptr);
      } else {
        worksheet_write_string(ws, row, col, rows[r][c].c_str(), nullptr);
      }
    }
  }
  const lxw_error err = workbook_close(wb);
  return err == LXW_NO_ERROR ? Status::Ok() : Status::IoError(path + ": " + lxw_strerror(err));
}

Status WriteTablePdf(const std::string& path, const std::string& title,
                     const std::vector<std::string>& header, const Table& rows) {
  Surface s;
  KHAOTHI_RETURN_IF_ERROR(OpenPdf(path, s));
  cairo_t* cr = s.cr;
  const double margin = 30;
  const double usable = kA4Long - 2 * margin;
  const size_t n = std::max<size_t>(header.size(), 1);
  // Column widths: the first (STT-like) narrow, the rest shared.
  std::vector<double> widths(n, (usable - 40) / static_cast<double>(n - 1 == 0 ? 1 : n - 1));
  widths[0] = n == 1 ? usable : 40;
  const char* font = "DejaVu Sans 7.5";
  const char* bold = "DejaVu Sans Bold 7.5";
  size_t next = 0;
  int page = 1;
  do {
    double y = margin;
    y += Text(cr, title, "DejaVu Serif Bold 13", margin, y, usable, PANGO_ALIGN_CENTER) + 8;
    auto draw_row = [&](const std::vector<std::string>& cells, const char* f) {
      double x = margin;
      double h = 0;
      for (size_t c = 0; c < n; ++c) {
        h = std::max(h, Text(cr, c < cells.size() ? cells[c] : "", f, x + 2, y + 2, widths[c] - 4));
        x += widths[c];
      }
      h += 4;
      cairo_set_line_width(cr, 0.4);
      x = margin;
      for (size_t c = 0; c < n; ++c) {
        cairo_rectangle(cr, x, y, widths[c], h);
        x += widths[c];
      }
      cairo_stroke(cr);
      y += h;
    };
    draw_row(header, bold);
    while (next < rows.size() && y < kA4Short - margin - 40) {
      draw_row(rows[next], font);
      ++next;
    }
    Text(cr, "Trang " + std::to_string(page++), font, margin, kA4Short - margin - 10, usable,
         PANGO_ALIGN_RIGHT);
    cairo_show_page(cr);
  } while (next < rows.size());
  return ClosePdf(path, s);
}

// The "ĐÃ THU HỒI" stamp of a revoked certificate's copy: a red frame across the middle of the
// page over everything else, with the revocation's details below the words.
void DrawRevokedMark(cairo_t* cr, const std::vector<std::string>& lines) {
  const double w = kA4Long - 200;
  const double x = 100;
  const double y = kA4Short / 2 - 70;
  std::string details;
  for (const std::string& l : lines) {
    details += (details.empty() ? "" : "\n") + l;
  }
  cairo_save(cr);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_rectangle(cr, x, y, w, 150);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.8, 0, 0);
  cairo_set_line_width(cr, 4);
  cairo_rectangle(cr, x, y, w, 150);
  cairo_stroke(cr);
  double ty = y + 10;
  ty += Text(cr, "ĐÃ THU HỒI", "DejaVu Sans Bold 44", x, ty, w, PANGO_ALIGN_CENTER) + 4;
  Text(cr, details, "DejaVu Sans Bold 12", x + 10, ty, w - 20, PANGO_ALIGN_CENTER);
  cairo_restore(cr);
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
    double y = 45;
    y += Text(cr, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "DejaVu Serif Bold 12", left, y, width,
              PANGO_ALIGN_CENTER);
    y += Text(cr, "Độc lập - Tự do - Hạnh phúc", "DejaVu Serif Bold 11", left, y, width,
              PANGO_ALIGN_CENTER) +
         10;
    y += Text(cr, p.centre_name, "DejaVu Serif Bold 13", left, y, width, PANGO_ALIGN_CENTER) + 4;
    y += Text(cr, "cấp", "DejaVu Serif Italic 11", left, y, width, PANGO_ALIGN_CENTER) + 6;
    cairo_set_source_rgb(cr, 0.7, 0.05, 0.05);
    y += Text(cr, p.title, "DejaVu Serif Bold 19", left, y, width, PANGO_ALIGN_CENTER) + 10;
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (const auto& [label, value] : p.lines) {
      Text(cr, label, "DejaVu Serif 12", left + 80, y, 200);
      y += Text(cr, value, "DejaVu Serif Bold 12", left + 280, y, width - 420) + 2;
    }
    const double qr_size = 118;
    DrawQr(cr, p.qr_payload, left - 10, kA4Short - 36 - qr_size, qr_size);
    Text(cr, "Số hiệu: " + p.serial + "\nSố vào sổ cấp chứng chỉ: " + p.register_no,
         "DejaVu Sans 9", left + qr_size, kA4Short - 70, 260);
    const double sx = kA4Long - 60 - 300;
    double sy = kA4Short - 40 - 120;
    sy += Text(cr, p.place_date, "DejaVu Serif Italic 11", sx, sy, 300, PANGO_ALIGN_CENTER) + 2;
    sy += Text(cr, p.signer_title, "DejaVu Serif Bold 12", sx, sy, 300, PANGO_ALIGN_CENTER);
    Text(cr, "(Đã ký số)", "DejaVu Serif Italic 9", sx, sy + 14, 300, PANGO_ALIGN_CENTER);
    Text(cr, p.signer_name, "DejaVu Serif Bold 12", sx, sy + 60, 300, PANGO_ALIGN_CENTER);
    if (!p.revoked_mark.empty()) {
      DrawRevokedMark(cr, p.revoked_mark);
    }
    cairo_show_page(cr);
  }
  return ClosePdf(path, s);
}

}  // namespace khaothi::tools
