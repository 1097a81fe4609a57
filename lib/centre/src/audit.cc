#include "khaothi/centre/audit.h"

#include <charconv>
#include <optional>
#include <span>
#include <string>

#include <boost/json/parse.hpp>
#include <sqlite3.h>

#include "khaothi/centre/canonical_json.h"
#include "khaothi/crypto/crypto.h"

namespace khaothi::centre {
namespace {

const std::string kZeroHash(64, '0');

// The batch AppendAudit defers to on this thread, if any (AuditBatch's constructor and
// destructor set and clear it). Per thread because a Database is used by one thread at a time,
// and the writer's ops, which call AppendAudit with only the Database, run on the writer's.
thread_local AuditBatch* t_open_batch = nullptr;

// seq "\n" at_ms "\n" actor "\n" action "\n" subject "\n" detail, appended to `data`.
void AppendFields(std::string& data, int64_t seq, const AuditEntry& e) {
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
}

size_t FieldsSize(const AuditEntry& e) {
  return e.actor.size() + e.action.size() + e.subject.size() + e.detail.size() + 48;
}

// The rule of the rows written before migration 13: one link per entry.
std::string LegacyHash(const std::string& prev_hash, int64_t seq, const AuditEntry& e) {
  std::string data;
  data.reserve(prev_hash.size() + 1 + FieldsSize(e));
  data += prev_hash;
  data += '\n';
  AppendFields(data, seq, e);
  return crypto::Sha256Hex(data);
}

std::string EntryDigest(int64_t seq, const AuditEntry& e) {
  std::string data;
  data.reserve(FieldsSize(e));
  AppendFields(data, seq, e);
  return crypto::Sha256Hex(data);
}

// prev_link "\n" first_seq "\n" last_seq: the start of a batch's link input, before its digests.
std::string LinkPrefix(const std::string& prev_link, int64_t first_seq, int64_t last_seq) {
  return prev_link + "\n" + std::to_string(first_seq) + "\n" + std::to_string(last_seq);
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

// Writes `entries` as one batch after the chain's head: one row each, the last with the link.
Status WriteBatch(store::Database& db, std::span<const AuditEntry> entries) {
  if (entries.empty()) {
    return Status::Ok();
  }
  // The head is the last row, which always ends a batch (or is a row of the old rule): a batch's
  // rows are written together, here.
  store::Statement last = db.Prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
  KHAOTHI_ASSIGN_OR_RETURN(bool row, last.Step());
  const int64_t first = row ? last.ColumnInt64(0) + 1 : 1;
  const std::string prev = row ? last.ColumnText(1) : kZeroHash;
  const int64_t final_seq = first + static_cast<int64_t>(entries.size()) - 1;
  std::string link_data = LinkPrefix(prev, first, final_seq);
  link_data.reserve(link_data.size() + entries.size() * 65);
  store::Statement insert = db.Prepare(
      "INSERT INTO audit(seq, at_ms, actor, action, subject, detail, prev_hash, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  for (size_t i = 0; i < entries.size(); ++i) {
    const AuditEntry& e = entries[i];
    const int64_t seq = first + static_cast<int64_t>(i);
    link_data += '\n';
    link_data += EntryDigest(seq, e);
    const bool closes = seq == final_seq;
    insert.Bind(1, seq);
    insert.Bind(2, e.at_ms);
    insert.Bind(3, e.actor);
    insert.Bind(4, e.action);
    insert.Bind(5, e.subject);
    insert.Bind(6, e.detail);
    // "" (not a default string_view, whose null data SQLite would bind as NULL) inside a batch.
    insert.Bind(7, closes ? std::string_view(prev) : std::string_view(""));
    insert.Bind(8, closes ? crypto::Sha256Hex(link_data) : std::string());
    KHAOTHI_RETURN_IF_ERROR(insert.Run());
    insert.Reset();
  }
  return Status::Ok();
}

// The first seq written under the batch rule (migration 13 records it).
Result<int64_t> BatchedFrom(store::Database& db) {
  store::Statement q = db.Prepare("SELECT value FROM meta WHERE key = 'audit_batched_from'");
  KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) {
    return Status::Corruption("audit log: the meta row audit_batched_from is missing");
  }
  const std::string text = q.ColumnText(0);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) {
    return Status::Corruption("audit log: the meta row audit_batched_from is not a seq: " + text);
  }
  return value;
}

// "seq 7", or "seq 5 to 9" for a batch of several entries.
std::string Place(int64_t first, int64_t last) {
  return first == last ? "seq " + std::to_string(first)
                       : "seq " + std::to_string(first) + " to " + std::to_string(last);
}

}  // namespace

