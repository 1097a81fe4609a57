// The Safe Exam Browser door (docs/seb.md) against the real server over TLS: the station's
// route and the candidate WebSocket upgrade, for a session that requires SEB and one that does
// not. The station page itself is another part's; a request the door lets through reaches the
// ordinary routing (a 404 while no page is there), a refused one never does.
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/centre/centre.h"
#include "khaothi/seb/seb.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "dashboard_driver.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace ssl = net::ssl;

std::unique_ptr<server::Server> StartServer(const TestCentre& centre) {
  auto s = server::Server::Create(centre.Config());
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  (*s)->Start();
  return std::move(*s);
}

// The station's settings for this server and their Config Key, recorded for S1 and (when
// `required`) required.
std::string RequireSeb(const TestCentre& centre, bool required) {
  const std::string key =
      seb::ConfigKey(seb::StationSeb({.start_url = "https://127.0.0.1/thi/", .quit_url = ""}));
  auto db = store::Database::Open(centre.db_path(), false);
  REQUIRE(db.ok());
  const centre::Change change{.actor = "cli:test", .at_ms = 1};
  REQUIRE(centre::RecordSebConfig(*db, "S1", "https://127.0.0.1/thi/", key, change).ok());
  REQUIRE(centre::SetSebRequired(*db, "S1", required, change).ok());
  return key;
}

struct Upgrade {
  int status = 0;
  std::string body;
};

// A WebSocket upgrade of `target` with `headers`; the socket is dropped once answered.
Upgrade OpenSocket(uint16_t port, const std::string& ca_pem, const std::string& target,
                   const Headers& headers) {
  net::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
  ctx.add_certificate_authority(net::buffer(ca_pem));
  ctx.set_verify_mode(ssl::verify_peer);
  websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws{ioc, ctx};
  beast::get_lowest_layer(ws).connect(
      net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  ws.next_layer().handshake(ssl::stream_base::client);
  ws.set_option(websocket::stream_base::decorator([&](websocket::request_type& req) {
    for (const auto& [name, value] : headers) {
      req.set(name, value);
    }
  }));
  websocket::response_type res;
  beast::error_code ec;
  ws.handshake(res, "127.0.0.1:" + std::to_string(port), target, ec);
  beast::get_lowest_layer(ws).socket().close(ec);
  return {static_cast<int>(res.result_int()), res.body()};
}

std::string Origin(uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

// A candidate connection opened like OpenSocket's that stays open and logs in as `sbd`.
class Seat {
 public:
  Seat(uint16_t port, const std::string& ca_pem, const std::string& target, const Headers& headers)
      : ctx_(ssl::context::tls_client), ws_(ioc_, ctx_) {
    ctx_.add_certificate_authority(net::buffer(ca_pem));
    ctx_.set_verify_mode(ssl::verify_peer);
    beast::get_lowest_layer(ws_).connect(
        net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    ws_.next_layer().handshake(ssl::stream_base::client);
    ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
      for (const auto& [name, value] : headers) {
        req.set(name, value);
      }
    }));
    ws_.handshake(Origin(port), target);
    ws_.text(true);
  }
  // hello, then login; returns the login's answer.
  std::string LogIn(const std::string& sbd, const std::string& password) {
    Say(R"({"type":"hello","protocol":1})");
    return Say(R"({"type":"login","sbd":")" + sbd + R"(","password":")" + password +
               R"(","machine":"PC-)" + sbd + R"("})");
  }

 private:
  std::string Say(const std::string& frame) {
    ws_.write(net::buffer(frame));
    beast::flat_buffer buffer;
    ws_.read(buffer);
    return beast::buffers_to_string(buffer.data());
  }
  net::io_context ioc_;
  ssl::context ctx_;
  websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws_;
};

// The room's tiles as the proctor's live view sends them, by số báo danh.
boost::json::object RoomData(uint16_t port, const std::string& ca_pem, const StaffSession& s) {
  HttpReply r = Https(port, ca_pem, "GET", "/api/room/S1/P101/seats", "", {{"Cookie", s.cookie}});
  REQUIRE(r.status == 200);
  return boost::json::parse(r.body).as_object();
}

boost::json::value ClientOf(const boost::json::object& room, const std::string& sbd) {
  for (const boost::json::value& tile : room.at("seats").as_array()) {
    if (tile.at("sbd").as_string() == sbd) {
      return tile.at("client");
    }
  }
  FAIL("no tile " << sbd);
  return nullptr;
}

