// HTTPS as a member of the public sees the registry, for its tests: a GET without a client
// certificate, query-string escaping, and cutting a signed record out of a reply byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json.hpp>

namespace khaothi::testing {

struct Page {
  unsigned status = 0;
  std::string content_type;
  std::string retry_after;
  std::string body;
  boost::json::object Json() const { return boost::json::parse(body).as_object(); }
};

// One GET over HTTPS to 127.0.0.1:`port`, trusting `ca_pem`, with no client certificate.
Page Get(uint16_t port, const std::string& ca_pem, const std::string& target);

// One POST over HTTPS to 127.0.0.1:`port`, trusting `ca_pem`, presenting the client certificate
// of the lab PKI in `cert_dir` (server.pem, server-key.pem): a centre speaking to the registry.
Page Post(uint16_t port, const std::string& ca_pem, const std::string& cert_dir,
          const std::string& target, const std::string& body);

// `s` percent-encoded for a query string.
std::string Q(std::string_view s);

// The raw bytes of the JSON object that follows `key` (a quoted key and ':') after position
// `from` in `text`: how a reader cuts the signed record out of the reply without re-encoding it.
std::string RawObjectAfter(const std::string& text, const std::string& key, size_t from = 0);

}  // namespace khaothi::testing
