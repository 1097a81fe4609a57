#include "khaothi/registry/lookup.h"

#include <cstdio>
#include <optional>
#include <utility>

#include <boost/json.hpp>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "khaothi/registry/messages.h"

#include "registry_internal.h"
#include <libpq-fe.h>

namespace khaothi::registry {
namespace {

namespace json = boost::json;

constexpr int kMaxMatches = 20;

std::string_view Trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) {
    return {};
  }
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool AllDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

Status Bad(const std::string& vi, const std::string& en) {
  return Status::InvalidArgument(Bilingual(vi, en));
}

// The text of parameter `name`, trimmed; kInvalidArgument when missing, empty, longer than
// `max_bytes` or not UTF-8.
Result<std::string> TextParam(const web::Params& params, const std::string& name, size_t max_bytes,
                              const std::string& label_vi, const std::string& label_en) {
  const auto it = params.find(name);
  const std::string_view value = it == params.end() ? std::string_view() : Trim(it->second);
  if (value.empty()) {
    return Bad("thiếu " + label_vi + " (tham số " + name + ")",
               "the " + label_en + " is missing (parameter " + name + ")");
  }
  if (value.size() > max_bytes) {
    return Bad(label_vi + " dài quá " + std::to_string(max_bytes) + " byte",
               "the " + label_en + " is longer than " + std::to_string(max_bytes) + " bytes");
  }
  if (!internal::IsValidUtf8(value)) {
    return Bad(label_vi + " không phải văn bản UTF-8", "the " + label_en + " is not UTF-8 text");
  }
  return std::string(value);
}

const json::value* Path(const json::object& o, std::initializer_list<std::string_view> path) {
  const json::object* at = &o;
  const json::value* v = nullptr;
  for (const std::string_view k : path) {
    v = at != nullptr ? at->if_contains(k) : nullptr;
    at = v != nullptr && v->is_object() ? &v->as_object() : nullptr;
  }
  return v;
}

std::string StringAt(const json::object& o, std::initializer_list<std::string_view> path) {
  const json::value* v = Path(o, path);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Copies the members `names` of `from` that exist into `to`.
void CopyMembers(const json::object& from, json::object& to,
                 std::initializer_list<std::string_view> names) {
  for (const std::string_view n : names) {
    if (const json::value* v = from.if_contains(n); v != nullptr) {
      to[n] = *v;
    }
  }
}

// The lookup's query. The expression and the columns are those of the indexes
// records_lookup_register and records_lookup_serial (schema.cc, migration 2), so both branches of
// the OR are index scans.
constexpr const char* kLookupSql =
    "SELECT c.record_id, c.kind, c.envelope, k.public_pem, r.envelope "
    "FROM records c JOIN centre_keys k ON k.key_id = c.key_id "
    "LEFT JOIN records r ON r.kind = 'khaothi.revocation.v1' AND r.cites = c.record_id "
    "WHERE c.register_no IS NOT NULL "
    "AND (c.envelope::jsonb #>> '{record,holder,date_of_birth}') = $1 "
    "AND (c.serial = $2 OR (c.register_no = $3::integer AND c.cert_year = $4::integer)) "
    "ORDER BY c.seq LIMIT 100";
constexpr const char* kLookupStatement = "khaothi_lookup";

struct Candidate {
  std::string record_id;
  std::string kind;
  std::string envelope;
  std::string public_pem;
  std::optional<std::string> revocation;
};

// Runs kLookupSql as a prepared statement, prepared on each connection's first lookup (and
// again on a new connection: PostgreSQL answers 26000 for a name it does not know). It is the
// public route's one query, and planning it each time cost about as much as running it. libpq
// is used directly because pg::Connection has no prepared statements.
Result<std::vector<Candidate>> RunLookupQuery(pg::Connection& conn, const LookupQuery& q) {
  pg_conn* h = conn.handle();
  const std::string no = std::to_string(q.register_no);
  const std::string year = std::to_string(q.register_year);
  const char* values[4] = {q.dob.c_str(), q.number.c_str(), no.c_str(), year.c_str()};
  for (int attempt = 0;; ++attempt) {
    PGresult* r = PQexecPrepared(h, kLookupStatement, 4, values, nullptr, nullptr, 0);
    if (r != nullptr && PQresultStatus(r) == PGRES_TUPLES_OK) {
      std::vector<Candidate> out;
      for (int i = 0; i < PQntuples(r); ++i) {
        Candidate c{PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
                    PQgetvalue(r, i, 3), std::nullopt};
        if (PQgetisnull(r, i, 4) == 0) {
          c.revocation = PQgetvalue(r, i, 4);
        }
        out.push_back(std::move(c));
      }
      PQclear(r);
      return out;
    }
    const char* state = r == nullptr ? nullptr : PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const bool unknown = state != nullptr && std::string_view(state) == "26000";
    const std::string message = std::string("look the certificate up: ") +
                                (r == nullptr ? PQerrorMessage(h) : PQresultErrorMessage(r));
    PQclear(r);
    if (!unknown || attempt > 0) {
      return state == nullptr ? Status::Unavailable(message) : Status::IoError(message);
    }
    PGresult* p = PQprepare(h, kLookupStatement, kLookupSql, 4, nullptr);
    const bool prepared = p != nullptr && PQresultStatus(p) == PGRES_COMMAND_OK;
    const std::string why = p == nullptr ? PQerrorMessage(h) : PQresultErrorMessage(p);
    PQclear(p);
    if (!prepared) {
      return Status::IoError("prepare the lookup: " + why);
    }
  }
}

}  // namespace

std::string NameKey(std::string_view name) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) {
    return std::string(name);  // ICU's data is linked in; this does not happen
  }
  const icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  icu::UnicodeString folded = nfc->normalize(in, status);
  folded.foldCase();
  folded = nfc->normalize(folded, status);
  icu::UnicodeString collapsed;
  bool space = false;
  for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) {
    const UChar32 c = folded.char32At(i);
    if (u_isUWhiteSpace(c)) {
      space = !collapsed.isEmpty();
      continue;
    }
    if (space) {
      collapsed.append(static_cast<UChar>(' '));
      space = false;
    }
    collapsed.append(c);
  }
  std::string out;
  collapsed.toUTF8String(out);
  return out;
}

