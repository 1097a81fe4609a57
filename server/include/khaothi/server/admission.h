// The admission queue: how many connections may be in their opening (the TLS handshake, the
// HTTP request and the WebSocket upgrade) at once; the rest wait in order of arrival.
//
// Why: at a synchronised start thousands of stations connect within a second. Begun all at once,
// their handshakes share the CPU evenly, so all of them finish late together (the last ones past
// the handshake timeout, whose clients then retry and add work), and each holds its handshake's
// memory the whole time. Served a bounded number at a time, in order, the first stations have
// their forms within milliseconds, the CPU does the same total work, and the peak memory is that
// of `slots` handshakes rather than of every station (docs/performance.md, "The start").
//
// A connection joins the queue only once its ClientHello has arrived (server.cc), so silent
// sockets take no slot. One that sends a ClientHello and then stalls holds its slot until the
// handshake deadline: `slots` such peers at once would delay the others by up to that deadline,
// which is the price of serving a lab's start in order (limit-max-opening-connections).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

namespace khaothi::server {

class Admission {
 public:
  // At most `slots` connections between Enter and Leave; a waiter gives up after `max_wait`.
  Admission(size_t slots, std::chrono::steady_clock::duration max_wait);

  class Ticket;

  // Completes once the caller holds a slot (the ticket's `admitted()`), or after `max_wait` in
  // the queue without one (not admitted: the caller closes its connection). `executor` is the
  // connection's own, on which the waiting coroutine resumes.
  boost::asio::awaitable<Ticket> Enter(boost::asio::any_io_executor executor);

  size_t waiting() const;
  size_t inside() const;

 private:
  struct Waiter;
  void Leave();

  const size_t slots_;
  const std::chrono::steady_clock::duration max_wait_;
  mutable std::mutex mu_;
  size_t inside_ = 0;
  std::deque<std::shared_ptr<Waiter>> queue_;
};

// A held slot, given back when the opening is over (Release) or when the ticket goes (an
// opening that fails half way releases its slot by leaving scope).
class Admission::Ticket {
 public:
  Ticket() = default;
  Ticket(Ticket&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
  Ticket& operator=(Ticket&& other) noexcept {
    if (this != &other) {
      Release();
      owner_ = std::exchange(other.owner_, nullptr);
    }
    return *this;
  }
  Ticket(const Ticket&) = delete;
  Ticket& operator=(const Ticket&) = delete;
  ~Ticket() { Release(); }

  bool admitted() const { return owner_ != nullptr; }
  void Release() {
    if (owner_ != nullptr) {
      std::exchange(owner_, nullptr)->Leave();
    }
  }

 private:
  friend class Admission;
  explicit Ticket(Admission* owner) : owner_(owner) {}
  Admission* owner_ = nullptr;
};

}  // namespace khaothi::server
