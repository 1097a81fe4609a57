// Files with controlled modes, and the lab's TLS certificates (a CA and one server certificate).
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "khaothi/crypto/crypto.h"

#include "openssl_util.h"

namespace khaothi::crypto {
namespace {

namespace fs = std::filesystem;
using internal::BioPtr;
using internal::PkeyPtr;
using internal::X509Ptr;

constexpr int kCaDays = 3650;
constexpr int kServerDays = 730;
// ub_organization_name and ub_common_name of RFC 5280: 64 characters.
constexpr size_t kMaxNameChars = 64;

Status WriteFileWithMode(const std::string& path, std::string_view bytes, mode_t mode) {
  std::string tmp = path + ".tmp-XXXXXX";
  const int fd = mkstemp(tmp.data());
  if (fd < 0) {
    return Status::IoError(path + ": cannot create: " + std::strerror(errno));
  }
  auto fail = [&](const char* what) {
    const std::string reason = std::strerror(errno);
    close(fd);
    unlink(tmp.c_str());
    return Status::IoError(path + ": " + what + ": " + reason);
  };
  // fchmod, not the mode of open(), so that the umask cannot widen or narrow it.
  if (fchmod(fd, mode) != 0) {
    return fail("cannot set permissions");
  }
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return fail("write failed");
    }
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) {
    return fail("fsync failed");
  }
  if (close(fd) != 0) {
    unlink(tmp.c_str());
    return Status::IoError(path + ": close failed: " + std::strerror(errno));
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    unlink(tmp.c_str());
    return Status::IoError(path + ": cannot rename into place: " + reason);
  }
  return Status::Ok();
}

// `s` cut to at most `max_chars` UTF-8 characters, never inside one.
std::string CutUtf8(std::string_view s, size_t max_chars) {
  size_t chars = 0;
  size_t i = 0;
  while (i < s.size()) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) {
        break;
      }
      ++chars;
    }
    ++i;
  }
  return std::string(s.substr(0, i));
}

Status Fail(std::string_view what) {
  return Status::IoError(std::string(what) + ": " + internal::TakeOpensslError());
}

PkeyPtr NewEcKey() {
  PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  KHAOTHI_CHECK(key != nullptr);
  return key;
}

Status AddNameEntry(X509_NAME* name, const char* field, std::string_view value) {
  const std::string v = CutUtf8(value, kMaxNameChars);
  if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(v.c_str()), -1, -1,
                                 0) != 1) {
    return Fail(std::string("certificate name field ") + field);
  }
  return Status::Ok();
}

// Adds the extension `nid` = `value` (openssl x509v3_config syntax) in the context of issuer and
// subject.
Status AddExtension(X509* issuer, X509* subject, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, subject, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) {
    return Fail(std::string("certificate extension ") + value);
  }
  const int rc = X509_add_ext(subject, ext, -1);
  X509_EXTENSION_free(ext);
  return rc == 1 ? Status::Ok() : Fail("certificate extension");
}

// A certificate for `key`, valid from an hour ago (clock skew between lab PCs) for `days`, with
// a random positive 128-bit serial number and the given subject. Extensions are added by the
// caller before signing.
Result<X509Ptr> NewCertificate(EVP_PKEY* key, int days, const std::string& organisation,
                               const std::string& common_name) {
  X509Ptr cert(X509_new());
  KHAOTHI_CHECK(cert != nullptr);
  if (X509_set_version(cert.get(), X509_VERSION_3) != 1) {
    return Fail("certificate version");
  }
  std::string serial = RandomBytes(16);
  serial[0] = static_cast<char>(static_cast<unsigned char>(serial[0]) & 0x7F);
  serial[0] = static_cast<char>(static_cast<unsigned char>(serial[0]) | 0x40);
  BIGNUM* bn = BN_bin2bn(reinterpret_cast<const unsigned char*>(serial.data()),
                         static_cast<int>(serial.size()), nullptr);
  const bool serial_ok =
      bn != nullptr && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get())) != nullptr;
  BN_free(bn);
  if (!serial_ok) {
    return Fail("certificate serial number");
  }
  if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) == nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(cert.get()), days, 0, nullptr) == nullptr) {
    return Fail("certificate validity");
  }
  internal::X509NamePtr name(X509_NAME_new());
  KHAOTHI_CHECK(name != nullptr);
  if (!organisation.empty()) {
    KHAOTHI_RETURN_IF_ERROR(AddNameEntry(name.get(), "O", organisation));
  }
  KHAOTHI_RETURN_IF_ERROR(AddNameEntry(name.get(), "CN", common_name));
  if (X509_set_subject_name(cert.get(), name.get()) != 1 || X509_set_pubkey(cert.get(), key) != 1) {
    return Fail("certificate subject");
  }
  return cert;
}

