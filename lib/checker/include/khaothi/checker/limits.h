// Bounds on what the office-file checker will read. A candidate's file is untrusted: these keep
// a zip bomb, a huge sheet or a deeply nested XML within a small time and memory budget, and any
// file over them is refused as "cannot be checked automatically" — it goes to manual marking.
#pragma once

#include <cstdint>

#include "khaothi/engine/practical_limits.h"

namespace khaothi::checker {

// The file itself: no larger than the station may upload.
inline constexpr int64_t kMaxFileBytes = engine::kMaxPracticalFileBytes;
// Entries in the zip container (a real .xlsx has a few dozen; a .docx with images a few hundred).
inline constexpr int64_t kMaxEntries = 4000;
// Sum of the uncompressed sizes of all entries, declared and actually read.
inline constexpr int64_t kMaxTotalUncompressedBytes = 128LL * 1024 * 1024;
// One entry's uncompressed size over its compressed size. XML compresses well (20–60×), so the
// ratio only counts for entries above kRatioFloorBytes, where a bomb does its damage.
inline constexpr int64_t kMaxCompressionRatio = 200;
inline constexpr int64_t kRatioFloorBytes = 1024 * 1024;
// Element nesting in any XML part (real documents stay below 40).
inline constexpr int kMaxXmlDepth = 256;
// Non-empty cells in a workbook, after ODF's repeated rows and columns are expanded.
inline constexpr int64_t kMaxCells = 2'000'000;
// Rows and columns a cell reference may name (Excel's and LibreOffice's grid).
inline constexpr int kMaxRows = 1'048'576;
inline constexpr int kMaxColumns = 16'384;

}  // namespace khaothi::checker
