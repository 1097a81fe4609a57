// Over 800 lines for now: decisions, issuing, revocation and the register share this file.
// Issue 14 (structure) splits it; it stayed whole while issue 13's date rules, public record and
// register changes landed from several branches at once.

#include "khaothi/centre/certificates.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

#include <boost/json.hpp>

#include "khaothi/centre/audit.h"
#include "khaothi/centre/canonical_json.h"
#include "khaothi/centre/results.h"
#include "khaothi/centre/signed_record.h"

#include "centre_internal.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;
using internal::Audit;

// The active issuer, which `key` must be.
Result<Issuer> CheckIssuer(store::Database& db, const crypto::SigningKey& key) {
  Result<Issuer> issuer = ActiveIssuer(db);
  if (!issuer.ok()) {
    return issuer.status();
  }
  if (issuer->key_id != key.KeyId()) {
    return Status::PermissionDenied(Bilingual(
        "khóa " + key.KeyId() + " không phải khóa cấp chứng chỉ đã đăng ký của thủ trưởng (" +
            issuer->key_id + "); chỉ thủ trưởng được ký",
        "key " + key.KeyId() + " is not the head of centre's registered issuing key (" +
            issuer->key_id + "); only the head may sign"));
  }
  return issuer;
}

Result<std::string> CheckDate(const std::string& date) {
  std::optional<std::string> d = internal::ParseIsoDate(date);
  if (!d) {
    return Status::InvalidArgument(Bilingual("'" + date + "' không phải ngày dạng YYYY-MM-DD",
                                             "'" + date + "' is not a date YYYY-MM-DD"));
  }
  return *d;
}

// The centre's local date at `at_ms`, 'YYYY-MM-DD': the day a person at the centre writes.
std::string LocalDate(int64_t at_ms) {
  const std::time_t t = static_cast<std::time_t>(at_ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// A date an act is dated with: kInvalidArgument when it is after `today` or before `earliest`
// (which is the date of the act it follows: the exam, the decision, the issue). The order of a
// certificate's dates is exam <= decision <= issue <= revocation, and none is in the future.
// ISO dates compare as strings.
Status CheckDateOrder(const std::string& day, std::string_view act_vi, std::string_view act_en,
                      const std::string& earliest, std::string_view earlier_vi,
                      std::string_view earlier_en, const std::string& today) {
  if (day > today) {
    return Status::InvalidArgument(
        Bilingual(std::string(act_vi) + " " + day + " là ngày trong tương lai (hôm nay là " +
                      today + "); không ghi lùi hay ghi trước ngày",
                  std::string(act_en) + " " + day + " is in the future (today is " + today + ")"));
  }
  if (!earliest.empty() && day < earliest) {
    return Status::InvalidArgument(Bilingual(
        std::string(act_vi) + " " + day + " trước " + std::string(earlier_vi) + " " + earliest +
            "; thứ tự phải là ngày thi ≤ ngày quyết định ≤ ngày cấp ≤ ngày thu hồi",
        std::string(act_en) + " " + day + " is before " + std::string(earlier_en) + " " + earliest +
            "; dates must run exam ≤ decision ≤ issue ≤ revocation"));
  }
  return Status::Ok();
}

std::string Pad(int64_t n, int width) {
  std::string s = std::to_string(n);
  if (static_cast<int>(s.size()) < width) {
    s.insert(0, static_cast<size_t>(width) - s.size(), '0');
  }
  return s;
}

// Expands a blank-stock pattern. kInvalidArgument for an unknown placeholder.
Result<std::string> ExpandPattern(const std::string& pattern, int64_t seq, int year,
                                  const std::string& type) {
  std::string out;
  bool has_seq = false;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] != '{') {
      out.push_back(pattern[i++]);
      continue;
    }
    const size_t close = pattern.find('}', i);
    if (close == std::string::npos) {
      return Status::InvalidArgument(
          Bilingual("mẫu '" + pattern + "': thiếu '}'", "pattern '" + pattern + "': unclosed '{'"));
    }
    const std::string ph = pattern.substr(i + 1, close - i - 1);
    if (ph == "seq") {
      out += std::to_string(seq);
      has_seq = true;
    } else if (ph.starts_with("seq:") && ph.size() > 4 &&
               std::all_of(ph.begin() + 4, ph.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
               ph.size() <= 6) {
      out += Pad(seq, std::stoi(ph.substr(4)));
      has_seq = true;
    } else if (ph == "YYYY") {
      out += std::to_string(year);
    } else if (ph == "YY") {
      out += Pad(year % 100, 2);
    } else if (ph == "type") {
      out += type;
    } else {
      return Status::InvalidArgument(
          Bilingual("mẫu '" + pattern + "': không có chỗ điền {" + ph + "}",
                    "pattern '" + pattern + "': unknown placeholder {" + ph + "}"));
    }
    i = close + 1;
  }
  if (!has_seq) {
    return Status::InvalidArgument(Bilingual("mẫu '" + pattern + "' cần {seq} hoặc {seq:N}",
                                             "pattern '" + pattern + "' needs {seq} or {seq:N}"));
  }
  return out;
}

Result<json::object> EnvelopeRecord(const std::string& text) {
  Result<SignedRecord> env = ParseEnvelope(text);
  if (!env.ok()) {
    return env.status();
  }
  return env->record;
}

