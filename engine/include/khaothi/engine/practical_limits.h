// The limits on the practical test's files (bài thi thực hành), in one place: a task package's
// starter and solution files (docs/practical.md) and the candidate's work files that the station
// uploads (docs/protocol.md, "The practical test"). Whatever refuses a file over a limit names the
// limit from here, so that the package validator, the upload handler and the documentation cannot
// drift apart.
//
// Thread safety: constants and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace khaothi::engine {

// Bytes in one starter, solution or work file. Office files of a practical task are tens to
// hundreds of KiB; a picture pasted into a slide may take a few MiB.
inline constexpr int64_t kMaxPracticalFileBytes = 10 * 1024 * 1024;
// Bytes in a package's instructions file (Markdown or plain text, printable on a few pages).
inline constexpr int64_t kMaxInstructionsBytes = 256 * 1024;
// Bytes in a package's manifest (task.txt).
inline constexpr int64_t kMaxManifestBytes = 64 * 1024;
// Starter files of one task, and model-solution files of one task (each counted separately).
inline constexpr int kMaxStarterFiles = 8;
inline constexpr int kMaxSolutionFiles = 8;
// Distinct work files (names) a candidate may upload for one task; each may have any number of
// versions. A task's starters are at most kMaxStarterFiles, and a candidate saving a copy of each
// under another name stays within this.
inline constexpr int kMaxWorkFilesPerTask = 8;
// Bytes of all the files of one package together (instructions, starters, solutions).
inline constexpr int64_t kMaxPackageBytes = 48 * 1024 * 1024;
// Lines of a points table (the content of TT03 tasks has 8–15).
inline constexpr int kMaxPointsLines = 50;
// Bytes in a file name: ASCII letters, digits, '.', '_' and '-', not starting with '.'.
inline constexpr int kMaxFileNameBytes = 100;
// Bytes in a task's title, and in one points-table description.
inline constexpr int kMaxTitleBytes = 200;
inline constexpr int kMaxPointsDescriptionBytes = 500;
// Automatic checks behind one points line, and bytes in one check's text.
inline constexpr int kMaxChecksPerLine = 12;
inline constexpr int kMaxCheckBytes = 500;
// Minutes a task is expected to take (a hint shown to candidates and staff).
inline constexpr int kMaxTaskMinutes = 180;

// The extensions (lower case, without the dot) a starter, solution or work file may have: the
// office documents of Microsoft Office and LibreOffice, plain text and CSV, and pictures.
inline constexpr std::array<std::string_view, 11> kPracticalFileExtensions = {
    "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "png", "jpg", "jpeg"};
// The extensions an instructions file may have.
inline constexpr std::array<std::string_view, 2> kInstructionsExtensions = {"md", "txt"};

// Whether `name` is a file name a package may hold: 1..kMaxFileNameBytes of ASCII letters,
// digits, '.', '_' and '-', not starting with '.', with an extension (lower case). No directory
// part, so that a name can never point outside the task's folder.
bool IsPracticalFileName(std::string_view name);
// The extension of `name` after its last '.', or "" when it has none.
std::string_view FileExtension(std::string_view name);
// Whether the extension of `name` is one of kPracticalFileExtensions / kInstructionsExtensions.
bool IsPracticalFileType(std::string_view name);
bool IsInstructionsFileType(std::string_view name);

}  // namespace khaothi::engine
