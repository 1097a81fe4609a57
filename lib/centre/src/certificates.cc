// Issuing certificates: blank stock, the signed certificate record and its QR code's compact
// record.

#include "khaothi/centre/certificates.h"

#include <algorithm>
#include <map>

#include <boost/json.hpp>

#include "khaothi/centre/registry_outbox.h"
#include "khaothi/centre/results.h"
#include "khaothi/centre/signed_record.h"

#include "centre_internal.h"
#include "certificate_rules.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;
using internal::Audit;

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
      out += internal::Pad(seq, std::stoi(ph.substr(4)));
      has_seq = true;
    } else if (ph == "YYYY") {
      out += std::to_string(year);
    } else if (ph == "YY") {
      out += internal::Pad(year % 100, 2);
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

// The centre's secret for holders' ID-number hashes, created on first use (inside the caller's
// transaction). It never leaves center.db.
Result<std::string> IdHashSecret(store::Database& db) {
  store::Statement q =
      db.Prepare("SELECT value FROM meta WHERE key = 'certificate.id_hash_secret'");
  KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (row) {
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
  KHAOTHI_ASSIGN_OR_RETURN(SignedRecord env, ParseEnvelope(certificate_envelope));
  const json::value* sig = env.record.if_contains("qr_signature");
  if (sig == nullptr || !sig->is_string()) {
    return EnvelopeToken(certificate_envelope);  // v1: no compact signature was made
  }
  Result<std::string> raw = crypto::Base64Decode(std::string(sig->as_string()));
  if (!raw.ok() || raw->size() != 64) {
    return Status::Corruption("the certificate's qr_signature is not 64 bytes of base64");
  }
  return CompactToken(CertificateQrRecord(env.record), *raw);
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
  KHAOTHI_ASSIGN_OR_RETURN(std::string probe, ExpandPattern(pattern, first, 2026, cert_type));
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
  return internal::Pad(register_no, 6) + "/" + std::to_string(year);
}

Result<std::vector<CertificateInfo>> IssueCertificates(store::Database& db,
                                                       const crypto::SigningKey& key,
                                                       const std::string& session_id,
                                                       const IssueOptions& options,
                                                       const Change& change) {
  KHAOTHI_ASSIGN_OR_RETURN(std::string day, internal::CheckDate(options.issued_date));
  const int year = std::stoi(day.substr(0, 4));
  if (options.cert_type.empty()) {
    return Status::InvalidArgument(
        Bilingual("thiếu loại chứng chỉ", "the certificate type is empty"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(Issuer issuer, internal::CheckIssuer(db, key));
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
      !crypto::VerifySignature(issuer.public_pem, denv->canonical, denv->signature).ok()) {
    return Status::PermissionDenied(
        Bilingual("quyết định phê duyệt không do khóa cấp chứng chỉ này ký",
                  "the approval decision was not signed by this issuing key"));
  }
  if (const json::value* ddate = denv->record.if_contains("date"); ddate && ddate->is_string()) {
    KHAOTHI_RETURN_IF_ERROR(
        internal::CheckDateOrder(day, "ngày cấp", "the issue date", std::string(ddate->as_string()),
                                 "ngày của quyết định phê duyệt", "the approval decision's date",
                                 internal::LocalDate(change.at_ms)));
  }
  KHAOTHI_ASSIGN_OR_RETURN(SessionResults results, LoadResults(db, session_id, change.at_ms));
  std::map<std::string, const CandidateResult*> by_sbd;
  for (const CandidateResult& c : results.candidates) {
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
  KHAOTHI_ASSIGN_OR_RETURN(CentreInfo centre, GetCentre(db));
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
      KHAOTHI_RETURN_IF_ERROR(have.Step().status());
      if (have.ColumnInt(0) > 0) {
        continue;  // the transaction rolls back: nothing was written
      }
    }
    store::Statement stock =
        db.Prepare("SELECT pattern, next_no, last_no FROM blank_stock WHERE cert_type = ?1");
    stock.Bind(1, options.cert_type);
    KHAOTHI_ASSIGN_OR_RETURN(bool srow, stock.Step());
    if (!srow) {
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
    KHAOTHI_RETURN_IF_ERROR(max.Step().status());
    const int register_no = max.ColumnInt(0) + 1;
    const Candidate& c = cr.candidate;
    json::object scores;
    for (const auto& [name, p] : cr.parts) {
      scores[name] = FormatScore(p.score, results.blueprint);
    }
    const std::string id = centre.code + "/" + options.cert_type + "/" + std::to_string(year) +
                           "/" + internal::Pad(register_no, 6);
    KHAOTHI_ASSIGN_OR_RETURN(std::string id_secret, IdHashSecret(db));
    json::object rec{
        {"kind", "khaothi.certificate.v2"},
        {"id", id},
        {"centre", json::object{{"code", centre.code}, {"name", centre.name}}},
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
                                {"id_number_hash", IdNumberHash(id_secret, id, c.id_number)}}},
        {"session", session_id},
        {"sbd", sbd},
        {"exam_date", results.session.exam_date},
        {"scores", std::move(scores)},
        {"result", "Đạt"},
        {"decision", json::object{{"id", drec.at("id")},
                                  {"no", drec.at("decision_no")},
                                  {"date", drec.at("date")},
                                  {"sha256", crypto::Sha256Hex(decision->signed_json)}}},
        {"issued_date", day},
        {"place", centre.place},
        {"signer", json::object{{"name", issuer.holder}, {"title", issuer.title}}}};
    if (options.cert_type != "UDCNTT-CB") {
      rec["title"] = "Chứng chỉ ứng dụng công nghệ thông tin";
    }
    // The QR code's compact record is signed first; its signature is part of the full record.
    rec["key_id"] = key.KeyId();
    json::object qr = CertificateQrRecord(rec);
    KHAOTHI_ASSIGN_OR_RETURN(std::string qr_signature, SignRecordRaw(key, qr));
    rec["qr_signature"] = crypto::Base64Encode(qr_signature);
    KHAOTHI_ASSIGN_OR_RETURN(std::string signed_text, SignRecord(key, rec));
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
    ins.Bind(10, signed_text);
    ins.Bind(11, key.KeyId());
    ins.Bind(12, change.at_ms);
    KHAOTHI_RETURN_IF_ERROR(ins.Run());
    KHAOTHI_RETURN_IF_ERROR(QueueForRegistry(db, signed_text, change.at_ms));
    store::Statement last = db.Prepare("SELECT last_insert_rowid()");
    KHAOTHI_RETURN_IF_ERROR(last.Step().status());
    const int64_t row_id = last.ColumnInt64(0);
    store::Statement used =
        db.Prepare("UPDATE blank_stock SET next_no = next_no + 1 WHERE cert_type = ?1");
    used.Bind(1, options.cert_type);
    KHAOTHI_RETURN_IF_ERROR(used.Run());
    KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "certificate_issued", session_id + "/" + sbd,
                                  json::object{{"id", id},
                                               {"register", RegisterLabel(register_no, year)},
                                               {"serial", *serial},
                                               {"sha256", crypto::Sha256Hex(signed_text)}}));
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
    info.signed_json = signed_text;
    info.issued_ms = change.at_ms;
    if (options.on_issued) {
      options.on_issued(register_no, sbd);
    }
    issued.push_back(std::move(info));
  }
  return issued;
}

}  // namespace khaothi::centre
