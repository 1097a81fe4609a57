#include "cli.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

namespace khaothi::tools {
namespace fs = std::filesystem;

Result<Lang> ParseLang(std::string_view name) {
  if (name == "vi") {
    return Lang::kVi;
  }
  if (name == "en") {
    return Lang::kEn;
  }
  // The language is what is unknown, so the message speaks both.
  return Status::InvalidArgument("ngôn ngữ lạ '" + std::string(name) +
                                 "' (dùng vi hoặc en) / unknown language '" + std::string(name) +
                                 "' (use vi or en)");
}

Result<std::string> ReadFile(const std::string& path, Lang lang) {
  const Messages m(lang);
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return Status::NotFound(path + std::string(m(": không có tệp này", ": no such file")));
  }
  if (fs::is_directory(path, ec)) {
    return Status::InvalidArgument(path + std::string(m(": là thư mục", ": is a directory")));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IoError(path + std::string(m(": không đọc được: ", ": cannot read: ")) +
                           std::strerror(errno));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    return Status::IoError(path + std::string(m(": lỗi khi đọc", ": read error")));
  }
  return ss.str();
}

namespace {

// Writes `bytes` into `file` (created or truncated); an error names `shown`, the path the user
// gave. The one way both of WriteFileAtomically's paths write.
Status WriteInto(const std::string& file, const std::string& shown, std::string_view bytes,
                 const Messages& m) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) {
    return Status::IoError(shown + std::string(m(": không ghi được: ", ": cannot write: ")) +
                           std::strerror(errno));
  }
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) {
    return Status::IoError(
        shown + std::string(m(": ghi không được (đầy đĩa?)", ": write failed (disk full?)")));
  }
  return Status::Ok();
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view bytes, Lang lang) {
  const Messages m(lang);
  // The temporary file and the rename go to what `path` names in the end: renaming onto a
  // symbolic link would replace the link (as root, `--out /dev/stdout` replaced /dev/stdout
  // itself), and a device or a pipe is written into, not replaced.
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (!ec && fs::exists(st) && !fs::is_regular_file(st)) {
    if (fs::is_directory(st)) {
      return Status::InvalidArgument(path + std::string(m(": là một thư mục, không phải tệp",
                                                          ": is a directory, not a file")));
    }
    // Not a regular file (a terminal, a pipe, /dev/null): nothing to replace, no half file to
    // hide, so it is written into.
    return WriteInto(path, path, bytes, m);
  }
  std::string target = path;
  if (fs::is_symlink(fs::symlink_status(path, ec))) {
    const fs::path resolved = fs::weakly_canonical(path, ec);
    if (ec) {
      return Status::IoError(
          path + std::string(m(": không theo được liên kết: ", ": cannot follow the link: ")) +
          ec.message());
    }
    target = resolved.string();
  }
  const std::string tmp = target + ".tmp-" + std::to_string(getpid());
  if (Status s = WriteInto(tmp, path, bytes, m); !s.ok()) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return s;
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return Status::IoError(path + std::string(m(": không thay được tệp: ", ": cannot replace: ")) +
                           ec.message());
  }
  return Status::Ok();
}

OwnerOnlyFiles::OwnerOnlyFiles() : old_mask_(umask(077)) {}

OwnerOnlyFiles::~OwnerOnlyFiles() { umask(static_cast<mode_t>(old_mask_)); }

Result<bool> RestrictToOwner(const std::string& path) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0 || S_ISLNK(st.st_mode)) {
    return false;
  }
  if ((st.st_mode & 077) == 0) {
    return false;
  }
  const mode_t mode = S_ISDIR(st.st_mode) ? 0700 : 0600;
  if (chmod(path.c_str(), mode) != 0) {
    return Status::IoError(path + ": chmod: " + std::strerror(errno));
  }
  return true;
}

Result<std::vector<std::string>> ExpandPaths(const std::vector<std::string>& paths,
                                             const std::vector<std::string>& extensions) {
  auto wanted = [&](std::string name) {
    for (char& c : name) {
      c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return std::any_of(extensions.begin(), extensions.end(),
                       [&](const std::string& ext) { return name.ends_with(ext); });
  };
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::exists(p, ec)) {
      return Status::NotFound(p + ": no such file or directory");
    }
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(p, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && !name.starts_with(".") && wanted(name)) {
          found.push_back(entry.path().string());
        }
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(p);
    }
  }
  return out;
}

namespace {

// Decodes one code point of valid UTF-8 at `s[i]`, advancing `i`.
char32_t Decode(std::string_view s, size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
  for (int k = 1; k < len && i + static_cast<size_t>(k) < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3Fu);
  }
  i += static_cast<size_t>(len);
  return cp;
}

int CodePointWidth(char32_t cp) {
  const int w = wcwidth(static_cast<wchar_t>(cp));
  // Combining marks are 0; outside a UTF-8 locale wcwidth answers -1 for non-ASCII, so fall
  // back to 1 (Vietnamese letters are all narrow).
  if (w >= 0) {
    return w;
  }
  if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1DC0 && cp <= 0x1DFF)) {
    return 0;
  }
  return cp < 0x20 ? 0 : 1;
}

}  // namespace

int DisplayWidth(std::string_view s) {
  int width = 0;
  for (size_t i = 0; i < s.size();) {
    width += CodePointWidth(Decode(s, i));
  }
  return width;
}

std::string FitWidth(std::string_view s, int width) {
  std::string out;
  int used = 0;
  const bool fits = DisplayWidth(s) <= width;
  const int budget = fits ? width : width - 1;
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const char32_t cp = Decode(s, i);
    if (cp == '\n') {
      break;
    }
    const int w = CodePointWidth(cp);
    if (used + w > budget) {
      break;
    }
    used += w;
    out.append(s.substr(start, i - start));
  }
  if (!fits) {
    out += "…";
    ++used;
  }
  out.append(static_cast<size_t>(std::max(0, width - used)), ' ');
  return out;
}

}  // namespace khaothi::tools
