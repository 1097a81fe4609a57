#include "khaothi/client/exam_client.h"

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>

namespace khaothi::client {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = net::ssl;
namespace json = boost::json;
using tcp = net::ip::tcp;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);
using Clock = std::chrono::steady_clock;
using WsStream = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}
int64_t Int(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) {
    return 0;
  }
  if (v->is_int64()) {
    return v->get_int64();
  }
  if (v->is_uint64()) {
    return static_cast<int64_t>(v->get_uint64());
  }
  return 0;
}

// Reasons after which reconnecting makes no sense.
bool IsFinal(std::string_view reason) {
  return reason == "time_up" || reason == "ended_by_proctor" || reason == "taken_over" ||
         reason == "too_large" || reason == "session_closed";
}

// One TLS WebSocket connection and what belongs to it. Every asynchronous operation on the
// stream holds a reference to its Connection, so the stream (and the TLS engine's timers inside
// it) and the message being written live until the last operation on them has completed,
// whatever the client does meanwhile. A new connection never shares a queue with an old one.
// Used only on the client's strand.
struct Connection {
  Connection(const net::strand<net::any_io_executor>& strand, ssl::context& ctx)
      : ws(strand, ctx), ping_timer(strand) {}

  WsStream ws;
  // Messages to write, in order; the front one is being written while `writing`.
  std::deque<std::string> queue;
  bool open = false;  // the WebSocket handshake is done and the connection not yet closed
  bool writing = false;
  net::steady_timer ping_timer;
};
using ConnectionPtr = std::shared_ptr<Connection>;

// Ends the connection: every operation on it completes with an error, soon.
void Close(Connection& c) {
  c.open = false;
  c.ping_timer.cancel();
  beast::get_lowest_layer(c.ws).close();
}

void DoWrite(const ConnectionPtr& c);

void OnWrite(const ConnectionPtr& c, beast::error_code ec) {
  c->queue.pop_front();
  if (ec) {
    // The connection is broken and its reader ends the session. What was queued goes with it:
    // answers stay pending and are sent again on the next connection.
    c->writing = false;
    c->queue.clear();
    return;
  }
  DoWrite(c);
}

// One write in flight at a time (a Beast stream allows no more).
void DoWrite(const ConnectionPtr& c) {
  if (!c->open || c->queue.empty()) {
    c->writing = false;
    return;
  }
  c->writing = true;
  c->ws.text(true);
  c->ws.async_write(net::buffer(c->queue.front()),
                    [c](beast::error_code ec, std::size_t) { OnWrite(c, ec); });
}

void Send(const ConnectionPtr& c, std::string message) {
  if (!c->open) {
    return;
  }
  c->queue.push_back(std::move(message));
  if (!c->writing) {
    DoWrite(c);
  }
}

class ClientImpl final : public ExamClient, public std::enable_shared_from_this<ClientImpl> {
 public:
  ClientImpl(net::any_io_executor executor, ClientOptions options, Handler handler)
      : strand_(net::make_strand(executor)),
        options_(std::move(options)),
        handler_(std::move(handler)),
        ssl_ctx_(ssl::context::tls_client),
        resolver_(strand_),
        backoff_timer_(strand_),
        retry_timer_(strand_) {
    SSL_CTX_set_min_proto_version(ssl_ctx_.native_handle(), TLS1_3_VERSION);
    ssl_ctx_.set_verify_mode(ssl::verify_peer);
    beast::error_code ec;
    ssl_ctx_.add_certificate_authority(net::buffer(options_.ca_pem), ec);
    ca_ok_ = !ec && !options_.ca_pem.empty();
  }

  void Connect() override { net::co_spawn(strand_, Run(shared_from_this()), net::detached); }

  void Login(std::string sbd, std::string password) override {
    {
      std::lock_guard lock(mu_);
      sbd_ = std::move(sbd);
      password_ = std::move(password);
      want_login_ = true;
    }
    net::post(strand_, [self = shared_from_this()] { self->SendLogin(); });
  }

