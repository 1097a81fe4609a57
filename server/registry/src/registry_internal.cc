#include "registry_internal.h"

#include <openssl/evp.h>

#include "khaothi/crypto/crypto.h"

namespace khaothi::registry::internal {

bool IsDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') {
    return false;
  }
  for (const size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (t[i] < '0' || t[i] > '9') {
      return false;
    }
  }
  const auto num = [&t](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      v = v * 10 + (t[i] - '0');
    }
    return v;
  };
  const int y = num(0, 4);
  const int m = num(5, 2);
  const int d = num(8, 2);
  if (y < 1900 || m < 1 || m > 12 || d < 1) {
    return false;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::string CertificateSha256(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // X509_digest fails only when out of memory; an empty name then matches no centre.
  if (X509_digest(cert, EVP_sha256(), md, &len) != 1) {
    return "";
  }
  return crypto::HexEncode(std::string_view(reinterpret_cast<const char*>(md), len));
}

}  // namespace khaothi::registry::internal
