#include "dashboard_common.h"

#include <utility>

#include "khaothi/web/cookie.h"
#include "khaothi/web/headers.h"

namespace khaothi::server::dashboard {

WebRequest ReadRequest(const HttpRequest& request, std::string address) {
  const std::string_view target = request.target();
  WebRequest r{request,
               std::string(web::TargetPath(target)),
               web::TargetQuery(target),
               {},
               std::move(address)};
  if (auto it = request.find(http::field::cookie); it != request.end()) {
    r.cookies = web::ParseCookies(it->value());
  }
  if (auto it = r.cookies.find("khaothi-lang"); it != r.cookies.end() && it->second == "en") {
    r.lang = pages::Lang::kEn;
  }
  return r;
}

HttpResponse Respond(const HttpRequest& request, http::status status, std::string_view content_type,
                     std::string body) {
  HttpResponse res{status, request.version()};
  res.set(http::field::content_type, content_type);
  res.body() = std::move(body);
  return res;
}

HttpResponse Json(const HttpRequest& request, http::status status, const boost::json::value& v) {
  return Respond(request, status, "application/json; charset=utf-8", boost::json::serialize(v));
}

HttpResponse Refuse(const HttpRequest& request, pages::Lang lang, const Refusal& refusal) {
  return Json(request, refusal.status,
              boost::json::object{{"ok", false},
                                  {"error", refusal.code},
                                  {"message", lang == pages::Lang::kVi ? refusal.vi : refusal.en}});
}

HttpResponse Unavailable(const HttpRequest& request, pages::Lang lang, const Status& status) {
  return Refuse(request, lang,
                {http::status::service_unavailable, "unavailable",
                 "Không đọc được cơ sở dữ liệu: " + status.message(),
                 "The database cannot be read: " + status.message()});
}

HttpResponse Redirect(const HttpRequest& request, std::string_view location) {
  HttpResponse res{http::status::see_other, request.version()};
  res.set(http::field::location, location);
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  return res;
}

void AddSecurityHeaders(HttpResponse& response) {
  for (const web::Header& h : web::SecurityHeaders()) {
    response.set(h.name, h.value);
  }
  if (response.find(http::field::cache_control) == response.end()) {
    response.set(http::field::cache_control, "no-store");
  }
}

std::vector<SeatView> RoomSeats(const ExamService& service, const std::string& session,
                                const std::string& room) {
  std::vector<SeatView> seats = service.Seats(session);
  std::erase_if(seats, [&](const SeatView& v) { return v.room != room; });
  return seats;
}

}  // namespace khaothi::server::dashboard
