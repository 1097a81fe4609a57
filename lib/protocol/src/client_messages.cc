#include "khaothi/protocol/client_messages.h"

#include <boost/json.hpp>

#include "khaothi/protocol/limits.h"
#include "khaothi/protocol/protocol.h"

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
  } else if (t == type::kLogin) {
    m.type = ClientMessageType::kLogin;
    if (!o.contains("sbd") || !o.contains("password") || !GetString(o, "sbd", m.sbd, kMaxSbd) ||
        !GetString(o, "password", m.password, kMaxPassword) ||
        !GetString(o, "machine", m.machine, kMaxMachine)) {
      return Fail(error::kBadMessage, "login needs \"sbd\" and \"password\" (strings)");
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
  } else if (t == type::kPing) {
    m.type = ClientMessageType::kPing;
    m.echo = GetUint(o, "echo", kMaxSeq);
  } else {
    return Fail(error::kUnknownType,
                "unknown message type \"" + std::string(t.substr(0, 40)) + "\"");
  }
  return {std::move(m), {}};
}

std::string EncodeHello(std::string_view client_name) {
  return Serialize(
      {{"type", type::kHello}, {"protocol", kProtocolVersion}, {"client", client_name}});
}

namespace {
// A hello as decoded, with the version it named (a test may send another one).
std::string EncodeHelloOf(const ClientMessage& m) {
  return Serialize({{"type", type::kHello}, {"protocol", m.protocol}, {"client", m.client}});
}
}  // namespace

std::string EncodeLogin(std::string_view sbd, std::string_view password, std::string_view machine) {
  return Serialize(
      {{"type", type::kLogin}, {"sbd", sbd}, {"password", password}, {"machine", machine}});
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

std::string Encode(const ClientMessage& m) {
  switch (m.type) {
    case ClientMessageType::kHello:
      return EncodeHelloOf(m);
    case ClientMessageType::kLogin:
      return EncodeLogin(m.sbd, m.password, m.machine);
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
  }
  return EncodePing(m.echo);
}

}  // namespace khaothi::protocol
