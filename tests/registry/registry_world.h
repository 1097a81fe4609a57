// Real records for the registry's tests: one centre (tests/server/test_centre.h, code
// TTGDTX-TEST) whose candidates sit a session on the real server through the client library;
// the head of centre then approves, issues certificates and revokes one with lib/centre, exactly
// as `khaothi approve`, `cert issue` and `cert revoke` do. Built once per test process.
//
// What a test needs beyond these real records (a second centre, a record signed after a key
// rotation) it makes by signing with records::SignRecord, the records library's own signer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "khaothi/crypto/crypto.h"

#include "test_centre.h"

namespace khaothi::testing {

struct RegistryWorld {
  std::string centre_code;  // "TTGDTX-TEST"
  std::string centre_name;
  crypto::SigningKey issuer = crypto::SigningKey::Generate();   // the head's issuing key
  crypto::SigningKey receipt = crypto::SigningKey::Generate();  // the server's receipt key
  std::vector<std::string> marks;         // the practical marks entered, one envelope per candidate
  std::string decision;                   // the approval decision's envelope, as center.db keeps it
  std::vector<std::string> certificates;  // in register order
  std::string revocation;                 // revokes certificates[0]
  std::string tls_dir;     // the centre's lab PKI: ca.pem, server.pem, server-key.pem
  std::string centre_dir;  // the centre's directory: center.db, tls/

  // Built on first use (a few seconds: the session is sat on the real server).
  static const RegistryWorld& Get();
};

// A centre (code `code`) whose `candidates` candidates sat session S1 on the real server,
// each answering every question right; the session closed, practical marks entered, the head's
// issuing key registered, the results approved and blank stock for 100,000 certificates of
// type UDCNTT-CB configured (serials CB26-000001... for TTGDTX-TEST, CODE-26-000001... else). No
// certificate is issued yet.
struct ApprovedCentre {
  std::unique_ptr<TestCentre> centre;
  std::string code;
  std::string name;
  crypto::SigningKey issuer = crypto::SigningKey::Generate();
  crypto::SigningKey receipt = crypto::SigningKey::Generate();  // signs the marks
  std::vector<std::string> marks;  // the practical marks entered, one envelope per candidate
  std::string decision;            // the approval decision's envelope
};
ApprovedCentre ApproveCentre(int candidates, const std::string& code = "TTGDTX-TEST");

// Milliseconds since the Unix epoch, now.
int64_t NowMs();

// The envelope text as the JSON value a push carries.
boost::json::value Envelope(const std::string& envelope_json);

}  // namespace khaothi::testing