TEST_CASE("SEB required: the station route is refused without the right Config Key hash", "[seb]") {
  TestCentre centre({.candidates = 2});
  const std::string key = RequireSeb(centre, true);
  auto server = StartServer(centre);
  const uint16_t port = server->port();
  const std::string page = "https://" + Origin(port) + "/thi/";

  // Missing: the Vietnamese page, no form, nothing to run.
  HttpReply missing = Https(port, centre.ca_pem(), "GET", "/thi/");
  CHECK(missing.status == 403);
  CHECK(missing.headers["content-type"] == "text/html; charset=utf-8");
  CHECK(missing.body.find("<html lang=\"vi\">") != std::string::npos);
  CHECK(missing.body.find("Cần mở bằng Safe Exam Browser") != std::string::npos);
  CHECK(missing.body.find("Trình duyệt này không phải Safe Exam Browser.") != std::string::npos);
  CHECK(missing.body.find("<form") == std::string::npos);
  CHECK(missing.body.find("<script") == std::string::npos);
  CHECK(missing.headers.count("content-security-policy") == 1);

  HttpReply english = Https(port, centre.ca_pem(), "GET", "/thi/?lang=en");
  CHECK(english.status == 403);
  CHECK(english.body.find("Safe Exam Browser is required") != std::string::npos);
  CHECK(english.body.find("This browser is not Safe Exam Browser.") != std::string::npos);

  // Wrong: another key, or the right key's hash for another URL.
  for (const std::string& wrong :
       {seb::RequestHash(page, std::string(64, 'a')), seb::RequestHash(page + "x", key)}) {
    HttpReply r = Https(port, centre.ca_pem(), "GET", "/thi/", "",
                        {{"X-SafeExamBrowser-ConfigKeyHash", wrong}});
    CHECK(r.status == 403);
    CHECK(r.body.find("không được mở bằng tệp .seb của ca thi") != std::string::npos);
  }
  // Everything under /thi/ is behind the door, not only the page.
  CHECK(Https(port, centre.ca_pem(), "GET", "/thi/app.js").status == 403);
  CHECK(Https(port, centre.ca_pem(), "GET", "/thi").status == 403);

  // Right: through the door to the ordinary routing.
  HttpReply right = Https(port, centre.ca_pem(), "GET", "/thi/", "",
                          {{"X-SafeExamBrowser-ConfigKeyHash", seb::RequestHash(page, key)}});
  CHECK(right.status != 403);
  CHECK(right.body.find("Safe Exam Browser") == std::string::npos);
  // The dashboard and the health check are not the station's: no door there.
  CHECK(Https(port, centre.ca_pem(), "GET", "/health").status == 200);
  CHECK(Https(port, centre.ca_pem(), "GET", "/").body.find("Safe Exam Browser") ==
        std::string::npos);
}

TEST_CASE("SEB required: the candidate WebSocket opens only with the Config Key hash", "[seb]") {
  TestCentre centre({.candidates = 2});
  const std::string key = RequireSeb(centre, true);
  auto server = StartServer(centre);
  const uint16_t port = server->port();

  Upgrade missing = OpenSocket(port, centre.ca_pem(), "/ws", {});
  CHECK(missing.status == 403);
  CHECK(missing.body.find("không phải Safe Exam Browser") != std::string::npos);
  Upgrade wrong = OpenSocket(port, centre.ca_pem(), "/ws",
                             {{"X-SafeExamBrowser-ConfigKeyHash",
                               seb::RequestHash("wss://" + Origin(port) + "/ws", key + "0")}});
  CHECK(wrong.status == 403);

  // The header over the socket's URL, as https:// or as wss://.
  for (const char* scheme : {"https://", "wss://"}) {
    Upgrade right = OpenSocket(port, centre.ca_pem(), "/ws",
                               {{"X-SafeExamBrowser-ConfigKeyHash",
                                 seb::RequestHash(scheme + Origin(port) + "/ws", key)}});
    INFO(scheme);
    CHECK(right.status == 101);
  }

  // SEB's JavaScript API: the page's own hash, passed on the socket's query.
  const std::string page = "https://" + Origin(port) + "/thi/";
  const std::string page_q = "https%3A%2F%2F" + Origin(port) + "%2Fthi%2F";
  CHECK(OpenSocket(port, centre.ca_pem(),
                   "/ws?seb_url=" + page_q + "&seb_ck=" + seb::RequestHash(page, key), {})
            .status == 101);
  CHECK(OpenSocket(port, centre.ca_pem(),
                   "/ws?seb_url=" + page_q + "&seb_ck=" + seb::RequestHash(page + "x", key), {})
            .status == 403);
  // A page of another host, with its own correct hash, proves nothing here.
  const std::string elsewhere = "https://example.org/thi/";
  CHECK(OpenSocket(port, centre.ca_pem(),
                   "/ws?seb_url=https%3A%2F%2Fexample.org%2Fthi%2F&seb_ck=" +
                       seb::RequestHash(elsewhere, key),
                   {})
            .status == 403);
}

