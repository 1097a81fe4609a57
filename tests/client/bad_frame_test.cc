// The client against a server that misbehaves: frames that are not protocol messages, a
// connection that drops, a handler that throws. The client logs and skips what it cannot read,
// restarts its connection loop after an exception, and the candidate still finishes the exam.
//
// The fake server is a TLS WebSocket server with the lab PKI that plays a two-question exam with
// the protocol library's encoders, and sends the frames of its script where a test asks.
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <catch2/catch.hpp>

#include "khaothi/client/exam_client.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/protocol/client_messages.h"
#include "khaothi/protocol/protocol.h"
#include "khaothi/protocol/server_messages.h"

#include "drivers.h"
#include "test_util.h"

namespace khaothi::testing {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using client::EventType;
using net::ip::tcp;
using WsStream = beast::websocket::stream<beast::ssl_stream<tcp::socket>>;

struct Script {
  // Sent once, on the first connection, just before its first form.
  std::vector<std::string> before_form;
  // The first connection ends, without a word, right after its first ack.
  bool drop_after_first_ack = false;
  // The first connection answers this many starts, and as many submits, with `busy` and no seq,
  // as the server does while its writer's queue is full.
  int busy_commands = 0;
};

// Plays a two-question exam; keeps the answers it acknowledged.
class FakeServer {
 public:
  FakeServer(const std::string& dir, Script script)
      : script_(std::move(script)),
        ssl_ctx_(net::ssl::context::tls_server),
        acceptor_(ioc_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
    const Status pki = crypto::CreateLabPki(dir, "Fake centre", {"localhost"}, {"127.0.0.1"});
    INFO(pki.ToString());
    REQUIRE(pki.ok());
    ca_pem_ = ReadFile(dir + "/ca.pem");
    ssl_ctx_.use_certificate_chain_file(dir + "/server.pem");
    ssl_ctx_.use_private_key_file(dir + "/server-key.pem", net::ssl::context::pem);
    net::co_spawn(ioc_, Accept(), [](const std::exception_ptr&) {
      // The acceptor closes when the server is destroyed; nothing to report.
    });
    thread_ = std::thread([this] { ioc_.run(); });
  }
  FakeServer(const FakeServer&) = delete;
  FakeServer& operator=(const FakeServer&) = delete;
  ~FakeServer() {
    ioc_.stop();
    thread_.join();
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  const std::string& ca_pem() const { return ca_pem_; }
  int connections() const { return connections_; }
  std::map<int, std::vector<int>> held() const {
    std::lock_guard lock(mu_);
    return held_;
  }

 private:
  net::awaitable<void> Accept() {
    for (;;) {
      tcp::socket socket = co_await acceptor_.async_accept(net::use_awaitable);
      const int n = ++connections_;
      // A connection's end (the client closing, or this script dropping it) ends its coroutine.
      net::co_spawn(ioc_, Serve(std::move(socket), n), [](const std::exception_ptr&) {});
    }
  }

  protocol::Form MakeForm() const {
    protocol::Form form;
    form.state = "in_progress";
    form.remaining_ms = 600'000;
    for (int slot = 0; slot < 2; ++slot) {
      form.slots.push_back({slot, "Câu " + std::to_string(slot + 1), {"A", "B", "C", "D"}, false});
    }
    std::lock_guard lock(mu_);
    for (const auto& [slot, choice] : held_) {
      form.answers.push_back({slot, choice, false});
    }
    form.next_seq = next_seq_;
    return form;
  }

  net::awaitable<void> Serve(tcp::socket socket, int n) {
    WsStream ws(std::move(socket), ssl_ctx_);
    co_await ws.next_layer().async_handshake(net::ssl::stream_base::server, net::use_awaitable);
    co_await ws.async_accept(net::use_awaitable);
    ws.text(true);
    bool acked = false;
    for (;;) {
      beast::flat_buffer buffer;
      co_await ws.async_read(buffer, net::use_awaitable);
      const protocol::Decoded d =
          protocol::DecodeClientMessage(beast::buffers_to_string(buffer.data()));
      if (!d.message) {
        continue;
      }
      const protocol::ClientMessage& m = *d.message;
      std::vector<std::string> out;
      bool drop = false;
      switch (m.type) {
        case protocol::ClientMessageType::kHello:
          out.push_back(protocol::Encode(protocol::ServerHello{1, "fake/0.1", 0}));
          break;
        case protocol::ClientMessageType::kLogin: {
          // In progress, no unlock, two questions, ten minutes left of ten.
          const protocol::LoginOk ok{
              {m.sbd, "Nguyễn Văn An", "01/01/2000", "Nam", "Hà Nội", "001", "P1"},
              {"S1", "Ca 1", "2026-12-31"},
              "in_progress",
              false,
              600'000,
              2,
              600'000};
          out.push_back(protocol::Encode(ok));
          break;
        }
        case protocol::ClientMessageType::kStart:
          if (n == 1 && busy_starts_ < script_.busy_commands) {
            ++busy_starts_;
            out.push_back(Busy());
            break;
          }
          if (n == 1 && !script_played_.exchange(true)) {
            out = script_.before_form;
          }
          out.push_back(protocol::Encode(MakeForm()));
          break;
        case protocol::ClientMessageType::kAnswer: {
          std::lock_guard lock(mu_);
          held_[m.slot] = m.choice;
          next_seq_ = std::max(next_seq_, m.seq + 1);
          out.push_back(protocol::Encode(protocol::Ack{true, m.slot, m.seq, "applied", 600'000}));
          drop = n == 1 && script_.drop_after_first_ack && !acked;
          acked = true;
          break;
        }
        case protocol::ClientMessageType::kSubmit: {
          if (n == 1 && busy_submits_ < script_.busy_commands) {
            ++busy_submits_;
            out.push_back(Busy());
            break;
          }
          protocol::ExamResult result;
          result.submitted_by = "candidate";
          result.answered = static_cast<int>(held().size());
          result.total = 2;
          out.push_back(protocol::Encode(result));
          break;
        }
        case protocol::ClientMessageType::kPing:
          out.push_back(protocol::Encode(protocol::Pong{0, 600'000, m.echo}));
          break;
        default:
          break;
      }
      for (const std::string& frame : out) {
        co_await ws.async_write(net::buffer(frame), net::use_awaitable);
      }
      if (drop) {
        co_return;  // the socket closes under the client, as a broken network would
      }
    }
  }

  static std::string Busy() {
    return protocol::Encode(protocol::Error{.code = std::string(protocol::error::kBusy),
                                            .message = "the server is busy saving"});
  }

  const Script script_;
  net::io_context ioc_;
  net::ssl::context ssl_ctx_;
  tcp::acceptor acceptor_;
  std::string ca_pem_;
  std::thread thread_;
  std::atomic<int> connections_{0};
  std::atomic<bool> script_played_{false};
  int busy_starts_ = 0;   // used on the server's one thread
  int busy_submits_ = 0;  // likewise
  mutable std::mutex mu_;
  std::map<int, std::vector<int>> held_;  // guarded by mu_
  uint64_t next_seq_ = 1;                 // guarded by mu_
};

// The client's events and log lines, as a test reads them.
struct Record {
  std::mutex mu;
  std::vector<client::Event> events;
  std::vector<std::string> log;

  int Count(EventType type, std::string_view code) {
    std::lock_guard lock(mu);
    return static_cast<int>(std::count_if(events.begin(), events.end(), [&](const auto& e) {
      return e.type == type && e.code == code;
    }));
  }
  bool Logged(std::string_view text) {
    std::lock_guard lock(mu);
    return std::any_of(log.begin(), log.end(),
                       [&](const std::string& l) { return l.find(text) != std::string::npos; });
  }
};

client::ClientOptions Options(const FakeServer& server, const std::shared_ptr<Record>& record) {
  client::ClientOptions o;
  o.host = "127.0.0.1";
  o.port = server.port();
  o.ca_pem = server.ca_pem();
  o.machine = "PC-01";
  o.reconnect_min = std::chrono::milliseconds(50);
  o.reconnect_max = std::chrono::milliseconds(200);
  o.log = [record](std::string_view line) {
    std::lock_guard lock(record->mu);
    record->log.emplace_back(line);
  };
  return o;
}

// A handler that keeps every event in `record`.
client::ExamClient::Handler Recorder(const std::shared_ptr<Record>& record) {
  return [record](const client::Event& e) {
    std::lock_guard lock(record->mu);
    record->events.push_back(e);
  };
}

// A client that records its events, connected, logged in as TS001 and asked to start.
std::shared_ptr<client::ExamClient> StartExam(IoThreads& io, const FakeServer& server,
                                              const std::shared_ptr<Record>& record) {
  auto c = client::ExamClient::Create(io.executor(), Options(server, record), Recorder(record));
  c->Connect();
  c->Login("TS001", "secret");
  c->Start();
  return c;
}

// Answers both questions, waits until both are saved, submits and waits for the result.
void FinishExam(client::ExamClient& c, FakeServer& server) {
  REQUIRE(WaitFor([&] { return c.questions().size() == 2; }));
  REQUIRE(c.Answer(0, {1}) != 0);
  REQUIRE(c.Answer(1, {2}) != 0);
  REQUIRE(WaitFor([&] { return c.pending_count() == 0 && server.held().size() == 2; }));
  c.Submit();
  REQUIRE(WaitFor([&] { return c.result().has_value(); }));
  CHECK(c.result()->answered == 2);
  CHECK(server.held() == std::map<int, std::vector<int>>{{0, {1}}, {1, {2}}});
}

TEST_CASE("frames that are not protocol messages are logged and skipped, and the exam goes on",
          "[client][protocol]") {
  TempDir dir;
  const std::vector<std::string> bad = {
      "not json at all",
      R"([1,2,3])",
      R"({"type":"teleport"})",
      R"({"type":"ack"})",
      R"({"type":"ack","kind":"answer","slot":0,"seq":"1","outcome":"applied","remaining_ms":1})",
      R"({"type":"form","slots":5})",
      R"({"type":"login_ok","candidate":{}})",
      R"({"type":"result","submitted_by":"clock","answered":"all","total":2})",
      R"({"type":"form","state":"in_progress","remaining_ms":1,"next_seq":1,)"
      R"("answers":[{"slot":7,"choice":[0],"flagged":false}],"slots":[]})",
  };
  FakeServer server(dir.path(), Script{bad, /*drop_after_first_ack=*/true});
  auto record = std::make_shared<Record>();
  IoThreads io;
  auto c = StartExam(io, server, record);
  FinishExam(*c, server);
  // Every bad frame was reported and logged, none ended the exam or was taken for a message: no
  // result came early, the form in force has the two questions.
  CHECK(record->Count(EventType::kError, client::kBadFrame) == static_cast<int>(bad.size()));
  CHECK(record->Logged("skipped a frame from the server: not valid JSON"));
  CHECK(record->Logged("skipped a frame from the server: unknown message type \"teleport\""));
  CHECK(record->Logged("ack: \"kind\" is missing"));
  CHECK(record->Logged("ack: \"seq\" must be a whole number"));
  CHECK(record->Logged("login_ok.candidate: \"sbd\" is missing"));
  CHECK(record->Logged("result: \"answered\" must be a whole number"));
  CHECK(record->Logged("form.answers[0]: \"slot\" 7 is not a question of the form"));
  // The first connection dropped after its first ack; the client came back by itself.
  CHECK(server.connections() >= 2);
  CHECK(record->Count(EventType::kDisconnected, "dropped") >= 1);
  c->Stop();
}

TEST_CASE("an exception in the client's loop is logged and the loop starts again",
          "[client][protocol]") {
  TempDir dir;
  FakeServer server(dir.path(), Script{});
  auto record = std::make_shared<Record>();
  auto thrown = std::make_shared<std::atomic<bool>>(false);
  IoThreads io;
  auto c = client::ExamClient::Create(io.executor(), Options(server, record),
                                      [record, thrown](const client::Event& e) {
                                        {
                                          std::lock_guard lock(record->mu);
                                          record->events.push_back(e);
                                        }
                                        // The first form's handler fails, as a buggy UI might.
                                        if (e.type == EventType::kForm && !thrown->exchange(true)) {
                                          throw std::runtime_error("the handler failed");
                                        }
                                      });
  c->Connect();
  c->Login("TS001", "secret");
  c->Start();
  FinishExam(*c, server);
  CHECK(thrown->load());
  CHECK(record->Logged("the connection loop ended with an exception: the handler failed"));
  CHECK(record->Count(EventType::kDisconnected, "internal") == 1);
  CHECK(server.connections() >= 2);
  c->Stop();
}

TEST_CASE("a start and a submit refused as busy are sent again without a reconnect",
          "[client][protocol]") {
  TempDir dir;
  Script script;
  script.busy_commands = 2;
  FakeServer server(dir.path(), script);
  auto record = std::make_shared<Record>();
  IoThreads io;
  auto c = StartExam(io, server, record);
  // Two refused starts, then the form; two refused submits, then the result: each resent by the
  // client about a second later, on the one connection it had from the start.
  FinishExam(*c, server);
  CHECK(record->Count(EventType::kError, protocol::error::kBusy) == 4);
  CHECK(server.connections() == 1);
  c->Stop();
}

}  // namespace
}  // namespace khaothi::testing