  void Start() override {
    {
      std::lock_guard lock(mu_);
      want_start_ = true;
    }
    SendJson(json::object{{"type", "start"}});
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
    SendJson(json::object{{"type", "submit"}});
  }

  void ReportDataError(std::string text) override {
    SendJson(json::object{{"type", "report"}, {"text", std::move(text)}});
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

 private:
  struct PendingWrite {
    int slot;
    bool is_answer;
    std::vector<int> choice;
    bool flagged;
  };

  static net::awaitable<void> Run(std::shared_ptr<ClientImpl> self) {
    auto backoff = self->options_.reconnect_min;
    while (!self->stopped_) {
      const bool ok = co_await self->Session();
      if (self->stopped_ || !self->options_.auto_reconnect || self->final_) {
        break;
      }
      if (ok) {
        backoff = self->options_.reconnect_min;
      }
      self->backoff_timer_.expires_after(backoff);
      co_await self->backoff_timer_.async_wait(kTuple);
      backoff = std::min(backoff * 2, self->options_.reconnect_max);
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
    auto [rec, endpoints] =
        co_await resolver_.async_resolve(options_.host, std::to_string(options_.port), kTuple);
    if (stopped_) {
      co_return false;
    }
    if (rec) {
      Emit({EventType::kDisconnected, "resolve", rec.message()});
      co_return false;
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
    beast::error_code ip_ec;
    net::ip::make_address(options_.host, ip_ec);
    if (ip_ec) {
      SSL_ctrl(conn->ws.next_layer().native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
               TLSEXT_NAMETYPE_host_name, const_cast<char*>(options_.host.c_str()));
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
    Enqueue(json::serialize(
        json::object{{"type", "hello"}, {"protocol", 1}, {"client", "khaothi-client/0.1"}}));
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
          Send(c, json::serialize(json::object{{"type", "ping"}}));
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
      msg = json::serialize(json::object{{"type", "login"},
                                         {"sbd", sbd_},
                                         {"password", password_},
                                         {"machine", options_.machine}});
    }
    Enqueue(std::move(msg));
  }

  void SendJson(json::object o) {
    net::post(strand_, [self = shared_from_this(), m = json::serialize(o)]() mutable {
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

  // Offers the writes the server could not take (not_saved, busy) again in a second, while this
  // connection's form is in force; after a reconnect the form resends them anyway. One timer for
  // all of them, cancelled by Stop().
  // REQUIRES: on the strand.
  void RetryLater(uint64_t seq) {
    retry_seqs_.insert(seq);
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
      if (ec || self->stopped_ || !self->logged_in_ || !self->started_) {
        return;
      }
      for (uint64_t retry : seqs) {
        self->SendPending(retry);
      }
    });
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
      if (w.is_answer) {
        json::array c;
        for (int x : w.choice) {
          c.push_back(x);
        }
        msg = json::serialize(json::object{
            {"type", "answer"}, {"slot", w.slot}, {"choice", std::move(c)}, {"seq", seq}});
      } else {
        msg = json::serialize(
            json::object{{"type", "flag"}, {"slot", w.slot}, {"flagged", w.flagged}, {"seq", seq}});
      }
    }
    Enqueue(std::move(msg));
  }

  void SetRemaining(const json::object& o) {
    if (o.if_contains("remaining_ms") == nullptr) {
      return;
    }
    remaining_ = std::chrono::milliseconds(Int(o, "remaining_ms"));
    remaining_at_ = Clock::now();
  }

  // REQUIRES: on the strand.
  void OnMessage(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) {
      return;
    }
    const json::object& o = v.get_object();
    const std::string type = Str(o, "type");
    if (type == "login_ok") {
      bool start = false;
      {
        std::lock_guard lock(mu_);
        logged_in_ = true;
        const json::object& c = o.at("candidate").as_object();
        const json::object& s = o.at("session").as_object();
        info_ = CandidateInfo{Str(c, "sbd"),
                              Str(c, "full_name"),
                              Str(c, "date_of_birth"),
                              Str(c, "sex"),
                              Str(c, "place_of_birth"),
                              Str(c, "id_number"),
                              Str(c, "room"),
                              Str(s, "id"),
                              Str(s, "name"),
                              Str(s, "date"),
                              Str(o, "state"),
                              o.at("unlock_required").as_bool(),
                              static_cast<int>(Int(o, "item_count")),
                              Int(o, "duration_ms")};
        state_ = info_.state;
        // After a reconnect, carry on where the candidate was.
        start = want_start_ || state_ == "in_progress" || state_ == "suspended";
      }
      Emit({EventType::kLoggedIn});
      if (start) {
        Enqueue(json::serialize(json::object{{"type", "start"}}));
      }
    } else if (type == "unlocked") {
      {
        std::lock_guard lock(mu_);
        state_ = "unlocked";
      }
      Emit({EventType::kUnlocked});
    } else if (type == "form") {
      std::vector<uint64_t> resend;
      {
        std::lock_guard lock(mu_);
        started_ = true;
        state_ = Str(o, "state");
        paused_ = state_ == "suspended";
        SetRemaining(o);
        questions_.clear();
        for (const json::value& sv : o.at("slots").as_array()) {
          const json::object& s = sv.as_object();
          Question q{
              static_cast<int>(Int(s, "slot")), Str(s, "stem"), {}, s.at("multiple").as_bool()};
          for (const json::value& opt : s.at("options").as_array()) {
            q.options.emplace_back(opt.as_string());
          }
          questions_.push_back(std::move(q));
        }
        // The server's saved answers, then what is still pending here on top of them.
        std::vector<SlotState> fresh(questions_.size());
        for (const json::value& av : o.at("answers").as_array()) {
          const json::object& a = av.as_object();
          const int64_t slot = Int(a, "slot");
          if (slot < 0 || static_cast<size_t>(slot) >= fresh.size()) {
            continue;
          }
          for (const json::value& c : a.at("choice").as_array()) {
            fresh[static_cast<size_t>(slot)].choice.push_back(static_cast<int>(c.as_int64()));
          }
          fresh[static_cast<size_t>(slot)].flagged = a.at("flagged").as_bool();
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
        next_seq_ = std::max(next_seq_, static_cast<uint64_t>(Int(o, "next_seq")));
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
        Enqueue(json::serialize(json::object{{"type", "submit"}}));
      }
    } else if (type == "ack") {
      const uint64_t seq = static_cast<uint64_t>(Int(o, "seq"));
      const int slot = static_cast<int>(Int(o, "slot"));
      const std::string outcome = Str(o, "outcome");
      bool resync = false;
      {
        std::lock_guard lock(mu_);
        SetRemaining(o);
        auto it = pending_.find(seq);
        // Only the write this client numbered `seq` is acknowledged by it: same slot, same kind.
        // Anything else is not ours to mark saved.
        if (it == pending_.end() || it->second.slot != slot ||
            it->second.is_answer != (Str(o, "kind") == "answer")) {
          return;
        }
        const bool is_answer = it->second.is_answer;
        pending_.erase(it);
        ++acked_;
        // A newer write of the same kind to this slot, still pending, decides what the slot holds.
        const bool newer =
            std::any_of(pending_.upper_bound(seq), pending_.end(), [&](const auto& p) {
              return p.second.slot == slot && p.second.is_answer == is_answer;
            });
        // "stale": the server holds a newer write than this one that this client did not make
        // (another client of the same candidate, a replay). What it holds is not what the
        // candidate sees here, so fetch the form again rather than call this saved.
        resync = outcome == "stale" && !newer;
        const bool still = std::any_of(pending_.begin(), pending_.end(),
                                       [slot](const auto& p) { return p.second.slot == slot; });
        if (!still && !resync && static_cast<size_t>(slot) < answers_.size()) {
          answers_[static_cast<size_t>(slot)].pending = false;
        }
      }
      if (resync) {
        Enqueue(json::serialize(json::object{{"type", "start"}}));
      }
      Emit({EventType::kAck, outcome, "", slot, seq});
    } else if (type == "time") {
      {
        std::lock_guard lock(mu_);
        SetRemaining(o);
        const std::string event = Str(o, "event");
        paused_ = event == "pause";
        state_ = paused_ ? "suspended" : "in_progress";
      }
      Emit({EventType::kTime, Str(o, "event"), Str(o, "reason")});
    } else if (type == "pong") {
      std::lock_guard lock(mu_);
      SetRemaining(o);
    } else if (type == "notice") {
      Emit({EventType::kNotice, "", Str(o, "text")});
    } else if (type == "result") {
      {
        std::lock_guard lock(mu_);
        Result r;
        r.submitted_by = Str(o, "submitted_by");
        r.answered = static_cast<int>(Int(o, "answered"));
        r.total = static_cast<int>(Int(o, "total"));
        if (o.if_contains("score")) {
          r.score = Str(o, "score");
          r.scale = Str(o, "scale");
        }
        // `passed` is absent while a part is still to be marked; never read it as false.
        if (const json::value* p = o.if_contains("passed"); p != nullptr && p->is_bool()) {
          r.passed = p->get_bool();
        }
        r.part = Str(o, "part");
        if (const json::value* p = o.if_contains("part_passed"); p != nullptr && p->is_bool()) {
          r.part_passed = p->get_bool();
        }
        r.outcome = Str(o, "outcome");
        if (const json::value* p = o.if_contains("pending_parts"); p != nullptr && p->is_array()) {
          for (const json::value& name : p->get_array()) {
            if (name.is_string()) {
              r.pending_parts.emplace_back(name.get_string());
            }
          }
        }
        if (const json::value* rc = o.if_contains("receipt")) {
          r.receipt_json = json::serialize(*rc);
        }
        result_ = std::move(r);
        state_ = "graded";
        remaining_ = std::chrono::milliseconds(0);
        remaining_at_ = Clock::now();
        // Submitted. A write still pending was not acknowledged and the server does not hold
        // it: it stays shown as not saved (and is not sent any more).
      }
      Emit({EventType::kResult});
    } else if (type == "closed") {
      const std::string reason = Str(o, "reason");
      if (IsFinal(reason)) {
        final_ = true;
      }
      Emit({EventType::kClosed, reason});
    } else if (type == "error") {
      const std::string code = Str(o, "code");
      const bool login_error = code == "bad_credentials" || code == "locked" ||
                               code == "move_not_allowed" || code == "rate_limited";
      if (login_error) {
        std::lock_guard lock(mu_);
        want_login_ = false;  // do not retry a refused login by itself
      }
      const uint64_t seq = static_cast<uint64_t>(Int(o, "seq"));
      if ((code == "not_saved" || code == "busy") && seq != 0) {
        // The server could not write it (disk full, queue full): it stays pending here and is
        // offered again in a second, until the server's disk takes it.
        RetryLater(seq);
      }
      Emit({login_error ? EventType::kLoginFailed : EventType::kError, code, Str(o, "message"), -1,
            seq});
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
  ConnectionPtr conn_;  // the connection being set up or in use; null between connections
  std::set<uint64_t> retry_seqs_;
  bool retry_armed_ = false;
  bool stopped_ = false;
  bool final_ = false;
  bool logged_in_ = false;
  bool started_ = false;

  mutable std::mutex mu_;
  // Guarded by mu_
  std::string sbd_, password_;
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
};

}  // namespace

std::shared_ptr<ExamClient> ExamClient::Create(boost::asio::any_io_executor executor,
                                               ClientOptions options, Handler handler) {
  return std::make_shared<ClientImpl>(std::move(executor), std::move(options), std::move(handler));
}

}  // namespace khaothi::client
