#include "khaothi/client/ui/client_config.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/program_options.hpp>

namespace khaothi::client::ui {

namespace po = boost::program_options;

::khaothi::Result<ClientConfig> LoadClientConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Status::NotFound(path + ": cannot read the configuration file");
  }
  ClientConfig c;
  int port = 8443;
  po::options_description desc("khaothi-client.conf");
  desc.add_options()("server-host", po::value(&c.server_host)->required(), "server address")(
      "server-port", po::value(&port), "server port")("ca", po::value(&c.ca_path)->required(),
                                                      "the centre's CA certificate (PEM)");
  try {
    po::variables_map vm;
    po::store(po::parse_config_file(in, desc), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return Status::InvalidArgument(path + ": " + e.what());
  }
  if (port < 1 || port > 65535) {
    return Status::InvalidArgument(path + ": server-port must be 1..65535");
  }
  c.server_port = static_cast<uint16_t>(port);
  std::filesystem::path ca(c.ca_path);
  if (ca.is_relative()) {
    ca = std::filesystem::path(path).parent_path() / ca;
  }
  c.ca_path = ca.string();
  std::ifstream ca_in(ca, std::ios::binary);
  if (!ca_in) {
    return Status::NotFound(path + ": cannot read the CA file " + c.ca_path);
  }
  std::ostringstream bytes;
  bytes << ca_in.rdbuf();
  c.ca_pem = bytes.str();
  if (c.ca_pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    return Status::InvalidArgument(c.ca_path + ": not a PEM certificate");
  }
  return c;
}

}  // namespace khaothi::client::ui
