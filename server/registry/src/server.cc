#include "khaothi/registry/server.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <openssl/ssl.h>

#include "khaothi/registry/centres.h"
#include "khaothi/registry/lookup.h"
#include "khaothi/registry/messages.h"
#include "khaothi/registry/rate_limiter.h"
#include "khaothi/registry/schema.h"
#include "khaothi/web/headers.h"
#include "khaothi/web/url.h"

#include "registry_internal.h"

namespace khaothi::registry {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using net::awaitable;
using net::use_awaitable;
using tcp = net::ip::tcp;

namespace {

// PostgreSQL connections for the database threads: taken for one request, given back unless
// broken, opened on demand (so a restarted server is reconnected to by the next request).
class ConnectionPool {
 public:
  ConnectionPool(std::string conninfo, std::chrono::milliseconds statement_timeout)
      : conninfo_(std::move(conninfo)), statement_timeout_(statement_timeout) {}

  Result<pg::Connection> Take() {
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        pg::Connection c = std::move(idle_.back());
        idle_.pop_back();
        return c;
      }
    }
    KHAOTHI_ASSIGN_OR_RETURN(pg::Connection conn, pg::Connection::Open(conninfo_));
    KHAOTHI_RETURN_IF_ERROR(conn.Exec("set the statement timeout",
                                      "SELECT set_config('statement_timeout', $1, false)",
                                      {std::to_string(statement_timeout_.count())}));
    return conn;
  }

  void Give(pg::Connection conn) {
    if (!conn.ok()) {
      return;
    }
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(conn));
  }

  // Closes every idle connection: one of them found its server gone (killed, or failed over to
  // a standby), and the others were opened to the same server.
  void DropIdle() {
    std::lock_guard lock(mu_);
    idle_.clear();
  }

 private:
  // Constant after construction
  const std::string conninfo_;
  const std::chrono::milliseconds statement_timeout_;
  // Guarded by mu_
  std::mutex mu_;
  std::vector<pg::Connection> idle_;
};

// Why each exempted error is not worth a log line: the peer went away (end_of_stream, reset),
// our own deadline or shutdown cancelled the operation, or the peer closed TLS without
// close_notify after a complete reply (stream_truncated), which HTTP/1.1 clients do.
bool Expected(const boost::system::error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
         ec == beast::error::timeout || ec == net::ssl::error::stream_truncated ||
         ec == net::error::connection_reset || ec == net::error::eof;
}

}  // namespace

struct RegistryServer::Impl {
  // Constant after construction
  RegistryConfig config;
  net::io_context ioc;
  ssl::context tls{ssl::context::tls_server};
  tcp::acceptor acceptor{ioc};
  net::thread_pool db_threads;
  ConnectionPool pool;
  LookupRateLimiter lookups;

  std::vector<std::thread> threads;
  std::atomic<size_t> sessions{0};
  std::atomic<bool> stopping{false};

  explicit Impl(const RegistryConfig& c)
      : config(c),
        db_threads(static_cast<size_t>(std::max(1, c.limits.db_connections))),
        pool(c.database, c.limits.statement_timeout),
        lookups(c.limits.lookup_burst, c.limits.lookup_refill, c.limits.lookup_max_addresses) {}

  // Runs `work` (blocking database calls) on a database thread with a pooled connection.
  template <typename Work>
  awaitable<HttpReply> OnDatabase(Work work) {
    co_return co_await net::co_spawn(
        db_threads,
        [this, work = std::move(work)]() -> awaitable<HttpReply> {
          Result<pg::Connection> conn = pool.Take();
          if (!conn.ok()) {
            co_return ErrorReply(503, "unavailable",
                                 Bilingual("không kết nối được cơ sở dữ liệu; hãy thử lại sau",
                                           "cannot reach the database; try again later"));
          }
          HttpReply reply = work(*conn);
          if (!conn->ok()) {
            // The database server went away under this connection; the pooled ones are as
            // dead. Once more on a fresh connection, which after a failover reaches the new
            // primary: every request is idempotent (a push stored before the break answers
            // "duplicate" the second time), so running it twice changes nothing.
            pool.DropIdle();
            conn = pool.Take();
            if (conn.ok()) {
              reply = work(*conn);
            }
          }
          if (conn.ok()) {
            pool.Give(std::move(conn).value());
          }
          co_return reply;
        },
        use_awaitable);
  }

