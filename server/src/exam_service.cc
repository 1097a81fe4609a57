// The exam core: the service's life cycle, the messages of a logged-in candidate (start, answer,
// flag, submit, report) and the server's clock (Tick). The other pieces of the service are
// listed in exam_service_state.h.

#include "khaothi/server/exam_service.h"

#include <algorithm>
#include <cstdio>
#include <future>

#include <boost/json.hpp>

#include "khaothi/protocol/server_messages.h"

#include "exam_service_state.h"
#include "receipt.h"
#include "replies.h"

namespace khaothi::server {
namespace {

namespace json = boost::json;
using engine::AttemptState;

// The type name of a 1.1 message, for the 1.0 refusal.
std::string_view PracticalTypeName(ClientMessageType t) {
  switch (t) {
    case ClientMessageType::kPracticalStart:
      return protocol::type::kPracticalStart;
    case ClientMessageType::kPracticalSubmit:
      return protocol::type::kPracticalSubmit;
    case ClientMessageType::kDownload:
      return protocol::type::kDownload;
    case ClientMessageType::kUploadBegin:
      return protocol::type::kUploadBegin;
    default:
      return protocol::type::kUploadChunk;
  }
}

}  // namespace

ExamService::ExamService(Writer& writer, const engine::Clock& clock, const ServerLimits& limits,
                         crypto::SigningKey receipt_key, std::string centre_dir)
    : writer_(writer),
      clock_(clock),
      limits_(limits),
      receipt_key_(std::move(receipt_key)),
      centre_dir_(std::move(centre_dir)),
      blob_pool_(std::make_unique<boost::asio::thread_pool>(2)) {}

ExamService::~ExamService() {
  // The uploads being stored refer to the service: they finish first.
  blob_pool_->join();
}

int64_t ExamService::NowMs() const { return clock_.Now().time_since_epoch().count(); }

Result<std::unique_ptr<ExamService>> ExamService::Loaded(store::Database db, Writer& writer,
                                                         const engine::Clock& clock,
                                                         const ServerLimits& limits,
                                                         crypto::SigningKey receipt_key,
                                                         std::string centre_dir, bool settle_only,
                                                         PracticalEndedListener practical_ended) {
  std::unique_ptr<ExamService> service(
      new ExamService(writer, clock, limits, std::move(receipt_key), std::move(centre_dir)));
  // Before loading: settling a practical while loading already tells the listener.
  service->practical_ended_ = std::move(practical_ended);
  service->read_db_ = std::make_unique<store::Database>(std::move(db));
  std::lock_guard lock(service->mu_);
  KHAOTHI_RETURN_IF_ERROR(service->Load(*service->read_db_, settle_only));
  return service;
}

Result<std::unique_ptr<ExamService>> ExamService::Create(store::Database db, Writer& writer,
                                                         const engine::Clock& clock,
                                                         const ServerLimits& limits,
                                                         crypto::SigningKey receipt_key,
                                                         std::string centre_dir,
                                                         PracticalEndedListener practical_ended) {
  return Loaded(std::move(db), writer, clock, limits, std::move(receipt_key), std::move(centre_dir),
                /*settle_only=*/false, std::move(practical_ended));
}

Result<int> ExamService::SettleClosedSessions(store::Database db, Writer& writer,
                                              const engine::Clock& clock,
                                              const ServerLimits& limits,
                                              crypto::SigningKey receipt_key,
                                              std::string centre_dir) {
  KHAOTHI_ASSIGN_OR_RETURN(std::unique_ptr<ExamService> service,
                           Loaded(std::move(db), writer, clock, limits, std::move(receipt_key),
                                  std::move(centre_dir), /*settle_only=*/true));
  std::unique_lock lock(service->mu_);
  int settled = 0;
  for (const auto& [key, seat] : service->seats_) {
    settled += seat->finished ? 1 : 0;
  }
  // The completions refer to the service: let them run before it goes.
  std::promise<void> flushed;
  if (writer.Submit([](store::Database&) { return Status::Ok(); },
                    [&flushed](const Status&) { flushed.set_value(); })) {
    lock.unlock();
    flushed.get_future().wait();
  }
  return settled;
}

ExamService::Seat* ExamService::FindSeat(const std::string& key) {
  auto it = seats_.find(key);
  return it == seats_.end() ? nullptr : it->second.get();
}

ExamService::Seat* ExamService::FindSeat(const std::string& session_id, const std::string& sbd) {
  return FindSeat(SeatKey(session_id, sbd));
}

// ---- Handling ----

void ExamService::Handle(PeerState& state, const ClientMessage& m,
                         const std::shared_ptr<Peer>& peer) {
  std::unique_lock lock(mu_);
  // A refused answer or flag names its seq, so the client knows which write was not taken.
  const bool write = m.type == ClientMessageType::kAnswer || m.type == ClientMessageType::kFlag;
  const uint64_t seq = write ? m.seq : 0;
  if (m.type == ClientMessageType::kHello) {
    if (m.protocol != kProtocolVersion) {
      peer->Send(ErrorMessage(error::kVersion, "this server speaks protocol version 1"));
      return;
    }
    state.hello = true;
    // A 1.0 client (no "minor") gets the 1.0 hello; a later one the minor version both speak.
    state.minor = std::min(m.minor, protocol::kProtocolMinor);
    peer->Send(protocol::Encode(protocol::ServerHello{.protocol = kProtocolVersion,
                                                      .server = "khaothi-server/0.1",
                                                      .server_time_ms = NowMs(),
                                                      .minor = state.minor}));
    return;
  }
  if (!state.hello) {
    peer->Send(ErrorMessage(error::kHelloFirst, "send hello first", seq));
    return;
  }
  const bool practical_message =
      m.type == ClientMessageType::kPracticalStart ||
      m.type == ClientMessageType::kPracticalSubmit || m.type == ClientMessageType::kDownload ||
      m.type == ClientMessageType::kUploadBegin || m.type == ClientMessageType::kUploadChunk;
  if (practical_message && state.minor < 1) {
    // What a 1.0 server answers: a 1.0 connection is served exactly as before 1.1.
    peer->Send(
        ErrorMessage(error::kUnknownType,
                     "unknown message type \"" + std::string(PracticalTypeName(m.type)) + "\""));
    return;
  }
  if (m.type == ClientMessageType::kLogin) {
    OnLogin(state, m, peer, lock);
    return;
  }
  Seat* seat = state.seat.empty() ? nullptr : FindSeat(state.seat);
  if (m.type == ClientMessageType::kPing) {
    protocol::Pong pong{.server_time_ms = NowMs(), .echo = m.echo};
    if (seat != nullptr && seat->peer_raw == peer.get()) {
      seat->last_contact_ms = NowMs();
      seat->attempt->Refresh();
      pong.remaining_ms = seat->attempt->Remaining().count();
      peer->Send(protocol::Encode(pong));
      // A ping past the deadline may be what submits the attempt: result and closed follow.
      Settle(*seat, "system");
      return;
    }
    peer->Send(protocol::Encode(pong));
    return;
  }
  if (seat == nullptr || seat->peer_raw != peer.get()) {
    peer->Send(ErrorMessage(error::kNotLoggedIn, "log in first", seq));
    return;
  }
  seat->last_contact_ms = NowMs();
  // The clock first (the engine's rule): a message that arrives after the deadline, before the
  // periodic check, finds the attempt submitted, graded and its client told, exactly once; the
  // message itself is then refused as too late.
  seat->attempt->Refresh();
  if (Settle(*seat, "system") && m.type == ClientMessageType::kStart) {
    return;  // the result and `closed` follow the commit
  }
  switch (m.type) {
    case ClientMessageType::kStart:
      OnStart(*seat, peer);
      return;
    case ClientMessageType::kAnswer:
    case ClientMessageType::kFlag:
      OnWrite(*seat, m, peer);
      return;
    case ClientMessageType::kSubmit:
      OnSubmit(*seat, peer, lock);
      return;
    case ClientMessageType::kPracticalStart:
      OnPracticalStart(*seat, peer);
      return;
    case ClientMessageType::kPracticalSubmit:
      OnPracticalSubmit(*seat, peer);
      return;
    case ClientMessageType::kDownload:
      OnDownload(*seat, m, peer);
      return;
    case ClientMessageType::kUploadBegin:
      OnUploadBegin(*seat, m, peer);
      return;
    case ClientMessageType::kUploadChunk:
      OnUploadChunk(*seat, m, peer);
      return;
    case ClientMessageType::kReport:
      // The candidate says their personal data is wrong: recorded for the proctor, no reply.
      // It becomes an incident of the room (kind data_error), shown on the proctor's tile until
      // the proctor acknowledges it (docs/proctor.md).
      seat->data_error_report = m.text.empty() ? "personal data" : m.text;
      RecordCandidateIncident(*seat, "data_error", "report_data_error",
                              m.text.empty() ? "personal data" : m.text,
                              json::object{{"text", m.text}});
      return;
    default:
      return;
  }
}

std::function<void(const Status&)> ExamService::FormAfterCommit(const Seat& seat,
                                                                const std::shared_ptr<Peer>& peer) {
  return AfterCommit(peer, seat, [this](const Status& s, Peer& p, Seat& st) {
    p.Send(s.ok() ? FormMessage(st) : ErrorMessage(error::kNotSaved, "could not record the start"));
  });
}

void ExamService::OnStart(Seat& seat, const std::shared_ptr<Peer>& peer) {
  engine::Attempt& a = *seat.attempt;
  a.Refresh();
  const bool not_started =
      a.state() == AttemptState::kCreated || a.state() == AttemptState::kUnlocked;
  if (not_started && seat.session->closed) {
    peer->Send(ErrorMessage(error::kSessionClosed, "this exam session is closed"));
    return;
  }
  if (not_started && seat.session->paused_rooms.count(seat.room) != 0) {
    peer->Send(
        ErrorMessage(error::kRoomPaused, "the room is paused; wait for the proctor to resume it"));
    return;
  }
  switch (a.state()) {
    case AttemptState::kCreated:
      if (seat.session->unlock_required) {
        peer->Send(ErrorMessage(error::kNotUnlocked, "wait for the proctor to unlock your exam"));
        return;
      }
      [[fallthrough]];
    case AttemptState::kUnlocked: {
      if (Status s = a.Start(); !s.ok()) {
        peer->Send(ErrorMessage(error::kNotInProgress, s.message()));
        return;
      }
      if (!Persist(seat, {}, "candidate:" + seat.sbd, "start", "{}", FormAfterCommit(seat, peer))) {
        peer->Send(Busy());
      }
      return;
    }
    case AttemptState::kInProgress:
    case AttemptState::kSuspended:
      if (!seat.start_on_disk) {
        // The start is not on disk yet: its commit failed, or has not returned (and may fail).
        // The form confirms it after a commit of its own.
        if (!Persist(seat, {}, "candidate:" + seat.sbd, "start", "{}",
                     FormAfterCommit(seat, peer))) {
          peer->Send(Busy());
        }
        return;
      }
      peer->Send(FormMessage(seat));
      return;
    case AttemptState::kSubmitted:
    case AttemptState::kGraded:
      if (seat.receipt_pending) {
        // Handed in a moment ago and its receipt still being signed: the client asks again.
        peer->Send(Busy());
        return;
      }
      peer->Send(ResultMessage(seat));
      return;
  }
}

void ExamService::OnWrite(Seat& seat, const ClientMessage& m, const std::shared_ptr<Peer>& peer) {
  const bool is_answer = m.type == ClientMessageType::kAnswer;
  if (m.slot < 0 || static_cast<size_t>(m.slot) >= seat.form.slots.size()) {
    peer->Send(ErrorMessage(error::kBadSlot, "no such question", m.seq));
    return;
  }
  const engine::FormSlot& fs = seat.form.slots[static_cast<size_t>(m.slot)];
  const engine::Item& item = *seat.items[static_cast<size_t>(m.slot)];
  std::vector<int> authored;
  if (is_answer) {
    std::vector<int> seen;
    for (int p : m.choice) {
      if (p < 0 || static_cast<size_t>(p) >= fs.option_order.size() ||
          std::find(seen.begin(), seen.end(), p) != seen.end()) {
        peer->Send(ErrorMessage(error::kBadChoice, "no such option", m.seq));
        return;
      }
      seen.push_back(p);
    }
    if (item.mode == engine::ResponseMode::kSingle && m.choice.size() > 1) {
      peer->Send(ErrorMessage(error::kBadChoice, "this question takes one answer", m.seq));
      return;
    }
    authored = engine::DisplayedToAuthored(fs, m.choice);
  }
  const engine::TimePoint received = clock_.Now();
  Result<engine::WriteOutcome> outcome =
      is_answer ? seat.attempt->RecordAnswer(m.slot, authored, m.seq, received)
                : seat.attempt->RecordFlag(m.slot, m.flagged, m.seq, received);
  if (!outcome.ok()) {
    // Outside the answering window: too late when the clock ended the attempt, otherwise the
    // exam is not running (not started, suspended, or handed in).
    const engine::AttemptRecord& r = seat.attempt->record();
    const bool ended = r.state == AttemptState::kSubmitted || r.state == AttemptState::kGraded;
    const std::string_view code = !outcome.status().IsFailedPrecondition() ? error::kBadChoice
                                  : ended && r.submitted_by == engine::SubmittedBy::kClock
                                      ? error::kTooLate
                                      : error::kNotInProgress;
    peer->Send(ErrorMessage(code, outcome.status().message(), m.seq));
    Settle(seat, "system");
    return;
  }
  const std::string_view outcome_name = engine::ToString(*outcome);
  std::weak_ptr<Peer> weak = peer;
  json::object detail{{"slot", m.slot}, {"seq", m.seq}, {"outcome", outcome_name}};
  if (is_answer) {
    json::array c;
    for (int x : authored) {
      c.push_back(x);
    }
    detail["choice"] = std::move(c);
  } else {
    detail["flagged"] = m.flagged;
  }
  // The ack's time left, computed at commit without mu_ (the writer thread acks hundreds of
  // answers per commit and must not queue behind the connections for the lock): a running
  // attempt's deadline is fixed until a proctor's action changes it, and that action sends its
  // own "time" message after this ack; any other state's time left does not move.
  const bool running = seat.attempt->state() == AttemptState::kInProgress;
  const engine::TimePoint deadline = seat.attempt->Deadline().value_or(engine::TimePoint());
  const engine::Duration still = seat.attempt->Remaining();
  // Even a duplicate or stale write persists the slot's current state before it is
  // acknowledged: the earlier write it repeats may not have reached the disk (see the header).
  const bool queued = Persist(
      seat, {m.slot}, "candidate:" + seat.sbd, is_answer ? "answer" : "flag",
      json::serialize(detail),
      [this, weak, slot = m.slot, seq = m.seq, is_answer, outcome_name, running, deadline,
       still](const Status& s) {
        std::shared_ptr<Peer> p = weak.lock();
        if (!p) {
          return;
        }
        if (!s.ok()) {
          p->Send(ErrorMessage(error::kNotSaved,
                               "the answer could not be saved; it will be sent again", seq));
          return;
        }
        const int64_t remaining =
            running ? std::max(engine::Duration(0), deadline - clock_.Now()).count()
                    : still.count();
        p->Send(protocol::Encode(protocol::Ack{.is_answer = is_answer,
                                               .slot = slot,
                                               .seq = seq,
                                               .outcome = std::string(outcome_name),
                                               .remaining_ms = remaining}));
      },
      /*record_too=*/false);
  if (!queued) {
    // The engine holds the answer; the client's resend (same seq, a duplicate) persists the
    // slot as it is then and is acknowledged.
    peer->Send(Busy(m.seq));
  }
}

void ExamService::OnSubmit(Seat& seat, const std::shared_ptr<Peer>& peer,
                           std::unique_lock<std::mutex>& lock) {
  engine::Attempt& a = *seat.attempt;
  if (seat.finished && seat.record_unsaved) {
    // Submitted before, when the writer's queue was full: the result follows its commit now.
    if (!Persist(seat, {}, "candidate:" + seat.sbd, "submit", "{}",
                 ResultAfterCommit(seat, peer))) {
      peer->Send(Busy());
    }
    return;
  }
  // A second submit, or one after the clock: the exam is no longer running. The result went (or
  // goes, after its commit) to the client once; a reconnecting client gets it with `start`.
  if (Status s = a.Submit(engine::SubmittedBy::kCandidate); !s.ok()) {
    peer->Send(ErrorMessage(error::kNotInProgress, s.message()));
    Settle(seat, "system");
    return;
  }
  ReceiptFacts facts;
  Seat* finished = &seat;
  std::string receipt;
  const Status graded = Grade(seat, facts);
  if (graded.ok()) {
    // Signed without the lock. Meanwhile the seat is finished, so nothing grades it again (Tick,
    // a closing session), and receipt_pending, so a `start` from a station taking over is told
    // busy and comes back for the result with its receipt.
    seat.receipt_pending = true;
    const std::string key = seat.key;
    lock.unlock();
    receipt = SignReceipt(facts, receipt_key_);
    lock.lock();
    finished = FindSeat(key);
    if (finished == nullptr) {
      return;  // seats are never dropped while the service runs; nothing to record
    }
    finished->receipt_pending = false;
  }
  if (!Record(*finished, graded, std::move(receipt), "candidate:" + finished->sbd,
              ResultAfterCommit(*finished, peer))) {
    peer->Send(Busy());
  }
}

void ExamService::Disconnected(const PeerState& state, const Peer* peer) {
  std::lock_guard lock(mu_);
  Seat* seat = state.seat.empty() ? nullptr : FindSeat(state.seat);
  if (seat != nullptr && seat->peer_raw == peer) {
    seat->peer_raw = nullptr;
    seat->peer.reset();
  }
}

void ExamService::Tick() {
  std::lock_guard lock(mu_);
  for (auto& [key, seat] : seats_) {
    engine::Attempt& a = *seat->attempt;
    if (a.state() == AttemptState::kInProgress) {
      a.Refresh();
    }
    if (seat->practical && seat->practical->state() == AttemptState::kInProgress) {
      seat->practical->Refresh();
    }
    // The clock submitted it: grade, persist, then tell the client if it is connected.
    Settle(*seat, "system");
  }
  RetryUnsaved();
  PollSessionStates();
}

void ExamService::CloseAll(std::string reason) {
  std::vector<std::shared_ptr<Peer>> peers;
  {
    std::lock_guard lock(mu_);
    for (auto& [key, seat] : seats_) {
      if (std::shared_ptr<Peer> p = seat->peer.lock()) {
        peers.push_back(std::move(p));
      }
    }
  }
  for (auto& p : peers) {
    p->Close(reason);
  }
}

}  // namespace khaothi::server
