#include "khaothi/registry/records.h"

#include <cstdio>
#include <ctime>
#include <optional>
#include <utility>

#include <boost/json.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/records/canonical_json.h"
#include "khaothi/registry/messages.h"

#include "registry_internal.h"

namespace khaothi::registry {
namespace {

namespace json = boost::json;

constexpr std::string_view kDecision = "khaothi.decision.v1";
constexpr std::string_view kRevocation = "khaothi.revocation.v1";
// Signed by the centre server's receipt key, not the head's issuing key.
constexpr std::string_view kResult = "khaothi.result.v1";  // a re-marked theory result
constexpr std::string_view kMarks = "khaothi.marks.v1";    // marks entered for a part

bool IsReceiptKind(std::string_view kind) { return kind == kResult || kind == kMarks; }

// The calendar day in Vietnam (UTC+7, no daylight saving) of `ms` since the Unix epoch: the
// date of a receipt-signed act, for its key's validity.
std::string VietnamDate(int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000 + 7 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

bool IsCertificateKind(std::string_view kind) {
  return kind == "khaothi.certificate.v1" || kind == "khaothi.certificate.v2";
}

// Why a record is refused: its code (records.h) and a bilingual reason.
struct Refusal {
  std::string code;
  std::string reason;
};

// "000012/2026", as the centre writes a register number (centre/certificates.h RegisterLabel).
std::string RegisterLabel(int64_t number, int64_t year) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%06lld/%lld", static_cast<long long>(number),
                static_cast<long long>(year));
  return buf;
}

std::string Pad6(int64_t number) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%06lld", static_cast<long long>(number));
  return buf;
}

const json::string* StringField(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  return v != nullptr && v->is_string() ? &v->as_string() : nullptr;
}

std::optional<int64_t> IntField(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  if (v != nullptr && v->is_int64()) {
    return v->as_int64();
  }
  if (v != nullptr && v->is_uint64() && v->as_uint64() <= INT64_MAX) {
    return static_cast<int64_t>(v->as_uint64());
  }
  return std::nullopt;
}

Refusal Malformed(const std::string& what_vi, const std::string& what_en) {
  return {"malformed", Bilingual("bản ghi sai dạng: " + what_vi, "malformed record: " + what_en)};
}

Refusal Inconsistent(const std::string& what_vi, const std::string& what_en) {
  return {"inconsistent",
          Bilingual("bản ghi tự mâu thuẫn: " + what_vi, "inconsistent record: " + what_en)};
}

// What one arriving record is, once its envelope parsed and its fields are read.
struct Incoming {
  std::string id;
  std::string kind;
  std::string canonical;  // the envelope's canonical JSON
  std::string sha256;
  records::SignedRecord envelope;
  std::string act_date;
  // Certificates.
  std::string cert_type;
  int64_t year = 0;
  int64_t register_no = 0;
  std::string serial;
  // A certificate's decision id, a revocation's certificate id.
  std::string cites;
  std::string cited_sha256;
};

