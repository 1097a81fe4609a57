// Over 600 lines: one class, ClientImpl, whose every member runs on one strand or under one
// mutex; its parts (the connection loop, the sending side, one handler per server message) share
// that discipline, and spreading them over files would hide which lock guards what. The protocol's
// spelling and decoding are in lib/protocol, the connection and its write queue in connection.h.
// Over 800 lines for the same reason: what is not the theory's lives elsewhere already (the
// practical's downloads, uploads and work folder in practical_session.cc and work_folder.cc); what
// remains here is the one strand's state and the routing of every message to it.
#include "khaothi/client/exam_client.h"

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <utility>
#include <variant>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "khaothi/protocol/client_messages.h"
#include "khaothi/protocol/protocol.h"
#include "khaothi/protocol/server_messages.h"

#include "connection.h"
#include "practical_session.h"

namespace khaothi::client {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);
using Clock = std::chrono::steady_clock;
using connection::WsStream;
constexpr std::string_view kClientName = "khaothi-client/0.1";

// Reasons after which reconnecting makes no sense.
bool IsFinal(std::string_view reason) {
  namespace closed = protocol::closed;
  return reason == closed::kTimeUp || reason == closed::kEndedByProctor ||
         reason == closed::kTakenOver || reason == closed::kTooLarge ||
         reason == closed::kSessionClosed;
}

using connection::Close;
using connection::Connection;
using connection::ConnectionPtr;
using connection::Send;

class ClientImpl final : public ExamClient, public std::enable_shared_from_this<ClientImpl> {
 public:
  ClientImpl(net::any_io_executor executor, ClientOptions options, Handler handler)
      : strand_(net::make_strand(executor)),
        options_(std::move(options)),
        handler_(std::move(handler)),
        ssl_ctx_(ssl::context::tls_client),
        resolver_(strand_),
        backoff_timer_(strand_),
        retry_timer_(strand_),
        backoff_(options_.reconnect_min),
        practical_(strand_, options_.work_root, options_.save_settle,
                   PracticalSession::Hooks{.send = [this](std::string m) { Enqueue(std::move(m)); },
                                           .emit = [this](Event e) { Emit(std::move(e)); },
                                           .log = [this](const std::string& line) { Log(line); },
                                           .post =
                                               [this](std::function<void()> fn) {
                                                 net::post(strand_, [weak = weak_from_this(),
                                                                     fn = std::move(fn)] {
                                                   if (weak.lock()) {
                                                     fn();
                                                   }
                                                 });
                                               }}) {
    SSL_CTX_set_min_proto_version(ssl_ctx_.native_handle(), TLS1_3_VERSION);
    ssl_ctx_.set_verify_mode(ssl::verify_peer);
    beast::error_code ec;
    ssl_ctx_.add_certificate_authority(net::buffer(options_.ca_pem), ec);
    ca_ok_ = !ec && !options_.ca_pem.empty();
  }

  void Connect() override {
    net::post(strand_, [self = shared_from_this()] { self->SpawnRun(); });
  }

  void Login(std::string sbd, std::string password) override {
    {
      std::lock_guard lock(mu_);
      sbd_ = std::move(sbd);
      password_ = std::move(password);
      resume_token_.clear();  // a token is for the login that earned it
      want_login_ = true;
    }
    net::post(strand_, [self = shared_from_this()] { self->SendLogin(); });
  }

  void Start() override {
    {
      std::lock_guard lock(mu_);
      want_start_ = true;
    }
    SendWhenLoggedIn(protocol::EncodeStart());
  }

  uint64_t Answer(int slot, std::vector<int> choice) override {
    uint64_t seq = 0;
    {
      std::lock_guard lock(mu_);
      if (slot < 0 || static_cast<size_t>(slot) >= answers_.size()) {
        return 0;
      }
      std::sort(choice.begin(), choice.end());
      seq = next_seq_++;
      answers_[static_cast<size_t>(slot)].choice = choice;
      answers_[static_cast<size_t>(slot)].pending = true;
      pending_[seq] = PendingWrite{slot, true, choice, false};
    }
    SendWrite(seq);
    return seq;
  }

