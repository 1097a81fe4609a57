#include "khaothi/server/protocol.h"

#include <boost/json.hpp>

namespace khaothi::server {
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
  if (v->is_uint64() && v->get_uint64() <= max) {
    return v->get_uint64();
  }
  if (v->is_int64() && v->get_int64() >= 0 && static_cast<uint64_t>(v->get_int64()) <= max) {
    return static_cast<uint64_t>(v->get_int64());
  }
  return std::nullopt;
}

constexpr uint64_t kMaxSeq = uint64_t{1} << 53;  // exact in every JSON implementation
constexpr uint64_t kMaxSlot = 1000;
constexpr size_t kMaxChoices = 26;

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
  const json::value* type = o.if_contains("type");
  if (type == nullptr || !type->is_string()) {
    return Fail(error::kBadMessage, "missing \"type\"");
  }
  const std::string_view t = type->get_string();
  ClientMessage m;
  if (t == "hello") {
    m.type = ClientMessageType::kHello;
    auto v = GetUint(o, "protocol", 1000);
    if (!v || !GetString(o, "client", m.client, 200)) {
      return Fail(error::kBadMessage, "hello needs \"protocol\" (a number)");
    }
    m.protocol = static_cast<int>(*v);
  } else if (t == "login") {
    m.type = ClientMessageType::kLogin;
    if (!o.contains("sbd") || !o.contains("password") || !GetString(o, "sbd", m.sbd, 64) ||
        !GetString(o, "password", m.password, 256) || !GetString(o, "machine", m.machine, 128)) {
      return Fail(error::kBadMessage, "login needs \"sbd\" and \"password\" (strings)");
    }
  } else if (t == "start") {
    m.type = ClientMessageType::kStart;
  } else if (t == "answer" || t == "flag") {
    m.type = t == "answer" ? ClientMessageType::kAnswer : ClientMessageType::kFlag;
    // The sequence number first, so that every refusal below can echo it.
    std::optional<uint64_t> seq = GetUint(o, "seq", kMaxSeq);
    if (seq && *seq == 0) {
      seq.reset();
    }
    const json::value* slot = o.if_contains("slot");
    if (slot == nullptr || !(slot->is_int64() || slot->is_uint64()) || !seq) {
      return Fail(error::kBadMessage, std::string(t) + " needs \"slot\" and \"seq\" (seq >= 1)",
                  seq);
    }
    // A whole number that is no question of any form (negative, or past the largest form) is a
    // bad slot, like a slot past this form's end.
    if (slot->is_uint64() || slot->get_int64() < 0 ||
        static_cast<uint64_t>(slot->get_int64()) > kMaxSlot) {
      return Fail(error::kBadSlot, "no such question", seq);
    }
    m.slot = static_cast<int>(slot->get_int64());
    m.seq = *seq;
    if (m.type == ClientMessageType::kAnswer) {
      const json::value* c = o.if_contains("choice");
      if (c == nullptr || !c->is_array() || c->get_array().size() > kMaxChoices) {
        return Fail(error::kBadMessage, "answer needs \"choice\", an array of option positions",
                    seq);
      }
      for (const json::value& e : c->get_array()) {
        if (!e.is_int64() || e.get_int64() < 0 || e.get_int64() >= 26) {
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
  } else if (t == "submit") {
    m.type = ClientMessageType::kSubmit;
  } else if (t == "report") {
    m.type = ClientMessageType::kReport;
    if (!GetString(o, "text", m.text, 500)) {
      return Fail(error::kBadMessage, "report's \"text\" is a string of at most 500 bytes");
    }
  } else if (t == "ping") {
    m.type = ClientMessageType::kPing;
    m.echo = GetUint(o, "echo", kMaxSeq);
  } else {
    return Fail(error::kUnknownType,
                "unknown message type \"" + std::string(t.substr(0, 40)) + "\"");
  }
  return {std::move(m), {}};
}

std::string_view ProtocolStateName(engine::AttemptState state) {
  switch (state) {
    case engine::AttemptState::kCreated:
      return "created";
    case engine::AttemptState::kUnlocked:
      return "unlocked";
    case engine::AttemptState::kInProgress:
      return "in_progress";
    case engine::AttemptState::kSuspended:
      return "suspended";
    case engine::AttemptState::kSubmitted:
      return "submitted";
    case engine::AttemptState::kGraded:
      return "graded";
  }
  return "?";
}

}  // namespace khaothi::server
