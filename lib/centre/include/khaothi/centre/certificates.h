// The head of centre's acts: the approval decision (quyết định phê duyệt kết quả), certificates
// with their register numbers (số vào sổ) and serials (số hiệu), revocations, and the public
// lookup. docs/regulations.md §6-§8: only the head of the testing centre signs, only for the
// approved list; the register is permanent; register numbers run from 1 each year per certificate
// type, with no gap and no reuse.
//
// Signing keys. The head's issuing key is registered once (RegisterIssuer) by its public key;
// every function that signs takes the loaded crypto::SigningKey and refuses (kPermissionDenied)
// a key that is not the registered, active issuer — a deputy's or the server's receipt key
// cannot sign a certificate. The private key never enters center.db or the server.
//
// Register numbers. IssueCertificates gives each certificate its own BEGIN IMMEDIATE
// transaction in which the number is computed as max + 1 for (type, year), the serial is taken
// from the blank stock, and the certificate row, the stock's next number and the audit entry are
// written: a crash leaves either the whole certificate or nothing, so a rerun continues without
// a gap. UNIQUE(cert_type, year, register_no) makes a duplicate impossible.
//
// Records (signed_record.h envelopes):
//   khaothi.decision.v1     {centre, session, version, supersedes?, reason?, decision_no,
//                            date, passed:[{sbd, full_name, date_of_birth, scores, result}],
//                            signer:{name, title}, id, key_id}
//   khaothi.certificate.v2  {id, centre:{code,name}, type, title, year, register_no, register,
//                            serial, holder:{full_name, date_of_birth, sex, place_of_birth,
//                            id_number_hash}, session, sbd, exam_date, scores:{part: score},
//                            result, decision:{id, no, date, sha256}, issued_date, place,
//                            qr_signature, signer:{name,title}, key_id}
//     The holder's ID number is not in the record (it is public: QR code, GET /verify; Personal
//     Data Protection Law 2025): id_number_hash is SHA-256 of "khaothi-id-v1\n" + the centre's
//     secret + "\n" + id + "\n" + ID number, the secret kept in center.db (meta
//     'certificate.id_hash_secret'), so the record commits to the number without disclosing it
//     and the register (candidates.id_number) keeps it. qr_signature is the base64 signature of
//     the compact record CertificateQrRecord() derives from this one (the QR code).
//   khaothi.certificate.v1  as v2 with holder.id_number in clear and without id_number_hash,
//                            place and qr_signature: certificates issued before; they still
//                            verify, and GET /verify does not disclose their envelope.
//   khaothi.certificate.qr.v1  {kind, id, name, dob, serial, scores, issued, key_id}: the compact
//                            record in the QR code, signed at issue by the same key.
//   khaothi.revocation.v1   {id, certificate (the certificate's id), register, serial, reason,
//                            revoked_date, decision_no?, signer, key_id}
//
// Dates. Every act is dated in the centre's local calendar (the local date of Change::at_ms
// is "today"), and the dates run exam <= decision <= issue <= revocation, none after today:
// ApproveResults refuses a date before the exam (an amendment: before the decision it amends),
// IssueCertificates one before the decision, RevokeCertificate one before the issue, and all
// three a date in the future, with kInvalidArgument and nothing changed.
//
// Messages are bilingual (centre.h Bilingual): show them through Localize.
//
// Thread safety: functions take the Database the caller uses; callers serialise access to it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "khaothi/centre/centre.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"

