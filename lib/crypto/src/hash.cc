#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "khaothi/crypto/crypto.h"

#include "openssl_util.h"

namespace khaothi::crypto {

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  KHAOTHI_CHECK(EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) == 1);
  return internal::Hex(std::string_view(reinterpret_cast<const char*>(digest), len));
}

std::string HexEncode(std::string_view bytes) { return internal::Hex(bytes); }

bool SecretsEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  KHAOTHI_CHECK(RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) == 1);
  return out;
}

uint64_t RandomSeed() {
  const std::string b = RandomBytes(8);
  uint64_t v = 0;
  for (char c : b) {
    v = (v << 8) | static_cast<unsigned char>(c);
  }
  return v;
}

}  // namespace khaothi::crypto
