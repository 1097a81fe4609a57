// The login guard: a rate limit per client address, a lockout after wrong passwords, a password
// check that costs the same for an unknown number, and the check that an exam running on one PC
// is not taken over from another without the proctor's leave.

#include <cstdio>

#include <boost/json.hpp>

#include "khaothi/centre/audit.h"

#include "exam_service_state.h"
#include "replies.h"

namespace khaothi::server {
namespace {

namespace json = boost::json;
using engine::AttemptState;

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// What an unknown số báo danh is checked against, so that it costs as much as a wrong password
// (the same scrypt parameters as candidates' passwords) and timing does not tell which numbers
// exist. Computed once.
const std::string& DummyCandidateHash() {
  static const std::string* const kHash = new std::string(crypto::HashPassword("not a password"));
  return *kHash;
}

}  // namespace

std::string NormalizeSbd(std::string_view sbd) {
  std::string out;
  for (char c : sbd) {
    if (c == ' ' || c == '\t') {
      continue;
    }
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

void ExamService::OnLogin(PeerState& state, const ClientMessage& m,
                          const std::shared_ptr<Peer>& peer, std::unique_lock<std::mutex>& lock) {
  const int64_t now = NowMs();
  // The PC's name is what the move check compares: a login that does not say which PC it comes
  // from is refused outright, so it can never take over an exam running elsewhere.
  if (IsBlank(m.machine)) {
    peer->Send(ErrorMessage(error::kBadMessage, "login needs \"machine\": this computer's name"));
    return;
  }
  // Rate limit per client address, over all candidates.
  std::deque<int64_t>& times = logins_by_address_[peer->address()];
  while (!times.empty() && now - times.front() > limits_.login_rate_window.count()) {
    times.pop_front();
  }
  if (static_cast<int>(times.size()) >= limits_.max_logins_per_address) {
    peer->Send(ErrorMessage(error::kRateLimited, "too many logins from this computer; wait"));
    return;
  }
  times.push_back(now);

  const std::string sbd = NormalizeSbd(m.sbd);
  auto it = seat_by_sbd_.find(sbd);
  if (it == seat_by_sbd_.end()) {
    ReloadIfDue();
    it = seat_by_sbd_.find(sbd);
  }
  Seat* seat = it == seat_by_sbd_.end() ? nullptr : FindSeat(it->second);
  if (seat == nullptr || seat->password_hash.empty()) {
    // Checked against a dummy hash without the lock, so that an unknown number costs what a wrong
    // password costs; then audited (the subject is the number as typed, normalised).
    lock.unlock();
    static_cast<void>(crypto::VerifyPassword(m.password, DummyCandidateHash()));
    lock.lock();
    centre::AuditEntry audit{
        NowMs(), "candidate:?", "login_failed", "sbd:" + sbd,
        CanonicalDetail(json::serialize(json::object{{"address", peer->address()},
                                                     {"machine", m.machine},
                                                     {"reason", "unknown_sbd"},
                                                     {"sbd", m.sbd}}))};
    if (!writer_.Submit([audit = std::move(audit)](
                            store::Database& db) { return centre::AppendAudit(db, audit); },
                        nullptr)) {
      std::fprintf(stderr, "khaothi-server: writer queue full; a failed login was not audited\n");
    }
    peer->Send(ErrorMessage(error::kBadCredentials, "wrong candidate number or password"));
    return;
  }
  if (seat->session->closed) {
    peer->Send(ErrorMessage(error::kSessionClosed, "this exam session is closed"));
    return;
  }
  if (seat->locked_until_ms > now) {
    peer->Send(Locked(seat->locked_until_ms - now));
    return;
  }
  // scrypt takes milliseconds: run it without holding the service's lock.
  const std::string hash = seat->password_hash;
  const std::string key = seat->key;
  lock.unlock();
  // One-time passwords are capitals and digits; what a candidate types in lower case or with
  // stray spaces is the same password.
  std::string typed;
  for (char c : m.password) {
    if (c != ' ') {
      typed += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
  }
  const bool good = crypto::VerifyPassword(typed, hash);
  lock.lock();
  seat = FindSeat(key);
  if (seat == nullptr) {
    return;
  }
  if (!good) {
    ++seat->failed_logins;
    std::string action = "login_failed";
    if (seat->failed_logins >= limits_.max_failed_logins) {
      seat->locked_until_ms = now + limits_.login_lockout.count();
      seat->failed_logins = 0;
      action = "login_locked";
    }
    PersistCandidate(
        *seat, "candidate:" + seat->sbd, action,
        json::serialize(json::object{{"address", peer->address()}, {"machine", m.machine}}),
        nullptr);
    if (action == "login_locked") {
      // The reply that locks carries the wait too, like every later one.
      peer->Send(Locked(seat->locked_until_ms - now));
    } else {
      peer->Send(ErrorMessage(error::kBadCredentials, "wrong candidate number or password"));
    }
    return;
  }
  // The move check applies to the part that is running: the practical's work folder moves with
  // the proctor's permission too.
  engine::Attempt& a = ActiveClock(*seat);
  const bool sitting =
      a.state() == AttemptState::kInProgress || a.state() == AttemptState::kSuspended;
  if (sitting && !seat->machine.empty() && m.machine != seat->machine && !seat->move_allowed) {
    // Someone with the right password tried to take the exam over from another PC: the proctor
    // sees it on the tile and in the room report (an incident of kind login_refused).
    RecordCandidateIncident(
        *seat, "login_refused", "login_refused_move", m.machine,
        json::object{
            {"address", peer->address()}, {"machine", m.machine}, {"running_on", seat->machine}});
    peer->Send(ErrorMessage(error::kMoveNotAllowed,
                            "this exam is running on " + seat->machine +
                                "; ask the proctor to allow the move to this computer"));
    return;
  }
  // A second connection for the same attempt takes over; the first is told why and closed.
  if (std::shared_ptr<Peer> old = seat->peer.lock(); old && old.get() != peer.get()) {
    old->Close("taken_over");
  }
  seat->peer = peer;
  seat->peer_raw = peer.get();
  seat->client = state.client;
  seat->peer_minor = state.minor;
  seat->failed_logins = 0;
  seat->machine = m.machine;
  seat->move_allowed = false;
  seat->last_contact_ms = now;
  state.seat = seat->key;
  const bool queued =
      Persist(*seat, {}, "candidate:" + seat->sbd, "login",
              json::serialize(json::object{{"address", peer->address()}, {"machine", m.machine}}),
              AfterCommit(peer, *seat, [this](const Status& s, Peer& p, Seat& st) {
                if (!s.ok()) {
                  // The login could not be recorded (disk full, I/O error). The candidate may still
                  // see their form and saved answers — reads go on — while writes wait for the
                  // disk.
                  std::fprintf(stderr, "khaothi-server: login of %s not recorded: %s\n",
                               st.key.c_str(), s.ToString().c_str());
                }
                p.Send(LoginOk(st));
              }));
  if (!queued) {
    // As when the commit fails: the candidate is logged in and reads go on; the seat's row
    // (the machine) is written by RetryUnsaved once the queue has room.
    peer->Send(LoginOk(*seat));
  }
}

}  // namespace khaothi::server
