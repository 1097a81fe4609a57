// One-time passwords, scrypt password hashes and Base64.
#include <charconv>
#include <string>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "khaothi/crypto/crypto.h"

#include "openssl_util.h"

namespace khaothi::crypto {
namespace {

// Digits and capitals without the look-alikes 0/O, 1/I/L: 31 symbols, so ten of them carry
// 49.5 bits. Capitals only, because a candidate types the password from a paper slip.
constexpr std::string_view kPasswordAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

// Bounds on the parameters read back from a stored hash, so that a corrupted or hostile row
// cannot make Verify allocate gigabytes.
constexpr uint64_t kMaxN = uint64_t{1} << 20;
constexpr uint64_t kMaxR = 32;
constexpr uint64_t kMaxP = 16;

// scrypt(password, salt) with the given cost; empty on failure.
std::string Scrypt(std::string_view password, std::string_view salt, uint64_t n, uint64_t r,
                   uint64_t p) {
  std::string key(kHashBytes, '\0');
  // scrypt needs 128 * r * N * p bytes; leave headroom over that instead of OpenSSL's 32 MiB cap.
  const uint64_t maxmem = 128 * r * n * p + (uint64_t{1} << 20);
  if (EVP_PBE_scrypt(password.data(), password.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), n, r, p,
                     maxmem, reinterpret_cast<unsigned char*>(key.data()), key.size()) != 1) {
    internal::TakeOpensslError();
    return {};
  }
  return key;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) {
      return parts;
    }
    start = end + 1;
  }
}

bool ParseU64(std::string_view s, uint64_t& out) {
  if (s.empty() || s.size() > 20) {
    return false;
  }
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

std::string NewPassword(int length) {
  KHAOTHI_DCHECK(length > 0);
  constexpr auto kSize = static_cast<unsigned>(kPasswordAlphabet.size());
  // Bytes at or above the largest multiple of the alphabet size are rejected, so every symbol is
  // equally likely.
  constexpr unsigned kLimit = 256 / kSize * kSize;
  std::string out;
  while (out.size() < static_cast<size_t>(length)) {
    for (char ch : RandomBytes(static_cast<size_t>(length) * 2)) {
      const auto b = static_cast<unsigned char>(ch);
      if (b < kLimit && out.size() < static_cast<size_t>(length)) {
        out += kPasswordAlphabet[b % kSize];
      }
    }
  }
  return out;
}

std::string HashPassword(std::string_view password, ScryptParams params) {
  const std::string salt = RandomBytes(kSaltBytes);
  const std::string key = Scrypt(password, salt, params.n, params.r, params.p);
  // Only invalid parameters (N not a power of two...) fail, which is a programming error.
  KHAOTHI_CHECK(!key.empty());
  return "scrypt$" + std::to_string(params.n) + "$" + std::to_string(params.r) + "$" +
         std::to_string(params.p) + "$" + Base64Encode(salt) + "$" + Base64Encode(key);
}

bool VerifyPassword(std::string_view password, std::string_view stored) {
  const std::vector<std::string_view> parts = Split(stored, '$');
  uint64_t n = 0;
  uint64_t r = 0;
  uint64_t p = 0;
  if (parts.size() != 6 || parts[0] != "scrypt" || !ParseU64(parts[1], n) ||
      !ParseU64(parts[2], r) || !ParseU64(parts[3], p)) {
    return false;
  }
  if (n < 2 || n > kMaxN || (n & (n - 1)) != 0 || r == 0 || r > kMaxR || p == 0 || p > kMaxP) {
    return false;
  }
  Result<std::string> salt = Base64Decode(parts[4]);
  Result<std::string> expected = Base64Decode(parts[5]);
  if (!salt.ok() || !expected.ok() || expected->size() != kHashBytes) {
    return false;
  }
  const std::string actual = Scrypt(password, *salt, n, r, p);
  return actual.size() == kHashBytes &&
         CRYPTO_memcmp(actual.data(), expected->data(), kHashBytes) == 0;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                       (uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                       uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += kBase64Alphabet[(v >> 6) & 63];
    out += kBase64Alphabet[v & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
    if (rest == 2) {
      v |= uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
    }
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += rest == 2 ? kBase64Alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return Status::InvalidArgument("base64: length is not a multiple of 4");
  }
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    uint32_t v = 0;
    int pad = 0;
    for (size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      if (c == '=' && last && j >= 2 && (j == 3 || text[i + 3] == '=')) {
        ++pad;
        v <<= 6;
        continue;
      }
      const size_t pos = kBase64Alphabet.find(c);
      if (pos == std::string_view::npos || pad > 0) {
        return Status::InvalidArgument("base64: invalid character at offset " +
                                       std::to_string(i + j));
      }
      v = (v << 6) | static_cast<uint32_t>(pos);
    }
    // Canonical encodings only: the bits below the padding must be zero.
    if ((pad == 1 && (v & 0xFF) != 0) || (pad == 2 && (v & 0xFFFF) != 0)) {
      return Status::InvalidArgument("base64: non-zero padding bits");
    }
    out += static_cast<char>((v >> 16) & 0xFF);
    if (pad < 2) {
      out += static_cast<char>((v >> 8) & 0xFF);
    }
    if (pad < 1) {
      out += static_cast<char>(v & 0xFF);
    }
  }
  return out;
}

}  // namespace khaothi::crypto
