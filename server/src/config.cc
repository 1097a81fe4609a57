#include "khaothi/server/config.h"

#include <filesystem>
#include <fstream>

#include <boost/program_options.hpp>

#include "khaothi/centre/centre.h"
#include "khaothi/server/time_zone.h"

namespace khaothi::server {

namespace po = boost::program_options;

std::string ServerConfig::Resolve(const std::string& path) const {
  std::filesystem::path p(path);
  return p.is_absolute() ? path : (std::filesystem::path(data_dir) / p).string();
}

Result<ServerConfig> LoadServerConfig(const std::string& data_dir,
                                      const std::vector<std::string>& args) {
  ServerConfig c;
  c.data_dir = data_dir;
  ServerLimits& l = c.limits;
  int64_t idle_ms = l.idle_timeout.count();
  int64_t drain_ms = l.drain_timeout.count();
  int64_t lockout_ms = l.login_lockout.count();
  int64_t resume_ttl_ms = l.resume_token_ttl.count();
  int64_t verify_window_ms = l.verify_rate_window.count();
  int64_t upload_grace_ms = l.practical_upload_grace.count();
  int port = c.listen_port;
  po::options_description desc("khaothi-server options");
  desc.add_options()("listen-address", po::value(&c.listen_address), "address to listen on")(
      "listen-port", po::value(&port), "TCP port (0: any free port)")(
      "database", po::value(&c.database), "SQLite database")("tls-cert", po::value(&c.tls_cert),
                                                             "certificate chain (PEM)")(
      "tls-key", po::value(&c.tls_key), "private key (PEM)")(
      "receipt-key", po::value(&c.receipt_key), "Ed25519 receipt signing key (PEM)")(
      "threads", po::value(&c.threads), "I/O threads")(
      "time-zone", po::value(&c.time_zone), "the centre's time zone (default Asia/Ho_Chi_Minh)")(
      "limit-max-message-bytes", po::value(&l.max_message_bytes), "largest client message")(
      "limit-max-connections", po::value(&l.max_connections), "open connections")(
      "limit-max-opening-connections", po::value(&l.max_opening_connections),
      "connections in their TLS handshake and upgrade at once; the rest wait in order")(
      "limit-max-queued-messages", po::value(&l.max_queued_messages), "per-connection queue")(
      "limit-idle-timeout-ms", po::value(&idle_ms), "idle candidate connection")(
      "limit-max-failed-logins", po::value(&l.max_failed_logins), "failures before lockout")(
      "limit-login-lockout-ms", po::value(&lockout_ms), "lockout length")(
      "limit-resume-token-ttl-ms", po::value(&resume_ttl_ms),
      "resume token's life after its connection went quiet (0: none issued)")(
      "limit-max-logins-per-address", po::value(&l.max_logins_per_address),
      "logins per address per window")("limit-drain-timeout-ms", po::value(&drain_ms),
                                       "graceful shutdown bound")(
      "limit-max-verify-lookups-per-address", po::value(&l.max_verify_lookups_per_address),
      "GET /verify lookups per address per window")(
      "limit-verify-rate-window-ms", po::value(&verify_window_ms), "GET /verify window")(
      "limit-max-work-bytes-per-candidate", po::value(&l.max_work_bytes_per_candidate),
      "bytes of practical work versions per candidate")(
      "limit-practical-upload-grace-ms", po::value(&upload_grace_ms),
      "time after the practical ends for uploads begun before it");
  try {
    po::variables_map vm;
    // po::store keeps the first value it sees: the command line first, so that it overrides
    // the file.
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    const std::string conf = (std::filesystem::path(data_dir) / "khaothi-server.conf").string();
    if (std::filesystem::exists(conf)) {
      std::ifstream in(conf);
      po::store(po::parse_config_file(in, desc), vm);
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return Status::InvalidArgument(
        centre::Bilingual("tùy chọn hoặc dòng cấu hình không hợp lệ: ", "") + e.what());
  }
  if (port < 0 || port > 65535) {
    return Status::InvalidArgument(
        centre::Bilingual("listen-port phải từ 0 đến 65535", "listen-port must be 0..65535"));
  }
  if (c.threads < 1 || c.threads > 64) {
    return Status::InvalidArgument(
        centre::Bilingual("threads phải từ 1 đến 64", "threads must be 1..64"));
  }
  if (Result<TimeZone> tz = TimeZone::Load(c.time_zone); !tz.ok()) {
    return tz.status();
  }
  c.listen_port = static_cast<uint16_t>(port);
  l.idle_timeout = std::chrono::milliseconds(idle_ms);
  l.drain_timeout = std::chrono::milliseconds(drain_ms);
  l.login_lockout = std::chrono::milliseconds(lockout_ms);
  if (l.max_opening_connections < 1) {
    return Status::InvalidArgument(
        centre::Bilingual("limit-max-opening-connections phải ít nhất 1",
                          "limit-max-opening-connections must be at least 1"));
  }
  if (resume_ttl_ms < 0) {
    return Status::InvalidArgument("limit-resume-token-ttl-ms must not be negative");
  }
  l.resume_token_ttl = std::chrono::milliseconds(resume_ttl_ms);
  if (l.max_verify_lookups_per_address < 1 || verify_window_ms < 1) {
    return Status::InvalidArgument(
        "limit-max-verify-lookups-per-address and limit-verify-rate-window-ms must be positive");
  }
  l.verify_rate_window = std::chrono::milliseconds(verify_window_ms);
  if (l.max_work_bytes_per_candidate < 1 || upload_grace_ms < 0) {
    return Status::InvalidArgument(
        "limit-max-work-bytes-per-candidate must be positive and limit-practical-upload-grace-ms "
        "not negative");
  }
  l.practical_upload_grace = std::chrono::milliseconds(upload_grace_ms);
  return c;
}

}  // namespace khaothi::server
