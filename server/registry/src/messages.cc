#include "khaothi/registry/messages.h"

namespace khaothi::registry {
namespace {

// The markers of khaothi/centre/centre.h, so a message of either library reads the same way.
constexpr char kOpen = '\x0e';
constexpr char kSeparator = '\x1f';
constexpr char kClose = '\x0f';

}  // namespace

std::string Bilingual(std::string_view vi, std::string_view en) {
  std::string out;
  out.reserve(vi.size() + en.size() + 3);
  out += kOpen;
  out += vi;
  out += kSeparator;
  out += en;
  out += kClose;
  return out;
}

std::string Localize(std::string_view message, bool english) {
  std::string out;
  out.reserve(message.size());
  size_t i = 0;
  while (i < message.size()) {
    const size_t open = message.find(kOpen, i);
    const size_t sep =
        open == std::string_view::npos ? std::string_view::npos : message.find(kSeparator, open);
    const size_t close =
        sep == std::string_view::npos ? std::string_view::npos : message.find(kClose, sep);
    if (close == std::string_view::npos) {
      out.append(message.substr(i));
      break;
    }
    out.append(message.substr(i, open - i));
    out.append(english ? message.substr(sep + 1, close - sep - 1)
                       : message.substr(open + 1, sep - open - 1));
    i = close + 1;
  }
  return out;
}

}  // namespace khaothi::registry
