// The candidate CSV: what Excel and LibreOffice really write, and every bad row named by line.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "khaothi/centre/centre.h"

namespace khaothi::centre {
namespace {

const std::vector<std::string> kRooms = {"P101", "P102"};
const std::string kExamDate = "2026-12-05";

Result<std::vector<CandidateRow>> Parse(std::string_view csv) {
  return ParseCandidatesCsv(csv, kRooms, kExamDate);
}

// The message of a failed parse.
std::string Problems(std::string_view csv) {
  Result<std::vector<CandidateRow>> r = Parse(csv);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().IsInvalidArgument());
  return r.status().message();
}

TEST_CASE("CSV: English headers, comma separated, LF") {
  auto rows = Parse(
      "sbd,full_name,date_of_birth,sex,place_of_birth,id_number,room\n"
      "A001,Nguyễn Văn An,2001-03-05,Male,Hà Nội,001201003456,P101\n"
      "A002,Trần Thị Bình,15/11/1999,Female,Nghệ An,040199001234,P102\n");
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].line == 2);
  CHECK((*rows)[0].candidate == Candidate{.sbd = "A001",
                                          .full_name = "Nguyễn Văn An",
                                          .date_of_birth = "2001-03-05",
                                          .sex = "Nam",
                                          .place_of_birth = "Hà Nội",
                                          .id_number = "001201003456",
                                          .room = "P101"});
  CHECK((*rows)[1].candidate.date_of_birth == "1999-11-15");
  CHECK((*rows)[1].candidate.sex == "Nữ");
}

TEST_CASE("CSV: Excel's 'CSV UTF-8' with BOM, semicolons, CRLF, Vietnamese headers in any order") {
  auto rows = Parse(
      "\xEF\xBB\xBFSTT;Số báo danh;Họ và tên;Giới tính;Ngày sinh;Nơi sinh;Số CCCD;Phòng\r\n"
      "1;A001;Lê Hoàng Nam;Nam;5/3/2001;Đà Nẵng;048201000111;P101\r\n"
      "2;A002;\"Phạm Thị \"\"Bé\"\" Hoa\";NỮ;07.08.2000;\"Huế; Thừa Thiên "
      "Huế\";046300000222;P102\r\n"
      ";;;;;;;\r\n");
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].candidate.date_of_birth == "2001-03-05");
  CHECK((*rows)[1].candidate.full_name == "Phạm Thị \"Bé\" Hoa");
  CHECK((*rows)[1].candidate.place_of_birth == "Huế; Thừa Thiên Huế");
  CHECK((*rows)[1].candidate.sex == "Nữ");
  CHECK((*rows)[1].candidate.date_of_birth == "2000-08-07");
}

TEST_CASE("CSV: headers without diacritics or with underscores, and CR line ends (old Mac Excel)") {
  auto rows = Parse(
      "SO_BAO_DANH,HO TEN,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\r"
      "B01,Võ Minh Khoa,2002-01-31,nam,Cần Thơ,092202000333,P101\r");
  REQUIRE(rows.ok());
  CHECK((*rows)[0].candidate.sbd == "B01");
}

TEST_CASE("CSV: names are NFC, trimmed and single-spaced") {
  // "Nguyễn" written decomposed (e + combining circumflex + combining tilde), as macOS may.
  auto rows = Parse(
      "sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n"
      "A1,  Nguye\xCC\x82\xCC\x83n   Thị    Lan  ,2001-01-01,Nữ, Hải  Phòng ,031301000444,P101\n");
  REQUIRE(rows.ok());
  CHECK((*rows)[0].candidate.full_name == "Nguyễn Thị Lan");
  CHECK((*rows)[0].candidate.place_of_birth == "Hải Phòng");
}

