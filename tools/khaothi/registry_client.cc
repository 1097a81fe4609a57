#include "registry_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>

namespace khaothi::tools {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;

Result<RegistryReply> PostToRegistry(const centre::RegistryLink& link,
                                     const std::string& client_cert_pem_path,
                                     const std::string& client_key_pem_path,
                                     const std::string& target, const std::string& body,
                                     std::chrono::milliseconds timeout) {
  ssl::context ctx(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_3_VERSION);
  boost::system::error_code ec;
  ctx.add_certificate_authority(net::buffer(link.ca_pem), ec);
  if (ec) {
    return Status::InvalidArgument("the registry's CA (khaothi registry configure --ca): " +
                                   ec.message());
  }
  ctx.set_verify_mode(ssl::verify_peer, ec);
  ctx.use_certificate_chain_file(client_cert_pem_path, ec);
  if (!ec) {
    ctx.use_private_key_file(client_key_pem_path, ssl::context::pem, ec);
  }
  if (ec) {
    return Status::InvalidArgument("the centre's client certificate (" + client_cert_pem_path +
                                   ", " + client_key_pem_path + "): " + ec.message());
  }
  const auto unavailable = [&link](const char* step, const boost::system::error_code& e) {
    return Status::Unavailable(std::string(step) + " " + link.host + ":" +
                               std::to_string(link.port) + ": " + e.message());
  };
  net::io_context ioc;
  net::ip::tcp::resolver resolver(ioc);
  const auto endpoints = resolver.resolve(link.host, std::to_string(link.port), ec);
  if (ec) {
    return unavailable("resolve", ec);
  }
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  // SNI, and the registry's certificate must name the host the centre was configured with.
  SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
           const_cast<char*>(link.host.c_str()));
  stream.set_verify_callback(ssl::host_name_verification(link.host));
  // The synchronous calls of tcp_stream ignore its expiry, so each step runs asynchronously
  // under its own deadline on this thread's io_context.
  auto run = [&](auto&& start) -> boost::system::error_code {
    boost::system::error_code result = net::error::would_block;
    beast::get_lowest_layer(stream).expires_after(timeout);
    start([&result](boost::system::error_code e, auto&&...) { result = e; });
    ioc.restart();
    ioc.run();
    return result;
  };
  ec =
      run([&](auto handler) { beast::get_lowest_layer(stream).async_connect(endpoints, handler); });
  if (ec) {
    return unavailable("connect", ec);
  }
  ec = run([&](auto handler) { stream.async_handshake(ssl::stream_base::client, handler); });
  if (ec) {
    return unavailable("TLS handshake with", ec);
  }
  http::request<http::string_body> req{http::verb::post, target, 11};
  req.set(http::field::host, link.host);
  req.set(http::field::content_type, "application/json");
  req.set(http::field::user_agent, "khaothi");
  req.keep_alive(false);
  req.body() = body;
  req.prepare_payload();
  ec = run([&](auto handler) { http::async_write(stream, req, handler); });
  if (ec) {
    return unavailable("send to", ec);
  }
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  ec = run([&](auto handler) { http::async_read(stream, buffer, parser, handler); });
  if (ec) {
    return unavailable("read the reply of", ec);
  }
  RegistryReply reply;
  reply.status = parser.get().result_int();
  reply.body = std::move(parser.get().body());
  // Closing politely is best effort: the reply is complete.
  run([&](auto handler) { stream.async_shutdown(handler); });
  return reply;
}

}  // namespace khaothi::tools
