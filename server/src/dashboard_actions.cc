// The proctor's actions: the request's fields, one handler per action, the table kActions that
// says for each who may take it, what it acts on and what it needs, and the one preamble (Take)
// that checks all of that and records what was done.
#include "dashboard_actions.h"

#include <array>
#include <map>
#include <optional>
#include <utility>
#include <variant>

namespace khaothi::server::dashboard {

namespace json = boost::json;
using engine::AttemptState;

namespace {

// Who may take an action (a bit per staff role).
enum Role : unsigned { kProctor = 1, kHead = 2, kSecretary = 4 };
constexpr unsigned kRoomStaff = kProctor | kHead | kSecretary;

unsigned RoleBit(const std::string& role) {
  if (role == "proctor") {
    return kProctor;
  }
  if (role == "head") {
    return kHead;
  }
  return role == "secretary" ? unsigned{kSecretary} : 0U;
}

// What an action acts on.
enum class Target {
  kSeat,       // the candidate "sbd" of the room
  kSeatOrAll,  // "sbd", or with "all": true every candidate of the room it applies to
  kRoom,       // the room
};

// Fields an action needs besides "reason" (every action needs one).
enum Field : unsigned {
  kNoField = 0,
  kText = 1,          // "text", which is also the reason when "reason" is empty
  kMinutes = 2,       // "minutes", the biên bản, recorded with the incident
  kExtraMinutes = 4,  // "extra_minutes", 1 to ServerLimits::max_extension
};

// The action's JSON body.
struct Fields {
  std::string sbd;
  bool all = false;
  std::string reason;
  std::string text;
  std::string minutes;
  int64_t extra_minutes = 0;
};

// `o[key]` when it is a string; "" when absent or null; kInvalidArgument for another type.
Result<std::string> ReadText(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) {
    return std::string();
  }
  if (!v->is_string()) {
    return Status::InvalidArgument(std::string(key) + " must be a string");
  }
  return std::string(v->get_string());
}

Result<Fields> ReadFields(std::string_view body) {
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) {
    return Status::InvalidArgument("the body is not a JSON object");
  }
  const json::object& o = v.get_object();
  Fields f;
  KHAOTHI_ASSIGN_OR_RETURN(f.sbd, ReadText(o, "sbd"));
  KHAOTHI_ASSIGN_OR_RETURN(f.reason, ReadText(o, "reason"));
  KHAOTHI_ASSIGN_OR_RETURN(f.text, ReadText(o, "text"));
  KHAOTHI_ASSIGN_OR_RETURN(f.minutes, ReadText(o, "minutes"));
  if (const json::value* all = o.if_contains("all"); all != nullptr && !all->is_null()) {
    if (!all->is_bool()) {
      return Status::InvalidArgument("all must be true or false");
    }
    f.all = all->get_bool();
  }
  // Out of range (a float, a string) reads as 0, which the range check refuses.
  if (const json::value* m = o.if_contains("extra_minutes"); m != nullptr && m->is_int64()) {
    f.extra_minutes = m->get_int64();
  }
  return f;
}

// What the preamble hands a handler.
struct Context {
  ExamService& service;
  DashboardStore& store;
  int64_t now_ms;
  const Staff& staff;
  const pages::RoomRow& room;
  const Fields& fields;
  const std::vector<SeatView>& seats;  // the room's
  const SeatView* seat;                // the one named "sbd"; null when none is
  boost::json::object detail;          // recorded with the incident, and answered
  std::string record_kind;             // the incident's kind: the action's name unless changed
};

// What a handler did: refused (nothing done, nothing recorded: the room or the seat is not in a
// state the action applies to), or acted through the service with this status.
using Outcome = std::variant<Refusal, Status>;

// ---- The handlers, one per action

Outcome Unlock(Context& c) {
  if (!c.fields.all) {
    return c.service.Unlock(c.room.session, c.fields.sbd, c.staff.Actor());
  }
  std::vector<std::string> done;
  for (const SeatView& v : c.seats) {
    // Only logins waiting at a PC: unlocking someone who is not there checks no ID.
    if (v.state == AttemptState::kCreated && v.connected &&
        c.service.Unlock(c.room.session, v.sbd, c.staff.Actor()).ok()) {
      done.push_back(v.sbd);
    }
  }
  if (done.empty()) {
    return Refusal{http::status::conflict, "nothing_to_do",
                   "Không có thí sinh nào đang chờ mở khóa.",
                   "No candidate is waiting for an unlock."};
  }
  c.detail["sbds"] = json::value_from(done);
  c.record_kind = "unlock_all";
  return Status::Ok();
}