// Reads the envelope and the fields the checks need; nothing about the database yet.
std::variant<Incoming, Refusal> Read(const json::value& value, const std::string& centre) {
  if (!value.is_object()) {
    return Malformed("không phải đối tượng JSON", "not a JSON object");
  }
  if (value.as_object().size() != 3) {
    return Malformed("phong bì chỉ được có key_id, record và signature",
                     "the envelope must hold key_id, record and signature only");
  }
  Result<std::string> canonical = records::CanonicalJson(value);
  if (!canonical.ok()) {
    return Malformed(canonical.status().message(), canonical.status().message());
  }
  Result<records::SignedRecord> env = records::ParseEnvelope(*canonical);
  if (!env.ok()) {
    return Malformed(env.status().message(), env.status().message());
  }
  Incoming in;
  in.canonical = std::move(canonical).value();
  in.sha256 = crypto::Sha256Hex(in.canonical);
  in.envelope = std::move(env).value();
  const json::object& rec = in.envelope.record;
  const json::string* id = StringField(rec, "id");
  const json::string* kind = StringField(rec, "kind");
  if (id == nullptr || kind == nullptr) {
    return Malformed("thiếu id hoặc kind", "no id or kind");
  }
  in.id = std::string(*id);
  in.kind = std::string(*kind);
  const size_t slash = in.id.find('/');
  if (in.id.size() > 256 || slash == std::string::npos || slash + 1 == in.id.size()) {
    return Malformed("id phải có dạng TRUNG-TÂM/...", "the id must be CENTRE/...");
  }
  const std::string id_centre = in.id.substr(0, slash);
  // The record's centre: "centre" is the code (results) or {code, name} (the head's acts).
  if (const json::value* c = rec.if_contains("centre"); c != nullptr) {
    const json::string* code = c->is_string()   ? &c->as_string()
                               : c->is_object() ? StringField(c->as_object(), "code")
                                                : nullptr;
    if (code == nullptr || *code != id_centre) {
      return Inconsistent("trường centre khác mã trung tâm trong id",
                          "its centre differs from the centre in its id");
    }
  }
  if (id_centre != centre) {
    return Refusal{"wrong_centre",
                   Bilingual("bản ghi của trung tâm " + id_centre + ", không phải của trung tâm " +
                                 centre + " đang gửi",
                             "the record belongs to centre " + id_centre + ", not to centre " +
                                 centre + " that pushes it")};
  }
  return in;
}

// Reads the fields of the accepted kinds; a refusal when one is missing or contradicts another.
std::optional<Refusal> ReadKind(Incoming& in, const std::string& centre) {
  const json::object& rec = in.envelope.record;
  if (IsReceiptKind(in.kind)) {
    // result: CENTRE/SESSION/SBD/rREVISION; marks: CENTRE/SESSION/SBD/PART/REVISION.
    const json::string* session = StringField(rec, "session");
    const json::string* sbd = StringField(rec, "sbd");
    const json::string* part = StringField(rec, "part");
    const json::value* result = rec.if_contains("result");
    // A plain value, not an optional: GCC's -O3 misreads the optional as maybe uninitialised.
    int64_t revision = 0;
    if (in.kind == kResult) {
      if (result != nullptr && result->is_object()) {
        revision = IntField(result->as_object(), "revision").value_or(0);
      }
    } else {
      revision = IntField(rec, "revision").value_or(0);
    }
    const std::optional<int64_t> at_ms =
        IntField(rec, in.kind == kResult ? "created_ms" : "entered_ms");
    if (session == nullptr || sbd == nullptr || (in.kind == kMarks && part == nullptr) ||
        revision < 1 || !at_ms || *at_ms < 0) {
      return Malformed(
          in.kind == kResult ? "kết quả cần session, sbd, result.revision và created_ms"
                             : "bản điểm cần session, sbd, part, revision và entered_ms",
          in.kind == kResult ? "a result needs session, sbd, result.revision and created_ms"
                             : "marks need session, sbd, part, revision and entered_ms");
    }
    const std::string expected_id =
        centre + "/" + std::string(*session) + "/" + std::string(*sbd) + "/" +
        (in.kind == kResult ? "r" + std::to_string(revision)
                            : std::string(*part) + "/" + std::to_string(revision));
    if (in.id != expected_id) {
      return Inconsistent("id không khớp ca thi, số báo danh và lần chấm",
                          "its id does not agree with its session, candidate and revision");
    }
    in.act_date = VietnamDate(*at_ms);
    return std::nullopt;
  }
  const char* date_field = in.kind == kDecision     ? "date"
                           : in.kind == kRevocation ? "revoked_date"
                                                    : "issued_date";
  const json::string* date = StringField(rec, date_field);
  if (date == nullptr || !internal::IsDate(*date)) {
    return Malformed(std::string(date_field) + " phải có dạng YYYY-MM-DD",
                     std::string(date_field) + " must be YYYY-MM-DD");
  }
  in.act_date = std::string(*date);
  if (IsCertificateKind(in.kind)) {
    const json::string* type = StringField(rec, "type");
    const std::optional<int64_t> year = IntField(rec, "year");
    const std::optional<int64_t> no = IntField(rec, "register_no");
    const json::string* label = StringField(rec, "register");
    const json::value* decision = rec.if_contains("decision");
    if (type == nullptr || type->empty() || type->size() > 32 || !year || !no || label == nullptr ||
        decision == nullptr || !decision->is_object() || *year < 1900 || *year > 9999 || *no < 1 ||
        *no > 999'999) {
      return Malformed("chứng chỉ thiếu type, year, register_no, register hoặc decision",
                       "a certificate needs type, year, register_no, register and decision");
    }
    const json::string* decision_id = StringField(decision->as_object(), "id");
    const json::string* decision_sha = StringField(decision->as_object(), "sha256");
    if (decision_id == nullptr || decision_sha == nullptr) {
      return Malformed("decision của chứng chỉ thiếu id hoặc sha256",
                       "the certificate's decision needs id and sha256");
    }
    in.cert_type = std::string(*type);
    in.year = *year;
    in.register_no = *no;
    in.cites = std::string(*decision_id);
    in.cited_sha256 = std::string(*decision_sha);
    if (const json::string* serial = StringField(rec, "serial"); serial != nullptr) {
      in.serial = std::string(*serial);
    }
    const std::string expected_id =
        centre + "/" + in.cert_type + "/" + std::to_string(in.year) + "/" + Pad6(in.register_no);
    if (in.id != expected_id || *label != RegisterLabel(in.register_no, in.year) ||
        in.act_date.substr(0, 4) != std::to_string(in.year)) {
      return Inconsistent("id, số vào sổ và năm cấp không khớp nhau",
                          "its id, register number and year of issue do not agree");
    }
  } else if (in.kind == kRevocation) {
    const json::string* cert = StringField(rec, "certificate");
    if (cert == nullptr) {
      return Malformed("quyết định thu hồi thiếu certificate",
                       "a revocation needs the certificate it revokes");
    }
    in.cites = std::string(*cert);
    if (in.id != in.cites + "/revocation") {
      return Inconsistent("id của bản thu hồi không theo id của chứng chỉ",
                          "the revocation's id does not follow the certificate's");
    }
  }
  return std::nullopt;
}

