// Network faults: a client that stalls mid-frame, half-open connections and a thousand idle
// connections. The server's limits hold and the other candidates are not affected.
#include <sys/resource.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <catch2/catch.hpp>

#include "khaothi/server/server.h"

#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace net = boost::asio;
namespace ssl = net::ssl;
using client::EventType;
using tcp = net::ip::tcp;

// True when the server has closed `sock` (a read ends with EOF or an error) within `limit`.
bool ClosedByServer(tcp::socket& sock, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  sock.non_blocking(true);
  char buf[256];
  while (std::chrono::steady_clock::now() < end) {
    boost::system::error_code ec;
    sock.read_some(net::buffer(buf), ec);
    if (ec && ec != net::error::would_block) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

TEST_CASE("stalled, half-open and a thousand idle connections do not hurt the others",
          "[server][faults]") {
  // Room for a thousand sockets in this process.
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = std::min<rlim_t>(lim.rlim_max, 8192);
  setrlimit(RLIMIT_NOFILE, &lim);

  TestCentre centre({.candidates = 1});
  server::ServerConfig config = centre.Config();
  config.limits.handshake_timeout = std::chrono::milliseconds(1500);
  config.limits.idle_timeout = std::chrono::milliseconds(1500);
  auto s = server::Server::Create(config);
  REQUIRE(s.ok());
  auto& server = *s;
  server->Start();
  net::io_context ioc;
  const tcp::endpoint ep(net::ip::make_address("127.0.0.1"), server->port());

  // A thousand connections that never say anything (half-open from the server's side).
  std::vector<std::unique_ptr<tcp::socket>> idle;
  for (int i = 0; i < 1000; ++i) {
    auto sock = std::make_unique<tcp::socket>(ioc);
    boost::system::error_code ec;
    sock->connect(ep, ec);
    REQUIRE_FALSE(ec);
    idle.push_back(std::move(sock));
  }
  // A client that completes TLS and the WebSocket handshake, then stalls in the middle of a
  // frame: a header announcing 100 bytes, and only 10 of them.
  RawClient stalled(centre.ca_pem(), server->port());
  stalled.SendRaw(
      std::string("\x81\xE4"
                  "abcd"
                  "0123456789",
                  16));  // masked, 100 bytes said

  // Meanwhile a real candidate sits the exam as usual.
  IoThreads io;
  const auto& [sbd, password] = *centre.passwords().begin();
  Candidate c(io.executor(), centre.ca_pem(), server->port(), sbd, password);
  c.Begin();
  c.client().Start();
  REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kForm); }));
  for (int slot = 0; slot < 10; ++slot) {
    c.client().Answer(slot, {slot % 4});
  }
  REQUIRE(c.WaitUntil([&] { return c.client().pending_count() == 0; }));

  // The limits hold: the silent connections are cut at the handshake deadline, the stalled one at
  // the idle deadline.
  int closed = 0;
  for (auto& sock : idle) {
    closed += ClosedByServer(*sock, std::chrono::milliseconds(closed == 0 ? 5000 : 50)) ? 1 : 0;
  }
  CHECK(closed == 1000);
  CHECK(stalled.Receive(std::chrono::seconds(5)).empty());
  CHECK(stalled.closed());

  // And the candidate carries on, connected all along.
  c.client().Answer(10, {1});
  REQUIRE(c.WaitUntil([&] { return c.client().pending_count() == 0; }));
  CHECK(c.Count(EventType::kDisconnected) == 0);
}

}  // namespace
}  // namespace khaothi::testing
