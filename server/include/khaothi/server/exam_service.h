// The exam service: every open session's candidates and attempts, in memory, backed by center.db
// through the Writer. It turns decoded protocol messages into engine calls, durable writes and
// replies, runs the server's clock (Tick), and offers the proctor's actions.
//
// It does no network I/O: replies and pushes go to a Peer, which the transport implements.
//
// The practical (protocol 1.1): each seat whose form drew practical tasks has a second clock,
// the practical's, which opens when the theory has ended; the proctor's clock actions apply to
// whichever part is running. Work files are uploaded in chunks to a partial file under
// `centre_dir`/work/partial and acknowledged once their content-addressed blob is fsynced and
// their work_versions row committed through the writer.
//
// Durability contract: a reply that confirms a change (login_ok, form after start, ack, result)
// is sent from the writer's completion, after the change is committed. Each accepted write
// persists the slot's *current* state, so a retry after a failed commit (disk full) persists what
// the attempt holds, whatever the engine answered to the retry.
//
// A full queue: when the writer refuses a write (limits.max_pending_writes queued), the message
// that needed it is answered `busy` (an answer or flag with its seq) and the client sends it
// again. The engine keeps what it changed in memory; the seat's next write, or Tick within
// limits.deadline_check_interval, writes the attempt's row. No ack, form or result is sent before
// its change is on disk (login_ok is, as after a failed commit: reads go on).
//
// Thread safety: all public methods may be called from any thread; one mutex guards the state.
// Peer::Send and Peer::Close may be called with that mutex held: they only post to the
// connection's strand and never call back into the service.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/thread_pool.hpp>
#include <boost/json/object.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/attempt.h"
#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/clock.h"
#include "khaothi/engine/grading.h"
#include "khaothi/engine/practical.h"
#include "khaothi/protocol/client_messages.h"
#include "khaothi/protocol/protocol.h"
#include "khaothi/protocol/server_messages.h"
#include "khaothi/server/limits.h"
#include "khaothi/server/writer.h"
#include "khaothi/store/database.h"

namespace khaothi::server {

struct ReceiptFacts;  // receipt.h: what a graded attempt's receipt states

// The protocol as khaothi_protocol spells it (docs/protocol.md).
using protocol::ClientMessage;
using protocol::ClientMessageType;
using protocol::DecodeClientMessage;
using protocol::Decoded;
using protocol::kProtocolVersion;
using protocol::ProtocolStateName;
namespace error = protocol::error;

// One connected client, as the service sees it.
class Peer {
 public:
  virtual ~Peer() = default;
  // Queues one text frame. Thread-safe; never blocks.
  virtual void Send(std::string message) = 0;
  // Sends {"type":"closed","reason":reason}, then closes the connection. Thread-safe.
  virtual void Close(std::string reason) = 0;
  // The client's IP address, for rate limits and the audit log.
  virtual const std::string& address() const = 0;
};

// What a candidate connection came from, as the transport saw its upgrade (docs/seb.md): the
// terminal client (no Origin), a browser, or Safe Exam Browser proving the Config Key of an open
// session that has a .seb file (the header or the JavaScript API's value).
enum class ClientKind { kTerminal, kBrowser, kSeb };

// Per-connection protocol state, owned by the transport and passed to Handle.
struct PeerState {
  ClientKind client = ClientKind::kTerminal;
  bool hello = false;
  int minor = 0;     // the minor protocol version agreed in hello: 0 (1.0), 1 (1.1) or 2 (1.2)
  std::string seat;  // "SESSION/SBD" once logged in
};

// What the proctor's room view shows of one seat (issue #7 builds on it).
struct SeatView {
  std::string session_id;
  std::string sbd;
  std::string full_name;
  std::string room;
  std::string machine;
  engine::AttemptState state = engine::AttemptState::kCreated;
  bool connected = false;
  ClientKind client = ClientKind::kTerminal;  // the current connection's, when connected
  int answered = 0;
  int total = 0;
  int64_t remaining_ms = 0;
  int64_t last_contact_ms = 0;
  bool locked = false;
  // Non-empty: the candidate reported wrong personal data (protocol `report`) since the server
  // started and the proctor has not acknowledged it. The dashboard reads the same from the
  // incidents table (kind data_error), which survives a restart.
  std::string data_error_report;
  // The practical (protocol 1.1), when the form drew tasks: its state and time left.
  std::optional<engine::AttemptState> practical_state;
  int64_t practical_remaining_ms = 0;
};

class ExamService {
 public:
  // Who is told when a candidate's practical has ended (its end committed), and again when a
  // version of their work completes after the end (within the upload grace): the marking worker
  // (server/src/proposal_worker.h). Called on the writer's thread, possibly with the service's
  // mutex held, so it must neither block nor call into the service.
  using PracticalEndedListener =
      std::function<void(const std::string& session_id, const std::string& sbd)>;

