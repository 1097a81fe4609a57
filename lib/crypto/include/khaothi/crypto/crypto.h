// The OpenSSL adapter: hashing, randomness, password hashing, Ed25519 signatures and the lab's
// TLS certificates. Used by the server, the tools and (for verification) the client; the engine
// never sees OpenSSL.
//
// All functions are thread-safe. Failures from OpenSSL are returned as Status (kIoError for files,
// kCorruption for malformed keys or signatures, kPermissionDenied for a wrong passphrase).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "khaothi/engine/status.h"

namespace khaothi::crypto {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Lower-case hex of `bytes` ("\x01\xab" -> "01ab").
std::string HexEncode(std::string_view bytes);
// Whether the secrets `a` and `b` (tokens, not passwords: see VerifyPassword) are equal and not
// empty, in time that depends on their length only.
bool SecretsEqual(std::string_view a, std::string_view b);

// `n` bytes from the OS CSPRNG (RAND_bytes). Crashes if the CSPRNG fails (it cannot, once seeded).
std::string RandomBytes(size_t n);
// A uniformly random 64-bit value from RandomBytes, for form seeds.
uint64_t RandomSeed();

// A one-time candidate password: `length` characters from an alphabet without look-alikes
// (no 0/O, 1/l/I), drawn without modulo bias.
std::string NewPassword(int length = 10);

// scrypt password hashing. The stored form is "scrypt$N$r$p$<salt b64>$<hash b64>"; Verify reads
// the parameters from it, so they can be raised later without invalidating old hashes.
// The default cost for candidates' one-time passwords is N=2^6, r=8, p=1 (64 KiB, 0.15 ms on this
// project's 2-core machine). It is set by the synchronised start: at 10,000 candidates every
// login's check is on the critical path, and N=2^8 (0.54 ms) was over a third of the server's
// CPU per login (docs/performance.md, "The start at 10,000"). These passwords are random
// (10 symbols of 31: ~50 bits), valid for one session and locked after 5 failures, so the KDF is
// a second line of defence: an offline search of 2^49 guesses at 0.15 ms still costs about 2,600
// CPU-years. Hashes keep their own parameters, so those made at 2^8 verify as before. Staff
// passwords, chosen by people, use StaffScryptParams().
struct ScryptParams {
  uint64_t n = 1u << 6;
  uint32_t r = 8;
  uint32_t p = 1;
};
std::string HashPassword(std::string_view password, ScryptParams params = {});
// N=2^15, r=8, p=1 (32 MiB, ~100 ms): for passwords people choose (staff accounts).
inline ScryptParams StaffScryptParams() { return {uint64_t{1} << 15, 8, 1}; }
// True when `password` matches `stored`; false for a mismatch or a malformed `stored`.
// Compares in constant time.
bool VerifyPassword(std::string_view password, std::string_view stored);

// Base64 (standard alphabet, padded) and back; Decode fails with kInvalidArgument.
std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

// An Ed25519 key pair. Identity type: not copyable.
class SigningKey {
 public:
  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  ~SigningKey();

  static SigningKey Generate();
  // PEM PKCS#8. With a non-empty passphrase the PEM is encrypted (PBES2, scrypt KDF, AES-256-CBC);
  // loading it then needs the same passphrase, and a wrong one gives kPermissionDenied.
  Result<std::string> ToPrivatePem(std::string_view passphrase) const;
  static Result<SigningKey> FromPrivatePem(std::string_view pem, std::string_view passphrase);

  // SubjectPublicKeyInfo PEM: what is published and what `openssl pkeyutl -verify` reads.
  std::string PublicPem() const;
  // The key id: the first 16 hex digits of SHA-256 over the raw 32-byte public key.
  std::string KeyId() const;
  // The 64-byte Ed25519 signature of `message` (raw bytes).
  std::string Sign(std::string_view message) const;

 private:
  explicit SigningKey(void* pkey) : pkey_(pkey) {}
  void* pkey_;  // EVP_PKEY*
};

// Checks an Ed25519 signature against a public key in PEM. kCorruption for a bad signature or a
// malformed key; OK when valid.
Status VerifySignature(std::string_view public_pem, std::string_view message,
                       std::string_view signature);
// The key id (as SigningKey::KeyId) of a public key in PEM.
Result<std::string> PublicKeyId(std::string_view public_pem);

// Write a file via a temporary file in the same directory, fsync and rename, so that a reader sees
// the old file or the whole new one. WriteSecretFile gives mode 0600 (private keys),
// WritePublicFile 0644 (certificates, public keys), whatever the umask. An existing file is
// replaced; callers that must not overwrite check first.
Status WriteSecretFile(const std::string& path, std::string_view bytes);
Status WritePublicFile(const std::string& path, std::string_view bytes);

// The lab PKI: a self-signed CA (10 years) and a server certificate signed by it (2 years) for
// the given DNS names and IP addresses (subjectAltName), all ECDSA P-256. Files written into
// `dir`: ca.pem, ca-key.pem (0600), server.pem (leaf then CA), server-key.pem (0600).
// kAlreadyExists when any of them exists (never overwrite a centre's keys).
Status CreateLabPki(const std::string& dir, const std::string& centre_name,
                    const std::vector<std::string>& dns_names,
                    const std::vector<std::string>& ip_addresses);
// SHA-256 fingerprint (hex, lower case) of the DER form of the first certificate in a PEM file.
Result<std::string> CertificateFingerprint(const std::string& pem_path);

}  // namespace khaothi::crypto
