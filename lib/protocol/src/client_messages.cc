#include "khaothi/protocol/client_messages.h"

#include <boost/json.hpp>

#include "khaothi/protocol/limits.h"
#include "khaothi/protocol/protocol.h"

#include "base64.h"
#include "json_fields.h"

namespace khaothi::protocol {
namespace {

namespace json = boost::json;

Decoded Fail(std::string_view code, std::string message,
             std::optional<uint64_t> seq = std::nullopt) {
  return {std::nullopt, {code, std::move(message), seq}};
}

// Reads an optional string field; false when present but not a string or too long.
bool GetString(const json::object& o, std::string_view key, std::string& out, size_t max_len) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) {
    return true;
  }
  if (!v->is_string() || v->get_string().size() > max_len) {
    return false;
  }
  out = std::string(v->get_string());
  return true;
}

// A non-negative integer that fits `max`.
std::optional<uint64_t> GetUint(const json::object& o, std::string_view key, uint64_t max) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) {
    return std::nullopt;
  }
  std::optional<int64_t> n = WholeNumber(*v, 0, static_cast<int64_t>(max));
  return n ? std::optional<uint64_t>(static_cast<uint64_t>(*n)) : std::nullopt;
}

// answer and flag: the sequence number first, so that every refusal can echo it.
Decoded DecodeWrite(const json::object& o, std::string_view t, ClientMessage m) {
  std::optional<uint64_t> seq = GetUint(o, "seq", kMaxSeq);
  if (seq && *seq == 0) {
    seq.reset();
  }
  const json::value* slot = o.if_contains("slot");
  if (slot == nullptr || !(slot->is_int64() || slot->is_uint64()) || !seq) {
    return Fail(error::kBadMessage, std::string(t) + " needs \"slot\" and \"seq\" (seq >= 1)", seq);
  }
  // A whole number that is no question of any form (negative, or past the largest form) is a
  // bad slot, like a slot past this form's end.
  std::optional<int64_t> n = WholeNumber(*slot, 0, static_cast<int64_t>(kMaxSlot));
  if (!n) {
    return Fail(error::kBadSlot, "no such question", seq);
  }
  m.slot = static_cast<int>(*n);
  m.seq = *seq;
  if (m.type == ClientMessageType::kAnswer) {
    const json::value* c = o.if_contains("choice");
    if (c == nullptr || !c->is_array() || c->get_array().size() > kMaxChoices) {
      return Fail(error::kBadMessage, "answer needs \"choice\", an array of option positions", seq);
    }
    for (const json::value& e : c->get_array()) {
      if (!e.is_int64() || e.get_int64() < 0 ||
          e.get_int64() >= static_cast<int64_t>(kMaxChoices)) {
        return Fail(error::kBadChoice, "an option position is a number from 0 to 25", seq);
      }
      m.choice.push_back(static_cast<int>(e.get_int64()));
    }
  } else {
    const json::value* f = o.if_contains("flagged");
    if (f == nullptr || !f->is_bool()) {
      return Fail(error::kBadMessage, "flag needs \"flagged\" (true or false)", seq);
    }
    m.flagged = f->get_bool();
  }
  return {std::move(m), {}};
}

std::string Serialize(const json::object& o) { return json::serialize(o); }

