// Every timeout, size limit and bound of khaothi-server in one place (STYLE.md rule 10). Each
// field says what it limits, its unit and its default; the server never uses a literal elsewhere.
// The values can be changed in khaothi-server.conf under the same names with "limit-" in front
// (limit-max-message-bytes = 16384).
#pragma once

#include <chrono>
#include <cstddef>

namespace khaothi::server {

struct ServerLimits {
  // Time for a client to complete the TLS handshake.
  std::chrono::milliseconds handshake_timeout{10'000};
  // Time to read the HTTP request that opens a WebSocket (headers and body).
  std::chrono::milliseconds http_read_timeout{10'000};
  // Largest HTTP request header block accepted, in bytes.
  size_t max_http_header_bytes = 8 * 1024;
  // A candidate connection that sends nothing (not even a ping; the client pings every 10 s) for
  // this long is closed. The attempt and its clock go on; the candidate can reconnect.
  std::chrono::milliseconds idle_timeout{60'000};
  // Time allowed for one frame to be written before the peer is considered stuck.
  std::chrono::milliseconds write_timeout{15'000};
  // Largest WebSocket message accepted from a client, in bytes. One more byte closes the
  // connection with the "too_large" error. A form is sent by the server, not limited here.
  size_t max_message_bytes = 16 * 1024;
  // Outgoing messages queued for one connection. A client that does not read and lets this many
  // pile up is disconnected rather than allowed to grow the server's memory.
  size_t max_queued_messages = 256;
  // After accepting a connection fails (out of file descriptors), how long the listener waits
  // before it accepts again. It never stops accepting.
  std::chrono::milliseconds accept_backoff{100};
  // Open connections (TLS, before and after login). Further connections are closed at once.
  size_t max_connections = 4096;
  // Connections in their opening (TLS handshake, HTTP request, WebSocket upgrade) at once; the
  // others wait in order of arrival (server/src/admission.h), at most admission_wait, before the
  // handshake timeout starts. 64 keeps two cores busy on a LAN while the first stations of a
  // synchronised start are served first.
  size_t max_opening_connections = 64;
  std::chrono::milliseconds admission_wait{60'000};
  // Failed logins before a candidate is locked, and for how long.
  int max_failed_logins = 5;
  std::chrono::milliseconds login_lockout{5 * 60'000};
  // Login attempts allowed per client address in each window (all candidates together).
  int max_logins_per_address = 30;
  std::chrono::milliseconds login_rate_window{10'000};
  // Protocol 1.2's resume token: how long it stays valid once its connection has gone quiet (no
  // message since). 0: no token is issued, and every reconnect logs in with the password.
  std::chrono::milliseconds resume_token_ttl{5 * 60'000};
  // TLS 1.3 session tickets: each ticket key encrypts new tickets for this long, then is kept
  // this long again to decrypt the tickets it made, then forgotten (keys live in memory only).
  std::chrono::milliseconds tls_ticket_key_lifetime{60 * 60'000};
  // Public certificate lookups (GET /verify) allowed per client address in each window; one more
  // gets 429 and a page saying when to try again. Each lookup needs the name, the date of birth
  // and the number: the limit stops guessing a date of birth one day at a time.
  int max_verify_lookups_per_address = 10;
  std::chrono::milliseconds verify_rate_window{10 * 60'000};
  // How often the server checks for attempts whose time is up (it submits them itself).
  std::chrono::milliseconds deadline_check_interval{200};
  // How often the server looks in center.db for sessions opened (`khaothi session open`) and
  // closed (`khaothi session close`) while it runs: a closed session's attempts are settled
  // within this interval, and a newly opened one is loaded at the first login that needs it.
  std::chrono::milliseconds session_poll_interval{1'000};
  // The most time a proctor may add to one attempt in one extension (docs/proctor.md).
  std::chrono::minutes max_extension{120};
  // How often the server records that it is alive, so that after a crash the downtime (not
  // charged to candidates) is known to within this interval.
  std::chrono::milliseconds heartbeat_interval{1'000};
  // On SIGTERM: how long in-flight writes and closing handshakes may take before the rest is cut.
  std::chrono::milliseconds drain_timeout{5'000};
  // How often the server hands memory that is free again back to the system (malloc_trim). The
  // synchronised start allocates ~35 KiB per candidate for TLS handshakes and logins that is free
  // a second later but stays in the heap, scattered between the connections' own data; without
  // this the server keeps twice the memory its candidates need for the rest of the exam.
  std::chrono::milliseconds memory_trim_interval{10'000};
  // Writes queued for the database writer. When full, answers get "busy" and clients retry.
  size_t max_pending_writes = 100'000;
  // ---- The practical (protocol 1.1). A file's size, type and the files per task are the
  // engine's (khaothi/engine/practical_limits.h); these bound a candidate and the clock.
  // Bytes of all the versions of all the work files one candidate may have stored (a save that
  // changes nothing stores nothing). 200 KiB saved every 30 s for two hours is 48 MiB.
  int64_t max_work_bytes_per_candidate = int64_t{256} * 1024 * 1024;
  // How long after the practical ends (its deadline, or a hand-in) an upload begun before the
  // end may still complete; its version counts as received when it began.
  std::chrono::milliseconds practical_upload_grace{60'000};

  // ---- The proctor dashboard (HTTPS on the same port; server/src/dashboard*). Not read from
  // khaothi-server.conf: they change only with a new version of the dashboard's pages.
  // How often the live room view pushes a snapshot of the room to each open /ws/proctor socket.
  std::chrono::milliseconds dashboard_poll_interval{500};
  // How long a staff login (the session cookie) stays valid.
  std::chrono::milliseconds staff_session_lifetime{12 * 3'600'000};
  // Failed staff logins allowed per user name, and per client address, within
  // staff_login_failure_window; the next login is refused until the oldest failure leaves it.
  int max_staff_login_failures_per_user = 5;
  int max_staff_login_failures_per_address = 20;
  std::chrono::milliseconds staff_login_failure_window{5 * 60'000};
  // Longest reason (and notice text) of a proctor action, and longest minutes (biên bản) of an
  // exam ended for a violation, in bytes.
  size_t max_action_reason_bytes = 2000;
  size_t max_action_minutes_bytes = 8000;
  // (The most extra time one "extend" gives is max_extension, above: the service checks it too.)
};

}  // namespace khaothi::server
