#include <openssl/evp.h>
#include <openssl/rand.h>

#include "khaothi/crypto/crypto.h"

namespace khaothi::crypto {

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  KHAOTHI_CHECK(EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) == 1);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
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
