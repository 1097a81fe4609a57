// The OpenSSL adapter, checked against itself and against the openssl command-line tool run as a
// real process (what a verifier outside khaothi would do).
#include "khaothi/crypto/crypto.h"

#include <cctype>
#include <filesystem>
#include <set>
#include <string>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "test_util.h"

namespace khaothi::crypto {
namespace {

using testing::ProcessResult;
using testing::RunProcess;
using testing::TempDir;

unsigned FileMode(const std::string& path) {
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  return static_cast<unsigned>(st.st_mode) & 0777U;
}

TEST_CASE("Sha256Hex matches the FIPS 180-2 test vector") {
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("HexEncode writes lower-case hex and SecretsEqual compares non-empty secrets") {
  CHECK(HexEncode(std::string("\x01\xab\x00\xff", 4)) == "01ab00ff");
  CHECK(HexEncode("").empty());
  CHECK(HexEncode(RandomBytes(32)).size() == 64);
  CHECK(SecretsEqual("abc", "abc"));
  CHECK_FALSE(SecretsEqual("abc", "abd"));
  CHECK_FALSE(SecretsEqual("abc", "abcd"));
  CHECK_FALSE(SecretsEqual("", ""));
}

TEST_CASE("Ed25519: a signature verifies and one flipped bit anywhere fails") {
  const SigningKey key = SigningKey::Generate();
  const std::string message = R"({"sbd":"A001","score":"7.50"})";
  const std::string sig = key.Sign(message);
  REQUIRE(sig.size() == 64);
  const std::string pub = key.PublicPem();
  CHECK(VerifySignature(pub, message, sig).ok());

  const size_t bit = GENERATE(0U, 7U, 100U, 511U);
  std::string bad_sig = sig;
  bad_sig[bit / 8] = static_cast<char>(bad_sig[bit / 8] ^ (1 << (bit % 8)));
  CHECK(VerifySignature(pub, message, bad_sig).IsCorruption());
  std::string bad_msg = message;
  const size_t at = (bit / 8) % bad_msg.size();
  bad_msg[at] = static_cast<char>(bad_msg[at] ^ 1);
  CHECK(VerifySignature(pub, bad_msg, sig).IsCorruption());

  CHECK(VerifySignature(pub, message, sig.substr(0, 63)).IsCorruption());
  CHECK(VerifySignature("not a key", message, sig).IsCorruption());
  CHECK(VerifySignature(SigningKey::Generate().PublicPem(), message, sig).IsCorruption());
}

TEST_CASE("Ed25519: key ids are 16 hex digits and agree between private and public form") {
  const SigningKey key = SigningKey::Generate();
  CHECK(key.KeyId().size() == 16);
  CHECK(key.KeyId().find_first_not_of("0123456789abcdef") == std::string::npos);
  Result<std::string> id = PublicKeyId(key.PublicPem());
  REQUIRE(id.ok());
  CHECK(*id == key.KeyId());
  CHECK(key.KeyId() != SigningKey::Generate().KeyId());
}

TEST_CASE("Ed25519: private PEM round trips, plain and encrypted") {
  const SigningKey key = SigningKey::Generate();
  const std::string message = "chứng chỉ";

  SECTION("unencrypted PKCS#8") {
    Result<std::string> pem = key.ToPrivatePem("");
    REQUIRE(pem.ok());
    CHECK_THAT(*pem, Catch::StartsWith("-----BEGIN PRIVATE KEY-----"));
    Result<SigningKey> back = SigningKey::FromPrivatePem(*pem, "");
    REQUIRE(back.ok());
    CHECK(back->KeyId() == key.KeyId());
    CHECK(VerifySignature(key.PublicPem(), message, back->Sign(message)).ok());
  }
  SECTION("encrypted PKCS#8: right passphrase loads, wrong or missing one is PermissionDenied") {
    Result<std::string> pem = key.ToPrivatePem("mật khẩu của thủ trưởng");
    REQUIRE(pem.ok());
    CHECK_THAT(*pem, Catch::StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    Result<SigningKey> back = SigningKey::FromPrivatePem(*pem, "mật khẩu của thủ trưởng");
    REQUIRE(back.ok());
    CHECK(back->KeyId() == key.KeyId());
    CHECK(SigningKey::FromPrivatePem(*pem, "mat khau").status().IsPermissionDenied());
    CHECK(SigningKey::FromPrivatePem(*pem, "").status().IsPermissionDenied());
  }
  SECTION("garbage is Corruption") {
    CHECK(SigningKey::FromPrivatePem(
              "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "")
              .status()
              .IsCorruption());
    CHECK(SigningKey::FromPrivatePem("", "").status().IsCorruption());
  }
}

TEST_CASE("Ed25519: the openssl tool verifies our signature with the published public key") {
  TempDir dir;
  const SigningKey key = SigningKey::Generate();
  const std::string message = R"({"certificate":"GDTX-2026-000123","name":"Nguyễn Thị Hà"})";
  testing::WriteFile(dir.File("msg"), message);
  testing::WriteFile(dir.File("sig"), key.Sign(message));
  testing::WriteFile(dir.File("pub.pem"), key.PublicPem());
  const std::vector<std::string> verify = {
      "/usr/bin/openssl", "pkeyutl", "-verify", "-pubin",   "-inkey", "pub.pem",
      "-rawin",           "-in",     "msg",     "-sigfile", "sig"};
  ProcessResult ok = RunProcess(verify, dir.path());
  INFO(ok.out << ok.err);
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("Signature Verified Successfully"));

  testing::WriteFile(dir.File("msg"), message + " ");
  CHECK(RunProcess(verify, dir.path()).exit_code != 0);
}

TEST_CASE("Ed25519: the openssl tool opens our encrypted key with the passphrase") {
  TempDir dir;
  const SigningKey key = SigningKey::Generate();
  Result<std::string> pem = key.ToPrivatePem("s3cret passphrase");
  REQUIRE(pem.ok());
  REQUIRE(WriteSecretFile(dir.File("head.pem"), *pem).ok());
  ProcessResult r = RunProcess({"/usr/bin/openssl", "pkey", "-in", "head.pem", "-passin",
                                "pass:s3cret passphrase", "-pubout"},
                               dir.path());
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == key.PublicPem());
  CHECK(RunProcess(
            {"/usr/bin/openssl", "pkey", "-in", "head.pem", "-passin", "pass:wrong", "-pubout"},
            dir.path())
            .exit_code != 0);
}

TEST_CASE("passwords: hash and verify") {
  const std::string password = NewPassword();
  const std::string stored = HashPassword(password);
  CHECK_THAT(stored, Catch::StartsWith("scrypt$64$8$1$"));
  CHECK(VerifyPassword(password, stored));
  CHECK_FALSE(VerifyPassword(password + "X", stored));
  CHECK_FALSE(VerifyPassword("", stored));
  // A fresh salt each time.
  CHECK(HashPassword(password) != stored);

  SECTION("parameters are read back from the stored form") {
    const std::string strong = HashPassword("ABC", {.n = 1U << 12, .r = 8, .p = 2});
    CHECK_THAT(strong, Catch::StartsWith("scrypt$4096$8$2$"));
    CHECK(VerifyPassword("ABC", strong));
  }
  SECTION("malformed stored forms never verify") {
    for (const char* bad :
         {"", "scrypt", "scrypt$1024$8$1$AAAA", "bcrypt$1024$8$1$AAAA$AAAA",
          "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
          "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA", "scrypt$1024$8$1$!!!!$AAAA"}) {
      CHECK_FALSE(VerifyPassword("x", bad));
    }
    const std::string truncated = stored.substr(0, stored.size() - 4);
    CHECK_FALSE(VerifyPassword(password, truncated));
  }
}

TEST_CASE("NewPassword: the length asked, no look-alike characters, all symbols used") {
  std::set<char> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string p = NewPassword(12);
    REQUIRE(p.size() == 12);
    CHECK(p.find_first_of("0O1IlL") == std::string::npos);
    seen.insert(p.begin(), p.end());
  }
  CHECK(NewPassword().size() == 10);
  CHECK(seen.size() == 31);
}

TEST_CASE("Base64: RFC 4648 test vectors and strict decoding") {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    CHECK(Base64Encode(plain) == encoded);
    Result<std::string> back = Base64Decode(encoded);
    REQUIRE(back.ok());
    CHECK(*back == plain);
  }
  const std::string binary = RandomBytes(1000);
  CHECK(*Base64Decode(Base64Encode(binary)) == binary);
  for (const char* bad : {"Zg=", "Zg", "Z===", "Zh==", "Zm9v\n", "Zm=v", "====", "Zg==Zg=="}) {
    INFO(bad);
    CHECK(Base64Decode(bad).status().IsInvalidArgument());
  }
}

TEST_CASE("WriteSecretFile and WritePublicFile set the mode whatever the umask") {
  TempDir dir;
  const mode_t old = umask(0);
  REQUIRE(WriteSecretFile(dir.File("k.pem"), "secret").ok());
  REQUIRE(WritePublicFile(dir.File("c.pem"), "public").ok());
  umask(old);
  CHECK(FileMode(dir.File("k.pem")) == 0600U);
  CHECK(FileMode(dir.File("c.pem")) == 0644U);
  CHECK(testing::ReadFile(dir.File("k.pem")) == "secret");
  REQUIRE(WriteSecretFile(dir.File("k.pem"), "replaced").ok());
  CHECK(testing::ReadFile(dir.File("k.pem")) == "replaced");
  CHECK(WriteSecretFile(dir.File("missing/k.pem"), "x").IsIoError());
}

TEST_CASE("CreateLabPki: CA and server certificate that openssl verify accepts") {
  TempDir dir;
  const std::string tls = dir.File("tls");
  REQUIRE(CreateLabPki(tls, "Trung tâm Giáo dục thường xuyên tỉnh Long An — phòng máy số 1",
                       {"localhost", "khaothi.lan"}, {"127.0.0.1", "192.168.1.10"})
              .ok());
  CHECK(FileMode(tls + "/ca-key.pem") == 0600U);
  CHECK(FileMode(tls + "/server-key.pem") == 0600U);
  CHECK(FileMode(tls + "/ca.pem") == 0644U);
  CHECK(FileMode(tls + "/server.pem") == 0644U);

  ProcessResult verify =
      RunProcess({"/usr/bin/openssl", "verify", "-CAfile", "ca.pem", "server.pem"}, tls);
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);
  CHECK_THAT(verify.out, Catch::Contains("server.pem: OK"));

