#include "khaothi/records/signed_record.h"

#include <boost/json.hpp>

#include "khaothi/records/canonical_json.h"

namespace khaothi::records {
namespace {

namespace json = boost::json;

std::string ToBase64Url(std::string_view bytes) {
  std::string b = crypto::Base64Encode(bytes);
  while (!b.empty() && b.back() == '=') {
    b.pop_back();
  }
  for (char& c : b) {
    if (c == '+') {
      c = '-';
    } else if (c == '/') {
      c = '_';
    }
  }
  return b;
}

Result<std::string> FromBase64Url(std::string_view text) {
  std::string b(text);
  for (char& c : b) {
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    }
  }
  while (b.size() % 4 != 0) {
    b.push_back('=');
  }
  return crypto::Base64Decode(b);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t' ||
          s.front() == '\xEF' || s.front() == '\xBB' || s.front() == '\xBF')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

Result<std::string> SignRecord(const crypto::SigningKey& key, json::object record) {
  record["key_id"] = key.KeyId();
  KHAOTHI_ASSIGN_OR_RETURN(const std::string canonical, CanonicalJson(record));
  const std::string signature = key.Sign(canonical);
  return CanonicalJson(json::object{{"key_id", key.KeyId()},
                                    {"record", std::move(record)},
                                    {"signature", crypto::Base64Encode(signature)}});
}

std::string EnvelopeToken(std::string_view envelope_json) {
  return std::string(kTokenPrefix) + ToBase64Url(envelope_json);
}

bool IsToken(std::string_view text) {
  text = Trim(text);
  return text.starts_with(kTokenPrefix) || text.starts_with(kCompactTokenPrefix);
}

Result<std::string> SignRecordRaw(const crypto::SigningKey& key, json::object& record) {
  record["key_id"] = key.KeyId();
  KHAOTHI_ASSIGN_OR_RETURN(const std::string canonical, CanonicalJson(record));
  return key.Sign(canonical);
}

Result<std::string> CompactToken(const json::object& record, std::string_view signature) {
  KHAOTHI_ASSIGN_OR_RETURN(const std::string canonical, CanonicalJson(record));
  return std::string(kCompactTokenPrefix) + ToBase64Url(canonical) + "." + ToBase64Url(signature);
}

Result<SignedRecord> ParseEnvelope(std::string_view text_or_token) {
  std::string_view text = Trim(text_or_token);
  std::string decoded;
  if (text.starts_with(kCompactTokenPrefix)) {
    // KT2.<record>.<signature>: rebuilt as the envelope it stands for.
    const std::string_view body = text.substr(kCompactTokenPrefix.size());
    const size_t dot = body.find('.');
    if (dot == std::string_view::npos || body.find('.', dot + 1) != std::string_view::npos) {
      return Status::Corruption("the compact token needs exactly two parts");
    }
    Result<std::string> rec_bytes = FromBase64Url(body.substr(0, dot));
    Result<std::string> sig = FromBase64Url(body.substr(dot + 1));
    if (!rec_bytes.ok() || !sig.ok()) {
      return Status::Corruption("the compact token is not base64url");
    }
    boost::system::error_code ec;
    json::value rec = json::parse(*rec_bytes, ec);
    if (ec || !rec.is_object()) {
      return Status::Corruption("the compact token's record is not a JSON object");
    }
    const json::value* kid = rec.as_object().if_contains("key_id");
    if (kid == nullptr || !kid->is_string()) {
      return Status::Corruption("the compact token's record has no key_id");
    }
    json::object envelope{
        {"key_id", *kid}, {"record", rec}, {"signature", crypto::Base64Encode(*sig)}};
    decoded = json::serialize(envelope);
    text = decoded;
  } else if (text.starts_with(kTokenPrefix)) {
    Result<std::string> d = FromBase64Url(text.substr(kTokenPrefix.size()));
    if (!d.ok()) {
      return Status::Corruption("the token is not base64url");
    }
    decoded = std::move(d).value();
    text = decoded;
  }
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    return Status::Corruption("not a JSON object");
  }
  const json::object& o = v.as_object();
  const json::value* rec = o.if_contains("record");
  const json::value* kid = o.if_contains("key_id");
  const json::value* sig = o.if_contains("signature");
  if (rec == nullptr || !rec->is_object() || kid == nullptr || !kid->is_string() ||
      sig == nullptr || !sig->is_string() || o.size() != 3) {
    return Status::Corruption("not a signed record: it needs exactly key_id, record and signature");
  }
  SignedRecord out;
  out.record = rec->as_object();
  out.key_id = std::string(kid->as_string());
  Result<std::string> raw = crypto::Base64Decode(std::string(sig->as_string()));
  if (!raw.ok() || raw->size() != 64) {
    return Status::Corruption("the signature is not 64 bytes of base64");
  }
  out.signature = std::move(raw).value();
  Result<std::string> canonical = CanonicalJson(out.record);
  if (!canonical.ok()) {
    return Status::Corruption("the record is not canonical JSON: " + canonical.status().message());
  }
  out.canonical = std::move(canonical).value();
  return out;
}

