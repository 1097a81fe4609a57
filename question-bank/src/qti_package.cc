// The IMS content package: reading a zip of QTI items through its imsmanifest.xml (refusing
// unsafe paths and zip bombs before anything is read) and writing one, byte for byte the same for
// the same items.
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <zip.h>

#include "khaothi/bank/qti.h"
#include "khaothi/bank/text.h"

#include "format_internal.h"
#include "qti_internal.h"

namespace khaothi::bank {
namespace {

using engine::Item;
using qti::Child;
using qti::Descendants;
using qti::kCpNamespace;
using qti::kItemResourceType;
using qti::kKhaothiNamespace;
using qti::NamespaceOf;
using qti::ReadItem;
using qti::Save;

// No single entry of a package may inflate beyond this (a zip bomb is refused, not read).
constexpr zip_uint64_t kMaxEntryBytes = 16u << 20;
constexpr zip_int64_t kMaxEntries = 100000;

// A path inside a package that could write or read outside it.
bool UnsafePath(std::string_view path) {
  if (path.empty() || path[0] == '/' || path[0] == '\\' || (path.size() >= 2 && path[1] == ':')) {
    return true;
  }
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find_first_of("/\\", pos);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    if (path.substr(pos, end - pos) == "..") {
      return true;
    }
    pos = end + 1;
  }
  return false;
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

// The bytes of entry `index`, or an error message.
Result<std::string> ReadEntry(zip_t* zip, zip_uint64_t index) {
  zip_file_t* f = zip_fopen_index(zip, index, 0);
  if (f == nullptr) {
    return Status::Corruption(zip_strerror(zip));
  }
  std::string out;
  char buf[65536];
  while (true) {
    const zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0) {
      const std::string why = zip_file_strerror(f);
      zip_fclose(f);
      return Status::Corruption(why);
    }
    if (n == 0) {
      break;
    }
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > kMaxEntryBytes) {
      zip_fclose(f);
      return Status::ResourceExhausted("the entry inflates beyond " +
                                       std::to_string(kMaxEntryBytes >> 20) + " MiB");
    }
  }
  if (zip_fclose(f) != 0) {
    return Status::Corruption("CRC or length mismatch");
  }
  return out;
}

}  // namespace

ParsedBank ParseQtiPackage(std::string_view zip_bytes, std::string_view file,
                           const ImportDefaults& defaults) {
  ParsedBank out;
  const std::string name(file);
  auto fail = [&out, &name](std::string message) {
    out.diagnostics.push_back({Severity::kError, name, 0, std::move(message)});
    return std::move(out);
  };
  if (zip_bytes.empty()) {
    return fail("the file is empty");
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error);
  if (source == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return fail("cannot read the package: " + why);
  }
  ZipPtr zip(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (!zip) {
    zip_source_free(source);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return fail("not a readable zip archive (truncated or corrupt?): " + why);
  }
  zip_error_fini(&error);

  const zip_int64_t entries = zip_get_num_entries(zip.get(), 0);
  if (entries < 0 || entries > kMaxEntries) {
    return fail("the package has too many entries");
  }
  // Refuse the whole package before reading anything if one entry could escape it.
  std::map<std::string, zip_uint64_t> index_of;
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* entry = zip_get_name(zip.get(), static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS);
    if (entry == nullptr) {
      return fail("unreadable entry name in the package");
    }
    if (UnsafePath(entry)) {
      return fail("refusing the package: entry '" + std::string(entry) +
                  "' has an absolute path or a '..' component");
    }
    index_of.emplace(entry, static_cast<zip_uint64_t>(i));
  }
  const auto manifest_it = index_of.find("imsmanifest.xml");
  if (manifest_it == index_of.end()) {
    return fail("not an IMS content package: no imsmanifest.xml at the root");
  }
  const Result<std::string> manifest_bytes = ReadEntry(zip.get(), manifest_it->second);
  if (!manifest_bytes.ok()) {
    return fail("cannot read imsmanifest.xml: " + manifest_bytes.status().message());
  }
  const std::string manifest_file = name + "!/imsmanifest.xml";
  if (FindInvalidUtf8(*manifest_bytes) != std::string_view::npos) {
    out.diagnostics.push_back(
        {Severity::kError, manifest_file, 0, "imsmanifest.xml is not valid UTF-8"});
    return out;
  }
  pugi::xml_document manifest;
  const pugi::xml_parse_result parsed = manifest.load_buffer(
      manifest_bytes->data(), manifest_bytes->size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    out.diagnostics.push_back(
        {Severity::kError, manifest_file,
         parsed.offset < 0 ? 0 : LineOfOffset(*manifest_bytes, static_cast<size_t>(parsed.offset)),
         std::string("malformed XML: ") + parsed.description()});
    return out;
  }
  std::vector<pugi::xml_node> resources;
  Descendants(Child(manifest.document_element(), "resources"), "resource", resources);
  int item_count = 0;
  for (const pugi::xml_node& resource : resources) {
    if (std::string_view(resource.attribute("type").value()) != kItemResourceType) {
      continue;
    }
    ++item_count;
    std::string href = resource.attribute("href").value();
    if (href.empty()) {
      if (const pugi::xml_node f = Child(resource, "file")) {
        href = f.attribute("href").value();
      }
    }
    const int line = LineOfOffset(*manifest_bytes, static_cast<size_t>(resource.offset_debug()));
    if (UnsafePath(href)) {
      out.diagnostics.push_back(
          {Severity::kError, manifest_file, line,
           "resource href '" + href + "' is empty, absolute or has a '..' component"});
      continue;
    }
    auto it = index_of.find(href);
    if (it == index_of.end()) {
      // An href is a URI reference: try it percent-decoded ("items/Q%201.xml").
      if (auto decoded = PercentDecode(href)) {
        it = index_of.find(*decoded);
      }
    }
    if (it == index_of.end()) {
      out.diagnostics.push_back({Severity::kError, manifest_file, line,
                                 "resource href '" + href + "' is not in the package"});
      continue;
    }
    const std::string item_file = name + "!/" + href;
    const Result<std::string> xml = ReadEntry(zip.get(), it->second);
    if (!xml.ok()) {
      out.diagnostics.push_back(
          {Severity::kError, item_file, 0, "cannot read: " + xml.status().message()});
      continue;
    }
    pugi::xml_node metadata;
    std::vector<pugi::xml_node> candidates;
    Descendants(Child(resource, "metadata"), "item", candidates);
    for (const pugi::xml_node& c : candidates) {
      if (NamespaceOf(c) == kKhaothiNamespace) {
        metadata = c;
        break;
      }
    }
    if (std::optional<Item> item = ReadItem(*xml, item_file, defaults, metadata, out)) {
      out.items.push_back({std::move(*item), item_file, 1});
    }
  }
  if (item_count == 0) {
    out.diagnostics.push_back(
        {Severity::kError, manifest_file, 0,
         std::string("the manifest lists no resource of type ") + kItemResourceType});
  }
  return out;
}

