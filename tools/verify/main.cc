// khaothi-verify: checks a signed khaothi record (certificate, decision, result, revocation)
// offline, against a published public key.
//
//   khaothi-verify FILE|TOKEN --pubkey FILE [--revocations FILE ...] [--json]
//
// FILE holds the record's envelope (JSON) or its token (the QR code's text "KT1...."); a TOKEN
// may also be given directly. Prints "valid", "revoked", "tampered", "wrong key" or "malformed"
// with the reason and the record's main fields. Exit code: 0 valid, 1 revoked, 2 tampered,
// 3 wrong key, 4 malformed or bad usage.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/centre/signed_record.h"

namespace {

namespace json = boost::json;
using khaothi::centre::Verdict;

bool ReadAll(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

int Usage() {
  std::cerr << "usage: khaothi-verify FILE|TOKEN --pubkey FILE [--revocations FILE ...] [--json]\n"
               "exit code: 0 valid, 1 revoked, 2 tampered, 3 wrong key, 4 malformed\n";
  return 4;
}

std::string Field(const json::object& o, std::initializer_list<const char*> path) {
  const json::value* v = nullptr;
  const json::object* cur = &o;
  for (const char* k : path) {
    v = cur->if_contains(k);
    if (v == nullptr) {
      return {};
    }
    if (v->is_object()) {
      cur = &v->as_object();
    }
  }
  if (v->is_string()) {
    return std::string(v->as_string());
  }
  return v->is_object() ? std::string() : json::serialize(*v);
}

}  // namespace

int main(int argc, char** argv) {
  std::string input;
  std::string pubkey_path;
  std::vector<std::string> revocation_paths;
  bool as_json = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--pubkey" || a == "--revocations") && i + 1 < argc) {
      (a == "--pubkey" ? pubkey_path : revocation_paths.emplace_back()) = argv[++i];
    } else if (a == "--json") {
      as_json = true;
    } else if (a == "--help" || a == "-h") {
      Usage();
      return 0;
    } else if (input.empty() && !a.starts_with("--")) {
      input = a;
    } else {
      return Usage();
    }
  }
  if (input.empty() || pubkey_path.empty()) {
    return Usage();
  }
  std::string pem;
  if (!ReadAll(pubkey_path, pem)) {
    std::cerr << "khaothi-verify: cannot read the public key " << pubkey_path << "\n";
    return 4;
  }
  std::string record;
  if (khaothi::centre::IsToken(input)) {
    record = input;
  } else if (!ReadAll(input, record)) {
    std::cerr << "khaothi-verify: cannot read " << input << "\n";
    return 4;
  }
  std::vector<std::string> revocations;
  for (const std::string& p : revocation_paths) {
    std::string text;
    if (!ReadAll(p, text)) {
      std::cerr << "khaothi-verify: cannot read " << p << "\n";
      return 4;
    }
    revocations.push_back(text);
  }
  // A revocation given as the record itself also counts against itself being checked.
  const khaothi::centre::Verification v = khaothi::centre::VerifyRecord(record, pem, revocations);
  const json::object& r = v.envelope.record;
  if (as_json) {
    std::cout << json::serialize(json::object{{"verdict", std::string(ToString(v.verdict))},
                                              {"reason", v.reason},
                                              {"record", r}})
              << "\n";
  } else {
    std::cout << ToString(v.verdict) << ": " << v.reason << "\n";
    if (v.verdict == Verdict::kValid || v.verdict == Verdict::kRevoked) {
      const std::string kind = Field(r, {"kind"});
      std::cout << "  kind:      " << kind << "\n  id:        " << Field(r, {"id"}) << "\n";
      if (kind == "khaothi.certificate.qr.v1") {
        std::cout << "  holder:    " << Field(r, {"name"}) << " (" << Field(r, {"dob"}) << ")\n"
                  << "  serial:    " << Field(r, {"serial"}) << "\n"
                  << "  issued:    " << Field(r, {"issued"}) << "\n";
      }
      if (kind == "khaothi.certificate.v1" || kind == "khaothi.certificate.v2") {
        std::cout << "  holder:    " << Field(r, {"holder", "full_name"}) << " ("
                  << Field(r, {"holder", "date_of_birth"}) << ")\n"
                  << "  register:  " << Field(r, {"register"}) << "\n"
                  << "  serial:    " << Field(r, {"serial"}) << "\n"
                  << "  issued:    " << Field(r, {"issued_date"}) << " by "
                  << Field(r, {"signer", "name"}) << "\n";
      }
      std::cout << "  key id:    " << v.envelope.key_id << "\n";
    }
  }
  switch (v.verdict) {
    case Verdict::kValid:
      return 0;
    case Verdict::kRevoked:
      return 1;
    case Verdict::kTampered:
      return 2;
    case Verdict::kWrongKey:
      return 3;
    case Verdict::kMalformed:
      return 4;
  }
  return 4;
}
