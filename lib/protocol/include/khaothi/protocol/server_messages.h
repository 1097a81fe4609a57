// The messages the server sends (docs/protocol.md, "Server -> client"): one type, one encoder
// and one decoder per message.
//
// DecodeServerMessage never throws. A frame that is not JSON, names no type or an unknown one,
// misses a field the protocol says is always there, or carries a field of the wrong type or out
// of range is an InvalidArgument whose message names the message and the field
// (`ack: "seq" must be a whole number from 0 to 9007199254740992`). A client logs such a frame and
// goes on; nothing it holds changes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "khaothi/engine/status.h"

namespace khaothi::protocol {

struct ServerHello {
  int protocol = 0;
  std::string server;
  int64_t server_time_ms = 0;
};

struct LoginOk {
  struct Candidate {
    std::string sbd, full_name, date_of_birth, sex, place_of_birth, id_number, room;
  };
  struct Session {
    std::string id, name, date;
  };
  Candidate candidate;
  Session session;
  std::string state;  // ProtocolStateName
  bool unlock_required = true;
  int64_t duration_ms = 0;
  int item_count = 0;
  int64_t remaining_ms = 0;
};

struct Unlocked {};

// A question as shown: options in displayed order, never the key.
struct FormSlot {
  int slot = 0;
  std::string stem;
  std::vector<std::string> options;
  bool multiple = false;
};

// A saved answer, in displayed positions.
struct SavedAnswer {
  int slot = 0;
  std::vector<int> choice;
  bool flagged = false;
};

struct Form {
  std::string state;
  int64_t remaining_ms = 0;
  uint64_t next_seq = 1;
  std::vector<SavedAnswer> answers;
  std::vector<FormSlot> slots;
};

struct Ack {
  bool is_answer = true;  // "kind": "answer" or "flag"
  int slot = 0;
  uint64_t seq = 0;
  std::string outcome;  // applied, duplicate, stale
  int64_t remaining_ms = 0;
};

// {"type":"time"}: an extension, a pause or a resume.
struct TimeChange {
  std::string event;  // extension, pause, resume
  std::string reason;
  int64_t remaining_ms = 0;
};

struct Notice {
  std::string text;
};

// {"type":"result"}: the scores are present only when the blueprint shows them.
struct ExamResult {
  std::string submitted_by;  // candidate, clock, proctor
  int answered = 0;
  int total = 0;
  std::optional<std::string> score;  // exact decimal, "8.33"
  std::optional<std::string> scale;  // "10"
  std::string part;                  // "theory"; empty when absent
  std::optional<bool> part_passed;
  std::string outcome;  // passed, failed, pending; empty when absent
  std::vector<std::string> pending_parts;
  std::optional<bool> passed;  // absent while a part is still to be marked
  std::string receipt_json;    // the signed receipt envelope, serialised; empty when absent
};

struct Closed {
  std::string reason;  // closed::*
};

struct Pong {
  int64_t server_time_ms = 0;
  std::optional<int64_t> remaining_ms;
  std::optional<uint64_t> echo;
};

struct Error {
  std::string code;  // error::*
  std::string message;
  uint64_t seq = 0;  // 0: none (a client's sequence numbers start at 1)
  std::optional<int64_t> retry_after_ms;
};

using ServerMessage = std::variant<ServerHello, LoginOk, Unlocked, Form, Ack, TimeChange, Notice,
                                   ExamResult, Closed, Pong, Error>;

// The encoders: one JSON text frame each.
[[nodiscard]] std::string Encode(const ServerHello& m);
[[nodiscard]] std::string Encode(const LoginOk& m);
[[nodiscard]] std::string Encode(const Unlocked& m);
[[nodiscard]] std::string Encode(const Form& m);
[[nodiscard]] std::string Encode(const Ack& m);
[[nodiscard]] std::string Encode(const TimeChange& m);
[[nodiscard]] std::string Encode(const Notice& m);
[[nodiscard]] std::string Encode(const ExamResult& m);
[[nodiscard]] std::string Encode(const Closed& m);
[[nodiscard]] std::string Encode(const Pong& m);
[[nodiscard]] std::string Encode(const Error& m);
[[nodiscard]] std::string Encode(const ServerMessage& m);

// `frame` is one complete text frame from the server.
[[nodiscard]] Result<ServerMessage> DecodeServerMessage(std::string_view frame);

}  // namespace khaothi::protocol
