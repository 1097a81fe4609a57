#include "drivers.h"

#include <algorithm>

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace khaothi::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = net::ssl;

Candidate::Candidate(net::any_io_executor ex, std::string ca_pem, uint16_t port, std::string sbd,
                     std::string password, std::string machine, std::string work_root)
    : sbd_(std::move(sbd)), password_(std::move(password)) {
  client::ClientOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  o.ca_pem = std::move(ca_pem);
  o.machine = std::move(machine);
  o.reconnect_min = std::chrono::milliseconds(100);
  o.reconnect_max = std::chrono::milliseconds(1000);
  o.work_root = std::move(work_root);
  o.save_settle = std::chrono::milliseconds(100);
  client_ =
      client::ExamClient::Create(std::move(ex), std::move(o), [log = log_](const client::Event& e) {
        {
          std::lock_guard lock(log->mu);
          log->events.push_back(e);
        }
        log->cv.notify_all();
      });
}

Candidate::~Candidate() { client_->Stop(); }

void Candidate::Begin() {
  client_->Connect();
  client_->Login(sbd_, password_);
}

bool Candidate::WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  std::unique_lock lock(log_->mu);
  while (true) {
    lock.unlock();
    const bool ok = done();
    lock.lock();
    if (ok) {
      return true;
    }
    if (std::chrono::steady_clock::now() >= end) {
      return false;
    }
    log_->cv.wait_for(lock, std::chrono::milliseconds(50));
  }
}

bool Candidate::Saw(client::EventType type) const { return Count(type) > 0; }

int Candidate::Count(client::EventType type) const {
  std::lock_guard lock(log_->mu);
  return static_cast<int>(std::count_if(log_->events.begin(), log_->events.end(),
                                        [type](const client::Event& e) { return e.type == type; }));
}

std::vector<client::Event> Candidate::events() const {
  std::lock_guard lock(log_->mu);
  return log_->events;
}

struct RawClient::Impl {
  net::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
  websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws{ioc, ctx};
};

RawClient::RawClient(const std::string& ca_pem, uint16_t port,
                     const std::shared_ptr<SSL_SESSION>& offer)
    : impl_(std::make_unique<Impl>()) {
  impl_->ctx.add_certificate_authority(net::buffer(ca_pem));
  impl_->ctx.set_verify_mode(ssl::verify_peer);
  auto& tcp = beast::get_lowest_layer(impl_->ws);
  tcp.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  if (offer) {
    SSL_set_session(impl_->ws.next_layer().native_handle(), offer.get());
  }
  impl_->ws.next_layer().handshake(ssl::stream_base::client);
  impl_->ws.handshake("127.0.0.1", "/ws");
  impl_->ws.text(true);
}

bool RawClient::tls_resumed() const {
  return SSL_session_reused(impl_->ws.next_layer().native_handle()) == 1;
}

std::shared_ptr<SSL_SESSION> RawClient::tls_session() const {
  // A copy, as the client library keeps it: the connection's own session is marked not
  // resumable when the connection ends without a TLS close.
  SSL_SESSION* session = SSL_get0_session(impl_->ws.next_layer().native_handle());
  SSL_SESSION* copy = session == nullptr ? nullptr : SSL_SESSION_dup(session);
  return copy == nullptr ? nullptr : std::shared_ptr<SSL_SESSION>(copy, SSL_SESSION_free);
}

RawClient::~RawClient() {
  beast::error_code ec;
  beast::get_lowest_layer(impl_->ws).close();
}

void RawClient::Send(const std::string& frame) {
  beast::error_code ec;
  impl_->ws.write(net::buffer(frame), ec);
  if (ec) {
    closed_ = true;
  }
}

void RawClient::SendRaw(const std::string& bytes) {
  beast::error_code ec;
  net::write(impl_->ws.next_layer(), net::buffer(bytes), ec);
  if (ec) {
    closed_ = true;
  }
}

std::string RawClient::Receive(std::chrono::milliseconds limit) {
  beast::get_lowest_layer(impl_->ws).expires_after(limit);
  beast::flat_buffer buffer;
  beast::error_code ec;
  impl_->ws.read(buffer, ec);
  if (ec) {
    closed_ = true;
    return "";
  }
  return beast::buffers_to_string(buffer.data());
}

bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= end) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

IoThreads::IoThreads() : work_(net::make_work_guard(ioc_)) {
  for (int i = 0; i < 2; ++i) {
    threads_.emplace_back([this] { ioc_.run(); });
  }
}

IoThreads::~IoThreads() {
  // The clients were stopped before (Candidate's destructor): let them end their operations, so
  // that none is destroyed with the io_context under it; stop() only bounds the wait.
  work_.reset();
  WaitFor([this] { return ioc_.stopped(); }, std::chrono::seconds(10));
  ioc_.stop();
  for (auto& t : threads_) {
    t.join();
  }
}

}  // namespace khaothi::testing
