// The practical test's sitting (issue 15): the task each candidate drew, and every version of the
// work files the candidate's station uploaded (docs/practical.md, "Delivery" and "Collection").
//
// The tasks are drawn when the session opens (OpenSession, from each form's seed) and fixed from
// then on. A work file's bytes are a content-addressed file under the centre's directory,
// `DIR/work/<first two hex digits>/<sha256>`, written to a temporary name, fsynced, renamed and
// the folder fsynced (WriteWorkBlob) *before* the row that names it commits (RecordWorkVersion),
// so a committed row always has its bytes on disk; a blob without a row (a crash between the two)
// is harmless and is reused by the next upload of the same bytes. Rows in `work_versions` are
// never changed nor deleted: every version is kept, and the one marked is the latest complete
// version received by the deadline (LatestWork).
//
// Thread safety: functions use the caller's Database (and transaction, where they say so); the
// blob functions touch only the file they name and may run on any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"

namespace khaothi::centre {

// The task one candidate drew for one practical sub-part.
struct AssignedTask {
  std::string part;     // the blueprint part ("practical")
  std::string subpart;  // "bang-tinh"
  std::string module;   // "IU04"
  std::string task_id;  // "IU04-A"
  int task_version = 0;

  friend bool operator==(const AssignedTask&, const AssignedTask&) = default;
};

// The candidate's drawn tasks in blueprint order; empty for a blueprint without practical tasks
// or a session not yet open.
Result<std::vector<AssignedTask>> AssignedTasks(store::Database& db, const std::string& session_id,
                                                const std::string& sbd);

// One received version of one work file.
struct WorkVersion {
  std::string task_id;  // one of the candidate's AssignedTasks
  std::string name;     // engine::IsPracticalFileName, of an engine::IsPracticalFileType type
  int version = 0;      // 1, 2, ... per (candidate, task, name)
  std::string sha256;   // 64 lower-case hex digits: the blob's name
  int64_t size = 0;     // bytes
  int64_t received_ms = 0;
  std::string machine;  // the PC that sent it

  friend bool operator==(const WorkVersion&, const WorkVersion&) = default;
};

// Records a complete version of a work file, inside the caller's transaction (the server's
// writer commits it with the batch). The blob must already be on disk (WriteWorkBlob). Returns
// the version number: the next one, or, when the latest version of the same file has the same
// SHA-256 (a resend after a lost ack, or a save that changed nothing), that version, adding no
// row. `version.version` is ignored. InvalidArgument for a bad name, type or hash, or a negative
// size; FailedPrecondition when `task_id` is not one of the candidate's assigned tasks.
Result<int> RecordWorkVersion(store::Database& db, const std::string& session_id,
                              const std::string& sbd, const WorkVersion& version);

// Every version the candidate's stations sent, ordered by task, name, version.
Result<std::vector<WorkVersion>> WorkVersions(store::Database& db, const std::string& session_id,
                                              const std::string& sbd);

// The version to mark of each file: the latest one received at or before `deadline_ms`, ordered
// by task and name. A file whose every version came later is absent.
Result<std::vector<WorkVersion>> LatestWork(store::Database& db, const std::string& session_id,
                                            const std::string& sbd, int64_t deadline_ms);

// When the candidate's practical ended (server time, ms): handed in, ended by the proctor, or its
// deadline when the clock ended it (practical_attempts.ended_ms); the largest int64_t while it has
// not ended or was never started, so that LatestWork(..., PracticalEnd(...)) is what is marked.
Result<int64_t> PracticalEnd(store::Database& db, const std::string& session_id,
                             const std::string& sbd);

// `centre_dir`/work/<sha256[0..2)>/<sha256>. `sha256` must be 64 lower-case hex digits (callers
// check it first; InvalidArgument otherwise).
Result<std::string> WorkBlobPath(const std::string& centre_dir, std::string_view sha256);

// Whether `s` is 64 lower-case hex digits.
bool IsSha256Hex(std::string_view s);

// Stores `bytes` as the blob named by their SHA-256 (returned): a temporary file in the same
// folder, written, fsynced, renamed over the name, and the folder fsynced, so that after a
// successful return the bytes survive a crash. When the blob already exists with the right size
// nothing is written. IoError naming the path when any step fails (the temporary file is
// removed).
Result<std::string> WriteWorkBlob(const std::string& centre_dir, std::string_view bytes);

// The bytes of the blob `sha256`. NotFound when absent; Corruption when the file's bytes do not
// hash to its name.
Result<std::string> ReadWorkBlob(const std::string& centre_dir, std::string_view sha256);

}  // namespace khaothi::centre
