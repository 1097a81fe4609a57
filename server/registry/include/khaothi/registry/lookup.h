// The registry's public certificate lookup (docs/registry.md "Public lookup"): anyone who knows
// a holder's full name, date of birth and the certificate's serial (số hiệu) or register number
// (số vào sổ) learns whether it is valid or revoked (with the date and reason), its public
// fields, and gets the signed envelopes to check offline — never the holder's ID number.
//
//   GET /v1/lookup?name=..&dob=YYYY-MM-DD&number=..   JSON (LookupJson)
//   GET /lookup[?name=..&dob=..&number=..][&lang=en]  an HTML page: the form and the result
//
// Matching, exactly:
//   name    both sides NFC, then Unicode full case folding, then NFC again, runs of white space
//           (any Unicode White_Space, NBSP included) made one space and trimmed (NameKey).
//           Diacritics count: "Lê Văn Cường" matches "LÊ VĂN CƯỜNG" and "lê  văn cường",
//           not "Le Van Cuong" — a different name is a different person to the register.
//   dob     'YYYY-MM-DD', or 'dd/mm/yyyy' as Vietnamese write it; the same calendar day.
//   number  the serial, byte for byte after trimming; or, when it reads N/YYYY (1 to 6 digits,
//           a year: "12/2026", "000012/2026"), the register number N of year YYYY. A bare
//           number is a serial: the registry holds every centre's registers, and a number
//           without its year would match many.
// All three must match one certificate; otherwise "not found", whichever was wrong.
//
// What is published per certificate: its status ("valid", or "revoked" with the revocation's
// date, reason and decision number), its public fields (PublicFields), the issuing key's public
// PEM, the certificate's envelope and the revocation's envelope. Not published:
//   - the holder's ID number: a khaothi.certificate.v1 envelope holds it in clear under the
//     signature, so for v1 the envelope is left out ("redacted":["holder.id_number"]) and only
//     the status and fields go out; v2 holds a salted hash instead and is published whole;
//   - the approval decision's envelope: it lists the name, date of birth and scores of every
//     candidate of the session, personal data of people who did not ask. The certificate names
//     it by number, date and SHA-256 (fields "decision"), which the registry checked on
//     arrival; the centre gives the decision to whoever is entitled to it.
// The status is the registry's: every record was verified against the centre's registered key
// on arrival and is stored append-only; the caller checks the envelope again offline.
//
// Thread safety: functions use the caller's Connection; the rest is pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "khaothi/engine/status.h"
#include "khaothi/registry/pg.h"
#include "khaothi/web/url.h"

namespace khaothi::registry {

struct LookupQuery {
  std::string name;         // as given (trimmed), valid UTF-8
  std::string name_key;     // NameKey(name)
  std::string dob;          // 'YYYY-MM-DD'
  std::string number;       // as given (trimmed): compared with the serial
  int64_t register_no = 0;  // 0 unless `number` reads N/YYYY
  int64_t register_year = 0;
};

// Longest name and number accepted, in bytes.
inline constexpr size_t kMaxLookupNameBytes = 200;
inline constexpr size_t kMaxLookupNumberBytes = 64;

// The lookup's query parameters name, dob and number (others are ignored). kInvalidArgument with
// a bilingual message naming the parameter when one is missing, empty, too long, not UTF-8, or
// (dob) not a date.
Result<LookupQuery> ParseLookupQuery(const web::Params& params);

// The form in which names are compared (see above).
std::string NameKey(std::string_view name);

struct LookupMatch {
  std::string record_id;
  std::string status;  // "valid" or "revoked"
  std::string revoked_date;
  std::string revocation_reason;
  std::string revocation_decision_no;
  boost::json::object fields;         // PublicFields of the record
  std::string certificate;            // the envelope (canonical JSON); "" when redacted
  std::string revocation;             // the revocation's envelope; "" when not revoked
  std::string public_key_pem;         // the key that signed the certificate
  std::vector<std::string> redacted;  // "holder.id_number" for v1
};

// The certificates matching `query`, oldest first (usually none or one; several only when two
// centres' certificates share the holder and the number). At most 20.
Result<std::vector<LookupMatch>> Lookup(pg::Connection& conn, const LookupQuery& query);

// The public fields of a certificate record: id, kind, centre {code, name}, type, title, year,
// register_no, register, serial, holder {full_name, date_of_birth, sex, place_of_birth},
// exam_date, scores, result, decision {id, no, date, sha256}, issued_date, place, signer
// {name, title} — those of them the record has. Never the ID number or its hash.
boost::json::object PublicFields(const boost::json::object& record);

// {"found":false,"status":"not_found","matches":[]} or {"found":true,"status":S,"matches":[
//   {"status","revoked_date"?,"revocation_reason"?,"revocation_decision_no"?,"fields",
//    "certificate"?:<envelope>,"revocation"?:<envelope>,"public_key","redacted"?}...]},
// S the first match's status. Envelopes are embedded as their stored canonical bytes, so the
// "record" inside each is exactly the signed bytes (docs/verification.md).
std::string LookupJson(const std::vector<LookupMatch>& matches);

// The HTML page of GET /lookup, Vietnamese unless `english`: the form (filled with `params`),
// then `error` when not empty, else the result when `matches` is not null. Every value is
// escaped (web::HtmlEscape).
std::string LookupPage(const web::Params& params, const std::vector<LookupMatch>* matches,
                       std::string_view error, bool english);

}  // namespace khaothi::registry
