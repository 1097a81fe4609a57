// The proctor dashboard's static files (CSS and JavaScript), compiled into the server so that
// the lab needs no other web server and the pages load nothing from outside (the lab has no
// internet, and the Content-Security-Policy allows only 'self').
#pragma once

#include <string_view>

namespace khaothi::server {

struct Asset {
  std::string_view content_type;
  std::string_view body;
};

// The asset served at `path` ("/static/app.css"), or nullptr.
const Asset* FindAsset(std::string_view path);

}  // namespace khaothi::server
