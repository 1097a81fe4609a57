// The door a session that requires Safe Exam Browser puts on the browser station (docs/seb.md):
// while any open session requires SEB, the station's page (/thi and everything under /thi/) and
// the candidate WebSocket (/ws) are served only to a request that proves it comes from SEB with
// the Config Key of one of those sessions. Private to server/src.
//
// Thread safety: Check may be called from every I/O thread at once.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http.hpp>

#include "khaothi/engine/clock.h"
#include "khaothi/server/exam_service.h"
#include "khaothi/store/database.h"

namespace khaothi::server {

class SebGate {
 public:
  using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
  using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

  // Reads center.db at `db_path` on its own connection, at most once a second.
  SebGate(std::string db_path, const engine::Clock& clock);

  // Whether `target` is behind the door: the station's page and files, or the candidate socket.
  static bool Guards(std::string_view target);

  // Whether `target` is the candidate WebSocket's, /ws with or without a query.
  static bool IsCandidateSocket(std::string_view target);

  // What the door says of one request.
  struct Verdict {
    // Set: the answer to send instead of serving the request. A 403 with a page in Vietnamese
    // (English with ?lang=en) that says to open the exam with the centre's .seb file, with no
    // form and no script; or 503 when the database cannot be read (the door fails closed).
    std::optional<HttpResponse> refusal;
    // What the request came from: kSeb when it proves the Config Key of an open session with a
    // .seb file (required or not), else kBrowser when it names a page (Origin), else kTerminal.
    // The proctor's tile shows it for the candidate socket.
    ClientKind client = ClientKind::kTerminal;
  };

  // No refusal lets `request` through: no open session requires SEB, or the request proves SEB
  // with one of their Config Keys; only the station's routes (Guards) are ever refused.
  //
  // The proof (docs/seb.md, "What the server checks"):
  //  - X-SafeExamBrowser-ConfigKeyHash = SHA-256(absolute request URL + Config Key), the URL
  //    being https://HOST/TARGET (wss:// also for the WebSocket upgrade); or, on the upgrade only,
  //  - the query parameters seb_url and seb_ck: the station page's URL on this host and the value
  //    SEB's JavaScript API gives that page (SafeExamBrowser.security.configKey), which is the
  //    same hash over the page's URL, for SEB versions that send no header on a WebSocket.
  Verdict Check(const HttpRequest& request, bool upgrade);

 private:
  struct Key {
    std::string config_key;
    bool required = false;
  };
  // The Config Keys of the open sessions with a .seb file, read again when a second has passed.
  // Fails when the database cannot be read.
  Result<std::vector<Key>> Keys();

  const std::string db_path_;
  const engine::Clock& clock_;
  std::mutex mu_;
  std::optional<store::Database> db_;  // guarded by mu_
  std::vector<Key> keys_;              // guarded by mu_
  int64_t read_ms_ = -1;               // guarded by mu_; -1: never read
};

}  // namespace khaothi::server
