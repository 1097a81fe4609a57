#include "khaothi/protocol/server_messages.h"

#include <limits>

#include <boost/json.hpp>

#include "khaothi/protocol/limits.h"
#include "khaothi/protocol/protocol.h"

#include "base64.h"
#include "json_fields.h"

namespace khaothi::protocol {
namespace {

namespace json = boost::json;

constexpr int64_t kMaxMs = static_cast<int64_t>(kMaxSeq);
constexpr int64_t kMinMs = -kMaxMs;
constexpr int kMaxSlotInt = static_cast<int>(kMaxSlot);
constexpr int kMaxCount = std::numeric_limits<int>::max();

json::array StringArray(const std::vector<std::string>& v) {
  json::array a;
  for (const std::string& s : v) {
    a.push_back(json::string(s));
  }
  return a;
}

// ---- Decoders, one per message. `f` holds the message's fields.

Result<ServerMessage> DecodeHello(const Fields& f) {
  ServerHello m;
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t protocol,
                           f.Int("protocol", 0, static_cast<int64_t>(kMaxProtocolVersion)));
  m.protocol = static_cast<int>(protocol);
  KHAOTHI_ASSIGN_OR_RETURN(const std::optional<int64_t> minor,
                           f.OptionalInt("minor", 1, static_cast<int64_t>(kMaxProtocolVersion)));
  m.minor = static_cast<int>(minor.value_or(0));
  KHAOTHI_ASSIGN_OR_RETURN(m.server, f.String("server"));
  KHAOTHI_ASSIGN_OR_RETURN(m.server_time_ms, f.Int("server_time_ms", kMinMs, kMaxMs));
  return ServerMessage(std::move(m));
}

Result<ServerMessage> DecodeLoginOk(const Fields& f) {
  LoginOk m;
  KHAOTHI_ASSIGN_OR_RETURN(const Fields c, f.Object("candidate"));
  KHAOTHI_ASSIGN_OR_RETURN(m.candidate.sbd, c.String("sbd"));
  KHAOTHI_ASSIGN_OR_RETURN(m.candidate.full_name, c.String("full_name"));
  KHAOTHI_ASSIGN_OR_RETURN(m.candidate.date_of_birth, c.String("date_of_birth"));
  KHAOTHI_ASSIGN_OR_RETURN(m.candidate.sex, c.String("sex"));
  KHAOTHI_ASSIGN_OR_RETURN(m.candidate.place_of_birth, c.String("place_of_birth"));
  KHAOTHI_ASSIGN_OR_RETURN(m.candidate.id_number, c.String("id_number"));
  KHAOTHI_ASSIGN_OR_RETURN(m.candidate.room, c.String("room"));
  KHAOTHI_ASSIGN_OR_RETURN(const Fields s, f.Object("session"));
  KHAOTHI_ASSIGN_OR_RETURN(m.session.id, s.String("id"));
  KHAOTHI_ASSIGN_OR_RETURN(m.session.name, s.String("name"));
  KHAOTHI_ASSIGN_OR_RETURN(m.session.date, s.String("date"));
  KHAOTHI_ASSIGN_OR_RETURN(m.state, f.String("state"));
  KHAOTHI_ASSIGN_OR_RETURN(m.unlock_required, f.Bool("unlock_required"));
  KHAOTHI_ASSIGN_OR_RETURN(m.duration_ms, f.Int("duration_ms", 0, kMaxMs));
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t items, f.Int("item_count", 0, kMaxSlotInt + 1));
  m.item_count = static_cast<int>(items);
  KHAOTHI_ASSIGN_OR_RETURN(m.remaining_ms, f.Milliseconds("remaining_ms"));
  KHAOTHI_ASSIGN_OR_RETURN(const std::optional<std::string> resume, f.OptionalString("resume"));
  if (resume) {
    if (resume->empty() || resume->size() > kMaxResumeToken) {
      return Status::InvalidArgument(f.where() + ": \"resume\" must be 1 to " +
                                     std::to_string(kMaxResumeToken) + " characters");
    }
    m.resume = *resume;
    KHAOTHI_ASSIGN_OR_RETURN(m.resume_ttl_ms, f.Milliseconds("resume_ttl_ms"));
  }
  return ServerMessage(std::move(m));
}

