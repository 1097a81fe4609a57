// The registry's messages in two languages. The operator reads khaothi-registry in Vietnamese
// by default and in English with `--lang en`; a centre's staff read the reasons a push was
// refused. Messages of this library carry both languages in the convention of the centre's
// library (khaothi/centre/centre.h Bilingual): each piece is '\x0e' Vietnamese '\x1f' English
// '\x0f', so pieces concatenate with names and numbers, and Localize picks one language.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace khaothi::registry {

// One bilingual piece of a message.
std::string Bilingual(std::string_view vi, std::string_view en);
// `message` with every bilingual piece replaced by its English (`english`) or Vietnamese text;
// plain text passes through unchanged.
std::string Localize(std::string_view message, bool english);

}  // namespace khaothi::registry
