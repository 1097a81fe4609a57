// The client library's object lifetimes and its "saved" bookkeeping, against the real server
// in-process with real TLS and a real center.db (issue 13 item 0).
//
// At 10,000 candidates the load generator crashed in the client library: a connection dropped
// while a write was still waiting for the socket freed the TLS stream under that write (the TLS
// engine's timer was then cancelled in freed memory), and the next connection's write queue was
// emptied by the old connection's write handler. These tests reproduce both conditions on
// purpose; under the asan preset the first one failed with heap-use-after-free before the fix.
#include <algorithm>
#include <arpa/inet.h>
#include <map>
#include <netinet/in.h>
#include <random>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/centre/centre.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace net = boost::asio;
using client::EventType;

std::unique_ptr<server::Server> StartServer(const TestCentre& centre,
                                            const engine::Clock* clock = nullptr) {
  auto s = server::Server::Create(centre.Config(), clock);
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  (*s)->Start();
  return std::move(*s);
}

// The slots the client shows as saved (not pending) whose answer is not what center.db holds for
// the candidate: a candidate must never see "saved" for an answer the server does not hold.
std::vector<int> SavedButNotHeld(const TestCentre& centre, Candidate& c) {
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  auto form = centre::GetForm(*db, centre.session_id(), c.sbd());
  REQUIRE(form.ok());
  std::map<int, std::vector<int>> stored;
  store::Statement st =
      db->Prepare("SELECT slot, choice FROM answers WHERE session_id = ?1 AND sbd = ?2");
  st.Bind(1, centre.session_id());
  st.Bind(2, c.sbd());
  while (*st.Step()) {
    const boost::json::value choice = boost::json::parse(st.ColumnText(1));
    for (const auto& v : choice.as_array()) {
      stored[st.ColumnInt(0)].push_back(static_cast<int>(v.as_int64()));
    }
  }
  std::vector<int> wrong;
  const auto answers = c.client().answers();
  for (size_t slot = 0; slot < answers.size(); ++slot) {
    if (answers[slot].pending) {
      continue;
    }
    std::vector<int> shown;
    for (int displayed : answers[slot].choice) {
      shown.push_back(form->slots[slot].option_order[static_cast<size_t>(displayed)]);
    }
    std::sort(shown.begin(), shown.end());
    if (stored[static_cast<int>(slot)] != shown) {
      wrong.push_back(static_cast<int>(slot));
    }
  }
  return wrong;
}