Result<LookupQuery> ParseLookupQuery(const web::Params& params) {
  LookupQuery q;
  KHAOTHI_ASSIGN_OR_RETURN(
      q.name, TextParam(params, "name", kMaxLookupNameBytes, "họ và tên", "full name"));
  q.name_key = NameKey(q.name);
  if (q.name_key.empty()) {
    return Bad("thiếu họ và tên (tham số name)", "the full name is missing (parameter name)");
  }
  KHAOTHI_ASSIGN_OR_RETURN(std::string dob,
                           TextParam(params, "dob", 10, "ngày sinh", "date of birth"));
  if (dob.size() == 10 && dob[2] == '/' && dob[5] == '/') {
    dob = dob.substr(6, 4) + "-" + dob.substr(3, 2) + "-" + dob.substr(0, 2);
  }
  if (!internal::IsDate(dob)) {
    return Bad("ngày sinh phải có dạng YYYY-MM-DD hoặc dd/mm/yyyy và là một ngày có thật",
               "the date of birth must be YYYY-MM-DD or dd/mm/yyyy and a real date");
  }
  q.dob = dob;
  KHAOTHI_ASSIGN_OR_RETURN(
      q.number, TextParam(params, "number", kMaxLookupNumberBytes, "số hiệu hoặc số vào sổ",
                          "serial or register number"));
  const size_t slash = q.number.find('/');
  if (slash != std::string::npos && slash >= 1 && slash <= 6 &&
      AllDigits(std::string_view(q.number).substr(0, slash)) && q.number.size() == slash + 5 &&
      AllDigits(std::string_view(q.number).substr(slash + 1))) {
    q.register_no = std::stoll(q.number.substr(0, slash));
    q.register_year = std::stoll(q.number.substr(slash + 1));
  }
  return q;
}

