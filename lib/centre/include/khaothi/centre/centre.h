// The centre's records in center.db: the centre itself, exam sessions (ca thi) with their rooms,
// candidates (thí sinh) imported from CSV, their one-time passwords, and the forms and attempt
// rows created when a session opens. The `khaothi` tool writes them; the server reads them.
//
// Every function that changes something does it in one transaction together with its audit
// entry (audit.h), so the change and its record commit or vanish together; a function that
// fails changes nothing. Errors:
//   kInvalidArgument     bad input (the message says which field or CSV line)
//   kNotFound            no such session, room or candidate; the centre was never initialised
//   kAlreadyExists       the centre, a session id or a candidate number exists already
//   kFailedPrecondition  the session's state forbids the change (for example it is open)
//   kResourceExhausted   the bank cannot fill the blueprint (OpenSession)
//   kIoError, kUnavailable, kCorruption  from the database, as store::SqliteStatus maps them
//
// What is stored (schema in lib/store/src/database.cc, migration 2):
//   sessions.blueprint      the blueprint text exactly as given; blueprint_id and duration_ms
//                           derive from it (duration_ms may be overridden at creation)
//   sessions.state          'draft' -> 'open' (OpenSession) -> 'closed' (the server); no way back
//   candidates.*            NFC text; date_of_birth 'YYYY-MM-DD'; sex 'Nam' or 'Nữ';
//                           id_number 9 or 12 digits; password_hash from crypto::HashPassword
//                           or NULL until passwords are issued
//   forms.form              FormToJson(form); forms.seed the form's seed, its 64 bits stored as
//                           a signed SQLite integer (static_cast<int64_t>)
//   attempts                one row per candidate with state 'created', written by OpenSession
//
// Thread safety: functions take the Database the caller uses; callers serialise access to it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/engine/form.h"
#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"
#include "khaothi/store/item_store.h"