bool IsSha256Hex(std::string_view s) {
  if (s.size() != kSha256Hex) {
    return false;
  }
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

// A required string field of at most `max_len` bytes, not empty.
bool RequiredString(const json::object& o, std::string_view key, std::string& out, size_t max_len) {
  return o.contains(key) && GetString(o, key, out, max_len) && !out.empty();
}

// The messages of the practical test (1.1).
Decoded DecodePractical(const json::object& o, std::string_view t, ClientMessage m) {
  if (t == type::kPracticalStart) {
    m.type = ClientMessageType::kPracticalStart;
  } else if (t == type::kPracticalSubmit) {
    m.type = ClientMessageType::kPracticalSubmit;
  } else if (t == type::kDownload) {
    m.type = ClientMessageType::kDownload;
    std::optional<uint64_t> offset = GetUint(o, "offset", kMaxFileSize);
    if (!RequiredString(o, "sha256", m.sha256, kSha256Hex) || !IsSha256Hex(m.sha256) || !offset) {
      return Fail(error::kBadMessage,
                  "download needs \"sha256\" (64 lower-case hex digits) and \"offset\"");
    }
    m.offset = *offset;
  } else if (t == type::kUploadBegin) {
    m.type = ClientMessageType::kUploadBegin;
    std::optional<uint64_t> size = GetUint(o, "size", kMaxFileSize);
    if (!RequiredString(o, "task", m.task, kMaxTaskId) ||
        !RequiredString(o, "name", m.name, kMaxFileNameField) ||
        !RequiredString(o, "sha256", m.sha256, kSha256Hex) || !IsSha256Hex(m.sha256) || !size) {
      return Fail(error::kBadMessage,
                  "upload_begin needs \"task\", \"name\", \"size\" and \"sha256\" (64 "
                  "lower-case hex digits)");
    }
    m.size = *size;
  } else {
    m.type = ClientMessageType::kUploadChunk;
    std::optional<uint64_t> offset = GetUint(o, "offset", kMaxFileSize);
    std::string text;
    if (!RequiredString(o, "upload", m.upload, kMaxUploadId) || !offset ||
        !RequiredString(o, "data", text, (kMaxUploadChunkBytes + 2) / 3 * 4)) {
      return Fail(error::kBadMessage,
                  "upload_chunk needs \"upload\", \"offset\" and \"data\" (base64 of 1 to " +
                      std::to_string(kMaxUploadChunkBytes) + " bytes)");
    }
    std::optional<std::string> bytes = Base64Decode(text);
    if (!bytes || bytes->size() > kMaxUploadChunkBytes) {
      return Fail(error::kBadMessage, "upload_chunk's \"data\" is not canonical base64 of 1 to " +
                                          std::to_string(kMaxUploadChunkBytes) + " bytes");
    }
    m.offset = *offset;
    m.data = std::move(*bytes);
  }
  return {std::move(m), {}};
}

}  // namespace

Decoded DecodeClientMessage(std::string_view frame) {
  boost::system::error_code ec;
  json::value root = json::parse(frame, ec);
  if (ec) {
    return Fail(error::kBadJson, "not valid JSON: " + ec.message());
  }
  if (!root.is_object()) {
    return Fail(error::kBadJson, "a message must be a JSON object");
  }
  const json::object& o = root.get_object();
  const json::value* type_field = o.if_contains("type");
  if (type_field == nullptr || !type_field->is_string()) {
    return Fail(error::kBadMessage, "missing \"type\"");
  }
  const std::string_view t = type_field->get_string();
  ClientMessage m;
  if (t == type::kHello) {
    m.type = ClientMessageType::kHello;
    std::optional<uint64_t> v = GetUint(o, "protocol", kMaxProtocolVersion);
    if (!v || !GetString(o, "client", m.client, kMaxClientName)) {
      return Fail(error::kBadMessage, "hello needs \"protocol\" (a number)");
    }
    m.protocol = static_cast<int>(*v);
    if (o.contains("minor")) {
      std::optional<uint64_t> minor = GetUint(o, "minor", kMaxProtocolVersion);
      if (!minor) {
        return Fail(error::kBadMessage, "hello's \"minor\" is a number");
      }
      m.minor = static_cast<int>(*minor);
    }
  } else if (t == type::kLogin) {
    m.type = ClientMessageType::kLogin;
    // 1.2: "resume" (the token of the last login_ok) stands for the password.
    const bool resume = o.contains("resume");
    if (!o.contains("sbd") || (!resume && !o.contains("password")) ||
        !GetString(o, "sbd", m.sbd, kMaxSbd) ||
        !GetString(o, "password", m.password, kMaxPassword) ||
        !GetString(o, "resume", m.resume, kMaxResumeToken) ||
        !GetString(o, "machine", m.machine, kMaxMachine)) {
      return Fail(error::kBadMessage,
                  "login needs \"sbd\" and \"password\" or \"resume\" (strings)");
    }
    if (resume && m.resume.empty()) {
      return Fail(error::kBadMessage, "login's \"resume\" is not empty");
    }
  } else if (t == type::kStart) {
    m.type = ClientMessageType::kStart;
  } else if (t == type::kAnswer || t == type::kFlag) {
    m.type = t == type::kAnswer ? ClientMessageType::kAnswer : ClientMessageType::kFlag;
    return DecodeWrite(o, t, std::move(m));
  } else if (t == type::kSubmit) {
    m.type = ClientMessageType::kSubmit;
  } else if (t == type::kReport) {
    m.type = ClientMessageType::kReport;
    if (!GetString(o, "text", m.text, kMaxReportText)) {
      return Fail(error::kBadMessage, "report's \"text\" is a string of at most 500 bytes");
    }
  } else if (t == type::kPracticalStart || t == type::kPracticalSubmit || t == type::kDownload ||
             t == type::kUploadBegin || t == type::kUploadChunk) {
    return DecodePractical(o, t, std::move(m));
  } else if (t == type::kPing) {
    m.type = ClientMessageType::kPing;
    m.echo = GetUint(o, "echo", kMaxSeq);
  } else {
    return Fail(error::kUnknownType,
                "unknown message type \"" + std::string(t.substr(0, 40)) + "\"");
  }
  return {std::move(m), {}};
}

