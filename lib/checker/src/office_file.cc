#include "khaothi/checker/office_file.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include <zip.h>

#include "khaothi/checker/limits.h"

#include "xml_internal.h"

namespace khaothi::checker {

std::string_view FamilyName(Family family) {
  return family == Family::kOoxml ? "OOXML" : "OpenDocument";
}

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kDocument:
      return "document";
    case Kind::kWorkbook:
      return "workbook";
    case Kind::kPresentation:
      return "presentation";
  }
  return "?";
}

Status CannotCheck(std::string_view vi, std::string_view en) {
  return Status::InvalidArgument("không chấm tự động được: " + std::string(vi) +
                                 " — cannot be checked automatically: " + std::string(en));
}

Status OverLimit(std::string_view vi, std::string_view en) {
  return Status::ResourceExhausted("không chấm tự động được: " + std::string(vi) +
                                   " — cannot be checked automatically: " + std::string(en));
}

const std::string* OfficeFile::Part(std::string_view name) const {
  const auto it = parts_.find(name);
  return it == parts_.end() ? nullptr : &it->second;
}

namespace {

constexpr std::string_view kZipMagic("PK\x03\x04", 4);
constexpr std::string_view kEmptyZipMagic("PK\x05\x06", 4);
constexpr std::string_view kCfbMagic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

// A CFB (OLE2) file is either an encrypted OOXML file — its streams are "EncryptionInfo" and
// "EncryptedPackage", names stored in UTF-16LE in the directory — or an old binary .doc/.xls/.ppt.
Status RefuseCfb(std::string_view bytes) {
  std::string utf16;
  for (const char c : std::string_view("EncryptedPackage")) {
    utf16 += c;
    utf16 += '\0';
  }
  if (bytes.find(utf16) != std::string_view::npos) {
    return CannotCheck("tệp được đặt mật khẩu (mã hóa)",
                       "the file is password-protected (encrypted)");
  }
  return CannotCheck(
      "định dạng nhị phân cũ (.doc/.xls/.ppt), hãy lưu lại dạng .docx/.xlsx/.pptx hoặc ODF",
      "an old binary format (.doc/.xls/.ppt); save it as .docx/.xlsx/.pptx or ODF");
}

struct ZipDiscard {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipDiscard>;

// Only the XML parts (and ODF's mimetype) are kept; images and other media are counted but not
// read, since no check looks inside them byte by byte.
bool KeepsText(std::string_view name) {
  return name.ends_with(".xml") || name.ends_with(".rels") || name == "mimetype";
}

Result<std::string> ReadEntry(zip_t* zip, zip_uint64_t index, zip_uint64_t declared,
                              std::string_view name) {
  zip_file_t* f = zip_fopen_index(zip, index, 0);
  if (f == nullptr) {
    return CannotCheck(
        "không đọc được " + std::string(name) + " trong tệp zip (" + zip_strerror(zip) + ")",
        "cannot read " + std::string(name) + " in the zip (" + zip_strerror(zip) + ")");
  }
  std::string out;
  // A declared size is a claim, not a fact: reserve no more than a real part needs.
  out.reserve(static_cast<size_t>(std::min<zip_uint64_t>(declared, 4u << 20)));
  char buf[16384];
  for (;;) {
    const zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0) {
      const std::string why = zip_file_strerror(f);
      zip_fclose(f);
      return CannotCheck("tệp zip hỏng ở " + std::string(name) + " (" + why + ")",
                         "corrupt zip at " + std::string(name) + " (" + why + ")");
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    // libzip stops at the declared size; this guards a lying header all the same.
    if (out.size() > declared) {
      zip_fclose(f);
      return OverLimit("kích thước giải nén sai ở " + std::string(name),
                       "uncompressed size mismatch at " + std::string(name));
    }
  }
  zip_fclose(f);
  return out;
}

// The OOXML main part and its kind, from [Content_Types].xml; refuses macro-enabled types.
Status ReadOoxmlTypes(const std::string& types, std::string& main_part, Kind& kind) {
  pugi::xml_document doc;
  if (Status s = internal::ParseXml(types, "[Content_Types].xml", doc); !s.ok()) return s;
  const pugi::xml_node root = internal::Child(doc, "Types");
  for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
    const std::string_view type = internal::Attr(n, "ContentType").value();
    if (type.find("macroEnabled") != std::string_view::npos ||
        type.find("vbaProject") != std::string_view::npos) {
      return CannotCheck("tệp có macro (.docm/.xlsm/.pptm)",
                         "the file contains macros (.docm/.xlsm/.pptm)");
    }
    if (internal::LocalName(n.name()) != "Override") continue;
    std::string part = internal::Attr(n, "PartName").value();
    if (part.starts_with('/')) part.erase(0, 1);
    if (type.starts_with(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main") ||
        type.starts_with(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main")) {
      main_part = part;
      kind = Kind::kDocument;
    } else if (type.starts_with(
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main") ||
               type.starts_with(
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main")) {
      main_part = part;
      kind = Kind::kWorkbook;
    } else if (type.starts_with(
                   "application/"
                   "vnd.openxmlformats-officedocument.presentationml.presentation.main") ||
               type.starts_with(
                   "application/vnd.openxmlformats-officedocument.presentationml.template.main")) {
      main_part = part;
      kind = Kind::kPresentation;
    }
  }
  if (main_part.empty()) {
    return CannotCheck("không thấy phần chính của tài liệu Office",
                       "no Office main part in the package");
  }
  return Status::Ok();
}

Status ReadOdfType(const std::string& mimetype, Kind& kind) {
  if (mimetype == "application/vnd.oasis.opendocument.text" ||
      mimetype == "application/vnd.oasis.opendocument.text-template") {
    kind = Kind::kDocument;
  } else if (mimetype == "application/vnd.oasis.opendocument.spreadsheet" ||
             mimetype == "application/vnd.oasis.opendocument.spreadsheet-template") {
    kind = Kind::kWorkbook;
  } else if (mimetype == "application/vnd.oasis.opendocument.presentation" ||
             mimetype == "application/vnd.oasis.opendocument.presentation-template") {
    kind = Kind::kPresentation;
  } else {
    return CannotCheck("loại OpenDocument không hỗ trợ: " + mimetype.substr(0, 80),
                       "unsupported OpenDocument type: " + mimetype.substr(0, 80));
  }
  return Status::Ok();
}

}  // namespace

Result<OfficeFile> OfficeFile::Open(std::string_view bytes) {
  if (static_cast<int64_t>(bytes.size()) > kMaxFileBytes) {
    return OverLimit("tệp quá lớn", "the file is too large");
  }
  if (bytes.starts_with(kCfbMagic)) return RefuseCfb(bytes);
  if (!bytes.starts_with(kZipMagic) && !bytes.starts_with(kEmptyZipMagic)) {
    return CannotCheck("không phải tệp Office (docx/xlsx/pptx) hay OpenDocument (odt/ods/odp)",
                       "not an Office Open XML or OpenDocument file");
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return CannotCheck("không mở được tệp zip (" + why + ")", "cannot open the zip (" + why + ")");
  }
  ZipPtr zip(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (zip == nullptr) {
    zip_source_free(source);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return CannotCheck("tệp zip hỏng hoặc bị cắt cụt (" + why + ")",
                       "a corrupt or truncated zip (" + why + ")");
  }
  zip_error_fini(&error);

  const zip_int64_t entries = zip_get_num_entries(zip.get(), 0);
  if (entries < 0 || entries > kMaxEntries) {
    return OverLimit("tệp zip có quá nhiều mục", "too many entries in the zip");
  }
  OfficeFile file;
  int64_t total = 0;
  for (zip_int64_t i = 0; i < entries; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip.get(), index, 0, &st) != 0 || (st.valid & ZIP_STAT_NAME) == 0 ||
        (st.valid & ZIP_STAT_SIZE) == 0 || (st.valid & ZIP_STAT_COMP_SIZE) == 0) {
      return CannotCheck("mục zip hỏng", "a corrupt zip entry");
    }
    const std::string name = st.name;
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && st.encryption_method != ZIP_EM_NONE) {
      return CannotCheck("tệp được đặt mật khẩu (mục zip mã hóa)",
                         "the file is password-protected (encrypted zip entry)");
    }
    // Each size is checked before it is added, so the sum cannot overflow.
    const bool too_big = st.size > static_cast<zip_uint64_t>(kMaxTotalUncompressedBytes);
    if (!too_big) total += static_cast<int64_t>(st.size);
    if (too_big || total > kMaxTotalUncompressedBytes) {
      return OverLimit("dung lượng giải nén quá lớn (nghi zip bomb)",
                       "too many uncompressed bytes (a zip bomb?)");
    }
    if (static_cast<int64_t>(st.size) > kRatioFloorBytes &&
        st.size / std::max<zip_uint64_t>(st.comp_size, 1) >
            static_cast<zip_uint64_t>(kMaxCompressionRatio)) {
      return OverLimit("tỉ lệ nén bất thường ở " + name + " (nghi zip bomb)",
                       "an abnormal compression ratio at " + name + " (a zip bomb?)");
    }
    // A macro project in either family.
    if (name.ends_with("vbaProject.bin") || name.starts_with("Basic/") ||
        name.starts_with("Scripts/")) {
      return CannotCheck("tệp có macro", "the file contains macros");
    }
    file.entry_names_.push_back(name);
    if (!KeepsText(name)) continue;
    Result<std::string> text = ReadEntry(zip.get(), index, st.size, name);
    if (!text.ok()) return text.status();
    file.parts_.emplace(name, std::move(text).value());
  }

  if (const std::string* mimetype = file.Part("mimetype"); mimetype != nullptr) {
    file.family_ = Family::kOdf;
    if (Status s = ReadOdfType(*mimetype, file.kind_); !s.ok()) return s;
    if (const std::string* manifest = file.Part("META-INF/manifest.xml"); manifest != nullptr) {
      pugi::xml_document doc;
      if (Status s = internal::ParseXml(*manifest, "META-INF/manifest.xml", doc); !s.ok()) return s;
      if (manifest->find("encryption-data") != std::string::npos) {
        return CannotCheck("tệp được đặt mật khẩu (mã hóa)",
                           "the file is password-protected (encrypted)");
      }
    }
    file.main_part_ = "content.xml";
    if (file.Part("content.xml") == nullptr) {
      return CannotCheck("thiếu content.xml", "content.xml is missing");
    }
    return file;
  }
  if (const std::string* types = file.Part("[Content_Types].xml"); types != nullptr) {
    file.family_ = Family::kOoxml;
    if (Status s = ReadOoxmlTypes(*types, file.main_part_, file.kind_); !s.ok()) return s;
    if (file.Part(file.main_part_) == nullptr) {
      return CannotCheck("thiếu phần chính " + file.main_part_,
                         "the main part " + file.main_part_ + " is missing");
    }
    return file;
  }
  return CannotCheck("tệp zip không phải tài liệu Office hay OpenDocument",
                     "a zip that is neither Office Open XML nor OpenDocument");
}

}  // namespace khaothi::checker
