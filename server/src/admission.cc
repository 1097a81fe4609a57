#include "khaothi/server/admission.h"

#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace khaothi::server {

namespace net = boost::asio;

// One connection in the queue. `admitted` is decided under the admission's mutex, by Leave
// (handing over its slot) or by the waiter itself when its time runs out, whichever comes first;
// the timer only wakes the coroutine, so a cancel racing with expiry cannot lose a slot.
struct Admission::Waiter {
  explicit Waiter(net::any_io_executor ex) : timer(std::move(ex)) {}
  net::steady_timer timer;
  bool admitted = false;
};

Admission::Admission(size_t slots, std::chrono::steady_clock::duration max_wait)
    : slots_(slots), max_wait_(max_wait) {}

net::awaitable<Admission::Ticket> Admission::Enter(net::any_io_executor executor) {
  auto waiter = std::make_shared<Waiter>(executor);
  {
    std::lock_guard lock(mu_);
    if (inside_ < slots_ && queue_.empty()) {
      ++inside_;
      co_return Ticket(this);
    }
    waiter->timer.expires_after(max_wait_);
    queue_.push_back(waiter);
  }
  co_await waiter->timer.async_wait(net::as_tuple(net::use_awaitable));
  std::lock_guard lock(mu_);
  if (waiter->admitted) {
    co_return Ticket(this);  // Leave counted us in already
  }
  // Timed out: leave the queue without a slot.
  std::erase(queue_, waiter);
  co_return Ticket();
}

void Admission::Leave() {
  std::shared_ptr<Waiter> next;
  {
    std::lock_guard lock(mu_);
    if (queue_.empty()) {
      --inside_;
      return;
    }
    // The slot passes straight to the first in line: `inside_` does not change.
    next = std::move(queue_.front());
    queue_.pop_front();
    next->admitted = true;
  }
  // The timer belongs to the waiter's executor (its connection's strand): cancel it there.
  net::post(next->timer.get_executor(), [next] { next->timer.cancel(); });
}

size_t Admission::waiting() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

size_t Admission::inside() const {
  std::lock_guard lock(mu_);
  return inside_;
}

}  // namespace khaothi::server
