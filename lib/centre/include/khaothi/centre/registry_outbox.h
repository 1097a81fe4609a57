// The registry outbox (issue 20): the centre's records waiting for, or delivered to, the
// provincial registry (khaothi-registry, docs/registry.md).
//
// Every record the centre signs for the province — an approval decision or its amendment, a
// certificate, a revocation (the head's issuing key), the practical marks entered and the
// re-marked results (the server's receipt key) — is queued in center.db's `registry_outbox` by
// the very transaction that signs and stores it (ApproveResults, IssueCertificates,
// RevokeCertificate, ImportMarks, Regrade), so a record exists if and only if it is queued: a
// crash between the two is impossible. The sender
// (`khaothi registry push`) offers the pending records in queue order, oldest first, and records
// what the registry answered:
//
//   pending    not yet acknowledged by the registry; offered again on every push
//   delivered  the registry answered "stored" or "duplicate": it holds exactly this record
//   refused    the registry refused it with a code (docs/registry.md "Refusals"); pushing it
//              again would give the same answer, so it waits for the operator
//              (`khaothi registry retry`), and the records after it are still sent
//
// Delivery is at least once: a reply lost in transit leaves the records pending and they are
// pushed again, which the registry answers "duplicate". The envelope of a queued record never
// changes and no row is ever deleted (triggers).
//
// Thread safety: functions use the caller's Database; each is one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "khaothi/centre/centre.h"
#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"

namespace khaothi::centre {

// Where the centre pushes: the registry's address and the certificate authority its TLS
// certificate must chain to, kept in center.db (meta 'registry.url', 'registry.ca_pem') so that
// they travel with the centre's backups. The centre authenticates with its lab PKI's certificate
// (DIR/tls/server.pem), whose fingerprint the registry's operator registers.
struct RegistryLink {
  std::string url;     // "https://so-gddt.example.vn:8443"; "" when not configured
  std::string host;    // from the url
  uint16_t port = 0;   // from the url; 443 when it names none
  std::string ca_pem;  // one or more PEM certificates
};

// kNotFound (saying to run `khaothi registry configure`) when no registry is configured.
Result<RegistryLink> GetRegistryLink(store::Database& db);
// Checks and stores `url` and `ca_pem`, audited as "registry.configure". kInvalidArgument,
// storing nothing, for a url that is not https://HOST[:PORT][/] or a CA that holds no PEM
// certificate.
[[nodiscard]] Status SetRegistryLink(store::Database& db, const std::string& url,
                                     const std::string& ca_pem, const Change& change);
// "https://HOST[:PORT][/]" split into host and port; kInvalidArgument otherwise.
Result<RegistryLink> ParseRegistryUrl(const std::string& url);

struct OutboxRecord {
  int64_t seq = 0;  // queue order
  std::string record_id;
  std::string kind;      // "khaothi.certificate.v2", ...
  std::string envelope;  // canonical JSON, as the centre signed it
  int64_t queued_ms = 0;
  std::string state;  // "pending", "delivered", "refused"
  int attempts = 0;   // pushes that offered it
  std::optional<int64_t> last_attempt_ms;
  std::optional<int64_t> delivered_ms;
  std::string outcome;         // "stored" or "duplicate" once delivered
  std::string refusal_code;    // once refused
  std::string refusal_reason;  // once refused: the registry's reason, English then Vietnamese
};

// Queues `envelope` (a signed record as center.db keeps it) inside the caller's transaction.
// kInvalidArgument when it does not parse as an envelope with a record id and kind;
// kAlreadyExists when that id is queued already.
[[nodiscard]] Status QueueForRegistry(store::Database& db, const std::string& envelope,
                                      int64_t at_ms);

// The oldest `limit` pending records, in queue order.
Result<std::vector<OutboxRecord>> PendingForRegistry(store::Database& db, size_t limit);

// What the registry answered for one record of a push.
struct RegistryAnswer {
  int64_t seq = 0;
  std::string record_id;  // as the registry echoed it; must match the queued record's
  std::string status;     // "stored", "duplicate" or "refused"
  std::string code;       // refused only
  std::string reason;     // refused only
};

// Records the answers of one push, all in one transaction; every answered record counts one
// attempt. kInvalidArgument, recording nothing, when an answer names a seq that is not pending,
// an id that is not that seq's, or a status it does not know.
[[nodiscard]] Status RecordRegistryAnswers(store::Database& db,
                                           const std::vector<RegistryAnswer>& answers,
                                           int64_t at_ms);

// Counts one more attempt for each of `seqs` (a push that failed as a whole: the registry
// unreachable, a 503) without changing their state.
[[nodiscard]] Status RecordFailedPush(store::Database& db, const std::vector<int64_t>& seqs,
                                      int64_t at_ms);

// Puts refused records back to pending, to be offered on the next push: the one with
// `record_id`, or every refused record when it is "". kNotFound when no refused record matches.
// Returns how many were put back.
Result<int> RetryRefused(store::Database& db, const std::string& record_id);

struct OutboxSummary {
  int64_t pending = 0;
  int64_t delivered = 0;
  int64_t refused = 0;
  std::optional<int64_t> oldest_pending_ms;  // when the oldest pending record was queued
  std::optional<int64_t> last_delivered_ms;
  std::vector<OutboxRecord> refused_records;  // every refused record, in queue order
};
Result<OutboxSummary> SummariseOutbox(store::Database& db);

}  // namespace khaothi::centre