Result<ServerMessage> DecodeForm(const Fields& f) {
  Form m;
  KHAOTHI_ASSIGN_OR_RETURN(m.state, f.String("state"));
  KHAOTHI_ASSIGN_OR_RETURN(m.remaining_ms, f.Milliseconds("remaining_ms"));
  KHAOTHI_ASSIGN_OR_RETURN(m.next_seq, f.Uint("next_seq", kMaxSeq));
  KHAOTHI_RETURN_IF_ERROR(f.ForEachObject("slots", [&m](const Fields& s) -> Status {
    FormSlot slot;
    KHAOTHI_ASSIGN_OR_RETURN(const int64_t n, s.Int("slot", 0, kMaxSlotInt));
    // The client numbers questions by their place in the form: slot i comes i-th.
    if (n != static_cast<int64_t>(m.slots.size())) {
      return Status::InvalidArgument(s.where() + ": \"slot\" must be " +
                                     std::to_string(m.slots.size()) + " (the slots come in order)");
    }
    slot.slot = static_cast<int>(n);
    KHAOTHI_ASSIGN_OR_RETURN(slot.stem, s.String("stem"));
    KHAOTHI_ASSIGN_OR_RETURN(slot.options, s.StringArray("options"));
    KHAOTHI_ASSIGN_OR_RETURN(slot.multiple, s.Bool("multiple"));
    m.slots.push_back(std::move(slot));
    return Status::Ok();
  }));
  // A saved answer names a question of this form and options it has.
  KHAOTHI_RETURN_IF_ERROR(f.ForEachObject("answers", [&m](const Fields& a) -> Status {
    SavedAnswer saved;
    KHAOTHI_ASSIGN_OR_RETURN(const int64_t n, a.Int("slot", 0, kMaxSlotInt));
    if (n >= static_cast<int64_t>(m.slots.size())) {
      return Status::InvalidArgument(a.where() + ": \"slot\" " + std::to_string(n) +
                                     " is not a question of the form");
    }
    saved.slot = static_cast<int>(n);
    const int options = static_cast<int>(m.slots[static_cast<size_t>(n)].options.size());
    KHAOTHI_ASSIGN_OR_RETURN(saved.choice, a.IntArray("choice", 0, options - 1));
    KHAOTHI_ASSIGN_OR_RETURN(saved.flagged, a.Bool("flagged"));
    m.answers.push_back(std::move(saved));
    return Status::Ok();
  }));
  return ServerMessage(std::move(m));
}

Result<ServerMessage> DecodeAck(const Fields& f) {
  Ack m;
  KHAOTHI_ASSIGN_OR_RETURN(const std::string kind, f.String("kind"));
  if (kind != type::kAnswer && kind != type::kFlag) {
    return Status::InvalidArgument(f.where() + ": \"kind\" must be \"answer\" or \"flag\"");
  }
  m.is_answer = kind == type::kAnswer;
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t slot, f.Int("slot", 0, kMaxSlotInt));
  m.slot = static_cast<int>(slot);
  KHAOTHI_ASSIGN_OR_RETURN(m.seq, f.Uint("seq", kMaxSeq));
  KHAOTHI_ASSIGN_OR_RETURN(m.outcome, f.String("outcome"));
  KHAOTHI_ASSIGN_OR_RETURN(m.remaining_ms, f.Milliseconds("remaining_ms"));
  return ServerMessage(std::move(m));
}

Result<ServerMessage> DecodeTime(const Fields& f) {
  TimeChange m;
  KHAOTHI_ASSIGN_OR_RETURN(m.event, f.String("event"));
  KHAOTHI_ASSIGN_OR_RETURN(m.reason, f.String("reason"));
  KHAOTHI_ASSIGN_OR_RETURN(m.remaining_ms, f.Milliseconds("remaining_ms"));
  KHAOTHI_ASSIGN_OR_RETURN(std::optional<std::string> part, f.OptionalString("part"));
  if (part && *part != part::kTheory && *part != part::kPractical) {
    return Status::InvalidArgument(f.where() + ": \"part\" must be \"theory\" or \"practical\"");
  }
  m.part = part.value_or("");
  return ServerMessage(std::move(m));
}

Result<ServerMessage> DecodeNotice(const Fields& f) {
  Notice m;
  KHAOTHI_ASSIGN_OR_RETURN(m.text, f.String("text"));
  return ServerMessage(std::move(m));
}

