// tls-handshake-bench: what a login's cryptography costs on this machine, measured alone, as the
// bound the synchronised start is compared with (docs/performance.md, "At 10,000 candidates").
//
// Both ends of each TLS 1.3 handshake run in this one thread over an in-memory BIO pair, set up
// as khaothi-server and the client library set theirs up: the lab PKI of `khaothi-loadgen`
// (ECDSA P-256, crypto::CreateLabPki), TLS 1.3 only, the client verifying the chain and the name,
// the server issuing one ticket. The CPU time of each end is taken apart (CLOCK_THREAD_CPUTIME_ID
// around each end's calls), so the figures say what the server pays per candidate and what the
// station (here the load generator, sharing the cores) pays. Then the same with the session
// resumed from the ticket, as a reconnect does, and the one-time password's scrypt check.
//
//   tls-handshake-bench [--handshakes N]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <time.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "khaothi/crypto/crypto.h"

namespace {

double ThreadCpu() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "tls-handshake-bench: %s\n", what);
  ERR_print_errors_fp(stderr);
  std::exit(1);
}

struct Costs {
  double client = 0;  // seconds of CPU, summed
  double server = 0;
};

// One handshake between fresh SSL objects; `session` (may be null) is offered for resumption.
// Returns the client's new session (the ticket) when `keep` is set. Adds each end's CPU to `c`.
SSL_SESSION* Handshake(SSL_CTX* server_ctx, SSL_CTX* client_ctx, SSL_SESSION* session, bool keep,
                       Costs& c) {
  double t = ThreadCpu();
  SSL* client = SSL_new(client_ctx);
  BIO* client_bio = nullptr;
  BIO* server_bio = nullptr;
  if (client == nullptr || BIO_new_bio_pair(&client_bio, 0, &server_bio, 0) != 1) {
    Die("SSL_new or BIO_new_bio_pair failed");
  }
  SSL_set_bio(client, client_bio, client_bio);
  SSL_set_connect_state(client);
  // SSL_set_tlsext_host_name is a macro with an old-style cast; its call, as the client makes it.
  char host[] = "localhost";
  SSL_ctrl(client, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, host);
  SSL_set1_host(client, "localhost");
  if (session != nullptr) {
    SSL_set_session(client, session);
  }
  c.client += ThreadCpu() - t;
  t = ThreadCpu();
  SSL* server = SSL_new(server_ctx);
  if (server == nullptr) {
    Die("SSL_new (server) failed");
  }
  SSL_set_bio(server, server_bio, server_bio);
  SSL_set_accept_state(server);
  c.server += ThreadCpu() - t;
  bool client_done = false;
  bool server_done = false;
  for (int round = 0; round < 16 && !(client_done && server_done); ++round) {
    t = ThreadCpu();
    client_done = client_done || SSL_do_handshake(client) == 1;
    c.client += ThreadCpu() - t;
    t = ThreadCpu();
    server_done = server_done || SSL_do_handshake(server) == 1;
    c.server += ThreadCpu() - t;
  }
  if (!client_done || !server_done) {
    Die("the handshake did not complete");
  }
  // TLS 1.3 sends the ticket after the handshake: the client reads it with its first read.
  t = ThreadCpu();
  char byte = 0;
  static_cast<void>(SSL_read(client, &byte, 1));
  SSL_SESSION* next = keep ? SSL_get1_session(client) : nullptr;
  const bool reused = SSL_session_reused(client) == 1;
  // Freed without a shutdown, a connection's session is marked not resumable: end it quietly,
  // as a connection that closed cleanly.
  SSL_set_quiet_shutdown(client, 1);
  SSL_shutdown(client);
  SSL_free(client);
  c.client += ThreadCpu() - t;
  t = ThreadCpu();
  SSL_set_quiet_shutdown(server, 1);
  SSL_shutdown(server);
  SSL_free(server);
  c.server += ThreadCpu() - t;
  if (session != nullptr && !reused) {
    Die("the session offered was not resumed");
  }
  return next;
}

}  // namespace