CertificateInfo ReadCertificate(const store::Statement& q) {
  CertificateInfo c;
  c.id = q.ColumnInt64(0);
  c.cert_type = q.ColumnText(1);
  c.year = q.ColumnInt(2);
  c.register_no = q.ColumnInt(3);
  c.serial = q.ColumnText(4);
  c.session_id = q.ColumnText(5);
  c.sbd = q.ColumnText(6);
  c.full_name = q.ColumnText(7);
  c.date_of_birth = q.ColumnText(8);
  c.signed_json = q.ColumnText(9);
  c.issued_ms = q.ColumnInt64(10);
  c.revoked = !q.ColumnIsNull(11);
  c.revocation_json = q.ColumnText(11);
  return c;
}

constexpr const char* kCertColumns =
    "SELECT c.id, c.cert_type, c.year, c.register_no, c.serial, c.session_id, c.sbd, "
    "c.full_name, c.date_of_birth, c.signed, c.issued_ms, r.signed FROM certificates c "
    "LEFT JOIN revocations r ON r.certificate_id = c.id ";

Result<std::vector<CertificateInfo>> QueryCertificates(store::Statement& q) {
  std::vector<CertificateInfo> out;
  for (;;) {
    Result<bool> row = q.Step();
    if (!row.ok()) {
      return row.status();
    }
    if (!*row) {
      return out;
    }
    out.push_back(ReadCertificate(q));
  }
}

// The centre's secret for holders' ID-number hashes, created on first use (inside the caller's
// transaction). It never leaves center.db.
Result<std::string> IdHashSecret(store::Database& db) {
  store::Statement q =
      db.Prepare("SELECT value FROM meta WHERE key = 'certificate.id_hash_secret'");
  Result<bool> row = q.Step();
  if (!row.ok()) {
    return row.status();
  }
  if (*row) {
    return q.ColumnText(0);
  }
  const std::string secret = crypto::Sha256Hex(crypto::RandomBytes(32));
  store::Statement ins =
      db.Prepare("INSERT INTO meta(key, value) VALUES ('certificate.id_hash_secret', ?1)");
  ins.Bind(1, secret);
  KHAOTHI_RETURN_IF_ERROR(ins.Run());
  return secret;
}

// How a holder's ID number appears in a certificate record (certificates.h).
std::string IdNumberHash(const std::string& secret, const std::string& record_id,
                         const std::string& id_number) {
  return crypto::Sha256Hex("khaothi-id-v1\n" + secret + "\n" + record_id + "\n" + id_number);
}

}  // namespace

json::object CertificateQrRecord(const json::object& certificate) {
  auto get = [&](std::initializer_list<const char*> path) -> json::value {
    const json::object* o = &certificate;
    const json::value* v = nullptr;
    for (const char* k : path) {
      v = o != nullptr ? o->if_contains(k) : nullptr;
      o = v != nullptr && v->is_object() ? &v->as_object() : nullptr;
    }
    return v != nullptr ? *v : json::value(nullptr);
  };
  return json::object{{"kind", "khaothi.certificate.qr.v1"},
                      {"id", get({"id"})},
                      {"name", get({"holder", "full_name"})},
                      {"dob", get({"holder", "date_of_birth"})},
                      {"serial", get({"serial"})},
                      {"scores", get({"scores"})},
                      {"issued", get({"issued_date"})},
                      {"key_id", get({"key_id"})}};
}

Result<std::string> CertificateQrText(const std::string& certificate_envelope) {
  Result<SignedRecord> env = ParseEnvelope(certificate_envelope);
  if (!env.ok()) {
    return env.status();
  }
  const json::value* sig = env->record.if_contains("qr_signature");
  if (sig == nullptr || !sig->is_string()) {
    return EnvelopeToken(certificate_envelope);  // v1: no compact signature was made
  }
  Result<std::string> raw = crypto::Base64Decode(std::string(sig->as_string()));
  if (!raw.ok() || raw->size() != 64) {
    return Status::Corruption("the certificate's qr_signature is not 64 bytes of base64");
  }
  return CompactToken(CertificateQrRecord(env->record), *raw);
}

Status RegisterIssuer(store::Database& db, const std::string& public_pem, const std::string& holder,
                      const std::string& title, const Change& change) {
  Result<std::string> h = internal::CleanLine(holder);
  Result<std::string> t = internal::CleanLine(title);
  if (!h.ok() || h->empty() || !t.ok() || t->empty()) {
    return Status::InvalidArgument(Bilingual("cần họ tên và chức vụ của thủ trưởng",
                                             "the issuer needs the head's full name and title"));
  }
  Result<std::string> id = crypto::PublicKeyId(public_pem);
  if (!id.ok()) {
    return Status::InvalidArgument(
        Bilingual("không phải khóa công khai Ed25519: ", "not an Ed25519 public key: ") +
        id.status().message());
  }
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  store::Statement retire =
      db.Prepare("UPDATE issuers SET retired_ms = ?1 WHERE retired_ms IS NULL AND key_id <> ?2");
  retire.Bind(1, change.at_ms);
  retire.Bind(2, *id);
  KHAOTHI_RETURN_IF_ERROR(retire.Run());
  store::Statement ins = db.Prepare(
      "INSERT INTO issuers(key_id, public_pem, holder, title, registered_ms) VALUES "
      "(?1, ?2, ?3, ?4, ?5) ON CONFLICT(key_id) DO UPDATE SET holder = excluded.holder, "
      "title = excluded.title, retired_ms = NULL");
  ins.Bind(1, *id);
  ins.Bind(2, public_pem);
  ins.Bind(3, *h);
  ins.Bind(4, *t);
  ins.Bind(5, change.at_ms);
  KHAOTHI_RETURN_IF_ERROR(ins.Run());
  KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "issuer_registered", "centre",
                                json::object{{"key_id", *id}, {"holder", *h}, {"title", *t}}));
  return tx.Commit();
}

