// Ed25519 signing keys, their PEM forms and signature verification.
#include <string>
#include <utility>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "khaothi/crypto/crypto.h"

#include "openssl_util.h"

namespace khaothi::crypto {
namespace {

using internal::BioPtr;
using internal::PkeyPtr;

constexpr size_t kSignatureBytes = 64;
constexpr size_t kPublicKeyBytes = 32;
constexpr std::string_view kEncryptedPemLabel = "-----BEGIN ENCRYPTED PRIVATE KEY-----";

// The scrypt cost of an encrypted key file: what `openssl pkcs8 -scrypt` uses (16 MiB), within
// the limit OpenSSL applies when it decrypts, so the file also opens with the openssl tool.
constexpr uint64_t kKeyScryptN = uint64_t{1} << 14;
constexpr uint64_t kKeyScryptR = 8;
constexpr uint64_t kKeyScryptP = 1;

EVP_PKEY* Pkey(void* p) { return static_cast<EVP_PKEY*>(p); }

// A PEM passphrase callback that never prompts: it refuses, so an unexpected encrypted PEM fails
// instead of reading the terminal.
int NoPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*u*/) { return 0; }

std::string RawPublicKey(EVP_PKEY* pkey) {
  std::string raw(kPublicKeyBytes, '\0');
  size_t len = raw.size();
  KHAOTHI_CHECK(
      EVP_PKEY_get_raw_public_key(pkey, reinterpret_cast<unsigned char*>(raw.data()), &len) == 1);
  raw.resize(len);
  return raw;
}

Result<PkeyPtr> ReadPublicPem(std::string_view public_pem) {
  BioPtr bio = internal::MemoryBio(public_pem);
  PkeyPtr pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassphrase, nullptr));
  if (pkey == nullptr) {
    return Status::Corruption("malformed public key: " + internal::TakeOpensslError());
  }
  if (EVP_PKEY_is_a(pkey.get(), "ED25519") != 1) {
    return Status::Corruption("the public key is not an Ed25519 key");
  }
  return pkey;
}

}  // namespace

SigningKey::SigningKey(SigningKey&& other) noexcept : pkey_(std::exchange(other.pkey_, nullptr)) {}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
  if (this != &other) {
    EVP_PKEY_free(Pkey(pkey_));
    pkey_ = std::exchange(other.pkey_, nullptr);
  }
  return *this;
}

SigningKey::~SigningKey() { EVP_PKEY_free(Pkey(pkey_)); }

SigningKey SigningKey::Generate() {
  EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  KHAOTHI_CHECK(pkey != nullptr);
  return SigningKey(pkey);
}

Result<std::string> SigningKey::ToPrivatePem(std::string_view passphrase) const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  KHAOTHI_CHECK(bio != nullptr);
  if (passphrase.empty()) {
    if (PEM_write_bio_PKCS8PrivateKey(bio.get(), Pkey(pkey_), nullptr, nullptr, 0, nullptr,
                                      nullptr) != 1) {
      return Status::IoError("cannot encode the private key: " + internal::TakeOpensslError());
    }
    return internal::BioContents(bio.get());
  }
  // PEM_write_bio_PKCS8PrivateKey would derive the key with PBKDF2; build the PBES2 parameters
  // with scrypt ourselves (RFC 7914 section 7), then encrypt with AES-256-CBC.
  const std::string salt = RandomBytes(16);
  X509_ALGOR* pbe = PKCS5_pbe2_set_scrypt(
      EVP_aes_256_cbc(), reinterpret_cast<const unsigned char*>(salt.data()),
      static_cast<int>(salt.size()), nullptr, kKeyScryptN, kKeyScryptR, kKeyScryptP);
  if (pbe == nullptr) {
    return Status::IoError("cannot set up key encryption: " + internal::TakeOpensslError());
  }
  internal::P8InfoPtr p8(EVP_PKEY2PKCS8(Pkey(pkey_)));
  if (p8 == nullptr) {
    X509_ALGOR_free(pbe);
    return Status::IoError("cannot encode the private key: " + internal::TakeOpensslError());
  }
  // PKCS8_set0_pbe takes ownership of `pbe` only on success.
  internal::X509SigPtr sig(
      PKCS8_set0_pbe(passphrase.data(), static_cast<int>(passphrase.size()), p8.get(), pbe));
  if (sig == nullptr) {
    X509_ALGOR_free(pbe);
    return Status::IoError("cannot encrypt the private key: " + internal::TakeOpensslError());
  }
  if (PEM_write_bio_PKCS8(bio.get(), sig.get()) != 1) {
    return Status::IoError("cannot encode the private key: " + internal::TakeOpensslError());
  }
  return internal::BioContents(bio.get());
}