TEST_CASE("SEB not required: the station route and the WebSocket are unaffected", "[seb]") {
  TestCentre centre({.candidates = 2});
  // A .seb file written but not required: nothing changes for any browser.
  RequireSeb(centre, false);
  auto server = StartServer(centre);
  const uint16_t port = server->port();
  HttpReply page = Https(port, centre.ca_pem(), "GET", "/thi/");
  CHECK(page.status != 403);
  CHECK(page.body.find("Safe Exam Browser") == std::string::npos);
  CHECK(OpenSocket(port, centre.ca_pem(), "/ws", {}).status == 101);
  // The .seb file's quit URL: SEB quits on it; another browser gets a page that says it may close.
  HttpReply quit = Https(port, centre.ca_pem(), "GET", "/thi/thoat");
  CHECK(quit.status == 200);
  CHECK(quit.body.find("Bài thi đã kết thúc") != std::string::npos);
  CHECK(quit.headers.count("content-security-policy") == 1);

  // Turned on while the server runs: the door closes within the second it rereads the setting,
  // and opens again when turned off.
  {
    auto db = store::Database::Open(centre.db_path(), false);
    REQUIRE(db.ok());
    REQUIRE(centre::SetSebRequired(*db, "S1", true, {.actor = "cli:test", .at_ms = 2}).ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CHECK(OpenSocket(port, centre.ca_pem(), "/ws", {}).status == 403);
  CHECK(Https(port, centre.ca_pem(), "GET", "/thi/").status == 403);
  {
    auto db = store::Database::Open(centre.db_path(), false);
    REQUIRE(db.ok());
    REQUIRE(centre::SetSebRequired(*db, "S1", false, {.actor = "cli:test", .at_ms = 3}).ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CHECK(OpenSocket(port, centre.ca_pem(), "/ws", {}).status == 101);
}

TEST_CASE("the proctor's tile says which seats came through SEB", "[seb]") {
  TestCentre centre({.candidates = 4});
  const std::string key = RequireSeb(centre, true);
  AddStaff(centre.db_path(), "lan", "proctor", "mật-khẩu-coi-thi-1", {"S1/P101"});
  auto server = StartServer(centre);
  const uint16_t port = server->port();
  const std::string& ca = centre.ca_pem();
  StaffSession lan = LogIn(port, ca, "lan", "mật-khẩu-coi-thi-1");
  REQUIRE(!lan.cookie.empty());
  const std::string origin = "https://" + Origin(port);
  const std::string page_q = "https%3A%2F%2F" + Origin(port) + "%2Fthi%2F";
  const std::string& pw1 = centre.passwords().at("TS001");

  // TS001 through the header on the upgrade, TS002 through the JavaScript API's value.
  Seat header(port, ca, "/ws",
              {{"Origin", origin},
               {"X-SafeExamBrowser-ConfigKeyHash",
                seb::RequestHash("wss://" + Origin(port) + "/ws", key)}});
  CHECK(header.LogIn("TS001", pw1).find("login_ok") != std::string::npos);
  Seat js(port, ca, "/ws?seb_url=" + page_q + "&seb_ck=" + seb::RequestHash(origin + "/thi/", key),
          {{"Origin", origin}});
  CHECK(js.LogIn("TS002", centre.passwords().at("TS002")).find("login_ok") != std::string::npos);

  boost::json::object room = RoomData(port, ca, lan);
  CHECK(room.at("seb").as_string() == "required");
  CHECK(ClientOf(room, "TS001").as_string() == "seb");
  CHECK(ClientOf(room, "TS002").as_string() == "seb");
  CHECK(ClientOf(room, "TS003").is_null());  // not connected

  // With the requirement off, the .seb file still there: an ordinary browser sits and its tile
  // says so; the terminal client (no Origin) is told apart from both.
  {
    auto db = store::Database::Open(centre.db_path(), false);
    REQUIRE(db.ok());
    REQUIRE(centre::SetSebRequired(*db, "S1", false, {.actor = "cli:test", .at_ms = 2}).ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  Seat browser(port, ca, "/ws", {{"Origin", origin}});
  CHECK(browser.LogIn("TS003", centre.passwords().at("TS003")).find("login_ok") !=
        std::string::npos);
  Seat terminal(port, ca, "/ws", {});
  CHECK(terminal.LogIn("TS004", centre.passwords().at("TS004")).find("login_ok") !=
        std::string::npos);
  room = RoomData(port, ca, lan);
  CHECK(room.at("seb").as_string() == "file");
  CHECK(ClientOf(room, "TS001").as_string() == "seb");
  CHECK(ClientOf(room, "TS003").as_string() == "browser");
  CHECK(ClientOf(room, "TS004").as_string() == "terminal");

  // A second connection of TS001 from an ordinary browser takes over: the tile follows it.
  Seat again(port, ca, "/ws", {{"Origin", origin}});
  CHECK(again.LogIn("TS001", pw1).find("login_ok") != std::string::npos);
  CHECK(ClientOf(RoomData(port, ca, lan), "TS001").as_string() == "browser");
}

}  // namespace
}  // namespace khaothi::testing