// The database checks and the write of one record; a refusal, or nullopt when stored.
Result<std::optional<Refusal>> CheckAndStore(pg::Connection& conn, const std::string& centre,
                                             Incoming& in, const std::string& existing_sha) {
  if (!IsCertificateKind(in.kind) && in.kind != kDecision && in.kind != kRevocation &&
      !IsReceiptKind(in.kind)) {
    return std::optional<Refusal>(
        Refusal{"unknown_kind",
                Bilingual("sổ đăng ký chưa nhận loại bản ghi '" + in.kind + "'",
                          "the registry does not accept records of kind '" + in.kind + "'")});
  }
  if (auto r = ReadKind(in, centre); r) {
    return r;
  }
  KHAOTHI_ASSIGN_OR_RETURN(
      pg::Rows key,
      conn.Query("find the signing key",
                 "SELECT public_pem, coalesce(valid_from::text, ''), "
                 "coalesce(valid_until::text, '') FROM centre_keys "
                 "WHERE key_id = $1 AND centre_code = $2 AND purpose = $3",
                 {in.envelope.key_id, centre, IsReceiptKind(in.kind) ? "receipt" : "issuing"}));
  if (key.empty()) {
    // Marks and results are the server's receipts; the head's acts need the issuing key.
    const std::string purpose_vi =
        IsReceiptKind(in.kind) ? "khóa ký biên nhận" : "khóa cấp chứng chỉ";
    const std::string purpose_en = IsReceiptKind(in.kind) ? "receipt key" : "issuing key";
    return std::optional<Refusal>(Refusal{
        "unknown_key", Bilingual("ký bằng khóa " + in.envelope.key_id + ", không phải " +
                                     purpose_vi + " đã đăng ký của " + centre,
                                 "signed with key " + in.envelope.key_id + ", which is not a " +
                                     purpose_en + " registered for " + centre)});
  }
  const records::Verification v = records::VerifyRecord(in.canonical, key.Text(0, 0));
  if (v.verdict != records::Verdict::kValid) {
    return std::optional<Refusal>(Refusal{
        "bad_signature", Bilingual("chữ ký không hợp lệ (bản ghi đã bị sửa?): " + v.reason,
                                   "the signature does not verify (altered?): " + v.reason)});
  }
  if (!existing_sha.empty()) {
    // Signed, but another record holds the id: keep what was offered for the operator, once
    // however often the centre pushes it again.
    KHAOTHI_RETURN_IF_ERROR(conn.Exec(
        "report a conflict",
        "INSERT INTO conflicts(record_id, centre_code, stored_sha256, offered_sha256, envelope) "
        "SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS "
        "(SELECT 1 FROM conflicts WHERE record_id = $1 AND offered_sha256 = $4)",
        {in.id, centre, existing_sha, in.sha256, in.canonical}));
    return std::optional<Refusal>(Refusal{
        "conflict",
        Bilingual(
            "đã có một bản ghi khác cùng id " + in.id + "; không ghi đè, đã báo người quản lý",
            "another record with the id " + in.id +
                " is stored; it is not overwritten and the conflict is reported")});
  }
  const std::string& from = key.Text(0, 1);
  const std::string& until = key.Text(0, 2);
  if ((!from.empty() && in.act_date < from) || (!until.empty() && in.act_date > until)) {
    return std::optional<Refusal>(Refusal{
        "key_not_valid",
        Bilingual("khóa " + in.envelope.key_id + " không có hiệu lực vào ngày " + in.act_date,
                  "key " + in.envelope.key_id + " is not valid on " + in.act_date)});
  }
  if (IsCertificateKind(in.kind)) {
    KHAOTHI_ASSIGN_OR_RETURN(
        pg::Rows d, conn.Query("find the decision",
                               "SELECT content_sha256 FROM records WHERE record_id = $1 AND "
                               "centre_code = $2 AND kind = $3",
                               {in.cites, centre, kDecision}));
    if (d.empty()) {
      return std::optional<Refusal>(Refusal{
          "decision_missing",
          Bilingual("chứng chỉ dựa trên quyết định " + in.cites + " chưa có trong sổ đăng ký",
                    "the certificate cites the decision " + in.cites +
                        ", which the registry does not hold")});
    }
    if (d.Text(0, 0) != in.cited_sha256) {
      return std::optional<Refusal>(Refusal{
          "decision_mismatch",
          Bilingual("quyết định " + in.cites + " trong sổ đăng ký khác quyết định chứng chỉ dẫn",
                    "the decision " + in.cites +
                        " the registry holds is not the one the certificate cites")});
    }
    KHAOTHI_ASSIGN_OR_RETURN(pg::Rows m,
                             conn.Query("find the last register number",
                                        "SELECT coalesce(max(register_no), 0) FROM records WHERE "
                                        "centre_code = $1 AND cert_type = $2 AND cert_year = $3",
                                        {centre, in.cert_type, in.year}));
    if (in.register_no <= m.Int64(0, 0)) {
      return std::optional<Refusal>(
          Refusal{"register_order",
                  Bilingual("số vào sổ " + RegisterLabel(in.register_no, in.year) +
                                " không sau số đã có " + RegisterLabel(m.Int64(0, 0), in.year),
                            "the register number " + RegisterLabel(in.register_no, in.year) +
                                " is not after " + RegisterLabel(m.Int64(0, 0), in.year) +
                                ", stored already")});
    }
  } else if (in.kind == kRevocation) {
    KHAOTHI_ASSIGN_OR_RETURN(
        pg::Rows c, conn.Query("find the certificate",
                               "SELECT act_date::text FROM records WHERE record_id = $1 AND "
                               "centre_code = $2 AND register_no IS NOT NULL",
                               {in.cites, centre}));
    if (c.empty()) {
      return std::optional<Refusal>(
          Refusal{"certificate_missing",
                  Bilingual("thu hồi chứng chỉ " + in.cites + " chưa có trong sổ đăng ký",
                            "the revocation names the certificate " + in.cites +
                                ", which the registry does not hold")});
    }
    if (in.act_date < c.Text(0, 0)) {
      return std::optional<Refusal>(Inconsistent("ngày thu hồi trước ngày cấp chứng chỉ",
                                                 "revoked before the certificate was issued"));
    }
  }
  const bool cert = IsCertificateKind(in.kind);
  // The checks above foresee every constraint of the table; should one still fail, it fails
  // this record alone (a savepoint around the one write, not around every record's reads).
  KHAOTHI_RETURN_IF_ERROR(conn.ExecScript("savepoint", "SAVEPOINT arrival"));
  const Status stored = conn.Exec(
      "store the record",
      "INSERT INTO records(record_id, centre_code, kind, content_sha256, key_id, act_date, "
      "cert_type, cert_year, register_no, serial, cites, envelope) VALUES "
      "($1, $2, $3, $4, $5, $6::date, $7, $8::integer, $9::integer, $10, $11, $12)",
      {in.id, centre, in.kind, in.sha256, in.envelope.key_id, in.act_date,
       cert ? pg::Param(in.cert_type) : pg::Param(std::nullopt),
       cert ? pg::Param(in.year) : pg::Param(std::nullopt),
       cert ? pg::Param(in.register_no) : pg::Param(std::nullopt),
       cert && !in.serial.empty() ? pg::Param(in.serial) : pg::Param(std::nullopt),
       in.cites.empty() ? pg::Param(std::nullopt) : pg::Param(in.cites), in.canonical});
  if (stored.IsInvalidArgument() || stored.IsAlreadyExists()) {
    KHAOTHI_RETURN_IF_ERROR(conn.ExecScript("rollback", "ROLLBACK TO SAVEPOINT arrival"));
    return std::optional<Refusal>(Malformed("cơ sở dữ liệu từ chối bản ghi: " + stored.message(),
                                            "the database refused it: " + stored.message()));
  }
  KHAOTHI_RETURN_IF_ERROR(stored);
  KHAOTHI_RETURN_IF_ERROR(conn.ExecScript("release", "RELEASE SAVEPOINT arrival"));
  return std::optional<Refusal>();
}

