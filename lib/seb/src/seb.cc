#include "khaothi/seb/seb.h"

#include <algorithm>
#include <cctype>

#include "khaothi/crypto/crypto.h"

namespace khaothi::seb {
namespace {

// The specification's order: case-insensitive, culture-invariant. It asks that no two keys differ
// in case only; the plain comparison breaks such a tie so the order is still total.
bool KeyLess(const std::string& a, const std::string& b) {
  const auto lower = [](unsigned char c) { return static_cast<char>(std::tolower(c)); };
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const char la = lower(static_cast<unsigned char>(a[i]));
    const char lb = lower(static_cast<unsigned char>(b[i]));
    if (la != lb) {
      return static_cast<unsigned char>(la) < static_cast<unsigned char>(lb);
    }
  }
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

bool IsEmptyDict(const Value& v) {
  const auto* d = std::get_if<Value::Dict>(&v.v);
  return d != nullptr && d->empty();
}

void AppendJson(const Value& value, bool root, std::string& out) {
  if (const auto* b = std::get_if<bool>(&value.v)) {
    out += *b ? "true" : "false";
  } else if (const auto* i = std::get_if<int64_t>(&value.v)) {
    out += std::to_string(*i);
  } else if (const auto* s = std::get_if<std::string>(&value.v)) {
    // No escaping: the specification hashes the text as it is, backslashes included.
    out += '"';
    out += *s;
    out += '"';
  } else if (const auto* a = std::get_if<Value::Array>(&value.v)) {
    out += '[';
    bool first = true;
    for (const Value& element : *a) {
      if (!first) {
        out += ',';
      }
      first = false;
      AppendJson(element, false, out);
    }
    out += ']';
  } else {
    const auto& dict = std::get<Value::Dict>(value.v);
    std::vector<const std::pair<std::string, Value>*> entries;
    for (const auto& entry : dict) {
      if (IsEmptyDict(entry.second) || (root && entry.first == "originatorVersion")) {
        continue;
      }
      entries.push_back(&entry);
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto* x, const auto* y) { return KeyLess(x->first, y->first); });
    out += '{';
    bool first = true;
    for (const auto* entry : entries) {
      if (!first) {
        out += ',';
      }
      first = false;
      out += '"';
      out += entry->first;
      out += "\":";
      AppendJson(entry->second, false, out);
    }
    out += '}';
  }
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void AppendXml(const Value& value, int depth, std::string& out) {
  const std::string indent(static_cast<size_t>(depth), '\t');
  if (const auto* b = std::get_if<bool>(&value.v)) {
    out += indent + (*b ? "<true/>\n" : "<false/>\n");
  } else if (const auto* i = std::get_if<int64_t>(&value.v)) {
    out += indent + "<integer>" + std::to_string(*i) + "</integer>\n";
  } else if (const auto* s = std::get_if<std::string>(&value.v)) {
    out += indent + "<string>" + XmlEscape(*s) + "</string>\n";
  } else if (const auto* a = std::get_if<Value::Array>(&value.v)) {
    if (a->empty()) {
      out += indent + "<array/>\n";
      return;
    }
    out += indent + "<array>\n";
    for (const Value& element : *a) {
      AppendXml(element, depth + 1, out);
    }
    out += indent + "</array>\n";
  } else {
    const auto& dict = std::get<Value::Dict>(value.v);
    out += indent + "<dict>\n";
    for (const auto& [key, element] : dict) {
      out += indent + "\t<key>" + XmlEscape(key) + "</key>\n";
      AppendXml(element, depth + 1, out);
    }
    out += indent + "</dict>\n";
  }
}

}  // namespace

std::string SebJson(const Value& settings) {
  std::string out;
  AppendJson(settings, true, out);
  return out;
}

std::string ConfigKey(const Value& settings) { return crypto::Sha256Hex(SebJson(settings)); }

std::string PlistXml(const Value& settings) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
      "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
      "<plist version=\"1.0\">\n";
  AppendXml(settings, 0, out);
  out += "</plist>\n";
  return out;
}