Result<ServerMessage> DecodeResult(const Fields& f, const json::object& o) {
  ExamResult m;
  KHAOTHI_ASSIGN_OR_RETURN(m.submitted_by, f.String("submitted_by"));
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t answered, f.Int("answered", 0, kMaxCount));
  m.answered = static_cast<int>(answered);
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t total, f.Int("total", 0, kMaxCount));
  m.total = static_cast<int>(total);
  KHAOTHI_ASSIGN_OR_RETURN(m.score, f.OptionalString("score"));
  KHAOTHI_ASSIGN_OR_RETURN(m.scale, f.OptionalString("scale"));
  KHAOTHI_ASSIGN_OR_RETURN(std::optional<std::string> part, f.OptionalString("part"));
  m.part = part.value_or("");
  KHAOTHI_ASSIGN_OR_RETURN(m.part_passed, f.OptionalBool("part_passed"));
  KHAOTHI_ASSIGN_OR_RETURN(std::optional<std::string> outcome, f.OptionalString("outcome"));
  m.outcome = outcome.value_or("");
  if (f.Has("pending_parts")) {
    KHAOTHI_ASSIGN_OR_RETURN(m.pending_parts, f.StringArray("pending_parts"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(m.passed, f.OptionalBool("passed"));
  KHAOTHI_ASSIGN_OR_RETURN(std::optional<std::string> practical, f.OptionalString("practical"));
  m.practical = practical.value_or("");
  if (const json::value* receipt = o.if_contains("receipt")) {
    if (!receipt->is_object()) {
      return Status::InvalidArgument(f.where() + ": \"receipt\" must be an object");
    }
    m.receipt_json = json::serialize(*receipt);
  }
  return ServerMessage(std::move(m));
}

Result<ServerMessage> DecodeClosed(const Fields& f) {
  Closed m;
  KHAOTHI_ASSIGN_OR_RETURN(m.reason, f.String("reason"));
  return ServerMessage(std::move(m));
}

Result<ServerMessage> DecodePong(const Fields& f) {
  Pong m;
  KHAOTHI_ASSIGN_OR_RETURN(m.server_time_ms, f.Int("server_time_ms", kMinMs, kMaxMs));
  if (f.Has("remaining_ms")) {
    KHAOTHI_ASSIGN_OR_RETURN(m.remaining_ms, f.Milliseconds("remaining_ms"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(m.echo, f.OptionalUint("echo", kMaxSeq));
  return ServerMessage(std::move(m));
}

Result<ServerMessage> DecodeError(const Fields& f) {
  Error m;
  KHAOTHI_ASSIGN_OR_RETURN(m.code, f.String("code"));
  KHAOTHI_ASSIGN_OR_RETURN(m.message, f.String("message"));
  KHAOTHI_ASSIGN_OR_RETURN(const std::optional<uint64_t> seq, f.OptionalUint("seq", kMaxSeq));
  m.seq = seq.value_or(0);
  KHAOTHI_ASSIGN_OR_RETURN(m.retry_after_ms, f.OptionalInt("retry_after_ms", 0, kMaxMs));
  KHAOTHI_ASSIGN_OR_RETURN(std::optional<std::string> upload, f.OptionalString("upload"));
  m.upload = upload.value_or("");
  KHAOTHI_ASSIGN_OR_RETURN(m.offset, f.OptionalUint("offset", kMaxFileSize));
  return ServerMessage(std::move(m));
}

// ---- 1.1, the practical test.

Status CheckSha256(const Fields& f, const std::string& sha256) {
  bool hex = sha256.size() == kSha256Hex;
  for (char c : sha256) {
    hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }
  return hex ? Status::Ok()
             : Status::InvalidArgument(f.where() + ": \"sha256\" must be 64 lower-case hex digits");
}

Result<FileRef> DecodeFileRef(const Fields& f) {
  FileRef r;
  KHAOTHI_ASSIGN_OR_RETURN(r.name, f.String("name"));
  KHAOTHI_ASSIGN_OR_RETURN(r.size, f.Uint("size", kMaxFileSize));
  KHAOTHI_ASSIGN_OR_RETURN(r.sha256, f.String("sha256"));
  KHAOTHI_RETURN_IF_ERROR(CheckSha256(f, r.sha256));
  return r;
}

Result<WorkFile> DecodeWorkFile(const Fields& w) {
  WorkFile file;
  KHAOTHI_ASSIGN_OR_RETURN(file.name, w.String("name"));
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t v, w.Int("version", 1, kMaxCount));
  file.version = static_cast<int>(v);
  KHAOTHI_ASSIGN_OR_RETURN(file.size, w.Uint("size", kMaxFileSize));
  KHAOTHI_ASSIGN_OR_RETURN(file.sha256, w.String("sha256"));
  KHAOTHI_RETURN_IF_ERROR(CheckSha256(w, file.sha256));
  KHAOTHI_ASSIGN_OR_RETURN(file.received_ms, w.Int("received_ms", kMinMs, kMaxMs));
  return file;
}

Result<PracticalTaskInfo> DecodeTaskInfo(const Fields& t) {
  PracticalTaskInfo info;
  KHAOTHI_ASSIGN_OR_RETURN(info.task, t.String("task"));
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t version, t.Int("version", 1, kMaxCount));
  info.version = static_cast<int>(version);
  KHAOTHI_ASSIGN_OR_RETURN(info.module, t.String("module"));
  KHAOTHI_ASSIGN_OR_RETURN(info.subpart, t.String("subpart"));
  KHAOTHI_ASSIGN_OR_RETURN(info.title, t.String("title"));
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t minutes, t.Int("minutes", 0, kMaxCount));
  info.minutes = static_cast<int>(minutes);
  KHAOTHI_ASSIGN_OR_RETURN(const Fields instructions, t.Object("instructions"));
  KHAOTHI_ASSIGN_OR_RETURN(info.instructions, DecodeFileRef(instructions));
  KHAOTHI_RETURN_IF_ERROR(t.ForEachObject("starters", [&info](const Fields& s) -> Status {
    KHAOTHI_ASSIGN_OR_RETURN(FileRef r, DecodeFileRef(s));
    info.starters.push_back(std::move(r));
    return Status::Ok();
  }));
  KHAOTHI_RETURN_IF_ERROR(t.ForEachObject("work", [&info](const Fields& w) -> Status {
    KHAOTHI_ASSIGN_OR_RETURN(WorkFile file, DecodeWorkFile(w));
    info.work.push_back(std::move(file));
    return Status::Ok();
  }));
  return info;
}

Result<ServerMessage> DecodePractical(const Fields& f) {
  Practical m;
  KHAOTHI_ASSIGN_OR_RETURN(m.state, f.String("state"));
  KHAOTHI_ASSIGN_OR_RETURN(m.remaining_ms, f.Milliseconds("remaining_ms"));
  KHAOTHI_ASSIGN_OR_RETURN(m.duration_ms, f.Int("duration_ms", 0, kMaxMs));
  KHAOTHI_ASSIGN_OR_RETURN(std::optional<std::string> by, f.OptionalString("submitted_by"));
  m.submitted_by = by.value_or("");
  KHAOTHI_ASSIGN_OR_RETURN(const json::array* tasks, f.Array("tasks"));
  if (tasks->size() > kMaxTasks) {
    return Status::InvalidArgument(f.where() + ": more than " + std::to_string(kMaxTasks) +
                                   " tasks");
  }
  KHAOTHI_RETURN_IF_ERROR(f.ForEachObject("tasks", [&m](const Fields& t) -> Status {
    KHAOTHI_ASSIGN_OR_RETURN(PracticalTaskInfo info, DecodeTaskInfo(t));
    m.tasks.push_back(std::move(info));
    return Status::Ok();
  }));
  return ServerMessage(std::move(m));
}

Result<ServerMessage> DecodeFileChunk(const Fields& f) {
  FileChunk m;
  KHAOTHI_ASSIGN_OR_RETURN(m.sha256, f.String("sha256"));
  KHAOTHI_RETURN_IF_ERROR(CheckSha256(f, m.sha256));
  KHAOTHI_ASSIGN_OR_RETURN(m.offset, f.Uint("offset", kMaxFileSize));
  KHAOTHI_ASSIGN_OR_RETURN(m.size, f.Uint("size", kMaxFileSize));
  KHAOTHI_ASSIGN_OR_RETURN(const std::string text, f.String("data"));
  std::optional<std::string> data = Base64Decode(text);
  if (!data || data->size() > kDownloadChunkBytes) {
    return Status::InvalidArgument(f.where() + ": \"data\" must be base64 of at most " +
                                   std::to_string(kDownloadChunkBytes) + " bytes");
  }
  m.data = std::move(*data);
  if (m.offset > m.size || m.data.size() > m.size - m.offset) {
    return Status::InvalidArgument(f.where() + ": the chunk ends past \"size\"");
  }
  return ServerMessage(std::move(m));
}

Result<ServerMessage> DecodeUploadReady(const Fields& f) {
  UploadReady m;
  KHAOTHI_ASSIGN_OR_RETURN(m.upload, f.String("upload"));
  KHAOTHI_ASSIGN_OR_RETURN(m.offset, f.Uint("offset", kMaxFileSize));
  return ServerMessage(std::move(m));
}

Result<ServerMessage> DecodeUploadAck(const Fields& f) {
  UploadAck m;
  KHAOTHI_ASSIGN_OR_RETURN(m.upload, f.String("upload"));
  KHAOTHI_ASSIGN_OR_RETURN(m.task, f.String("task"));
  KHAOTHI_ASSIGN_OR_RETURN(m.name, f.String("name"));
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t version, f.Int("version", 1, kMaxCount));
  m.version = static_cast<int>(version);
  KHAOTHI_ASSIGN_OR_RETURN(m.size, f.Uint("size", kMaxFileSize));
  KHAOTHI_ASSIGN_OR_RETURN(m.sha256, f.String("sha256"));
  KHAOTHI_RETURN_IF_ERROR(CheckSha256(f, m.sha256));
  KHAOTHI_ASSIGN_OR_RETURN(m.received_ms, f.Int("received_ms", kMinMs, kMaxMs));
  KHAOTHI_ASSIGN_OR_RETURN(m.outcome, f.String("outcome"));
  KHAOTHI_ASSIGN_OR_RETURN(m.remaining_ms, f.Milliseconds("remaining_ms"));
  return ServerMessage(std::move(m));
}

// ---- Encoders of the variant, through one overload set.
struct EncodeVisitor {
  template <typename M>
  std::string operator()(const M& m) const {
    return Encode(m);
  }
};

}  // namespace

