#include "khaothi/bank/import.h"

#include "khaothi/bank/aiken.h"
#include "khaothi/bank/gift.h"
#include "khaothi/bank/native.h"
#include "khaothi/bank/qti.h"

namespace khaothi::bank {

std::optional<Format> ParseFormatName(std::string_view name) {
  for (Format f : {Format::kAuto, Format::kNative, Format::kGift, Format::kAiken, Format::kQti}) {
    if (FormatName(f) == name) {
      return f;
    }
  }
  return std::nullopt;
}

std::string_view FormatName(Format f) {
  switch (f) {
    case Format::kAuto:
      return "auto";
    case Format::kNative:
      return "native";
    case Format::kGift:
      return "gift";
    case Format::kAiken:
      return "aiken";
    case Format::kQti:
      return "qti";
  }
  return "?";
}

std::optional<Format> DetectFormat(std::string_view file_name, std::string_view bytes) {
  auto ends = [&](std::string_view ext) {
    if (file_name.size() < ext.size()) {
      return false;
    }
    std::string_view tail = file_name.substr(file_name.size() - ext.size());
    for (size_t i = 0; i < ext.size(); ++i) {
      const char c = tail[i];
      if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != ext[i]) {
        return false;
      }
    }
    return true;
  };
  if (ends(".bank")) {
    return Format::kNative;
  }
  if (ends(".gift")) {
    return Format::kGift;
  }
  if (ends(".zip") || ends(".xml")) {
    return Format::kQti;
  }
  if (ends(".txt")) {
    if (bytes.find("ANSWER:") != std::string_view::npos) {
      return Format::kAiken;
    }
    if (bytes.find('{') != std::string_view::npos) {
      return Format::kGift;
    }
  }
  return std::nullopt;
}

ParsedBank ParseSource(std::string_view bytes, std::string_view file, Format format,
                       const ImportDefaults& defaults) {
  if (format == Format::kAuto) {
    std::optional<Format> detected = DetectFormat(file, bytes);
    if (!detected) {
      ParsedBank out;
      out.diagnostics.push_back(
          {Severity::kError, std::string(file), 0,
           "cannot tell the format of this file; name it .bank, .gift, .txt (Aiken), .xml or "
           ".zip (QTI), or give --format"});
      return out;
    }
    format = *detected;
  }
  switch (format) {
    case Format::kNative:
      return ParseNative(bytes, file);
    case Format::kGift:
      return ParseGift(bytes, file, defaults);
    case Format::kAiken:
      return ParseAiken(bytes, file, defaults);
    case Format::kQti:
      return bytes.starts_with("PK") ? ParseQtiPackage(bytes, file, defaults)
                                     : ParseQtiItem(bytes, file, defaults);
    case Format::kAuto:
      break;
  }
  return {};
}

}  // namespace khaothi::bank
