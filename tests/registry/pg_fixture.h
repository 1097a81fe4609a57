// A real PostgreSQL 15 for the registry's tests, from Debian's packages: initdb into a fresh
// temporary directory, the server on its own Unix socket directory and port, stopped and removed
// again in the destructor.
//
// The postmaster is this process's own child, started through `setpriv --pdeathsig KILL`: when
// the test process dies in any way (a crash, CTest's timeout, SIGKILL), the kernel kills the
// postmaster, and its backends exit with it, so no test leaves a server running.
//
// PostgreSQL refuses to run as root, and CI runs as root: then the cluster runs as the
// `postgres` system user that the postgresql-15 package creates (setpriv; the directory is
// chowned to it), otherwise as the current user. The server listens on its Unix socket only
// (listen_addresses = ''), in a directory only its owner (and root) can enter, with trust
// authentication for the one role `khaothi`: nobody else on the machine can reach it.
//
// Speed: unit tests run with fsync, synchronous_commit and full_page_writes off (PgOptions),
// which loses data only when the machine itself crashes, never when a process is killed; a
// durability test (the registry's replication test) sets `fsync = true`.
//
// Failures (binaries missing, no postgres user, initdb or start failing) throw
// std::runtime_error with a message that says what to do; Catch2 reports it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "test_util.h"

namespace khaothi::testing {

struct PgOptions {
  bool fsync = false;
};

class PgCluster;

class PgCluster {
 public:
  explicit PgCluster(const PgOptions& options = {});
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;
  // Stops the server (SIGQUIT, PostgreSQL's immediate shutdown: nothing is left to flush in a
  // test) and removes the directory with everything in it.
  ~PgCluster();

  // The cluster every test of this process shares, started on first use (once per test
  // binary: initdb and start take most of the registry tests' time).
  static PgCluster& Shared();

  // A new, empty database with a name no other call returned; its libpq connection string.
  std::string CreateDatabase();
  // The libpq connection string of database `name`.
  std::string ConnInfo(const std::string& name) const;

  const std::string& dir() const { return dir_; }
  int port() const { return port_; }

  // ---- Streaming replication (docs/registry.md "Replication") ----

  // A hot standby of `primary`, streaming from it as `name` (its application_name): a base
  // backup (pg_basebackup) started as a server of its own, with fsync on. Returns once the
  // primary sees it streaming.
  static std::unique_ptr<PgCluster> StartStandby(const PgCluster& primary, const std::string& name);
  // Makes every commit on this cluster wait until standby `name` has it on disk
  // (synchronous_standby_names, synchronous_commit = on), and waits until the standby is
  // reported 'sync'.
  void RequireSynchronousStandby(const std::string& name);
  // The machine gone: SIGKILL to the postmaster and every process it started.
  void Kill();
  // Promotes this standby (pg_promote) and waits until it accepts writes.
  void Promote();

 private:
  struct StandbyOf {
    const PgCluster* primary;
    std::string name;
  };
  PgCluster(const PgOptions& options, const StandbyOf* standby_of);
  // Runs `argv` (initdb) as the cluster's owner; throws with its output when it fails.
  void RunAsOwner(std::vector<std::string> argv, const std::string& what) const;
  // An SQL statement on database postgres; throws when it fails. Its first value, or "".
  std::string Sql(const std::string& sql) const;

  std::string bin_;
  std::string dir_;
  std::string data_;
  int port_ = 0;
  bool as_postgres_ = false;  // root: commands run as the postgres user
  std::unique_ptr<ChildProcess> server_;
  int next_db_ = 0;
};

}  // namespace khaothi::testing