// A TCP relay between clients and the server that can stop reading from the clients, and end
// the server's side towards them. Their writes then wait for the socket, as they do when a server
// is overloaded, which a server on loopback never is for a test.
class Relay {
 public:
  explicit Relay(uint16_t server_port) : server_port_(server_port) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listen_fd_ >= 0);
    // A small receive window (inherited by accepted sockets) fills after a few kilobytes.
    const int small = 4096;
    setsockopt(listen_fd_, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(listen(listen_fd_, 16) == 0);
    socklen_t len = sizeof a;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    accept_thread_ = std::thread([this] { Accept(); });
  }
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;
  ~Relay() {
    done_ = true;
    shutdown(listen_fd_, SHUT_RDWR);  // accept() returns
    accept_thread_.join();
    for (auto& l : links_) {
      shutdown(l->client, SHUT_RDWR);
      shutdown(l->upstream, SHUT_RDWR);
    }
    for (auto& t : pumps_) {
      t.join();
    }
    close(listen_fd_);
    for (auto& l : links_) {
      close(l->client);
      close(l->upstream);
    }
  }

  uint16_t port() const { return port_; }
  // The connections open now stop reading what their client sends (later ones do not).
  void Stall() {
    ForEach([](Link& l) { l.stalled = true; });
  }
  void Resume() {
    ForEach([](Link& l) { l.stalled = false; });
  }
  // The connections open now end towards their client (a FIN, as when the server goes away),
  // while what the client sent is still read once resumed.
  void CutToClients() {
    ForEach([](Link& l) {
      l.cut = true;
      shutdown(l.client, SHUT_WR);
    });
  }

 private:
  struct Link {
    int client = -1;
    int upstream = -1;
    std::atomic<bool> stalled{false};
    std::atomic<bool> cut{false};
  };

  void ForEach(const std::function<void(Link&)>& f) {
    std::lock_guard lock(mu_);
    for (auto& l : links_) {
      f(*l);
    }
  }

  void Accept() {
    for (;;) {
      const int client = accept(listen_fd_, nullptr, nullptr);
      if (client < 0 || done_) {
        if (client >= 0) {
          close(client);
        }
        return;
      }
      const int upstream = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      a.sin_port = htons(server_port_);
      if (connect(upstream, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        close(client);
        close(upstream);
        continue;
      }
      std::lock_guard lock(mu_);
      links_.push_back(std::make_unique<Link>());
      Link* l = links_.back().get();
      l->client = client;
      l->upstream = upstream;
      pumps_.emplace_back([this, l] { Pump(*l, true); });
      pumps_.emplace_back([this, l] { Pump(*l, false); });
    }
  }

  void Pump(Link& l, bool from_client) {
    const int from = from_client ? l.client : l.upstream;
    const int to = from_client ? l.upstream : l.client;
    char buf[4096];
    for (;;) {
      while (from_client && l.stalled && !done_) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      const ssize_t n = read(from, buf, sizeof buf);
      if (n <= 0 || done_ || send(to, buf, static_cast<size_t>(n), MSG_NOSIGNAL) != n) {
        break;
      }
    }
    // A cut link keeps reading from its client.
    if (from_client || !l.cut) {
      shutdown(from, SHUT_RDWR);
      shutdown(to, SHUT_RDWR);
    }
  }

  const uint16_t server_port_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> done_{false};
  std::thread accept_thread_;
  std::mutex mu_;
  // Guarded by mu_ while the accept thread runs; the destructor reads them after joining it.
  std::vector<std::unique_ptr<Link>> links_;
  std::vector<std::thread> pumps_;
};

// Answers `count` times, round the slots, from `first` on; returns the choice each slot got last.
std::map<int, int> AnswerMany(Candidate& c, int first, int count, int slots) {
  std::map<int, int> last;
  for (int i = first; i < first + count; ++i) {
    c.client().Answer(i % slots, {i % 4});
    last[i % slots] = i % 4;
  }
  return last;
}

TEST_CASE("a connection that ends while writes wait for the socket frees nothing still in use",
          "[server][client]") {
  TestCentre centre({.candidates = 1});
  auto server = StartServer(centre);
  Relay relay(server->port());
  IoThreads io;
  const auto& [sbd, password] = *centre.passwords().begin();
  Candidate c(io.executor(), centre.ca_pem(), relay.port(), sbd, password);
  c.Begin();
  c.client().Start();
  REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kForm); }));
  const int slots = static_cast<int>(c.client().questions().size());
  REQUIRE(slots > 0);
  std::map<int, int> last;
  auto check = [&] {
    REQUIRE(c.WaitUntil([&] { return c.client().pending_count() == 0; }));
    CHECK(SavedButNotHeld(centre, c).empty());
    for (const auto& [slot, choice] : last) {
      CHECK(c.client().answers()[static_cast<size_t>(slot)].choice == std::vector<int>{choice});
    }
  };

  SECTION("the client drops the connection") {
    // The relay stops reading: a few hundred kilobytes of answers fill both sockets' buffers and
    // the client's current write waits for the socket.
    relay.Stall();
    last = AnswerMany(c, 0, 3000, slots);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    REQUIRE(c.client().pending_count() > 0);
    // The read and the waiting write both end. Before the fix the read's end freed the TLS
    // stream while the write still used it (ASan: heap-use-after-free).
    c.client().Reconnect();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    relay.Resume();
    check();
  }

  SECTION("the server's side goes away") {
    relay.Stall();
    last = AnswerMany(c, 0, 3000, slots);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    REQUIRE(c.client().pending_count() > 0);
    // The read ends (EOF) while the write still waits. Before the fix the stream was freed with
    // the write still on it, and when that write ended, on the next connection, its handler
    // emptied the new connection's queue and started a second write on it.
    const int forms = c.Count(EventType::kForm);
    relay.CutToClients();
    REQUIRE(c.WaitUntil([&] { return c.Count(EventType::kForm) > forms; }));
    for (const auto& [slot, choice] : AnswerMany(c, 3000, 300, slots)) {
      last[slot] = choice;
    }
    relay.Resume();  // the old connection's write completes now, the new one busy writing
    for (const auto& [slot, choice] : AnswerMany(c, 3300, 300, slots)) {
      last[slot] = choice;
    }
    check();
  }
}

