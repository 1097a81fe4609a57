#include "khaothi/server/server.h"

#include <atomic>
#include <cstdio>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <openssl/ssl.h>

#include "khaothi/crypto/crypto.h"
#include "khaothi/protocol/server_messages.h"
#include "khaothi/server/admission.h"
#include "khaothi/server/exam_host.h"
#include "khaothi/server/writer.h"

#include "centre_handles.h"
#include "dashboard.h"
#include "seb_gate.h"
#include "station.h"
#include "tls_stream.h"
#include "tls_tickets.h"

namespace khaothi::server {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using net::awaitable;
using net::use_awaitable;
constexpr auto kTuple = net::as_tuple(use_awaitable);

class RealClock final : public engine::Clock {
 public:
  engine::TimePoint Now() const override {
    return std::chrono::time_point_cast<engine::Duration>(std::chrono::system_clock::now());
  }
};

// Real failures are logged; the expected ends of a connection are not (STYLE.md rule 6).
void Fail(const beast::error_code& ec, const char* what) {
  if (ec == net::error::operation_aborted || ec == websocket::error::closed ||
      ec == net::error::eof || ec == beast::error::timeout ||
      // A client that drops the TCP connection without a TLS close_notify: after a complete
      // message this is how lab PCs that lose power or are unplugged look; nothing is lost.
      ec == ssl::error::stream_truncated || ec == net::error::connection_reset) {
    return;
  }
  std::fprintf(stderr, "khaothi-server: %s: %s\n", what, ec.message().c_str());
}

class ServerImpl;

class Connection final : public Peer, public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, ssl::context& ctx, ServerImpl& server);
  ~Connection() override;

  void Start();

  // Peer
  void Send(std::string message) override;
  void Close(std::string reason) override;
  const std::string& address() const override { return address_; }

 private:
  awaitable<void> Run();
  awaitable<void> Reply(http::response<http::string_body> res);  // then closes
  void Enqueue(std::string message);
  void DoWrite();
  void OnWrite(beast::error_code ec, std::size_t bytes);
  // Closes the socket unless the next phase starts within `limit` (the TLS handshake, the HTTP
  // request, an HTTP response); the WebSocket phase has Beast's own timeouts.
  void ExpiresAfter(std::chrono::steady_clock::duration limit);
  void ExpiresNever() { deadline_.cancel(); }

  ServerImpl& server_;
  websocket::stream<TlsStream> ws_;
  net::steady_timer deadline_;
  std::string address_;
  PeerState state_;
  std::string socket_state_;       // a dashboard socket's own data
  bool dashboard_socket_ = false;  // set once, before the read loop
  // Used only on the connection's strand
  std::deque<std::string> queue_;
  bool writing_ = false;
  bool closing_ = false;
  bool open_ = false;
};

class ServerImpl final : public Server {
 public:
  ServerImpl(const ServerConfig& config, const engine::Clock& clock)
      : config_(config),
        clock_(clock),
        ssl_ctx_(ssl::context::tls_server),
        acceptor_(ioc_),
        tick_timer_(ioc_) {}

  Status Init() {
    // TLS 1.3 only (DESIGN.md §5), from the files named in the configuration.
    SSL_CTX_set_min_proto_version(ssl_ctx_.native_handle(), TLS1_3_VERSION);
    // An idle candidate connection keeps no TLS record buffers (about 34 KiB each): a lab of
    // candidates reading a question is mostly idle connections (DESIGN.md §7, memory target).
    SSL_CTX_set_mode(ssl_ctx_.native_handle(), SSL_MODE_RELEASE_BUFFERS);
    // Reconnects resume their TLS session: stateless tickets, keys rotated in memory; no cache.
    KHAOTHI_RETURN_IF_ERROR(
        TicketKeys::Install(ssl_ctx_.native_handle(), config_.limits.tls_ticket_key_lifetime));
    ssl_ctx_.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1 | ssl::context::no_tlsv1_2);
    beast::error_code ec;
    ssl_ctx_.use_certificate_chain_file(config_.Resolve(config_.tls_cert), ec);
    if (ec) {
      return Status::IoError("tls-cert " + config_.Resolve(config_.tls_cert) + ": " + ec.message());
    }
    ssl_ctx_.use_private_key_file(config_.Resolve(config_.tls_key), ssl::context::pem, ec);
    if (ec) {
      return Status::IoError("tls-key " + config_.Resolve(config_.tls_key) + ": " + ec.message());
    }
    KHAOTHI_ASSIGN_OR_RETURN(host_, ExamHost::Open(config_, clock_));
    Result<store::Database> web_db =
        store::Database::Open(config_.Resolve(config_.database), false);
    if (!web_db.ok()) {
      return web_db.status();
    }
    dashboard_ = MakeDashboard(host_->service(), std::move(*web_db), config_, clock_);
    seb_gate_ = std::make_unique<SebGate>(config_.Resolve(config_.database), clock_);

