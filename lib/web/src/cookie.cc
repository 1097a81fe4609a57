#include "khaothi/web/cookie.h"

namespace khaothi::web {

Params ParseCookies(std::string_view header) {
  Params out;
  while (!header.empty()) {
    const size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) {
      pair.remove_prefix(1);
    }
    while (!pair.empty() && (pair.back() == ' ' || pair.back() == '\t')) {
      pair.remove_suffix(1);
    }
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && eq > 0) {
      out[std::string(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
    }
  }
  return out;
}

}  // namespace khaothi::web