  // Loads every open session from `db` (the service's own read connection), applies the outage
  // since the last heartbeat to attempts in progress, and persists what changed through `writer`.
  // `centre_dir` holds work/, the practical's content-addressed work files
  // (centre::WorkBlobPath) and the partial files of uploads in progress (work/partial/).
  static Result<std::unique_ptr<ExamService>> Create(store::Database db, Writer& writer,
                                                     const engine::Clock& clock,
                                                     const ServerLimits& limits,
                                                     crypto::SigningKey receipt_key,
                                                     std::string centre_dir,
                                                     PracticalEndedListener practical_ended = {});
  // With the server stopped (`khaothi session close`): submits, grades and signs, through
  // `writer`, every attempt still open in a closed session, as the running server would. Touches
  // no open session. Returns how many attempts it settled.
  static Result<int> SettleClosedSessions(store::Database db, Writer& writer,
                                          const engine::Clock& clock, const ServerLimits& limits,
                                          crypto::SigningKey receipt_key, std::string centre_dir);
  ExamService(const ExamService&) = delete;
  ExamService& operator=(const ExamService&) = delete;
  ~ExamService();

  // Handles one decoded message from `peer`.
  void Handle(PeerState& state, const ClientMessage& message, const std::shared_ptr<Peer>& peer);
  // The connection of `state` ended.
  void Disconnected(const PeerState& state, const Peer* peer);

  // The server's clock: submits attempts whose time is up and tells their clients; within a
  // second of `khaothi session close`, submits and grades the closed session's open attempts.
  void Tick();
  // Writes the heartbeat inside a writer batch (Writer's heartbeat op).
  static Status WriteHeartbeat(store::Database& db, const engine::Clock& clock);
  // Tells every connected client that the server is restarting and closes them.
  void CloseAll(std::string reason);

  // ---- The proctor's actions. `actor` is who acts ("proctor:lan"); `reason` is required.
  // NotFound for an unknown seat; FailedPrecondition when the state forbids it.
  Status Unlock(const std::string& session_id, const std::string& sbd, const std::string& actor);
  Status Extend(const std::string& session_id, const std::string& sbd, int64_t ms,
                const std::string& reason, const std::string& actor);
  Status Suspend(const std::string& session_id, const std::string& sbd, const std::string& reason,
                 const std::string& actor);
  // `reason` empty: the resume names the reason of the pause it ends.
  Status Resume(const std::string& session_id, const std::string& sbd, const std::string& actor,
                const std::string& reason = "");
  // Pauses a whole room: from now on nobody in it may start (`room_paused`), and every attempt
  // in progress there is suspended. Returns the số báo danh suspended. FailedPrecondition for a
  // closed session; InvalidArgument without a reason. A session not loaded yet reads its rooms'
  // states (rooms.state) when it loads.
  Result<std::vector<std::string>> PauseRoom(const std::string& session_id, const std::string& room,
                                             const std::string& reason, const std::string& actor);
  // Ends the room's pause and resumes `sbds` (those PauseRoom suspended); returns those resumed.
  Result<std::vector<std::string>> ResumeRoom(const std::string& session_id,
                                              const std::string& room,
                                              const std::vector<std::string>& sbds,
                                              const std::string& reason, const std::string& actor);
  Status AllowMove(const std::string& session_id, const std::string& sbd, const std::string& reason,
                   const std::string& actor);
  Status EndForViolation(const std::string& session_id, const std::string& sbd,
                         const std::string& minutes, const std::string& actor);
  Status Notice(const std::string& session_id, const std::string& sbd, const std::string& text,
                const std::string& actor);

