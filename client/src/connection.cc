#include "connection.h"

#include <utility>

namespace khaothi::client::connection {
namespace {

void DoWrite(const ConnectionPtr& c);

void OnWrite(const ConnectionPtr& c, beast::error_code ec) {
  c->queue.pop_front();
  if (ec) {
    // The connection is broken and its reader ends the session. What was queued goes with it:
    // answers stay pending and are sent again on the next connection.
    c->writing = false;
    c->queue.clear();
    return;
  }
  DoWrite(c);
}

// One write in flight at a time (a Beast stream allows no more).
void DoWrite(const ConnectionPtr& c) {
  if (!c->open || c->queue.empty()) {
    c->writing = false;
    return;
  }
  c->writing = true;
  c->ws.text(true);
  c->ws.async_write(net::buffer(c->queue.front()),
                    [c](beast::error_code ec, std::size_t) { OnWrite(c, ec); });
}

}  // namespace

void Close(Connection& c) {
  c.open = false;
  c.ping_timer.cancel();
  beast::get_lowest_layer(c.ws).close();
}

void Send(const ConnectionPtr& c, std::string message) {
  if (!c->open) {
    return;
  }
  c->queue.push_back(std::move(message));
  if (!c->writing) {
    DoWrite(c);
  }
}

}  // namespace khaothi::client::connection