  uint64_t Flag(int slot, bool flagged) override {
    uint64_t seq = 0;
    {
      std::lock_guard lock(mu_);
      if (slot < 0 || static_cast<size_t>(slot) >= answers_.size()) {
        return 0;
      }
      seq = next_seq_++;
      answers_[static_cast<size_t>(slot)].flagged = flagged;
      answers_[static_cast<size_t>(slot)].pending = true;
      pending_[seq] = PendingWrite{slot, false, {}, flagged};
    }
    SendWrite(seq);
    return seq;
  }

  void Reconnect() override {
    net::post(strand_, [self = shared_from_this()] {
      if (self->conn_) {
        Close(*self->conn_);
      }
    });
  }

  // Remembered like Start(): a submit pressed while the connection is down or the login is not
  // yet confirmed is sent as soon as the form is back, after the pending answers.
  void Submit() override {
    {
      std::lock_guard lock(mu_);
      want_submit_ = true;
    }
    SendWhenLoggedIn(protocol::EncodeSubmit());
  }

  void ReportDataError(std::string text) override {
    SendWhenLoggedIn(protocol::EncodeReport(text));
  }

  void StartPractical() override {
    net::post(strand_, [self = shared_from_this()] { self->practical_.Want(self->logged_in_); });
  }

  void SubmitPractical() override {
    net::post(strand_, [self = shared_from_this()] { self->practical_.Submit(self->logged_in_); });
  }

  std::optional<PracticalView> practical() const override { return practical_.Snapshot(); }
  std::optional<std::chrono::milliseconds> practical_remaining() const override {
    return practical_.Remaining();
  }

  // Every operation in progress ends with an error, and the session loop checks stopped_ after
  // each of its waits, so no new one begins: the client soon holds nothing of the executor.
  void Stop() override {
    net::post(strand_, [self = shared_from_this()] {
      self->stopped_ = true;
      if (self->conn_) {
        Close(*self->conn_);
      }
      self->resolver_.cancel();
      self->backoff_timer_.cancel();
      self->retry_timer_.cancel();
      self->practical_.Stop();
    });
  }

