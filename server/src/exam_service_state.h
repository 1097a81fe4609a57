// Private to the exam service's files: what the service holds of a session and of a seat, and
// the small helpers its pieces share. The service's pieces (one responsibility per file):
//   exam_service.cc     the exam core: Handle, start, writes, submit, the clock (Tick)
//   finish.cc           ending attempts: Settle, Finish (grading, the receipt, the record), retries
//   seat_store.cc       SQL: loading sessions, seats, attempts and answers; persisting them
//   login_guard.cc      the login: rate limit, lockout, password check, the move check
//   replies.cc          the JSON messages the service sends
//   receipt.cc          the signed receipt of a graded attempt
//   proctor_actions.cc  the proctor's actions and the room view (Seats)
//   practical.cc        the practical (protocol 1.1): its clock, task files, uploads
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/engine/attempt.h"
#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/form.h"
#include "khaothi/engine/grading.h"
#include "khaothi/engine/practical.h"
#include "khaothi/protocol/server_messages.h"
#include "khaothi/server/exam_service.h"

namespace khaothi::server {

struct ExamService::SessionInfo {
  std::string id;
  std::string name;
  std::string exam_date;
  engine::Blueprint blueprint;
  bool unlock_required = true;
  std::string bank_snapshot;
  // `khaothi session close` ran: no login, no start; every attempt is settled.
  bool closed = false;
  // Rooms the proctor paused as a whole: nobody in them may start until the room resumes.
  std::set<std::string> paused_rooms;
};

struct ExamService::Seat {
  std::string key;
  SessionInfo* session = nullptr;
  std::string sbd;
  std::string full_name;
  std::string date_of_birth;
  std::string sex;
  std::string place_of_birth;
  std::string id_number;
  std::string room;
  std::string password_hash;
  int failed_logins = 0;
  int64_t locked_until_ms = 0;
  // Protocol 1.2's resume token (login_guard.cc): the SHA-256 (hex) of the one the current
  // connection's login_ok carried, and when it was issued. Empty: none (never issued, used,
  // revoked). Memory only: after a restart every client logs in with its password.
  std::string resume_hash;
  int64_t resume_issued_ms = 0;

  engine::Form form;
  std::vector<const engine::Item*> items;
  std::optional<engine::Attempt> attempt;
  std::string machine;
  bool move_allowed = false;
  std::optional<int64_t> unlocked_ms;

  std::weak_ptr<Peer> peer;
  const Peer* peer_raw = nullptr;             // identity of the current connection
  ClientKind client = ClientKind::kTerminal;  // what the current connection came from
  int64_t last_contact_ms = 0;
  std::string data_error_report;  // the candidate reported wrong personal data; not acknowledged

  std::string result_json;
  std::string receipt_json;  // {"record":..., "signature":..., "key_id":...}
  std::optional<engine::GradeResult> grade;
  // Finish ran for this attempt (it grades once, even when grading failed).
  bool finished = false;
  // Graded, and its receipt being signed off the lock (OnSubmit): not yet marked graded nor
  // persisted. A `start` meanwhile is told busy and asks again.
  bool receipt_pending = false;
  // A change of the attempt's row is not known to be on disk: it could not be queued (the
  // writer's queue was full) or its commit failed (disk full, I/O error). The next Persist of
  // this seat writes the row, and Tick retries it.
  bool record_unsaved = false;
  // center.db holds the attempt as started (or later): loaded so, or a row written after the
  // start has committed. Until then a start is confirmed (the form) only after a commit of its
  // own; from then on a reconnecting client gets its form even while the disk fails.
  bool start_on_disk = false;
  // The minor protocol version of the current connection (0: a 1.0 client, which is never sent
  // a practical message).
  int peer_minor = 0;

  // ---- The practical (protocol 1.1; practical.cc). Empty `tasks`: the form drew none.
  // The tasks drawn for the seat, in blueprint order, with their manifests.
  struct DrawnTask {
    std::string subpart;
    const engine::PracticalTask* task = nullptr;  // owned by ExamService::tasks_
  };
  std::vector<DrawnTask> tasks;
  // The practical's clock: an engine attempt without questions, so that it follows every rule of
  // the theory's (extensions, pauses, downtime credit, the clock ending it). Present exactly
  // when `tasks` is not empty.
  std::optional<engine::Attempt> practical;
  // FinishPractical ran: the end is recorded (or being recorded) with its register of files.
  bool practical_finished = false;
  // center.db holds the practical as started (like start_on_disk).
  bool practical_on_disk = false;
  // The latest stored version of each work file, by (task, name); every version's hash (the
  // station may download any of its own versions); the bytes of all versions together.
  std::map<std::pair<std::string, std::string>, protocol::WorkFile> latest_work;
  std::set<std::string> work_hashes;
  int64_t work_bytes = 0;
  // Uploads begun and not yet acknowledged, by upload id. Lost with the process; the partial
  // file on disk is not, and an upload_begin of the same file resumes from its end.
  struct Upload {
    std::string task, name, sha256;
    int64_t size = 0;
    int64_t held = 0;         // bytes in the partial file
    int64_t begun_ms = 0;     // the version's received_ms
    bool completing = false;  // hashed and stored off the lock; chunks are refused meanwhile
  };
  std::map<std::string, Upload> uploads;
};

// The theory has ended (handed in, by the clock or a proctor): the practical may begin.
inline bool TheoryOver(engine::AttemptState state) {
  return state == engine::AttemptState::kSubmitted || state == engine::AttemptState::kGraded;
}

// The attempt has been started: it is no longer waiting for the candidate's start.
inline bool HasStarted(engine::AttemptState state) {
  return state != engine::AttemptState::kCreated && state != engine::AttemptState::kUnlocked;
}

// "SESSION/SBD": a seat's key.
inline std::string SeatKey(const std::string& session, const std::string& sbd) {
  return session + "/" + sbd;
}

// Số báo danh as the login looks it up: spaces dropped and ASCII letters in capitals, so that
// " ts 001" finds TS001 (docs/protocol.md: case and spaces are ignored).
std::string NormalizeSbd(std::string_view sbd);

}  // namespace khaothi::server
