// TLS 1.3 session tickets, so that a client that reconnects resumes its TLS session (a PSK
// handshake with a fresh ECDHE) instead of making the server sign a new handshake with its
// certificate's key (docs/protocol.md, "Resume tokens and TLS resumption").
//
// The tickets are stateless: the server keeps no session cache; each ticket is the session
// encrypted (AES-256-CBC) and authenticated (HMAC-SHA-256) under a ticket key that lives in memory
// only. A key encrypts new tickets for `lifetime`, then is kept as long again to decrypt the
// tickets it made (a ticket under it is then renewed), then is forgotten; a restart forgets them
// all, and every client makes a full handshake once. No early data (0-RTT) is accepted, so a
// ticket replayed by an attacker gains nothing but a handshake it cannot finish without the
// session's secret.
#pragma once

#include <array>
#include <chrono>
#include <mutex>

#include "khaothi/engine/status.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;
typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;
typedef struct evp_mac_ctx_st EVP_MAC_CTX;

namespace khaothi::server {

class TicketKeys {
 public:
  // Turns tickets on for `ctx` (one per full handshake and one per resumption) under keys that
  // `ctx` owns from then on and frees with itself. Once per context.
  static Status Install(SSL_CTX* ctx, std::chrono::milliseconds lifetime);

  TicketKeys(const TicketKeys&) = delete;
  TicketKeys& operator=(const TicketKeys&) = delete;

 private:
  explicit TicketKeys(std::chrono::milliseconds lifetime) : lifetime_(lifetime) {}

  struct Key {
    std::array<unsigned char, 16> name{};
    std::array<unsigned char, 32> aes{};
    std::array<unsigned char, 32> hmac{};
    std::chrono::steady_clock::time_point created;
    bool set = false;
  };

  // OpenSSL's ticket key callback (SSL_CTX_set_tlsext_ticket_key_evp_cb).
  static int Callback(SSL* ssl, unsigned char* key_name, unsigned char* iv, EVP_CIPHER_CTX* cipher,
                      EVP_MAC_CTX* mac, int encrypt);
  // Replaces the current key once it is `lifetime_` old, keeping it as the previous one.
  // REQUIRES: mu_ held.
  void RotateIfDue(std::chrono::steady_clock::time_point now);

  const std::chrono::milliseconds lifetime_;
  mutable std::mutex mu_;
  // Guarded by mu_
  Key current_;
  Key previous_;
};

}  // namespace khaothi::server