std::string Encode(const ServerHello& m) {
  json::object o{{"type", type::kHello}, {"protocol", m.protocol}};
  if (m.minor != 0) {
    o["minor"] = m.minor;
  }
  o["server"] = m.server;
  o["server_time_ms"] = m.server_time_ms;
  return json::serialize(o);
}

std::string Encode(const LoginOk& m) {
  const LoginOk::Candidate& c = m.candidate;
  json::object o{
      {"type", type::kLoginOk},
      {"candidate", json::object{{"sbd", c.sbd},
                                 {"full_name", c.full_name},
                                 {"date_of_birth", c.date_of_birth},
                                 {"sex", c.sex},
                                 {"place_of_birth", c.place_of_birth},
                                 {"id_number", c.id_number},
                                 {"room", c.room}}},
      {"session",
       json::object{{"id", m.session.id}, {"name", m.session.name}, {"date", m.session.date}}},
      {"state", m.state},
      {"unlock_required", m.unlock_required},
      {"duration_ms", m.duration_ms},
      {"item_count", m.item_count},
      {"remaining_ms", m.remaining_ms}};
  if (!m.resume.empty()) {
    o["resume"] = m.resume;
    o["resume_ttl_ms"] = m.resume_ttl_ms;
  }
  return json::serialize(o);
}