Result<std::vector<Issuer>> ListIssuers(store::Database& db) {
  store::Statement q = db.Prepare(
      "SELECT key_id, public_pem, holder, title, registered_ms FROM issuers ORDER BY "
      "registered_ms, key_id");
  std::vector<Issuer> out;
  for (;;) {
    Result<bool> row = q.Step();
    if (!row.ok()) {
      return row.status();
    }
    if (!*row) {
      return out;
    }
    out.push_back(
        {q.ColumnText(0), q.ColumnText(1), q.ColumnText(2), q.ColumnText(3), q.ColumnInt64(4)});
  }
}

Result<Issuer> ActiveIssuer(store::Database& db) {
  store::Statement q = db.Prepare(
      "SELECT key_id, public_pem, holder, title, registered_ms FROM issuers WHERE retired_ms IS "
      "NULL");
  Result<bool> row = q.Step();
  if (!row.ok()) {
    return row.status();
  }
  if (!*row) {
    return Status::NotFound(Bilingual(
        "chưa đăng ký khóa cấp chứng chỉ; thủ trưởng chạy `khaothi keys init-issuer`",
        "no issuing key is registered; the head of centre runs `khaothi keys init-issuer`"));
  }
  return Issuer{q.ColumnText(0), q.ColumnText(1), q.ColumnText(2), q.ColumnText(3),
                q.ColumnInt64(4)};
}

// ---- Approval ----

Result<DecisionInfo> LatestDecision(store::Database& db, const std::string& session_id) {
  store::Statement q = db.Prepare(
      "SELECT version, decision_no, signed, created_ms FROM decisions WHERE session_id = ?1 "
      "ORDER BY version DESC LIMIT 1");
  q.Bind(1, session_id);
  Result<bool> row = q.Step();
  if (!row.ok()) {
    return row.status();
  }
  if (!*row) {
    return Status::NotFound(Bilingual(
        "ca thi " + session_id + " chưa có quyết định phê duyệt kết quả (khaothi approve)",
        "session " + session_id + " has no approval decision yet (khaothi approve)"));
  }
  DecisionInfo d{session_id, q.ColumnInt(0),  q.ColumnText(1), q.ColumnText(2),
                 {},         q.ColumnInt64(3)};
  Result<json::object> rec = EnvelopeRecord(d.signed_json);
  if (!rec.ok()) {
    return Status::Corruption(Bilingual("quyết định đã lưu bị hỏng (không đọc được)",
                                        "the stored decision does not parse"));
  }
  if (const json::value* passed = rec->if_contains("passed"); passed && passed->is_array()) {
    for (const json::value& p : passed->as_array()) {
      if (p.is_object() && p.as_object().contains("sbd")) {
        d.passed.push_back(std::string(p.as_object().at("sbd").as_string()));
      }
    }
  }
  return d;
}