TEST_CASE("CSV: a quoted field may span lines: later rows keep their physical line numbers") {
  const std::string csv =
      "sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n"
      "A1,\"Đặng\nVăn Tú\",2001-01-01,Nam,Hà Nội,001201000555,P101\n"
      "A2,Bùi Thị Mai,2001-13-01,Nữ,Hà Nội,001301000666,P101\n";
  CHECK_THAT(Problems(csv), Catch::StartsWith("line 4: ngày sinh '2001-13-01' is not a real date"));
  const std::string fixed =
      "sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n"
      "A1,\"Đặng\nVăn Tú\",2001-01-01,Nam,Hà Nội,001201000555,P101\n";
  auto rows = Parse(fixed);
  REQUIRE(rows.ok());
  CHECK((*rows)[0].candidate.full_name == "Đặng Văn Tú");
}

TEST_CASE("CSV: every bad row is reported with its line, and nothing is returned") {
  const std::string csv =
      "sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n"
      "A1,Nguyễn An,2001-01-01,Nam,Hà Nội,001201000001,P101\n"
      "A2,,2001-01-01,Nam,Hà Nội,001201000002,P101\n"
      "A3,Trần Bình,31/02/2001,Nam,Hà Nội,001201000003,P101\n"
      "A4,Lê Châu,2001-01-01,Khác,Hà Nội,001201000004,P101\n"
      "A5,Phạm Dũng,2001-01-01,Nam,Hà Nội,1201000005,P101\n"
      "A6,Hồ Em,2001-01-01,Nam,Hà Nội,001201000006,P303\n"
      "A1,Vũ Giang,2001-01-01,Nam,Hà Nội,001201000007,P101\n"
      "A8,Đỗ Hải,2001-01-01,Nam,Hà Nội,001201000001,P102\n"
      "A 9,Ngô Ích,2001-01-01,Nam,Hà Nội,001201000009,P102\n"
      "A10,Mai Khánh,2027-01-01,Nam,Hà Nội,001201000010,P102\n"
      "A11,Tạ Long,2001-01-01,Nam,Hà Nội,1.20121E+11,P102\n"
      "A12,Lý Minh,2001-01-01,Nam,Hà Nội,01201000012,P102\n"
      "A13,Quan Nga,2001-01-01,Nam,Hà Nội,001201000013,P102,extra\n"
      "A14,Hà Oanh,2001/01/01,Nam,Hà Nội,001201000014,P102\n";
  const std::string m = Problems(csv);
  INFO(m);
  CHECK_THAT(m, Catch::Contains("line 3: họ và tên is missing"));
  CHECK_THAT(m, Catch::Contains("line 4: ngày sinh '31/02/2001' is not a real date"));
  CHECK_THAT(m, Catch::Contains("line 5: giới tính 'Khác' must be Nam or Nữ"));
  CHECK_THAT(m, Catch::Contains("line 6: số CCCD '1201000005' has 10 digits"));
  CHECK_THAT(m, Catch::Contains("line 7: phòng 'P303' is not a room of this session (P101, P102)"));
  CHECK_THAT(m, Catch::Contains("line 8: số báo danh A1 is also on line 2"));
  CHECK_THAT(m, Catch::Contains("line 9: số CCCD 001201000001 is also on line 2"));
  CHECK_THAT(m, Catch::Contains("line 10: số báo danh 'A 9' may hold only"));
  CHECK_THAT(m, Catch::Contains("line 11: ngày sinh '2027-01-01' is not before the exam date"));
  CHECK_THAT(m, Catch::Contains("line 12: số CCCD '1.20121E+11' may hold only digits (Excel"));
  CHECK_THAT(m, Catch::Contains("line 13: số CCCD '01201000012' has 11 digits") &&
                    Catch::Contains("leading 0"));
  CHECK_THAT(m, Catch::Contains("line 14: has 8 fields but the header has 7"));
  CHECK_THAT(m, Catch::Contains("line 15: ngày sinh '2001/01/01' is not a date"));
  CHECK_THAT(m, !Catch::Contains("line 2:"));
  // Sorted by line.
  CHECK(m.find("line 3:") < m.find("line 4:"));
  CHECK(m.find("line 9:") < m.find("line 10:"));
}