  ProcessResult text =
      RunProcess({"/usr/bin/openssl", "x509", "-in", "server.pem", "-noout", "-text"}, tls);
  CHECK_THAT(text.out, Catch::Contains("DNS:localhost") && Catch::Contains("DNS:khaothi.lan") &&
                           Catch::Contains("IP Address:127.0.0.1") &&
                           Catch::Contains("IP Address:192.168.1.10") &&
                           Catch::Contains("CA:FALSE") && Catch::Contains("TLS Web Server"));
  ProcessResult ca_text =
      RunProcess({"/usr/bin/openssl", "x509", "-in", "ca.pem", "-noout", "-text"}, tls);
  CHECK_THAT(ca_text.out, Catch::Contains("CA:TRUE") && Catch::Contains("Certificate Sign"));

  // The key matches the certificate.
  ProcessResult pub_key =
      RunProcess({"/usr/bin/openssl", "pkey", "-in", "server-key.pem", "-pubout"}, tls);
  ProcessResult pub_cert =
      RunProcess({"/usr/bin/openssl", "x509", "-in", "server.pem", "-noout", "-pubkey"}, tls);
  CHECK(pub_key.out == pub_cert.out);

  Result<std::string> fp = CertificateFingerprint(tls + "/ca.pem");
  REQUIRE(fp.ok());
  ProcessResult tool_fp = RunProcess(
      {"/usr/bin/openssl", "x509", "-in", "ca.pem", "-noout", "-fingerprint", "-sha256"}, tls);
  std::string expected;
  for (char c : tool_fp.out.substr(tool_fp.out.find('=') + 1)) {
    if (std::isxdigit(static_cast<unsigned char>(c)) != 0) {
      expected += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  CHECK(*fp == expected);

  SECTION("never overwrites a centre's keys") {
    const std::string before = testing::ReadFile(tls + "/ca-key.pem");
    CHECK(CreateLabPki(tls, "x", {"localhost"}, {}).IsAlreadyExists());
    CHECK(testing::ReadFile(tls + "/ca-key.pem") == before);
  }
}

TEST_CASE("CreateLabPki refuses bad names and writes nothing") {
  TempDir dir;
  CHECK(CreateLabPki(dir.File("a"), "x", {"localhost"}, {"300.1.1.1"}).IsInvalidArgument());
  CHECK(CreateLabPki(dir.File("b"), "x", {"bad,DNS:evil.com"}, {}).IsInvalidArgument());
  CHECK(CreateLabPki(dir.File("c"), "x", {}, {}).IsInvalidArgument());
  CHECK_FALSE(std::filesystem::exists(dir.File("a/ca.pem")));
  CHECK_FALSE(std::filesystem::exists(dir.File("a/server-key.pem")));
  CHECK(CertificateFingerprint(dir.File("none.pem")).status().IsIoError());
}

}  // namespace
}  // namespace khaothi::crypto