    beast::error_code bec;
    const auto address = net::ip::make_address(config_.listen_address, bec);
    if (bec) {
      return Status::InvalidArgument("listen-address: " + bec.message());
    }
    tcp::endpoint endpoint(address, config_.listen_port);
    acceptor_.open(endpoint.protocol(), bec);
    if (!bec) {
      acceptor_.set_option(net::socket_base::reuse_address(true), bec);
      acceptor_.bind(endpoint, bec);
    }
    if (!bec) {
      acceptor_.listen(net::socket_base::max_listen_connections, bec);
    }
    if (bec) {
      return Status::Unavailable("cannot listen on " + config_.listen_address + ":" +
                                 std::to_string(config_.listen_port) + ": " + bec.message());
    }
    port_ = acceptor_.local_endpoint().port();
    return Status::Ok();
  }

  ~ServerImpl() override {
    Shutdown();
    Wait();
  }

  uint16_t port() const override { return port_; }
  ExamService& service() override { return host_->service(); }
  Dashboard& dashboard() { return *dashboard_; }
  SebGate& seb_gate() { return *seb_gate_; }
  Admission& admission() { return admission_; }

  void Start() override {
    net::co_spawn(ioc_, Accept(), net::detached);
    net::co_spawn(ioc_, Ticks(), net::detached);
    for (int i = 0; i < config_.threads; ++i) {
      threads_.emplace_back([this] { ioc_.run(); });
    }
  }

  // STYLE.md rule 11: stop accepting; let queued writes commit and their acks go out; tell every
  // client the server is restarting; wait (bounded) for connections to close; then stop.
  void Shutdown() override {
    if (shutting_down_.exchange(true)) {
      return;
    }
    net::post(ioc_, [this] {
      beast::error_code ec;
      acceptor_.close(ec);
      tick_timer_.cancel();
    });
    const auto deadline = std::chrono::steady_clock::now() + config_.limits.drain_timeout;
    if (host_) {
      auto flushed = std::make_shared<std::promise<void>>();
      std::future<void> done = flushed->get_future();
      if (host_->writer().Submit([](store::Database&) { return Status::Ok(); },
                                 [flushed](const Status&) { flushed->set_value(); })) {
        done.wait_until(deadline);
      }
    }
    if (host_) {
      host_->service().CloseAll("server_restarting");
    }
    CloseAllConnections("server_restarting");
    while (connections_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ioc_.stop();
    for (std::thread& t : threads_) {
      if (t.joinable() && t.get_id() != std::this_thread::get_id()) {
        t.join();
      }
    }
    if (host_) {
      host_->Stop();
    }
    std::lock_guard lock(stopped_mu_);
    stopped_ = true;
    stopped_cv_.notify_all();
  }

  void Wait() override {
    std::unique_lock lock(stopped_mu_);
    stopped_cv_.wait(lock, [this] { return stopped_; });
  }

  const ServerConfig& config() const { return config_; }

  // Constant time each: a connection that ends must not walk the others (it did, and made the
  // start at 10,000 candidates quadratic; docs/performance.md, "The start").
  void Register(const std::shared_ptr<Connection>& c) {
    std::lock_guard lock(conn_mu_);
    live_.emplace(c.get(), c);
  }
  void Unregister(Connection* c) {
    std::lock_guard lock(conn_mu_);
    live_.erase(c);
  }
  void CloseAllConnections(const std::string& reason) {
    std::vector<std::shared_ptr<Connection>> all;
    {
      std::lock_guard lock(conn_mu_);
      for (auto& [raw, w] : live_) {
        if (auto c = w.lock()) {
          all.push_back(std::move(c));
        }
      }
    }
    for (auto& c : all) {
      c->Close(reason);
    }
  }

  std::atomic<size_t> connections_{0};

 private:
  awaitable<void> Accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(net::make_strand(ioc_), kTuple);
      if (ec == net::error::operation_aborted || !acceptor_.is_open()) {
        co_return;
      }
      if (ec) {
        // EMFILE/ENFILE and the like: wait a little and accept again; never stop accepting.
        Fail(ec, "accept");
        net::steady_timer backoff(ioc_, config_.limits.accept_backoff);
        co_await backoff.async_wait(kTuple);
        continue;
      }
      if (connections_.load() >= config_.limits.max_connections) {
        beast::error_code ignored;
        socket.close(ignored);
        continue;
      }
      auto c = std::make_shared<Connection>(std::move(socket), ssl_ctx_, *this);
      Register(c);
      c->Start();
    }
  }

  awaitable<void> Ticks() {
    auto last_trim = std::chrono::steady_clock::now();
    for (;;) {
      tick_timer_.expires_after(config_.limits.deadline_check_interval);
      auto [ec] = co_await tick_timer_.async_wait(kTuple);
      if (ec || shutting_down_) {
        co_return;
      }
      host_->service().Tick();
      if (const auto now = std::chrono::steady_clock::now();
          now - last_trim >= config_.limits.memory_trim_interval) {
        last_trim = now;
#ifdef __GLIBC__
        malloc_trim(0);  // a few milliseconds for a full lab; see limits.h
#endif
      }
    }
  }

  const ServerConfig config_;
  const engine::Clock& clock_;
  net::io_context ioc_;
  ssl::context ssl_ctx_;
  tcp::acceptor acceptor_;
  net::steady_timer tick_timer_;
  uint16_t port_ = 0;
  std::unique_ptr<ExamHost> host_;
  std::unique_ptr<Dashboard> dashboard_;
  std::unique_ptr<SebGate> seb_gate_;
  std::vector<std::thread> threads_;
  std::atomic<bool> shutting_down_{false};
  std::mutex conn_mu_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> live_;
  Admission admission_{config_.limits.max_opening_connections, config_.limits.admission_wait};
  std::mutex stopped_mu_;
  std::condition_variable stopped_cv_;
  bool stopped_ = false;
};