std::string Encode(const Unlocked&) {
  return json::serialize(json::object{{"type", type::kUnlocked}});
}

std::string Encode(const Ack& m) {
  return json::serialize(json::object{{"type", type::kAck},
                                      {"kind", m.is_answer ? type::kAnswer : type::kFlag},
                                      {"slot", m.slot},
                                      {"seq", m.seq},
                                      {"outcome", m.outcome},
                                      {"remaining_ms", m.remaining_ms}});
}

std::string Encode(const TimeChange& m) {
  json::object o{{"type", type::kTime},
                 {"event", m.event},
                 {"reason", m.reason},
                 {"remaining_ms", m.remaining_ms}};
  if (!m.part.empty()) {
    o["part"] = m.part;
  }
  return json::serialize(o);
}

std::string Encode(const Notice& m) {
  return json::serialize(json::object{{"type", type::kNotice}, {"text", m.text}});
}

std::string Encode(const ExamResult& m) {
  json::object o{{"type", type::kResult},
                 {"submitted_by", m.submitted_by},
                 {"answered", m.answered},
                 {"total", m.total}};
  if (m.score) {
    o["score"] = *m.score;
  }
  if (m.scale) {
    o["scale"] = *m.scale;
  }
  if (!m.part.empty()) {
    o["part"] = m.part;
  }
  if (m.part_passed) {
    o["part_passed"] = *m.part_passed;
  }
  if (!m.outcome.empty()) {
    o["outcome"] = m.outcome;
  }
  if (!m.pending_parts.empty()) {
    o["pending_parts"] = StringArray(m.pending_parts);
  }
  if (m.passed) {
    o["passed"] = *m.passed;
  }
  if (!m.practical.empty()) {
    o["practical"] = m.practical;
  }
  if (!m.receipt_json.empty()) {
    boost::system::error_code ec;
    json::value receipt = json::parse(m.receipt_json, ec);
    if (!ec) {
      o["receipt"] = std::move(receipt);
    }
  }
  return json::serialize(o);
}