  // GET /v1/lookup (JSON) and GET /lookup (the HTML page): public, no client certificate, limited
  // per client address (lookup.h, rate_limiter.h).
  awaitable<HttpReply> PublicLookup(const http::request<http::string_body>& req, bool page,
                                    const std::string& address) {
    const std::string_view target(req.target().data(), req.target().size());
    const web::Params params = web::TargetQuery(target);
    const auto lang = params.find("lang");
    const bool english = lang != params.end() && lang->second == "en";
    const auto page_reply = [&](unsigned status, const std::vector<LookupMatch>* matches,
                                const std::string& error) {
      HttpReply r{status, LookupPage(params, matches, Localize(error, english), english)};
      r.content_type = "text/html; charset=utf-8";
      r.html = true;
      return r;
    };
    if (req.method() != http::verb::get) {
      co_return ErrorReply(405, "method", Bilingual("chỉ GET", "GET only"));
    }
    const bool asked =
        params.count("name") != 0U || params.count("dob") != 0U || params.count("number") != 0U;
    if (page && !asked) {
      co_return page_reply(200, nullptr, "");  // the empty form: not a lookup
    }
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
    if (const std::optional<std::chrono::milliseconds> wait = lookups.Admit(address, now.count());
        wait) {
      const int seconds = static_cast<int>((wait->count() + 999) / 1000);
      const std::string message = Bilingual(
          "Bạn đã tra cứu quá nhiều lần; hãy thử lại sau " + std::to_string(seconds) + " giây.",
          "Too many lookups from your address; try again in " + std::to_string(seconds) + " s.");
      HttpReply r = page ? page_reply(429, nullptr, message)
                         : HttpReply{429, boost::json::serialize(boost::json::object{
                                              {"error", "too_many_lookups"},
                                              {"message", Localize(message, true)},
                                              {"message_vi", Localize(message, false)},
                                              {"retry_after_s", seconds}})};
      r.retry_after_s = seconds;
      co_return r;
    }
    Result<LookupQuery> query = ParseLookupQuery(params);
    if (!query.ok()) {
      co_return page ? page_reply(400, nullptr, query.status().message())
                     : ErrorReply(400, "bad_query", query.status().message());
    }
    co_return co_await OnDatabase([&](pg::Connection& conn) {
      Result<std::vector<LookupMatch>> matches = Lookup(conn, *query);
      if (!matches.ok()) {
        const std::string message =
            Bilingual("cơ sở dữ liệu tạm thời không phục vụ; hãy thử lại sau",
                      "the database is unavailable; try again later");
        return page ? page_reply(503, nullptr, message) : ErrorReply(503, "unavailable", message);
      }
      return page ? page_reply(200, &*matches, "") : HttpReply{200, LookupJson(*matches)};
    });
  }

  awaitable<HttpReply> Route(const http::request<http::string_body>& req,
                             const std::string& fingerprint, const std::string& address) {
    const std::string_view target(req.target().data(), req.target().size());
    const std::string_view path = web::TargetPath(target);
    if (path == "/v1/lookup" || path == "/lookup") {
      co_return co_await PublicLookup(req, path == "/lookup", address);
    }
    if (target == "/health") {
      if (req.method() != http::verb::get) {
        co_return ErrorReply(405, "method", Bilingual("chỉ GET", "GET only"));
      }
      co_return co_await OnDatabase([](pg::Connection& conn) {
        Result<int> v = CurrentSchemaVersion(conn);
        if (!v.ok()) {
          return ErrorReply(503, "unavailable", v.status().message());
        }
        return HttpReply{200,
                         boost::json::serialize(boost::json::object{{"ok", true}, {"schema", *v}})};
      });
    }
    if (target != "/v1/push") {
      co_return ErrorReply(404, "not_found", Bilingual("không có trang này", "no such page"));
    }
    if (req.method() != http::verb::post) {
      co_return ErrorReply(405, "method", Bilingual("chỉ POST", "POST only"));
    }
    if (fingerprint.empty()) {
      // The handshake asks every client for a certificate but lets the public lookup in
      // without one; a push needs it.
      co_return ErrorReply(
          401, "no_client_certificate",
          Bilingual("gửi bản ghi cần chứng chỉ TLS máy khách của trung tâm; kết nối này không có",
                    "a push needs the centre's TLS client certificate; this connection has none"));
    }
    co_return co_await OnDatabase([&](pg::Connection& conn) {
      Result<std::string> centre = CentreByCertificate(conn, fingerprint);
      if (!centre.ok()) {
        return centre.status().IsNotFound()
                   ? ErrorReply(403, "unknown_centre", centre.status().message())
                   : ErrorReply(503, "unavailable", centre.status().message());
      }
      return HandlePush(conn, *centre, req.body(), config.limits);
    });
  }

