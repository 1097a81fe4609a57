#include "khaothi/registry/export.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <utility>

#include <boost/json.hpp>

#include "khaothi/registry/centres.h"
#include "khaothi/registry/lookup.h"
#include "khaothi/registry/messages.h"

#include "registry_internal.h"

namespace khaothi::registry {
namespace {

namespace json = boost::json;

constexpr std::string_view kNamespace = "urn:khaothi:registry:certificates:1";

// One certificate, its columns in ExportColumns() order; `scores` kept apart for the XML.
struct Row {
  std::vector<std::string> values;
  std::vector<std::pair<std::string, std::string>> scores;  // part -> score, in record order
};

std::string StringAt(const json::object& o, std::initializer_list<std::string_view> path) {
  const json::object* at = &o;
  const json::value* v = nullptr;
  for (const std::string_view k : path) {
    v = at != nullptr ? at->if_contains(k) : nullptr;
    at = v != nullptr && v->is_object() ? &v->as_object() : nullptr;
  }
  if (v == nullptr) {
    return "";
  }
  if (v->is_string()) {
    return std::string(v->as_string());
  }
  if (v->is_int64() || v->is_uint64()) {
    return json::serialize(*v);
  }
  return "";
}

const json::object& RecordOf(const json::value& envelope) {
  static const json::object kEmpty;
  if (!envelope.is_object()) {
    return kEmpty;
  }
  const json::value* r = envelope.as_object().if_contains("record");
  return r != nullptr && r->is_object() ? r->as_object() : kEmpty;
}

Row MakeRow(const pg::Rows& rows, int i) {
  // Columns of the page query: 0 seq, 1 record_id, 2 kind, 3 content_sha256, 4 key_id,
  // 5 envelope, 6 centre_code, 7 centre name, 8 province, 9 revocation envelope.
  boost::system::error_code ec;
  const json::value cert = json::parse(rows.Text(i, 5), ec);
  const json::object& c = RecordOf(cert);
  json::value rev_env;
  if (!rows.IsNull(i, 9)) {
    rev_env = json::parse(rows.Text(i, 9), ec);
  }
  const json::object& r = RecordOf(rev_env);
  const bool revoked = !rows.IsNull(i, 9);
  Row row;
  row.values = {rows.Text(i, 1),
                rows.Text(i, 2),
                revoked ? "revoked" : "valid",
                rows.Text(i, 6),
                rows.Text(i, 7),
                rows.Text(i, 8),
                StringAt(c, {"type"}),
                StringAt(c, {"title"}),
                StringAt(c, {"serial"}),
                StringAt(c, {"register"}),
                StringAt(c, {"year"}),
                StringAt(c, {"holder", "full_name"}),
                StringAt(c, {"holder", "date_of_birth"}),
                StringAt(c, {"holder", "sex"}),
                StringAt(c, {"holder", "place_of_birth"}),
                StringAt(c, {"exam_date"}),
                "",  // scores, below
                StringAt(c, {"result"}),
                StringAt(c, {"decision", "no"}),
                StringAt(c, {"decision", "date"}),
                StringAt(c, {"issued_date"}),
                StringAt(c, {"place"}),
                StringAt(c, {"signer", "name"}),
                StringAt(c, {"signer", "title"}),
                revoked ? StringAt(r, {"revoked_date"}) : "",
                revoked ? StringAt(r, {"reason"}) : "",
                revoked ? StringAt(r, {"decision_no"}) : "",
                rows.Text(i, 3),
                rows.Text(i, 4)};
  if (const json::value* s = c.if_contains("scores"); s != nullptr && s->is_object()) {
    std::string joined;
    for (const auto& [part, score] : s->as_object()) {
      const std::string value = score.is_string() ? std::string(score.as_string()) : "";
      row.scores.emplace_back(std::string(part), value);
      joined += (joined.empty() ? "" : ";") + std::string(part) + "=" + value;
    }
    row.values[16] = std::move(joined);
  }
  return row;
}

void CsvField(std::string& out, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += v;
    return;
  }
  out += '"';
  for (const char c : v) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  out += '"';
}

void CsvLine(std::string& out, const std::vector<std::string_view>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    CsvField(out, fields[i]);
  }
  out += "\r\n";
}

