// Protocol version 1 between khaothi-client and khaothi-server: WebSocket over TLS, one JSON
// object per text frame, `{"type": ...}`. docs/protocol.md documents every message and error
// code; this header is the code's single list of them.
//
// DecodeClientMessage is pure and total: it accepts any bytes and either returns a message or an
// error code, never throws or crashes (it is a fuzz target).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/engine/attempt.h"

namespace khaothi::server {

inline constexpr int kProtocolVersion = 1;

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
}  // namespace error

enum class ClientMessageType { kHello, kLogin, kStart, kAnswer, kFlag, kSubmit, kPing, kReport };

// One decoded client message. Fields not used by a type are left empty.
struct ClientMessage {
  ClientMessageType type = ClientMessageType::kPing;
  int protocol = 0;              // hello
  std::string client;            // hello: "khaothi-client/0.1"
  std::string sbd;               // login
  std::string password;          // login
  std::string machine;           // login: the PC's name
  int slot = -1;                 // answer, flag
  std::vector<int> choice;       // answer: displayed positions, 0-based
  bool flagged = false;          // flag
  uint64_t seq = 0;              // answer, flag: the client's sequence number, >= 1
  std::optional<uint64_t> echo;  // ping: echoed back in pong
  std::string text;              // report: what the candidate says is wrong (may be empty)
};

struct DecodeError {
  std::string_view code;  // one of error::*
  std::string message;    // for people
  // A refused answer or flag echoes its client sequence number when the frame carried a valid
  // one, so that the client knows which write was refused.
  std::optional<uint64_t> seq;
};

// Either a message or why not. `frame` is one complete text frame.
struct Decoded {
  std::optional<ClientMessage> message;
  DecodeError error;
};
Decoded DecodeClientMessage(std::string_view frame);

// An attempt's state as the protocol names it: created, unlocked, in_progress, suspended,
// submitted, graded.
std::string_view ProtocolStateName(engine::AttemptState state);

}  // namespace khaothi::server
