// The proctor's actions on seats and rooms (docs/proctor.md), and the room view (Seats). Each
// action changes the attempt under the service's lock, persists it with an audit entry naming
// the actor, and tells the candidate's client once the change is committed. The clock actions
// (extend, suspend, resume, pause and resume a room, end) apply to the part that is running:
// the theory until it has ended, then the practical (ActiveClock).

#include <boost/json.hpp>

#include "khaothi/protocol/server_messages.h"

#include "exam_service_state.h"
#include "replies.h"

namespace khaothi::server {

namespace json = boost::json;
using engine::AttemptState;

namespace {

// What a proctor's action returns when the writer's queue could not take its write.
Status Queued(bool queued) {
  return queued ? Status::Ok()
                : Status::Unavailable(
                      "the database is busy: the change is made and is saved within a second");
}

}  // namespace

Result<ExamService::Seat*> ExamService::KnownSeat(const std::string& session_id,
                                                  const std::string& sbd) {
  Seat* seat = FindSeat(session_id, sbd);
  if (seat == nullptr) {
    return Status::NotFound("no candidate " + sbd + " in session " + session_id);
  }
  return seat;
}

Status ExamService::Unlock(const std::string& session_id, const std::string& sbd,
                           const std::string& actor) {
  std::lock_guard lock(mu_);
  KHAOTHI_ASSIGN_OR_RETURN(Seat * seat, KnownSeat(session_id, sbd));
  KHAOTHI_RETURN_IF_ERROR(seat->attempt->Unlock());
  seat->unlocked_ms = NowMs();
  std::weak_ptr<Peer> weak = seat->peer;
  return Queued(Persist(*seat, {}, actor, "unlock", "{}", [weak](const Status& s) {
    if (std::shared_ptr<Peer> p = weak.lock(); p && s.ok()) {
      p->Send(protocol::Encode(protocol::Unlocked{}));
    }
  }));
}

Status ExamService::Extend(const std::string& session_id, const std::string& sbd, int64_t ms,
                           const std::string& reason, const std::string& actor) {
  std::lock_guard lock(mu_);
  if (ms <= 0 || engine::Duration(ms) > limits_.max_extension) {
    return Status::InvalidArgument("an extension is more than 0 and at most " +
                                   std::to_string(limits_.max_extension.count()) + " minutes");
  }
  KHAOTHI_ASSIGN_OR_RETURN(Seat * seat, KnownSeat(session_id, sbd));
  const Status extended = ActiveClock(*seat).Extend(engine::Duration(ms), reason);
  Settle(*seat, "system");  // the clock may have ended it first
  KHAOTHI_RETURN_IF_ERROR(extended);
  return Queued(Persist(*seat, {}, actor, "extend",
                        json::serialize(json::object{{"ms", ms}, {"reason", reason}}),
                        TimeChanged(*seat, "extension", reason)));
}

Status ExamService::Suspend(const std::string& session_id, const std::string& sbd,
                            const std::string& reason, const std::string& actor) {
  std::lock_guard lock(mu_);
  KHAOTHI_ASSIGN_OR_RETURN(Seat * seat, KnownSeat(session_id, sbd));
  const Status paused = ActiveClock(*seat).Pause(reason);
  Settle(*seat, "system");  // the clock may have ended it first
  KHAOTHI_RETURN_IF_ERROR(paused);
  return Queued(Persist(*seat, {}, actor, "suspend",
                        json::serialize(json::object{{"reason", reason}}),
                        TimeChanged(*seat, "pause", reason)));
}

Status ExamService::Resume(const std::string& session_id, const std::string& sbd,
                           const std::string& actor, const std::string& reason) {
  std::lock_guard lock(mu_);
  KHAOTHI_ASSIGN_OR_RETURN(Seat * seat, KnownSeat(session_id, sbd));
  return ResumeLocked(*seat, actor, reason);
}

Status ExamService::ResumeLocked(Seat& seat, const std::string& actor, const std::string& reason) {
  // Without a reason of its own, a resume says which pause it ends.
  engine::Attempt& clock = ActiveClock(seat);
  const std::string why = reason.empty() ? clock.record().pause_reason : reason;
  KHAOTHI_RETURN_IF_ERROR(clock.Resume());
  return Queued(Persist(seat, {}, actor, "resume", json::serialize(json::object{{"reason", why}}),
                        TimeChanged(seat, "resume", why)));
}

Result<std::vector<std::string>> ExamService::PauseRoom(const std::string& session_id,
                                                        const std::string& room,
                                                        const std::string& reason,
                                                        const std::string& actor) {
  if (reason.empty()) {
    return Status::InvalidArgument("a pause needs a reason");
  }
  std::lock_guard lock(mu_);
  auto it = sessions_.find(session_id);
  if (it == sessions_.end()) {
    return std::vector<std::string>{};  // not loaded yet: it loads the room's state with it
  }
  if (it->second->closed) {
    return Status::FailedPrecondition("the session " + session_id + " is closed");
  }
  // Under one lock: from here nobody in the room starts, and everyone answering stops.
  it->second->paused_rooms.insert(room);
  std::vector<std::string> paused;
  for (auto& [key, seat] : seats_) {
    if (seat->session != it->second.get() || seat->room != room) {
      continue;
    }
    engine::Attempt& clock = ActiveClock(*seat);
    clock.Refresh();
    Settle(*seat, "system");
    if (clock.state() != AttemptState::kInProgress) {
      continue;
    }
    if (clock.Pause(reason).ok()) {
      // Paused in memory either way; when the queue is full RetryUnsaved writes the row.
      static_cast<void>(Persist(*seat, {}, actor, "suspend",
                                json::serialize(json::object{{"reason", reason}}),
                                TimeChanged(*seat, "pause", reason)));
      paused.push_back(seat->sbd);
    }
  }
  return paused;
}

Result<std::vector<std::string>> ExamService::ResumeRoom(const std::string& session_id,
                                                         const std::string& room,
                                                         const std::vector<std::string>& sbds,
                                                         const std::string& reason,
                                                         const std::string& actor) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(session_id);
  if (it == sessions_.end()) {
    return std::vector<std::string>{};
  }
  it->second->paused_rooms.erase(room);
  std::vector<std::string> resumed;
  for (const std::string& sbd : sbds) {
    Seat* seat = FindSeat(session_id, sbd);
    if (seat != nullptr && seat->room == room && ResumeLocked(*seat, actor, reason).ok()) {
      resumed.push_back(sbd);
    }
  }
  return resumed;
}

