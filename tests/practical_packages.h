// Practical task packages made in code for tests that sit or mark the practical: two equivalent
// tasks (A and B) for each of IU03, IU04 and IU05, each with instructions, one starter file and a
// model solution whose bytes hash to what the manifest says, and a points table adding up to 10.
// The starter files are small but real text so that a test can modify and "save" them; the
// office files of question-bank/data/practical are for the end-to-end and checker tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/blueprint.h"
#include "khaothi/engine/practical.h"
#include "khaothi/store/practical_store.h"

namespace khaothi::testing {

inline engine::PracticalFile PracticalFileOf(const std::string& name, const std::string& bytes) {
  return {name, static_cast<int64_t>(bytes.size()), crypto::Sha256Hex(bytes)};
}

// One package: `id` ("IU04-A") of `module` in `pool`; starter `bai-<module>.txt`.
inline store::PracticalPackage MakePracticalPackage(const std::string& id,
                                                    const std::string& module,
                                                    const std::string& pool) {
  const std::string instructions = "# Đề " + id + "\n\nHãy sửa tệp bài làm theo yêu cầu.\n";
  const std::string starter = "Tệp bắt đầu của đề " + id + ".\n";
  const std::string solution = "Lời giải của đề " + id + ".\n";
  const std::string starter_name = "bai-" + module + ".txt";
  store::PracticalPackage p;
  engine::PracticalTask& t = p.task;
  t.id = id;
  t.module = module;
  t.title = "Đề thực hành " + id;
  t.minutes = 30;
  t.pool = pool;
  t.total = engine::Points::Whole(10);
  t.instructions = PracticalFileOf("de-bai.md", instructions);
  t.starters = {PracticalFileOf(starter_name, starter)};
  t.solutions = {PracticalFileOf("loi-giai.txt", solution)};
  t.points = {{"1", engine::Points::Whole(4), "Định dạng tiêu đề"},
              {"2", engine::Points::Whole(3), "Bảng số liệu"},
              {"3", engine::Points::Whole(3), "Lưu đúng tên tệp"}};
  p.files = {{"de-bai.md", instructions}, {starter_name, starter}, {"loi-giai.txt", solution}};
  return p;
}

// Tasks A and B of IU03, IU04 and IU05, in pools "IU03", "IU04", "IU05".
inline std::vector<store::PracticalPackage> PracticalPackagesAB() {
  std::vector<store::PracticalPackage> out;
  for (const char* module : {"IU03", "IU04", "IU05"}) {
    for (const char* letter : {"A", "B"}) {
      out.push_back(MakePracticalPackage(std::string(module) + "-" + letter, module, module));
    }
  }
  return out;
}

// The bytes of a file of the source tree (KHAOTHI_SOURCE_DIR/`relative`).
inline std::string SourceBytes(const std::string& relative) {
  std::ifstream in(std::string(KHAOTHI_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

// A spreadsheet task `id` in `pool` made of the centre's IU04-A files (question-bank/data/
// practical/IU04-A: the starter ban-hang.xlsx, the model loi-giai.xlsx) with three lines that
// the checker can answer on the model: 1 (4 points, proportional) every Tên hàng cell a VLOOKUP
// with the price table's absolute range; 2 (3 points, all) the total a SUM worth 931,000,000;
// 3 (3 points) marked by hand. The model proposes 4 + 3, the starter 0 + 0.
inline store::PracticalPackage CheckedSpreadsheetPackage(const std::string& id,
                                                         const std::string& pool) {
  const std::string dir = "question-bank/data/practical/IU04-A/";
  store::PracticalPackage p;
  for (const char* name : {"de-bai.md", "ban-hang.xlsx", "loi-giai.xlsx"}) {
    p.files[name] = SourceBytes(dir + name);
  }
  engine::PracticalTask& t = p.task;
  t.id = id;
  t.module = "IU04";
  t.title = "Bảng kê bán hàng (kiểm tra tự động)";
  t.minutes = 30;
  t.pool = pool;
  t.total = engine::Points::Whole(10);
  t.instructions = PracticalFileOf("de-bai.md", p.files["de-bai.md"]);
  t.starters = {PracticalFileOf("ban-hang.xlsx", p.files["ban-hang.xlsx"])};
  t.solutions = {PracticalFileOf("loi-giai.xlsx", p.files["loi-giai.xlsx"])};
  t.points = {
      {"1",
       engine::Points::Whole(4),
       "Tên hàng dùng VLOOKUP",
       {"formula cells=BanHang!C4:C11 uses=VLOOKUP absolute=BangGia!$A$2:$C$6 relative=B4"},
       engine::PartialRule::kProportional},
      {"2",
       engine::Points::Whole(3),
       "Tổng cộng dùng SUM",
       {"formula cells=BanHang!F12 uses=SUM", "cell_value cell=BanHang!F12 number=931000000"},
       engine::PartialRule::kAll},
      {"3", engine::Points::Whole(3), "Biểu đồ", {}, engine::PartialRule::kProportional}};
  return p;
}

// PracticalPackagesAB with IU04-A and IU04-B replaced by CheckedSpreadsheetPackage: whichever
// IU04 task a candidate draws, their .xlsx is checked automatically.
inline std::vector<store::PracticalPackage> PracticalPackagesABChecked() {
  std::vector<store::PracticalPackage> out = PracticalPackagesAB();
  for (store::PracticalPackage& p : out) {
    if (p.task.module == "IU04") {
      p = CheckedSpreadsheetPackage(p.task.id, p.task.pool);
    }
  }
  return out;
}

// Makes `blueprint`'s entered part named "practical" (sub-parts van-ban, bang-tinh, trinh-chieu,
// as engine::testing::Basic30 has) draw its tasks from PracticalPackagesAB's pools.
inline void DrawFromPracticalPackagesAB(engine::Blueprint& blueprint) {
  for (engine::Part& part : blueprint.parts) {
    if (part.name == "practical") {
      part.tasks = {{"van-ban", "IU03", "IU03"},
                    {"bang-tinh", "IU04", "IU04"},
                    {"trinh-chieu", "IU05", "IU05"}};
    }
  }
}

// The lines of a blueprint's practical part drawing from PracticalPackagesAB's pools; append to
// a blueprint with a multiple-choice part whose scale is 10.
inline constexpr const char* kPracticalPartText =
    "\n[part practical]\nkind = entered\npass = 5.00\nfloor = 40%\n"
    "subpart = van-ban module=IU03 pool=IU03\n"
    "subpart = bang-tinh module=IU04 pool=IU04\n"
    "subpart = trinh-chieu module=IU05 pool=IU05\n";

}  // namespace khaothi::testing
