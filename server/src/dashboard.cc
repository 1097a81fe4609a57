#include "dashboard.h"

namespace khaothi::server {
namespace {

namespace http = boost::beast::http;

// The public pages only, until the proctor dashboard (issue #7) is built here.
class BasicDashboard final : public Dashboard {
 public:
  HttpResponse HandleHttp(const HttpRequest& req, const std::string&) override {
    HttpResponse res;
    res.version(req.version());
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    if (req.target() == "/health") {
      res.result(http::status::ok);
      res.body() = "ok\n";
    } else {
      res.result(http::status::not_found);
      res.body() = "not found\n";
    }
    return res;
  }
  bool OpenSocket(const HttpRequest&, const std::shared_ptr<Peer>&, std::string&) override {
    return false;
  }
  void SocketMessage(std::string&, const std::string&, const std::shared_ptr<Peer>&) override {}
  void SocketClosed(const std::string&, const Peer*) override {}
};

}  // namespace

std::unique_ptr<Dashboard> MakeDashboard(ExamService&, store::Database, const ServerConfig&) {
  return std::make_unique<BasicDashboard>();
}

}  // namespace khaothi::server
