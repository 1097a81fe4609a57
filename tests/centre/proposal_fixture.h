// A centre whose candidates handed in real office files for a task with automatic checks, for
// the tests of the proposed marks (tests/centre/proposals_test.cc, tests/tools).
#pragma once

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "khaothi/bank/practical.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/centre/proposals.h"
#include "khaothi/store/practical_store.h"

#include "centre/centre_fixture.h"
#include "practical_packages.h"

namespace khaothi::centre::testing {

inline std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(KHAOTHI_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

inline constexpr const char* kPackageDir = "question-bank/data/practical/IU04-A/";

inline store::PracticalPackage CheckedPackage() {
  return khaothi::testing::CheckedSpreadsheetPackage("IU04-X", "IU04");
}

// A CFB whose directory names an EncryptedPackage stream: what Office writes for a
// password-protected .xlsx.
inline std::string PasswordProtected() {
  std::string cfb("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  cfb += std::string(504, '\0');
  for (const char c : std::string("EncryptedPackage")) {
    cfb += c;
    cfb += '\0';
  }
  return cfb;
}

inline constexpr int64_t kEnd = 50'000;  // the practical's end, after kChange.at_ms

// Session S1 with candidates A1..A5, each drawing IU04-X (A5 version `a5_version`: 2 is one
// whose checks do not compile); A1..A4 ended at kEnd, A5 still sitting.
struct ProposalCentre : Centre {
  explicit ProposalCentre(int a5_version = 1) {
    auto practical = store::PracticalStore::Open(dir.File("center.db"), false);
    REQUIRE(practical.ok());
    std::vector<store::PracticalPackage> packages = khaothi::testing::PracticalPackagesAB();
    packages.push_back(CheckedPackage());
    REQUIRE((*practical)->Import(packages, "test").ok());
    engine::Blueprint b = testing::MiniBlueprint();
    khaothi::testing::DrawFromPracticalPackagesAB(b);
    REQUIRE(CreateSession(db, Spec("S1", b), kChange).ok());
    REQUIRE(ImportCandidates(db, "S1", CandidatesCsv(5), kChange).ok());
    if (a5_version == 2) {
      StoreUncompilableVersion();
    }
    for (int i = 1; i <= 5; ++i) {
      Draw("A" + std::to_string(i), i == 5 ? a5_version : 1);
    }
    for (int i = 1; i <= 4; ++i) {
      End("A" + std::to_string(i));
    }
    const std::string solution = ReadSource(std::string(kPackageDir) + "loi-giai.xlsx");
    const std::string starter = ReadSource(std::string(kPackageDir) + "ban-hang.xlsx");
    Upload("A1", "bai-lam.xlsx", solution, 1000);
    // After the end: not the version marked.
    Upload("A1", "bai-lam.xlsx", starter, kEnd + 10);
    Upload("A2", "bai-lam.xlsx", starter, 1000);
    Upload("A3", "bai-lam.xlsx", solution.substr(0, solution.size() / 2), 1000);
    Upload("A4", "bai-lam.xlsx", PasswordProtected(), 1000);
    Upload("A5", "bai-lam.xlsx", solution, 1000);
    for (const auto& [user, role] :
         std::vector<std::pair<std::string, std::string>>{{"lan", "marker"}, {"minh", "marker"}}) {
      store::Statement ins = db.Prepare(
          "INSERT INTO staff(username, full_name, role, password_hash, created_ms) "
          "VALUES (?1, ?2, ?3, 'x', 0)");
      ins.Bind(1, user);
      ins.Bind(2, "Cán bộ " + user);
      ins.Bind(3, role);
      REQUIRE(ins.Run().ok());
    }
  }

  void Draw(const std::string& sbd, int version) {
    store::Statement ins = db.Prepare(
        "INSERT INTO practical_assignments(session_id, sbd, part, subpart, module, task_id, "
        "task_version) VALUES ('S1', ?1, 'practical', 'bang-tinh', 'IU04', 'IU04-X', ?2)");
    ins.Bind(1, sbd);
    ins.Bind(2, version);
    REQUIRE(ins.Run().ok());
  }

  void End(const std::string& sbd) {
    store::Statement ins = db.Prepare(
        "INSERT INTO practical_attempts(session_id, sbd, state, record, ended_ms) "
        "VALUES ('S1', ?1, 'submitted', '{}', ?2)");
    ins.Bind(1, sbd);
    ins.Bind(2, kChange.at_ms + kEnd);
    REQUIRE(ins.Run().ok());
  }

  void Upload(const std::string& sbd, const std::string& name, const std::string& bytes,
              int64_t at) {
    Result<std::string> sha = WriteWorkBlob(dir.path(), bytes);
    REQUIRE(sha.ok());
    WorkVersion v{"IU04-X",
                  name,
                  0,
                  *sha,
                  static_cast<int64_t>(bytes.size()),
                  kChange.at_ms + at,
                  "PC-0" + sbd.substr(1)};
    REQUIRE(RecordWorkVersion(db, "S1", sbd, v).ok());
  }

  // Version 2 of IU04-X whose line 3 has a check of a kind that does not exist.
  void StoreUncompilableVersion() {
    store::Statement q = db.Prepare(
        "SELECT module, pool, manifest, manifest_hash, stored_at, source FROM practical_versions "
        "WHERE id = 'IU04-X' AND version = 1");
    REQUIRE(*q.Step());
    Result<bank::ParsedManifest> m = bank::ParsePracticalManifest(q.ColumnText(2), "test");
    REQUIRE(m.ok());
    m->task.points[2].checks = {"no_such_kind x=1"};
    store::Statement ins = db.Prepare(
        "INSERT INTO practical_versions(id, version, module, pool, manifest, manifest_hash, "
        "stored_at, source) VALUES ('IU04-X', 2, ?1, ?2, ?3, 'x', ?4, ?5)");
    ins.Bind(1, q.ColumnText(0));
    ins.Bind(2, q.ColumnText(1));
    ins.Bind(3, bank::SerializePracticalManifest(m->task));
    ins.Bind(4, q.ColumnText(4));
    ins.Bind(5, q.ColumnText(5));
    REQUIRE(ins.Run().ok());
  }

  int64_t Count(const std::string& sql) {
    store::Statement q = db.Prepare(sql);
    REQUIRE(*q.Step());
    return q.ColumnInt64(0);
  }

  ProposalRun Latest(const std::string& sbd) {
    Result<std::optional<ProposalRun>> run = LatestProposal(db, "S1", sbd, "IU04-X");
    REQUIRE(run.ok());
    REQUIRE(run->has_value());
    return **run;
  }
};

}  // namespace khaothi::centre::testing
