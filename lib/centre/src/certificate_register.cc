// The register of certificates: listing and finding them, revoking one, and the public lookup.

#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include "khaothi/centre/certificates.h"
#include "khaothi/centre/registry_outbox.h"
#include "khaothi/centre/results.h"
#include "khaothi/centre/signed_record.h"

#include "centre_internal.h"
#include "certificate_rules.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;
using internal::Audit;

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
  KHAOTHI_RETURN_IF_ERROR(
      q.ForEachRow([&](const store::Statement& row) { out.push_back(ReadCertificate(row)); }));
  return out;
}

}  // namespace

Result<std::vector<std::string>> AwaitingAmendment(store::Database& db,
                                                   const std::string& session_id,
                                                   const std::string& cert_type, int64_t at_ms) {
  KHAOTHI_ASSIGN_OR_RETURN(DecisionInfo decision, LatestDecision(db, session_id));
  KHAOTHI_ASSIGN_OR_RETURN(SessionResults results, LoadResults(db, session_id, at_ms));
  const std::set<std::string> approved(decision.passed.begin(), decision.passed.end());
  std::vector<std::string> out;
  for (const CandidateResult& c : results.candidates) {
    if (!c.passed() || approved.count(c.candidate.sbd) != 0) {
      continue;
    }
    store::Statement have = db.Prepare(
        "SELECT count(*) FROM certificates WHERE session_id = ?1 AND sbd = ?2 AND cert_type = ?3");
    have.Bind(1, session_id);
    have.Bind(2, c.candidate.sbd);
    have.Bind(3, cert_type);
    KHAOTHI_RETURN_IF_ERROR(have.Step().status());
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
    KHAOTHI_ASSIGN_OR_RETURN(std::vector<CertificateInfo> r, QueryCertificates(q));
    found = std::move(r);
  }
  if (found.empty()) {
    store::Statement q = db.Prepare(std::string(kCertColumns) + "WHERE c.serial = ?1");
    q.Bind(1, number_or_serial);
    KHAOTHI_ASSIGN_OR_RETURN(std::vector<CertificateInfo> r, QueryCertificates(q));
    found = std::move(r);
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
  KHAOTHI_ASSIGN_OR_RETURN(std::string day, internal::CheckDate(date));
  KHAOTHI_ASSIGN_OR_RETURN(Issuer issuer, internal::CheckIssuer(db, key));
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_ASSIGN_OR_RETURN(CertificateInfo cert, FindCertificate(db, number_or_serial));
  if (cert.revoked) {
    return Status::FailedPrecondition(Bilingual(
        "chứng chỉ " + RegisterLabel(cert.register_no, cert.year) + " đã bị thu hồi",
        "certificate " + RegisterLabel(cert.register_no, cert.year) + " is revoked already"));
  }
  Result<json::object> crec = internal::EnvelopeRecord(cert.signed_json);
  if (!crec.ok()) {
    return Status::Corruption(Bilingual("chứng chỉ đã lưu bị hỏng (không đọc được)",
                                        "the stored certificate does not parse"));
  }
  {
    const json::value* issued = crec->if_contains("issued_date");
    KHAOTHI_RETURN_IF_ERROR(internal::CheckDateOrder(
        day, "ngày thu hồi", "the revocation date",
        issued != nullptr && issued->is_string() ? std::string(issued->as_string()) : std::string(),
        "ngày cấp chứng chỉ", "the certificate's issue date", internal::LocalDate(change.at_ms)));
  }
  json::object rec{{"kind", "khaothi.revocation.v1"},
                   {"id", std::string(crec->at("id").as_string()) + "/revocation"},
                   {"certificate", crec->at("id")},
                   {"register", RegisterLabel(cert.register_no, cert.year)},
                   {"serial", cert.serial},
                   {"reason", *r},
                   {"revoked_date", day},
                   {"signer", json::object{{"name", issuer.holder}, {"title", issuer.title}}}};
  if (!number->empty()) {
    rec["decision_no"] = *number;
  }
  KHAOTHI_ASSIGN_OR_RETURN(std::string signed_text, SignRecord(key, rec));
  store::Statement ins = db.Prepare(
      "INSERT INTO revocations(certificate_id, reason, signed, revoked_ms) VALUES (?1, ?2, ?3, "
      "?4)");
  ins.Bind(1, cert.id);
  ins.Bind(2, *r);
  ins.Bind(3, signed_text);
  ins.Bind(4, change.at_ms);
  KHAOTHI_RETURN_IF_ERROR(ins.Run());
  KHAOTHI_RETURN_IF_ERROR(QueueForRegistry(db, signed_text, change.at_ms));
  KHAOTHI_RETURN_IF_ERROR(
      Audit(db, change, "certificate_revoked", cert.session_id + "/" + cert.sbd,
            json::object{{"register", RegisterLabel(cert.register_no, cert.year)},
                         {"serial", cert.serial},
                         {"reason", *r}}));
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  cert.revoked = true;
  cert.revocation_json = signed_text;
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
    KHAOTHI_ASSIGN_OR_RETURN(std::vector<CertificateInfo> r, QueryCertificates(q));
    candidates = std::move(r);
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
    KHAOTHI_ASSIGN_OR_RETURN(bool row, k.Step());
    const std::string pem = row ? k.ColumnText(0) : std::string();
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
