#include "pg_fixture.h"

#include <arpa/inet.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sstream>
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

PgCluster::PgCluster(const PgOptions& options) : PgCluster(options, nullptr) {}

PgCluster::PgCluster(const PgOptions& options, const StandbyOf* standby_of) : bin_(PgBin()) {
  for (const char* tool : {"initdb", "postgres", "pg_basebackup"}) {
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
    if (standby_of == nullptr) {
      RunAsOwner({bin_ + "/initdb", "-D", data_, "-U", "khaothi", "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync", "--no-instructions"},
                 "initdb");
    } else {
      // -R writes standby.signal and a primary_conninfo; the line appended after it names the
      // standby, which is how the primary's synchronous_standby_names refers to it.
      const PgCluster& primary = *standby_of->primary;
      const std::string source = "host=" + primary.dir_ + " port=" + std::to_string(primary.port_) +
                                 " user=khaothi application_name=" + standby_of->name;
      RunAsOwner({bin_ + "/pg_basebackup", "-D", data_, "-d", source, "-R", "-X", "stream",
                  "--checkpoint=fast", "--no-sync"},
                 "pg_basebackup");
      std::ofstream conf(data_ + "/postgresql.auto.conf", std::ios::app);
      conf << "primary_conninfo = '" << source << "'\n";
    }
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

std::unique_ptr<PgCluster> PgCluster::StartStandby(const PgCluster& primary,
                                                   const std::string& name) {
  const StandbyOf of{&primary, name};
  std::unique_ptr<PgCluster> standby(new PgCluster(PgOptions{.fsync = true}, &of));
  for (int waited_ms = 0;
       primary.Sql("SELECT count(*) FROM pg_stat_replication WHERE application_name = '" + name +
                   "' AND state = 'streaming'") != "1";
       waited_ms += 20) {
    if (waited_ms > 60'000) {
      throw std::runtime_error("PgCluster: the standby does not stream:\n" +
                               standby->server_->err());
    }
    usleep(20'000);
  }
  return standby;
}

void PgCluster::RequireSynchronousStandby(const std::string& name) {
  Sql("ALTER SYSTEM SET synchronous_standby_names = '" + name + "'");
  Sql("ALTER SYSTEM SET synchronous_commit = 'on'");
  Sql("SELECT pg_reload_conf()");
  for (int waited_ms = 0; Sql("SELECT sync_state FROM pg_stat_replication WHERE "
                              "application_name = '" +
                              name + "'") != "sync";
       waited_ms += 20) {
    if (waited_ms > 30'000) {
      throw std::runtime_error("PgCluster: the standby is not synchronous");
    }
    usleep(20'000);
  }
}

void PgCluster::Kill() {
  if (server_ == nullptr) {
    return;
  }
  // The backends first (children of the postmaster), then the postmaster: nothing gets the
  // chance to finish anything.
  const std::string parent = std::to_string(server_->pid());
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string pid = entry.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
    const size_t close_paren = line.rfind(')');
    if (close_paren == std::string::npos) {
      continue;
    }
    std::istringstream rest(line.substr(close_paren + 1));
    std::string state;
    std::string ppid;
    rest >> state >> ppid;
    if (ppid == parent) {
      kill(std::stoi(pid), SIGKILL);
    }
  }
  server_->Signal(SIGKILL);
  server_->Wait();
  server_.reset();
}

void PgCluster::Promote() {
  Sql("SELECT pg_promote(true, 60)");
  for (int waited_ms = 0; Sql("SELECT pg_is_in_recovery()") != "f"; waited_ms += 20) {
    if (waited_ms > 60'000) {
      throw std::runtime_error("PgCluster: the standby was not promoted");
    }
    usleep(20'000);
  }
}

std::string PgCluster::Sql(const std::string& sql) const {
  Result<registry::pg::Connection> admin = registry::pg::Connection::Open(ConnInfo("postgres"));
  if (!admin.ok()) {
    throw std::runtime_error("PgCluster: " + admin.status().ToString());
  }
  Result<registry::pg::Rows> rows = admin->Query("fixture", sql);
  if (!rows.ok()) {
    throw std::runtime_error("PgCluster: " + sql + ": " + rows.status().ToString());
  }
  return rows->size() > 0 && !rows->IsNull(0, 0) ? rows->Text(0, 0) : std::string();
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
