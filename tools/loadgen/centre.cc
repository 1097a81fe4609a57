// khaothi-loadgen's centre: the one it builds for a run, and the check of every acknowledged
// answer against its database at the end.
#include "khaothi/centre/centre.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include <boost/json.hpp>

#include "khaothi/bank/import.h"
#include "khaothi/bank/practical.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/store/database.h"
#include "khaothi/store/item_store.h"
#include "khaothi/store/practical_store.h"

#include "loadgen.h"

namespace khaothi::loadgen {
namespace {

namespace fs = std::filesystem;

// A stored choice, "[0,2]", as option positions.
Result<std::vector<int>> ParseChoice(const std::string& text) {
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) {
    return Status::Corruption("a stored choice is not a JSON array: " + text);
  }
  std::vector<int> choice;
  for (const boost::json::value& x : v.get_array()) {
    if (!x.is_int64()) {
      return Status::Corruption("a stored choice holds something else than positions: " + text);
    }
    choice.push_back(static_cast<int>(x.get_int64()));
  }
  return choice;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The centre's practical packages: every directory of `dir` with a task.txt, and its files.
std::vector<store::PracticalPackage> ReadPackages(const fs::path& dir) {
  std::vector<store::PracticalPackage> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!fs::exists(entry.path() / "task.txt")) {
      continue;
    }
    auto parsed = bank::ParsePracticalManifest(Slurp(entry.path() / "task.txt"),
                                               (entry.path() / "task.txt").string());
    Check(parsed.status(), "practical manifest");
    store::PracticalPackage p{parsed->task, {}};
    std::vector<const engine::PracticalFile*> files = {&p.task.instructions};
    for (const auto* list : {&p.task.starters, &p.task.solutions}) {
      for (const engine::PracticalFile& f : *list) {
        files.push_back(&f);
      }
    }
    for (const engine::PracticalFile* f : files) {
      p.files[f->name] = Slurp(entry.path() / f->name);
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> BuildCentre(const Options& o) {
  fs::remove_all(o.workdir);
  fs::create_directories(o.workdir + "/keys");
  const std::string db_path = o.workdir + "/center.db";
  auto bank = store::ItemStore::Open(db_path, true);
  Check(bank.status(), "open store");
  std::vector<engine::Item> items;
  for (const auto& entry : fs::directory_iterator(o.bank)) {
    if (entry.path().extension() != ".bank") {
      continue;
    }
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto parsed = bank::ParseSource(text, entry.path().string(), bank::Format::kNative, {});
    if (parsed.has_errors()) {
      Die("bank: " + parsed.diagnostics.front().ToString());
    }
    for (auto& s : parsed.items) {
      items.push_back(std::move(s.item));
    }
  }
  Check((*bank)->Import(items, o.bank).status(), "import bank");
  auto db = store::Database::Open(db_path, false);
  Check(db.status(), "open db");
  const centre::Change change{"cli:loadgen", 0};
  Check(centre::InitCentre(*db, "LOADGEN", "Trung tâm thử tải", change), "init");
  const bool practical = o.scenario == "practical";
  if (practical) {
    auto store = store::PracticalStore::Open(db_path, false);
    Check(store.status(), "open practical store");
    Check((*store)->Import(ReadPackages(o.bank + "/practical"), o.bank).status(),
          "import practical packages");
  }
  std::ifstream bp_in(o.bank + (practical ? "/blueprints/basic-30-practical.blueprint"
                                          : "/blueprints/basic-30.blueprint"));
  std::string blueprint((std::istreambuf_iterator<char>(bp_in)), std::istreambuf_iterator<char>());
  centre::SessionSpec spec{"LOAD", "Ca thử tải", "2026-12-31", blueprint, {"P1"}, 240, false};
  Check(centre::CreateSession(*db, spec, change), "session");
  std::string csv = "sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n";
  for (int i = 0; i < o.candidates; ++i) {
    char line[160];
    std::snprintf(line, sizeof line, "L%05d,Nguyễn Văn Thử %d,01/01/2000,Nam,Hà Nội,%012d,P1\n",
                  i + 1, i + 1, 100000000 + i);
    csv += line;
  }
  Check(centre::ImportCandidates(*db, "LOAD", csv, change).status(), "candidates");
  auto issued = centre::IssuePasswords(*db, "LOAD", {}, change);
  Check(issued.status(), "passwords");
  Check(centre::OpenSession(*db, **bank, "LOAD", change).status(), "open session");
  Check(crypto::CreateLabPki(o.workdir + "/tls", "Trung tâm thử tải", {"localhost"}, {"127.0.0.1"}),
        "pki");
  auto key = crypto::SigningKey::Generate();
  Check(crypto::WriteSecretFile(o.workdir + "/keys/receipt-key.pem", *key.ToPrivatePem("")), "key");
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : *issued) {
    out.emplace_back(p.candidate.sbd, p.password);
  }
  return out;
}

std::pair<uint64_t, uint64_t> CheckAgainstDatabase(const Options& o,
                                                   const std::vector<AckedAnswers>& all) {
  auto db = store::Database::Open(o.workdir + "/center.db", false);
  Check(db.status(), "reopen");
  uint64_t acked = 0;
  uint64_t lost = 0;
  for (const AckedAnswers& a : all) {
    auto form = centre::GetForm(*db, "LOAD", a.sbd);
    Check(form.status(), "form");
    std::map<int, std::vector<int>> stored;
    store::Statement st =
        db->Prepare("SELECT slot, choice FROM answers WHERE session_id = 'LOAD' AND sbd = ?1");
    st.Bind(1, a.sbd);
    Check(st.ForEachRow([&](const store::Statement& row) -> Status {
      KHAOTHI_ASSIGN_OR_RETURN(stored[row.ColumnInt(0)], ParseChoice(row.ColumnText(1)));
      return Status::Ok();
    }),
          "read answers");
    for (size_t slot = 0; slot < a.by_slot.size(); ++slot) {
      if (a.by_slot[slot].empty()) {
        continue;
      }
      std::vector<int> authored;
      for (int d : a.by_slot[slot]) {
        authored.push_back(form->slots[slot].option_order[static_cast<size_t>(d)]);
      }
      std::sort(authored.begin(), authored.end());
      ++acked;
      if (stored[static_cast<int>(slot)] != authored) {
        ++lost;
      }
    }
  }
  return {acked, lost};
}

}  // namespace khaothi::loadgen
