// Protocol version 1.2 between khaothi-client and khaothi-server: WebSocket over TLS, one JSON
// object per text frame, `{"type": ...}`. docs/protocol.md is the contract; this library is the
// code's single spelling of it: the message names and error codes here, the fields in the
// encoders and decoders of client_messages.h and server_messages.h.
//
// The library depends on Boost.JSON and the engine only (no Asio, no OpenSSL), so the server, the
// client and the load generator all link it.
#pragma once

#include <string_view>

#include "khaothi/engine/attempt.h"

namespace khaothi::protocol {

inline constexpr int kProtocolVersion = 1;
// The minor version this library speaks: 1.1 adds the practical test (its tasks, its clock, the
// download of task files and the upload of work files). A client says the minor version it speaks
// in its hello ("minor"); one that says none speaks 1.0 and is served exactly as before 1.1, and
// the server's hello carries "minor" only when the client's did. 1.2 adds the resume token: a
// login_ok carries one, and a reconnecting client logs in with it instead of the password.
inline constexpr int kProtocolMinor = 2;

// The "type" of every message.
namespace type {
// Client -> server.
inline constexpr std::string_view kHello = "hello";  // both directions
inline constexpr std::string_view kLogin = "login";
inline constexpr std::string_view kStart = "start";
inline constexpr std::string_view kAnswer = "answer";
inline constexpr std::string_view kFlag = "flag";
inline constexpr std::string_view kSubmit = "submit";
inline constexpr std::string_view kPing = "ping";
inline constexpr std::string_view kReport = "report";
// Client -> server, 1.1: the practical test.
inline constexpr std::string_view kPracticalStart = "practical_start";
inline constexpr std::string_view kPracticalSubmit = "practical_submit";
inline constexpr std::string_view kDownload = "download";
inline constexpr std::string_view kUploadBegin = "upload_begin";
inline constexpr std::string_view kUploadChunk = "upload_chunk";
// Server -> client.
inline constexpr std::string_view kLoginOk = "login_ok";
inline constexpr std::string_view kUnlocked = "unlocked";
inline constexpr std::string_view kForm = "form";
inline constexpr std::string_view kAck = "ack";
inline constexpr std::string_view kTime = "time";
inline constexpr std::string_view kNotice = "notice";
inline constexpr std::string_view kResult = "result";
inline constexpr std::string_view kClosed = "closed";
inline constexpr std::string_view kPong = "pong";
inline constexpr std::string_view kError = "error";
// Server -> client, 1.1: the practical test.
inline constexpr std::string_view kPractical = "practical";
inline constexpr std::string_view kFileChunk = "file_chunk";
inline constexpr std::string_view kUploadReady = "upload_ready";
inline constexpr std::string_view kUploadAck = "upload_ack";
}  // namespace type

// Error codes sent in {"type":"error","code":...}. Stable strings: clients switch on them.
namespace error {
inline constexpr std::string_view kBadJson = "bad_json";             // not a JSON object
inline constexpr std::string_view kBadMessage = "bad_message";       // a field missing or mistyped
inline constexpr std::string_view kUnknownType = "unknown_type";     // "type" not in this protocol
inline constexpr std::string_view kTooLarge = "too_large";           // frame over the limit; closes
inline constexpr std::string_view kVersion = "unsupported_version";  // hello with another version
inline constexpr std::string_view kHelloFirst = "hello_first";       // anything before hello
inline constexpr std::string_view kNotLoggedIn = "not_logged_in";
inline constexpr std::string_view kBadCredentials = "bad_credentials";
inline constexpr std::string_view kLocked = "locked";             // too many failed logins
inline constexpr std::string_view kRateLimited = "rate_limited";  // too many logins from here
inline constexpr std::string_view kSessionClosed = "session_closed";
inline constexpr std::string_view kMoveNotAllowed = "move_not_allowed";  // other PC, no permit
inline constexpr std::string_view kNotUnlocked = "not_unlocked";         // start before the unlock
inline constexpr std::string_view kNotInProgress = "not_in_progress";
inline constexpr std::string_view kRoomPaused = "room_paused";  // start while the room is paused
inline constexpr std::string_view kBadSlot = "bad_slot";
inline constexpr std::string_view kBadChoice = "bad_choice";
inline constexpr std::string_view kTooLate = "too_late";    // received after the deadline
inline constexpr std::string_view kNotSaved = "not_saved";  // disk full / I/O error: retry
inline constexpr std::string_view kBusy = "busy";           // writer queue full: retry
inline constexpr std::string_view kInternal = "internal";
// 1.1, the practical test (docs/protocol.md, "The practical test").
inline constexpr std::string_view kNoPractical = "no_practical";  // no task drawn for this seat
inline constexpr std::string_view kPracticalNotOpen = "practical_not_open";  // theory not over
inline constexpr std::string_view kBadTask = "bad_task";              // not a task of this seat
inline constexpr std::string_view kBadFileName = "bad_file_name";     // not a work file's name
inline constexpr std::string_view kBadFileType = "bad_file_type";     // extension not allowed
inline constexpr std::string_view kFileTooLarge = "file_too_large";   // over the file limit
inline constexpr std::string_view kTooManyFiles = "too_many_files";   // file names per task
inline constexpr std::string_view kQuotaExceeded = "quota_exceeded";  // bytes per candidate
inline constexpr std::string_view kUnknownUpload = "unknown_upload";  // no such upload begun
inline constexpr std::string_view kBadOffset = "bad_offset";      // chunk not where the file ends
inline constexpr std::string_view kBadHash = "bad_hash";          // complete, but not that SHA-256
inline constexpr std::string_view kUnknownFile = "unknown_file";  // download of no file of yours
// 1.2, the resume token: not the seat's current token (used, expired, revoked, forged, another
// PC's); the client logs in with the password instead.
inline constexpr std::string_view kBadResume = "bad_resume";
}  // namespace error

// The reasons of {"type":"closed","reason":...}. A reason that is also an error code is that
// code, so the two can never drift apart.
namespace closed {
inline constexpr std::string_view kTimeUp = "time_up";
inline constexpr std::string_view kEndedByProctor = "ended_by_proctor";
inline constexpr std::string_view kSessionClosed = error::kSessionClosed;
inline constexpr std::string_view kTakenOver = "taken_over";
inline constexpr std::string_view kServerRestarting = "server_restarting";
inline constexpr std::string_view kTooLarge = error::kTooLarge;
}  // namespace closed

// The practical's parts as `time` messages name them (1.1): which clock changed.
namespace part {
inline constexpr std::string_view kTheory = "theory";
inline constexpr std::string_view kPractical = "practical";
}  // namespace part

// An attempt's state as the protocol names it: created, unlocked, in_progress, suspended,
// submitted, graded.
[[nodiscard]] std::string_view ProtocolStateName(engine::AttemptState state);

}  // namespace khaothi::protocol