  CandidateInfo info() const override {
    std::lock_guard lock(mu_);
    return info_;
  }
  std::vector<Question> questions() const override {
    std::lock_guard lock(mu_);
    return questions_;
  }
  std::vector<SlotState> answers() const override {
    std::lock_guard lock(mu_);
    return answers_;
  }
  std::optional<Result> result() const override {
    std::lock_guard lock(mu_);
    return result_;
  }
  int pending_count() const override {
    std::lock_guard lock(mu_);
    return static_cast<int>(pending_.size());
  }
  bool connected() const override {
    std::lock_guard lock(mu_);
    return connected_;
  }
  std::optional<std::chrono::milliseconds> remaining() const override {
    std::lock_guard lock(mu_);
    if (!remaining_at_) {
      return std::nullopt;
    }
    if (paused_ || result_) {
      return remaining_;
    }
    auto left = remaining_ - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                                                   *remaining_at_);
    return std::max(left, std::chrono::milliseconds(0));
  }
  std::string attempt_state() const override {
    std::lock_guard lock(mu_);
    return state_;
  }
  uint64_t acked_count() const override {
    std::lock_guard lock(mu_);
    return acked_;
  }
  ConnectionStats connection_stats() const override {
    std::lock_guard lock(mu_);
    return stats_;
  }

 private:
  struct PendingWrite {
    int slot;
    bool is_answer;
    std::vector<int> choice;
    bool flagged;
  };

  // Starts the connection loop. Its completion handler sees how it ended: an exception is logged
  // and reported, and the loop starts again after the back-off; it is never dropped silently.
  // REQUIRES: on the strand.
  void SpawnRun() {
    net::co_spawn(strand_, Run(shared_from_this()),
                  net::bind_executor(strand_, [self = shared_from_this()](std::exception_ptr e) {
                    self->OnRunEnded(e);
                  }));
  }

  // REQUIRES: on the strand.
  void OnRunEnded(const std::exception_ptr& e) {
    if (!e) {
      return;  // stopped, final, or not reconnecting: the loop ended as it should
    }
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      what = ex.what();
    } catch (...) {
    }
    Log("the connection loop ended with an exception: " + what);
    // What the loop held dies with it: its connection, and what the client believed of it.
    if (const ConnectionPtr conn = conn_) {
      EndConnection(conn, "", {});
    }
    {
      std::lock_guard lock(mu_);
      connected_ = false;
      logged_in_ = false;
    }
    started_ = false;
    practical_.OnDisconnected();
    if (stopped_) {
      return;
    }
    Emit({EventType::kDisconnected, final_ ? "final" : "internal", what});
    if (!options_.auto_reconnect || final_) {
      return;
    }
    backoff_timer_.expires_after(backoff_);
    backoff_timer_.async_wait([weak_self = weak_from_this()](beast::error_code ec) {
      std::shared_ptr<ClientImpl> self = weak_self.lock();
      if (ec || !self || self->stopped_) {
        return;
      }
      self->SpawnRun();
    });
    backoff_ = std::min(backoff_ * 2, options_.reconnect_max);
  }

  // Connects again and again with back-off until stopped or told the exam is over.
  static net::awaitable<void> Run(std::shared_ptr<ClientImpl> self) {
    while (!self->stopped_) {
      const bool ok = co_await self->Session();
      if (self->stopped_ || !self->options_.auto_reconnect || self->final_) {
        break;
      }
      if (ok) {
        self->backoff_ = self->options_.reconnect_min;
      }
      self->backoff_timer_.expires_after(self->backoff_);
      co_await self->backoff_timer_.async_wait(kTuple);
      self->backoff_ = std::min(self->backoff_ * 2, self->options_.reconnect_max);
    }
  }

  // One connection, from connect to drop. True when it got as far as the WebSocket.
  // REQUIRES: on the strand. After each wait, stopped_ is checked: Stop() may have run meanwhile.
  net::awaitable<bool> Session() {
    if (!ca_ok_) {
      Emit({EventType::kDisconnected, "no_ca", "the centre's CA certificate is missing or bad"});
      final_ = true;
      co_return false;
    }
    // A lab names its server by address; that needs no resolver (asio's runs getaddrinfo on a
    // thread of its own, a hop per connect that a reconnect storm pays thousands of times).
    std::vector<tcp::endpoint> endpoints;
    beast::error_code addr_ec;
    const net::ip::address address = net::ip::make_address(options_.host, addr_ec);
    if (!addr_ec) {
      endpoints.emplace_back(address, options_.port);
    } else {
      auto [rec, results] =
          co_await resolver_.async_resolve(options_.host, std::to_string(options_.port), kTuple);
      if (stopped_) {
        co_return false;
      }
      if (rec) {
        Emit({EventType::kDisconnected, "resolve", rec.message()});
        co_return false;
      }
      for (const auto& entry : results) {
        endpoints.push_back(entry.endpoint());
      }
    }
    // The coroutine holds its connection to the end, so the stream outlives its read.
    const ConnectionPtr conn = std::make_shared<Connection>(strand_, ssl_ctx_);
    conn_ = conn;
    auto& lowest = beast::get_lowest_layer(conn->ws);
    lowest.expires_after(options_.connect_timeout);
    auto [cec, ep] = co_await lowest.async_connect(endpoints, kTuple);
    if (stopped_ || cec) {
      EndConnection(conn, "connect", cec);
      co_return false;
    }
    // Pin the centre's CA and check the name (or IP) the certificate was issued for.
    conn->ws.next_layer().set_verify_callback(ssl::host_name_verification(options_.host));
    // SNI takes a host name only; for an IP address the certificate's IP SAN is checked above.
    if (addr_ec) {
      SSL_ctrl(conn->ws.next_layer().native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
               TLSEXT_NAMETYPE_host_name, const_cast<char*>(options_.host.c_str()));
    }
    // Offer the last connection's TLS session: a resumed handshake skips the certificate, its
    // signature and its check (the session was made with a certificate checked as above).
    if (options_.resume && tls_session_) {
      SSL_set_session(conn->ws.next_layer().native_handle(), tls_session_.get());
    }
    lowest.expires_after(options_.connect_timeout);
    auto [hec] = co_await conn->ws.next_layer().async_handshake(ssl::stream_base::client, kTuple);
    if (stopped_ || hec) {
      // A certificate the pinned CA did not sign, or issued for another name, is a set-up fault
      // (wrong CA file or wrong server-host) that no retry cures; the UI says so.
      const bool verify_failed = hec && hec.category() == net::error::get_ssl_category() &&
                                 ERR_GET_REASON(static_cast<unsigned long>(hec.value())) ==
                                     SSL_R_CERTIFICATE_VERIFY_FAILED;
      EndConnection(conn, verify_failed ? "certificate" : "tls", hec);
      co_return false;
    }
    lowest.expires_never();
    {
      std::lock_guard lock(mu_);
      ++stats_.handshakes;
      if (SSL_session_reused(conn->ws.next_layer().native_handle()) == 1) {
        ++stats_.tls_resumed;
      }
    }
    conn->ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    conn->ws.read_message_max(64 * 1024 * 1024);
    auto [wec] = co_await conn->ws.async_handshake(
        options_.host + ":" + std::to_string(options_.port), "/ws", kTuple);
    if (stopped_ || wec) {
      EndConnection(conn, "websocket", wec);
      co_return false;
    }
    conn->open = true;
    {
      std::lock_guard lock(mu_);
      connected_ = true;
      logged_in_ = false;
    }
    Emit({EventType::kConnected});
    // Without resumption the client speaks 1.1, as before 1.2: no token is issued to it.
    Enqueue(protocol::EncodeHello(kClientName, options_.resume ? protocol::kProtocolMinor : 1));
    SendLogin();
    SchedulePing(conn);

    std::string reason = "connection lost";
    for (;;) {
      beast::flat_buffer buffer;
      auto [ec, n] = co_await conn->ws.async_read(buffer, kTuple);
      if (ec) {
        reason = ec.message();
        break;
      }
      if (stopped_) {
        break;
      }
      OnMessage(beast::buffers_to_string(buffer.data()));
    }
    {
      std::lock_guard lock(mu_);
      connected_ = false;
      logged_in_ = false;
    }
    // Writes wait for the next connection's form, which resends everything still pending.
    started_ = false;
    practical_.OnDisconnected();
    EndConnection(conn, "", {});
    if (!stopped_) {
      Emit({EventType::kDisconnected, final_ ? "final" : "dropped", reason});
    }
    co_return true;
  }

  // Closes `conn` (its pending operations end and release it) and forgets it. Reports a failure
  // to connect as `what` unless the client was stopped.
  // REQUIRES: on the strand.
  void EndConnection(const ConnectionPtr& conn, const char* what, beast::error_code ec) {
    Close(*conn);
    if (conn_ == conn) {
      conn_.reset();
    }
    if (ec && !stopped_) {
      Emit({EventType::kDisconnected, what, ec.message()});
    }
  }

  // The wait holds only weak references, so a stopped client and its connection are freed (a
  // self-referencing callback once kept every client alive; LeakSanitizer found it).
  void SchedulePing(const ConnectionPtr& conn) {
    conn->ping_timer.expires_after(options_.ping_interval);
    conn->ping_timer.async_wait(
        [weak_self = weak_from_this(),
         weak_conn = std::weak_ptr<Connection>(conn)](beast::error_code ec) {
          std::shared_ptr<ClientImpl> self = weak_self.lock();
          ConnectionPtr c = weak_conn.lock();
          if (ec || !self || !c || !c->open) {
            return;
          }
          Send(c, protocol::EncodePing());
          self->SchedulePing(c);
        });
  }

  void SendLogin() {
    std::string msg;
    {
      std::lock_guard lock(mu_);
      if (!want_login_ || !connected_) {
        return;
      }
      // A reconnect's login: the token of the last login_ok stands for the password, and saves the
      // server the password's scrypt (protocol 1.2).
      resume_sent_ = options_.resume && !resume_token_.empty();
      msg = resume_sent_ ? protocol::EncodeResumeLogin(sbd_, resume_token_, options_.machine)
                         : protocol::EncodeLogin(sbd_, password_, options_.machine);
      resume_token_.clear();  // single use, whatever the answer
    }
    Enqueue(std::move(msg));
  }

  void SendWhenLoggedIn(std::string frame) {
    net::post(strand_, [self = shared_from_this(), m = std::move(frame)]() mutable {
      if (self->logged_in_) {
        self->Enqueue(std::move(m));
      }
    });
  }

  void SendWrite(uint64_t seq) {
    net::post(strand_, [self = shared_from_this(), seq] {
      if (self->logged_in_ && self->started_) {
        self->SendPending(seq);
      }
    });
  }

  // Offers what the server could not take (not_saved, busy) again in a second: the writes while
  // this connection's form is in force (after a reconnect the form resends them anyway), and a
  // start or submit (`seq` 0) while the candidate still wants it. One timer for all of them,
  // cancelled by Stop().
  // REQUIRES: on the strand.
  void RetryLater(uint64_t seq) {
    if (seq == 0) {
      retry_commands_ = true;
    } else {
      retry_seqs_.insert(seq);
    }
    if (retry_armed_) {
      return;
    }
    retry_armed_ = true;
    retry_timer_.expires_after(std::chrono::seconds(1));
    retry_timer_.async_wait([weak_self = weak_from_this()](beast::error_code ec) {
      std::shared_ptr<ClientImpl> self = weak_self.lock();
      if (!self) {
        return;
      }
      self->retry_armed_ = false;
      std::set<uint64_t> seqs = std::exchange(self->retry_seqs_, {});
      const bool commands = std::exchange(self->retry_commands_, false);
      if (ec || self->stopped_ || !self->logged_in_) {
        return;
      }
      if (commands) {
        self->ResendCommands();
      }
      if (!self->started_) {
        return;
      }
      for (uint64_t retry : seqs) {
        self->SendPending(retry);
      }
    });
  }

  // Sends start again while this connection has no form yet, or submit while the form is in force
  // and no result came: what a `busy` without a seq refused.
  // REQUIRES: on the strand, logged in.
  void ResendCommands() {
    bool start = false;
    bool submit = false;
    {
      std::lock_guard lock(mu_);
      start = !started_ && WantsStart();
      submit = started_ && want_submit_ && !result_;
    }
    if (start) {
      Enqueue(protocol::EncodeStart());
    }
    if (submit) {
      Enqueue(protocol::EncodeSubmit());
    }
  }

  // The candidate asked to start, or was already sitting the exam before a reconnect.
  // REQUIRES: mu_ held.
  bool WantsStart() const {
    return want_start_ || state_ == "in_progress" || state_ == "suspended";
  }

  // REQUIRES: on the strand.
  void SendPending(uint64_t seq) {
    std::string msg;
    {
      std::lock_guard lock(mu_);
      auto it = pending_.find(seq);
      // After the result nothing is sent: the server holds the attempt as graded.
      if (it == pending_.end() || result_) {
        return;
      }
      const PendingWrite& w = it->second;
      msg = w.is_answer ? protocol::EncodeAnswer(w.slot, w.choice, seq)
                        : protocol::EncodeFlag(w.slot, w.flagged, seq);
    }
    Enqueue(std::move(msg));
  }

  // REQUIRES: mu_ held.
  void SetRemaining(int64_t remaining_ms) {
    remaining_ = std::chrono::milliseconds(remaining_ms);
    remaining_at_ = Clock::now();
  }

  // One frame from the server. A frame that is not a message of the protocol is skipped, logged
  // and reported; nothing the client holds changes.
  // REQUIRES: on the strand.
  void OnMessage(const std::string& text) {
    auto decoded = protocol::DecodeServerMessage(text);
    if (!decoded.ok()) {
      Log("skipped a frame from the server: " + decoded.status().message());
      Emit({EventType::kError, std::string(kBadFrame), decoded.status().message()});
      return;
    }
    std::visit([this](const auto& m) { On(m); }, *decoded);
  }

  // By the server's hello the TLS session ticket has arrived (the server sends it right after
  // the handshake, before any data): keep the session for the next connection.
  void On(const protocol::ServerHello&) {
    if (!options_.resume || !conn_) {
      return;
    }
    // A copy: OpenSSL marks the connection's own session not resumable when the connection ends
    // without a TLS close (a dropped network, Reconnect()), which is when it is needed.
    SSL_SESSION* session = SSL_get0_session(conn_->ws.next_layer().native_handle());
    if (session != nullptr && SSL_SESSION_is_resumable(session) == 1) {
      if (SSL_SESSION* copy = SSL_SESSION_dup(session)) {
        tls_session_.reset(copy, SSL_SESSION_free);
      }
    }
  }

  // Protocol 1.1's practical messages: the practical session's (practical_session.h).
  void On(const protocol::Practical& m) { practical_.On(m); }
  void On(const protocol::FileChunk& m) { practical_.On(m); }
  void On(const protocol::UploadReady& m) { practical_.On(m); }
  void On(const protocol::UploadAck& m) { practical_.On(m); }

  void On(const protocol::LoginOk& m) {
    bool start = false;
    {
      std::lock_guard lock(mu_);
      logged_in_ = true;
      resume_token_ = m.resume;
      ++(resume_sent_ ? stats_.resume_logins : stats_.password_logins);
      const protocol::LoginOk::Candidate& c = m.candidate;
      info_ = CandidateInfo{c.sbd,          c.full_name,      c.date_of_birth,
                            c.sex,          c.place_of_birth, c.id_number,
                            c.room,         m.session.id,     m.session.name,
                            m.session.date, m.state,          m.unlock_required,
                            m.item_count,   m.duration_ms};
      state_ = info_.state;
      // After a reconnect, carry on where the candidate was.
      start = WantsStart();
    }
    Emit({EventType::kLoggedIn});
    if (start) {
      Enqueue(protocol::EncodeStart());
    }
    practical_.OnLoggedIn();
  }

  void On(const protocol::Unlocked&) {
    {
      std::lock_guard lock(mu_);
      state_ = "unlocked";
    }
    Emit({EventType::kUnlocked});
  }

  void On(const protocol::Form& m) {
    std::vector<uint64_t> resend;
    {
      std::lock_guard lock(mu_);
      started_ = true;
      state_ = m.state;
      paused_ = state_ == "suspended";
      SetRemaining(m.remaining_ms);
      questions_.clear();
      for (const protocol::FormSlot& s : m.slots) {
        questions_.push_back(Question{s.slot, s.stem, s.options, s.multiple});
      }
      // The server's saved answers, then what is still pending here on top of them.
      std::vector<SlotState> fresh(questions_.size());
      for (const protocol::SavedAnswer& a : m.answers) {
        if (static_cast<size_t>(a.slot) >= fresh.size()) {
          continue;
        }
        fresh[static_cast<size_t>(a.slot)].choice = a.choice;
        fresh[static_cast<size_t>(a.slot)].flagged = a.flagged;
      }
      for (auto& [seq, w] : pending_) {
        if (static_cast<size_t>(w.slot) >= fresh.size()) {
          continue;
        }
        SlotState& s = fresh[static_cast<size_t>(w.slot)];
        if (w.is_answer) {
          s.choice = w.choice;
        } else {
          s.flagged = w.flagged;
        }
        s.pending = true;
        resend.push_back(seq);
      }
      answers_ = std::move(fresh);
      next_seq_ = std::max(next_seq_, m.next_seq);
      // Pending writes keep their numbers; anything new must be numbered after them.
      if (!pending_.empty()) {
        next_seq_ = std::max(next_seq_, pending_.rbegin()->first + 1);
      }
    }
    Emit({EventType::kForm});
    for (uint64_t seq : resend) {
      SendPending(seq);
    }
    bool submit = false;
    {
      std::lock_guard lock(mu_);
      submit = want_submit_ && !result_;
    }
    if (submit) {
      Enqueue(protocol::EncodeSubmit());
    }
  }

  void On(const protocol::Ack& m) {
    bool resync = false;
    {
      std::lock_guard lock(mu_);
      SetRemaining(m.remaining_ms);
      auto it = pending_.find(m.seq);
      // Only the write this client numbered `seq` is acknowledged by it: same slot, same kind.
      // Anything else is not ours to mark saved.
      if (it == pending_.end() || it->second.slot != m.slot ||
          it->second.is_answer != m.is_answer) {
        return;
      }
      pending_.erase(it);
      ++acked_;
      // A newer write of the same kind to this slot, still pending, decides what the slot holds.
      const bool newer =
          std::any_of(pending_.upper_bound(m.seq), pending_.end(), [&](const auto& p) {
            return p.second.slot == m.slot && p.second.is_answer == m.is_answer;
          });
      // "stale": the server holds a newer write than this one that this client did not make
      // (another client of the same candidate, a replay). What it holds is not what the
      // candidate sees here, so fetch the form again rather than call this saved.
      resync = m.outcome == "stale" && !newer;
      const bool still = std::any_of(pending_.begin(), pending_.end(),
                                     [&m](const auto& p) { return p.second.slot == m.slot; });
      if (!still && !resync && static_cast<size_t>(m.slot) < answers_.size()) {
        answers_[static_cast<size_t>(m.slot)].pending = false;
      }
    }
    if (resync) {
      Enqueue(protocol::EncodeStart());
    }
    Emit({EventType::kAck, m.outcome, "", m.slot, m.seq});
  }

  void On(const protocol::TimeChange& m) {
    if (m.part == protocol::part::kPractical) {
      practical_.OnTime(m);
      Emit({EventType::kTime, m.event, m.reason});
      return;
    }
    {
      std::lock_guard lock(mu_);
      SetRemaining(m.remaining_ms);
      paused_ = m.event == "pause";
      state_ = paused_ ? "suspended" : "in_progress";
    }
    Emit({EventType::kTime, m.event, m.reason});
  }

  void On(const protocol::Pong& m) {
    if (m.remaining_ms) {
      std::lock_guard lock(mu_);
      SetRemaining(*m.remaining_ms);
    }
  }

  void On(const protocol::Notice& m) { Emit({EventType::kNotice, "", m.text}); }

  void On(const protocol::ExamResult& m) {
    {
      std::lock_guard lock(mu_);
      Result r;
      r.submitted_by = m.submitted_by;
      r.answered = m.answered;
      r.total = m.total;
      if (m.score) {
        r.score = m.score;
        r.scale = m.scale.value_or("");
      }
      // `passed` is absent while a part is still to be marked; never read it as false.
      r.passed = m.passed;
      r.part = m.part;
      r.part_passed = m.part_passed;
      r.outcome = m.outcome;
      r.pending_parts = m.pending_parts;
      r.practical = m.practical;
      r.receipt_json = m.receipt_json;
      result_ = std::move(r);
      state_ = "graded";
      remaining_ = std::chrono::milliseconds(0);
      remaining_at_ = Clock::now();
      // Submitted. A write still pending was not acknowledged and the server does not hold
      // it: it stays shown as not saved (and is not sent any more).
    }
    Emit({EventType::kResult});
  }

  void On(const protocol::Closed& m) {
    if (IsFinal(m.reason)) {
      final_ = true;
    }
    Emit({EventType::kClosed, m.reason});
  }

  void On(const protocol::Error& m) {
    namespace error = protocol::error;
    // The token was spent, expired or revoked (or the exam is over): log in with the password, as
    // a 1.1 client would. First: after the theory's result this is still the login's answer.
    if (m.code == error::kBadResume) {
      {
        std::lock_guard lock(mu_);
        ++stats_.resume_refused;
        resume_token_.clear();
      }
      Log("resume token refused; logging in with the password");
      SendLogin();
      return;
    }
    bool theory_over = false;
    {
      std::lock_guard lock(mu_);
      theory_over = result_.has_value();
    }
    // Once the theory is over, an error without a seq answers the practical's requests.
    if (theory_over && m.seq == 0) {
      practical_.OnError(m);
      return;
    }
    const bool login_error = m.code == error::kBadCredentials || m.code == error::kLocked ||
                             m.code == error::kMoveNotAllowed || m.code == error::kRateLimited;
    if (login_error) {
      std::lock_guard lock(mu_);
      want_login_ = false;  // do not retry a refused login by itself
    }
    if ((m.code == error::kNotSaved || m.code == error::kBusy) && m.seq != 0) {
      // The server could not write it (disk full, queue full): it stays pending here and is
      // offered again in a second, until the server's disk takes it.
      RetryLater(m.seq);
    } else if (m.code == error::kBusy || m.code == error::kNotSaved) {
      // A start or submit refused while the server's writer was full, or whose commit failed
      // (the server says "retry"): sent again in a second while the candidate still wants it,
      // without waiting for a reconnect. Without this a start refused once left the station
      // without its form, and its unsaved answers pending, until the next reconnect.
      RetryLater(0);
    }
    Emit({login_error ? EventType::kLoginFailed : EventType::kError, m.code, m.message, -1, m.seq});
  }

  void Log(const std::string& line) const {
    if (options_.log) {
      options_.log("khaothi-client: " + line);
    }
  }

  void Emit(Event e) {
    if (handler_) {
      handler_(e);
    }
  }

  // Sends on the current connection; dropped when there is none (what matters is resent after
  // the next login).
  // REQUIRES: on the strand.
  void Enqueue(std::string message) {
    if (conn_) {
      Send(conn_, std::move(message));
    }
  }

  // Constant after construction
  net::strand<net::any_io_executor> strand_;
  const ClientOptions options_;
  const Handler handler_;
  ssl::context ssl_ctx_;
  bool ca_ok_ = false;

  // Used only on the strand
  tcp::resolver resolver_;
  net::steady_timer backoff_timer_;
  net::steady_timer retry_timer_;
  std::chrono::milliseconds backoff_;  // the wait before the next connection
  ConnectionPtr conn_;  // the connection being set up or in use; null between connections
  std::set<uint64_t> retry_seqs_;
  bool retry_commands_ = false;  // a start or submit is to be sent again
  bool retry_armed_ = false;
  bool stopped_ = false;
  bool final_ = false;
  bool logged_in_ = false;
  bool started_ = false;
  // The TLS session of the last connection (its ticket), offered on the next one.
  std::shared_ptr<SSL_SESSION> tls_session_;

  mutable std::mutex mu_;
  // Guarded by mu_
  std::string sbd_, password_;
  // The resume token of the last login_ok (protocol 1.2); empty: log in with the password.
  std::string resume_token_;
  bool resume_sent_ = false;  // the login in flight carries the token
  ConnectionStats stats_;
  bool want_login_ = false;
  bool want_start_ = false;
  bool want_submit_ = false;
  bool connected_ = false;
  CandidateInfo info_;
  std::string state_;
  std::vector<Question> questions_;
  std::vector<SlotState> answers_;
  std::map<uint64_t, PendingWrite> pending_;
  uint64_t next_seq_ = 1;
  uint64_t acked_ = 0;
  std::chrono::milliseconds remaining_{0};
  std::optional<Clock::time_point> remaining_at_;
  bool paused_ = false;
  std::optional<Result> result_;

  // The practical test: its own strand discipline and lock (practical_session.h). Last, so that
  // it is destroyed first and its hooks never see a half-destroyed client.
  PracticalSession practical_;
};

}  // namespace

std::shared_ptr<ExamClient> ExamClient::Create(boost::asio::any_io_executor executor,
                                               ClientOptions options, Handler handler) {
  return std::make_shared<ClientImpl>(std::move(executor), std::move(options), std::move(handler));
}

}  // namespace khaothi::client