Result<std::string> WriteQtiPackage(const std::vector<Item>& items) {
  // The manifest and item files; they must outlive the zip handle, which reads them on close.
  std::vector<std::pair<std::string, std::string>> files;
  pugi::xml_document manifest;
  manifest.append_child(pugi::node_declaration).append_attribute("version") = "1.0";
  manifest.first_child().append_attribute("encoding") = "UTF-8";
  pugi::xml_node root = manifest.append_child("manifest");
  root.append_attribute("xmlns") = kCpNamespace;
  root.append_attribute("xmlns:kt") = kKhaothiNamespace;
  root.append_attribute("identifier") = "MANIFEST-KHAOTHI";
  root.append_child("organizations");
  pugi::xml_node resources = root.append_child("resources");
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& item = items[i];
    char href[32];
    std::snprintf(href, sizeof href, "items/Q%04zu.xml", i + 1);
    pugi::xml_node resource = resources.append_child("resource");
    resource.append_attribute("identifier") = ("RES-" + std::to_string(i + 1)).c_str();
    resource.append_attribute("type") = kItemResourceType;
    resource.append_attribute("href") = href;
    pugi::xml_node meta = resource.append_child("metadata").append_child("kt:item");
    meta.append_attribute("id") = item.id.c_str();
    if (item.version != 0) {
      meta.append_attribute("version") = item.version;
    }
    if (!item.name.empty()) {
      meta.append_attribute("name") = item.name.c_str();
    }
    // Always written, empty or not, so that an empty field is not filled from import defaults.
    meta.append_attribute("module") = item.module.c_str();
    meta.append_attribute("topic") = item.topic.c_str();
    meta.append_attribute("difficulty") =
        item.difficulty ? std::string(engine::ToString(*item.difficulty)).c_str() : "";
    meta.append_attribute("status") = std::string(engine::ToString(item.status)).c_str();
    if (!item.exclusion_group.empty()) {
      meta.append_attribute("group") = item.exclusion_group.c_str();
    }
    if (item.software != engine::Software::kAny) {
      meta.append_attribute("software") = std::string(engine::ToString(item.software)).c_str();
    }
    resource.append_child("file").append_attribute("href") = href;
    files.emplace_back(href, WriteQtiItem(item));
  }
  files.emplace(files.begin(), "imsmanifest.xml", Save(manifest));

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (source == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Status::IoError("cannot create a zip buffer: " + why);
  }
  zip_t* zip = zip_open_from_source(source, ZIP_TRUNCATE, &error);
  if (zip == nullptr) {
    zip_source_free(source);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Status::IoError("cannot open a zip buffer: " + why);
  }
  zip_error_fini(&error);
  // A fixed timestamp (2020-01-01 00:00) so that the same items give the same bytes.
  constexpr zip_uint16_t kDosDate = ((2020 - 1980) << 9) | (1 << 5) | 1;
  for (const auto& [path, bytes] : files) {
    zip_source_t* data = zip_source_buffer(zip, bytes.data(), bytes.size(), 0);
    const zip_int64_t index =
        data == nullptr ? -1 : zip_file_add(zip, path.c_str(), data, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (data != nullptr) {
        zip_source_free(data);
      }
      const std::string why = zip_strerror(zip);
      zip_discard(zip);
      return Status::IoError("cannot add " + path + " to the zip: " + why);
    }
    zip_file_set_dostime(zip, static_cast<zip_uint64_t>(index), 0, kDosDate, 0);
  }
  zip_source_keep(source);
  if (zip_close(zip) != 0) {
    const std::string why = zip_strerror(zip);
    zip_discard(zip);
    zip_source_free(source);
    return Status::IoError("cannot write the zip: " + why);
  }
  zip_stat_t stat;
  zip_stat_init(&stat);
  std::string out;
  if (zip_source_stat(source, &stat) != 0 || (stat.valid & ZIP_STAT_SIZE) == 0 ||
      zip_source_open(source) != 0) {
    zip_source_free(source);
    return Status::IoError("cannot read back the zip buffer");
  }
  out.resize(static_cast<size_t>(stat.size));
  const zip_int64_t n = zip_source_read(source, out.data(), stat.size);
  zip_source_close(source);
  zip_source_free(source);
  if (n < 0 || static_cast<zip_uint64_t>(n) != stat.size) {
    return Status::IoError("cannot read back the zip buffer");
  }
  return out;
}

}  // namespace khaothi::bank
