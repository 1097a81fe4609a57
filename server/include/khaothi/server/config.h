// khaothi-server's configuration: khaothi-server.conf in the centre's data directory (written by
// `khaothi init`), overridden by the command line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "khaothi/engine/status.h"
#include "khaothi/server/limits.h"

namespace khaothi::server {

struct ServerConfig {
  // The centre's directory; relative paths below are relative to it.
  std::string data_dir = ".";
  std::string listen_address = "0.0.0.0";
  // 0 asks the OS for a free port (tests).
  uint16_t listen_port = 8443;
  std::string database = "center.db";
  std::string tls_cert = "tls/server.pem";
  std::string tls_key = "tls/server-key.pem";
  std::string receipt_key = "keys/receipt-key.pem";
  // The centre's time zone (IANA name): the proctor's room view and report print times in it.
  std::string time_zone = "Asia/Ho_Chi_Minh";
  // I/O threads; the database writer has a thread of its own.
  int threads = 2;
  ServerLimits limits;

  // `path` made absolute against data_dir.
  std::string Resolve(const std::string& path) const;
};

// Reads `data_dir`/khaothi-server.conf when it exists, then applies `args` (command-line style,
// "--listen-port=0"). InvalidArgument names the bad option.
Result<ServerConfig> LoadServerConfig(const std::string& data_dir,
                                      const std::vector<std::string>& args);

}  // namespace khaothi::server