// subjectAltName from DNS names and IP addresses, built as GENERAL_NAMEs rather than a config
// string so that a name containing ',' cannot smuggle in another entry.
Status AddSubjectAltName(X509* cert, const std::vector<std::string>& dns_names,
                         const std::vector<std::string>& ip_addresses) {
  GENERAL_NAMES* names = sk_GENERAL_NAME_new_null();
  KHAOTHI_CHECK(names != nullptr);
  auto release = [&] { sk_GENERAL_NAME_pop_free(names, GENERAL_NAME_free); };
  for (const std::string& dns : dns_names) {
    const bool valid = !dns.empty() && dns.size() <= 253 &&
                       dns.find_first_not_of(
                           "abcdefghijklmnopqrstuvwxyz"
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") == std::string::npos;
    if (!valid) {
      release();
      return Status::InvalidArgument("'" + dns + "' is not a valid host name");
    }
    GENERAL_NAME* gn = GENERAL_NAME_new();
    ASN1_IA5STRING* ia5 = ASN1_IA5STRING_new();
    KHAOTHI_CHECK(gn != nullptr && ia5 != nullptr &&
                  ASN1_STRING_set(ia5, dns.data(), static_cast<int>(dns.size())) == 1);
    GENERAL_NAME_set0_value(gn, GEN_DNS, ia5);
    sk_GENERAL_NAME_push(names, gn);
  }
  for (const std::string& ip : ip_addresses) {
    ASN1_OCTET_STRING* octets = a2i_IPADDRESS(ip.c_str());
    if (octets == nullptr) {
      internal::TakeOpensslError();
      release();
      return Status::InvalidArgument("'" + ip + "' is not a valid IP address");
    }
    GENERAL_NAME* gn = GENERAL_NAME_new();
    KHAOTHI_CHECK(gn != nullptr);
    GENERAL_NAME_set0_value(gn, GEN_IPADD, octets);
    sk_GENERAL_NAME_push(names, gn);
  }
  const int rc = X509_add1_ext_i2d(cert, NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT);
  release();
  return rc == 1 ? Status::Ok() : Fail("subjectAltName");
}

Result<std::string> CertificatePem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_X509(bio.get(), cert) != 1) {
    return Fail("certificate encoding");
  }
  return internal::BioContents(bio.get());
}

Result<std::string> PrivateKeyPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PKCS8PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Fail("private key encoding");
  }
  return internal::BioContents(bio.get());
}

}  // namespace

Status WriteSecretFile(const std::string& path, std::string_view bytes) {
  return WriteFileWithMode(path, bytes, 0600);
}

Status WritePublicFile(const std::string& path, std::string_view bytes) {
  return WriteFileWithMode(path, bytes, 0644);
}

