// The records library alone (linked without khaothi_centre, SQLite or ICU): byte-exact canonical
// JSON, signed records made before the library existed, and receipts.
#include <fstream>
#include <sstream>
#include <string>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/records/canonical_json.h"
#include "khaothi/records/receipt.h"
#include "khaothi/records/signed_record.h"

namespace khaothi::records {
namespace {

namespace json = boost::json;

// The fixed test key of tests/fuzz/signed_record_fuzzer.cc: it signed the seeds in
// tests/fuzz/signed_record_corpus/ with the centre's code before the records library existed.
constexpr std::string_view kCorpusPrivatePem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJS76c1yDf57N/Vttz4kW5WPppWVxLJUZU8s62QwRo0G\n"
    "-----END PRIVATE KEY-----\n";
constexpr std::string_view kCorpusPublicPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAcFlfchIc/lsCnSJFL3I7Qg/+Zts5lBxsV+cQu1o4JtQ=\n"
    "-----END PUBLIC KEY-----\n";

// "é" composed (NFC) and decomposed (NFD: e + U+0301).
const std::string kComposed = "\xC3\xA9";
const std::string kDecomposed = "e\xCC\x81";

std::string CorpusFile(const std::string& name) {
  std::ifstream in(std::string(KHAOTHI_SOURCE_DIR) + "/tests/fuzz/signed_record_corpus/" + name,
                   std::ios::binary);
  REQUIRE(in);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_CASE("records canonical JSON sorts keys by bytes and keeps text exactly as given") {
  json::object o;
  o[kDecomposed + "t"] = kDecomposed;  // 'e' < 'f': stays before "f", and stays decomposed
  o["f"] = kComposed;
  o["a"] = json::array{1, -2, nullptr, true, "tab\tquote\"\\\x01"};
  Result<std::string> c = CanonicalJson(o);
  REQUIRE(c.ok());
  CHECK(*c == "{\"a\":[1,-2,null,true,\"tab\\tquote\\\"\\\\\\u0001\"],\"" + kDecomposed + "t\":\"" +
                  kDecomposed + "\",\"f\":\"" + kComposed + "\"}");
  // What it wrote reads back to the same bytes.
  Result<std::string> again = CanonicalJson(json::parse(*c));
  REQUIRE(again.ok());
  CHECK(*again == *c);
}

TEST_CASE("records canonical JSON refuses doubles and every kind of ill-formed UTF-8") {
  CHECK(CanonicalJson(json::parse(R"({"score": 7.5})")).status().IsInvalidArgument());
  for (const std::string bad :
       {"\xFF", "\xC0\x80", "\xC3", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE0\x80\xAF", "a\x80"}) {
    INFO(bad.size());
    CHECK_FALSE(IsValidUtf8(bad));
    CHECK(CanonicalJson(json::value(bad)).status().IsInvalidArgument());
    json::object key_only;
    key_only[bad] = 1;
    CHECK(CanonicalJson(key_only).status().IsInvalidArgument());
  }
  for (const std::string good : {"", "ascii", "Nguy\xE1\xBB\x85n", "\xF0\x9F\x98\x80",
                                 "\xEF\xBF\xBF", "\xF4\x8F\xBF\xBF", "\xED\x9F\xBF"}) {
    CHECK(IsValidUtf8(good));
  }
}

TEST_CASE("records signed by the centre before the records library still verify") {
  for (const std::string name :
       {"valid-certificate.json", "valid-certificate.token", "valid-certificate-bom-crlf.json",
        "valid-compact.token", "revocation.json", "revocation.token", "result-types.json"}) {
    INFO(name);
    const Verification v = VerifyRecord(CorpusFile(name), kCorpusPublicPem);
    CHECK(v.verdict == Verdict::kValid);
  }
  const Verification revoked = VerifyRecord(CorpusFile("valid-certificate.json"), kCorpusPublicPem,
                                            {CorpusFile("revocation.token")});
  CHECK(revoked.verdict == Verdict::kRevoked);
  CHECK(revoked.reason == "revoked on 2026-11-26: nh\xE1\xBA\xA7m \xC4\x91i\xE1\xBB\x83m");
  CHECK(VerifyRecord(CorpusFile("tampered-certificate.json"), kCorpusPublicPem).verdict ==
        Verdict::kTampered);
  CHECK(VerifyRecord(CorpusFile("wrong-key.json"), kCorpusPublicPem).verdict == Verdict::kWrongKey);
  // Re-signing what was signed gives the same bytes: Ed25519 is deterministic and the encoding
  // unchanged.
  auto key = crypto::SigningKey::FromPrivatePem(kCorpusPrivatePem, "");
  REQUIRE(key.ok());
  const std::string before = CorpusFile("valid-certificate.json");
  Result<SignedRecord> env = ParseEnvelope(before);
  REQUIRE(env.ok());
  Result<std::string> resigned = SignRecord(*key, env->record);
  REQUIRE(resigned.ok());
  CHECK(*resigned == before);
}

TEST_CASE("records verify the signed bytes exactly, so decomposed text is not what was signed") {
  // The same certificate with its Vietnamese text decomposed (NFD): the centre signed the NFC
  // bytes, and the bytes given are others. This is what `openssl pkeyutl -verify` on the
  // record's bytes says too (docs/verification.md); the centre's own verifier read it as valid
  // before, by normalising first, which needed ICU.
  const Verification v = VerifyRecord(CorpusFile("valid-certificate-nfd.json"), kCorpusPublicPem);
  CHECK(v.verdict == Verdict::kTampered);
}

Receipt SampleReceipt() {
  return Receipt{.centre = "T",
                 .session = "S1",
                 .sbd = "012345",
                 .full_name = "Nguy\xE1\xBB\x85n V\xC4\x83n An",
                 .blueprint = "cb-theory",
                 .bank_snapshot = "snap-1",
                 .started_ms = 1700000000000,
                 .submitted_ms = 1700002700000,
                 .submitted_by = "candidate",
                 .answers_sha256 = AnswersSha256({{0, 2}, {}, {1}})};
}

TEST_CASE("a receipt's record has the documented fields and reads back") {
  const Receipt r = SampleReceipt();
  // sha256 of the bytes [[0,2],[],[1]]
  CHECK(r.answers_sha256 == "62db181a2c40e01293cbe749011d67268d389bfdbc7570cfae580378ca09de00");
  const json::object rec = ReceiptRecord(r);
  CHECK(rec.at("kind").as_string() == kReceiptKind);
  CHECK(rec.at("id").as_string() == "T/S1/012345");
  CHECK(rec.size() == 12);
  Result<Receipt> back = ReadReceipt(rec);
  REQUIRE(back.ok());
  CHECK(back->full_name == r.full_name);
  CHECK(back->started_ms == r.started_ms);
  CHECK(back->submitted_ms == r.submitted_ms);
  CHECK(back->answers_sha256 == r.answers_sha256);

  json::object wrong_kind = rec;
  wrong_kind["kind"] = "khaothi.certificate.v1";
  CHECK(ReadReceipt(wrong_kind).status().IsInvalidArgument());
  json::object no_sbd = rec;
  no_sbd.erase("sbd");
  CHECK(ReadReceipt(no_sbd).status().IsInvalidArgument());
  json::object bad_time = rec;
  bad_time["submitted_ms"] = "late";
  CHECK(ReadReceipt(bad_time).status().IsInvalidArgument());
  json::object other_id = rec;
  other_id["id"] = "T/S1/999999";
  CHECK(ReadReceipt(other_id).status().IsInvalidArgument());
}

TEST_CASE("a signed receipt verifies and any changed field is tampered") {
  auto key = crypto::SigningKey::FromPrivatePem(kCorpusPrivatePem, "");
  REQUIRE(key.ok());
  Result<std::string> envelope = SignRecord(*key, ReceiptRecord(SampleReceipt()));
  REQUIRE(envelope.ok());
  const Verification v = VerifyRecord(*envelope, kCorpusPublicPem);
  REQUIRE(v.verdict == Verdict::kValid);
  CHECK(ReadReceipt(v.envelope.record).ok());
  std::string changed = *envelope;
  changed.replace(changed.find("012345"), 6, "012346");
  CHECK(VerifyRecord(changed, kCorpusPublicPem).verdict == Verdict::kTampered);
}

}  // namespace
}  // namespace khaothi::records