Outcome Extend(Context& c) {
  c.detail["extra_minutes"] = c.fields.extra_minutes;
  return c.service.Extend(c.room.session, c.fields.sbd, c.fields.extra_minutes * 60'000,
                          c.fields.reason, c.staff.Actor());
}

Outcome Suspend(Context& c) {
  return c.service.Suspend(c.room.session, c.fields.sbd, c.fields.reason, c.staff.Actor());
}

Outcome Resume(Context& c) {
  return c.service.Resume(c.room.session, c.fields.sbd, c.staff.Actor(), c.fields.reason);
}

Outcome AllowMove(Context& c) {
  return c.service.AllowMove(c.room.session, c.fields.sbd, c.fields.reason, c.staff.Actor());
}

Outcome End(Context& c) {
  return c.service.EndForViolation(c.room.session, c.fields.sbd, c.fields.minutes, c.staff.Actor());
}

Outcome Notice(Context& c) {
  c.detail["text"] = c.fields.text;
  if (!c.fields.all) {
    return c.service.Notice(c.room.session, c.fields.sbd, c.fields.text, c.staff.Actor());
  }
  int sent = 0;
  for (const SeatView& v : c.seats) {
    sent += c.service.Notice(c.room.session, v.sbd, c.fields.text, c.staff.Actor()).ok() ? 1 : 0;
  }
  c.detail["sent"] = sent;
  c.record_kind = "notice_all";
  return Status::Ok();
}

Outcome AckReport(Context& c) {
  Result<std::map<std::string, SeatMarks>> marks = c.store.Marks(c.room.session, c.room.room);
  if (!marks.ok()) {
    return marks.status();
  }
  const std::string report = (*marks)[c.fields.sbd].report;
  if (report.empty()) {
    return Refusal{http::status::conflict, "no_report",
                   "Thí sinh " + c.fields.sbd + " không có báo sai thông tin nào chưa xử lý.",
                   "Candidate " + c.fields.sbd + " has no open data-error report."};
  }
  c.detail["report"] = report;
  return c.service.AcknowledgeReport(c.room.session, c.fields.sbd, c.fields.reason,
                                     c.staff.Actor());
}

Outcome PauseRoom(Context& c) {
  if (c.room.state == "paused") {
    return Refusal{http::status::conflict, "already_paused", "Phòng thi đang tạm dừng rồi.",
                   "The room is paused already."};
  }
  // The service pauses the room as one step: nobody there starts, everyone answering stops.
  Result<std::vector<std::string>> paused =
      c.service.PauseRoom(c.room.session, c.room.room, c.fields.reason, c.staff.Actor());
  c.detail["sbds"] = json::value_from(paused.ok() ? *paused : std::vector<std::string>());
  if (!paused.ok()) {
    return paused.status();
  }
  return c.store.SetRoomState(c.room.session, c.room.room, "paused", c.now_ms);
}

Outcome ResumeRoom(Context& c) {
  if (c.room.state != "paused") {
    return Refusal{http::status::conflict, "not_paused", "Phòng thi không tạm dừng.",
                   "The room is not paused."};
  }
  // Resume exactly the candidates the room pause suspended (not those suspended one by one).
  Result<std::vector<std::string>> paused = c.store.LastPausedSbds(c.room.session, c.room.room);
  if (!paused.ok()) {
    return paused.status();
  }
  Result<std::vector<std::string>> resumed =
      c.service.ResumeRoom(c.room.session, c.room.room, *paused, c.fields.reason, c.staff.Actor());
  if (!resumed.ok()) {
    return resumed.status();
  }
  c.detail["sbds"] = json::value_from(*resumed);
  return c.store.SetRoomState(c.room.session, c.room.room, "open", c.now_ms);
}