// `v` as XML 1.0 character data or attribute value.
void XmlText(std::string& out, std::string_view v) {
  for (const char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (c < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
          out += "\xEF\xBF\xBD";  // U+FFFD: XML 1.0 cannot carry this character
        } else {
          out += ch;
        }
    }
  }
}

void XmlRow(std::string& out, const Row& row) {
  const auto& columns = ExportColumns();
  out += "  <certificate>\n";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == "scores") {
      out += "    <scores>";
      for (const auto& [part, score] : row.scores) {
        out += "<score part=\"";
        XmlText(out, part);
        out += "\">";
        XmlText(out, score);
        out += "</score>";
      }
      out += "</scores>\n";
      continue;
    }
    out += "    <";
    out += columns[i];
    out += '>';
    XmlText(out, row.values[i]);
    out += "</";
    out += columns[i];
    out += ">\n";
  }
  out += "  </certificate>\n";
}

std::string UtcNow() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The codes of the centres whose province matches `province` as a name, as a PostgreSQL array
// literal ("{A,B}"); centre codes need no quoting.
Result<std::string> ProvinceCentres(pg::Connection& conn, const std::string& province) {
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<CentreInfo> centres, ListCentres(conn));
  const std::string key = NameKey(province);
  std::string codes;
  for (const CentreInfo& c : centres) {
    if (!c.province.empty() && NameKey(c.province) == key) {
      codes += (codes.empty() ? "" : ",") + c.code;
    }
  }
  if (codes.empty()) {
    return Status::NotFound(Bilingual("không có trung tâm nào thuộc tỉnh/thành phố '" + province +
                                          "' (centre add --province, centre set-province)",
                                      "no centre is in the province '" + province +
                                          "' (centre add --province, centre set-province)"));
  }
  return "{" + codes + "}";
}

}  // namespace

const std::vector<std::string_view>& ExportColumns() {
  static const std::vector<std::string_view> kColumns = {"record_id",
                                                         "kind",
                                                         "status",
                                                         "centre_code",
                                                         "centre_name",
                                                         "province",
                                                         "cert_type",
                                                         "title",
                                                         "serial",
                                                         "register",
                                                         "year",
                                                         "full_name",
                                                         "date_of_birth",
                                                         "sex",
                                                         "place_of_birth",
                                                         "exam_date",
                                                         "scores",
                                                         "result",
                                                         "decision_no",
                                                         "decision_date",
                                                         "issued_date",
                                                         "issue_place",
                                                         "signer_name",
                                                         "signer_title",
                                                         "revoked_date",
                                                         "revocation_reason",
                                                         "revocation_decision_no",
                                                         "content_sha256",
                                                         "key_id"};
  return kColumns;
}

Result<ExportFormat> ParseExportFormat(std::string_view name) {
  if (name == "csv") {
    return ExportFormat::kCsv;
  }
  if (name == "xml") {
    return ExportFormat::kXml;
  }
  return Status::InvalidArgument(
      Bilingual("định dạng '" + std::string(name) + "' không có; dùng csv hoặc xml",
                "no format '" + std::string(name) + "'; use csv or xml"));
}

Status CheckExportFilter(pg::Connection& conn, const ExportFilter& filter) {
  for (const std::string* d : {&filter.from, &filter.to}) {
    if (!d->empty() && !internal::IsDate(*d)) {
      return Status::InvalidArgument(Bilingual("ngày '" + *d + "' phải có dạng YYYY-MM-DD",
                                               "the date '" + *d + "' must be YYYY-MM-DD"));
    }
  }
  if (!filter.from.empty() && !filter.to.empty() && filter.from > filter.to) {
    return Status::InvalidArgument(
        Bilingual("--from " + filter.from + " sau --to " + filter.to,
                  "--from " + filter.from + " is after --to " + filter.to));
  }
  if (!filter.centre.empty()) {
    KHAOTHI_RETURN_IF_ERROR(GetCentre(conn, filter.centre).status());
  }
  if (!filter.province.empty()) {
    KHAOTHI_RETURN_IF_ERROR(ProvinceCentres(conn, filter.province).status());
  }
  return Status::Ok();
}