namespace khaothi::centre {

// ---- Messages in two languages ----
//
// The centre's staff read this library's error messages in Vietnamese by default and in English
// with `--lang en`. A message meant for them carries both: every bilingual piece is
// kBilingualOpen + Vietnamese + kBilingualSeparator + English + kBilingualClose, so that pieces
// may be concatenated with plain text (names, numbers, file lines) and with other pieces. Every
// program that shows a Status message of this library to a person passes it through Localize.
inline constexpr char kBilingualOpen = '\x0e';
inline constexpr char kBilingualSeparator = '\x1f';
inline constexpr char kBilingualClose = '\x0f';

// One bilingual piece of a message.
std::string Bilingual(std::string_view vi, std::string_view en);
// `message` with every bilingual piece replaced by its English (`english`) or Vietnamese text;
// plain text passes through unchanged.
std::string Localize(std::string_view message, bool english);

// Who makes a change and when; recorded in the audit entry of the change.
struct Change {
  std::string actor;  // "cli:USER", "proctor:NAME", "system"
  int64_t at_ms = 0;  // milliseconds since the Unix epoch, UTC
};

// A change made from the command line: actor "cli:" + $USER ("cli:staff" when USER is unset or
// empty), at the system clock's current time.
Change CliChange();

// ---- The centre ----

struct CentreInfo {
  std::string code;  // the centre's code, part of every globally unique record id
  std::string name;  // its full name, printed on slips and certificates
  int64_t created_ms = 0;
  // For the documents the centre files (one line each, NFC; empty until set): the place written
  // before a date ("Long An, ngày 15 tháng 12 năm 2026") and the supervising body (cơ quan chủ
  // quản) above the centre's name in a document's left header ("SỞ GIÁO DỤC VÀ ĐÀO TẠO LONG AN").
  std::string place;
  std::string supervisor;
};

// Whether `code` can be a centre code: 1 to 32 letters, digits, '-' or '_'.
bool IsValidCentreCode(std::string_view code);

// Records the centre. `code`: 1 to 32 letters, digits, '-' or '_'; `name`: one non-empty line
// (stored NFC). kAlreadyExists when the database already holds a centre.
Status InitCentre(store::Database& db, const std::string& code, const std::string& name,
                  const Change& change);
// kNotFound when InitCentre has not run on this database.
Result<CentreInfo> GetCentre(store::Database& db);

// Sets the centre's place and/or supervising body (a nullopt leaves it as it is), audited as
// "centre.details". kInvalidArgument for a value that is not one line of at most 120 characters;
// nothing changes then.
Status SetCentreDetails(store::Database& db, const std::optional<std::string>& place,
                        const std::optional<std::string>& supervisor, const Change& change);

// ---- Sessions ----

// Whether `id` can name a session: 1 to 64 letters, digits, '-' or '_'.
bool IsValidSessionId(std::string_view id);

struct SessionSpec {
  std::string id;
  std::string name;       // one line, stored NFC
  std::string exam_date;  // 'YYYY-MM-DD'
  // The blueprint file's text (docs/blueprint.md), stored whole.
  std::string blueprint_text;
  // Room names: 1 to 32 characters of one line without ',', distinct; at least one.
  std::vector<std::string> rooms;
  // Replaces the blueprint's duration when set: 1 to 600 minutes.
  std::optional<int> duration_minutes;
  // Whether a proctor must unlock each login after the ID check (docs/regulations.md §5).
  bool unlock_required = true;
};

struct SessionInfo {
  std::string id;
  std::string name;
  std::string exam_date;
  std::string blueprint_id;
  std::string blueprint;  // the text
  int64_t duration_ms = 0;
  bool unlock_required = true;
  std::string state;          // "draft", "open" or "closed"
  std::string bank_snapshot;  // empty until the session is opened
  int64_t created_ms = 0;
  std::optional<int64_t> opened_ms;
  std::optional<int64_t> closed_ms;
  std::vector<std::string> rooms;  // in the order given at creation
  int candidates = 0;
  int without_password = 0;  // candidates who cannot log in yet
};

// Creates a session in state 'draft' with its rooms. kInvalidArgument names the bad field (a
// blueprint error names its line); kAlreadyExists for a used id; kFailedPrecondition when the
// centre was never initialised.
Status CreateSession(store::Database& db, const SessionSpec& spec, const Change& change);
// kNotFound for an unknown id.
Result<SessionInfo> GetSession(store::Database& db, const std::string& id);
// Every session, by exam date then id.
Result<std::vector<SessionInfo>> ListSessions(store::Database& db);

// ---- Safe Exam Browser (docs/seb.md) ----

// A session's Safe Exam Browser setting. `start_url` and `config_key` are empty until a .seb file
// was written for it; `required` is false until asked for.
struct SessionSeb {
  std::string session_id;
  bool required = false;
  std::string start_url;   // the station URL the .seb file opens
  std::string config_key;  // its Config Key, 64 lower-case hex digits
};

// kNotFound for an unknown session.
Result<SessionSeb> GetSessionSeb(store::Database& db, const std::string& session_id);
// Records that the .seb file with `config_key` starting at `start_url` was written for the session;
// `required` keeps its value. Audited as "session.seb_config". kFailedPrecondition for a closed
// session, kInvalidArgument for a key that is not 64 lower-case hex digits.
Status RecordSebConfig(store::Database& db, const std::string& session_id,
                       const std::string& start_url, const std::string& config_key,
                       const Change& change);
// Turns "require SEB" on or off. Audited as "session.seb_required". kFailedPrecondition for a
// closed session, or for `on` before RecordSebConfig (there is no key to check against).
Status SetSebRequired(store::Database& db, const std::string& session_id, bool on,
                      const Change& change);
// The open sessions that have a .seb file (required or not), by id: what the server checks a
// station request against, and tells the proctor's tile from (docs/seb.md).
Result<std::vector<SessionSeb>> OpenSessionsWithSeb(store::Database& db);

// ---- Candidates ----

struct Candidate {
  std::string sbd;  // số báo danh: 1 to 20 letters, digits, '-' or '_'
  std::string full_name;
  std::string date_of_birth;  // 'YYYY-MM-DD'
  std::string sex;            // "Nam" or "Nữ"
  std::string place_of_birth;
  std::string id_number;  // CCCD (12 digits) or CMND (9 digits)
  std::string room;
  bool has_password = false;

