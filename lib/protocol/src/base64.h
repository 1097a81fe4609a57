// Base64 (RFC 4648 §4, with padding) for the bytes of a file chunk in a JSON message.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace khaothi::protocol {

std::string Base64Encode(std::string_view bytes);
// The bytes, or nullopt unless `text` is canonical base64: a multiple of 4 characters of the
// standard alphabet, '=' only as the last one or two, and the unused bits of the last group 0.
// Only the canonical spelling is accepted so that every chunk has exactly one spelling.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace khaothi::protocol