Connection::Connection(tcp::socket socket, ssl::context& ctx, ServerImpl& server)
    : server_(server), ws_(std::move(socket), ctx.native_handle()), deadline_(ws_.get_executor()) {
  beast::error_code ec;
  auto ep = ws_.next_layer().socket().remote_endpoint(ec);
  address_ = ec ? "?" : ep.address().to_string();
  ++server_.connections_;
}

Connection::~Connection() { --server_.connections_; }

void Connection::Start() {
  auto self = shared_from_this();
  net::co_spawn(ws_.get_executor(), Run(), [self](std::exception_ptr e) {
    // An exception ends this connection only (STYLE.md rule 6).
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        std::fprintf(stderr, "khaothi-server: connection %s: %s\n", self->address_.c_str(),
                     ex.what());
      }
    }
    if (self->dashboard_socket_) {
      self->server_.dashboard().SocketClosed(self->socket_state_, self.get());
    } else {
      self->server_.service().Disconnected(self->state_, self.get());
    }
    self->server_.Unregister(self.get());
  });
}

void Connection::ExpiresAfter(std::chrono::steady_clock::duration limit) {
  deadline_.expires_after(limit);
  deadline_.async_wait([weak = weak_from_this()](beast::error_code ec) {
    if (auto self = weak.lock(); self && !ec) {
      self->ws_.next_layer().Close();
    }
  });
}

