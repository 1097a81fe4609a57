// The centre's HTTPS client for khaothi-registry (docs/registry.md): one request over TLS 1.3,
// trusting only the registry's CA from `khaothi registry configure` and checking the registry's
// host name, presenting the centre's lab PKI certificate as its client certificate.
#pragma once

#include <chrono>
#include <string>

#include "khaothi/centre/registry_outbox.h"
#include "khaothi/engine/status.h"

namespace khaothi::tools {

struct RegistryReply {
  unsigned status = 0;  // the HTTP status
  std::string body;     // JSON
};

// POSTs `body` (JSON) to `target` on the registry of `link`, with the client certificate chain
// and key in PEM files. Every step (connect, handshake, write, read) is bounded by `timeout`.
// kUnavailable, saying what failed, when the registry cannot be reached or the connection breaks
// before the whole reply is read: the caller pushes again later. kInvalidArgument when the
// certificate or key files cannot be used.
Result<RegistryReply> PostToRegistry(const centre::RegistryLink& link,
                                     const std::string& client_cert_pem_path,
                                     const std::string& client_key_pem_path,
                                     const std::string& target, const std::string& body,
                                     std::chrono::milliseconds timeout);

}  // namespace khaothi::tools