int main(int argc, char** argv) {
  int handshakes = 5000;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--handshakes" && i + 1 < argc) {
      handshakes = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: tls-handshake-bench [--handshakes N]\n");
      return 2;
    }
  }
  if (handshakes < 1) {
    std::fprintf(stderr, "tls-handshake-bench: --handshakes must be at least 1\n");
    return 2;
  }
  char dir_template[] = "/tmp/tls-handshake-bench.XXXXXX";
  if (mkdtemp(dir_template) == nullptr) {
    Die("mkdtemp failed");
  }
  const std::string dir = dir_template;
  if (!khaothi::crypto::CreateLabPki(dir + "/tls", "Trung tâm thử tải", {"localhost"},
                                     {"127.0.0.1"})
           .ok()) {
    Die("CreateLabPki failed");
  }

  SSL_CTX* server_ctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX* client_ctx = SSL_CTX_new(TLS_client_method());
  if (server_ctx == nullptr || client_ctx == nullptr) {
    Die("SSL_CTX_new failed");
  }
  SSL_CTX_set_min_proto_version(server_ctx, TLS1_3_VERSION);
  SSL_CTX_set_num_tickets(server_ctx, 1);
  SSL_CTX_set_session_cache_mode(server_ctx, SSL_SESS_CACHE_OFF);
  if (SSL_CTX_use_certificate_chain_file(server_ctx, (dir + "/tls/server.pem").c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(server_ctx, (dir + "/tls/server-key.pem").c_str(),
                                  SSL_FILETYPE_PEM) != 1) {
    Die("the server's certificate or key did not load");
  }
  SSL_CTX_set_min_proto_version(client_ctx, TLS1_3_VERSION);
  SSL_CTX_set_verify(client_ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_session_cache_mode(client_ctx, SSL_SESS_CACHE_CLIENT);
  if (SSL_CTX_load_verify_file(client_ctx, (dir + "/tls/ca.pem").c_str()) != 1) {
    Die("the CA did not load");
  }

  std::printf("tls-handshake-bench: %d handshakes of each kind, %s, ECDSA P-256 lab PKI\n",
              handshakes, OpenSSL_version(OPENSSL_VERSION));
  Costs full;
  SSL_SESSION* ticket = nullptr;
  for (int i = 0; i < handshakes; ++i) {
    SSL_SESSION* s = Handshake(server_ctx, client_ctx, nullptr, i + 1 == handshakes, full);
    if (s != nullptr) {
      ticket = s;
    }
  }
  Costs resumed;
  for (int i = 0; i < handshakes; ++i) {
    // Each reconnect resumes from the ticket of the connection before it, as the client does.
    SSL_SESSION* next = Handshake(server_ctx, client_ctx, ticket, true, resumed);
    SSL_SESSION_free(ticket);
    ticket = next;
  }
  SSL_SESSION_free(ticket);
  const double n = handshakes;
  std::printf("  full handshake:    server %7.1f us, client %7.1f us of CPU each\n",
              1e6 * full.server / n, 1e6 * full.client / n);
  std::printf("  resumed handshake: server %7.1f us, client %7.1f us of CPU each\n",
              1e6 * resumed.server / n, 1e6 * resumed.client / n);

  const std::string stored = khaothi::crypto::HashPassword("K7PQ-9XWM-3R");
  const int checks = std::max(1, handshakes / 5);
  const double t0 = ThreadCpu();
  for (int i = 0; i < checks; ++i) {
    if (!khaothi::crypto::VerifyPassword("K7PQ-9XWM-3R", stored)) {
      Die("the password did not verify");
    }
  }
  std::printf("  one-time password check (scrypt, the login's parameters): %7.1f us of CPU\n",
              1e6 * (ThreadCpu() - t0) / checks);
  std::printf(
      "  a start of N candidates needs at least N x (server + client full handshake) of CPU "
      "for TLS alone: %.2f s for 10,000\n",
      10000 * (full.server + full.client) / n);
  SSL_CTX_free(server_ctx);
  SSL_CTX_free(client_ctx);
  std::filesystem::remove_all(dir);
  return 0;
}
