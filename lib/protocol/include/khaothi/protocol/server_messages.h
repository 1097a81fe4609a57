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
#include <span>
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
  int minor = 0;  // 1.1: the minor version; 0 when absent (the reply to a 1.0 hello)
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
  // 1.2: the resume token for this connection's next login (single use), and how long it stays
  // valid once the connection has gone quiet. Empty and 0 for a 1.0 or 1.1 client.
  std::string resume;
  int64_t resume_ttl_ms = 0;
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

// An item's text as a form carries it, JSON-encoded once and shared by every form that draws the
// item: at a start, 10,000 forms are drawn from the same 2,000 items, and escaping each stem and
// option again for every seat was most of a form's cost (issue 19). Each string is a complete
// JSON string literal, quotes included; `options` are in the item's authored order.
struct EncodedItemText {
  std::string stem;
  std::vector<std::string> options;
};

[[nodiscard]] EncodedItemText EncodeItemText(std::string_view stem,
                                             const std::vector<std::string>& options);

// A slot of a form encoded from shared text: `option_order` lists the authored indexes in the
// order they are shown (engine::FormSlot::option_order). REQUIRES: `text` outlives the call and
// every index is < text->options.size().
struct SharedFormSlot {
  int slot = 0;
  const EncodedItemText* text = nullptr;
  std::span<const int> option_order;
  bool multiple = false;
};

// The form message with `slots` as its questions and every other field from `head` (whose own
// `slots` are not read). Encode(const Form&) is this, with each question's text encoded on the
// spot: both give the same bytes for the same form.
[[nodiscard]] std::string EncodeForm(const Form& head, std::span<const SharedFormSlot> slots);

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
  // 1.1: the clock that changed, part::kTheory or part::kPractical; empty (absent) for the
  // theory's, so that a 1.0 client reads the same message as before.
  std::string part;
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
  // 1.1: when the seat drew practical tasks, the state of its practical (created: still to sit;
  // in_progress, suspended, submitted, graded); empty (absent) otherwise and for a 1.0 client. A
  // practical is sat whatever the theory's outcome: a part passed is kept for a later retake.
  std::string practical;
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
  // 1.1: a refused upload_chunk names its upload; bad_offset says where the server's copy ends
  // (the offset the next chunk must have).
  std::string upload;
  std::optional<uint64_t> offset;
};

// ---- 1.1, the practical test (docs/protocol.md, "The practical test").

// A file the station may download, named by its content.
struct FileRef {
  std::string name;
  uint64_t size = 0;
  std::string sha256;  // 64 lower-case hex digits
};

// The latest complete version of one of the candidate's work files on the server.
struct WorkFile {
  std::string name;
  int version = 0;  // 1, 2, ... per (task, name)
  uint64_t size = 0;
  std::string sha256;
  int64_t received_ms = 0;  // server time, ms since the Unix epoch
};

// One task the candidate drew.
struct PracticalTaskInfo {
  std::string task;  // "IU04-A"
  int version = 0;
  std::string module;   // "IU04"
  std::string subpart;  // "bang-tinh"
  std::string title;
  int minutes = 0;  // the task's time hint
  FileRef instructions;
  std::vector<FileRef> starters;
  std::vector<WorkFile> work;  // the latest saved version of each work file, by name
};

// {"type":"practical"}: the practical's tasks and clock, the reply to practical_start and
// practical_submit, and what the server sends when the clock ends it.
struct Practical {
  std::string state;  // ProtocolStateName: in_progress, suspended, submitted, graded
  int64_t remaining_ms = 0;
  int64_t duration_ms = 0;
  std::string submitted_by;  // candidate, clock, proctor; empty while it runs
  std::vector<PracticalTaskInfo> tasks;
};

// {"type":"file_chunk"}: bytes [offset, offset + data.size()) of the file `sha256` of `size`
// bytes. `data` is raw bytes (base64 on the wire); every chunk but a file's last holds
// kDownloadChunkBytes.
struct FileChunk {
  std::string sha256;
  uint64_t offset = 0;
  uint64_t size = 0;
  std::string data;
};

// {"type":"upload_ready"}: the upload may go on from `offset` (0, or what the server kept of an
// upload of the same file interrupted earlier).
struct UploadReady {
  std::string upload;
  uint64_t offset = 0;
};

// {"type":"upload_ack"}: the version is on the server's disk: its blob written, fsynced and
// renamed, and its row committed.
struct UploadAck {
  std::string upload;
  std::string task;
  std::string name;
  int version = 0;
  uint64_t size = 0;
  std::string sha256;
  int64_t received_ms = 0;
  // "stored": a new version; "unchanged": the same bytes as the latest version, which stays.
  std::string outcome;
  int64_t remaining_ms = 0;
};

using ServerMessage =
    std::variant<ServerHello, LoginOk, Unlocked, Form, Ack, TimeChange, Notice, ExamResult, Closed,
                 Pong, Error, Practical, FileChunk, UploadReady, UploadAck>;

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
[[nodiscard]] std::string Encode(const Practical& m);
[[nodiscard]] std::string Encode(const FileChunk& m);
[[nodiscard]] std::string Encode(const UploadReady& m);
[[nodiscard]] std::string Encode(const UploadAck& m);
[[nodiscard]] std::string Encode(const ServerMessage& m);

// `frame` is one complete text frame from the server.
[[nodiscard]] Result<ServerMessage> DecodeServerMessage(std::string_view frame);

}  // namespace khaothi::protocol