Outcome CloseRoom(Context& c) {
  int sitting = 0;
  int absent = 0;
  for (const SeatView& v : c.seats) {
    sitting += v.state == AttemptState::kInProgress || v.state == AttemptState::kSuspended ||
                       v.state == AttemptState::kUnlocked
                   ? 1
                   : 0;
    absent += v.state == AttemptState::kCreated ? 1 : 0;
  }
  if (sitting > 0) {
    return Refusal{
        http::status::conflict, "still_sitting",
        "Còn " + std::to_string(sitting) + " thí sinh đang thi; chưa thể đóng phòng thi.",
        std::to_string(sitting) + (sitting == 1 ? " candidate is" : " candidates are") +
            " still sitting."};
  }
  c.detail["absent"] = absent;
  c.detail["submitted"] = static_cast<int64_t>(c.seats.size()) - absent;
  return c.store.SetRoomState(c.room.session, c.room.room, "closed", c.now_ms);
}

// ---- The table

struct Spec {
  std::string_view name;  // the URL's last segment
  unsigned roles;         // Role bits
  Target target;
  unsigned fields;  // Field bits
  Outcome (*handler)(Context&);
};

constexpr std::array<Spec, 11> kActions = {{
    {"unlock", kRoomStaff, Target::kSeatOrAll, kNoField, &Unlock},
    {"extend", kRoomStaff, Target::kSeat, kExtraMinutes, &Extend},
    {"suspend", kRoomStaff, Target::kSeat, kNoField, &Suspend},
    {"resume", kRoomStaff, Target::kSeat, kNoField, &Resume},
    {"allow_move", kRoomStaff, Target::kSeat, kNoField, &AllowMove},
    {"end", kRoomStaff, Target::kSeat, kMinutes, &End},
    {"notice", kRoomStaff, Target::kSeatOrAll, kText, &Notice},
    {"ack_report", kRoomStaff, Target::kSeat, kNoField, &AckReport},
    {"pause_room", kRoomStaff, Target::kRoom, kNoField, &PauseRoom},
    {"resume_room", kRoomStaff, Target::kRoom, kNoField, &ResumeRoom},
    {"close_room", kRoomStaff, Target::kRoom, kNoField, &CloseRoom},
}};

const Spec* FindAction(std::string_view name) {
  for (const Spec& spec : kActions) {
    if (spec.name == name) {
      return &spec;
    }
  }
  return nullptr;
}

// The reason (for a notice, its text when no reason is given) is there, and no text is longer
// than the limits allow.
std::optional<Refusal> CheckText(const Spec& spec, Fields& f, const ServerLimits& limits) {
  if ((spec.fields & kText) != 0 && f.reason.empty()) {
    f.reason = f.text;
  }
  if (f.reason.empty()) {
    return Refusal{http::status::bad_request, "reason_required", "Hãy ghi lý do của thao tác.",
                   "Every action needs a reason."};
  }
  if (f.reason.size() > limits.max_action_reason_bytes ||
      f.text.size() > limits.max_action_reason_bytes ||
      f.minutes.size() > limits.max_action_minutes_bytes) {
    return Refusal{http::status::bad_request, "too_long", "Nội dung quá dài.",
                   "The text is too long."};
  }
  return std::nullopt;
}

// The fields `spec` needs are there and in range.
std::optional<Refusal> CheckNeeds(const Spec& spec, const Fields& f, const ServerLimits& limits) {
  if ((spec.fields & kExtraMinutes) != 0 &&
      (f.extra_minutes <= 0 || f.extra_minutes > limits.max_extension.count())) {
    const std::string most = std::to_string(limits.max_extension.count());
    return Refusal{http::status::bad_request, "bad_minutes",
                   "Số phút cộng thêm phải từ 1 đến " + most + ".",
                   "Extra time is 1 to " + most + " minutes."};
  }
  if ((spec.fields & kMinutes) != 0 && f.minutes.empty()) {
    return Refusal{http::status::bad_request, "minutes_required",
                   "Đình chỉ thi cần có biên bản vi phạm.",
                   "Ending an exam for a violation needs the minutes (biên bản)."};
  }
  if ((spec.fields & kText) != 0 && f.text.empty()) {
    return Refusal{http::status::bad_request, "text_required", "Thông báo chưa có nội dung.",
                   "The notice has no text."};
  }
  return std::nullopt;
}

}  // namespace

