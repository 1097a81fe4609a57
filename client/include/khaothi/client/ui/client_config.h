// khaothi-client.conf, as `khaothi init` writes it into DIR/client/ and the centre copies it to
// every lab PC:
//
//   server-host = 192.168.1.10
//   server-port = 8443
//   ca = ca.pem            # the centre's CA (PEM), relative to this file
//
// '#' starts a comment. Unknown keys are refused, so that a typo is not silently ignored.
#pragma once

#include <cstdint>
#include <string>

#include "khaothi/engine/status.h"

namespace khaothi::client::ui {

struct ClientConfig {
  std::string server_host;
  uint16_t server_port = 8443;
  std::string ca_path;  // absolute, or relative to the working directory
  std::string ca_pem;   // the file's contents
};

// Reads the configuration at `path` and the CA file it names. InvalidArgument or NotFound with
// a message that names the file and the problem.
::khaothi::Result<ClientConfig> LoadClientConfig(const std::string& path);

}  // namespace khaothi::client::ui
