// A zip built in memory with libzip, for tests and fuzz targets that need containers the
// products never write (bombs, odd entries) or that wrap fuzzed bytes in a valid package.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <zip.h>

namespace khaothi::testing {

using ZipEntries = std::vector<std::pair<std::string, std::string>>;

// The zip of `entries` in order, each deflated (level 9) or, with `store`, stored; empty when
// libzip fails, which a caller treats as a failed test.
inline std::string MakeZip(const ZipEntries& entries, bool store = false) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (source == nullptr) return "";
  zip_t* zip = zip_open_from_source(source, ZIP_TRUNCATE, &error);
  if (zip == nullptr) {
    zip_source_free(source);
    return "";
  }
  bool ok = true;
  for (const auto& [name, bytes] : entries) {
    zip_source_t* data = zip_source_buffer(zip, bytes.data(), bytes.size(), 0);
    const zip_int64_t index =
        data == nullptr ? -1 : zip_file_add(zip, name.c_str(), data, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(data);
      ok = false;
      break;
    }
    ok = zip_set_file_compression(zip, static_cast<zip_uint64_t>(index),
                                  store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 9) == 0;
    if (!ok) break;
  }
  zip_source_keep(source);
  if (!ok) {
    zip_discard(zip);
    zip_source_free(source);
    return "";
  }
  if (zip_close(zip) != 0) {
    zip_discard(zip);
    zip_source_free(source);
    return "";
  }
  std::string out;
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_source_stat(source, &stat) == 0 && zip_source_open(source) == 0) {
    out.resize(static_cast<size_t>(stat.size));
    if (zip_source_read(source, out.data(), out.size()) != static_cast<zip_int64_t>(out.size())) {
      out.clear();
    }
    zip_source_close(source);
  }
  zip_source_free(source);
  zip_error_fini(&error);
  return out;
}

}  // namespace khaothi::testing
