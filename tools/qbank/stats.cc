#include "stats.h"

#include <array>
#include <set>
#include <sstream>

#include "khaothi/engine/outline.h"

namespace khaothi::tools {

Result<StatsReport> BuildStats(const std::vector<engine::Item>& active,
                               const std::optional<std::string>& blueprint_text,
                               const bank::FlawOptions& flaw_options) {
  StatsReport r;
  r.total = static_cast<int>(active.size());
  for (const engine::Module& m : engine::Outline::Default().modules()) {
    std::array<int, 3> counts{};
    for (const engine::Item& item : active) {
      if (item.module == m.code && item.difficulty) {
        ++counts[static_cast<size_t>(*item.difficulty)];
      }
    }
    if (counts[0] + counts[1] + counts[2] > 0 || m.basic) {
      r.per_module.emplace_back(m.code, counts);
    }
  }
  bank::FlawReport flaws = bank::FindFlaws(active, flaw_options);
  for (const engine::Module& m : engine::Outline::Default().modules()) {
    for (const bank::ModuleFlawStats& f : flaws.modules) {
      if (f.module == m.code) {
        r.flaws.push_back(f);
      }
    }
  }
  if (!blueprint_text) {
    return r;
  }
  Result<engine::Blueprint> bp = engine::ParseBlueprint(*blueprint_text);
  if (!bp.ok()) {
    return Status::InvalidArgument("blueprint: " + bp.status().message());
  }
  r.blueprint = *bp;
  for (const engine::Cell& cell : bp->cells) {
    CellStats cs{cell};
    std::set<std::string> groups;
    for (const engine::Item& item : active) {
      if (!bp->Draws(cell, item)) {
        continue;
      }
      ++cs.available;
      if (item.exclusion_group.empty() || groups.insert(item.exclusion_group).second) {
        ++cs.distinct;
      }
    }
    cs.shortfall = std::max(0, cell.count - cs.distinct);
    r.short_cells += cs.shortfall > 0 ? 1 : 0;
    r.cells.push_back(cs);
  }
  return r;
}

namespace {

std::string Share(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
  return buf;
}

// The flaw figures: per module the items, how often the key is strictly the longest option, what
// "always pick the longest" scores, and the warnings of each kind (numbered, with a legend).
void RenderFlaws(const std::vector<bank::ModuleFlawStats>& flaws, const Messages& msg,
                 std::ostringstream& out) {
  out << "\n"
      << msg("Lỗi viết câu hỏi (docs/bank-format.md)", "Item-writing flaws (docs/bank-format.md)")
      << "\n";
  out << FitWidth(msg("Mô đun", "Module"), 8) << FitWidth(msg("Câu", "Items"), 7)
      << FitWidth(msg("Đáp án dài nhất", "Key longest"), 17)
      << FitWidth(msg("Chọn dài nhất", "Pick longest"), 15);
  for (size_t k = 0; k < bank::kFlawKindCount; ++k) {
    const std::string head = "[" + std::to_string(k + 1) + "]";
    out << (k + 1 < bank::kFlawKindCount ? FitWidth(head, 5) : head);
  }
  out << "\n";
  for (const bank::ModuleFlawStats& f : flaws) {
    out << FitWidth(f.module, 8) << FitWidth(std::to_string(f.items), 7)
        << FitWidth(std::to_string(f.key_strictly_longest) + "/" + std::to_string(f.single_key) +
                        " " + Share(f.key_longest_rate()),
                    17)
        << FitWidth(Share(f.always_longest_score()), 15);
    for (size_t k = 0; k < bank::kFlawKindCount; ++k) {
      const std::string count = std::to_string(f.counts[k]);
      out << (k + 1 < bank::kFlawKindCount ? FitWidth(count, 5) : count);
    }
    out << "\n";
  }
  static constexpr std::array<std::array<const char*, 2>, bank::kFlawKindCount> kLegend = {{
      {"đáp án dài gấp nhiều lần phương án nhiễu", "key much longer than every distractor"},
      {"phương án \"tất cả/không có đáp án nào\"", "all/none-of-the-above option"},
      {"câu hỏi phủ định không nhấn mạnh", "negative stem without emphasis"},
      {"từ chỉ có ở câu hỏi và đáp án", "word shared by stem and key only"},
      {"phím tắt/lệnh không nêu chương trình", "shortcut or menu, no program named"},
      {"gần trùng câu của mô đun khác", "near duplicate in another module"},
      {"tỉ lệ đáp án dài nhất vượt ngưỡng", "key-longest rate above threshold"},
      {"điểm \"chọn dài nhất\" vượt ngưỡng", "pick-longest score above threshold"},
  }};
  for (size_t k = 0; k < bank::kFlawKindCount; ++k) {
    out << "[" << (k + 1) << "] " << msg(kLegend[k][0], kLegend[k][1]) << " ("
        << bank::ToString(static_cast<bank::FlawKind>(k)) << ")\n";
  }
}

}  // namespace

std::string RenderStats(const StatsReport& r, const std::string& snapshot_id, const Messages& msg) {
  std::ostringstream out;
  out << msg("Câu hỏi đang dùng: ", "Active items: ") << r.total << "\n"
      << msg("Mã ảnh chụp ngân hàng: ", "Bank snapshot id: ") << snapshot_id << "\n\n";
  out << FitWidth(msg("Mô đun", "Module"), 8) << FitWidth(msg("Dễ", "Easy"), 8)
      << FitWidth(msg("Trung bình", "Medium"), 12) << FitWidth(msg("Khó", "Hard"), 8)
      << msg("Cộng", "Total") << "\n";
  for (const auto& [module, c] : r.per_module) {
    out << FitWidth(module, 8) << FitWidth(std::to_string(c[0]), 8)
        << FitWidth(std::to_string(c[1]), 12) << FitWidth(std::to_string(c[2]), 8)
        << (c[0] + c[1] + c[2]) << "\n";
  }
  if (!r.flaws.empty()) {
    RenderFlaws(r.flaws, msg, out);
  }
  if (!r.blueprint) {
    return out.str();
  }
  out << "\n"
      << msg("Ma trận đề ", "Blueprint ") << r.blueprint->id << " (" << r.blueprint->ItemCount()
      << msg(" câu; phần mềm: ", " items; software: ");
  // Counts below are of the items this software choice lets a form draw (Blueprint::Draws).
  switch (r.blueprint->software) {
    case engine::SoftwareChoice::kBoth:
      out << msg("Microsoft Office và LibreOffice", "Microsoft Office and LibreOffice");
      break;
    case engine::SoftwareChoice::kMicrosoft:
      out << "Microsoft Office";
      break;
    case engine::SoftwareChoice::kLibreOffice:
      out << "LibreOffice";
      break;
  }
  out << ")\n";
  out << FitWidth(msg("Ô", "Cell"), 18) << FitWidth(msg("Cần", "Need"), 6)
      << FitWidth(msg("Có", "Have"), 6) << FitWidth(msg("Khác nhóm", "Distinct"), 10)
      << FitWidth(msg("Gấp", "Ratio"), 7) << msg("Thiếu", "Short") << "\n";
  for (const CellStats& c : r.cells) {
    char ratio[16];
    std::snprintf(ratio, sizeof ratio, "%.1fx",
                  c.cell.count > 0 ? static_cast<double>(c.distinct) / c.cell.count : 0.0);
    out << FitWidth(engine::CellLabel(c.cell), 18) << FitWidth(std::to_string(c.cell.count), 6)
        << FitWidth(std::to_string(c.available), 6) << FitWidth(std::to_string(c.distinct), 10)
        << FitWidth(ratio, 7) << (c.shortfall > 0 ? std::to_string(c.shortfall) : "-") << "\n";
  }
  out << (r.short_cells == 0
              ? std::string(msg("Không ô nào thiếu câu hỏi.", "No cell is short."))
              : std::to_string(r.short_cells) +
                    std::string(msg(" ô thiếu câu hỏi.", " cell(s) short of items.")))
      << "\n";
  return out.str();
}

}  // namespace khaothi::tools