AuditBatch::AuditBatch(store::Database& db) : db_(db) { t_open_batch = this; }

AuditBatch::~AuditBatch() {
  if (t_open_batch == this) {
    t_open_batch = nullptr;
  }
}

void AuditBatch::RollbackTo(size_t mark) {
  if (mark < entries_.size()) {
    entries_.resize(mark);
  }
}

Status AuditBatch::Seal() {
  Status s = WriteBatch(db_, entries_);
  entries_.clear();
  return s;
}

Status AppendAudit(store::Database& db, const AuditEntry& entry) {
  KHAOTHI_RETURN_IF_ERROR(CheckDetail(entry.detail));
  if (t_open_batch != nullptr && &t_open_batch->db_ == &db) {
    t_open_batch->entries_.push_back(entry);
    return Status::Ok();
  }
  if (sqlite3_get_autocommit(db.handle()) == 0) {
    // Inside the caller's transaction: the row commits or rolls back with the change it records.
    return WriteBatch(db, std::span(&entry, 1));
  }
  // On our own, reading the last hash and inserting the next row must not interleave with
  // another writer, so they share one write transaction.
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_RETURN_IF_ERROR(WriteBatch(db, std::span(&entry, 1)));
  return tx.Commit();
}

Result<AuditCheck> VerifyAudit(store::Database& db) {
  KHAOTHI_ASSIGN_OR_RETURN(const int64_t batched_from, BatchedFrom(db));
  store::Statement rows = db.Prepare(
      "SELECT seq, at_ms, actor, action, subject, detail, prev_hash, hash FROM audit ORDER BY seq");
  AuditCheck check;
  check.head_hash = kZeroHash;
  int64_t batch_first = 0;  // the first seq of the batch being read; 0 between batches
  std::string digests;      // "\n" digest for each of its entries so far
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
    check.entries = seq;
    if (seq < batched_from) {
      // Written before migration 13: each row its own link.
      if (prev_hash != check.head_hash) {
        return Status::Corruption("audit log: seq " + std::to_string(seq) +
                                  " does not link to the entry before it");
      }
      if (hash != LegacyHash(prev_hash, seq, e)) {
        return Status::Corruption("audit log: seq " + std::to_string(seq) +
                                  " was changed after it was written (hash mismatch)");
      }
      check.head_hash = hash;
      ++check.links;
      return Status::Ok();
    }
    if (batch_first == 0) {
      batch_first = seq;
    }
    digests += '\n';
    digests += EntryDigest(seq, e);
    if (prev_hash.empty() && hash.empty()) {
      return Status::Ok();  // inside a batch; its last row holds the link
    }
    if (prev_hash != check.head_hash) {
      return Status::Corruption("audit log: " + Place(batch_first, seq) +
                                " does not link to the entry before it");
    }
    if (hash != crypto::Sha256Hex(LinkPrefix(prev_hash, batch_first, seq) + digests)) {
      return Status::Corruption("audit log: " + Place(batch_first, seq) +
                                (batch_first == seq
                                     ? " was changed after it was written (hash mismatch)"
                                     : " (one batch, chained at seq " + std::to_string(seq) +
                                           ") was changed after it was written (link mismatch): an "
                                           "entry, their order or the link"));
    }
    check.head_hash = hash;
    ++check.links;
    batch_first = 0;
    digests.clear();
    return Status::Ok();
  }));
  if (batch_first != 0) {
    return Status::Corruption("audit log: " + Place(batch_first, check.entries) +
                              " follow the last link without one of their own (the row that "
                              "chained them was removed or its link erased)");
  }
  return check;
}

}  // namespace khaothi::centre
