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

namespace khaothi::protocol {

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
[[nodiscard]] std::string EncodeHello(std::string_view client_name);
[[nodiscard]] std::string EncodeLogin(std::string_view sbd, std::string_view password,
                                      std::string_view machine);
[[nodiscard]] std::string EncodeStart();
[[nodiscard]] std::string EncodeAnswer(int slot, const std::vector<int>& choice, uint64_t seq);
[[nodiscard]] std::string EncodeFlag(int slot, bool flagged, uint64_t seq);
[[nodiscard]] std::string EncodeSubmit();
[[nodiscard]] std::string EncodePing(std::optional<uint64_t> echo = std::nullopt);
[[nodiscard]] std::string EncodeReport(std::string_view text);
// Whichever of the above `message.type` names, from the fields that type uses.
[[nodiscard]] std::string Encode(const ClientMessage& message);

}  // namespace khaothi::protocol