Result<DecisionInfo> ApproveResults(store::Database& db, const crypto::SigningKey& key,
                                    const std::string& session_id, const std::string& decision_no,
                                    const std::string& date, bool amend, const std::string& reason,
                                    const Change& change) {
  Result<std::string> day = CheckDate(date);
  if (!day.ok()) {
    return day.status();
  }
  Result<std::string> number = internal::CleanLine(decision_no);
  if (!number.ok() || number->empty()) {
    return Status::InvalidArgument(Bilingual("quyết định cần số quyết định (--decision-no)",
                                             "the decision needs its number (--decision-no)"));
  }
  Result<Issuer> issuer = CheckIssuer(db, key);
  if (!issuer.ok()) {
    return issuer.status();
  }
  Result<SessionResults> results = LoadResults(db, session_id, change.at_ms);
  if (!results.ok()) {
    return results.status();
  }
  if (results->session.state != "closed") {
    return Status::FailedPrecondition("session " + session_id +
                                      " is not closed; run 'khaothi session close " + session_id +
                                      "' before approval");
  }
  Result<CentreInfo> centre = GetCentre(db);
  if (!centre.ok()) {
    return centre.status();
  }
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  Result<DecisionInfo> previous = LatestDecision(db, session_id);
  if (previous.ok() && !amend) {
    return Status::FailedPrecondition(
        Bilingual("ca thi " + session_id + " đã có quyết định phê duyệt (phiên bản " +
                      std::to_string(previous->version) + "); sửa đổi bằng --amend --reason",
                  "session " + session_id + " was approved already (version " +
                      std::to_string(previous->version) + "); amend it with --amend --reason"));
  }
  if (!previous.ok() && !previous.status().IsNotFound()) {
    return previous.status();
  }
  if (!previous.ok() && amend) {
    return Status::FailedPrecondition(
        Bilingual("ca thi " + session_id + " chưa có quyết định nào để sửa đổi",
                  "session " + session_id + " has no decision to amend yet"));
  }
  if (amend && reason.empty()) {
    return Status::InvalidArgument(
        Bilingual("quyết định sửa đổi cần lý do (--reason)", "an amended decision needs a reason"));
  }
  {
    // An amendment comes after the decision it amends; the first decision after the exam.
    std::string earliest = results->session.exam_date;
    std::string_view earlier_vi = "ngày thi";
    std::string_view earlier_en = "the exam date";
    if (previous.ok()) {
      Result<json::object> prec = EnvelopeRecord(previous->signed_json);
      if (prec.ok() && prec->contains("date") && prec->at("date").is_string()) {
        const std::string previous_date(prec->at("date").as_string());
        if (previous_date > earliest) {
          earliest = previous_date;
          earlier_vi = "ngày của quyết định trước";
          earlier_en = "the date of the previous decision";
        }
      }
    }
    KHAOTHI_RETURN_IF_ERROR(CheckDateOrder(*day, "ngày quyết định", "the decision date", earliest,
                                           earlier_vi, earlier_en, LocalDate(change.at_ms)));
  }
  const int version = previous.ok() ? previous->version + 1 : 1;
  json::array passed;
  std::vector<std::string> sbds;
  int pending = 0;
  for (const CandidateResult& c : results->candidates) {
    if (c.overall.verdict == engine::Verdict::kPending && c.attempt_state == "graded") {
      ++pending;
    }
    if (!c.passed()) {
      continue;
    }
    json::object scores;
    for (const auto& [name, p] : c.parts) {
      scores[name] = FormatScore(p.score, results->blueprint);
    }
    passed.push_back(json::object{{"sbd", c.candidate.sbd},
                                  {"full_name", c.candidate.full_name},
                                  {"date_of_birth", c.candidate.date_of_birth},
                                  {"scores", std::move(scores)},
                                  {"result", "Đạt"}});
    sbds.push_back(c.candidate.sbd);
  }
  json::object rec{{"kind", "khaothi.decision.v1"},
                   {"id", centre->code + "/" + session_id + "/decision/" + std::to_string(version)},
                   {"centre", json::object{{"code", centre->code}, {"name", centre->name}}},
                   {"session", session_id},
                   {"exam_date", results->session.exam_date},
                   {"version", version},
                   {"decision_no", *number},
                   {"date", *day},
                   {"candidates", static_cast<int64_t>(results->candidates.size())},
                   {"pending", pending},
                   {"passed", std::move(passed)},
                   {"signer", json::object{{"name", issuer->holder}, {"title", issuer->title}}}};
  if (amend) {
    rec["supersedes"] = previous->version;
    rec["reason"] = reason;
  }
  Result<std::string> signed_text = SignRecord(key, rec);
  if (!signed_text.ok()) {
    return signed_text.status();
  }
  store::Statement ins = db.Prepare(
      "INSERT INTO decisions(session_id, version, decision_no, signed, key_id, created_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  ins.Bind(1, session_id);
  ins.Bind(2, version);
  ins.Bind(3, *number);
  ins.Bind(4, *signed_text);
  ins.Bind(5, key.KeyId());
  ins.Bind(6, change.at_ms);
  KHAOTHI_RETURN_IF_ERROR(ins.Run());
  json::object detail{{"version", version},
                      {"decision_no", *number},
                      {"passed", static_cast<int64_t>(sbds.size())},
                      {"sha256", crypto::Sha256Hex(*signed_text)}};
  if (amend) {
    detail["reason"] = reason;
  }
  KHAOTHI_RETURN_IF_ERROR(
      Audit(db, change, amend ? "approve_amend" : "approve", session_id, detail));
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return DecisionInfo{session_id, version, *number, *signed_text, sbds, change.at_ms};
}

// ---- Blank stock ----

Status ConfigureBlankStock(store::Database& db, const std::string& cert_type,
                           const std::string& pattern, int64_t first, int64_t last,
                           const Change& change) {
  if (cert_type.empty() || pattern.empty()) {
    return Status::InvalidArgument(
        Bilingual("kho phôi cần loại chứng chỉ và mẫu số hiệu",
                  "the blank stock needs a certificate type and a pattern"));
  }
  if (first < 0 || last < first) {
    return Status::InvalidArgument(Bilingual(
        "dải số phôi " + std::to_string(first) + ".." + std::to_string(last) + " rỗng hoặc âm",
        "the blank range " + std::to_string(first) + ".." + std::to_string(last) +
            " is empty or negative"));
  }
  Result<std::string> probe = ExpandPattern(pattern, first, 2026, cert_type);
  if (!probe.ok()) {
    return probe.status();
  }
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  store::Statement q = db.Prepare(
      "INSERT INTO blank_stock(cert_type, pattern, first_no, last_no, next_no) VALUES "
      "(?1, ?2, ?3, ?4, ?3) ON CONFLICT(cert_type) DO UPDATE SET pattern = excluded.pattern, "
      "first_no = excluded.first_no, last_no = excluded.last_no, next_no = excluded.next_no");
  q.Bind(1, cert_type);
  q.Bind(2, pattern);
  q.Bind(3, first);
  q.Bind(4, last);
  KHAOTHI_RETURN_IF_ERROR(q.Run());
  KHAOTHI_RETURN_IF_ERROR(
      Audit(db, change, "blank_stock", cert_type,
            json::object{{"pattern", pattern}, {"first", first}, {"last", last}}));
  return tx.Commit();
}

// ---- Certificates ----

std::string RegisterLabel(int register_no, int year) {
  return Pad(register_no, 6) + "/" + std::to_string(year);
}

Result<std::vector<CertificateInfo>> IssueCertificates(store::Database& db,
                                                       const crypto::SigningKey& key,
                                                       const std::string& session_id,
                                                       const IssueOptions& options,
                                                       const Change& change) {
  Result<std::string> day = CheckDate(options.issued_date);
  if (!day.ok()) {
    return day.status();
  }
  const int year = std::stoi(day->substr(0, 4));
  if (options.cert_type.empty()) {
    return Status::InvalidArgument(
        Bilingual("thiếu loại chứng chỉ", "the certificate type is empty"));
  }
  Result<Issuer> issuer = CheckIssuer(db, key);
  if (!issuer.ok()) {
    return issuer.status();
  }
  Result<DecisionInfo> decision = LatestDecision(db, session_id);
  if (!decision.ok()) {
    if (decision.status().IsNotFound()) {
      return Status::FailedPrecondition(
          Bilingual("chưa cấp được chứng chỉ khi thủ trưởng chưa phê duyệt: ",
                    "no certificate before the head's approval: ") +
          decision.status().message());
    }
    return decision.status();
  }
  Result<SignedRecord> denv = ParseEnvelope(decision->signed_json);
  if (!denv.ok()) {
    return Status::Corruption(Bilingual("quyết định đã lưu bị hỏng (không đọc được)",
                                        "the stored decision does not parse"));
  }
  if (denv->key_id != key.KeyId() ||
      !crypto::VerifySignature(issuer->public_pem, denv->canonical, denv->signature).ok()) {
    return Status::PermissionDenied(
        Bilingual("quyết định phê duyệt không do khóa cấp chứng chỉ này ký",
                  "the approval decision was not signed by this issuing key"));
  }
  if (const json::value* ddate = denv->record.if_contains("date"); ddate && ddate->is_string()) {
    KHAOTHI_RETURN_IF_ERROR(CheckDateOrder(
        *day, "ngày cấp", "the issue date", std::string(ddate->as_string()),
        "ngày của quyết định phê duyệt", "the approval decision's date", LocalDate(change.at_ms)));
  }
  Result<SessionResults> results = LoadResults(db, session_id, change.at_ms);
  if (!results.ok()) {
    return results.status();
  }
  std::map<std::string, const CandidateResult*> by_sbd;
  for (const CandidateResult& c : results->candidates) {
    by_sbd[c.candidate.sbd] = &c;
  }
  // Every listed candidate must still have passed (a re-mark may have changed that).
  for (const std::string& sbd : decision->passed) {
    auto it = by_sbd.find(sbd);
    if (it == by_sbd.end() || !it->second->passed()) {
      return Status::FailedPrecondition(
          Bilingual("thí sinh " + sbd +
                        " có trong danh sách được phê duyệt nhưng theo kết quả hiện tại không "
                        "đạt; trước hết hãy sửa đổi quyết định (khaothi approve --amend)",
                    "candidate " + sbd +
                        " is on the approved list but has not passed by the current results; "
                        "amend the decision (khaothi approve --amend) first"));
    }
  }
  Result<CentreInfo> centre = GetCentre(db);
  if (!centre.ok()) {
    return centre.status();
  }
  const json::object& drec = denv->record;
  std::vector<CertificateInfo> issued;
  for (const std::string& sbd : decision->passed) {
    const CandidateResult& cr = *by_sbd.at(sbd);
    store::Transaction tx(db);
    KHAOTHI_RETURN_IF_ERROR(tx.Begin());
    {
      store::Statement have = db.Prepare(
          "SELECT count(*) FROM certificates c WHERE session_id = ?1 AND sbd = ?2 AND cert_type = "
          "?3");
      have.Bind(1, session_id);
      have.Bind(2, sbd);
      have.Bind(3, options.cert_type);
      Result<bool> row = have.Step();
      if (!row.ok()) {
        return row.status();
      }
      if (have.ColumnInt(0) > 0) {
        continue;  // the transaction rolls back: nothing was written
      }
    }
    store::Statement stock =
        db.Prepare("SELECT pattern, next_no, last_no FROM blank_stock WHERE cert_type = ?1");
    stock.Bind(1, options.cert_type);
    Result<bool> srow = stock.Step();
    if (!srow.ok()) {
      return srow.status();
    }
    if (!*srow) {
      return Status::FailedPrecondition(Bilingual(
          "chưa khai báo kho phôi cho loại " + options.cert_type + " (khaothi cert stock)",
          "no blank stock is configured for " + options.cert_type + " (khaothi cert stock)"));
    }
    const std::string pattern = stock.ColumnText(0);
    const int64_t next_no = stock.ColumnInt64(1);
    if (next_no > stock.ColumnInt64(2)) {
      return Status::FailedPrecondition(Bilingual(
          "phôi loại " + options.cert_type + " đã hết; hãy khai báo dải số mới",
          "the blank stock of " + options.cert_type + " is used up; configure a new range"));
    }
    Result<std::string> serial = ExpandPattern(pattern, next_no, year, options.cert_type);
    if (!serial.ok()) {
      return serial.status();
    }
    store::Statement max = db.Prepare(
        "SELECT coalesce(max(register_no), 0) FROM certificates WHERE cert_type = ?1 AND year = "
        "?2");
    max.Bind(1, options.cert_type);
    max.Bind(2, year);
    Result<bool> mrow = max.Step();
    if (!mrow.ok()) {
      return mrow.status();
    }
    const int register_no = max.ColumnInt(0) + 1;
    const Candidate& c = cr.candidate;
    json::object scores;
    for (const auto& [name, p] : cr.parts) {
      scores[name] = FormatScore(p.score, results->blueprint);
    }
    const std::string id = centre->code + "/" + options.cert_type + "/" + std::to_string(year) +
                           "/" + Pad(register_no, 6);
    Result<std::string> id_secret = IdHashSecret(db);
    if (!id_secret.ok()) {
      return id_secret.status();
    }
    json::object rec{
        {"kind", "khaothi.certificate.v2"},
        {"id", id},
        {"centre", json::object{{"code", centre->code}, {"name", centre->name}}},
        {"type", options.cert_type},
        {"title", "Chứng chỉ ứng dụng công nghệ thông tin cơ bản"},
        {"year", year},
        {"register_no", register_no},
        {"register", RegisterLabel(register_no, year)},
        {"serial", *serial},
        {"holder", json::object{{"full_name", c.full_name},
                                {"date_of_birth", c.date_of_birth},
                                {"sex", c.sex},
                                {"place_of_birth", c.place_of_birth},
                                {"id_number_hash", IdNumberHash(*id_secret, id, c.id_number)}}},
        {"session", session_id},
        {"sbd", sbd},
        {"exam_date", results->session.exam_date},
        {"scores", std::move(scores)},
        {"result", "Đạt"},
        {"decision", json::object{{"id", drec.at("id")},
                                  {"no", drec.at("decision_no")},
                                  {"date", drec.at("date")},
                                  {"sha256", crypto::Sha256Hex(decision->signed_json)}}},
        {"issued_date", *day},
        {"place", centre->place},
        {"signer", json::object{{"name", issuer->holder}, {"title", issuer->title}}}};
    if (options.cert_type != "UDCNTT-CB") {
      rec["title"] = "Chứng chỉ ứng dụng công nghệ thông tin";
    }
    // The QR code's compact record is signed first; its signature is part of the full record.
    rec["key_id"] = key.KeyId();
    json::object qr = CertificateQrRecord(rec);
    Result<std::string> qr_signature = SignRecordRaw(key, qr);
    if (!qr_signature.ok()) {
      return qr_signature.status();
    }
    rec["qr_signature"] = crypto::Base64Encode(*qr_signature);
    Result<std::string> signed_text = SignRecord(key, rec);
    if (!signed_text.ok()) {
      return signed_text.status();
    }
    store::Statement ins = db.Prepare(
        "INSERT INTO certificates(cert_type, year, register_no, serial, session_id, sbd, "
        "decision_version, full_name, date_of_birth, signed, key_id, issued_ms) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    ins.Bind(1, options.cert_type);
    ins.Bind(2, year);
    ins.Bind(3, register_no);
    ins.Bind(4, *serial);
    ins.Bind(5, session_id);
    ins.Bind(6, sbd);
    ins.Bind(7, decision->version);
    ins.Bind(8, c.full_name);
    ins.Bind(9, c.date_of_birth);
    ins.Bind(10, *signed_text);
    ins.Bind(11, key.KeyId());
    ins.Bind(12, change.at_ms);
    KHAOTHI_RETURN_IF_ERROR(ins.Run());
    store::Statement last = db.Prepare("SELECT last_insert_rowid()");
    Result<bool> lrow = last.Step();
    if (!lrow.ok()) {
      return lrow.status();
    }
    const int64_t row_id = last.ColumnInt64(0);
    store::Statement used =
        db.Prepare("UPDATE blank_stock SET next_no = next_no + 1 WHERE cert_type = ?1");
    used.Bind(1, options.cert_type);
    KHAOTHI_RETURN_IF_ERROR(used.Run());
    KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "certificate_issued", session_id + "/" + sbd,
                                  json::object{{"id", id},
                                               {"register", RegisterLabel(register_no, year)},
                                               {"serial", *serial},
                                               {"sha256", crypto::Sha256Hex(*signed_text)}}));
    KHAOTHI_RETURN_IF_ERROR(tx.Commit());
    CertificateInfo info;
    info.id = row_id;
    info.cert_type = options.cert_type;
    info.year = year;
    info.register_no = register_no;
    info.serial = *serial;
    info.session_id = session_id;
    info.sbd = sbd;
    info.full_name = c.full_name;
    info.date_of_birth = c.date_of_birth;
    info.signed_json = *signed_text;
    info.issued_ms = change.at_ms;
    if (options.on_issued) {
      options.on_issued(register_no, sbd);
    }
    issued.push_back(std::move(info));
  }
  return issued;
}

