#include "dashboard_driver.h"

#include <stdexcept>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/store/database.h"

namespace khaothi::testing {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = net::ssl;

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return s;
}

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    throw std::runtime_error(std::string(what) + ": " + s.ToString());
  }
}

}  // namespace

HttpReply Https(uint16_t port, const std::string& ca_pem, const std::string& method,
                const std::string& target, const std::string& body, const Headers& headers) {
  net::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
  ctx.add_certificate_authority(net::buffer(ca_pem));
  ctx.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).connect(
      net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  stream.handshake(ssl::stream_base::client);
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [name, value] : headers) {
    req.set(name, value);
  }
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  beast::error_code ec;
  http::read(stream, buffer, res, ec);
  HttpReply out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    std::string& slot = out.headers[Lower(std::string(field.name_string()))];
    slot += slot.empty() ? "" : "\n";
    slot += std::string(field.value());
  }
  out.body = res.body();
  stream.shutdown(ec);
  return out;
}

void AddStaff(const std::string& db_path, const std::string& username, const std::string& role,
              const std::string& password, const std::vector<std::string>& rooms) {
  auto db = store::Database::Open(db_path, false);
  Check(db.status(), "open db");
  store::Statement st = db->Prepare(
      "INSERT INTO staff(username, full_name, role, password_hash, created_ms) "
      "VALUES (?1, ?2, ?3, ?4, 0)");
  st.Bind(1, username);
  st.Bind(2, "Cán bộ " + username);
  st.Bind(3, role);
  st.Bind(4, crypto::HashPassword(password));
  Check(st.Run(), "add staff");
  for (const std::string& r : rooms) {
    const size_t slash = r.find('/');
    store::Statement a =
        db->Prepare("INSERT INTO staff_rooms(username, session_id, room) VALUES (?1, ?2, ?3)");
    a.Bind(1, username);
    a.Bind(2, r.substr(0, slash));
    a.Bind(3, r.substr(slash + 1));
    Check(a.Run(), "assign room");
  }
}

StaffSession LogIn(uint16_t port, const std::string& ca_pem, const std::string& username,
                   const std::string& password) {
  StaffSession s;
  HttpReply r =
      Https(port, ca_pem, "POST", "/login", "username=" + username + "&password=" + password,
            {{"Content-Type", "application/x-www-form-urlencoded"}});
  const std::string& cookie = r.headers["set-cookie"];
  const std::string prefix = "__Host-khaothi=";
  if (r.status != 303 || !cookie.starts_with(prefix)) {
    return s;
  }
  s.token = cookie.substr(prefix.size(), cookie.find(';') - prefix.size());
  s.cookie = prefix + s.token;
  HttpReply rooms = Https(port, ca_pem, "GET", "/rooms", "", {{"Cookie", s.cookie}});
  if (rooms.status == 303) {
    // A marker's start page is /marking.
    rooms = Https(port, ca_pem, "GET", rooms.headers["location"], "", {{"Cookie", s.cookie}});
  }
  const std::string marker = "name=\"csrf\" value=\"";
  const size_t at = rooms.body.find(marker);
  if (at != std::string::npos) {
    const size_t from = at + marker.size();
    s.csrf = rooms.body.substr(from, rooms.body.find('"', from) - from);
  }
  return s;
}

HttpReply PostAction(uint16_t port, const std::string& ca_pem, const StaffSession& s,
                     const std::string& room, const std::string& action, const std::string& body,
                     bool csrf) {
  Headers h{{"Content-Type", "application/json"}};
  if (!s.cookie.empty()) {
    h.emplace_back("Cookie", s.cookie);
  }
  if (csrf) {
    h.emplace_back("X-CSRF-Token", s.csrf);
  }
  return Https(port, ca_pem, "POST", "/api/room/S1/" + room + "/" + action, body, h);
}

struct ProctorSocket::Impl {
  net::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
  websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws{ioc, ctx};
  uint16_t port = 0;
};

ProctorSocket::ProctorSocket(uint16_t port, const std::string& ca_pem)
    : impl_(std::make_unique<Impl>()) {
  impl_->port = port;
  impl_->ctx.add_certificate_authority(net::buffer(ca_pem));
  impl_->ctx.set_verify_mode(ssl::verify_peer);
}

ProctorSocket::~ProctorSocket() {
  beast::error_code ec;
  beast::get_lowest_layer(impl_->ws).socket().close(ec);
}

bool ProctorSocket::Open(const std::string& target, const std::string& cookie,
                         const std::string& origin) {
  beast::error_code ec;
  auto& tcp = beast::get_lowest_layer(impl_->ws);
  tcp.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), impl_->port), ec);
  if (ec) {
    return false;
  }
  impl_->ws.next_layer().handshake(ssl::stream_base::client, ec);
  if (ec) {
    return false;
  }
  impl_->ws.set_option(websocket::stream_base::decorator([&](websocket::request_type& req) {
    if (!cookie.empty()) {
      req.set(http::field::cookie, cookie);
    }
    if (!origin.empty()) {
      req.set(http::field::origin, origin);
    }
  }));
  impl_->ws.handshake("127.0.0.1:" + std::to_string(impl_->port), target, ec);
  return !ec;
}

std::string ProctorSocket::Receive(std::chrono::milliseconds limit) {
  beast::get_lowest_layer(impl_->ws).expires_after(limit);
  beast::flat_buffer buffer;
  beast::error_code ec;
  impl_->ws.read(buffer, ec);
  return ec ? "" : beast::buffers_to_string(buffer.data());
}

}  // namespace khaothi::testing
