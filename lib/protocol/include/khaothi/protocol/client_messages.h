// The messages a client sends (docs/protocol.md, "Client -> server"): one encoder per message,
// and the server's decoder of them.
//
// DecodeClientMessage is pure and total: it accepts any bytes and returns either a message or the
// protocol error the server answers with; it never throws (it is a fuzz target,
// tests/fuzz/protocol_fuzzer.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/protocol/protocol.h"

namespace khaothi::protocol {

enum class ClientMessageType {
  kHello,
  kLogin,
  kStart,
  kAnswer,
  kFlag,
  kSubmit,
  kPing,
  kReport,
  // 1.1, the practical test.
  kPracticalStart,
  kPracticalSubmit,
  kDownload,
  kUploadBegin,
  kUploadChunk,
};

// One decoded client message. Fields not used by a type are left empty.
struct ClientMessage {
  ClientMessageType type = ClientMessageType::kPing;
  int protocol = 0;              // hello
  int minor = 0;                 // hello: the minor version; 0 when absent (a 1.0 client)
  std::string client;            // hello: "khaothi-client/0.1"
  std::string sbd;               // login
  std::string password;          // login (empty when it carries `resume`)
  std::string resume;            // login, 1.2: the resume token of login_ok instead of a password
  std::string machine;           // login: the PC's name
  int slot = -1;                 // answer, flag
  std::vector<int> choice;       // answer: displayed positions, 0-based
  bool flagged = false;          // flag
  uint64_t seq = 0;              // answer, flag: the client's sequence number, >= 1
  std::optional<uint64_t> echo;  // ping: echoed back in pong
  std::string text;              // report: what the candidate says is wrong (may be empty)
  // 1.1, the practical test.
  std::string sha256;   // download, upload_begin: 64 lower-case hex digits
  uint64_t offset = 0;  // download, upload_chunk: where in the file, in bytes
  std::string task;     // upload_begin: the task id the file belongs to
  std::string name;     // upload_begin: the file's name in the work folder
  uint64_t size = 0;    // upload_begin: the whole file's size in bytes
  std::string upload;   // upload_chunk: the id upload_ready gave
  std::string data;     // upload_chunk: the bytes (decoded from base64), at most
                        // kMaxUploadChunkBytes
};

// Why a frame is not a message, as the server tells the client. Not a Status: the reply needs
// the protocol's own code (error::*) and, for a refused write, its seq.
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
[[nodiscard]] Decoded DecodeClientMessage(std::string_view frame);

// The encoders: one JSON text frame each.
// `minor` 0 sends a 1.0 hello (no "minor" field).
[[nodiscard]] std::string EncodeHello(std::string_view client_name, int minor = kProtocolMinor);
[[nodiscard]] std::string EncodeLogin(std::string_view sbd, std::string_view password,
                                      std::string_view machine);
// 1.2: a reconnect's login with the resume token the last login_ok gave, instead of the password.
[[nodiscard]] std::string EncodeResumeLogin(std::string_view sbd, std::string_view resume,
                                            std::string_view machine);
[[nodiscard]] std::string EncodeStart();
[[nodiscard]] std::string EncodeAnswer(int slot, const std::vector<int>& choice, uint64_t seq);
[[nodiscard]] std::string EncodeFlag(int slot, bool flagged, uint64_t seq);
[[nodiscard]] std::string EncodeSubmit();
[[nodiscard]] std::string EncodePing(std::optional<uint64_t> echo = std::nullopt);
[[nodiscard]] std::string EncodeReport(std::string_view text);
// 1.1, the practical test.
[[nodiscard]] std::string EncodePracticalStart();
[[nodiscard]] std::string EncodePracticalSubmit();
[[nodiscard]] std::string EncodeDownload(std::string_view sha256, uint64_t offset);
[[nodiscard]] std::string EncodeUploadBegin(std::string_view task, std::string_view name,
                                            uint64_t size, std::string_view sha256);
// `data` is raw bytes, at most kMaxUploadChunkBytes; the encoder writes them in base64.
[[nodiscard]] std::string EncodeUploadChunk(std::string_view upload, uint64_t offset,
                                            std::string_view data);
// Whichever of the above `message.type` names, from the fields that type uses.
[[nodiscard]] std::string Encode(const ClientMessage& message);

}  // namespace khaothi::protocol
