// Ending attempts: settling what the clock or a proctor submitted, grading, the signed receipt,
// recording the result and telling the client after the commit, retrying rows the writer could
// not take, closing a session. Part of the exam service (exam_service_state.h lists the pieces).

#include <cstdio>

#include <boost/json.hpp>

#include "khaothi/server/exam_service.h"

#include "exam_service_state.h"
#include "receipt.h"
#include "replies.h"

namespace khaothi::server {
namespace {

namespace json = boost::json;
using engine::AttemptState;

// The `closed` reason a client gets when its attempt was ended by `by`.
std::string CloseReason(engine::SubmittedBy by) {
  return by == engine::SubmittedBy::kClock ? "time_up" : "session_closed";
}

}  // namespace

// ---- Ending attempts ----

bool ExamService::Settle(Seat& seat, const std::string& actor) {
  SettlePractical(seat, actor);
  if (seat.attempt->state() != AttemptState::kSubmitted || seat.finished) {
    return false;
  }
  // Whoever moved the attempt to submitted — the clock inside any engine call, a closed
  // session — it is graded, signed and persisted once, and the connected client is told the
  // result and then why the connection ends.
  if (!Finish(seat, actor, ResultAndClose(seat))) {
    // Graded in memory; RetryUnsaved persists it and then tells the client.
    std::fprintf(stderr, "khaothi-server: writer queue full; the result of %s waits\n",
                 seat.key.c_str());
  }
  return true;
}

std::function<void(const Status&)> ExamService::AfterCommit(
    std::weak_ptr<Peer> peer, const Seat& seat,
    std::function<void(const Status&, Peer&, Seat&)> reply) {
  return [this, peer = std::move(peer), key = seat.key, reply = std::move(reply)](const Status& s) {
    std::shared_ptr<Peer> p = peer.lock();
    if (!p) {
      return;
    }
    std::lock_guard l(mu_);
    if (Seat* st = FindSeat(key)) {
      reply(s, *p, *st);
    }
  };
}

std::function<void(const Status&)> ExamService::ResultAndClose(const Seat& seat) {
  return AfterCommit(seat.peer, seat,
                     [this, reason = CloseReason(seat.attempt->record().submitted_by)](
                         const Status& s, Peer& p, Seat& st) {
                       if (s.ok()) {
                         p.Send(ResultMessage(st));
                         p.Close(reason);
                       }
                     });
}

void ExamService::RetryUnsaved() {
  for (auto& [key, seat] : seats_) {
    if (!seat->record_unsaved) {
      continue;
    }
    // A settled attempt's client learns the result once it is on disk; any other change was
    // confirmed to nobody yet, or is confirmed by the client's own resend.
    const bool settled = seat->finished;
    if (!Persist(*seat, {}, "system", "persist_retry", "{}",
                 settled ? ResultAfterCommit(*seat, seat->peer.lock()) : nullptr)) {
      return;  // still full: the next tick tries again
    }
  }
}

void ExamService::CloseSessionLocked(SessionInfo& session, const std::string& actor) {
  session.closed = true;
  for (auto& [key, seat] : seats_) {
    if (seat->session != &session) {
      continue;
    }
    engine::Attempt& a = *seat->attempt;
    a.Refresh();
    if (a.state() == AttemptState::kInProgress || a.state() == AttemptState::kSuspended) {
      static_cast<void>(a.Submit(engine::SubmittedBy::kProctor, "the session was closed"));
    }
    if (seat->practical) {
      // The practical too: ended by the closure, its end recorded with its files, and the
      // station told before the connection ends.
      engine::Attempt& p = *seat->practical;
      p.Refresh();
      if ((p.state() == AttemptState::kInProgress || p.state() == AttemptState::kSuspended) &&
          p.Submit(engine::SubmittedBy::kProctor, "the session was closed").ok()) {
        if (!FinishPractical(*seat, actor,
                             PracticalAfterCommit(*seat, seat->peer.lock(), "session_closed"))) {
          std::fprintf(stderr, "khaothi-server: writer queue full; the practical of %s waits\n",
                       seat->key.c_str());
        }
        continue;
      }
    }
    if (a.state() == AttemptState::kSubmitted && !seat->finished) {
      Settle(*seat, actor);
    } else if (std::shared_ptr<Peer> p = seat->peer.lock()) {
      // Not started (absent) or already graded: nothing to grade; the connection ends.
      p->Close("session_closed");
    }
  }
}

std::function<void(const Status&)> ExamService::ResultAfterCommit(
    const Seat& seat, const std::shared_ptr<Peer>& peer) {
  return AfterCommit(peer, seat, [this](const Status& s, Peer& p, Seat& st) {
    p.Send(s.ok() ? ResultMessage(st)
                  : ErrorMessage(error::kNotSaved, "the submission could not be saved; retry"));
  });
}

bool ExamService::Finish(Seat& seat, std::string actor, std::function<void(const Status&)> then) {
  ReceiptFacts facts;
  const Status graded = Grade(seat, facts);
  std::string receipt = graded.ok() ? SignReceipt(facts, receipt_key_) : std::string();
  return Record(seat, graded, std::move(receipt), std::move(actor), std::move(then));
}

Status ExamService::Grade(Seat& seat, ReceiptFacts& facts) {
  KHAOTHI_DCHECK(!seat.finished);
  seat.finished = true;
  engine::Attempt& a = *seat.attempt;
  Result<engine::GradeResult> grade =
      engine::GradeAttempt(seat.form, seat.items, a.Responses(), seat.session->blueprint);
  if (!grade.ok()) {
    return grade.status();
  }
  seat.grade = *grade;
  json::array slots;
  for (const engine::SlotGrade& g : grade->slots) {
    slots.push_back(json::object{{"item", g.item_id},
                                 {"version", g.item_version},
                                 {"credit", g.credit},
                                 {"points", engine::FormatPoints(g.points)}});
  }
  seat.result_json = Canonical(json::object{
      {"revision", grade->revision},
      {"blueprint", grade->blueprint_id},
      {"score", engine::FormatPoints(grade->score, seat.session->blueprint.scoring.decimals)},
      {"passed", grade->passed},
      {"earned", grade->earned},
      {"possible", grade->possible},
      {"slots", std::move(slots)}});
  // The receipt: signed proof of what was submitted, when and how.
  const engine::AttemptRecord& rec = a.record();
  facts = {.centre = centre_code_,
           .seat_key = seat.key,
           .session = seat.session->id,
           .sbd = seat.sbd,
           .full_name = seat.full_name,
           .blueprint = seat.form.blueprint_id,
           .bank_snapshot = seat.session->bank_snapshot,
           .started_ms = rec.started_at ? rec.started_at->time_since_epoch().count() : 0,
           .submitted_ms = rec.closed_at ? rec.closed_at->time_since_epoch().count() : 0,
           .submitted_by = std::string(engine::ToString(rec.submitted_by)),
           .responses = a.Responses()};
  return Status::Ok();
}

bool ExamService::Record(Seat& seat, const Status& graded, std::string receipt, std::string actor,
                         std::function<void(const Status&)> then) {
  engine::Attempt& a = *seat.attempt;
  std::string action = "submit";
  json::object detail{{"submitted_by", engine::ToString(a.record().submitted_by)}};
  if (graded.ok()) {
    seat.receipt_json = std::move(receipt);
    static_cast<void>(a.MarkGraded());
    action = "submit_graded";
    detail["score"] =
        engine::FormatPoints(seat.grade->score, seat.session->blueprint.scoring.decimals);
  } else {
    detail["grading_error"] = graded.message();
  }
  return Persist(seat, {}, std::move(actor), action, json::serialize(detail), std::move(then));
}

}  // namespace khaothi::server