std::string_view ToString(Verdict v) {
  switch (v) {
    case Verdict::kValid:
      return "valid";
    case Verdict::kRevoked:
      return "revoked";
    case Verdict::kTampered:
      return "tampered";
    case Verdict::kWrongKey:
      return "wrong key";
    case Verdict::kMalformed:
      return "malformed";
  }
  return "malformed";
}

Verification VerifyRecord(std::string_view text_or_token, std::string_view public_pem,
                          const std::vector<std::string>& revocations) {
  Verification out;
  Result<std::string> given_id = crypto::PublicKeyId(public_pem);
  if (!given_id.ok()) {
    out.reason = "the public key is not an Ed25519 PEM key: " + given_id.status().message();
    return out;
  }
  Result<SignedRecord> env = ParseEnvelope(text_or_token);
  if (!env.ok()) {
    // Not an envelope at all ({}, a truncated token, a bad scan): nothing was signed, so nothing
    // can have been tampered with. "tampered" is kept for a signed record whose bytes changed.
    out.verdict = Verdict::kMalformed;
    out.reason = "not a signed record (" + env.status().message() +
                 "); check that the whole file or the whole QR code was read";
    return out;
  }
  out.envelope = *env;
  if (env->key_id != *given_id) {
    out.verdict = Verdict::kWrongKey;
    out.reason = "signed with key " + env->key_id + ", not with the given key " + *given_id;
    return out;
  }
  const json::value* inner = env->record.if_contains("key_id");
  if (inner == nullptr || !inner->is_string() || inner->as_string() != env->key_id) {
    out.verdict = Verdict::kTampered;
    out.reason = "the key id inside the record does not match the envelope";
    return out;
  }
  if (!crypto::VerifySignature(public_pem, env->canonical, env->signature).ok()) {
    out.verdict = Verdict::kTampered;
    out.reason = "the signature does not match the record: it was changed after signing";
    return out;
  }
  const json::value* id = env->record.if_contains("id");
  for (const std::string& r : revocations) {
    Verification rv = VerifyRecord(r, public_pem);
    if (rv.verdict != Verdict::kValid) {
      continue;
    }
    const json::value* kind = rv.envelope.record.if_contains("kind");
    const json::value* target = rv.envelope.record.if_contains("certificate");
    if (kind != nullptr && kind->is_string() && kind->as_string() == "khaothi.revocation.v1" &&
        target != nullptr && id != nullptr && *target == *id) {
      out.verdict = Verdict::kRevoked;
      const json::value* reason = rv.envelope.record.if_contains("reason");
      const json::value* date = rv.envelope.record.if_contains("revoked_date");
      out.reason = "revoked";
      if (date != nullptr && date->is_string()) {
        out.reason += " on " + std::string(date->as_string());
      }
      if (reason != nullptr && reason->is_string()) {
        out.reason += ": " + std::string(reason->as_string());
      }
      return out;
    }
  }
  out.verdict = Verdict::kValid;
  out.reason = "the signature is valid and the record is unchanged";
  return out;
}

}  // namespace khaothi::records