awaitable<void> Connection::Run() {
  const ServerLimits& limits = server_.config().limits;
  if (!ws_.next_layer().ok()) {
    Fail(net::error::no_memory, "tls");
    co_return;
  }
  // A connection that says nothing takes no place in the queue: it joins once its first bytes
  // (the ClientHello) have arrived, and is cut at the handshake deadline if they never do.
  ExpiresAfter(limits.handshake_timeout);
  auto [wec] = co_await ws_.next_layer().socket().async_wait(tcp::socket::wait_read, kTuple);
  if (wec) {
    co_return;
  }
  // Then the opening waits its turn (admission.h), bounded by the queue's own wait; the
  // handshake's deadline starts again once it is admitted.
  ExpiresNever();
  Admission::Ticket ticket = co_await server_.admission().Enter(ws_.get_executor());
  if (!ticket.admitted()) {
    co_return;
  }
  ExpiresAfter(limits.handshake_timeout);
  auto [hec] = co_await ws_.next_layer().async_handshake(kTuple);
  if (hec) {
    Fail(hec, "tls handshake");
    co_return;
  }

  beast::flat_buffer buffer;
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(limits.max_http_header_bytes));
  parser.body_limit(limits.max_message_bytes);
  ExpiresAfter(limits.http_read_timeout);
  auto [rec, n] = co_await http::async_read(ws_.next_layer(), buffer, parser, kTuple);
  if (rec) {
    Fail(rec, "http read");
    co_return;
  }
  // The costly part of the opening is over: a slow reader of the reply holds no slot.
  ticket.Release();
  http::request<http::string_body> req = parser.release();
  const bool upgrade = websocket::is_upgrade(req);
  // Safe Exam Browser's door on the station, before any handler runs (docs/seb.md).
  SebGate::Verdict seb = server_.seb_gate().Check(req, upgrade);
  if (seb.refusal) {
    co_await Reply(std::move(*seb.refusal));
    co_return;
  }
  state_.client = seb.client;  // what the proctor's tile shows of this seat
  if (!upgrade) {
    co_await Reply(server_.dashboard().HandleHttp(req, address_));
    co_return;
  }
  const bool candidate_socket = SebGate::IsCandidateSocket(req.target());
  std::shared_ptr<Connection> self = shared_from_this();
  if ((candidate_socket && !station::MayOpenCandidateSocket(req)) ||
      (!candidate_socket && !server_.dashboard().OpenSocket(req, self, socket_state_))) {
    http::response<http::string_body> res{http::status::forbidden, req.version()};
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.body() = "forbidden\n";
    co_await Reply(std::move(res));
    co_return;
  }

  ExpiresNever();
  websocket::stream_base::timeout timeouts{limits.handshake_timeout, limits.idle_timeout, false};
  ws_.set_option(timeouts);
  // Beast fails a message over read_message_max with its own close frame, before we could say
  // why; so its cap sits well above ours and the read loop enforces max_message_bytes itself.
  ws_.read_message_max(std::max<size_t>(limits.max_message_bytes * 4, 64 * 1024));
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "khaothi-server/0.1"); }));
  auto [aec] = co_await ws_.async_accept(req, kTuple);
  if (aec) {
    Fail(aec, "websocket accept");
    co_return;
  }
  open_ = true;
  dashboard_socket_ = !candidate_socket;
  for (;;) {
    beast::flat_buffer frame;
    beast::error_code ec;
    // Read the message piece by piece so that one byte over the limit is noticed before more
    // is buffered.
    do {
      const size_t room =
          limits.max_message_bytes + 1 - std::min(frame.size(), limits.max_message_bytes);
      auto [read_ec, read_bytes] = co_await ws_.async_read_some(frame, room, kTuple);
      static_cast<void>(read_bytes);
      ec = read_ec;
    } while (!ec && !ws_.is_message_done() && frame.size() <= limits.max_message_bytes);
    if ((!ec && frame.size() > limits.max_message_bytes) ||
        ec == websocket::error::message_too_big) {
      // The limit's message and a close; the rest of the server is not affected.
      Enqueue(protocol::Encode(protocol::Error{
          .code = std::string(error::kTooLarge),
          .message =
              "message larger than " + std::to_string(limits.max_message_bytes) + " bytes"}));
      Close(std::string(protocol::closed::kTooLarge));
      co_return;
    }
    if (ec) {
      Fail(ec, "websocket read");
      co_return;
    }
    if (!ws_.got_text()) {
      Enqueue(protocol::Encode(
          protocol::Error{.code = std::string(error::kBadJson), .message = "send text frames"}));
      continue;
    }
    const std::string text = beast::buffers_to_string(frame.data());
    if (!candidate_socket) {
      server_.dashboard().SocketMessage(socket_state_, text, self);
      continue;
    }
    Decoded decoded = DecodeClientMessage(text);
    if (!decoded.message) {
      Enqueue(protocol::Encode(protocol::Error{.code = std::string(decoded.error.code),
                                               .message = decoded.error.message,
                                               .seq = decoded.error.seq.value_or(0)}));
      continue;
    }
    server_.service().Handle(state_, *decoded.message, self);
  }
}