TEST_CASE("CSV: invalid UTF-8 (a file saved in a legacy code page) names the lines") {
  const std::string csv =
      "sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n"
      "A1,Nguy\xE1n An,2001-01-01,Nam,Ha Noi,001201000001,P101\n"
      "A2,Tran Binh,2001-01-01,Nam,Ha Noi,001201000002,P101\n"
      "A3,L\xEA Chau,2001-01-01,Nam,Ha Noi,001201000003,P101\n";
  const std::string m = Problems(csv);
  CHECK_THAT(m,
             Catch::StartsWith("line 2: not valid UTF-8") && Catch::Contains("line 4: not valid"));
  CHECK_THAT(m, !Catch::Contains("line 3"));
  CHECK_THAT(Problems("\xFF\xFEs\0b\0d\0"), Catch::Contains("UTF-16"));
}

TEST_CASE("CSV: header problems") {
  CHECK_THAT(Problems(""), Catch::Contains("line 1: the file has no header row"));
  CHECK_THAT(Problems("\n\n"), Catch::Contains("no header row"));
  CHECK_THAT(Problems("sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n"),
             Catch::Contains("header but no candidates"));
  const std::string missing = Problems("sbd,ho_ten,ngay_sinh,noi_sinh,cccd\nA1,B,2001-01-01,C,1\n");
  CHECK_THAT(missing, Catch::Contains("line 1: the header row has no column for giới tính") &&
                          Catch::Contains("no column for phòng"));
  CHECK_THAT(Problems("sbd,SBD,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n"),
             Catch::Contains("line 1: columns 1 and 2 both hold số báo danh"));
  // A list whose first row is a title, not the header.
  CHECK_THAT(
      Problems("DANH SÁCH THÍ SINH,,,,,,\nsbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n"),
      Catch::Contains("line 1: the header row has no column for số báo danh"));
}

TEST_CASE("CSV: broken quoting stops at the line where it breaks") {
  CHECK_THAT(Problems("sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n"
                      "A1,Nguyễn An,2001-01-01,Nam,Hà Nội,001201000001,P101\n"
                      "A2,\"Trần Bình,2001-01-01,Nam,Hà Nội,001201000002,P101\n"
                      "A3,Lê Châu,2001-01-01,Nam,Hà Nội,001201000003,P101\n"),
             Catch::StartsWith("line 3: a quoted field is not closed"));
  CHECK_THAT(Problems("sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n"
                      "A1,\"Nguyễn\" An,2001-01-01,Nam,Hà Nội,001201000001,P101\n"),
             Catch::StartsWith("line 2: text after the closing"));
}

TEST_CASE("CSV: a control character inside a field is refused") {
  CHECK_THAT(Problems("sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n"
                      "A1,Nguyễn\x01 An,2001-01-01,Nam,Hà Nội,001201000001,P101\n"),
             Catch::Contains("line 2: họ và tên holds a control character"));
}

TEST_CASE("CSV: 9-digit CMND and spaced CCCD are accepted") {
  auto rows = Parse(
      "sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n"
      "A1,Nguyễn An,1980-01-01,Nam,Hà Nội,012345678,P101\n"
      "A2,Trần Bình,1980-01-01,Nam,Hà Nội,001 201 000 002,P101\n");
  REQUIRE(rows.ok());
  CHECK((*rows)[0].candidate.id_number == "012345678");
  CHECK((*rows)[1].candidate.id_number == "001201000002");
}

TEST_CASE("CSV: more than 50 problems are summarised") {
  std::string csv = "sbd,ho_ten,ngay_sinh,gioi_tinh,noi_sinh,cccd,phong\n";
  for (int i = 0; i < 60; ++i) {
    csv += "A" + std::to_string(i) + ",Tên,2001-01-01,Nam,Hà Nội,12,P101\n";
  }
  CHECK_THAT(Problems(csv), Catch::EndsWith("... and 10 more"));
}

}  // namespace
}  // namespace khaothi::centre