Result<SigningKey> SigningKey::FromPrivatePem(std::string_view pem, std::string_view passphrase) {
  PkeyPtr pkey;
  BioPtr bio = internal::MemoryBio(pem);
  if (pem.find(kEncryptedPemLabel) != std::string_view::npos) {
    if (passphrase.empty()) {
      return Status::PermissionDenied("the private key is encrypted; its passphrase is needed");
    }
    internal::X509SigPtr sig(PEM_read_bio_PKCS8(bio.get(), nullptr, NoPassphrase, nullptr));
    if (sig == nullptr) {
      return Status::Corruption("malformed encrypted private key: " + internal::TakeOpensslError());
    }
    internal::P8InfoPtr p8(
        PKCS8_decrypt(sig.get(), passphrase.data(), static_cast<int>(passphrase.size())));
    if (p8 == nullptr) {
      internal::TakeOpensslError();
      return Status::PermissionDenied("wrong passphrase for the private key");
    }
    pkey.reset(EVP_PKCS82PKEY(p8.get()));
  } else {
    pkey.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  }
  if (pkey == nullptr) {
    return Status::Corruption("malformed private key: " + internal::TakeOpensslError());
  }
  if (EVP_PKEY_is_a(pkey.get(), "ED25519") != 1) {
    return Status::Corruption("the private key is not an Ed25519 key");
  }
  return SigningKey(pkey.release());
}

std::string SigningKey::PublicPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  KHAOTHI_CHECK(bio != nullptr && PEM_write_bio_PUBKEY(bio.get(), Pkey(pkey_)) == 1);
  return internal::BioContents(bio.get());
}

std::string SigningKey::KeyId() const { return Sha256Hex(RawPublicKey(Pkey(pkey_))).substr(0, 16); }

std::string SigningKey::Sign(std::string_view message) const {
  internal::MdCtxPtr ctx(EVP_MD_CTX_new());
  KHAOTHI_CHECK(ctx != nullptr);
  // Ed25519 hashes internally (PureEdDSA), so no digest is named.
  KHAOTHI_CHECK(EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, Pkey(pkey_)) == 1);
  std::string sig(kSignatureBytes, '\0');
  size_t len = sig.size();
  KHAOTHI_CHECK(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                               reinterpret_cast<const unsigned char*>(message.data()),
                               message.size()) == 1);
  sig.resize(len);
  return sig;
}

Status VerifySignature(std::string_view public_pem, std::string_view message,
                       std::string_view signature) {
  Result<PkeyPtr> pkey = ReadPublicPem(public_pem);
  if (!pkey.ok()) {
    return pkey.status();
  }
  if (signature.size() != kSignatureBytes) {
    return Status::Corruption("an Ed25519 signature has 64 bytes, not " +
                              std::to_string(signature.size()));
  }
  internal::MdCtxPtr ctx(EVP_MD_CTX_new());
  KHAOTHI_CHECK(ctx != nullptr);
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey->get()) != 1) {
    return Status::Corruption("cannot use the public key: " + internal::TakeOpensslError());
  }
  const int rc = EVP_DigestVerify(
      ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(message.data()), message.size());
  if (rc != 1) {
    internal::TakeOpensslError();
    return Status::Corruption("the signature does not match the record and key");
  }
  return Status::Ok();
}

Result<std::string> PublicKeyId(std::string_view public_pem) {
  Result<PkeyPtr> pkey = ReadPublicPem(public_pem);
  if (!pkey.ok()) {
    return pkey.status();
  }
  return Sha256Hex(RawPublicKey(pkey->get())).substr(0, 16);
}

}  // namespace khaothi::crypto