json::object PublicFields(const json::object& record) {
  json::object out;
  CopyMembers(record, out,
              {"id", "kind", "type", "title", "year", "register_no", "register", "serial",
               "exam_date", "scores", "result", "issued_date", "place"});
  if (const json::value* c = record.if_contains("centre"); c != nullptr && c->is_object()) {
    json::object centre;
    CopyMembers(c->as_object(), centre, {"code", "name"});
    out["centre"] = std::move(centre);
  }
  if (const json::value* h = record.if_contains("holder"); h != nullptr && h->is_object()) {
    json::object holder;
    CopyMembers(h->as_object(), holder, {"full_name", "date_of_birth", "sex", "place_of_birth"});
    out["holder"] = std::move(holder);
  }
  if (const json::value* d = record.if_contains("decision"); d != nullptr && d->is_object()) {
    json::object decision;
    CopyMembers(d->as_object(), decision, {"id", "no", "date", "sha256"});
    out["decision"] = std::move(decision);
  }
  if (const json::value* s = record.if_contains("signer"); s != nullptr && s->is_object()) {
    json::object signer;
    CopyMembers(s->as_object(), signer, {"name", "title"});
    out["signer"] = std::move(signer);
  }
  return out;
}

Result<std::vector<LookupMatch>> Lookup(pg::Connection& conn, const LookupQuery& query) {
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<Candidate> rows, RunLookupQuery(conn, query));
  std::vector<LookupMatch> out;
  for (Candidate& row : rows) {
    if (static_cast<int>(out.size()) >= kMaxMatches) {
      break;
    }
    boost::system::error_code ec;
    const json::value env = json::parse(row.envelope, ec);
    if (ec || !env.is_object() || !env.as_object().contains("record") ||
        !env.at("record").is_object()) {
      continue;  // the store keeps only envelopes it parsed; nothing else can be here
    }
    const json::object& rec = env.at("record").as_object();
    if (NameKey(StringAt(rec, {"holder", "full_name"})) != query.name_key) {
      continue;
    }
    LookupMatch m;
    m.record_id = std::move(row.record_id);
    m.fields = PublicFields(rec);
    m.public_key_pem = std::move(row.public_pem);
    const json::value* id_number = Path(rec, {"holder", "id_number"});
    if (id_number != nullptr || row.kind == "khaothi.certificate.v1") {
      m.redacted.push_back("holder.id_number");
    } else {
      m.certificate = std::move(row.envelope);
    }
    m.status = "valid";
    if (row.revocation) {
      m.status = "revoked";
      m.revocation = std::move(*row.revocation);
      const json::value rev = json::parse(m.revocation, ec);
      if (!ec && rev.is_object() && rev.as_object().contains("record") &&
          rev.at("record").is_object()) {
        const json::object& r = rev.at("record").as_object();
        m.revoked_date = StringAt(r, {"revoked_date"});
        m.revocation_reason = StringAt(r, {"reason"});
        m.revocation_decision_no = StringAt(r, {"decision_no"});
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::string LookupJson(const std::vector<LookupMatch>& matches) {
  // Envelopes go in as their stored bytes, not re-serialised: the "record" inside each is then
  // byte for byte what was signed, for `openssl pkeyutl -verify` (docs/verification.md).
  std::string list;
  for (const LookupMatch& m : matches) {
    json::object o{{"status", m.status}, {"fields", m.fields}, {"public_key", m.public_key_pem}};
    if (m.status == "revoked") {
      o["revoked_date"] = m.revoked_date;
      o["revocation_reason"] = m.revocation_reason;
      if (!m.revocation_decision_no.empty()) {
        o["revocation_decision_no"] = m.revocation_decision_no;
      }
    }
    if (!m.redacted.empty()) {
      o["redacted"] = json::array(m.redacted.begin(), m.redacted.end());
    }
    std::string text = json::serialize(o);
    text.pop_back();  // the closing brace: the envelopes follow
    if (!m.certificate.empty()) {
      text += ",\"certificate\":" + m.certificate;
    }
    if (!m.revocation.empty()) {
      text += ",\"revocation\":" + m.revocation;
    }
    text += '}';
    list += (list.empty() ? "" : ",") + text;
  }
  const bool found = !matches.empty();
  return "{\"found\":" + std::string(found ? "true" : "false") + ",\"status\":\"" +
         (found ? matches.front().status : std::string("not_found")) + "\",\"matches\":[" + list +
         "]}";
}

}  // namespace khaothi::registry
