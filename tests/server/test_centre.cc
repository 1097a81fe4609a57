#include "test_centre.h"

#include <filesystem>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "khaothi/bank/import.h"
#include "khaothi/centre/centre.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/store/item_store.h"
#include "khaothi/store/practical_store.h"

#include "practical_packages.h"

namespace khaothi::testing {
namespace {

void Ok(const Status& s, const char* what) {
  if (!s.ok()) {
    throw std::runtime_error(std::string(what) + ": " + s.ToString());
  }
}

template <typename T>
T Ok(Result<T> r, const char* what) {
  Ok(r.status(), what);
  return std::move(*r);
}

}  // namespace

std::string VietnameseName(int i) {
  static const char* const kFamily[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng",
                                        "Huỳnh",  "Phan", "Vũ", "Võ",   "Đặng"};
  static const char* const kMiddle[] = {"Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh", "Đức"};
  static const char* const kGiven[] = {"An",   "Bình", "Cường", "Dũng", "Giang", "Hạnh",
                                       "Khoa", "Lan",  "Mai",   "Nam",  "Oanh",  "Phúc",
                                       "Quân", "Sơn",  "Thảo",  "Uyên", "Việt",  "Yến"};
  return std::string(kFamily[i % 10]) + " " + kMiddle[(i / 10) % 7] + " " + kGiven[i % 18];
}

TestCentre::TestCentre(const CentreOptions& options) {
  const std::string db_path = dir_.File("center.db");
  auto bank = Ok(store::ItemStore::Open(db_path, true), "open store");
  // The centre's real bank.
  std::vector<engine::Item> items;
  for (const auto& entry : std::filesystem::directory_iterator(SourceFile("question-bank/data"))) {
    if (entry.path().extension() != ".bank") {
      continue;
    }
    bank::ParsedBank parsed = bank::ParseSource(ReadFile(entry.path().string()),
                                                entry.path().string(), bank::Format::kNative, {});
    if (parsed.has_errors()) {
      throw std::runtime_error("bank does not parse: " + parsed.diagnostics[0].ToString());
    }
    for (auto& s : parsed.items) {
      items.push_back(std::move(s.item));
    }
  }
  Ok(bank->Import(items, "question-bank/data").status(), "import bank");

  auto db = Ok(store::Database::Open(db_path, false), "open db");
  const centre::Change change{"test", 1'767'225'600'000};
  Ok(centre::InitCentre(db, options.code, "Trung tâm GDTX thử nghiệm", change), "init centre");
  centre::SessionSpec spec;
  spec.id = "S1";
  spec.name = "Ca thi thử nghiệm";
  spec.exam_date = "2026-12-05";
  spec.blueprint_text =
      ReadFile(SourceFile("question-bank/data/blueprints/" + options.blueprint + ".blueprint"));
  if (options.practical) {
    Ok((*Ok(store::PracticalStore::Open(db_path, false), "open practical store"))
           .Import(options.practical_checks ? PracticalPackagesABChecked() : PracticalPackagesAB(),
                   "tests")
           .status(),
       "import practical packages");
    engine::Blueprint blueprint = Ok(engine::ParseBlueprint(spec.blueprint_text), "blueprint");
    DrawFromPracticalPackagesAB(blueprint);
    spec.blueprint_text = engine::SerializeBlueprint(blueprint);
  }
  spec.rooms = {"P101"};
  spec.duration_minutes = options.duration_minutes;
  spec.unlock_required = options.unlock_required;
  Ok(centre::CreateSession(db, spec, change), "create session");
  std::string csv = "sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n";
  for (int i = 0; i < options.candidates; ++i) {
    char sbd[32];
    std::snprintf(sbd, sizeof sbd, "TS%03d", i + 1);
    char cccd[32];
    std::snprintf(cccd, sizeof cccd, "0792050%05d", i + 1);
    csv += std::string(sbd) + "," + VietnameseName(i) + ",0" + std::to_string(1 + i % 9) + "/0" +
           std::to_string(1 + i % 9) + "/200" + std::to_string(i % 10) + "," +
           (i % 2 == 0 ? "Nam" : "Nữ") + ",Cần Thơ," + cccd + ",P101\n";
  }
  Ok(centre::ImportCandidates(db, "S1", csv, change).status(), "import candidates");
  for (const centre::IssuedPassword& p :
       Ok(centre::IssuePasswords(db, "S1", {}, change), "passwords")) {
    passwords_[p.candidate.sbd] = p.password;
  }
  Ok(centre::OpenSession(db, *bank, "S1", change).status(), "open session");

  std::filesystem::create_directories(dir_.File("keys"));
  Ok(crypto::CreateLabPki(dir_.File("tls"), "Trung tâm GDTX thử nghiệm", {"localhost"},
                          {"127.0.0.1"}),
     "pki");
  crypto::SigningKey key = crypto::SigningKey::Generate();
  Ok(crypto::WriteSecretFile(dir_.File("keys/receipt-key.pem"), Ok(key.ToPrivatePem(""), "pem")),
     "write key");
  WriteFile(dir_.File("keys/receipt-key.pub.pem"), key.PublicPem());
  ca_pem_ = ReadFile(dir_.File("tls/ca.pem"));
}

server::ServerConfig TestCentre::Config(uint16_t port) const {
  server::ServerConfig c;
  c.data_dir = dir_.path();
  c.listen_address = "127.0.0.1";
  c.listen_port = port;
  return c;
}

std::unique_ptr<ChildProcess> StartServerProcess(const TestCentre& centre, uint16_t port,
                                                 uint16_t& bound) {
  auto p = std::make_unique<ChildProcess>(std::vector<std::string>{
      BuiltProgram("server/khaothi-server"), "--data", centre.dir(), "--listen-address=127.0.0.1",
      "--listen-port=" + std::to_string(port)});
  const std::string line = p->WaitForLine("listening on");
  INFO(p->err());
  REQUIRE_FALSE(line.empty());
  bound = static_cast<uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  return p;
}

}  // namespace khaothi::testing