namespace khaothi::centre {

struct Issuer {
  std::string key_id;
  std::string public_pem;
  std::string holder;  // "Nguyễn Văn A"
  std::string title;   // "Giám đốc"
  int64_t registered_ms = 0;
};

// Records `public_pem` as the active issuer, retiring the previous one (its signatures stay
// valid). kInvalidArgument for an empty holder or title or a key that is not Ed25519 PEM.
Status RegisterIssuer(store::Database& db, const std::string& public_pem, const std::string& holder,
                      const std::string& title, const Change& change);
// The active issuer; kNotFound when none was registered (`khaothi keys init-issuer`).
Result<Issuer> ActiveIssuer(store::Database& db);
// Every issuer ever registered, oldest first (the keys a verifier may need).
Result<std::vector<Issuer>> ListIssuers(store::Database& db);

// ---- Approval ----

struct DecisionInfo {
  std::string session_id;
  int version = 0;
  std::string decision_no;
  std::string signed_json;          // the envelope
  std::vector<std::string> passed;  // sbd, in order
  int64_t created_ms = 0;
};

// Signs and stores the approval decision of `session_id`: the list of every candidate whose
// overall verdict (results.h LoadResults) is passed. The first is version 1; `amend` makes the
// next version, superseding the latest, and needs `reason`. kFailedPrecondition when a decision
// exists and `amend` is false, when no decision exists and `amend` is true, or when the session is
// not closed (centre.h CloseSession); kPermissionDenied
// for a key that is not the active issuer. `decision_no` is the decision's number as written on
// paper ("15/QĐ-TTGDTX"); `date` 'YYYY-MM-DD', not before the exam (or the amended decision),
// not after today.
Result<DecisionInfo> ApproveResults(store::Database& db, const crypto::SigningKey& key,
                                    const std::string& session_id, const std::string& decision_no,
                                    const std::string& date, bool amend, const std::string& reason,
                                    const Change& change);
// The latest decision of a session; kNotFound when none.
Result<DecisionInfo> LatestDecision(store::Database& db, const std::string& session_id);

// ---- Blank stock ----

// Serials come from `pattern`, where "{seq:N}" is the stock number zero-padded to N digits,
// "{seq}" unpadded, "{YYYY}"/"{YY}" the issue year and "{type}" the certificate type
// ("CNTT{YY}-{seq:06}"), numbered first..last. Replaces the type's stock; kInvalidArgument for a
// pattern without {seq} or a bad range; kFailedPrecondition when the new range would reuse a
// serial already issued.
Status ConfigureBlankStock(store::Database& db, const std::string& cert_type,
                           const std::string& pattern, int64_t first, int64_t last,
                           const Change& change);

// ---- Certificates ----

struct IssueOptions {
  std::string cert_type = "UDCNTT-CB";  // basic IT-application certificate
  // 'YYYY-MM-DD', not before the decision's date nor after today; the register's year is its year.
  std::string issued_date;
  // Called after each certificate commits (the kill-loop test and progress output use it).
  std::function<void(int register_no, const std::string& sbd)> on_issued;
};

struct CertificateInfo {
  int64_t id = 0;
  std::string cert_type;
  int year = 0;
  int register_no = 0;
  std::string serial;
  std::string session_id;
  std::string sbd;
  std::string full_name;
  std::string date_of_birth;
  std::string signed_json;
  int64_t issued_ms = 0;
  bool revoked = false;
  std::string revocation_json;  // the revocation envelope when revoked
};

// "000123/2026": how a register number is written, in every output.
std::string RegisterLabel(int register_no, int year);

// The compact record of a khaothi.certificate.v2 record (kind khaothi.certificate.qr.v1), whose
// signature is the certificate's qr_signature.
boost::json::object CertificateQrRecord(const boost::json::object& certificate);

// What the certificate's QR code holds: the compact token (signed_record.h) of a v2 certificate
// envelope, or the full envelope's token for a v1 certificate, which has no compact signature.
// kCorruption when the envelope does not parse.
Result<std::string> CertificateQrText(const std::string& certificate_envelope);

// Issues a certificate to every candidate on the session's latest approval decision who has none
// of `options.cert_type` from this session yet (a revoked one counts: a revoked certificate is
// not re-issued automatically), in sbd order, one transaction each. Refuses:
// kFailedPrecondition when there is no decision, or when no blank stock is configured for the
// type or it is exhausted; kPermissionDenied for a key that is not the active issuer or that did
// not sign the decision; kFailedPrecondition for a listed candidate whose result today is not
// passed (the decision must be amended first). Returns the certificates issued by this call.
Result<std::vector<CertificateInfo>> IssueCertificates(store::Database& db,
                                                       const crypto::SigningKey& key,
                                                       const std::string& session_id,
                                                       const IssueOptions& options,
                                                       const Change& change);

// The candidates of `session_id` (sbd order) who pass by the current results (at `at_ms`) but
// are not on the latest approval decision and hold no `cert_type` certificate of the session:
// typically passed after a re-mark (phúc khảo). IssueCertificates cannot give them one until an
// amended decision (ApproveResults with `amend`) lists them. kNotFound when there is no decision.
Result<std::vector<std::string>> AwaitingAmendment(store::Database& db,
                                                   const std::string& session_id,
                                                   const std::string& cert_type, int64_t at_ms);

// The register (sổ gốc), by type, year and number; `year` 0 for every year, empty `cert_type`
// for every type.
Result<std::vector<CertificateInfo>> ListCertificates(store::Database& db,
                                                      const std::string& cert_type, int year);
// One certificate by "NUMBER/YEAR" (register) or by serial; kNotFound when none. `cert_type`
// empty matches any type (kInvalidArgument when that is ambiguous).
Result<CertificateInfo> FindCertificate(store::Database& db, const std::string& number_or_serial,
                                        const std::string& cert_type = "");

// Revokes a certificate: the row stays, a signed revocation is added, with the number of the
// revocation decision when `decision_no` is not empty. kFailedPrecondition when it is revoked
// already; kInvalidArgument without a reason, or for a `date` before the certificate's issue
// date or after today.
Result<CertificateInfo> RevokeCertificate(store::Database& db, const crypto::SigningKey& key,
                                          const std::string& number_or_serial,
                                          const std::string& reason, const std::string& date,
                                          const Change& change,
                                          const std::string& decision_no = "");

// ---- Public lookup ----

// The public lookup of GET /verify: name (compared after NFC and case/space folding), date of
// birth ('YYYY-MM-DD' or 'dd/mm/yyyy') and the serial or register number ("12/2026" or "12"
// with the year of any certificate). Returns {"found":false} or
// {"found":true,"status":"valid"|"revoked","reason":..,"record":<the record, without any ID
//  number>,"certificate":<envelope>,"revocation":<envelope>?,"public_key":<issuer PEM>}; the
// status is checked, not trusted (a bad signature gives "tampered"). Only certificates are
// disclosed, and only to a caller who knows all three. The ID number is never disclosed: for a
// v1 certificate, whose signed envelope holds it, "certificate" is left out and "redacted":
// ["holder.id_number"] says why (the status is still checked by the server).
Result<boost::json::object> VerifyLookup(store::Database& db, const std::string& full_name,
                                         const std::string& date_of_birth,
                                         const std::string& serial_or_number);

}  // namespace khaothi::centre