Status CreateLabPki(const std::string& dir, const std::string& centre_name,
                    const std::vector<std::string>& dns_names,
                    const std::vector<std::string>& ip_addresses) {
  if (dns_names.empty() && ip_addresses.empty()) {
    return Status::InvalidArgument("the server certificate needs at least one host name or IP");
  }
  const std::vector<std::string> files = {"ca.pem", "ca-key.pem", "server.pem", "server-key.pem"};
  std::error_code ec;
  for (const std::string& f : files) {
    if (fs::exists(fs::path(dir) / f, ec)) {
      return Status::AlreadyExists((fs::path(dir) / f).string() +
                                   " exists; the centre's keys are never overwritten");
    }
  }
  fs::create_directories(dir, ec);
  if (ec) {
    return Status::IoError(dir + ": cannot create: " + ec.message());
  }

  PkeyPtr ca_key = NewEcKey();
  Result<X509Ptr> ca = NewCertificate(ca_key.get(), kCaDays, centre_name, "khaothi lab CA");
  if (!ca.ok()) {
    return ca.status();
  }
  X509* ca_cert = ca->get();
  if (X509_set_issuer_name(ca_cert, X509_get_subject_name(ca_cert)) != 1) {
    return Fail("CA issuer");
  }
  KHAOTHI_RETURN_IF_ERROR(
      AddExtension(ca_cert, ca_cert, NID_basic_constraints, "critical,CA:TRUE,pathlen:0"));
  KHAOTHI_RETURN_IF_ERROR(
      AddExtension(ca_cert, ca_cert, NID_key_usage, "critical,keyCertSign,cRLSign"));
  KHAOTHI_RETURN_IF_ERROR(AddExtension(ca_cert, ca_cert, NID_subject_key_identifier, "hash"));
  KHAOTHI_RETURN_IF_ERROR(
      AddExtension(ca_cert, ca_cert, NID_authority_key_identifier, "keyid:always"));
  if (X509_sign(ca_cert, ca_key.get(), EVP_sha256()) == 0) {
    return Fail("signing the CA certificate");
  }

  PkeyPtr server_key = NewEcKey();
  const std::string server_cn = dns_names.empty() ? ip_addresses.front() : dns_names.front();
  Result<X509Ptr> server = NewCertificate(server_key.get(), kServerDays, centre_name, server_cn);
  if (!server.ok()) {
    return server.status();
  }
  X509* server_cert = server->get();
  if (X509_set_issuer_name(server_cert, X509_get_subject_name(ca_cert)) != 1) {
    return Fail("server certificate issuer");
  }
  KHAOTHI_RETURN_IF_ERROR(
      AddExtension(ca_cert, server_cert, NID_basic_constraints, "critical,CA:FALSE"));
  // ECDHE key exchange with an ECDSA certificate needs only digitalSignature.
  KHAOTHI_RETURN_IF_ERROR(
      AddExtension(ca_cert, server_cert, NID_key_usage, "critical,digitalSignature"));
  KHAOTHI_RETURN_IF_ERROR(AddExtension(ca_cert, server_cert, NID_ext_key_usage, "serverAuth"));
  KHAOTHI_RETURN_IF_ERROR(AddExtension(ca_cert, server_cert, NID_subject_key_identifier, "hash"));
  KHAOTHI_RETURN_IF_ERROR(
      AddExtension(ca_cert, server_cert, NID_authority_key_identifier, "keyid:always"));
  KHAOTHI_RETURN_IF_ERROR(AddSubjectAltName(server_cert, dns_names, ip_addresses));
  if (X509_sign(server_cert, ca_key.get(), EVP_sha256()) == 0) {
    return Fail("signing the server certificate");
  }

  Result<std::string> ca_pem = CertificatePem(ca_cert);
  Result<std::string> ca_key_pem = PrivateKeyPem(ca_key.get());
  Result<std::string> server_pem = CertificatePem(server_cert);
  Result<std::string> server_key_pem = PrivateKeyPem(server_key.get());
  for (const Status& s :
       {ca_pem.status(), ca_key_pem.status(), server_pem.status(), server_key_pem.status()}) {
    KHAOTHI_RETURN_IF_ERROR(s);
  }
  const fs::path d(dir);
  // Keys first: a crash in between leaves keys without certificates, which a rerun reports
  // as existing rather than silently pairing a new certificate with an old key.
  KHAOTHI_RETURN_IF_ERROR(WriteSecretFile((d / "ca-key.pem").string(), *ca_key_pem));
  KHAOTHI_RETURN_IF_ERROR(WriteSecretFile((d / "server-key.pem").string(), *server_key_pem));
  KHAOTHI_RETURN_IF_ERROR(WritePublicFile((d / "ca.pem").string(), *ca_pem));
  return WritePublicFile((d / "server.pem").string(), *server_pem + *ca_pem);
}

Result<std::string> CertificateFingerprint(const std::string& pem_path) {
  BioPtr bio(BIO_new_file(pem_path.c_str(), "r"));
  if (bio == nullptr) {
    internal::TakeOpensslError();
    return Status::IoError(pem_path + ": cannot read");
  }
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (cert == nullptr) {
    return Status::Corruption(pem_path + ": no PEM certificate: " + internal::TakeOpensslError());
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(cert.get(), EVP_sha256(), md, &len) != 1) {
    return Fail("certificate fingerprint");
  }
  return internal::Hex(std::string_view(reinterpret_cast<const char*>(md), len));
}

}  // namespace khaothi::crypto
