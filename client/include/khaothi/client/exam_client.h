// The protocol client (protocol version 1, docs/protocol.md) used by the candidate's terminal UI
// and by the load generator.
//
// An ExamClient connects over TLS to the centre's server, trusting only the centre's CA (pinned),
// logs in, starts the exam, sends every answer and flag at once, and keeps each one pending until
// the server acknowledges that it is on disk. When the connection drops it reconnects by itself
// with exponential back-off, logs in again, fetches the form and the saved answers, and resends
// what is still pending; the server's sequence-number fencing makes resends harmless. The time
// left always comes from the server (each ack, pong and time message carries it); the PC's clock
// is used only to count down between two such messages.
//
// Events are delivered to the handler on the client's strand, one at a time, in order.
//
// Nothing goes wrong silently. A frame from the server that is not a message of the protocol
// (not JSON, an unknown type, a field missing or of the wrong type) is decoded by
// khaothi_protocol, skipped, logged and reported as a kError event with code kBadFrame; the
// connection goes on. An exception that ends the connection loop (thrown by the handler, or out
// of memory) is logged, reported as kDisconnected with code "internal", and the loop starts again
// after the usual back-off.
//
// A change counts as saved (SlotState::pending false) only when the server's ack for exactly that
// change arrives: same seq, slot and kind. A change the server never acknowledged (refused as too
// late, or still pending when the result came) stays pending; a "stale" ack for a slot's latest
// change makes the client fetch the form again and show what the server holds.
//
// Lifetime: the client keeps itself alive while it runs. Stop() ends every operation it has on the
// executor; call it, and let those operations end (the io_context runs out of work, or run it a
// moment longer), before the io_context is destroyed.
//
// Thread safety: every public method may be called from any thread. The handler runs on the
// client's strand and may call public methods.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