std::string RequestHash(std::string_view absolute_url, std::string_view config_key) {
  const std::string_view url = absolute_url.substr(0, absolute_url.find('#'));
  std::string text(url);
  text += config_key;
  return crypto::Sha256Hex(text);
}

bool RequestHashMatches(std::string_view absolute_url, std::string_view config_key,
                        std::string_view header) {
  if (config_key.empty() || header.empty()) {
    return false;
  }
  std::string received(header);
  std::transform(received.begin(), received.end(), received.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return crypto::SecretsEqual(received, RequestHash(absolute_url, config_key));
}

std::string StationOrigin(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  if (!url.starts_with(kScheme)) {
    return "";
  }
  const size_t end = url.find_first_of("/?#", kScheme.size());
  const std::string_view authority =
      url.substr(kScheme.size(), end == std::string_view::npos ? url.npos : end - kScheme.size());
  const bool plain =
      !authority.empty() && std::all_of(authority.begin(), authority.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' ||
               c == ':' || c == '[' || c == ']';
      });
  return plain ? std::string(kScheme) + std::string(authority) : "";
}

// One Windows application the practical needs, as SEB for Windows lists a permitted process.
Value OfficeApplication(const char* title, const char* executable) {
  return Value(Value::Dict{
      {"active", true},
      // Found at its usual place, or pointed at by the candidate or technician once.
      {"allowUserToChooseApp", true},
      {"arguments", Value::Array{}},
      {"autostart", false},
      {"description", ""},
      {"executable", executable},
      {"iconInTaskbar", true},
      {"identifier", ""},
      {"originalName", executable},
      {"os", 1},  // Windows
      {"path", ""},
      {"runInBackground", false},
      {"strongKill", false},
      {"title", title},
      {"windowHandlingProcess", ""},
  });
}

Value StationSeb(const StationSettings& station) {
  const std::string origin = StationOrigin(station.start_url);
  Value::Array applications;
  if (station.practical) {
    applications = {OfficeApplication("Microsoft Word", "WINWORD.EXE"),
                    OfficeApplication("Microsoft Excel", "EXCEL.EXE"),
                    OfficeApplication("Microsoft PowerPoint", "POWERPNT.EXE"),
                    OfficeApplication("LibreOffice", "soffice.exe")};
  }
  const auto allow = [](std::string expression) {
    return Value(Value::Dict{
        {"action", 1}, {"active", true}, {"expression", std::move(expression)}, {"regex", false}});
  };
  return Value(Value::Dict{
      // 0: the file starts an exam; it does not reconfigure the client for good.
      {"sebConfigPurpose", 0},
      {"startURL", station.start_url},
      {"quitURL", station.quit_url},
      // The candidate quits through the page's link after submission, with no password.
      {"quitURLConfirm", false},
      {"allowQuit", true},
      {"sendBrowserExamKey", true},
      // "Prefer modern in new tab and different host": the station's pages open in the engine
      // that sends the key headers (SEB for macOS/iOS; SEB for Windows always sends them).
      {"browserWindowWebView", 2},
      {"URLFilterEnable", true},
      {"URLFilterEnableContentFilter", false},
      {"URLFilterRules", Value::Array{allow(origin), allow(origin + "/*")}},
      {"newBrowserWindowByLinkPolicy", 0},
      {"newBrowserWindowByScriptPolicy", 0},
      {"browserWindowAllowReload", true},
      {"allowBrowsingBackForward", false},
      {"enableRightMouse", false},
      {"allowSpellCheck", false},
      {"allowDictionaryLookup", false},
      // The practical's task files come down and its work goes up through the page.
      {"allowDownUploads", station.practical},
      {"allowScreenSharing", false},
      {"allowVirtualMachine", false},
      {"allowSwitchToApplications", station.practical},
      {"allowFlashFullscreen", false},
      {"enablePrintScreen", false},
      {"enablePrivateClipboard", true},
      {"permittedProcesses", std::move(applications)},
      {"allowPreferencesWindow", false},
  });
}

}  // namespace khaothi::seb