namespace {
// A hello naming `protocol` (a test may send another one) and `minor` (0: none, a 1.0 hello).
std::string EncodeHelloOf(int protocol, int minor, std::string_view client_name) {
  json::object o{{"type", type::kHello}, {"protocol", protocol}, {"client", client_name}};
  if (minor != 0) {
    o["minor"] = minor;
  }
  return Serialize(o);
}
}  // namespace

std::string EncodeHello(std::string_view client_name, int minor) {
  return EncodeHelloOf(kProtocolVersion, minor, client_name);
}

std::string EncodeLogin(std::string_view sbd, std::string_view password, std::string_view machine) {
  return Serialize(
      {{"type", type::kLogin}, {"sbd", sbd}, {"password", password}, {"machine", machine}});
}

std::string EncodeResumeLogin(std::string_view sbd, std::string_view resume,
                              std::string_view machine) {
  return Serialize(
      {{"type", type::kLogin}, {"sbd", sbd}, {"resume", resume}, {"machine", machine}});
}

std::string EncodeStart() { return Serialize({{"type", type::kStart}}); }

std::string EncodeAnswer(int slot, const std::vector<int>& choice, uint64_t seq) {
  json::array c;
  for (int x : choice) {
    c.push_back(x);
  }
  return Serialize(
      {{"type", type::kAnswer}, {"slot", slot}, {"choice", std::move(c)}, {"seq", seq}});
}

std::string EncodeFlag(int slot, bool flagged, uint64_t seq) {
  return Serialize({{"type", type::kFlag}, {"slot", slot}, {"flagged", flagged}, {"seq", seq}});
}

std::string EncodeSubmit() { return Serialize({{"type", type::kSubmit}}); }

std::string EncodePing(std::optional<uint64_t> echo) {
  json::object o{{"type", type::kPing}};
  if (echo) {
    o["echo"] = *echo;
  }
  return Serialize(o);
}

std::string EncodeReport(std::string_view text) {
  return Serialize({{"type", type::kReport}, {"text", text}});
}

std::string EncodePracticalStart() { return Serialize({{"type", type::kPracticalStart}}); }

std::string EncodePracticalSubmit() { return Serialize({{"type", type::kPracticalSubmit}}); }

std::string EncodeDownload(std::string_view sha256, uint64_t offset) {
  return Serialize({{"type", type::kDownload}, {"sha256", sha256}, {"offset", offset}});
}

std::string EncodeUploadBegin(std::string_view task, std::string_view name, uint64_t size,
                              std::string_view sha256) {
  return Serialize({{"type", type::kUploadBegin},
                    {"task", task},
                    {"name", name},
                    {"size", size},
                    {"sha256", sha256}});
}

std::string EncodeUploadChunk(std::string_view upload, uint64_t offset, std::string_view data) {
  return Serialize({{"type", type::kUploadChunk},
                    {"upload", upload},
                    {"offset", offset},
                    {"data", Base64Encode(data)}});
}

std::string Encode(const ClientMessage& m) {
  switch (m.type) {
    case ClientMessageType::kHello:
      return EncodeHelloOf(m.protocol, m.minor, m.client);
    case ClientMessageType::kLogin:
      return m.resume.empty() ? EncodeLogin(m.sbd, m.password, m.machine)
                              : EncodeResumeLogin(m.sbd, m.resume, m.machine);
    case ClientMessageType::kStart:
      return EncodeStart();
    case ClientMessageType::kAnswer:
      return EncodeAnswer(m.slot, m.choice, m.seq);
    case ClientMessageType::kFlag:
      return EncodeFlag(m.slot, m.flagged, m.seq);
    case ClientMessageType::kSubmit:
      return EncodeSubmit();
    case ClientMessageType::kPing:
      return EncodePing(m.echo);
    case ClientMessageType::kReport:
      return EncodeReport(m.text);
    case ClientMessageType::kPracticalStart:
      return EncodePracticalStart();
    case ClientMessageType::kPracticalSubmit:
      return EncodePracticalSubmit();
    case ClientMessageType::kDownload:
      return EncodeDownload(m.sha256, m.offset);
    case ClientMessageType::kUploadBegin:
      return EncodeUploadBegin(m.task, m.name, m.size, m.sha256);
    case ClientMessageType::kUploadChunk:
      return EncodeUploadChunk(m.upload, m.offset, m.data);
  }
  return EncodePing(m.echo);
}

}  // namespace khaothi::protocol