HttpResponse ProctorActions::Take(const WebRequest& r, const Staff& staff,
                                  const pages::RoomRow& room, const std::string& name) {
  auto refuse = [&](const Refusal& refusal) { return Refuse(r.http, r.lang, refusal); };
  const Spec* spec = FindAction(name);
  if (spec == nullptr) {
    return refuse({http::status::not_found, "no_action", "Không có thao tác " + name + ".",
                   "No such action: " + name + "."});
  }
  if ((spec->roles & RoleBit(staff.role)) == 0) {
    return refuse({http::status::forbidden, "forbidden", "Bạn không được làm thao tác này.",
                   "Your role may not take this action."});
  }
  Result<Fields> read = ReadFields(r.http.body());
  if (!read.ok()) {
    return refuse({http::status::bad_request, "bad_json", "Yêu cầu không hợp lệ.",
                   "Send a JSON object: " + read.status().message() + "."});
  }
  Fields& f = *read;
  if (std::optional<Refusal> bad = CheckText(*spec, f, limits_)) {
    return refuse(*bad);
  }
  if (room.session_state != "open") {
    return refuse({http::status::conflict, "session_closed", "Ca thi không còn mở.",
                   "The session is not open."});
  }
  if (room.state == "closed") {
    return refuse({http::status::conflict, "room_closed",
                   "Phòng thi đã đóng; không thể thao tác nữa.", "The room is closed."});
  }
  const std::vector<SeatView> seats = RoomSeats(service_, room.session, room.room);
  const SeatView* seat = nullptr;
  for (const SeatView& v : seats) {
    seat = v.sbd == f.sbd ? &v : seat;
  }
  const bool all = spec->target == Target::kSeatOrAll && f.all;
  if (spec->target != Target::kRoom && !all && seat == nullptr) {
    if (f.sbd.empty()) {
      return refuse({http::status::not_found, "no_candidate", "Hãy chọn một thí sinh.",
                     "Choose a candidate."});
    }
    return refuse({http::status::not_found, "no_candidate",
                   "Không có thí sinh " + f.sbd + " trong phòng này.",
                   "No candidate " + f.sbd + " in this room."});
  }
  if (std::optional<Refusal> missing = CheckNeeds(*spec, f, limits_)) {
    return refuse(*missing);
  }
  Context c{.service = service_,
            .store = store_,
            .now_ms = NowMs(clock_),
            .staff = staff,
            .room = room,
            .fields = f,
            .seats = seats,
            .seat = seat,
            .detail = {},
            .record_kind = std::string(spec->name)};
  const Outcome outcome = spec->handler(c);
  if (const Refusal* refusal = std::get_if<Refusal>(&outcome)) {
    return refuse(*refusal);
  }
  if (const Status& s = std::get<Status>(outcome); !s.ok()) {
    // The engine's reasons are English; the page says in its language what the state forbade.
    const std::string state = seat != nullptr ? pages::SeatStateName(*seat) : std::string();
    auto says = [&](pages::Lang lang) {
      return state.empty() ? std::string() : " (" + pages::SeatStateText(lang, state) + ")";
    };
    return refuse({s.IsNotFound()          ? http::status::not_found
                   : s.IsInvalidArgument() ? http::status::bad_request
                                           : http::status::conflict,
                   "refused",
                   "Không thể thực hiện \"" + pages::KindName(pages::Lang::kVi, name) +
                       "\" với thí sinh " + f.sbd + says(pages::Lang::kVi) + ".",
                   "Cannot do \"" + pages::KindName(pages::Lang::kEn, name) + "\" for candidate " +
                       f.sbd + says(pages::Lang::kEn) + "."});
  }
  const ActionRecord record{NowMs(clock_),
                            staff.Actor(),
                            room.session,
                            room.room,
                            spec->target == Target::kRoom || all ? "" : f.sbd,
                            c.record_kind,
                            f.reason,
                            (spec->fields & kMinutes) != 0 ? f.minutes : "",
                            c.detail};
  if (Status rs = store_.RecordAction(record); !rs.ok()) {
    return refuse({http::status::service_unavailable, "not_recorded",
                   "Đã thực hiện nhưng không ghi được vào biên bản: " + rs.message(),
                   "The action was taken but its record could not be written: " + rs.message()});
  }
  return Json(r.http, http::status::ok,
              json::object{{"ok", true}, {"action", c.record_kind}, {"detail", c.detail}});
}

}  // namespace khaothi::server::dashboard
