// Any bytes as a signed record (an envelope's JSON text or a "KT1." token), and as a revocation
// of a fixed certificate: nothing crashes or throws; an envelope that parses is re-serialised
// (JSON and token) into one that parses to the same fields; a record that parses can be signed
// again and then verifies; and VerifyRecord says "valid" or "revoked" only for a record whose
// Ed25519 signature by the fixed key really checks.
//
// The key below is a test key generated once for this target: it signs nothing but the seeds in
// signed_record_corpus/ (valid, tampered, revoked, token), and being fixed, it makes every run
// and every replay of a reproducer deterministic (Ed25519 signatures are).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/records/canonical_json.h"
#include "khaothi/records/signed_record.h"

#include "fuzz_check.h"

namespace {

namespace json = boost::json;
using khaothi::records::Verdict;

constexpr std::string_view kTestPrivatePem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJS76c1yDf57N/Vttz4kW5WPppWVxLJUZU8s62QwRo0G\n"
    "-----END PRIVATE KEY-----\n";
constexpr std::string_view kTestPublicPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAcFlfchIc/lsCnSJFL3I7Qg/+Zts5lBxsV+cQu1o4JtQ=\n"
    "-----END PUBLIC KEY-----\n";

// The certificate that fuzzed revocations may name (its id is "T/CB/2026/000001").
json::object FixedCertificateRecord() {
  return json::object{{"kind", "khaothi.certificate.v1"},
                      {"id", "T/CB/2026/000001"},
                      {"holder", json::object{{"full_name", "Nguyễn Văn An"}}},
                      {"result", "Đạt"},
                      {"year", 2026}};
}

struct Fixture {
  khaothi::crypto::SigningKey key;
  std::string key_id;
  std::string certificate;  // FixedCertificateRecord() signed by `key`
};

const Fixture& TheFixture() {
  static const Fixture* fixture = [] {
    auto key = khaothi::crypto::SigningKey::FromPrivatePem(kTestPrivatePem, "");
    FUZZ_CHECK(key.ok());
    FUZZ_CHECK(key->PublicPem() == kTestPublicPem);
    auto certificate = khaothi::records::SignRecord(*key, FixedCertificateRecord());
    FUZZ_CHECK(certificate.ok());
    std::string key_id = key->KeyId();
    return new Fixture{std::move(key).value(), std::move(key_id), std::move(certificate).value()};
  }();
  return *fixture;
}

// Records are compared by their canonical bytes, the bytes the signature covers.
bool SameEnvelope(const khaothi::records::SignedRecord& a,
                  const khaothi::records::SignedRecord& b) {
  return a.key_id == b.key_id && a.signature == b.signature && a.canonical == b.canonical;
}

// A "valid" or "revoked" verdict must rest on a signature that really checks.
void CheckVerdict(const khaothi::records::Verification& v, const Fixture& f) {
  FUZZ_CHECK(!v.reason.empty());
  if (v.verdict != Verdict::kValid && v.verdict != Verdict::kRevoked) {
    return;
  }
  FUZZ_CHECK(v.envelope.key_id == f.key_id);
  const json::value* inner = v.envelope.record.if_contains("key_id");
  FUZZ_CHECK(inner != nullptr && inner->is_string() && inner->as_string() == f.key_id);
  auto canonical = khaothi::records::CanonicalJson(v.envelope.record);
  FUZZ_CHECK(canonical.ok() && *canonical == v.envelope.canonical);
  FUZZ_CHECK(
      khaothi::crypto::VerifySignature(kTestPublicPem, v.envelope.canonical, v.envelope.signature)
          .ok());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace khaothi;
  const Fixture& f = TheFixture();
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  // Parsing, and re-serialising what parses.
  Result<records::SignedRecord> env = records::ParseEnvelope(text);
  if (env.ok()) {
    FUZZ_CHECK(env->signature.size() == 64);
    Result<std::string> canonical = records::CanonicalJson(env->record);
    FUZZ_CHECK(canonical.ok() && *canonical == env->canonical);
    Result<std::string> again =
        records::CanonicalJson(json::object{{"key_id", env->key_id},
                                            {"record", env->record},
                                            {"signature", crypto::Base64Encode(env->signature)}});
    FUZZ_CHECK(again.ok());
    Result<records::SignedRecord> reparsed = records::ParseEnvelope(*again);
    FUZZ_CHECK(reparsed.ok() && SameEnvelope(*reparsed, *env));
    Result<records::SignedRecord> from_token =
        records::ParseEnvelope(records::EnvelopeToken(*again));
    FUZZ_CHECK(from_token.ok() && SameEnvelope(*from_token, *env));

    // What parses can be signed, and then verifies; re-signing a record that was valid under the
    // fixed key gives back exactly its canonical envelope (Ed25519 is deterministic).
    Result<std::string> resigned = records::SignRecord(f.key, env->record);
    FUZZ_CHECK(resigned.ok());
    const records::Verification rv = records::VerifyRecord(*resigned, kTestPublicPem);
    FUZZ_CHECK(rv.verdict == Verdict::kValid);
    FUZZ_CHECK(records::VerifyRecord(records::EnvelopeToken(*resigned), kTestPublicPem).verdict ==
               Verdict::kValid);
    if (records::VerifyRecord(*again, kTestPublicPem).verdict == Verdict::kValid) {
      FUZZ_CHECK(*resigned == *again);
    }
  }

  // Verifying: only a genuine signature is "valid"; what does not parse is "malformed", never
  // valid and never "tampered" (docs/verification.md).
  const records::Verification v = records::VerifyRecord(text, kTestPublicPem);
  CheckVerdict(v, f);
  if (!env.ok()) {
    FUZZ_CHECK(v.verdict == Verdict::kMalformed);
  } else if (v.verdict == Verdict::kValid || v.verdict == Verdict::kRevoked) {
    FUZZ_CHECK(SameEnvelope(v.envelope, *env));
  }

  // The same bytes as a revocation: the fixed certificate stays valid unless they are a valid
  // revocation of it signed by the same key.
  const std::vector<std::string> revocations{std::string(text)};
  const records::Verification cv =
      records::VerifyRecord(f.certificate, kTestPublicPem, revocations);
  if (cv.verdict == Verdict::kRevoked) {
    FUZZ_CHECK(v.verdict == Verdict::kValid);
    const json::value* kind = v.envelope.record.if_contains("kind");
    const json::value* target = v.envelope.record.if_contains("certificate");
    FUZZ_CHECK(kind != nullptr && kind->is_string() &&
               kind->as_string() == "khaothi.revocation.v1");
    FUZZ_CHECK(target != nullptr && target->is_string() &&
               target->as_string() == "T/CB/2026/000001");
  } else {
    FUZZ_CHECK(cv.verdict == Verdict::kValid);
  }
  // And as a revocation of itself: never turns an invalid record into a revoked one.
  const records::Verification self = records::VerifyRecord(text, kTestPublicPem, revocations);
  CheckVerdict(self, f);
  FUZZ_CHECK((self.verdict == Verdict::kValid || self.verdict == Verdict::kRevoked) ==
             (v.verdict == Verdict::kValid));
  return 0;
}
