// Printable and spreadsheet output of the head of centre's records: certificates as PDF with a
// QR code (cairo + pango for correct Vietnamese shaping, libqrencode), tables as PDF (the master
// register, sổ gốc) and as XLSX (libxlsxwriter).
#pragma once

#include <string>
#include <vector>

#include "khaothi/engine/status.h"

namespace khaothi::tools {

using Table = std::vector<std::vector<std::string>>;

// One sheet: a title row, the header row (bold) and the rows, every cell as text except cells
// that parse as a plain decimal number, which are written as numbers.
Status WriteXlsx(const std::string& path, const std::string& sheet, const std::string& title,
                 const std::vector<std::string>& header, const Table& rows);

// A table on A4 landscape pages, the header repeated on each page.
Status WriteTablePdf(const std::string& path, const std::string& title,
                     const std::vector<std::string>& header, const Table& rows);

struct CertificatePage {
  std::string centre_name;
  std::string title;  // "CHỨNG CHỈ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN CƠ BẢN"
  std::vector<std::pair<std::string, std::string>> lines;  // label, value
  std::string place_date;  // "Cần Thơ, ngày 15 tháng 12 năm 2026"
  std::string signer_title;
  std::string signer_name;
  std::string serial;  // printed bottom left with the register number
  std::string register_no;
  std::string qr_payload;  // the token (signed record)
  // Not empty for a revoked certificate's file copy: drawn in red across the page, under a large
  // "ĐÃ THU HỒI", so that the copy can never pass for a valid certificate.
  std::vector<std::string> revoked_mark;
};

// One A4 landscape page per certificate.
Status WriteCertificatesPdf(const std::string& path, const std::vector<CertificatePage>& pages);

}  // namespace khaothi::tools
