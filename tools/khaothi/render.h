// Printable and spreadsheet output of the centre's records: certificates as PDF with a QR code
// (cairo + pango for correct Vietnamese shaping, libqrencode), and the documents the centre files
// — the score sheet (bảng điểm) and the master register (sổ gốc) — as PDF laid out as a
// Vietnamese administrative document and as XLSX (libxlsxwriter).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "khaothi/engine/status.h"

namespace khaothi::tools {

using Table = std::vector<std::vector<std::string>>;

// A document in the layout of a Vietnamese administrative document (Nghị định 30/2020 form):
// left header (supervising body, the centre), right header (the national motto and the place and
// date), the title and the lines under it, a table, notes, and the signature blocks.
struct AdminDocument {
  std::string supervisor;             // "SỞ GIÁO DỤC VÀ ĐÀO TẠO LONG AN"; may be empty
  std::string centre;                 // "TRUNG TÂM GDNN-GDTX HUYỆN ĐỨC HÒA"
  std::string place_date;             // "Long An, ngày 15 tháng 12 năm 2026"
  std::string title;                  // "BẢNG ĐIỂM"
  std::vector<std::string> subtitle;  // lines under the title
  std::vector<std::string> header;    // the table's column names
  Table rows;
  // Per column (missing: false). Numeric columns hold marks written "8.5" or "9": numbers in
  // the XLSX (number format "0.00"), "8,50" with a decimal comma in the PDF.
  std::vector<bool> numeric;
  // Per column: never wrapped (serials, register numbers, dates); the column is made wide enough.
  std::vector<bool> nowrap;
  // Per column: share of the width left once the nowrap columns have theirs (missing: 1).
  std::vector<double> weights;
  std::vector<std::string> notes;  // lines under the table
  // Signature blocks, left to right: the title ("NGƯỜI LẬP BIỂU"), the line under it
  // ("(Ký, ghi rõ họ tên)") and the name (may be empty: written by hand).
  struct Signature {
    std::string title;
    std::string hint;
    std::string name;
  };
  std::vector<Signature> signatures;
};

// A4 landscape pages; the table's header is repeated on each page, the pages are numbered.
Status WriteDocumentPdf(const std::string& path, const AdminDocument& doc);
// One sheet named `sheet` (at most 31 characters, Vietnamese allowed): the headers, the title,
// the table with its header row bold, the notes and the signature titles.
Status WriteDocumentXlsx(const std::string& path, const std::string& sheet,
                         const AdminDocument& doc);

// "8.5" -> "8,50": a mark with two decimals and a decimal comma. Other text is returned as is.
std::string DecimalComma(std::string_view mark);
// 'YYYY-MM-DD' -> "ngày 15 tháng 12 năm 2026" (empty for a malformed date).
std::string VietnameseLongDate(std::string_view iso);
// "Long An, ngày 15 tháng 12 năm 2026", or "Ngày 15 tháng 12 năm 2026" when `place` is empty.
std::string PlaceAndDate(std::string_view place, std::string_view iso);
// The name of a blueprint part or sub-part as printed ("theory" -> "Lý thuyết", "van-ban" ->
// "Văn bản"); an unknown name is returned as is.
std::string PartLabel(std::string_view name, bool english);
// Sort key putting the theory (multiple-choice) part before the others.
int PartRank(std::string_view name);

struct CertificatePage {
  std::string centre_name;
  std::string title;  // "CHỨNG CHỈ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN CƠ BẢN", drawn on one line
  std::vector<std::pair<std::string, std::string>> lines;  // label, value
  std::string place_date;  // "Cần Thơ, ngày 15 tháng 12 năm 2026"
  std::string signer_title;
  std::string signer_name;
  std::string serial;       // printed bottom left with the register number
  std::string register_no;  // "000001/2026"
  std::string qr_payload;   // the compact token (or, for an old certificate, the envelope's)
  // The digital copy says "(Đã ký số)" under the signer's title; the paper copy leaves room for
  // the hand signature and the seal instead.
  bool digital = false;
};

// One A4 landscape page per certificate, with a 3×4 cm photo box and the QR code bottom left.
Status WriteCertificatesPdf(const std::string& path, const std::vector<CertificatePage>& pages);

}  // namespace khaothi::tools
