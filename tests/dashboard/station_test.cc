// The browser station (issue 17, docs/station.md) over real HTTPS: the page and its assets are
// served with the right types and a strict Content-Security-Policy, and only a page of this
// server's own origin may open the candidate WebSocket. Chromium drives the page itself in
// station_browser_test.cc.
#include <string>

#include <catch2/catch.hpp>

#include "khaothi/server/server.h"

#include "dashboard_driver.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

struct Running {
  TestCentre centre{{.candidates = 2}};
  std::unique_ptr<server::Server> server;
  uint16_t port = 0;
  Running() {
    auto created = server::Server::Create(centre.Config());
    REQUIRE(created.ok());
    server = std::move(*created);
    server->Start();
    port = server->port();
  }
  ~Running() { server->Shutdown(); }
  std::string origin() const { return "https://127.0.0.1:" + std::to_string(port); }
};

TEST_CASE("the station page and its assets are served with their types and a strict CSP",
          "[station]") {
  Running r;
  struct Expect {
    std::string target;
    std::string type;
    std::string contains;
  };
  for (const Expect& e : {Expect{"/thi/", "text/html; charset=utf-8", "/thi/station.js"},
                          Expect{"/thi/station.css", "text/css; charset=utf-8", ".nav"},
                          Expect{"/thi/station.js", "text/javascript; charset=utf-8",
                                 "new WebSocket('wss://' + location.host + '/ws'"},
                          Expect{"/thi/station-practical.js", "text/javascript; charset=utf-8",
                                 "type: 'upload_chunk'"}}) {
    INFO(e.target);
    HttpReply reply = Https(r.port, r.centre.ca_pem(), "GET", e.target);
    CHECK(reply.status == 200);
    CHECK(reply.headers["content-type"] == e.type);
    CHECK(reply.body.find(e.contains) != std::string::npos);
    const std::string& csp = reply.headers["content-security-policy"];
    CHECK(csp.starts_with("default-src 'self'; connect-src 'self';"));
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(csp.find("unsafe") == std::string::npos);
    CHECK(reply.headers["x-content-type-options"] == "nosniff");
    CHECK(reply.headers["x-frame-options"] == "DENY");
  }
  // What is served is the source, byte for byte (CMake's configure_file changes nothing).
  for (const char* f : {"index.html", "station.css", "station.js", "station-practical.js"}) {
    const std::string target = std::string("/thi/") + (f == std::string("index.html") ? "" : f);
    CHECK(Https(r.port, r.centre.ca_pem(), "GET", target).body ==
          ReadFile(SourceFile(std::string("server/station/") + f)));
  }
  // The page has no inline script or style and loads nothing from another host.
  const std::string page = Https(r.port, r.centre.ca_pem(), "GET", "/thi/").body;
  CHECK(page.find("<script>") == std::string::npos);
  CHECK(page.find("style=") == std::string::npos);
  CHECK(page.find("http") == std::string::npos);
  CHECK(page.find("lang=\"vi\"") != std::string::npos);

  HttpReply bare = Https(r.port, r.centre.ca_pem(), "GET", "/thi");
  CHECK(bare.status == 301);
  CHECK(bare.headers["location"] == "/thi/");
  CHECK(Https(r.port, r.centre.ca_pem(), "GET", "/thi/nothing.js").status == 404);
  CHECK(Https(r.port, r.centre.ca_pem(), "GET", "/thi/../rooms").status == 404);
  HttpReply post = Https(r.port, r.centre.ca_pem(), "POST", "/thi/", "x=1");
  CHECK(post.status == 405);
  CHECK(post.headers["allow"] == "GET, HEAD");
}

TEST_CASE("only a page of the server's own origin opens the candidate WebSocket", "[station]") {
  Running r;
  // The station's own origin, and no Origin at all (the terminal client, the load generator).
  CHECK(ProctorSocket(r.port, r.centre.ca_pem()).Open("/ws", "", r.origin()));
  CHECK(ProctorSocket(r.port, r.centre.ca_pem()).Open("/ws", "", ""));
  // Any other page: another host, another port, plain http, an opaque origin.
  for (const std::string& other :
       {std::string("https://evil.example"), "https://127.0.0.1:" + std::to_string(r.port + 1),
        "http://127.0.0.1:" + std::to_string(r.port), std::string("null"),
        r.origin() + ".evil.example"}) {
    INFO(other);
    CHECK_FALSE(ProctorSocket(r.port, r.centre.ca_pem()).Open("/ws", "", other));
  }
}

}  // namespace
}  // namespace khaothi::testing
