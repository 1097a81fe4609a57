// Test helpers for the proctor dashboard: an HTTPS client and a /ws/proctor client that speak to
// the real server over TLS 1.3 (trusting the test centre's CA), a logged-in member of staff, and
// staff accounts written straight into center.db.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace khaothi::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; Set-Cookie joined by "\n"
  std::string body;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// One HTTPS request to 127.0.0.1:`port`. Host is "127.0.0.1:PORT".
HttpReply Https(uint16_t port, const std::string& ca_pem, const std::string& method,
                const std::string& target, const std::string& body = "",
                const Headers& headers = {});

// Adds a staff account (scrypt hash of `password`) and its room assignments ("S1/P101").
void AddStaff(const std::string& db_path, const std::string& username, const std::string& role,
              const std::string& password, const std::vector<std::string>& rooms = {});

// A member of staff logged in to the dashboard.
struct StaffSession {
  std::string cookie;  // "__Host-khaothi=TOKEN"
  std::string token;
  std::string csrf;
};
// Logs in (POST /login) and reads the CSRF token from /rooms (or the page it redirects to, a
// marker's /marking). Empty cookie when refused.
StaffSession LogIn(uint16_t port, const std::string& ca_pem, const std::string& username,
                   const std::string& password);

// POST /api/room/S1/ROOM/ACTION with JSON `body`, the session cookie and (when `csrf`) the token.
HttpReply PostAction(uint16_t port, const std::string& ca_pem, const StaffSession& s,
                     const std::string& room, const std::string& action, const std::string& body,
                     bool csrf = true);

// The /ws/proctor socket. Open() returns false when the server refused the upgrade.
class ProctorSocket {
 public:
  ProctorSocket(uint16_t port, const std::string& ca_pem);
  ~ProctorSocket();
  bool Open(const std::string& target, const std::string& cookie, const std::string& origin);
  // The next text frame, or "" when closed or nothing came within `limit`.
  std::string Receive(std::chrono::milliseconds limit = std::chrono::seconds(10));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace khaothi::testing