  awaitable<void> Write(beast::ssl_stream<beast::tcp_stream>& stream, const HttpReply& reply,
                        unsigned version, bool keep_alive) {
    http::response<http::string_body> res{static_cast<http::status>(reply.status), version};
    res.set(http::field::content_type, reply.content_type);
    res.set(http::field::cache_control, "no-store");
    if (reply.retry_after_s > 0) {
      res.set(http::field::retry_after, std::to_string(reply.retry_after_s));
    }
    if (reply.html) {
      for (const web::Header& h : web::SecurityHeaders()) {
        res.set(h.name, h.value);
      }
    }
    res.keep_alive(keep_alive);
    res.body() = reply.body;
    res.prepare_payload();
    beast::get_lowest_layer(stream).expires_after(config.limits.write_timeout);
    co_await http::async_write(stream, res, use_awaitable);
  }

  // Reads and drops what the client is still sending, up to limits.linger_bytes or
  // limits.linger_timeout, so that closing does not reset the connection under a reply the
  // client has not read yet. Ends at the client's end of stream or on any error.
  awaitable<void> Linger(beast::ssl_stream<beast::tcp_stream>& stream) {
    const RegistryLimits& limits = config.limits;
    beast::get_lowest_layer(stream).expires_after(limits.linger_timeout);
    std::vector<char> sink(64 * 1024);
    size_t dropped = 0;
    while (dropped < limits.linger_bytes) {
      boost::system::error_code ec;
      const size_t n = co_await stream.async_read_some(net::buffer(sink),
                                                       net::redirect_error(use_awaitable, ec));
      if (ec) {
        break;
      }
      dropped += n;
    }
  }

  awaitable<void> Session(tcp::socket socket) {
    boost::system::error_code address_ec;
    const std::string address = socket.remote_endpoint(address_ec).address().to_string();
    // A reply is written as more than one TLS record; with Nagle's algorithm the second waits
    // for the client's delayed ACK (40 ms on Linux), which doubled the lookups' p90.
    socket.set_option(tcp::no_delay(true), address_ec);
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), tls);
    const RegistryLimits& limits = config.limits;
    beast::get_lowest_layer(stream).expires_after(limits.handshake_timeout);
    co_await stream.async_handshake(ssl::stream_base::server, use_awaitable);
    // A client that sent a certificate proved with TLS 1.3 that it holds its key; its
    // fingerprint is a centre's registered credential. No certificate: "" (public routes only).
    X509* peer = SSL_get0_peer_certificate(stream.native_handle());
    const std::string fingerprint = peer == nullptr ? "" : internal::CertificateSha256(peer);
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<uint32_t>(limits.max_header_bytes));
      parser.body_limit(limits.max_body_bytes);
      beast::get_lowest_layer(stream).expires_after(limits.read_timeout);
      boost::system::error_code ec;
      co_await http::async_read(stream, buffer, parser, net::redirect_error(use_awaitable, ec));
      if (ec == http::error::body_limit || ec == http::error::header_limit) {
        co_await Write(stream,
                       ErrorReply(413, "too_large",
                                  Bilingual("yêu cầu quá lớn (tối đa " +
                                                std::to_string(limits.max_body_bytes) + " byte)",
                                            "the request is too large (at most " +
                                                std::to_string(limits.max_body_bytes) + " bytes)")),
                       11, false);
        co_await Linger(stream);
        break;
      }
      if (ec) {
        if (!Expected(ec)) {
          std::fprintf(stderr, "khaothi-registry: read: %s\n", ec.message().c_str());
        }
        co_return;
      }
      http::request<http::string_body> req = parser.release();
      const HttpReply reply = co_await Route(req, fingerprint, address);
      const bool keep_alive = req.keep_alive() && !stopping;
      co_await Write(stream, reply, req.version(), keep_alive);
      if (!keep_alive) {
        break;
      }
    }
    beast::get_lowest_layer(stream).expires_after(limits.handshake_timeout);
    boost::system::error_code ec;
    co_await stream.async_shutdown(net::redirect_error(use_awaitable, ec));
  }

  awaitable<void> Listen() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(net::make_strand(ioc),
                                                          net::redirect_error(use_awaitable, ec));
      if (ec == net::error::operation_aborted || stopping) {
        co_return;
      }
      if (ec) {
        // Out of file descriptors and the like: wait and accept again; never stop listening.
        std::fprintf(stderr, "khaothi-registry: accept: %s\n", ec.message().c_str());
        net::steady_timer wait(ioc, config.limits.accept_backoff);
        co_await wait.async_wait(net::redirect_error(use_awaitable, ec));
        continue;
      }
      if (sessions.load() >= config.limits.max_connections) {
        socket.close(ec);
        continue;
      }
      ++sessions;
      const auto executor = socket.get_executor();
      net::co_spawn(executor, Session(std::move(socket)), [this](std::exception_ptr e) {
        // An exception ends that session only (a failed handshake, a peer gone mid-write).
        if (e) {
          try {
            std::rethrow_exception(e);
          } catch (const boost::system::system_error& err) {
            if (!Expected(err.code()) && err.code().category() != net::error::get_ssl_category()) {
              std::fprintf(stderr, "khaothi-registry: session: %s\n", err.what());
            }
          } catch (const std::exception& err) {
            std::fprintf(stderr, "khaothi-registry: session: %s\n", err.what());
          }
        }
        --sessions;
      });
    }
  }
};

