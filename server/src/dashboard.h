// The HTTP side of khaothi-server: everything that is not the candidates' WebSocket on /ws —
// the proctor dashboard (pages, actions, the live room view on /ws/proctor) and public pages
// such as /health and /verify.
//
// Thread safety: every method may be called from any connection's strand at the same time.
#pragma once

#include <memory>
#include <string>

#include <boost/beast/http.hpp>

#include "khaothi/engine/clock.h"
#include "khaothi/server/config.h"
#include "khaothi/server/exam_service.h"
#include "khaothi/store/database.h"

namespace khaothi::server {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

class Dashboard {
 public:
  virtual ~Dashboard() = default;

  // Answers one plain HTTP request from `address`. Must not block for long (no network I/O).
  virtual HttpResponse HandleHttp(const HttpRequest& request, const std::string& address) = 0;

  // A WebSocket upgrade on a path other than /ws. Returns false to refuse it (the connection then
  // gets 403); on true the socket is accepted and `state` is this socket's own data.
  virtual bool OpenSocket(const HttpRequest& request, const std::shared_ptr<Peer>& peer,
                          std::string& state) = 0;
  // One text frame from such a socket.
  virtual void SocketMessage(std::string& state, const std::string& frame,
                             const std::shared_ptr<Peer>& peer) = 0;
  virtual void SocketClosed(const std::string& state, const Peer* peer) = 0;
};

// `db` is the dashboard's own connection to center.db; `clock` (the server's) must outlive the
// dashboard.
std::unique_ptr<Dashboard> MakeDashboard(ExamService& service, store::Database db,
                                         const ServerConfig& config, const engine::Clock& clock);

}  // namespace khaothi::server
