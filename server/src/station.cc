#include "station.h"

#include <array>

#include "khaothi/web/headers.h"

namespace khaothi::server::station {

// The page's files, compiled in from server/station/ (see server/CMakeLists.txt).
extern const std::string_view kIndexHtml;
extern const std::string_view kStationCss;
extern const std::string_view kStationJs;
extern const std::string_view kStationPracticalJs;

namespace {

namespace http = boost::beast::http;

// The dashboard's policy with connect-src for the candidate WebSocket of this origin: 'self'
// matches wss:// on the same host and port (CSP Level 3, Chromium and Firefox).
constexpr std::string_view kCsp =
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

// The .seb file's quitURL (`khaothi session seb-config`: the start URL + "thoat"), which the final
// screen links to in SEB. SEB quits when the page opens it and never shows it; another browser
// gets this page.
constexpr std::string_view kQuitHtml = R"html(<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bài thi đã kết thúc — khaothi</title></head>
<body>
<main>
<h1>Bài thi đã kết thúc</h1>
<p>Bài làm đã được lưu trên máy chủ. Có thể đóng trình duyệt này.</p>
<p lang="en">The exam is over and your answers are saved. You may close this browser.</p>
</main>
</body>
</html>
)html";

struct File {
  std::string_view path;
  std::string_view content_type;
  const std::string_view* body;
};

constexpr std::array<File, 5> kFiles = {{
    {"/thi/", "text/html; charset=utf-8", &kIndexHtml},
    {"/thi/thoat", "text/html; charset=utf-8", &kQuitHtml},
    {"/thi/station.css", "text/css; charset=utf-8", &kStationCss},
    {"/thi/station.js", "text/javascript; charset=utf-8", &kStationJs},
    {"/thi/station-practical.js", "text/javascript; charset=utf-8", &kStationPracticalJs},
}};

HttpResponse Plain(const HttpRequest& req, http::status status, std::string body) {
  HttpResponse res{status, req.version()};
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.body() = std::move(body);
  return res;
}

}  // namespace

bool IsStationPath(std::string_view path) { return path == "/thi" || path.starts_with(kPrefix); }

HttpResponse Serve(const HttpRequest& req, std::string_view path) {
  HttpResponse res;
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    res = Plain(req, http::status::method_not_allowed, "method not allowed\n");
    res.set(http::field::allow, "GET, HEAD");
  } else if (path == "/thi") {
    res = Plain(req, http::status::moved_permanently, "/thi/\n");
    res.set(http::field::location, "/thi/");
  } else {
    res = Plain(req, http::status::not_found, "not found\n");
    for (const File& f : kFiles) {
      if (f.path == path) {
        res = HttpResponse{http::status::ok, req.version()};
        res.set(http::field::content_type, f.content_type);
        res.body() = std::string(*f.body);
        break;
      }
    }
  }
  for (const web::Header& h : web::SecurityHeaders()) {
    res.set(h.name, h.value);
  }
  res.set("Content-Security-Policy", kCsp);
  // The page is small and changes with the server; the browser asks again every time.
  res.set(http::field::cache_control, "no-cache");
  return res;
}

bool MayOpenCandidateSocket(const HttpRequest& req) {
  const auto origin = req.find(boost::beast::http::field::origin);
  const auto host = req.find(boost::beast::http::field::host);
  return origin == req.end() ||
         (host != req.end() && web::IsSameOrigin(origin->value(), host->value()));
}

}  // namespace khaothi::server::station