  friend bool operator==(const Candidate&, const Candidate&) = default;
};

struct CandidateRow {
  int line = 0;  // the physical line of the CSV where the record starts (1 = the header)
  Candidate candidate;
};

// Reads a candidate list as Excel and LibreOffice write it: RFC 4180 quoting (quoted fields may
// hold the separator, "" and line breaks), UTF-8 with or without a BOM, comma or semicolon
// separated (whichever the header uses), CRLF, LF or CR line ends, a header row naming the
// columns in Vietnamese or English with or without diacritics, in any case and order:
//   sbd | số báo danh, họ và tên | họ tên | full_name, ngày sinh | date_of_birth,
//   giới tính | sex, nơi sinh | place_of_birth, cccd | số cccd | cmnd | id_number, phòng | room
// Other columns (STT...) are ignored, and so are blank rows. Dates are dd/mm/yyyy (also with
// '-' or '.') or yyyy-mm-dd and must be before `exam_date`; sex is Nam/Nữ/Male/Female in any
// case; the room must be one of `rooms`; text fields are trimmed, NFC-normalised, with runs of
// spaces collapsed.
// kInvalidArgument when anything is wrong, listing every bad row as "line N: ..." one per line
// (a duplicate sbd or id number names both lines); no partial result is returned.
Result<std::vector<CandidateRow>> ParseCandidatesCsv(std::string_view bytes,
                                                     const std::vector<std::string>& rooms,
                                                     const std::string& exam_date);

// Parses `csv` for the session (rooms and date) and adds every candidate, or none: also
// kInvalidArgument when an sbd or id number is already in the session. kFailedPrecondition
// unless the session is 'draft'. Returns how many were added.
Result<int> ImportCandidates(store::Database& db, const std::string& session_id,
                             std::string_view csv, const Change& change);
// The session's candidates by room, then sbd. kNotFound for an unknown session.
Result<std::vector<Candidate>> ListCandidates(store::Database& db, const std::string& session_id);

// ---- Passwords ----

// Which candidates get new passwords: those of `room` when set, the one with `sbd` when set
// (both may be set), everyone otherwise.
struct PasswordSelection {
  std::string room;
  std::string sbd;
};

struct IssuedPassword {
  Candidate candidate;
  std::string password;  // the plaintext, for the login slip; not stored anywhere
};

// Gives every selected candidate a fresh one-time password (crypto::NewPassword), storing only
// its scrypt hash and clearing failed logins and lockouts. A password issued earlier stops
// working. Returns the plaintexts, ordered as ListCandidates, exactly once. kNotFound for an
// unknown session, room or sbd, or an empty selection; kFailedPrecondition when the session is
// closed.
Result<std::vector<IssuedPassword>> IssuePasswords(store::Database& db,
                                                   const std::string& session_id,
                                                   const PasswordSelection& selection,
                                                   const Change& change);

// ---- Opening a session ----

struct OpenReport {
  std::string bank_snapshot;
  int forms = 0;
  int without_password = 0;  // these candidates cannot log in until `khaothi slips` runs
};

// Opens a 'draft' session: freezes the bank's active snapshot (read through `bank`, which must
// be the same database file), generates every candidate's form from (snapshot, blueprint,
// fresh crypto::RandomSeed) avoiding items the candidate (matched by id number) was shown in
// sessions dated within the blueprint's carry-over window before this one, stores the forms,
// creates one attempt per candidate in state 'created', and sets the state 'open' with
// opened_ms and bank_snapshot. All in one transaction. kResourceExhausted naming every short
// cell when the bank cannot fill the blueprint; kFailedPrecondition when the session is not
// 'draft' or has no candidates.
Result<OpenReport> OpenSession(store::Database& db, store::ItemStore& bank,
                               const std::string& session_id, const Change& change);

// Closes an 'open' session (after the exam, before approval): sets the state 'closed' with
// closed_ms and audits it with `reason` (may be empty). From then on nobody logs in or starts;
// a running server submits and grades the attempts still open within a second, and
// server::SettleClosedSessions does it when no server runs. kFailedPrecondition when the session
// is not 'open'; kNotFound for an unknown session.
Status CloseSession(store::Database& db, const std::string& session_id, const std::string& reason,
                    const Change& change);

// ---- Forms ----

// The canonical JSON of `form`, as stored in forms.form:
//   {"blueprint":"basic-30","seed":"<16 lower-case hex digits>",
//    "slots":[{"cell":0,"item":"IU01-0003","order":[2,0,1,3],"version":1},...]}
std::string FormToJson(const engine::Form& form);
// The inverse. kCorruption when `json` is not exactly that shape (unknown or missing keys, a
// seed that is not 16 hex digits, an invalid item id, a version below 1, a negative cell, an
// order that is not a permutation of 0..n-1).
Result<engine::Form> FormFromJson(std::string_view json);
// The stored form of one candidate; kNotFound when there is none (the session is not open).
Result<engine::Form> GetForm(store::Database& db, const std::string& session_id,
                             const std::string& sbd);

}  // namespace khaothi::centre