namespace khaothi::client {

struct ClientOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8443;
  // The centre's CA certificate (PEM). The server must present a certificate it signed for
  // `host`; no other certificate is accepted.
  std::string ca_pem;
  // This PC's name, sent at login (the proctor sees it; moving PCs needs permission).
  std::string machine;
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds ping_interval{10'000};
  std::chrono::milliseconds reconnect_min{250};
  std::chrono::milliseconds reconnect_max{5'000};
  // Reconnect after a dropped connection (off for tests of a single connection).
  bool auto_reconnect = true;
  // Cheap reconnects (protocol 1.2): a reconnect logs in with the resume token of the last
  // login_ok instead of the password, and offers the last TLS session for resumption. Off: the
  // client speaks 1.1, and every reconnect makes a full TLS handshake and sends the password (the
  // load generator's baseline).
  bool resume = true;
  // The practical test (protocol 1.1): the folder under which each drawn task gets its own work
  // folder, ROOT/<task id>/ (docs/practical.md, "Collection"). Empty: the client cannot sit the
  // practical (StartPractical reports kPracticalError "no_work_folder").
  std::string work_root;
  // How long a work file must stay unchanged after a write before it is read and uploaded.
  std::chrono::milliseconds save_settle{1'000};
  // Where the client writes, one line each, what it could not act on: a malformed frame from the
  // server, an exception that ended its connection loop. Empty: only the events report them (a
  // terminal UI must not write to its own screen).
  std::function<void(std::string_view)> log;
};

// How the client's connections went, for the load generator and tests.
struct ConnectionStats {
  uint64_t handshakes = 0;       // TLS handshakes completed
  uint64_t tls_resumed = 0;      // of those, resumed sessions (no certificate, no signature)
  uint64_t password_logins = 0;  // login_ok after a login with the password
  uint64_t resume_logins = 0;    // login_ok after a login with the resume token
  uint64_t resume_refused = 0;   // bad_resume: the client fell back to the password
};

// The code of the kError event for a frame from the server that is not a protocol message.
inline constexpr std::string_view kBadFrame = "bad_frame";

// One question as the candidate sees it: options in displayed order, no key.
struct Question {
  int slot = 0;
  std::string stem;
  std::vector<std::string> options;
  bool multiple = false;
};

// The candidate's answer to one question as the client knows it.
struct SlotState {
  std::vector<int> choice;  // displayed positions
  bool flagged = false;
  bool pending = false;  // changed and not yet acknowledged by the server
};

struct CandidateInfo {
  std::string sbd, full_name, date_of_birth, sex, place_of_birth, id_number, room;
  std::string session_id, session_name, session_date;
  std::string state;  // the attempt's state at login
  bool unlock_required = true;
  int item_count = 0;
  int64_t duration_ms = 0;
};

struct Result {
  std::string submitted_by;  // candidate, clock, proctor
  int answered = 0;
  int total = 0;
  // The score of the part just sat ("8.33" of "10"), when the blueprint lets the candidate see it.
  std::optional<std::string> score;
  std::optional<std::string> scale;
  // The exam's overall result; absent while another part is still to be marked (and from a server
  // that does not show scores).
  std::optional<bool> passed;
  std::string receipt_json;  // the signed receipt, as received
  // Sent with the score by servers that know the exam has parts (empty/absent from older ones):
  // the part just sat ("theory"), whether it reached that part's pass mark, the overall outcome
  // ("passed", "failed" or "pending") and, when pending, the parts still to be marked.
  std::string part;
  std::optional<bool> part_passed;
  std::string outcome;
  std::vector<std::string> pending_parts;
  // Protocol 1.1: when the session has a practical on the computer for this candidate, its
  // state: "created" (still to sit), "in_progress", "suspended", "submitted", "graded"; empty
  // otherwise.
  std::string practical;
};

// ---- The practical test (protocol 1.1) ----

// One task the candidate drew, as the station shows it.
struct PracticalTaskView {
  std::string task;     // "IU04-A"
  std::string module;   // "IU04"
  std::string subpart;  // "bang-tinh"
  std::string title;
  int minutes = 0;
  std::string instructions;        // the text, once downloaded and checked; empty before
  std::string folder;              // the task's work folder on this PC
  std::vector<std::string> files;  // the starter files' names
};

// One work file as the station knows it: the latest version the server acknowledged, and
// whether a newer save is on its way.
struct PracticalFileView {
  std::string task;
  std::string name;
  int version = 0;       // the server's latest version; 0 when none yet
  std::string sha256;    // of that version
  int64_t size = 0;      // bytes of that version
  int64_t saved_ms = 0;  // when the server received it (server clock, ms since the epoch)
  bool sending = false;  // a newer save is being uploaded (or waits for the connection)
  // Why the latest save was refused (protocol error code: file_too_large, bad_file_type,
  // too_late...), empty when it was not.
  std::string refused;
};

struct PracticalView {
  std::string state;         // in_progress, suspended, submitted, graded
  std::string submitted_by;  // candidate, clock, proctor; empty while it runs
  bool ready = false;        // every file the station needs is downloaded and in place
  std::vector<PracticalTaskView> tasks;
  std::vector<PracticalFileView> files;  // ordered by task, then name
};

enum class EventType {
  kConnected,     // TLS and WebSocket are up (again)
  kDisconnected,  // the connection dropped or could not be made; `code` is no_ca, resolve,
                  // connect, certificate (the server's certificate failed verification: wrong CA
                  // or host), tls, websocket, dropped, internal (an exception ended the loop) or
                  // final; `text` is the technical reason (English); reconnecting unless final
  kLoggedIn,      // login_ok: info()
  kLoginFailed,   // `code` is bad_credentials, locked, move_not_allowed, rate_limited...
  kUnlocked,      // the proctor unlocked the exam; Start() may now be called
  kForm,          // questions() and answers are ready (also after every reconnect)
  kAck,           // `slot` and `seq` are on the server's disk
  kTime,          // the time left changed: extension, pause, resume (`text` = reason)
  kNotice,        // a proctor's message in `text`
  kResult,        // result()
  kClosed,        // the server ended this connection for good: `code` = time_up, ended_by_proctor,
                  // taken_over, server_restarting (the last one reconnects)
  kError,         // an error the server sent: `code`, `text`; or kBadFrame: a frame from the
                  // server that was skipped, `text` says why
  kPractical,     // practical() changed: the tasks, a download, the state, a file's upload
  kPracticalSaved,  // a work file's version is on the server's disk: `text` is "task/name",
                    // `seq` the version
  kPracticalError,  // the practical could not go on or a save was refused: `code` (protocol
                    // error code, or no_work_folder, work_folder), `text` the reason
};

struct Event {
  EventType type;
  std::string code;
  std::string text;
  int slot = -1;
  uint64_t seq = 0;
};

class ExamClient {
 public:
  using Handler = std::function<void(const Event&)>;

  // The client runs its I/O on a strand of `executor`. Call Connect() to begin.
  static std::shared_ptr<ExamClient> Create(boost::asio::any_io_executor executor,
                                            ClientOptions options, Handler handler);
  ExamClient(const ExamClient&) = delete;
  ExamClient& operator=(const ExamClient&) = delete;
  virtual ~ExamClient() = default;

  // Connects and, once Login() was called, logs in (again after every reconnect).
  virtual void Connect() = 0;
  virtual void Login(std::string sbd, std::string password) = 0;
  // Asks to start (or resume) the exam; repeated automatically after reconnects.
  virtual void Start() = 0;
  // Chooses `choice` (displayed positions; empty clears) for `slot`. The change is kept locally
  // as pending and sent now, or as soon as the connection is back. Returns the change's sequence
  // number (the `seq` of its kAck event), or 0 when `slot` is not a question of the form.
  virtual uint64_t Answer(int slot, std::vector<int> choice) = 0;
  virtual uint64_t Flag(int slot, bool flagged) = 0;
  virtual void Submit() = 0;
  // Tells the proctor that the personal data shown at login is wrong (audited on the server as
  // "report_data_error"). Sent only while logged in.
  virtual void ReportDataError(std::string text) = 0;
  // The practical test (1.1), after the multiple-choice test ended: starts its clock (the first
  // time) or gets it again, downloads the instructions and starter files (after a move to
  // another PC, the latest saved versions) into options.work_root, then watches the work folders
  // and uploads every save by itself until the practical ends. Repeated after reconnects.
  virtual void StartPractical() = 0;
  // Hands the practical in (after the uploads still on their way).
  virtual void SubmitPractical() = 0;
  // Closes the connection and stops reconnecting: every operation in progress (resolve, connect,
  // handshake, read, write, timers) ends soon after with an error and no new one begins.
  virtual void Stop() = 0;
  // Drops the current connection as a broken network would; the client reconnects by itself
  // (used by the load generator's churn scenario and by a "reconnect now" action).
  virtual void Reconnect() = 0;

  // Snapshots, safe from any thread.
  virtual CandidateInfo info() const = 0;
  virtual std::vector<Question> questions() const = 0;
  virtual std::vector<SlotState> answers() const = 0;
  virtual std::optional<Result> result() const = 0;
  virtual int pending_count() const = 0;
  virtual bool connected() const = 0;
  // Time left by the server's clock, counted down locally since the server last said it;
  // nullopt before the exam started. Frozen while the server says the attempt is paused.
  virtual std::optional<std::chrono::milliseconds> remaining() const = 0;
  virtual std::string attempt_state() const = 0;
  // The practical as the station knows it; nullopt before the server sent it.
  virtual std::optional<PracticalView> practical() const = 0;
  // The practical's time left by the server's clock, counted down locally; nullopt before it.
  virtual std::optional<std::chrono::milliseconds> practical_remaining() const = 0;
  // Counts for the load generator.
  virtual uint64_t acked_count() const = 0;
  virtual ConnectionStats connection_stats() const = 0;

 protected:
  ExamClient() = default;
};

}  // namespace khaothi::client
