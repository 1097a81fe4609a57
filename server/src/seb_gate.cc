#include "seb_gate.h"

#include <algorithm>
#include <utility>

#include "khaothi/centre/centre.h"
#include "khaothi/seb/seb.h"
#include "khaothi/web/headers.h"
#include "khaothi/web/html.h"
#include "khaothi/web/url.h"

namespace khaothi::server {
namespace {

namespace http = boost::beast::http;

constexpr int64_t kReadEveryMs = 1000;

// The refusal: a page that says what to do, with nothing to fill in and nothing to run.
SebGate::HttpResponse Refusal(const SebGate::HttpRequest& request, http::status status, bool en,
                              std::string_view reason_vi, std::string_view reason_en) {
  const std::string title = en ? "Safe Exam Browser is required" : "Cần mở bằng Safe Exam Browser";
  std::string body = "<!doctype html>\n<html lang=\"" + std::string(en ? "en" : "vi") +
                     "\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                     "content=\"width=device-width, initial-scale=1\"><title>" +
                     title + "</title></head>\n<body>\n<main>\n<h1>" + title + "</h1>\n<p>";
  body += web::HtmlEscape(en ? reason_en : reason_vi);
  body += "</p>\n<p>";
  body += en ? "This exam can only be taken in Safe Exam Browser started with the centre's "
               "<code>.seb</code> file. Close this browser and open the <code>.seb</code> file "
               "the technician gave you (desktop shortcut, USB stick or shared folder), or ask "
               "the proctor."
             : "Bài thi này chỉ làm được trong Safe Exam Browser mở bằng tệp <code>.seb</code> "
               "của trung tâm. Hãy đóng trình duyệt này và mở tệp <code>.seb</code> mà kỹ thuật "
               "viên đã cung cấp (biểu tượng trên màn hình, USB hoặc thư mục dùng chung), hoặc "
               "báo cán bộ coi thi.";
  body += "</p>\n<p><a href=\"?lang=";
  body += en ? "vi\">Tiếng Việt" : "en\">English";
  body += "</a></p>\n</main>\n</body>\n</html>\n";
  SebGate::HttpResponse res{status, request.version()};
  res.set(http::field::content_type, "text/html; charset=utf-8");
  for (const web::Header& h : web::SecurityHeaders()) {
    res.set(h.name, h.value);
  }
  res.set(http::field::cache_control, "no-store");
  res.body() = std::move(body);
  return res;
}

// Whether `url` is an https URL of `host` whose path is under /thi/.
bool IsStationPage(std::string_view url, std::string_view host) {
  const std::string origin = "https://" + std::string(host);
  return url.starts_with(origin) && url.substr(origin.size()).starts_with("/thi/");
}

}  // namespace

SebGate::SebGate(std::string db_path, const engine::Clock& clock)
    : db_path_(std::move(db_path)), clock_(clock) {}

bool SebGate::Guards(std::string_view target) {
  const std::string_view path = web::TargetPath(target);
  return path == "/thi" || path.starts_with("/thi/") || path == "/ws";
}

bool SebGate::IsCandidateSocket(std::string_view target) {
  return web::TargetPath(target) == "/ws";
}

Result<std::vector<SebGate::Key>> SebGate::Keys() {
  const int64_t now = clock_.Now().time_since_epoch().count();
  std::lock_guard lock(mu_);
  if (read_ms_ >= 0 && now - read_ms_ < kReadEveryMs && now >= read_ms_) {
    return keys_;
  }
  if (!db_) {
    Result<store::Database> db = store::Database::Open(db_path_, false);
    if (!db.ok()) {
      return db.status();
    }
    db_.emplace(std::move(db).value());
  }
  Result<std::vector<centre::SessionSeb>> sessions = centre::OpenSessionsWithSeb(*db_);
  if (!sessions.ok()) {
    return sessions.status();
  }
  keys_.clear();
  for (const centre::SessionSeb& s : *sessions) {
    keys_.push_back({.config_key = s.config_key, .required = s.required});
  }
  read_ms_ = now;
  return keys_;
}

SebGate::Verdict SebGate::Check(const HttpRequest& request, bool upgrade) {
  const std::string_view target = request.target();
  Verdict verdict;
  if (!Guards(target)) {
    return verdict;
  }
  verdict.client =
      request.count(http::field::origin) != 0 ? ClientKind::kBrowser : ClientKind::kTerminal;
  const web::Params query = web::TargetQuery(target);
  const auto lang = query.find("lang");
  const bool en = lang != query.end() && lang->second == "en";
  Result<std::vector<Key>> keys = Keys();
  if (!keys.ok()) {
    verdict.refusal = Refusal(request, http::status::service_unavailable, en,
                              "Máy chủ không đọc được cài đặt Safe Exam Browser của ca thi.",
                              "The server cannot read the sessions' Safe Exam Browser setting.");
    return verdict;
  }
  const std::string host(request[http::field::host]);
  const std::string header(request["X-SafeExamBrowser-ConfigKeyHash"]);
  std::vector<std::string> urls = {"https://" + host + std::string(target)};
  if (upgrade) {
    urls.push_back("wss://" + host + std::string(target));
  }
  const auto seb_url = query.find("seb_url");
  const auto seb_ck = query.find("seb_ck");
  const bool js_api = upgrade && seb_url != query.end() && seb_ck != query.end() &&
                      IsStationPage(seb_url->second, host);
  // The door opens to the key of a session that requires SEB; the tile shows any session's.
  bool required = false;
  bool passes = false;
  for (const Key& key : *keys) {
    required = required || key.required;
    bool proven =
        js_api && seb::RequestHashMatches(seb_url->second, key.config_key, seb_ck->second);
    for (const std::string& url : urls) {
      proven = proven || (!host.empty() && seb::RequestHashMatches(url, key.config_key, header));
    }
    if (proven) {
      verdict.client = ClientKind::kSeb;
      passes = passes || key.required;
    }
  }
  if (!required || passes) {
    return verdict;
  }
  const bool sent = !header.empty() || (upgrade && seb_ck != query.end());
  verdict.refusal = Refusal(
      request, http::status::forbidden, en,
      sent ? "Safe Exam Browser này không được mở bằng tệp .seb của ca thi đang diễn ra."
           : "Trình duyệt này không phải Safe Exam Browser.",
      sent ? "This Safe Exam Browser was not started with the .seb file of a session in progress."
           : "This browser is not Safe Exam Browser.");
  return verdict;
}

}  // namespace khaothi::server