  // The proctor has dealt with the candidate's data-error report: clears
  // SeatView::data_error_report and audits "ack_report".
  Status AcknowledgeReport(const std::string& session_id, const std::string& sbd,
                           const std::string& reason, const std::string& actor);

  std::vector<SeatView> Seats(const std::string& session_id) const;

 private:
  struct Seat;
  struct SessionInfo;
  ExamService(Writer& writer, const engine::Clock& clock, const ServerLimits& limits,
              crypto::SigningKey receipt_key, std::string centre_dir);

  // A service reading through `db`, loaded (see Load): what Create and SettleClosedSessions share.
  static Result<std::unique_ptr<ExamService>> Loaded(store::Database db, Writer& writer,
                                                     const engine::Clock& clock,
                                                     const ServerLimits& limits,
                                                     crypto::SigningKey receipt_key,
                                                     std::string centre_dir, bool settle_only,
                                                     PracticalEndedListener practical_ended = {});
  // `settle_only`: load only closed sessions with open attempts and settle them.
  Status Load(store::Database& db, bool settle_only);
  Status LoadSession(store::Database& db, const std::string& session_id);
  // One seat from a row of LoadSession's query: the candidate, the form's items, the attempt.
  Result<std::unique_ptr<Seat>> LoadSeat(store::Database& db, SessionInfo& session,
                                         const store::Statement& row);
  // The answers rows of `seat` into `record`'s slots.
  Status LoadAnswers(store::Database& db, const Seat& seat, engine::AttemptRecord& record);
  void ReloadIfDue();

  // Handlers; called with mu_ held unless noted.
  void OnLogin(PeerState& state, const ClientMessage& m, const std::shared_ptr<Peer>& peer,
               std::unique_lock<std::mutex>& lock);
  // A 1.2 login with a resume token instead of the password (`seat` null: unknown number).
  void OnResumeLogin(PeerState& state, const ClientMessage& m, const std::shared_ptr<Peer>& peer,
                     Seat* seat, int64_t now);
  // The token `m` carries is `seat`'s current one, for this PC, not expired, the exam not over.
  bool ResumeValid(const Seat& seat, const ClientMessage& m, int64_t now) const;
  // A login for a number no open session has: audited ("login_failed", reason unknown_sbd,
  // `via` "resume" for a token login), the subject the number as typed, normalised.
  void AuditUnknownNumber(const ClientMessage& m, const Peer& peer, std::string_view via);
  // A wrong password or resume token: counted towards the lock, audited, refused.
  void CountFailedLogin(Seat& seat, const ClientMessage& m, const std::shared_ptr<Peer>& peer,
                        int64_t now);
  // The credentials were good: the move check, the takeover, a fresh resume token, login_ok
  // after the commit.
  void AdmitLogin(PeerState& state, Seat& seat, const ClientMessage& m,
                  const std::shared_ptr<Peer>& peer, int64_t now);
  void OnStart(Seat& seat, const std::shared_ptr<Peer>& peer);
  void OnWrite(Seat& seat, const ClientMessage& m, const std::shared_ptr<Peer>& peer);
  // The candidate hands in. The receipt is signed with `lock` released (the signature is most of
  // a submission's cost; at a deadline every core signs), then the attempt is recorded as Finish
  // does.
  void OnSubmit(Seat& seat, const std::shared_ptr<Peer>& peer, std::unique_lock<std::mutex>& lock);