Result<Arrival> Arrive(pg::Connection& conn, const std::string& centre, const json::value& value) {
  std::variant<Incoming, Refusal> read = Read(value, centre);
  if (auto* r = std::get_if<Refusal>(&read)) {
    std::string id;
    if (value.is_object()) {
      // Name the record in the reply when its id can be read at all.
      const json::value* rec = value.as_object().if_contains("record");
      if (rec != nullptr && rec->is_object()) {
        if (const json::string* s = StringField(rec->as_object(), "id"); s != nullptr) {
          id = std::string(*s);
        }
      }
    }
    return Arrival{std::move(id), Outcome::kRefused, std::move(r->code), std::move(r->reason)};
  }
  Incoming& in = std::get<Incoming>(read);
  KHAOTHI_ASSIGN_OR_RETURN(
      pg::Rows existing,
      conn.Query("find the record", "SELECT content_sha256 FROM records WHERE record_id = $1",
                 {in.id}));
  if (!existing.empty() && existing.Text(0, 0) == in.sha256) {
    return Arrival{in.id, Outcome::kDuplicate, "", ""};
  }
  const std::string existing_sha = existing.empty() ? "" : existing.Text(0, 0);
  KHAOTHI_ASSIGN_OR_RETURN(std::optional<Refusal> refusal,
                           CheckAndStore(conn, centre, in, existing_sha));
  if (refusal) {
    return Arrival{in.id, Outcome::kRefused, std::move(refusal->code), std::move(refusal->reason)};
  }
  return Arrival{in.id, Outcome::kStored, "", ""};
}

}  // namespace