RegistryServer::RegistryServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RegistryServer::~RegistryServer() { Shutdown(); }

Result<std::unique_ptr<RegistryServer>> RegistryServer::Create(const RegistryConfig& config) {
  auto impl = std::make_unique<Impl>(config);
  boost::system::error_code ec;
  SSL_CTX* ctx = impl->tls.native_handle();
  SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
  impl->tls.use_certificate_chain_file(config.tls_cert, ec);
  if (!ec) {
    impl->tls.use_private_key_file(config.tls_key, ssl::context::pem, ec);
  }
  if (ec) {
    return Status::InvalidArgument(Bilingual("không đọc được chứng chỉ hoặc khóa TLS: ",
                                             "cannot load the TLS certificate or key: ") +
                                   ec.message());
  }
  // A client certificate is requested, from any issuer, but not required: the public lookup
  // serves anyone, and POST /v1/push refuses a connection without one (401). The registry does
  // not trust a CA but pins each centre's certificate by its fingerprint after the handshake
  // (centres.h); TLS 1.3 still checks the client's CertificateVerify, so only the holder of the
  // key is taken for the centre.
  impl->tls.set_verify_mode(ssl::verify_peer);
  impl->tls.set_verify_callback([](bool, ssl::verify_context&) { return true; });
  // No session resumption: every connection presents its certificate again.
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
  SSL_CTX_set_num_tickets(ctx, 0);

  {
    KHAOTHI_ASSIGN_OR_RETURN(pg::Connection conn, impl->pool.Take());
    KHAOTHI_RETURN_IF_ERROR(Migrate(conn));
    impl->pool.Give(std::move(conn));
  }

  const net::ip::address address = net::ip::make_address(config.listen_address, ec);
  if (ec) {
    return Status::InvalidArgument(
        Bilingual("địa chỉ lắng nghe không hợp lệ: ", "invalid listen address: ") +
        config.listen_address);
  }
  const tcp::endpoint endpoint(address, config.listen_port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) {
    impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    impl->acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return Status::Unavailable(Bilingual("không mở được cổng ", "cannot listen on ") +
                               config.listen_address + ":" + std::to_string(config.listen_port) +
                               ": " + ec.message());
  }
  return std::unique_ptr<RegistryServer>(new RegistryServer(std::move(impl)));
}

uint16_t RegistryServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void RegistryServer::Start() {
  net::co_spawn(impl_->ioc, impl_->Listen(), net::detached);
  const int n = std::max(1, impl_->config.threads);
  for (int i = 0; i < n; ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
}

void RegistryServer::Shutdown() {
  if (impl_->stopping.exchange(true)) {
    return;
  }
  net::post(impl_->ioc, [this] {
    boost::system::error_code ec;
    impl_->acceptor.close(ec);
  });
  // Requests in progress finish and their connections close (keep-alive is off from now on);
  // an idle keep-alive connection is cut when the drain time is up.
  const auto deadline = std::chrono::steady_clock::now() + impl_->config.limits.drain_timeout;
  while (impl_->sessions.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  impl_->ioc.stop();
  for (std::thread& t : impl_->threads) {
    t.join();
  }
  impl_->threads.clear();
  impl_->db_threads.join();
}

}  // namespace khaothi::registry
