#include "khaothi/centre/audit.h"

#include <optional>
#include <string>

#include <boost/json/parse.hpp>
#include <sqlite3.h>

#include "khaothi/centre/canonical_json.h"
#include "khaothi/crypto/crypto.h"

namespace khaothi::centre {
namespace {

const std::string kZeroHash(64, '0');

std::string ChainHash(const std::string& prev_hash, int64_t seq, const AuditEntry& e) {
  std::string data;
  data.reserve(prev_hash.size() + e.actor.size() + e.action.size() + e.subject.size() +
               e.detail.size() + 48);
  data += prev_hash;
  data += '\n';
  data += std::to_string(seq);
  data += '\n';
  data += std::to_string(e.at_ms);
  data += '\n';
  data += e.actor;
  data += '\n';
  data += e.action;
  data += '\n';
  data += e.subject;
  data += '\n';
  data += e.detail;
  return crypto::Sha256Hex(data);
}

// OK when `detail` is a JSON object already in canonical form.
Status CheckDetail(const std::string& detail) {
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(detail, ec);
  if (ec || !v.is_object()) {
    return Status::InvalidArgument("audit detail is not a JSON object: " + detail);
  }
  Result<std::string> canonical = CanonicalJson(v);
  if (!canonical.ok() || *canonical != detail) {
    return Status::InvalidArgument("audit detail is not canonical JSON: " + detail);
  }
  return Status::Ok();
}

Status Append(store::Database& db, const AuditEntry& entry) {
  store::Statement last = db.Prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
  KHAOTHI_ASSIGN_OR_RETURN(bool row, last.Step());
  const int64_t seq = row ? last.ColumnInt64(0) + 1 : 1;
  const std::string prev = row ? last.ColumnText(1) : kZeroHash;
  store::Statement insert = db.Prepare(
      "INSERT INTO audit(seq, at_ms, actor, action, subject, detail, prev_hash, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, seq);
  insert.Bind(2, entry.at_ms);
  insert.Bind(3, entry.actor);
  insert.Bind(4, entry.action);
  insert.Bind(5, entry.subject);
  insert.Bind(6, entry.detail);
  insert.Bind(7, prev);
  insert.Bind(8, ChainHash(prev, seq, entry));
  return insert.Run();
}

}  // namespace

Status AppendAudit(store::Database& db, const AuditEntry& entry) {
  KHAOTHI_RETURN_IF_ERROR(CheckDetail(entry.detail));
  if (sqlite3_get_autocommit(db.handle()) == 0) {
    // Inside the caller's transaction: the row commits or rolls back with the change it records.
    return Append(db, entry);
  }
  // On our own, reading the last hash and inserting the next row must not interleave with
  // another writer, so they share one write transaction.
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_RETURN_IF_ERROR(Append(db, entry));
  return tx.Commit();
}

Result<AuditCheck> VerifyAudit(store::Database& db) {
  store::Statement rows = db.Prepare(
      "SELECT seq, at_ms, actor, action, subject, detail, prev_hash, hash FROM audit ORDER BY seq");
  AuditCheck check;
  check.head_hash = kZeroHash;
  KHAOTHI_RETURN_IF_ERROR(rows.ForEachRow([&](const store::Statement& row) -> Status {
    const int64_t expected_seq = check.entries + 1;
    const int64_t seq = row.ColumnInt64(0);
    if (seq != expected_seq) {
      return Status::Corruption("audit log: expected seq " + std::to_string(expected_seq) +
                                " but found seq " + std::to_string(seq) +
                                " (entries were removed or renumbered)");
    }
    AuditEntry e;
    e.at_ms = row.ColumnInt64(1);
    e.actor = row.ColumnText(2);
    e.action = row.ColumnText(3);
    e.subject = row.ColumnText(4);
    e.detail = row.ColumnText(5);
    const std::string prev_hash = row.ColumnText(6);
    const std::string hash = row.ColumnText(7);
    if (prev_hash != check.head_hash) {
      return Status::Corruption("audit log: seq " + std::to_string(seq) +
                                " does not link to the entry before it");
    }
    if (hash != ChainHash(prev_hash, seq, e)) {
      return Status::Corruption("audit log: seq " + std::to_string(seq) +
                                " was changed after it was written (hash mismatch)");
    }
    check.entries = seq;
    check.head_hash = hash;
    return Status::Ok();
  }));
  return check;
}

}  // namespace khaothi::centre
