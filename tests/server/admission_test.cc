// The admission queue (khaothi/server/admission.h) on a real io_context with two threads: the bound
// holds, waiters are served in order of arrival, and one that waits too long gives up cleanly.
#include "khaothi/server/admission.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <catch2/catch.hpp>

namespace khaothi::server {
namespace {

namespace net = boost::asio;
using namespace std::chrono_literals;

void RunOnTwoThreads(net::io_context& ioc) {
  std::thread other([&] { ioc.run(); });
  ioc.run();
  other.join();
}

// Runs `connections` openings that each hold a slot for `hold`, on `threads` threads; returns
// the order they were admitted in, and how many were inside at most and refused.
struct Run {
  std::vector<int> order;
  int most_inside = 0;
  int refused = 0;
};
Run Openings(Admission& admission, int connections, int threads, std::chrono::milliseconds hold) {
  net::io_context ioc;
  std::atomic<int> inside{0};
  std::atomic<int> most_inside{0};
  std::atomic<int> refused{0};
  std::mutex mu;
  Run run;
  for (int i = 0; i < connections; ++i) {
    auto strand = net::make_strand(ioc);
    net::co_spawn(
        strand,
        [&, i, strand]() -> net::awaitable<void> {
          Admission::Ticket ticket = co_await admission.Enter(strand);
          refused += ticket.admitted() ? 0 : 1;  // Catch2 asserts on the main thread only
          const int now_inside = ++inside;
          int seen = most_inside.load();
          while (now_inside > seen && !most_inside.compare_exchange_weak(seen, now_inside)) {
          }
          {
            std::lock_guard lock(mu);
            run.order.push_back(i);
          }
          net::steady_timer timer(strand, hold);
          co_await timer.async_wait(net::use_awaitable);
          --inside;
          ticket.Release();
        },
        net::detached);
  }
  std::vector<std::thread> others;
  for (int t = 1; t < threads; ++t) {
    others.emplace_back([&] { ioc.run(); });
  }
  ioc.run();
  for (auto& t : others) {
    t.join();
  }
  run.most_inside = most_inside.load();
  run.refused = refused.load();
  return run;
}

TEST_CASE("admission serves waiters in order of arrival", "[admission]") {
  // One thread: the openings call Enter in the order they were spawned.
  Admission admission(2, 10s);
  const Run run = Openings(admission, 12, 1, 5ms);
  CHECK(run.refused == 0);
  CHECK(run.most_inside == 2);
  REQUIRE(run.order.size() == 12);
  for (int i = 0; i < 12; ++i) {
    CHECK(run.order[static_cast<size_t>(i)] == i);
  }
  CHECK(admission.inside() == 0);
  CHECK(admission.waiting() == 0);
}

TEST_CASE("admission holds its bound with two threads racing", "[admission]") {
  Admission admission(3, 10s);
  const Run run = Openings(admission, 300, 2, 1ms);
  CHECK(run.refused == 0);
  CHECK(run.most_inside <= 3);
  CHECK(run.order.size() == 300);
  CHECK(admission.inside() == 0);
  CHECK(admission.waiting() == 0);
}

TEST_CASE("a waiter that waits too long is not admitted and takes no slot", "[admission]") {
  net::io_context ioc;
  Admission admission(1, 50ms);
  bool late_admitted = true;
  bool after_admitted = false;
  size_t waiting_after_timeout = 99;
  size_t inside_after_timeout = 99;
  auto strand = net::make_strand(ioc);
  net::co_spawn(
      strand,
      [&]() -> net::awaitable<void> {
        Admission::Ticket holder = co_await admission.Enter(strand);
        REQUIRE(holder.admitted());
        // A second opening waits behind the holder and gives up after 50 ms.
        Admission::Ticket late = co_await admission.Enter(strand);
        late_admitted = late.admitted();
        waiting_after_timeout = admission.waiting();
        inside_after_timeout = admission.inside();
        holder.Release();
        // The slot is free again: the next opening enters at once.
        Admission::Ticket after = co_await admission.Enter(strand);
        after_admitted = after.admitted();
      },
      net::detached);
  RunOnTwoThreads(ioc);
  CHECK_FALSE(late_admitted);
  CHECK(waiting_after_timeout == 0);
  CHECK(inside_after_timeout == 1);
  CHECK(after_admitted);
  CHECK(admission.inside() == 0);
}

TEST_CASE("a ticket moved or dropped half way gives its slot back once", "[admission]") {
  net::io_context ioc;
  Admission admission(1, 1s);
  auto strand = net::make_strand(ioc);
  int admitted = 0;
  net::co_spawn(
      strand,
      [&]() -> net::awaitable<void> {
        for (int i = 0; i < 3; ++i) {
          Admission::Ticket a = co_await admission.Enter(strand);
          Admission::Ticket b = std::move(a);  // an opening that fails leaves scope with it
          admitted += b.admitted() ? 1 : 0;
          CHECK(admission.inside() == 1);
        }
      },
      net::detached);
  ioc.run();
  CHECK(admitted == 3);
  CHECK(admission.inside() == 0);
}

}  // namespace
}  // namespace khaothi::server
