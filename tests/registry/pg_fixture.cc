#include "pg_fixture.h"

#include <arpa/inet.h>
#include <cstdlib>
#include <filesystem>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

#include "khaothi/registry/pg.h"

#include "test_util.h"
#include <libpq-fe.h>

namespace khaothi::testing {
namespace {

namespace fs = std::filesystem;

// Debian's postgresql-15; KHAOTHI_PG_BIN points elsewhere (another version, a source build).
std::string PgBin() {
  const char* env = std::getenv("KHAOTHI_PG_BIN");
  return env != nullptr && *env != '\0' ? env : "/usr/lib/postgresql/15/bin";
}

// A TCP port nobody listens on now. The server listens on its Unix socket only, whose file name
// carries the port, so the port only has to be distinct; a free one keeps it so should a test
// later turn TCP on (replication).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    throw std::runtime_error("PgCluster: socket() failed");
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    throw std::runtime_error("PgCluster: cannot find a free port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

PgCluster::PgCluster(const PgOptions& options) : bin_(PgBin()) {
  for (const char* tool : {"initdb", "postgres"}) {
    if (!fs::exists(bin_ + "/" + tool)) {
      throw std::runtime_error(
          "PgCluster: " + bin_ + "/" + tool +
          " is missing: install Debian's postgresql-15 (bash tools/setup.sh) or set "
          "KHAOTHI_PG_BIN to the directory of initdb and postgres");
    }
  }
  std::string tmpl = (fs::temp_directory_path() / "khaothi-pg-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    throw std::runtime_error("PgCluster: cannot create a temporary directory");
  }
  dir_ = tmpl;
  data_ = dir_ + "/data";
  if (geteuid() == 0) {
    // PostgreSQL refuses to run as root: the cluster belongs to the package's system user.
    const passwd* pw = getpwnam("postgres");
    if (pw == nullptr) {
      fs::remove_all(dir_);
      throw std::runtime_error(
          "PgCluster: running as root, and there is no 'postgres' user to run PostgreSQL as "
          "(install Debian's postgresql-15, which creates it)");
    }
    if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      fs::remove_all(dir_);
      throw std::runtime_error("PgCluster: cannot give " + dir_ + " to the postgres user");
    }
    as_postgres_ = true;
  }
  port_ = FreePort();
  try {
    RunAsOwner({bin_ + "/initdb", "-D", data_, "-U", "khaothi", "-A", "trust", "-E", "UTF8",
                "--locale=C.UTF-8", "--no-sync", "--no-instructions"},
               "initdb");
    std::vector<std::string> argv{"/usr/bin/setpriv", "--pdeathsig", "KILL"};
    if (as_postgres_) {
      argv.insert(argv.end(), {"--reuid=postgres", "--regid=postgres", "--init-groups"});
    }
    argv.insert(argv.end(),
                {bin_ + "/postgres", "-D", data_, "-k", dir_, "-p", std::to_string(port_), "-c",
                 "listen_addresses=", "-c", "shared_buffers=16MB", "-c", "max_connections=60"});
    for (const char* setting : {"fsync", "synchronous_commit", "full_page_writes"}) {
      argv.insert(argv.end(), {"-c", std::string(setting) + (options.fsync ? "=on" : "=off")});
    }
    server_ = std::make_unique<ChildProcess>(argv, dir_);
    // Ready when it answers; a bound against a server that never comes up.
    const std::string conninfo = ConnInfo("postgres");
    for (int waited_ms = 0; PQping(conninfo.c_str()) != PQPING_OK; waited_ms += 20) {
      if (waited_ms > 60'000) {
        throw std::runtime_error("PgCluster: the server did not start:\n" + server_->err());
      }
      usleep(20'000);
    }
  } catch (...) {
    server_.reset();  // SIGKILL, if it runs
    fs::remove_all(dir_);
    throw;
  }
}

PgCluster::~PgCluster() {
  if (server_ != nullptr) {
    server_->Signal(SIGQUIT);
    server_->Wait();
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

PgCluster& PgCluster::Shared() {
  static PgCluster cluster;
  return cluster;
}

void PgCluster::RunAsOwner(std::vector<std::string> argv, const std::string& what) const {
  if (as_postgres_) {
    argv.insert(argv.begin(),
                {"/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"});
  }
  const ProcessResult r = RunProcess(argv, dir_);
  if (r.exit_code != 0) {
    throw std::runtime_error("PgCluster: " + what + " failed (exit " + std::to_string(r.exit_code) +
                             "):\n" + r.out + r.err);
  }
}

std::string PgCluster::ConnInfo(const std::string& name) const {
  return "host=" + dir_ + " port=" + std::to_string(port_) + " user=khaothi dbname=" + name;
}

std::string PgCluster::CreateDatabase() {
  const std::string name = "t" + std::to_string(++next_db_);
  Result<registry::pg::Connection> admin = registry::pg::Connection::Open(ConnInfo("postgres"));
  if (!admin.ok()) {
    throw std::runtime_error("PgCluster: " + admin.status().ToString());
  }
  const Status s = admin->Exec("create database", "CREATE DATABASE " + name);
  if (!s.ok()) {
    throw std::runtime_error("PgCluster: " + s.ToString());
  }
  return ConnInfo(name);
}

}  // namespace khaothi::testing
