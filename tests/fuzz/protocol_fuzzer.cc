// Any bytes as a frame in either direction, through the protocol library's decoders: decoding
// never throws or crashes, a decoded message is well-formed, and encoding it gives a frame that
// decodes to the same message (encoders and decoders agree on every name and field).
#include <cstdint>
#include <string>
#include <string_view>

#include "khaothi/protocol/client_messages.h"
#include "khaothi/protocol/limits.h"
#include "khaothi/protocol/server_messages.h"

#include "fuzz_check.h"

namespace {

namespace protocol = khaothi::protocol;

// The frame as a client's message, decoded by the server.
void ClientToServer(std::string_view frame) {
  const protocol::Decoded d = protocol::DecodeClientMessage(frame);
  if (!d.message) {
    FUZZ_CHECK(!d.error.code.empty());
    FUZZ_CHECK(!d.error.message.empty());
    return;
  }
  const protocol::ClientMessage& m = *d.message;
  if (m.type == protocol::ClientMessageType::kAnswer ||
      m.type == protocol::ClientMessageType::kFlag) {
    FUZZ_CHECK(m.seq >= 1);
    FUZZ_CHECK(m.slot >= 0);
  }
  // 1.1: what the practical's decoders promise the server.
  if (m.type == protocol::ClientMessageType::kUploadChunk) {
    FUZZ_CHECK(!m.data.empty() && m.data.size() <= protocol::kMaxUploadChunkBytes);
    FUZZ_CHECK(!m.upload.empty() && m.upload.size() <= protocol::kMaxUploadId);
  }
  if (m.type == protocol::ClientMessageType::kDownload ||
      m.type == protocol::ClientMessageType::kUploadBegin) {
    FUZZ_CHECK(m.sha256.size() == protocol::kSha256Hex);
  }
  if (m.type == protocol::ClientMessageType::kUploadBegin) {
    FUZZ_CHECK(!m.task.empty() && !m.name.empty());
  }
  const std::string encoded = protocol::Encode(m);
  const protocol::Decoded again = protocol::DecodeClientMessage(encoded);
  FUZZ_CHECK(again.message.has_value());
  FUZZ_CHECK(protocol::Encode(*again.message) == encoded);
}

// The frame as the server's message, decoded by a client.
void ServerToClient(std::string_view frame) {
  const khaothi::Result<protocol::ServerMessage> d = protocol::DecodeServerMessage(frame);
  if (!d.ok()) {
    FUZZ_CHECK(!d.status().message().empty());
    return;
  }
  if (const auto* form = std::get_if<protocol::Form>(&*d)) {
    for (const protocol::SavedAnswer& a : form->answers) {
      FUZZ_CHECK(a.slot >= 0 && static_cast<size_t>(a.slot) < form->slots.size());
    }
  }
  if (const auto* chunk = std::get_if<protocol::FileChunk>(&*d)) {
    FUZZ_CHECK(chunk->data.size() <= protocol::kDownloadChunkBytes);
    FUZZ_CHECK(chunk->offset + chunk->data.size() <= chunk->size);
  }
  if (const auto* practical = std::get_if<protocol::Practical>(&*d)) {
    FUZZ_CHECK(practical->tasks.size() <= protocol::kMaxTasks);
  }
  const std::string encoded = protocol::Encode(*d);
  const khaothi::Result<protocol::ServerMessage> again = protocol::DecodeServerMessage(encoded);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(protocol::Encode(*again) == encoded);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  ClientToServer(frame);
  ServerToClient(frame);
  return 0;
}
