// The client's TLS WebSocket connection and its write queue (exam_client.cc's ClientImpl owns
// one at a time). Private to khaothi_client_lib.
#pragma once

#include <deque>
#include <memory>
#include <string>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace khaothi::client::connection {

namespace net = boost::asio;
namespace beast = boost::beast;

using WsStream = beast::websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

// One TLS WebSocket connection and what belongs to it. Every asynchronous operation on the
// stream holds a reference to its Connection, so the stream (and the TLS engine's timers inside
// it) and the message being written live until the last operation on them has completed,
// whatever the client does meanwhile. A new connection never shares a queue with an old one.
// Used only on the client's strand.
struct Connection {
  Connection(const net::strand<net::any_io_executor>& strand, net::ssl::context& ctx)
      : ws(strand, ctx), ping_timer(strand) {}

  WsStream ws;
  // Messages to write, in order; the front one is being written while `writing`.
  std::deque<std::string> queue;
  bool open = false;  // the WebSocket handshake is done and the connection not yet closed
  bool writing = false;
  net::steady_timer ping_timer;
};
using ConnectionPtr = std::shared_ptr<Connection>;

// Ends the connection: every operation on it completes with an error, soon.
void Close(Connection& c);
// Queues `message` and starts writing it unless a write is in flight (one at a time: a Beast
// stream allows no more). Does nothing once the connection is closed.
void Send(const ConnectionPtr& c, std::string message);

}  // namespace khaothi::client::connection
