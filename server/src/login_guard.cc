// The login guard: a rate limit per client address, a lockout after wrong passwords, a password
// check that costs the same for an unknown number, the check that an exam running on one PC
// is not taken over from another without the proctor's leave, and protocol 1.2's resume token
// (a reconnect's login without the password's scrypt; docs/protocol.md, "Resume tokens").

#include <algorithm>
#include <cstdio>

#include <boost/json.hpp>

#include "khaothi/centre/audit.h"
#include "khaothi/crypto/crypto.h"

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

// `bytes` in base64url without padding.
std::string Base64Url(const std::string& bytes) {
  std::string b64 = crypto::Base64Encode(bytes);
  while (!b64.empty() && b64.back() == '=') {
    b64.pop_back();
  }
  for (char& c : b64) {
    c = c == '+' ? '-' : (c == '/' ? '_' : c);
  }
  return b64;
}

// This server process's mark on its resume tokens (8 characters, random at start): after a
// restart every client still holds a token of the process before, which is refused at a glance,
// without counting as a failed login.
const std::string& ResumeInstance() {
  static const std::string* const kInstance = new std::string(Base64Url(crypto::RandomBytes(6)));
  return *kInstance;
}

// A resume token: the process's mark and 256 bits from the CSPRNG (51 characters).
std::string NewResumeToken() { return ResumeInstance() + Base64Url(crypto::RandomBytes(32)); }

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

void ExamService::AuditUnknownNumber(const ClientMessage& m, const Peer& peer,
                                     std::string_view via) {
  json::object detail{{"address", peer.address()},
                      {"machine", m.machine},
                      {"reason", "unknown_sbd"},
                      {"sbd", m.sbd}};
  if (!via.empty()) {
    detail["via"] = via;
  }
  centre::AuditEntry audit{NowMs(), "candidate:?", "login_failed", "sbd:" + NormalizeSbd(m.sbd),
                           CanonicalDetail(json::serialize(detail))};
  if (!writer_.Submit([audit = std::move(audit)](
                          store::Database& db) { return centre::AppendAudit(db, audit); },
                      nullptr)) {
    std::fprintf(stderr, "khaothi-server: writer queue full; a failed login was not audited\n");
  }
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
  if (!m.resume.empty()) {
    OnResumeLogin(state, m, peer, seat, now);
    return;
  }
  if (seat == nullptr || seat->password_hash.empty()) {
    // Checked against a dummy hash without the lock, so that an unknown number costs what a wrong
    // password costs; then audited (the subject is the number as typed, normalised).
    lock.unlock();
    static_cast<void>(crypto::VerifyPassword(m.password, DummyCandidateHash()));
    lock.lock();
    AuditUnknownNumber(m, *peer, {});
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
    CountFailedLogin(*seat, m, peer, now);
    return;
  }
  AdmitLogin(state, *seat, m, peer, now);
}

void ExamService::CountFailedLogin(Seat& seat, const ClientMessage& m,
                                   const std::shared_ptr<Peer>& peer, int64_t now) {
  ++seat.failed_logins;
  std::string action = "login_failed";
  if (seat.failed_logins >= limits_.max_failed_logins) {
    seat.locked_until_ms = now + limits_.login_lockout.count();
    seat.failed_logins = 0;
    action = "login_locked";
  }
  json::object detail{{"address", peer->address()}, {"machine", m.machine}};
  if (!m.resume.empty()) {
    detail["via"] = "resume";
  }
  PersistCandidate(seat, "candidate:" + seat.sbd, action, json::serialize(detail), nullptr);
  if (action == "login_locked") {
    // The reply that locks carries the wait too, like every later one.
    peer->Send(Locked(seat.locked_until_ms - now));
  } else if (!m.resume.empty()) {
    peer->Send(ErrorMessage(error::kBadResume, "resume token not valid; log in with the password"));
  } else {
    peer->Send(ErrorMessage(error::kBadCredentials, "wrong candidate number or password"));
  }
}