  // Grades a submitted attempt, signs the receipt, marks it graded and persists it; `then` runs
  // after the commit (with mu_ not held). REQUIRES: it has not run for `seat` before.
  // Returns false when the writer's queue was full: graded in memory, `then` never runs, and the
  // seat's row waits for RetryUnsaved.
  [[nodiscard]] bool Finish(Seat& seat, std::string actor, std::function<void(const Status&)> then);
  // Finish in two halves, so that the signature between them can be made without mu_. Grade
  // marks the seat finished and grades it: OK with `facts` what the receipt states, or why it
  // could not be graded. Record, given what Grade returned and `receipt` (the signed facts;
  // empty when grading failed), marks the attempt graded and persists it as Finish does.
  // REQUIRES: mu_ held by both.
  Status Grade(Seat& seat, ReceiptFacts& facts);
  [[nodiscard]] bool Record(Seat& seat, const Status& graded, std::string receipt,
                            std::string actor, std::function<void(const Status&)> then);
  // A completion that, once the change is committed, runs `reply` with mu_ held while `peer` is
  // still connected; `reply` gets the commit's status, the peer and the seat.
  std::function<void(const Status&)> AfterCommit(
      std::weak_ptr<Peer> peer, const Seat& seat,
      std::function<void(const Status&, Peer&, Seat&)> reply);
  // Completions: the result to the client once the change is committed (ResultAfterCommit), and
  // then `closed` with the reason the attempt ended (ResultAndClose).
  std::function<void(const Status&)> ResultAfterCommit(const Seat& seat,
                                                       const std::shared_ptr<Peer>& peer);
  std::function<void(const Status&)> ResultAndClose(const Seat& seat);
  // When the attempt is submitted and Finish has not run: Finish, then tell the connected client
  // the result and close it (`time_up` after the clock, `session_closed` after a closure).
  // Call it after every engine call that may apply the clock.
  // Returns whether it began settling.
  bool Settle(Seat& seat, const std::string& actor);
  // Marks `session` closed and settles every attempt in it; absent candidates stay absent.
  void CloseSessionLocked(SessionInfo& session, const std::string& actor);
  // At most once a second: closes the sessions `khaothi session close` marked closed.
  void PollSessionStates();
  Status ResumeLocked(Seat& seat, const std::string& actor, const std::string& reason);

  // A completion that sends `seat`'s form to `peer` once the start is committed.
  std::function<void(const Status&)> FormAfterCommit(const Seat& seat,
                                                     const std::shared_ptr<Peer>& peer);
  std::string FormMessage(Seat& seat);
  std::string ResultMessage(const Seat& seat) const;
  // `resume`: the 1.2 resume token to carry (empty: none).
  std::string LoginOk(const Seat& seat, const std::string& resume = "") const;
  Seat* FindSeat(const std::string& key);
  Seat* FindSeat(const std::string& session_id, const std::string& sbd);
  // The seat, or NotFound naming the candidate and the session (the proctor's actions).
  Result<Seat*> KnownSeat(const std::string& session_id, const std::string& sbd);

  // Queues persisting `seat`'s attempt record (and the slots in `slots`) with an audit entry.
  // `done` runs after the commit, without mu_. An answer or flag changes only its slot, so
  // `record_too` false skips rewriting the attempt's row: the hot path is one upsert and one
  // audit row per acknowledgement.
  // Returns false, and `done` never runs, when the writer's queue is full (or it is stopping):
  // the change stays in memory, the seat is marked so that its next Persist writes the attempt's
  // row, and the caller tells the client `busy`. When the commit of the attempt's row fails,
  // the seat is marked the same way before `done` runs.
  [[nodiscard]] bool Persist(Seat& seat, const std::vector<int>& slots, std::string actor,
                             std::string action, std::string detail,
                             std::function<void(const Status&)> done, bool record_too = true);
  // Persists, for every seat whose row a full queue or a failed commit left unsaved, what the
  // seat holds now.
  void RetryUnsaved();
  void PersistCandidate(Seat& seat, std::string actor, std::string action, std::string detail,
                        std::function<void(const Status&)> done);
  // Queues an incident of the candidate's room (table incidents: kind, `text` as its reason,
  // actor "candidate:SBD") together with its audit entry `action`: what the candidate did that
  // the proctor must see (a data-error report, a login refused from another PC).
  void RecordCandidateIncident(Seat& seat, std::string kind, std::string action, std::string text,
                               const boost::json::object& detail);
  void Push(Seat& seat, std::string message);
  // A completion that, once the change is committed, tells `seat`'s client its new time left
  // ({"type":"time","event":event,...}).
  std::function<void(const Status&)> TimeChanged(Seat& seat, std::string event, std::string reason);

