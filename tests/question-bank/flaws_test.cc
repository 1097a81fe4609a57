#include "khaothi/bank/flaws.h"

#include <catch2/catch.hpp>

#include "khaothi/bank/validate.h"

namespace khaothi::bank {
namespace {

using engine::Item;

// A single-answer item of `module` with options `texts`; option `key` (0-based) is correct.
Item MakeItem(const std::string& id, const std::string& module, const std::string& stem,
              const std::vector<std::string>& texts, size_t key) {
  Item item;
  item.id = id;
  item.module = module;
  item.topic = module + ".1.1";
  item.difficulty = engine::Difficulty::kMedium;
  item.stem = stem;
  for (size_t i = 0; i < texts.size(); ++i) {
    item.options.push_back({texts[i], i == key});
  }
  item.status = engine::ItemStatus::kActive;
  return item;
}

// The flaws of `kind` that FindFlaws reports for `items` with default thresholds.
std::vector<Flaw> FlawsOf(const std::vector<Item>& items, FlawKind kind,
                          const FlawOptions& options = {}) {
  std::vector<Flaw> out;
  for (const Flaw& f : FindFlaws(items, options).flaws) {
    if (f.kind == kind) {
      out.push_back(f);
    }
  }
  return out;
}

TEST_CASE("option length counts characters after NFC, not bytes") {
  CHECK(OptionLength("Ổ cứng") == 6);
  // "Ổ" decomposed (O + circumflex + hook above) is one character once composed.
  CHECK(OptionLength("O\xcc\x82\xcc\x89 c\xe1\xbb\xa9ng") == 6);
  CHECK(OptionLength("") == 0);
}

TEST_CASE("a key much longer than every distractor is reported, at a configurable ratio") {
  const std::vector<std::string> opts = {"Bộ xử lý trung tâm điều khiển mọi thao tác", "RAM",
                                         "Ổ cứng", "Chuột"};
  const std::vector<Item> items = {MakeItem("IU01-0001", "IU01", "Bộ phận nào?", opts, 0)};
  std::vector<Flaw> f = FlawsOf(items, FlawKind::kKeyMuchLonger);
  REQUIRE(f.size() == 1);
  CHECK_THAT(f[0].message, Catch::StartsWith("item IU01-0001: key A is "));

  SECTION("not when a distractor is nearly as long") {
    const std::vector<Item> close = {
        MakeItem("IU01-0002", "IU01", "Bộ phận nào?",
                 {"Bộ xử lý trung tâm (CPU)", "Bộ nhớ truy cập ngẫu nhiên", "Ổ cứng", "Chuột"}, 0)};
    CHECK(FlawsOf(close, FlawKind::kKeyMuchLonger).empty());
  }
  SECTION("at exactly the ratio, and not just below it") {
    // 6 characters against 4: 1.5x.
    const std::vector<Item> at = {
        MakeItem("IU01-0003", "IU01", "Chọn?", {"ổ cứng", "màn", "loa", "phím"}, 0)};
    CHECK(FlawsOf(at, FlawKind::kKeyMuchLonger).size() == 1);
    FlawOptions o;
    o.key_much_longer_ratio = 1.51;
    CHECK(FlawsOf(at, FlawKind::kKeyMuchLonger, o).empty());
  }
}

TEST_CASE("key-longest rate and always-longest score per module, ties split evenly") {
  std::vector<Item> items;
  // Key strictly longest.
  items.push_back(MakeItem("IU02-0001", "IU02", "Câu một?", {"dài nhất", "a", "b", "c"}, 0));
  // Key tied with one distractor for longest: half a point for "pick the longest".
  items.push_back(MakeItem("IU02-0002", "IU02", "Câu hai?", {"xyz", "abc", "a", "b"}, 0));
  // Key shortest.
  items.push_back(MakeItem("IU02-0003", "IU02", "Câu ba?", {"a", "bbbb", "cc", "dd"}, 0));
  items.push_back(MakeItem("IU02-0004", "IU02", "Câu bốn?", {"a", "bbbb", "cc", "dd"}, 2));
  FlawReport r = FindFlaws(items, {});
  REQUIRE(r.modules.size() == 1);
  const ModuleFlawStats& m = r.modules[0];
  CHECK(m.module == "IU02");
  CHECK(m.items == 4);
  CHECK(m.single_key == 4);
  CHECK(m.key_strictly_longest == 1);
  CHECK(m.key_longest_rate() == Approx(0.25));
  CHECK(m.always_longest_score() == Approx(1.5 / 4));

  SECTION("the module warnings fire above the thresholds once the module has enough items") {
    CHECK(FlawsOf(items, FlawKind::kAlwaysLongestScore).empty());  // 4 < 20 items
    FlawOptions o;
    o.min_module_items = 4;
    std::vector<Flaw> score = FlawsOf(items, FlawKind::kAlwaysLongestScore, o);
    REQUIRE(score.size() == 1);
    CHECK_THAT(score[0].message, Catch::Contains("module IU02") && Catch::Contains("38%"));
    CHECK(FlawsOf(items, FlawKind::kKeyLongestRate, o).empty());  // 25 % <= 30 %
    o.max_key_longest_rate = 0.2;
    CHECK(FlawsOf(items, FlawKind::kKeyLongestRate, o).size() == 1);
    o.max_always_longest_score = 0.375;
    CHECK(FlawsOf(items, FlawKind::kAlwaysLongestScore, o).empty());
    CHECK(FindFlaws(items, o).modules[0].counts[static_cast<size_t>(FlawKind::kKeyLongestRate)] ==
          1);
  }
}

TEST_CASE("all/none-of-the-above options are reported in Vietnamese and English forms") {
  const auto with = [](const std::string& last) {
    return std::vector<Item>{MakeItem("IU06-0001", "IU06", "Dấu hiệu của thư lừa đảo là gì?",
                                      {"Giục làm ngay", "Sai chính tả", "Lạ người gửi", last}, 3)};
  };
  for (const char* last :
       {"Tất cả các đáp án trên", "Cả A, B, C đều đúng", "Không có đáp án nào đúng",
        "Tất cả các phương án trên.", "All of the above", "None of the above"}) {
    INFO(last);
    CHECK(FlawsOf(with(last), FlawKind::kAllOrNone).size() == 1);
  }
  CHECK(FlawsOf(with("Đường dẫn tới trang giả"), FlawKind::kAllOrNone).empty());
  // "cả" inside another word or phrase is not the cue.
  CHECK(FlawsOf(with("Cả gia đình dùng chung"), FlawKind::kAllOrNone).empty());
}

TEST_CASE("a negative stem must write its negative word in capitals") {
  const std::vector<std::string> opts = {"Bàn phím", "Chuột", "Máy quét", "Máy in"};
  const auto flaws = [&](const std::string& stem) {
    return FlawsOf({MakeItem("IU01-0001", "IU01", stem, opts, 3)}, FlawKind::kNegativeStem);
  };
  std::vector<Flaw> f = flaws("Thiết bị nào sau đây không phải là thiết bị vào?");
  REQUIRE(f.size() == 1);
  CHECK_THAT(f[0].message, Catch::Contains("'không'"));
  CHECK(flaws("Phát biểu nào sau đây là sai?").size() == 1);
  CHECK(flaws("Tất cả đều là thiết bị vào, ngoại trừ thiết bị nào?").size() == 1);
  CHECK(flaws("Which of these is not an input device?").size() == 1);

  CHECK(flaws("Thiết bị nào sau đây KHÔNG phải là thiết bị vào?").empty());
  CHECK(flaws("Tất cả đều là thiết bị vào, NGOẠI TRỪ thiết bị nào?").empty());
  CHECK(flaws("Phát biểu nào sau đây là SAI?").empty());
  // "không" that is not the negative of the question.
  CHECK(flaws("Máy tính không dùng trong một giờ thì nên làm gì?").empty());
  CHECK(flaws("Có thể tìm lại tệp đó trong Thùng rác không?").empty());
  CHECK(flaws("Thiết bị nào dùng để kết nối mạng không dây?").empty());
}

TEST_CASE("a content word of the stem found only in the key is reported") {
  std::vector<Flaw> f =
      FlawsOf({MakeItem("IU06-0001", "IU06", "Nên làm gì với thư điện tử lạ có tệp đính kèm?",
                        {"Không mở tệp đính kèm, xóa thư", "Mở ngay để xem",
                         "Chuyển tiếp cho bạn bè", "Trả lời để hỏi lại"},
                        0)},
              FlawKind::kStemKeyWord);
  REQUIRE(f.size() == 1);
  CHECK_THAT(f[0].message, Catch::Contains("'tệp'") && Catch::Contains("'đính'") &&
                               Catch::Contains("'kèm'") && Catch::Contains("'thư'"));
  CHECK_THAT(f[0].message, !Catch::Contains("'với'") && !Catch::Contains("'có'"));

  SECTION("not a syllable whose neighbour in the stem a distractor has (a two-syllable word)") {
    CHECK(FlawsOf({MakeItem("IU01-0002", "IU01", "Bộ nhớ RAM của máy tính có đặc điểm gì?",
                            {"Mất dữ liệu khi máy tính mất điện", "Lưu lâu dài cả khi tắt máy",
                             "Chỉ cho phép đọc", "Cắm qua cổng USB"},
                            0)},
                  FlawKind::kStemKeyWord)
              .empty());
  }
  SECTION("not when a distractor has the word too, nor for stop words") {
    CHECK(FlawsOf({MakeItem("IU06-0002", "IU06", "Nên làm gì với thư điện tử lạ có tệp đính kèm?",
                            {"Không mở tệp đính kèm, xóa thư", "Mở tệp đính kèm để xem thư",
                             "Chuyển tiếp cho bạn bè", "Trả lời để hỏi lại"},
                            0)},
                  FlawKind::kStemKeyWord)
              .empty());
  }
}

TEST_CASE("a shortcut or menu command needs a program named in the stem") {
  const auto flaws = [](const std::string& stem, const std::vector<std::string>& opts) {
    return FlawsOf({MakeItem("IU05-0038", "IU05", stem, opts, 0)}, FlawKind::kProgramNotNamed);
  };
  const std::vector<std::string> keys = {"Ctrl + G", "Ctrl + Shift + G", "Alt + G", "Shift + G"};
  CHECK(flaws("Phím tắt nào nhóm các hình đã chọn?", keys).size() == 1);
  CHECK(flaws("Trong PowerPoint 365, phím tắt nào nhóm các hình đã chọn?", keys).empty());
  CHECK(flaws("Trong LibreOffice Impress, phím tắt nào nhóm các hình đã chọn?", keys).empty());
  CHECK(flaws("Phím nào bắt đầu trình chiếu từ trang đầu?", {"F5", "F7", "Esc", "Tab"}).size() ==
        1);
  CHECK(flaws("Lệnh nào chèn bảng?", {"Insert > Table", "Home > Table", "View > Table", "Không có"})
            .size() == 1);
  CHECK(flaws("Lệnh nào chèn bảng trong Word?",
              {"Insert > Table", "Home > Table", "View > Table", "Không có"})
            .empty());
  // Formulas are not commands.
  CHECK(
      flaws("Ô B2 chứa 7. Kết quả của =IF(B2>5,1,0) là gì?", {"1", "0", "B5", "=B2 > 5"}).empty());
  // "word" in lower case is not the program.
  CHECK(flaws("Gõ một word rồi nhấn phím nào để xuống dòng?", {"Shift + Enter", "Tab", "Esc", "F1"})
            .size() == 1);
}

TEST_CASE("near duplicates across modules outside an exclusion group") {
  std::vector<Item> items = {
      MakeItem("IU03-0003", "IU03",
               "Phím tắt nào dùng để lưu tệp đang mở trong Microsoft Word 365?",
               {"Ctrl + S", "Ctrl + O", "Ctrl + N", "Ctrl + P"}, 0),
      MakeItem("IU04-0009", "IU04",
               "Phím tắt nào dùng để lưu tệp đang mở trong Microsoft Excel 365?",
               {"Ctrl + S", "Ctrl + O", "Ctrl + N", "Ctrl + P"}, 0),
      MakeItem("IU04-0010", "IU04", "Hàm nào tính tổng một vùng ô trong Microsoft Excel 365?",
               {"SUM", "COUNT", "MAX", "AVERAGE"}, 0),
  };
  std::vector<Flaw> f = FlawsOf(items, FlawKind::kCrossModuleDuplicate);
  REQUIRE(f.size() == 1);
  CHECK(f[0].item == 1);
  CHECK_THAT(f[0].message, Catch::Contains("IU03-0003") && Catch::Contains("module IU03"));

  SECTION("not within one exclusion group") {
    items[0].exclusion_group = items[1].exclusion_group = "G-SAVE";
    CHECK(FlawsOf(items, FlawKind::kCrossModuleDuplicate).empty());
  }
  SECTION("not within one module (the near-duplicate stem check covers that)") {
    items[0].module = "IU04";
    CHECK(FlawsOf(items, FlawKind::kCrossModuleDuplicate).empty());
  }
  SECTION("the same stem wording with a different key is not a duplicate") {
    // Their stems alone are 50 % similar (IU03-0007 and IU04-0013 of the bank).
    items[0] = MakeItem("IU03-0007", "IU03",
                        "Trong Microsoft Word 365, nhấn tổ hợp phím Ctrl + Z có tác dụng gì?",
                        {"Hoàn tác thao tác vừa làm", "Lưu tài liệu", "Đóng tài liệu", "In"}, 0);
    items[1] =
        MakeItem("IU04-0013", "IU04",
                 "Trong Microsoft Excel 365, nhấn phím F2 khi đang chọn một ô có tác dụng gì?",
                 {"Chỉnh sửa nội dung ô ngay trong ô", "Xóa ô", "Lưu bảng tính", "Mở trợ giúp"}, 0);
    CHECK(StemSimilarity(items[0].stem, items[1].stem) >= 0.45);
    CHECK(FlawsOf(items, FlawKind::kCrossModuleDuplicate).empty());
  }
  SECTION("the threshold is configurable") {
    FlawOptions o;
    o.cross_module_similarity = 0.95;
    CHECK(FlawsOf(items, FlawKind::kCrossModuleDuplicate, o).empty());
  }
}

TEST_CASE("flaw options out of range are refused with a message") {
  CHECK(CheckFlawOptions({}).empty());
  FlawOptions o;
  o.key_much_longer_ratio = 1.0;
  CHECK_FALSE(CheckFlawOptions(o).empty());
  o = {};
  o.cross_module_similarity = 0;
  CHECK_FALSE(CheckFlawOptions(o).empty());
  o = {};
  o.max_key_longest_rate = 1.5;
  CHECK_FALSE(CheckFlawOptions(o).empty());
  o = {};
  o.max_always_longest_score = -0.1;
  CHECK_FALSE(CheckFlawOptions(o).empty());
  o = {};
  o.min_module_items = 0;
  CHECK_FALSE(CheckFlawOptions(o).empty());
}

}  // namespace
}  // namespace khaothi::bank