void ExamService::OnResumeLogin(PeerState& state, const ClientMessage& m,
                                const std::shared_ptr<Peer>& peer, Seat* seat, int64_t now) {
  if (state.minor < 2) {
    peer->Send(ErrorMessage(error::kBadMessage,
                            "a login with \"resume\" needs protocol 1.2 (\"minor\": 2 in hello)"));
    return;
  }
  if (!m.resume.starts_with(ResumeInstance())) {
    // A token of the server process before this one (a restart): the client logs in with its
    // password. Not a failure: no such token can ever succeed, so refusing it costs a guesser
    // nothing and the candidate no lock, and a restart does not write an audit row per seat.
    peer->Send(ErrorMessage(error::kBadResume, "the server restarted; log in with the password"));
    return;
  }
  if (seat == nullptr || seat->password_hash.empty()) {
    // No scrypt to pay here, and none to imitate: a token is checked by one hash whether or not
    // the number exists.
    AuditUnknownNumber(m, *peer, "resume");
    peer->Send(ErrorMessage(error::kBadResume, "resume token not valid; log in with the password"));
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
  if (!ResumeValid(*seat, m, now)) {
    // Used, expired, revoked, another PC's, or forged: all count as a wrong password, so that
    // guessing tokens meets the same lock as guessing passwords.
    CountFailedLogin(*seat, m, peer, now);
    return;
  }
  AdmitLogin(state, *seat, m, peer, now);
}

bool ExamService::ResumeValid(const Seat& seat, const ClientMessage& m, int64_t now) const {
  if (seat.resume_hash.empty() ||
      !crypto::SecretsEqual(crypto::Sha256Hex(m.resume), seat.resume_hash)) {
    return false;
  }
  // Bound to the PC it was issued to: a login from another PC goes through the password and the
  // move check.
  if (m.machine != seat.machine) {
    return false;
  }
  // Short-lived once its connection has gone quiet.
  if (now - std::max(seat.resume_issued_ms, seat.last_contact_ms) >
      limits_.resume_token_ttl.count()) {
    return false;
  }
  // Not after the exam: once the theory (and the practical, when drawn) has ended, only the
  // password shows the result again.
  const bool theory_over = TheoryOver(seat.attempt->state());
  const bool practical_over = !seat.practical || TheoryOver(seat.practical->state());
  return !(theory_over && practical_over);
}

void ExamService::AdmitLogin(PeerState& state, Seat& admitted, const ClientMessage& m,
                             const std::shared_ptr<Peer>& peer, int64_t now) {
  Seat* seat = &admitted;
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
  // A 1.2 client gets a fresh resume token with every login: the one it may have used is spent,
  // and any other (an older connection's) is replaced, so revoked.
  std::string resume;
  seat->resume_hash.clear();
  if (state.minor >= 2 && limits_.resume_token_ttl.count() > 0) {
    resume = NewResumeToken();
    seat->resume_hash = crypto::Sha256Hex(resume);
    seat->resume_issued_ms = now;
  }
  json::object detail{{"address", peer->address()}, {"machine", m.machine}};
  if (!m.resume.empty()) {
    detail["via"] = "resume";
  }
  const bool queued =
      Persist(*seat, {}, "candidate:" + seat->sbd, "login", json::serialize(detail),
              AfterCommit(peer, *seat, [this, resume](const Status& s, Peer& p, Seat& st) {
                if (!s.ok()) {
                  // The login could not be recorded (disk full, I/O error). The candidate may still
                  // see their form and saved answers — reads go on — while writes wait for the
                  // disk.
                  std::fprintf(stderr, "khaothi-server: login of %s not recorded: %s\n",
                               st.key.c_str(), s.ToString().c_str());
                }
                p.Send(LoginOk(st, resume));
              }));
  if (!queued) {
    // As when the commit fails: the candidate is logged in and reads go on; the seat's row
    // (the machine) is written by RetryUnsaved once the queue has room.
    peer->Send(LoginOk(*seat, resume));
  }
}

}  // namespace khaothi::server
