// Real records for the registry's tests: one centre (tests/server/test_centre.h, code
// TTGDTX-TEST) whose candidates sit a session on the real server through the client library;
// the head of centre then approves, issues certificates and revokes one with lib/centre, exactly
// as `khaothi approve`, `cert issue` and `cert revoke` do. Built once per test process.
//
// What a test needs beyond these real records (a second centre, a record signed after a key
// rotation) it makes by signing with records::SignRecord, the records library's own signer.
#pragma once

#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "khaothi/crypto/crypto.h"

namespace khaothi::testing {

struct RegistryWorld {
  std::string centre_code;  // "TTGDTX-TEST"
  std::string centre_name;
  crypto::SigningKey issuer = crypto::SigningKey::Generate();  // the head's issuing key
  std::string decision;                   // the approval decision's envelope, as center.db keeps it
  std::vector<std::string> certificates;  // in register order
  std::string revocation;                 // revokes certificates[0]
  std::string tls_dir;  // the centre's lab PKI: ca.pem, server.pem, server-key.pem

  // Built on first use (a few seconds: the session is sat on the real server).
  static const RegistryWorld& Get();
};

// The envelope text as the JSON value a push carries.
boost::json::value Envelope(const std::string& envelope_json);

}  // namespace khaothi::testing
