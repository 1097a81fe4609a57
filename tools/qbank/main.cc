// qbank: the exam setters' tool for the question bank (ngân hàng câu hỏi).
//
//   qbank [--db PATH] [--lang vi|en] COMMAND [ARGS] ...
//
// Every command prints a clear message and exits non-zero on any error; a failed import changes
// nothing. Messages are Vietnamese by default (--lang en for English); diagnostics about a bank
// file ("FILE:LINE: error: ...") are in English so that they match the documentation.
#include <string>
#include <vector>

#include "dispatch.h"
#include "qbank_cli.h"

namespace khaothi::tools {
namespace {

int Main(int argc, char** argv) {
  Globals g;
  const auto with_globals = [&g](int (*command)(const Globals&, const std::vector<std::string>&)) {
    return [&g, command](const std::vector<std::string>& args) { return command(g, args); };
  };
  const Tool tool{
      "qbank",
      15,
      {{"--db", "PATH", "cơ sở dữ liệu (mặc định ./center.db)",
        "the database (default ./center.db)", [&g](std::string path) { g.db = std::move(path); }}},
      {
          {"init", with_globals(CmdInit), "tạo cơ sở dữ liệu ngân hàng câu hỏi",
           "create the bank database"},
          {"import", with_globals(CmdImport), "nhập câu hỏi (native, GIFT, Aiken, QTI)",
           "import items (native, GIFT, Aiken, QTI)"},
          {"export", with_globals(CmdExport), "xuất ngân hàng câu hỏi", "export the bank"},
          {"validate", with_globals(CmdValidate), "kiểm tra tệp câu hỏi (không cần cơ sở dữ liệu)",
           "check bank files (no database needed)"},
          {"list", with_globals(CmdList), "liệt kê câu hỏi", "list items"},
          {"show", with_globals(CmdShow), "xem một câu hỏi", "show one item"},
          {"retire", with_globals(CmdRetire), "cho thôi dùng một câu hỏi", "retire an item"},
          {"history", with_globals(CmdHistory), "lịch sử phiên bản của một câu hỏi",
           "an item's versions"},
          {"stats", with_globals(CmdStats), "thống kê theo mô đun × độ khó, đối chiếu ma trận đề",
           "counts per module × difficulty, against a blueprint"},
          {"practical", with_globals(CmdPractical),
           "đề thực hành: import, validate, list, show, export",
           "practical tasks: import, validate, list, show, export"},
          {"review-export", with_globals(CmdReviewExport),
           "xuất tài liệu HTML để thẩm định ngân hàng",
           "export an HTML document for the bank's review"},
      }};
  return RunTool(tool, argc, argv, g.msg, [](const Status& s) { return Fail(s); });
}

}  // namespace
}  // namespace khaothi::tools

int main(int argc, char** argv) { return khaothi::tools::Main(argc, argv); }
