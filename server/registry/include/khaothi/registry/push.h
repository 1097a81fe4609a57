// POST /v1/push: a centre hands the registry a batch of signed records (docs/registry.md
// "Protocol"). This is the request handler without any I/O of its own but the database: the
// transport (server.h) authenticates the centre by its TLS client certificate, reads the body
// within the limits and calls HandlePush on a database thread.
//
// Request body: {"records":[<envelope>, ...]} — each envelope the JSON object
// {"key_id","record","signature"} as center.db keeps it.
// Replies (JSON):
//   200 {"results":[{"id","status":"stored"|"duplicate"|"refused","code","reason",
//        "reason_vi"}...], "stored":N, "duplicate":N, "refused":N}   (code/reason when refused)
//   400 malformed / empty_batch, 413 too_many_records / too_large, 403 unknown_centre /
//   suspended, 503 unavailable (the database: retry later), 500 internal
//   each {"error":CODE,"message":English,"message_vi":Vietnamese}; nothing is stored.
//
// Thread safety: HandlePush uses the caller's Connection only.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "khaothi/engine/status.h"
#include "khaothi/registry/pg.h"

namespace khaothi::registry {

// Every limit and timeout of khaothi-registry (STYLE.md rule 10), each with its unit and
// default; `khaothi-registry serve` sets the sizes and counts from its options of the same names
// (--max-body-bytes, --max-batch-records, --db-connections); the times are fixed.
struct RegistryLimits {
  // Largest POST body, in bytes. One byte more gets 413 too_large and closes the connection.
  size_t max_body_bytes = 8 * 1024 * 1024;
  // Most records in one batch. One more gets 413 too_many_records; nothing of it is stored.
  size_t max_batch_records = 1000;
  // Largest HTTP header block, in bytes.
  size_t max_header_bytes = 8 * 1024;
  // Open TLS connections; further ones are closed at once.
  size_t max_connections = 512;
  // PostgreSQL connections, and the threads that use them (each push holds one while it runs).
  int db_connections = 4;
  // The longest one database statement may run (PostgreSQL's statement_timeout), waiting for a
  // lock included; a push cut by it is rolled back and answered 503, and the centre retries.
  std::chrono::milliseconds statement_timeout{30'000};
  // Time for the TLS handshake, to read one request, to write one reply.
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
  // After accept() fails (out of file descriptors), wait this long before accepting again.
  std::chrono::milliseconds accept_backoff{100};
  // On shutdown: how long requests in progress may take before the rest is cut.
  std::chrono::milliseconds drain_timeout{5'000};
  // After an early error reply (413 before the body was read), the rest of the request is read
  // and dropped, at most this many bytes for at most this long, before the connection closes.
  // Closing with unread bytes makes the kernel send a reset, which can reach the client before
  // it has read the reply: the centre would see "connection reset" instead of "too large".
  size_t linger_bytes = 16 * 1024 * 1024;
  std::chrono::milliseconds linger_timeout{2'000};
  // Public lookups (GET /v1/lookup, and GET /lookup with a query) per client address
  // (rate_limiter.h): a bucket of at most `lookup_burst` lookups, refilled by one every
  // `lookup_refill` (10 at once, then one every 6 s: 10 a minute). One more gets 429 with
  // Retry-After (seconds) and a bilingual message; found or not, every lookup counts.
  int lookup_burst = 10;
  std::chrono::milliseconds lookup_refill{6'000};
  // The most client addresses the limiter remembers (about 150 bytes each); beyond, the least
  // recently seen is forgotten.
  size_t lookup_max_addresses = 65'536;
};

struct HttpReply {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  int retry_after_s = 0;  // a Retry-After header when > 0
  bool html = false;      // the security headers of an HTML page (web/headers.h)
};

// The JSON error reply {"error":code,"message":...,"message_vi":...} with `status`; `message`
// is bilingual (messages.h).
HttpReply ErrorReply(unsigned status, std::string_view code, std::string_view message);

// Handles one push by the centre `centre_code` (authenticated by the transport).
HttpReply HandlePush(pg::Connection& conn, const std::string& centre_code, std::string_view body,
                     const RegistryLimits& limits);

}  // namespace khaothi::registry
