#include "review.h"

#include <chrono>
#include <ctime>
#include <map>
#include <sstream>

#include "khaothi/engine/outline.h"

#include "cli.h"

namespace khaothi::tools {
namespace {

std::string Paragraphs(std::string_view text) {
  std::string out = HtmlEscape(text);
  std::string with_breaks;
  for (char c : out) {
    with_breaks += c == '\n' ? std::string("<br>") : std::string(1, c);
  }
  return with_breaks;
}

std::string_view DifficultyVi(const std::optional<engine::Difficulty>& d) {
  if (!d) {
    return "chưa rõ";
  }
  switch (*d) {
    case engine::Difficulty::kEasy:
      return "dễ";
    case engine::Difficulty::kMedium:
      return "trung bình";
    case engine::Difficulty::kHard:
      return "khó";
  }
  return "?";
}

}  // namespace

std::string RenderReviewHtml(const std::vector<engine::Item>& active,
                             const std::string& snapshot_id, const std::string& source) {
  const engine::Outline& outline = engine::Outline::Default();
  // module -> topic -> items, in outline order.
  std::map<std::string, std::map<std::string, std::vector<const engine::Item*>>> grouped;
  for (const engine::Item& item : active) {
    grouped[item.module][item.topic].push_back(&item);
  }
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char date[32];
  std::strftime(date, sizeof date, "%d/%m/%Y %H:%M UTC", &tm);

  std::ostringstream h;
  h << R"(<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Ngân hàng câu hỏi trắc nghiệm — tài liệu thẩm định</title>
<style>
body{font-family:"Noto Serif","DejaVu Serif","Times New Roman",serif;max-width:46em;margin:2em auto;line-height:1.45;color:#000}
h1{font-size:1.5em;text-align:center}h2{font-size:1.25em;border-bottom:2px solid #000;margin-top:2em}
h3{font-size:1.05em;margin-top:1.5em}
.item{border:1px solid #888;padding:.5em .8em;margin:.8em 0;page-break-inside:avoid}
.meta{font-size:.85em;color:#333}.opts{list-style:none;padding-left:0}
.opts li{margin:.15em 0}.key{font-weight:bold}.key::after{content:"  ✔ đáp án"}
.expl{font-size:.92em;border-top:1px dotted #888;margin-top:.4em;padding-top:.3em}
table.sum{border-collapse:collapse}table.sum td,table.sum th{border:1px solid #555;padding:.2em .6em}
@media print{body{margin:0;max-width:none}h2{page-break-before:always}}
</style></head><body>
<h1>NGÂN HÀNG CÂU HỎI TRẮC NGHIỆM<br>ỨNG DỤNG CÔNG NGHỆ THÔNG TIN CƠ BẢN</h1>
<p>Tài liệu phục vụ thẩm định ngân hàng câu hỏi. Gồm )"
    << active.size() << R"( câu hỏi đang sử dụng, kèm đáp án và giải thích.</p>
<p class="meta">Mã ảnh chụp ngân hàng (SHA-256): <code>)"
    << HtmlEscape(snapshot_id) << "</code><br>Nguồn: " << HtmlEscape(source)
    << "<br>Thời điểm xuất: " << date
    << "</p>\n<table class=\"sum\"><tr><th>Mô đun</th><th>Tên</th>"
    << "<th>Số câu</th></tr>\n";
  for (const engine::Module& m : outline.modules()) {
    auto it = grouped.find(m.code);
    if (it == grouped.end()) {
      continue;
    }
    size_t n = 0;
    for (const auto& [topic, items] : it->second) {
      n += items.size();
    }
    h << "<tr><td>" << m.code << "</td><td>" << HtmlEscape(m.name) << "</td><td>" << n
      << "</td></tr>\n";
  }
  h << "</table>\n";

  for (const engine::Module& m : outline.modules()) {
    auto mod = grouped.find(m.code);
    if (mod == grouped.end()) {
      continue;
    }
    h << "<h2>" << m.code << " — " << HtmlEscape(m.name) << "</h2>\n";
    for (const auto& [topic_code, items] : mod->second) {
      const engine::Topic* topic = outline.FindTopic(topic_code);
      h << "<h3>" << HtmlEscape(topic_code) << " — "
        << (topic ? HtmlEscape(topic->name) : std::string("(chưa xếp chủ đề)")) << "</h3>\n";
      for (const engine::Item* item : items) {
        h << "<div class=\"item\"><div class=\"meta\">" << HtmlEscape(item->id) << " · phiên bản "
          << item->version << " · độ khó: " << DifficultyVi(item->difficulty);
        if (item->mode == engine::ResponseMode::kMultiple) {
          h << " · nhiều đáp án";
        }
        if (!item->exclusion_group.empty()) {
          h << " · nhóm loại trừ " << HtmlEscape(item->exclusion_group);
        }
        if (item->software != engine::Software::kAny) {
          h << " · phần mềm: "
            << (item->software == engine::Software::kMicrosoft ? "Microsoft Office"
                                                               : "LibreOffice");
        }
        h << "</div>\n<p>" << Paragraphs(item->stem) << "</p>\n<ul class=\"opts\">";
        for (size_t i = 0; i < item->options.size(); ++i) {
          const engine::Option& o = item->options[i];
          h << "<li" << (o.correct ? " class=\"key\"" : "") << ">" << static_cast<char>('A' + i)
            << ". " << Paragraphs(o.text);
          if (o.weight) {
            h << " <span class=\"meta\">(" << *o.weight << " %)</span>";
          }
          if (o.fixed) {
            h << " <span class=\"meta\">[giữ vị trí]</span>";
          }
          h << "</li>";
        }
        h << "</ul>\n";
        if (!item->explanation.empty()) {
          h << "<div class=\"expl\">Giải thích: " << Paragraphs(item->explanation) << "</div>\n";
        }
        h << "</div>\n";
      }
    }
  }
  h << "</body></html>\n";
  return h.str();
}

}  // namespace khaothi::tools
