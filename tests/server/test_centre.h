// A real centre for server tests: a data directory with center.db (the centre's bank imported
// from question-bank/data), the lab PKI, the receipt key and one opened session of N candidates.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "khaothi/server/config.h"

#include "test_util.h"

namespace khaothi::testing {

struct CentreOptions {
  int candidates = 30;
  bool unlock_required = false;
  std::optional<int> duration_minutes;
  std::string blueprint = "basic-30";
  // The centre's code (khaothi init --code), the prefix of its records' ids.
  std::string code = "TTGDTX-TEST";
  // The practical: the bank holds testing::PracticalPackagesAB and the blueprint's practical
  // part draws one task of IU03, IU04 and IU05 (30 minutes each) for every candidate.
  bool practical = false;
  // With `practical`: the IU04 tasks are real .xlsx tasks with automatic checks
  // (testing::PracticalPackagesABChecked), for the proposed marks.
  bool practical_checks = false;
};

class TestCentre {
 public:
  explicit TestCentre(const CentreOptions& options = {});

  const std::string& dir() const { return dir_.path(); }
  std::string db_path() const { return dir_.File("center.db"); }
  const std::string& ca_pem() const { return ca_pem_; }
  // sbd -> one-time password
  const std::map<std::string, std::string>& passwords() const { return passwords_; }
  std::string session_id() const { return "S1"; }

  // The server configuration: this directory, loopback, port 0 (or `port`).
  server::ServerConfig Config(uint16_t port = 0) const;

 private:
  TempDir dir_;
  std::string ca_pem_;
  std::map<std::string, std::string> passwords_;
};

// Vietnamese full names for generated candidates (NFC).
std::string VietnameseName(int i);

// khaothi-server as a real process on `centre` (port 0: any free port), returned once it listens;
// `bound` is the port it listens on. For the tests that kill it with SIGKILL and restart it.
std::unique_ptr<ChildProcess> StartServerProcess(const TestCentre& centre, uint16_t port,
                                                 uint16_t& bound);

}  // namespace khaothi::testing