  // ---- The practical (protocol 1.1; practical.cc). Called with mu_ held.
  // The clock the proctor's actions and the move check apply to: the theory's until it ends,
  // then the practical's (when the form drew tasks).
  static engine::Attempt& ActiveClock(Seat& seat);
  static bool InPractical(const Seat& seat);
  // The seat's drawn tasks, its practical clock (a stored one, or a new one) and its work.
  Status LoadPractical(store::Database& db, Seat& seat);
  void OnPracticalStart(Seat& seat, const std::shared_ptr<Peer>& peer);
  void OnPracticalSubmit(Seat& seat, const std::shared_ptr<Peer>& peer);
  void OnDownload(Seat& seat, const ClientMessage& m, const std::shared_ptr<Peer>& peer);
  void OnUploadBegin(Seat& seat, const ClientMessage& m, const std::shared_ptr<Peer>& peer);
  void OnUploadChunk(Seat& seat, const ClientMessage& m, const std::shared_ptr<Peer>& peer);
  // The upload holds all its bytes: hashes them and writes the blob on blob_pool_ (off the
  // lock), then records the version through the writer; upload_ack after the commit, to the
  // seat's connection at that moment (a station may have reconnected meanwhile).
  void CompleteUpload(Seat& seat, const std::string& id);
  // Whether a chunk of `upload` may still be taken now (the practical running or paused, or
  // ended less than the grace ago after the upload began); otherwise the error code.
  std::optional<std::string_view> UploadClosed(const Seat& seat, int64_t begun_ms) const;
  void DropUpload(Seat& seat, const std::string& id);
  // Like Settle for the practical: once the clock (or a closure) has ended it, records the end
  // with the register of files, and tells a 1.1 client. `then` replaces the default telling.
  void SettlePractical(Seat& seat, const std::string& actor);
  [[nodiscard]] bool FinishPractical(Seat& seat, std::string actor,
                                     std::function<void(const Status&)> then);
  // A completion that sends `seat`'s practical message to `peer` once the change is committed.
  std::function<void(const Status&)> PracticalAfterCommit(const Seat& seat,
                                                          const std::shared_ptr<Peer>& peer,
                                                          std::string close_reason = "");
  std::string PracticalMessage(const Seat& seat) const;
  std::string PartialPath(const std::string& id) const;

  int64_t NowMs() const;

  // Constant after construction
  Writer& writer_;
  const engine::Clock& clock_;
  const ServerLimits limits_;
  const crypto::SigningKey receipt_key_;
  const std::string centre_dir_;
  std::string centre_code_;
  // Hashing and fsyncing the practical's work files, off the lock and off the I/O threads.
  std::unique_ptr<boost::asio::thread_pool> blob_pool_;
  // Set by Loaded before anything is loaded or written; empty: nobody is told.
  PracticalEndedListener practical_ended_;

  mutable std::mutex mu_;
  // Guarded by mu_
  std::unique_ptr<store::Database> read_db_;  // for loading sessions opened later
  std::map<std::string, std::unique_ptr<SessionInfo>> sessions_;
  std::map<std::string, std::unique_ptr<Seat>> seats_;  // "SESSION/SBD"
  std::map<std::string, std::string> seat_by_sbd_;      // SBD -> key, among open sessions
  std::map<std::pair<std::string, int>, engine::Item> items_;
  // The JSON of each item's text, made the first time a form shows the item and shared by every
  // form after (items_ never drops an item, so the keys stay valid).
  std::map<const engine::Item*, protocol::EncodedItemText> item_texts_;
  std::map<std::pair<std::string, int>, engine::PracticalTask> tasks_;  // practical manifests
  // Login times per client address, oldest first (a window: old ones drop off the front).
  std::map<std::string, std::deque<int64_t>> logins_by_address_;
  int64_t last_reload_ms_ = 0;
  int64_t last_state_poll_ms_ = 0;
};

}  // namespace khaothi::server
