// Test drivers: candidates driven by the real client library, and a raw WebSocket/TLS client for
// sending arbitrary frames.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>

#include "khaothi/client/exam_client.h"
#include "khaothi/engine/clock.h"

typedef struct ssl_session_st SSL_SESSION;

namespace khaothi::testing {

// One candidate: an ExamClient plus a record of its events that tests can wait on.
class Candidate {
 public:
  Candidate(boost::asio::any_io_executor ex, std::string ca_pem, uint16_t port, std::string sbd,
            std::string password, std::string machine = "PC-01", std::string work_root = "");

  ~Candidate();
  void Begin();  // connect and log in
  // Waits until `done()` holds (checked after every event and every 50 ms), at most `limit`.
  // A bound against hangs, not a timing assertion.
  bool WaitUntil(const std::function<bool()>& done,
                 std::chrono::milliseconds limit = std::chrono::seconds(60));
  bool Saw(client::EventType type) const;
  int Count(client::EventType type) const;
  std::vector<client::Event> events() const;

  const std::string& sbd() const { return sbd_; }
  client::ExamClient& client() { return *client_; }

 private:
  std::string sbd_;
  std::string password_;
  // Shared with the client's handler, which may run after this object is gone.
  struct Log {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<client::Event> events;
  };
  std::shared_ptr<Log> log_ = std::make_shared<Log>();
  std::shared_ptr<client::ExamClient> client_;
};

// A deliberately dumb client: TLS, WebSocket, then exactly the frames a test sends.
class RawClient {
 public:
  // `offer`: a TLS session (of tls_session()) to offer for resumption.
  RawClient(const std::string& ca_pem, uint16_t port,
            const std::shared_ptr<SSL_SESSION>& offer = nullptr);
  ~RawClient();
  // Whether the handshake resumed the offered session (SSL_session_reused).
  bool tls_resumed() const;
  // The connection's TLS session as it stands (its ticket, once a frame has been received).
  std::shared_ptr<SSL_SESSION> tls_session() const;
  void Send(const std::string& frame);
  // Writes `bytes` straight into the TLS stream, below WebSocket framing (a broken frame).
  void SendRaw(const std::string& bytes);
  // The next text frame, or "" when the connection closed (or nothing came within `limit`).
  std::string Receive(std::chrono::milliseconds limit = std::chrono::seconds(10));
  bool closed() const { return closed_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool closed_ = false;
};

// Polls `done` every 20 ms until it holds or `limit` passes (a bound against hangs).
bool WaitFor(const std::function<bool()>& done,
             std::chrono::milliseconds limit = std::chrono::seconds(60));

// A clock tests can move while server threads read it.
class SharedFakeClock final : public engine::Clock {
 public:
  explicit SharedFakeClock(int64_t start_ms) : now_ms_(start_ms) {}
  engine::TimePoint Now() const override {
    return engine::TimePoint(engine::Duration(now_ms_.load()));
  }
  void Advance(engine::Duration d) { now_ms_ += d.count(); }

 private:
  std::atomic<int64_t> now_ms_;
};

// Runs an io_context on two threads for the lifetime of the object.
class IoThreads {
 public:
  IoThreads();
  ~IoThreads();
  boost::asio::any_io_executor executor() { return ioc_.get_executor(); }

 private:
  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::vector<std::thread> threads_;
};

}  // namespace khaothi::testing
