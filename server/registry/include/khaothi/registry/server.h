// khaothi-registry's HTTPS listener: TLS 1.3 only; the handshake asks every client for a TLS
// client certificate but does not require one. A centre's certificate, by its SHA-256
// fingerprint, names the centre (centres.h; docs/registry.md "Authentication"). The routes:
//   POST /v1/push    a batch of signed records (push.h); 401 no_client_certificate without one
//   GET  /v1/lookup  the public lookup, JSON (lookup.h); no certificate needed, rate-limited
//   GET  /lookup     the same as an HTML page, Vietnamese unless ?lang=en
//   GET  /health     {"ok":true,"schema":N} when the database answers
//
// The transport does TLS and HTTP only; a request's database work runs on one of
// `limits.db_connections` database threads, each with its own PostgreSQL connection, so the I/O
// threads never block on the database. A connection to PostgreSQL that breaks is dropped and
// opened again by the next request: a restarted (or promoted) PostgreSQL is reconnected to
// without restarting the registry, and the centre retries the pushes answered 503.
//
// Thread safety: Create, Start and Shutdown from one thread; port() from any.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "khaothi/engine/status.h"
#include "khaothi/registry/push.h"

namespace khaothi::registry {

struct RegistryConfig {
  std::string database;  // libpq connection string
  std::string listen_address = "0.0.0.0";
  uint16_t listen_port = 8443;  // 0: any free port (tests)
  std::string tls_cert;         // the registry's certificate chain, PEM
  std::string tls_key;          // its private key, PEM
  int threads = 2;              // I/O threads
  RegistryLimits limits;
};

class RegistryServer {
 public:
  // Loads the TLS files, connects to the database and brings its schema up to date, and binds
  // the port. kInvalidArgument for unreadable TLS files, database errors as pg.h maps them,
  // kUnavailable when the port cannot be bound.
  static Result<std::unique_ptr<RegistryServer>> Create(const RegistryConfig& config);
  RegistryServer(const RegistryServer&) = delete;
  RegistryServer& operator=(const RegistryServer&) = delete;
  ~RegistryServer();  // Shutdown() if still running

  // The bound port.
  uint16_t port() const;
  // Starts accepting on the I/O threads; returns at once.
  void Start();
  // Stops accepting, lets the requests in progress finish (at most limits.drain_timeout), then
  // stops the threads. A push cut short was either committed or not: the centre pushes it again
  // and the registry's idempotence makes that harmless.
  void Shutdown();

 private:
  struct Impl;
  explicit RegistryServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace khaothi::registry
