// khaothi-verify: checks a signed khaothi record (certificate, decision, result, revocation)
// offline, against a published public key.
//
//   khaothi-verify FILE|TOKEN --pubkey FILE [--revocations FILE ...] [--json]
//
// FILE holds the record's envelope (JSON) or its token (the QR code's text "KT1...."); a TOKEN
// may also be given directly. Prints "valid", "revoked", "tampered", "wrong key" or "malformed"
// with the reason and the record's main fields. Exit code: 0 valid, 1 revoked, 2 tampered,
// 3 wrong key, 4 malformed or bad usage. Messages are Vietnamese unless --lang en (or
// KHAOTHI_LANG=en); the verdict's English keyword always starts the first line, for scripts.
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/records/receipt.h"
#include "khaothi/records/signed_record.h"

namespace {

namespace json = boost::json;
using khaothi::records::Verdict;

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

bool english = false;

// The Vietnamese or the English text.
const char* Say(const char* vi, const char* en) { return english ? en : vi; }

int Usage(bool help = false) {
  (help ? std::cout : std::cerr)
      << Say("cách dùng: ", "usage: ")
      << "khaothi-verify FILE|TOKEN --pubkey FILE [--revocations FILE ...] [--json] [--lang "
         "vi|en]\n"
      << Say("mã thoát: 0 hợp lệ (valid), 1 đã thu hồi (revoked), 2 bị sửa (tampered), 3 sai khóa "
             "(wrong key), 4 hỏng/không phải bản ghi (malformed)\n",
             "exit code: 0 valid, 1 revoked, 2 tampered, 3 wrong key, 4 malformed\n");
  return help ? 0 : 4;
}

const char* VerdictVi(Verdict v) {
  switch (v) {
    case Verdict::kValid:
      return "hợp lệ";
    case Verdict::kRevoked:
      return "đã thu hồi";
    case Verdict::kTampered:
      return "đã bị sửa";
    case Verdict::kWrongKey:
      return "sai khóa";
    case Verdict::kMalformed:
      return "không đọc được";
  }
  return "";
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
  if (const char* env = std::getenv("KHAOTHI_LANG"); env != nullptr) {
    english = std::strcmp(env, "en") == 0;
  }
  for (int i = 1; i < argc; ++i) {
    std::string lang;
    if (std::strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
      lang = argv[i + 1];
    } else if (std::strncmp(argv[i], "--lang=", 7) == 0) {
      lang = argv[i] + 7;
    } else {
      continue;
    }
    if (lang != "vi" && lang != "en") {
      std::cerr << "khaothi-verify: ngôn ngữ lạ '" << lang << "' (dùng vi hoặc en) / unknown "
                << "language '" << lang << "' (use vi or en)\n";
      return 4;
    }
    english = lang == "en";
  }
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
    } else if (a == "--lang") {
      ++i;  // taken above
    } else if (a.starts_with("--lang=")) {
      continue;
    } else if (a == "--help" || a == "-h") {
      return Usage(true);
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
    std::cerr << "khaothi-verify: "
              << Say("không đọc được khóa công khai ", "cannot read the public key ") << pubkey_path
              << "\n";
    return 4;
  }
  std::string record;
  if (khaothi::records::IsToken(input)) {
    record = input;
  } else if (!ReadAll(input, record)) {
    std::cerr << "khaothi-verify: " << Say("không đọc được ", "cannot read ") << input << "\n";
    return 4;
  }
  std::vector<std::string> revocations;
  for (const std::string& p : revocation_paths) {
    std::string text;
    if (!ReadAll(p, text)) {
      std::cerr << "khaothi-verify: " << Say("không đọc được ", "cannot read ") << p << "\n";
      return 4;
    }
    revocations.push_back(text);
  }
  // A revocation given as the record itself also counts against itself being checked.
  const khaothi::records::Verification v = khaothi::records::VerifyRecord(record, pem, revocations);
  const json::object& r = v.envelope.record;
  if (as_json) {
    std::cout << json::serialize(json::object{{"verdict", std::string(ToString(v.verdict))},
                                              {"reason", v.reason},
                                              {"record", r}})
              << "\n";
  } else {
    std::cout << ToString(v.verdict);
    if (!english) {
      std::cout << " (" << VerdictVi(v.verdict) << ")";
    }
    // The records library's reasons are English sentences.
    std::cout << ": " << v.reason << "\n";
    if (v.verdict == Verdict::kValid || v.verdict == Verdict::kRevoked) {
      const std::string kind = Field(r, {"kind"});
      std::cout << Say("  loại:      ", "  kind:      ") << kind
                << Say("\n  mã:        ", "\n  id:        ") << Field(r, {"id"}) << "\n";
      if (kind == "khaothi.certificate.qr.v1") {
        std::cout << Say("  người nhận: ", "  holder:    ") << Field(r, {"name"}) << " ("
                  << Field(r, {"dob"}) << ")\n"
                  << Say("  số hiệu:   ", "  serial:    ") << Field(r, {"serial"}) << "\n"
                  << Say("  ngày cấp:  ", "  issued:    ") << Field(r, {"issued"}) << "\n";
      }
      if (kind == "khaothi.certificate.v1" || kind == "khaothi.certificate.v2") {
        std::cout << Say("  người nhận: ", "  holder:    ") << Field(r, {"holder", "full_name"})
                  << " (" << Field(r, {"holder", "date_of_birth"}) << ")\n"
                  << Say("  số vào sổ: ", "  register:  ") << Field(r, {"register"}) << "\n"
                  << Say("  số hiệu:   ", "  serial:    ") << Field(r, {"serial"}) << "\n"
                  << Say("  ngày cấp:  ", "  issued:    ") << Field(r, {"issued_date"})
                  << Say(", người ký ", " by ") << Field(r, {"signer", "name"}) << "\n";
      }
      if (const auto receipt = khaothi::records::ReadReceipt(r); receipt.ok()) {
        std::cout << Say("  thí sinh:  ", "  candidate: ") << receipt->sbd << " "
                  << receipt->full_name << Say(", ca thi ", ", session ") << receipt->session
                  << "\n"
                  << Say("  bài làm:   ", "  answers:   ") << receipt->answers_sha256 << "\n";
      }
      std::cout << Say("  mã khóa:   ", "  key id:    ") << v.envelope.key_id << "\n";
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