Result<std::vector<std::string>> AwaitingAmendment(store::Database& db,
                                                   const std::string& session_id,
                                                   const std::string& cert_type, int64_t at_ms) {
  Result<DecisionInfo> decision = LatestDecision(db, session_id);
  if (!decision.ok()) {
    return decision.status();
  }
  Result<SessionResults> results = LoadResults(db, session_id, at_ms);
  if (!results.ok()) {
    return results.status();
  }
  const std::set<std::string> approved(decision->passed.begin(), decision->passed.end());
  std::vector<std::string> out;
  for (const CandidateResult& c : results->candidates) {
    if (!c.passed() || approved.count(c.candidate.sbd) != 0) {
      continue;
    }
    store::Statement have = db.Prepare(
        "SELECT count(*) FROM certificates WHERE session_id = ?1 AND sbd = ?2 AND cert_type = ?3");
    have.Bind(1, session_id);
    have.Bind(2, c.candidate.sbd);
    have.Bind(3, cert_type);
    Result<bool> row = have.Step();
    if (!row.ok()) {
      return row.status();
    }
    if (have.ColumnInt(0) == 0) {
      out.push_back(c.candidate.sbd);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::vector<CertificateInfo>> ListCertificates(store::Database& db,
                                                      const std::string& cert_type, int year) {
  store::Statement q = db.Prepare(std::string(kCertColumns) +
                                  "WHERE (?1 = '' OR c.cert_type = ?1) AND (?2 = 0 OR c.year = ?2) "
                                  "ORDER BY c.cert_type, c.year, c.register_no");
  q.Bind(1, cert_type);
  q.Bind(2, year);
  return QueryCertificates(q);
}

Result<CertificateInfo> FindCertificate(store::Database& db, const std::string& number_or_serial,
                                        const std::string& cert_type) {
  std::vector<CertificateInfo> found;
  const size_t slash = number_or_serial.find('/');
  int number = 0;
  int year = 0;
  if (slash != std::string::npos &&
      std::sscanf(number_or_serial.c_str(), "%d/%d", &number, &year) == 2 && number > 0) {
    store::Statement q = db.Prepare(std::string(kCertColumns) +
                                    "WHERE c.register_no = ?1 AND c.year = ?2 AND (?3 = '' OR "
                                    "c.cert_type = ?3)");
    q.Bind(1, number);
    q.Bind(2, year);
    q.Bind(3, cert_type);
    Result<std::vector<CertificateInfo>> r = QueryCertificates(q);
    if (!r.ok()) {
      return r.status();
    }
    found = std::move(r).value();
  }
  if (found.empty()) {
    store::Statement q = db.Prepare(std::string(kCertColumns) + "WHERE c.serial = ?1");
    q.Bind(1, number_or_serial);
    Result<std::vector<CertificateInfo>> r = QueryCertificates(q);
    if (!r.ok()) {
      return r.status();
    }
    found = std::move(r).value();
  }
  if (found.empty()) {
    return Status::NotFound(Bilingual("sổ gốc không có chứng chỉ '" + number_or_serial + "'",
                                      "no certificate '" + number_or_serial + "' in the register"));
  }
  if (found.size() > 1) {
    return Status::InvalidArgument(
        Bilingual("'" + number_or_serial + "' ứng với chứng chỉ của nhiều loại; hãy cho --type",
                  "'" + number_or_serial + "' names certificates of several types; give --type"));
  }
  return found[0];
}

Result<CertificateInfo> RevokeCertificate(store::Database& db, const crypto::SigningKey& key,
                                          const std::string& number_or_serial,
                                          const std::string& reason, const std::string& date,
                                          const Change& change, const std::string& decision_no) {
  Result<std::string> r = internal::CleanLine(reason);
  Result<std::string> number = internal::CleanLine(decision_no);
  if (!number.ok()) {
    return Status::InvalidArgument(
        Bilingual("số quyết định thu hồi: ", "the revocation's decision number: ") +
        number.status().message());
  }
  if (!r.ok() || r->empty()) {
    return Status::InvalidArgument(
        Bilingual("thu hồi cần lý do (--reason)", "a revocation needs a reason (--reason)"));
  }
  Result<std::string> day = CheckDate(date);
  if (!day.ok()) {
    return day.status();
  }
  Result<Issuer> issuer = CheckIssuer(db, key);
  if (!issuer.ok()) {
    return issuer.status();
  }
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  Result<CertificateInfo> cert = FindCertificate(db, number_or_serial);
  if (!cert.ok()) {
    return cert.status();
  }
  if (cert->revoked) {
    return Status::FailedPrecondition(Bilingual(
        "chứng chỉ " + RegisterLabel(cert->register_no, cert->year) + " đã bị thu hồi",
        "certificate " + RegisterLabel(cert->register_no, cert->year) + " is revoked already"));
  }
  Result<json::object> crec = EnvelopeRecord(cert->signed_json);
  if (!crec.ok()) {
    return Status::Corruption(Bilingual("chứng chỉ đã lưu bị hỏng (không đọc được)",
                                        "the stored certificate does not parse"));
  }
  {
    const json::value* issued = crec->if_contains("issued_date");
    KHAOTHI_RETURN_IF_ERROR(CheckDateOrder(
        *day, "ngày thu hồi", "the revocation date",
        issued != nullptr && issued->is_string() ? std::string(issued->as_string()) : std::string(),
        "ngày cấp chứng chỉ", "the certificate's issue date", LocalDate(change.at_ms)));
  }
  json::object rec{{"kind", "khaothi.revocation.v1"},
                   {"id", std::string(crec->at("id").as_string()) + "/revocation"},
                   {"certificate", crec->at("id")},
                   {"register", RegisterLabel(cert->register_no, cert->year)},
                   {"serial", cert->serial},
                   {"reason", *r},
                   {"revoked_date", *day},
                   {"signer", json::object{{"name", issuer->holder}, {"title", issuer->title}}}};
  if (!number->empty()) {
    rec["decision_no"] = *number;
  }
  Result<std::string> signed_text = SignRecord(key, rec);
  if (!signed_text.ok()) {
    return signed_text.status();
  }
  store::Statement ins = db.Prepare(
      "INSERT INTO revocations(certificate_id, reason, signed, revoked_ms) VALUES (?1, ?2, ?3, "
      "?4)");
  ins.Bind(1, cert->id);
  ins.Bind(2, *r);
  ins.Bind(3, *signed_text);
  ins.Bind(4, change.at_ms);
  KHAOTHI_RETURN_IF_ERROR(ins.Run());
  KHAOTHI_RETURN_IF_ERROR(
      Audit(db, change, "certificate_revoked", cert->session_id + "/" + cert->sbd,
            json::object{{"register", RegisterLabel(cert->register_no, cert->year)},
                         {"serial", cert->serial},
                         {"reason", *r}}));
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  cert->revoked = true;
  cert->revocation_json = *signed_text;
  return cert;
}

Result<json::object> VerifyLookup(store::Database& db, const std::string& full_name,
                                  const std::string& date_of_birth,
                                  const std::string& serial_or_number) {
  std::string dob = date_of_birth;
  int d = 0;
  int m = 0;
  int y = 0;
  if (std::sscanf(date_of_birth.c_str(), "%d/%d/%d", &d, &m, &y) == 3) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    dob = buf;
  }
  const std::string name_key = internal::FoldKey(full_name);
  if (name_key.empty() || serial_or_number.empty() || !internal::ParseIsoDate(dob)) {
    return Status::InvalidArgument(
        "the lookup needs a full name, a date of birth and a serial "
        "or register number");
  }
  std::vector<CertificateInfo> candidates;
  {
    store::Statement q =
        db.Prepare(std::string(kCertColumns) + "WHERE c.date_of_birth = ?1 ORDER BY c.id");
    q.Bind(1, dob);
    Result<std::vector<CertificateInfo>> r = QueryCertificates(q);
    if (!r.ok()) {
      return r.status();
    }
    candidates = std::move(r).value();
  }
  int number = 0;
  int year = 0;
  const int fields = std::sscanf(serial_or_number.c_str(), "%d/%d", &number, &year);
  for (const CertificateInfo& c : candidates) {
    if (internal::FoldKey(c.full_name) != name_key) {
      continue;
    }
    const bool by_serial = c.serial == serial_or_number;
    const bool by_number = serial_or_number.find_first_not_of("0123456789/") == std::string::npos &&
                           fields >= 1 && number == c.register_no && (fields < 2 || year == c.year);
    if (!by_serial && !by_number) {
      continue;
    }
    store::Statement k = db.Prepare(
        "SELECT i.public_pem FROM certificates c JOIN issuers i ON i.key_id = c.key_id WHERE "
        "c.id = ?1");
    k.Bind(1, c.id);
    Result<bool> row = k.Step();
    if (!row.ok()) {
      return row.status();
    }
    const std::string pem = *row ? k.ColumnText(0) : std::string();
    std::vector<std::string> revs;
    if (c.revoked) {
      revs.push_back(c.revocation_json);
    }
    Verification v = VerifyRecord(c.signed_json, pem, revs);
    json::object out{{"found", true},
                     {"status", std::string(ToString(v.verdict))},
                     {"reason", v.reason},
                     {"public_key", pem}};
    boost::system::error_code ec;
    // The ID number is never published (Personal Data Protection Law 2025): a v1 record holds
    // it under its signature, so its envelope stays in the register and only the checked status
    // and the record without the number go out.
    json::object record = v.envelope.record;
    json::value* holder = record.if_contains("holder");
    if (holder != nullptr && holder->is_object() && holder->as_object().erase("id_number") > 0) {
      out["redacted"] = json::array{"holder.id_number"};
    } else {
      out["certificate"] = json::parse(c.signed_json, ec);
    }
    out["record"] = std::move(record);
    if (c.revoked) {
      out["revocation"] = json::parse(c.revocation_json, ec);
    }
    return out;
  }
  return json::object{{"found", false}};
}

}  // namespace khaothi::centre