std::string_view ToString(Outcome outcome) {
  switch (outcome) {
    case Outcome::kStored:
      return "stored";
    case Outcome::kDuplicate:
      return "duplicate";
    case Outcome::kRefused:
      return "refused";
  }
  return "refused";
}

Result<std::vector<Arrival>> StoreBatch(pg::Connection& conn, const std::string& centre_code,
                                        const std::vector<json::value>& envelopes) {
  pg::Transaction tx(conn);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_ASSIGN_OR_RETURN(
      pg::Rows centre,
      conn.Query("lock the centre",
                 "SELECT state, state_reason FROM centres WHERE code = $1 FOR UPDATE",
                 {centre_code}));
  if (centre.empty()) {
    return Status::NotFound(Bilingual("trung tâm " + centre_code + " chưa được đăng ký",
                                      "the centre " + centre_code + " is not registered"));
  }
  if (centre.Text(0, 0) != "active") {
    return Status::PermissionDenied(Bilingual("trung tâm " + centre_code + " đang bị đình chỉ: ",
                                              "the centre " + centre_code + " is suspended: ") +
                                    centre.Text(0, 1));
  }
  std::vector<Arrival> out;
  out.reserve(envelopes.size());
  for (const json::value& e : envelopes) {
    KHAOTHI_ASSIGN_OR_RETURN(Arrival a, Arrive(conn, centre_code, e));
    out.push_back(std::move(a));
  }
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<StoredRecord> FindRecord(pg::Connection& conn, const std::string& record_id) {
  KHAOTHI_ASSIGN_OR_RETURN(
      pg::Rows r, conn.Query("find the record",
                             "SELECT seq, record_id, centre_code, kind, content_sha256, key_id, "
                             "act_date::text, envelope FROM records WHERE record_id = $1",
                             {record_id}));
  if (r.empty()) {
    return Status::NotFound(Bilingual("không có bản ghi " + record_id, "no record " + record_id));
  }
  return StoredRecord{r.Int64(0, 0), r.Text(0, 1), r.Text(0, 2), r.Text(0, 3),
                      r.Text(0, 4),  r.Text(0, 5), r.Text(0, 6), r.Text(0, 7)};
}

Result<int64_t> CountRecords(pg::Connection& conn, const std::string& centre_code) {
  KHAOTHI_ASSIGN_OR_RETURN(
      pg::Rows r,
      conn.Query("count records", "SELECT count(*) FROM records WHERE $1 = '' OR centre_code = $1",
                 {centre_code}));
  return r.Int64(0, 0);
}

Result<std::vector<Conflict>> ListConflicts(pg::Connection& conn, const std::string& centre_code) {
  KHAOTHI_ASSIGN_OR_RETURN(
      pg::Rows r, conn.Query("list conflicts",
                             "SELECT record_id, centre_code, stored_sha256, offered_sha256, "
                             "envelope, to_char(received_at AT TIME ZONE 'UTC', "
                             "'YYYY-MM-DD HH24:MI:SS UTC') FROM conflicts "
                             "WHERE $1 = '' OR centre_code = $1 ORDER BY seq",
                             {centre_code}));
  std::vector<Conflict> out;
  for (int i = 0; i < r.size(); ++i) {
    out.push_back(
        {r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Text(i, 3), r.Text(i, 4), r.Text(i, 5)});
  }
  return out;
}

Result<records::Verification> ReverifyRecord(pg::Connection& conn, const std::string& record_id) {
  KHAOTHI_ASSIGN_OR_RETURN(StoredRecord rec, FindRecord(conn, record_id));
  KHAOTHI_ASSIGN_OR_RETURN(
      pg::Rows key,
      conn.Query("find the signing key", "SELECT public_pem FROM centre_keys WHERE key_id = $1",
                 {rec.key_id}));
  if (key.empty()) {
    return Status::Corruption(Bilingual("không có khóa " + rec.key_id, "no key " + rec.key_id));
  }
  return records::VerifyRecord(rec.envelope, key.Text(0, 0));
}

}  // namespace khaothi::registry