Result<int64_t> ExportCertificates(pg::Connection& conn, const ExportFilter& filter,
                                   ExportFormat format,
                                   const std::function<Status(std::string_view)>& sink) {
  pg::Transaction tx(conn);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin("REPEATABLE READ"));
  std::string centres = "{}";
  if (!filter.province.empty()) {
    KHAOTHI_ASSIGN_OR_RETURN(centres, ProvinceCentres(conn, filter.province));
  }
  std::string out;
  if (format == ExportFormat::kCsv) {
    CsvLine(out, ExportColumns());
  } else {
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<certificates xmlns=\"";
    out += kNamespace;
    out += "\" version=\"1\" generated=\"" + UtcNow() + "\"";
    for (const auto& [name, value] :
         {std::pair<const char*, const std::string*>{"province", &filter.province},
          {"centre", &filter.centre},
          {"from", &filter.from},
          {"to", &filter.to}}) {
      if (!value->empty()) {
        out += std::string(" ") + name + "=\"";
        XmlText(out, *value);
        out += '"';
      }
    }
    out += ">\n";
  }
  KHAOTHI_RETURN_IF_ERROR(sink(out));
  int64_t count = 0;
  int64_t last_seq = 0;
  for (;;) {
    KHAOTHI_ASSIGN_OR_RETURN(
        pg::Rows rows,
        conn.Query("read certificates",
                   "SELECT c.seq, c.record_id, c.kind, c.content_sha256, c.key_id, c.envelope, "
                   "c.centre_code, ce.name, ce.province, r.envelope "
                   "FROM records c JOIN centres ce ON ce.code = c.centre_code "
                   "LEFT JOIN records r ON r.kind = 'khaothi.revocation.v1' AND r.cites = "
                   "c.record_id "
                   "WHERE c.register_no IS NOT NULL AND c.seq > $1::bigint "
                   "AND ($2 = '' OR c.centre_code = $2) "
                   "AND (cardinality($3::text[]) = 0 OR c.centre_code = ANY($3::text[])) "
                   "AND c.act_date >= coalesce(nullif($4, '')::date, '-infinity'::date) "
                   "AND c.act_date <= coalesce(nullif($5, '')::date, 'infinity'::date) "
                   "ORDER BY c.seq LIMIT $6::integer",
                   {last_seq, filter.centre, centres, filter.from, filter.to,
                    std::max(1, filter.page_rows)}));
    if (rows.empty()) {
      break;
    }
    out.clear();
    for (int i = 0; i < rows.size(); ++i) {
      const Row row = MakeRow(rows, i);
      if (format == ExportFormat::kCsv) {
        CsvLine(out, std::vector<std::string_view>(row.values.begin(), row.values.end()));
      } else {
        XmlRow(out, row);
      }
    }
    KHAOTHI_RETURN_IF_ERROR(sink(out));
    count += rows.size();
    last_seq = rows.Int64(rows.size() - 1, 0);
  }
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  if (format == ExportFormat::kXml) {
    KHAOTHI_RETURN_IF_ERROR(sink("</certificates>\n"));
  }
  return count;
}

Result<int64_t> ExportToFile(pg::Connection& conn, const ExportFilter& filter, ExportFormat format,
                             const std::string& path) {
  const std::string tmp = path + ".tmp";
  std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
  if (!file) {
    return Status::IoError(Bilingual("không ghi được ", "cannot write ") + tmp);
  }
  Result<int64_t> count = ExportCertificates(conn, filter, format, [&](std::string_view piece) {
    file.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    return file ? Status::Ok()
                : Status::IoError(Bilingual("không ghi được ", "cannot write ") + tmp);
  });
  file.close();
  if (count.ok() && (!file || std::rename(tmp.c_str(), path.c_str()) != 0)) {
    count = Status::IoError(Bilingual("không ghi được ", "cannot write ") + path);
  }
  if (!count.ok()) {
    std::remove(tmp.c_str());
  }
  return count;
}

}  // namespace khaothi::registry