Status ExamService::AllowMove(const std::string& session_id, const std::string& sbd,
                              const std::string& reason, const std::string& actor) {
  if (reason.empty()) {
    return Status::InvalidArgument("a reason is required");
  }
  std::lock_guard lock(mu_);
  KHAOTHI_ASSIGN_OR_RETURN(Seat * seat, KnownSeat(session_id, sbd));
  seat->move_allowed = true;
  // The exam moves to another PC: the old one may no longer resume it (protocol 1.2).
  seat->resume_hash.clear();
  return Queued(Persist(*seat, {}, actor, "allow_move",
                        json::serialize(json::object{{"reason", reason}}), nullptr));
}

Status ExamService::EndForViolation(const std::string& session_id, const std::string& sbd,
                                    const std::string& minutes, const std::string& actor) {
  std::lock_guard lock(mu_);
  KHAOTHI_ASSIGN_OR_RETURN(Seat * seat, KnownSeat(session_id, sbd));
  // Ended by the proctor: no reconnect resumes it (protocol 1.2).
  seat->resume_hash.clear();
  if (InPractical(*seat)) {
    // The practical is ended like the theory: its end recorded with the files received, the
    // station told, the connection closed.
    if (Status ended = seat->practical->Submit(engine::SubmittedBy::kProctor, minutes);
        !ended.ok()) {
      Settle(*seat, "system");
      return ended;
    }
    return Queued(FinishPractical(
        *seat, actor, PracticalAfterCommit(*seat, seat->peer.lock(), "ended_by_proctor")));
  }
  if (Status ended = seat->attempt->Submit(engine::SubmittedBy::kProctor, minutes); !ended.ok()) {
    Settle(*seat, "system");  // the clock may have ended it first
    return ended;
  }
  return Queued(Finish(*seat, actor,
                       AfterCommit(seat->peer, *seat, [this](const Status& s, Peer& p, Seat& st) {
                         if (s.ok()) {
                           p.Send(ResultMessage(st));
                           p.Close("ended_by_proctor");
                         }
                       })));
}

Status ExamService::Notice(const std::string& session_id, const std::string& sbd,
                           const std::string& text, const std::string& actor) {
  if (text.empty()) {
    return Status::InvalidArgument("a notice needs text");
  }
  std::lock_guard lock(mu_);
  KHAOTHI_ASSIGN_OR_RETURN(Seat * seat, KnownSeat(session_id, sbd));
  const bool queued =
      Persist(*seat, {}, actor, "notice", json::serialize(json::object{{"text", text}}), nullptr);
  Push(*seat, protocol::Encode(protocol::Notice{.text = text}));
  return Queued(queued);
}

Status ExamService::AcknowledgeReport(const std::string& session_id, const std::string& sbd,
                                      const std::string& reason, const std::string& actor) {
  std::lock_guard lock(mu_);
  KHAOTHI_ASSIGN_OR_RETURN(Seat * seat, KnownSeat(session_id, sbd));
  seat->data_error_report.clear();
  return Queued(Persist(*seat, {}, actor, "ack_report",
                        json::serialize(json::object{{"reason", reason}}), nullptr,
                        /*record_too=*/false));
}

std::vector<SeatView> ExamService::Seats(const std::string& session_id) const {
  std::lock_guard lock(mu_);
  std::vector<SeatView> out;
  const int64_t now = NowMs();
  for (const auto& [key, seat] : seats_) {
    if (seat->session->id != session_id) {
      continue;
    }
    SeatView v;
    v.session_id = session_id;
    v.sbd = seat->sbd;
    v.full_name = seat->full_name;
    v.room = seat->room;
    v.machine = seat->machine;
    v.state = seat->attempt->state();
    v.connected = seat->peer_raw != nullptr;
    v.client = seat->client;
    v.total = static_cast<int>(seat->form.slots.size());
    for (const engine::SlotRecord& s : seat->attempt->record().slots) {
      v.answered += s.chosen.empty() ? 0 : 1;
    }
    v.remaining_ms = seat->attempt->Remaining().count();
    v.last_contact_ms = seat->last_contact_ms;
    v.locked = seat->locked_until_ms > now;
    v.data_error_report = seat->data_error_report;
    if (seat->practical) {
      v.practical_state = seat->practical->state();
      v.practical_remaining_ms = seat->practical->Remaining().count();
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace khaothi::server