std::string Encode(const Closed& m) {
  return json::serialize(json::object{{"type", type::kClosed}, {"reason", m.reason}});
}

std::string Encode(const Pong& m) {
  json::object o{{"type", type::kPong}, {"server_time_ms", m.server_time_ms}};
  if (m.remaining_ms) {
    o["remaining_ms"] = *m.remaining_ms;
  }
  if (m.echo) {
    o["echo"] = *m.echo;
  }
  return json::serialize(o);
}

std::string Encode(const Error& m) {
  json::object o{{"type", type::kError}, {"code", m.code}, {"message", m.message}};
  if (m.seq != 0) {
    o["seq"] = m.seq;
  }
  if (m.retry_after_ms) {
    o["retry_after_ms"] = *m.retry_after_ms;
  }
  if (!m.upload.empty()) {
    o["upload"] = m.upload;
  }
  if (m.offset) {
    o["offset"] = *m.offset;
  }
  return json::serialize(o);
}

std::string Encode(const ServerMessage& m) { return std::visit(EncodeVisitor{}, m); }

Result<ServerMessage> DecodeServerMessage(std::string_view frame) {
  boost::system::error_code ec;
  const json::value root = json::parse(frame, ec);
  if (ec) {
    return Status::InvalidArgument("not valid JSON: " + ec.message());
  }
  if (!root.is_object()) {
    return Status::InvalidArgument("a message must be a JSON object");
  }
  const json::object& o = root.get_object();
  const json::value* type_field = o.if_contains("type");
  if (type_field == nullptr || !type_field->is_string()) {
    return Status::InvalidArgument("a message needs \"type\", a string");
  }
  const std::string_view t = type_field->get_string();
  const Fields f(o, std::string(t.substr(0, 40)));
  if (t == type::kHello) {
    return DecodeHello(f);
  }
  if (t == type::kLoginOk) {
    return DecodeLoginOk(f);
  }
  if (t == type::kUnlocked) {
    return ServerMessage(Unlocked{});
  }
  if (t == type::kForm) {
    return DecodeForm(f);
  }
  if (t == type::kAck) {
    return DecodeAck(f);
  }
  if (t == type::kTime) {
    return DecodeTime(f);
  }
  if (t == type::kNotice) {
    return DecodeNotice(f);
  }
  if (t == type::kResult) {
    return DecodeResult(f, o);
  }
  if (t == type::kClosed) {
    return DecodeClosed(f);
  }
  if (t == type::kPong) {
    return DecodePong(f);
  }
  if (t == type::kError) {
    return DecodeError(f);
  }
  if (t == type::kPractical) {
    return DecodePractical(f);
  }
  if (t == type::kFileChunk) {
    return DecodeFileChunk(f);
  }
  if (t == type::kUploadReady) {
    return DecodeUploadReady(f);
  }
  if (t == type::kUploadAck) {
    return DecodeUploadAck(f);
  }
  return Status::InvalidArgument("unknown message type \"" + std::string(t.substr(0, 40)) + "\"");
}

}  // namespace khaothi::protocol
