// The national export (issue 20 item 5; docs/registry.md "National export"): every certificate
// the registry holds, filtered by province, centre and period, as CSV or XML, with the fields
// of Thông tư 10/2026 as far as they are published and the status (valid or revoked, with the
// revocation's date, reason and decision).
//
// Rows are streamed: they are read in pages of `page_rows` by arrival order (keyset on seq,
// never OFFSET) inside one REPEATABLE READ transaction, so the export is one consistent
// snapshot whatever is pushed meanwhile, and memory stays one page whatever the size.
//
//   CSV  RFC 4180: UTF-8 without a byte-order mark, CRLF line ends, a header row of the column
//        names below, a field quoted when it holds a comma, a quote, CR or LF (quotes doubled).
//   XML  1.0, UTF-8, root <certificates xmlns="urn:khaothi:registry:certificates:1" version="1">,
//        one <certificate> per row with one element per column (scores as
//        <scores><score part="...">7.50</score>...</scores>); text escaped; a character XML 1.0
//        cannot carry (C0 controls but tab, CR, LF) written as U+FFFD.
//
// Columns, in order (ExportColumns): record_id, kind, status, centre_code, centre_name,
// province, cert_type, title, serial, register, year, full_name, date_of_birth, sex,
// place_of_birth, exam_date, scores, result, decision_no, decision_date, issued_date,
// issue_place, signer_name, signer_title, revoked_date, revocation_reason,
// revocation_decision_no, content_sha256, key_id. No ID number: the registry does not hold it
// (v2 records carry a salted hash only; v1 records' clear number is not exported either).
//
// Thread safety: uses the caller's Connection.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/engine/status.h"
#include "khaothi/registry/pg.h"

namespace khaothi::registry {

enum class ExportFormat { kCsv, kXml };

struct ExportFilter {
  std::string province;  // "": all; else centres whose province matches (as names, NameKey)
  std::string centre;    // "": all; else this centre's code
  std::string from;      // "": no lower bound; else 'YYYY-MM-DD', the issue date at or after
  std::string to;        // "": no upper bound; else 'YYYY-MM-DD', the issue date at or before
  int page_rows = 1000;  // rows read from PostgreSQL at a time
};

// The column names, in order.
const std::vector<std::string_view>& ExportColumns();

// "csv" or "xml"; kInvalidArgument otherwise.
Result<ExportFormat> ParseExportFormat(std::string_view name);

// Checks `filter` against the database before anything is written: kInvalidArgument for a date
// that is not YYYY-MM-DD or `from` after `to`; kNotFound for an unknown centre, or a province no
// centre is in.
Status CheckExportFilter(pg::Connection& conn, const ExportFilter& filter);

// Writes the export to `sink` in pieces (the header, then one piece per page of rows, then the
// footer) and returns the number of certificates. Stops at the first error of the sink or the
// database and returns it (what was written before stays written: write to a temporary file
// and rename it on success). REQUIRES: CheckExportFilter(conn, filter) is ok.
Result<int64_t> ExportCertificates(pg::Connection& conn, const ExportFilter& filter,
                                   ExportFormat format,
                                   const std::function<Status(std::string_view)>& sink);

// ExportCertificates into the file `path`, written as `path`.tmp and renamed to `path` only when
// everything was written: on any error the temporary file is removed, and no file `path` appears
// (an existing one is left as it was). kIoError when the file cannot be written.
Result<int64_t> ExportToFile(pg::Connection& conn, const ExportFilter& filter, ExportFormat format,
                             const std::string& path);

}  // namespace khaothi::registry