TEST_CASE("churn: many clients dropped and then stopped while answering lose nothing",
          "[server][client]") {
  constexpr int kClients = 20;
  TestCentre centre({.candidates = kClients});
  server::ServerConfig config = centre.Config();
  config.limits.max_logins_per_address = 1'000'000;  // every reconnect logs in again
  auto s = server::Server::Create(config);
  REQUIRE(s.ok());
  auto& server = *s;
  server->Start();
  // An io_context of the test's own, to see it run out of work once every client is stopped.
  net::io_context ioc;
  auto work = net::make_work_guard(ioc);
  struct Threads {
    net::io_context& ioc;
    std::vector<std::thread> threads;
    ~Threads() {
      ioc.stop();
      for (auto& t : threads) {
        t.join();
      }
    }
  } io{ioc, {}};
  for (int i = 0; i < 2; ++i) {
    io.threads.emplace_back([&] { ioc.run(); });
  }
  std::vector<std::unique_ptr<Candidate>> candidates;
  for (const auto& [sbd, password] : centre.passwords()) {
    candidates.push_back(std::make_unique<Candidate>(ioc.get_executor(), centre.ca_pem(),
                                                     server->port(), sbd, password, "PC-" + sbd));
    candidates.back()->Begin();
    candidates.back()->client().Start();
  }
  for (auto& c : candidates) {
    REQUIRE(c->WaitUntil([&] { return c->Saw(EventType::kForm); }));
  }
  std::mt19937 rng(13);
  for (int round = 0; round < 40; ++round) {
    for (auto& c : candidates) {
      for (int k = 0; k < 5; ++k) {
        c->client().Answer(static_cast<int>(rng() % 30), {static_cast<int>(rng() % 4)});
      }
      if (rng() % 4 == 0) {
        c->client().Reconnect();
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (auto& c : candidates) {
    REQUIRE(c->WaitUntil([&] { return c->client().pending_count() == 0; }));
    INFO(c->sbd());
    CHECK(SavedButNotHeld(centre, *c).empty());
  }

  // Stopped while they answer and reconnect: every client ends all of its operations, so the
  // io_context runs out of work (STYLE.md rule 11: cancellation ends everything).
  for (auto& c : candidates) {
    c->client().Answer(0, {1});
    c->client().Reconnect();
  }
  candidates.clear();  // each Candidate calls Stop() and drops its reference
  work.reset();
  CHECK(WaitFor([&] { return ioc.stopped(); }, std::chrono::seconds(20)));
}

TEST_CASE("an answer the server refused after time-up is not shown as saved with the result",
          "[server][client]") {
  TestCentre centre({.candidates = 1});
  SharedFakeClock clock(1'800'000'000'000);
  auto server = StartServer(centre, &clock);
  IoThreads io;
  const auto& [sbd, password] = *centre.passwords().begin();
  Candidate c(io.executor(), centre.ca_pem(), server->port(), sbd, password);
  c.Begin();
  c.client().Start();
  REQUIRE(c.WaitUntil([&] { return c.Saw(EventType::kForm); }));
  c.client().Answer(0, {2});
  REQUIRE(c.WaitUntil([&] { return c.client().pending_count() == 0; }));

  // Past the deadline the server refuses the answer (too_late) and the attempt ends with a result.
  clock.Advance(std::chrono::minutes(30) + std::chrono::milliseconds(1));
  c.client().Answer(3, {1});
  c.client().Submit();
  REQUIRE(c.WaitUntil([&] { return c.client().result().has_value(); }));
  // Whatever the server answered to the late write has arrived by now.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(SavedButNotHeld(centre, c).empty());
  CHECK(c.client().answers()[3].pending);
  CHECK_FALSE(c.client().answers()[0].pending);
}

}  // namespace
}  // namespace khaothi::testing
