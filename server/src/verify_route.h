// GET /verify: the public certificate lookup (docs/regulations.md §7), for the dashboard's HTTP
// router.
//
//   GET /verify?name=<full name>&dob=<YYYY-MM-DD or dd/mm/yyyy>&number=<serial or NNN/YYYY>
//
// Answers 200 with centre::VerifyLookup's JSON ({"found":false} or the signed certificate, its
// checked status "valid"/"revoked"/"tampered", the revocation and the issuer's public key), 400
// when a parameter is missing, 405 for another method. Query values are percent-decoded ('+' is
// a space). No cookie or session is needed; the caller must know all three facts.
#pragma once

#include <boost/beast/http.hpp>

#include "khaothi/store/database.h"

namespace khaothi::server {

// Whether `target` (the request target, with its query) is the /verify route.
bool IsVerifyTarget(std::string_view target);

// Handles one request for /verify using `db` (the caller serialises access to it).
boost::beast::http::response<boost::beast::http::string_body> HandleVerify(
    store::Database& db,
    const boost::beast::http::request<boost::beast::http::string_body>& request);

}  // namespace khaothi::server