awaitable<void> Connection::Reply(http::response<http::string_body> res) {
  res.set(http::field::server, "khaothi-server/0.1");
  res.keep_alive(false);
  res.prepare_payload();
  ExpiresAfter(server_.config().limits.write_timeout);
  co_await http::async_write(ws_.next_layer(), res, kTuple);
  co_await ws_.next_layer().async_shutdown(kTuple);
  ExpiresNever();
}

void Connection::Send(std::string message) {
  net::post(ws_.get_executor(), [self = shared_from_this(), m = std::move(message)]() mutable {
    self->Enqueue(std::move(m));
  });
}

void Connection::Close(std::string reason) {
  net::post(ws_.get_executor(), [self = shared_from_this(), reason = std::move(reason)] {
    if (self->closing_) {
      return;
    }
    if (!self->open_) {
      beast::error_code ignored;
      self->ws_.next_layer().socket().shutdown(tcp::socket::shutdown_both, ignored);
      return;
    }
    self->Enqueue(protocol::Encode(protocol::Closed{.reason = reason}));
    self->closing_ = true;
    if (!self->writing_) {
      self->DoWrite();
    }
  });
}

void Connection::Enqueue(std::string message) {
  if (!open_ || (closing_ && !writing_ && queue_.empty())) {
    return;
  }
  if (queue_.size() >= server_.config().limits.max_queued_messages) {
    // A client that does not read its messages is cut off rather than allowed to grow memory.
    ws_.next_layer().Close();
    return;
  }
  queue_.push_back(std::move(message));
  if (!writing_) {
    DoWrite();
  }
}

void Connection::DoWrite() {
  if (queue_.empty()) {
    writing_ = false;
    if (closing_) {
      writing_ = true;
      ws_.async_close(websocket::close_code::normal,
                      [self = shared_from_this()](beast::error_code) { self->writing_ = false; });
    }
    return;
  }
  writing_ = true;
  ws_.text(true);
  ws_.async_write(net::buffer(queue_.front()),
                  beast::bind_front_handler(&Connection::OnWrite, shared_from_this()));
}

void Connection::OnWrite(beast::error_code ec, std::size_t) {
  if (ec) {
    Fail(ec, "websocket write");
    writing_ = false;
    queue_.clear();
    return;
  }
  queue_.pop_front();
  DoWrite();
}

}  // namespace

const engine::Clock& SystemClock() {
  static const RealClock* const kClock = new RealClock();
  return *kClock;
}

Result<std::unique_ptr<Server>> Server::Create(const ServerConfig& config,
                                               const engine::Clock* clock) {
  auto server = std::make_unique<ServerImpl>(config, clock ? *clock : SystemClock());
  KHAOTHI_RETURN_IF_ERROR(server->Init());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace khaothi::server
