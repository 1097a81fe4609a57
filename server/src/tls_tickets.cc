#include "tls_tickets.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

namespace khaothi::server {
namespace {}  // namespace

// Where an SSL_CTX keeps its TicketKeys, for the callback (which gets no user data of its own);
// the context frees them with itself.
static int ExIndex() {
  static const int kIndex = SSL_CTX_get_ex_new_index(
      0, nullptr, nullptr, nullptr, [](void*, void* keys, CRYPTO_EX_DATA*, int, long, void*) {
        delete static_cast<TicketKeys*>(keys);
      });
  return kIndex;
}

namespace {

bool Fill(unsigned char* out, size_t n) { return RAND_priv_bytes(out, static_cast<int>(n)) == 1; }

// The ticket's MAC: HMAC-SHA-256 under `key`.
bool SetMacKey(EVP_MAC_CTX* mac, std::array<unsigned char, 32>& key) {
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, key.data(), key.size()),
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end()};
  return EVP_MAC_CTX_set_params(mac, params) == 1;
}

}  // namespace

Status TicketKeys::Install(SSL_CTX* ctx, std::chrono::milliseconds lifetime) {
  if (lifetime.count() <= 0) {
    return Status::InvalidArgument("the TLS ticket key lifetime must be positive");
  }
  if (ExIndex() < 0 || SSL_CTX_get_ex_data(ctx, ExIndex()) != nullptr) {
    return Status::FailedPrecondition("TLS ticket keys are installed once per context");
  }
  auto keys = std::unique_ptr<TicketKeys>(new TicketKeys(lifetime));
  {
    std::lock_guard lock(keys->mu_);
    keys->RotateIfDue(std::chrono::steady_clock::now());
    if (!keys->current_.set) {
      return Status::Unavailable("no random bytes for a TLS ticket key");
    }
  }
  if (SSL_CTX_set_ex_data(ctx, ExIndex(), keys.get()) != 1) {
    return Status::Unavailable("cannot install the TLS ticket keys");
  }
  keys.release();  // the context owns them now
  if (SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, &TicketKeys::Callback) != 1) {
    return Status::Unavailable("cannot install the TLS ticket key callback");
  }
  // One ticket per full handshake (a client keeps the newest), and one more after each
  // resumption, so that a ticket is never needed twice; no session cache (the tickets are the
  // state). The ticket's lifetime is the key's.
  SSL_CTX_set_num_tickets(ctx, 1);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_clear_options(ctx, SSL_OP_NO_TICKET);
  SSL_CTX_set_timeout(ctx, static_cast<long>(std::max<int64_t>(1, lifetime.count() / 1000)));
  SSL_CTX_set_max_early_data(ctx, 0);
  return Status::Ok();
}

void TicketKeys::RotateIfDue(std::chrono::steady_clock::time_point now) {
  if (current_.set && now - current_.created < lifetime_) {
    return;
  }
  Key fresh;
  if (!Fill(fresh.name.data(), fresh.name.size()) || !Fill(fresh.aes.data(), fresh.aes.size()) ||
      !Fill(fresh.hmac.data(), fresh.hmac.size())) {
    return;  // keep the old key; Install reports a first failure
  }
  fresh.created = now;
  fresh.set = true;
  // A key idle for two lifetimes decrypts nothing that is still valid: forget it at once.
  previous_ = current_.set && now - current_.created < 2 * lifetime_ ? current_ : Key{};
  current_ = fresh;
}

int TicketKeys::Callback(SSL* ssl, unsigned char* key_name, unsigned char* iv,
                         EVP_CIPHER_CTX* cipher, EVP_MAC_CTX* mac, int encrypt) {
  auto* self = static_cast<TicketKeys*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ExIndex()));
  if (self == nullptr) {
    return -1;
  }
  std::lock_guard lock(self->mu_);
  self->RotateIfDue(std::chrono::steady_clock::now());
  if (encrypt == 1) {
    Key& k = self->current_;
    const int iv_len = EVP_CIPHER_get_iv_length(EVP_aes_256_cbc());
    if (!k.set || !Fill(iv, static_cast<size_t>(iv_len))) {
      return -1;
    }
    std::memcpy(key_name, k.name.data(), k.name.size());
    if (EVP_EncryptInit_ex(cipher, EVP_aes_256_cbc(), nullptr, k.aes.data(), iv) != 1 ||
        !SetMacKey(mac, k.hmac)) {
      return -1;
    }
    return 1;
  }
  for (Key* k : {&self->current_, &self->previous_}) {
    if (!k->set || std::memcmp(key_name, k->name.data(), k->name.size()) != 0) {
      continue;
    }
    if (EVP_DecryptInit_ex(cipher, EVP_aes_256_cbc(), nullptr, k->aes.data(), iv) != 1 ||
        !SetMacKey(mac, k->hmac)) {
      return -1;
    }
    // Under the previous key: valid, and the client gets a ticket under the current one.
    return k == &self->current_ ? 1 : 2;
  }
  return 0;  // an unknown or forgotten key: a full handshake
}

}  // namespace khaothi::server
