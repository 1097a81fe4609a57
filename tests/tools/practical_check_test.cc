// `khaothi practical check` end to end: the real binary on a centre whose candidates handed in
// real office files (tests/centre/proposal_fixture.h), its summary in Vietnamese and English, the
// proposals stored, every refusal with its exit code and nothing stored, and the proposed marks
// in `khaothi marking export`.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "khaothi/centre/marking.h"
#include "khaothi/centre/proposals.h"

#include "centre/proposal_fixture.h"
#include "test_util.h"

namespace khaothi::testing {
namespace {

ProcessResult Khaothi(const std::string& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {BuiltProgram("tools/khaothi"), "--data", dir});
  return RunProcess(args, dir);
}

TEST_CASE("khaothi practical check stores proposals and reports unreadable files",
          "[tools][proposals]") {
  centre::testing::ProposalCentre c;
  const std::string dir = c.dir.path();
  auto runs = [&] { return c.Count("SELECT count(*) FROM proposal_runs"); };

  // Refusals first: nothing stored, a clear message, exit code 1.
  ProcessResult r = Khaothi(dir, {"practical", "check", "S9"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("S9"));
  r = Khaothi(dir, {"practical", "check", "S1", "--sbd", "A5", "--lang", "en"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("the practical of candidate A5 has not ended"));
  r = Khaothi(dir, {"practical", "check", "S1", "--sbd", "Z1"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("không có thí sinh Z1 trong ca S1"));
  CHECK(runs() == 0);

  // One candidate, in English.
  r = Khaothi(dir, {"practical", "check", "S1", "--sbd", "A1", "--lang", "en"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Proposed marks for 1 candidates (1 tasks, 1 files): 2/3 "
                                    "lines proposed; 0 files could not be checked"));
  CHECK(runs() == 1);

  // The session, in Vietnamese: the unreadable files named with their reasons.
  r = Khaothi(dir, {"practical", "check", "S1"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Không chấm tự động được: A3 IU04-X bai-lam.xlsx: không chấm "
                                    "tự động được: tệp zip hỏng"));
  CHECK_THAT(r.out, Catch::Contains("A4 IU04-X bai-lam.xlsx: không chấm tự động được: tệp được "
                                    "đặt mật khẩu"));
  CHECK_THAT(r.out, Catch::Contains("Đã đề xuất điểm cho 4 thí sinh (4 bài, 4 tệp): 4/12 ý có "
                                    "điểm đề xuất; 2 tệp không chấm tự động được; 1 thí sinh chưa "
                                    "hết giờ thực hành"));
  CHECK(runs() == 5);  // A1's first run is kept
  CHECK(c.Count("SELECT count(*) FROM proposal_runs WHERE sbd = 'A1' AND actor LIKE 'cli:%'") == 2);

  // The export names the proposed mark next to each entered one.
  centre::MarkerAssignment a;
  a.first_marker = "lan";
  a.second_marker = "minh";
  a.sbds = {"A1", "A2", "A3", "A4"};
  REQUIRE(centre::AssignMarkers(c.db, "S1", a, centre::testing::kChange).ok());
  store::Statement q = c.db.Prepare("SELECT code FROM marking_codes WHERE sbd = 'A1'");
  REQUIRE(*q.Step());
  const std::string code = q.ColumnText(0);
  REQUIRE(centre::EnterMarks(c.db, "S1", code, "bang-tinh", "lan",
                             {{"1", "4"}, {"2", "2"}, {"3", "1.5"}}, "thiếu định dạng",
                             centre::testing::kChange)
              .ok());
  r = Khaothi(dir, {"marking", "export", "S1", "--out", dir + "/ho-so"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::ifstream in(dir + "/ho-so/diem-de-xuat-S1.csv", std::ios::binary);
  REQUIRE(in);
  std::ostringstream csv;
  csv << in.rdbuf();
  const std::string text = csv.str();
  CHECK_THAT(text, Catch::StartsWith("\xEF\xBB\xBFSố báo danh,Mã phách,Phần thi,Đề,Phiên bản "
                                     "đề,Ý,Tối đa,Điểm đề xuất"));
  CHECK_THAT(text, Catch::Contains("A1," + code + ",bang-tinh,IU04-X,1,1,4,4,,"));
  CHECK_THAT(text, Catch::Contains(",4,,\r\n"));
  CHECK_THAT(text, Catch::Contains("A1," + code + ",bang-tinh,IU04-X,1,2,3,3,,"));
  CHECK_THAT(text, Catch::Contains("A1," + code +
                                   ",bang-tinh,IU04-X,1,3,3,,chấm tay: dòng này không có kiểm "
                                   "tra tự động,"));
  CHECK_THAT(text, Catch::Contains("mật khẩu"));
}

}  // namespace
}  // namespace khaothi::testing
