// Helpers shared by the command-line tools: reading files, the language of messages, and
// printing text of a given display width.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "khaothi/engine/status.h"
#include "khaothi/web/html.h"

namespace khaothi::tools {

// The user's language: Vietnamese unless --lang en (or KHAOTHI_LANG=en) asks for English.
enum class Lang { kVi, kEn };

// Picks the Vietnamese or the English text.
class Messages {
 public:
  explicit Messages(Lang lang) : lang_(lang) {}
  std::string_view operator()(std::string_view vi, std::string_view en) const {
    return lang_ == Lang::kVi ? vi : en;
  }
  Lang lang() const { return lang_; }

 private:
  Lang lang_;
};

// Lang from "vi"/"en"; kInvalidArgument otherwise.
Result<Lang> ParseLang(std::string_view name);

// The whole file, or kNotFound / kIoError naming it (the message in `lang`).
Result<std::string> ReadFile(const std::string& path, Lang lang = Lang::kEn);
// Writes via a temporary file and rename, so a reader never sees half a file. A symbolic link is
// followed (the file it names is replaced, the link stays); a device or a pipe (/dev/stdout) is
// written into directly; a directory is kInvalidArgument.
Status WriteFileAtomically(const std::string& path, std::string_view bytes, Lang lang = Lang::kEn);

// Every regular file under `paths`: files as given, and from directories (recursively, in sorted
// order, hidden files skipped) those whose name ends with one of `extensions` (case-insensitive).
// kNotFound names the first path that does not exist.
Result<std::vector<std::string>> ExpandPaths(const std::vector<std::string>& paths,
                                             const std::vector<std::string>& extensions);

// While alive, the process creates files and directories readable by their owner only (umask
// 077); the previous umask comes back on destruction. For center.db, its -wal and -shm, backups
// and keys, which hold password hashes and personal data.
class OwnerOnlyFiles {
 public:
  OwnerOnlyFiles();
  OwnerOnlyFiles(const OwnerOnlyFiles&) = delete;
  OwnerOnlyFiles& operator=(const OwnerOnlyFiles&) = delete;
  ~OwnerOnlyFiles();

 private:
  unsigned old_mask_;
};

// Takes every permission of group and others from `path` (0700 for a directory, 0600 for a
// file), if it exists and has any. Returns whether it changed anything; kIoError when chmod fails.
Result<bool> RestrictToOwner(const std::string& path);

// Terminal columns taken by UTF-8 `s` (combining marks take none, East Asian wide take two).
int DisplayWidth(std::string_view s);
// `s` cut to at most `width` columns ("…" marks a cut) and padded with spaces to `width`.
std::string FitWidth(std::string_view s, int width);

using web::HtmlEscape;  // one escape for every page khaothi writes

}  // namespace khaothi::tools
