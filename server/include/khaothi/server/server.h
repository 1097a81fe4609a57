// khaothi-server: the TLS 1.3 listener, candidate WebSocket connections, the exam service, the
// database writer and the server's clock, put together.
//
// Life cycle: Create() opens the database, loads the open sessions and binds the port; Start()
// runs the I/O threads; Shutdown() stops gracefully (STYLE.md rule 11): stop accepting, tell
// every client the server is restarting, let in-flight writes commit, close, within
// limits.drain_timeout. Wait() blocks until the server has stopped.
//
// Thread safety: Start, Shutdown and Wait may be called from any thread; Shutdown is idempotent.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "khaothi/engine/clock.h"
#include "khaothi/engine/status.h"
#include "khaothi/server/config.h"

namespace khaothi::server {

class ExamService;

class Server {
 public:
  // `clock` must outlive the server; nullptr uses the system clock.
  static Result<std::unique_ptr<Server>> Create(const ServerConfig& config,
                                                const engine::Clock* clock = nullptr);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  virtual ~Server() = default;

  // The bound port (the real one when the configuration asked for 0).
  virtual uint16_t port() const = 0;
  virtual void Start() = 0;
  virtual void Shutdown() = 0;
  virtual void Wait() = 0;

  // The exam service, for the proctor's actions and for tests.
  virtual ExamService& service() = 0;

 protected:
  Server() = default;
};

// The system clock as an engine::Clock.
const engine::Clock& SystemClock();

// For `khaothi session close` while no server runs on `config`'s data directory: submits, grades
// and signs every attempt still open in a closed session with the server's own code (receipt key,
// audit entries), and returns how many it settled. Open sessions are not touched, and no
// heartbeat is written (the next server start still credits its downtime).
Result<int> SettleClosedSessions(const ServerConfig& config);

}  // namespace khaothi::server
