// The practical task package (đề thực hành) on disk: its manifest `task.txt` and the checks of
// the files it lists (docs/practical.md).
//
// A package is a directory holding task.txt, one instructions file, the starter files and the
// model-solution files; the manifest names each file with its size and SHA-256, so that the
// manifest alone identifies the whole package. ParsePracticalManifest reads the manifest and
// SerializePracticalManifest writes it; Parse(Serialize(t)) == t. CheckPracticalFiles compares
// the files found in the directory with the manifest. Reading the directory and computing the
// hashes are the caller's job: this library stays pure over bytes.
//
// Every error names the file and, for the manifest, the line: "IU04-A/task.txt line 7: ...".
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "khaothi/engine/practical.h"
#include "khaothi/engine/status.h"

namespace khaothi::bank {

// The manifest's name inside a package directory.
inline constexpr std::string_view kManifestName = "task.txt";

// A manifest and where its files and points lines were written, for messages.
struct ParsedManifest {
  engine::PracticalTask task;
  // The line of each listed file (instructions, starters, solutions) by file name.
  std::map<std::string, int> file_lines;
  // The line of each check: (points code, 0-based index among that line's checks) → line.
  std::map<std::pair<std::string, int>, int> check_lines;
};

// Reads a manifest. `label` names it in messages ("IU04-A/task.txt"). InvalidArgument
// "LABEL line N: MESSAGE" at the first problem: a bad line, a bad value, a rule of
// engine::ValidatePracticalTask (at the line it concerns; a missing key or a count over a limit
// at the last line). Text is NFC-normalised; a `version` line is read (export writes it) but the
// store decides the version.
Result<ParsedManifest> ParsePracticalManifest(std::string_view text, std::string_view label);

// The manifest text, with `version` when the task has one, keys in a fixed order.
// REQUIRES: engine::ValidatePracticalTask(task).ok()
std::string SerializePracticalManifest(const engine::PracticalTask& task);

// A file found in the package directory: its name, size and SHA-256 (hex), and for the
// instructions file its bytes (checked as text).
struct FoundFile {
  std::string name;
  int64_t size = 0;
  std::string sha256;
};

// Checks the files of a package directory against its manifest: every listed file is there with
// the listed size and SHA-256, there is no other file, and the instructions are UTF-8 text in NFC.
// `dir` names the package in messages ("IU04-A"); `instructions_text` is the instructions file's
// content. InvalidArgument naming the file (and the manifest line that lists it) otherwise:
// "IU04-A/bang-luong.xlsx: SHA-256 is 3f…, task.txt line 12 says 9a…".
Status CheckPracticalFiles(const ParsedManifest& manifest, const std::vector<FoundFile>& found,
                           std::string_view instructions_text, std::string_view dir);

}  // namespace khaothi::bank
