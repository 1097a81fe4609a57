// The candidate's station in the browser (issue 17): the page /thi/ and its assets, served by
// khaothi-server on its TLS port. The page speaks protocol v1 over the same candidate WebSocket
// (/ws) as the terminal client; the server has no second protocol for it (docs/station.md).
#pragma once

#include <optional>
#include <string_view>

#include "dashboard.h"

namespace khaothi::server::station {

// The station's path prefix: /thi/ is the page, /thi/station.css and /thi/station.js its assets,
// /thi/thoat the quit URL of the .seb file (docs/seb.md).
inline constexpr std::string_view kPrefix = "/thi/";

// Whether `path` belongs to the station (/thi or anything under /thi/).
bool IsStationPath(std::string_view path);

// The response for a GET or HEAD of a station path, complete with its security headers and its
// own Content-Security-Policy (the dashboard's, plus connect-src for this origin's WebSocket).
// "/thi" redirects to "/thi/"; an unknown path under /thi/ is 404; another method is 405.
//
// Safe Exam Browser's check is not here: SebGate (seb_gate.h) sees every request first, before
// any handler, and refuses with its own page when the session requires SEB.
HttpResponse Serve(const HttpRequest& req, std::string_view path);

// Whether the upgrade `req` may open the candidate WebSocket: a browser says which page opens
// it (Origin), and only this server's own pages may; the terminal client and the load generator
// send no Origin and are let through.
bool MayOpenCandidateSocket(const HttpRequest& req);

}  // namespace khaothi::server::station
