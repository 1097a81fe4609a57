#include "khaothi/centre/registry_outbox.h"

#include <sqlite3.h>

#include "khaothi/centre/centre.h"
#include "khaothi/centre/signed_record.h"

#include "centre_internal.h"

namespace khaothi::centre {
namespace {

constexpr const char* kColumns =
    "seq, record_id, kind, envelope, queued_ms, state, attempts, last_attempt_ms, delivered_ms, "
    "outcome, refusal_code, refusal_reason";

OutboxRecord ReadRecord(const store::Statement& q) {
  OutboxRecord r;
  r.seq = q.ColumnInt64(0);
  r.record_id = q.ColumnText(1);
  r.kind = q.ColumnText(2);
  r.envelope = q.ColumnText(3);
  r.queued_ms = q.ColumnInt64(4);
  r.state = q.ColumnText(5);
  r.attempts = q.ColumnInt(6);
  if (!q.ColumnIsNull(7)) {
    r.last_attempt_ms = q.ColumnInt64(7);
  }
  if (!q.ColumnIsNull(8)) {
    r.delivered_ms = q.ColumnInt64(8);
  }
  r.outcome = q.ColumnText(9);
  r.refusal_code = q.ColumnText(10);
  r.refusal_reason = q.ColumnText(11);
  return r;
}

std::string Text(const boost::json::object& o, const char* key) {
  const boost::json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

Result<RegistryLink> ParseRegistryUrl(const std::string& url) {
  const auto bad = [&url] {
    return Status::InvalidArgument(
        Bilingual("địa chỉ sổ đăng ký phải có dạng https://MÁY[:CỔNG], không phải: ",
                  "the registry's address must be https://HOST[:PORT], not: ") +
        url);
  };
  constexpr std::string_view kScheme = "https://";
  if (url.size() > 255 || url.compare(0, kScheme.size(), kScheme) != 0) {
    return bad();
  }
  std::string rest = url.substr(kScheme.size());
  if (!rest.empty() && rest.back() == '/') {
    rest.pop_back();
  }
  RegistryLink link;
  link.url = url;
  link.port = 443;
  const size_t colon = rest.rfind(':');
  link.host = rest.substr(0, colon);
  if (colon != std::string::npos) {
    const std::string port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) < 1 ||
        std::stoi(port) > 65535) {
      return bad();
    }
    link.port = static_cast<uint16_t>(std::stoi(port));
  }
  if (link.host.empty() ||
      link.host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                  "0123456789.-") != std::string::npos) {
    return bad();
  }
  return link;
}

Result<RegistryLink> GetRegistryLink(store::Database& db) {
  store::Statement q = db.Prepare(
      "SELECT (SELECT value FROM meta WHERE key = 'registry.url'), "
      "(SELECT value FROM meta WHERE key = 'registry.ca_pem')");
  KHAOTHI_RETURN_IF_ERROR(q.Step().status());
  if (q.ColumnIsNull(0) || q.ColumnIsNull(1)) {
    return Status::NotFound(Bilingual(
        "chưa cấu hình sổ đăng ký: chạy `khaothi registry configure --url https://... --ca "
        "TỆP`",
        "no registry is configured: run `khaothi registry configure --url https://... --ca "
        "FILE`"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(RegistryLink link, ParseRegistryUrl(q.ColumnText(0)));
  link.ca_pem = q.ColumnText(1);
  return link;
}

Status SetRegistryLink(store::Database& db, const std::string& url, const std::string& ca_pem,
                       const Change& change) {
  KHAOTHI_ASSIGN_OR_RETURN(RegistryLink link, ParseRegistryUrl(url));
  if (ca_pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos ||
      ca_pem.size() > 64 * 1024) {
    return Status::InvalidArgument(Bilingual("tệp CA của sổ đăng ký không chứa chứng chỉ PEM nào",
                                             "the registry's CA file holds no PEM certificate"));
  }
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  for (const auto& [key, value] : {std::pair<const char*, const std::string&>{"registry.url", url},
                                   {"registry.ca_pem", ca_pem}}) {
    store::Statement q = db.Prepare(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    q.Bind(1, key);
    q.Bind(2, value);
    KHAOTHI_RETURN_IF_ERROR(q.Run());
  }
  KHAOTHI_RETURN_IF_ERROR(internal::Audit(db, change, "registry.configure", link.host,
                                          boost::json::object{{"url", url}}));
  return tx.Commit();
}

Status QueueForRegistry(store::Database& db, const std::string& envelope, int64_t at_ms) {
  Result<SignedRecord> parsed = ParseEnvelope(envelope);
  if (!parsed.ok()) {
    return Status::InvalidArgument(Bilingual("bản ghi gửi sổ đăng ký không đọc được: ",
                                             "a record for the registry does not "
                                             "parse: ") +
                                   parsed.status().message());
  }
  const std::string id = Text(parsed->record, "id");
  const std::string kind = Text(parsed->record, "kind");
  if (id.empty() || kind.empty()) {
    return Status::InvalidArgument(Bilingual("bản ghi gửi sổ đăng ký thiếu id hoặc kind",
                                             "a record for the registry has no id or kind"));
  }
  store::Statement seen = db.Prepare("SELECT 1 FROM registry_outbox WHERE record_id = ?1");
  seen.Bind(1, id);
  KHAOTHI_ASSIGN_OR_RETURN(bool exists, seen.Step());
  if (exists) {
    return Status::AlreadyExists(Bilingual("bản ghi đã có trong hàng đợi gửi sổ đăng ký: ",
                                           "the record is queued for the registry already: ") +
                                 id);
  }
  store::Statement ins = db.Prepare(
      "INSERT INTO registry_outbox(record_id, kind, envelope, queued_ms) VALUES (?1, ?2, ?3, ?4)");
  ins.Bind(1, id);
  ins.Bind(2, kind);
  ins.Bind(3, envelope);
  ins.Bind(4, at_ms);
  return ins.Run();
}

Result<std::vector<OutboxRecord>> PendingForRegistry(store::Database& db, size_t limit) {
  store::Statement q = db.Prepare(std::string("SELECT ") + kColumns +
                                  " FROM registry_outbox WHERE state = 'pending' ORDER BY seq "
                                  "LIMIT ?1");
  q.Bind(1, static_cast<int64_t>(limit));
  std::vector<OutboxRecord> out;
  KHAOTHI_RETURN_IF_ERROR(
      q.ForEachRow([&](const store::Statement& row) { out.push_back(ReadRecord(row)); }));
  return out;
}

Status RecordRegistryAnswers(store::Database& db, const std::vector<RegistryAnswer>& answers,
                             int64_t at_ms) {
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  for (const RegistryAnswer& a : answers) {
    store::Statement q =
        db.Prepare("SELECT record_id FROM registry_outbox WHERE seq = ?1 AND state = 'pending'");
    q.Bind(1, a.seq);
    KHAOTHI_ASSIGN_OR_RETURN(bool found, q.Step());
    if (!found || q.ColumnText(0) != a.record_id) {
      return Status::InvalidArgument(Bilingual("câu trả lời của sổ đăng ký không khớp hàng đợi: ",
                                               "the registry's answer does not match the queue: ") +
                                     a.record_id);
    }
    const bool delivered = a.status == "stored" || a.status == "duplicate";
    if (!delivered && a.status != "refused") {
      return Status::InvalidArgument(Bilingual("sổ đăng ký trả lời một trạng thái lạ: ",
                                               "the registry answered an unknown status: ") +
                                     a.status);
    }
    store::Statement up =
        db.Prepare(delivered ? "UPDATE registry_outbox SET state = 'delivered', outcome = ?2, "
                               "attempts = attempts + 1, last_attempt_ms = ?3, delivered_ms = ?3 "
                               "WHERE seq = ?1"
                             : "UPDATE registry_outbox SET state = 'refused', refusal_code = ?2, "
                               "refusal_reason = ?4, attempts = attempts + 1, last_attempt_ms = ?3 "
                               "WHERE seq = ?1");
    if (delivered) {
      up.Bind(2, a.status);
    } else {
      up.Bind(2, a.code);
      up.Bind(4, a.reason);
    }
    up.Bind(1, a.seq);
    up.Bind(3, at_ms);
    KHAOTHI_RETURN_IF_ERROR(up.Run());
  }
  return tx.Commit();
}

Status RecordFailedPush(store::Database& db, const std::vector<int64_t>& seqs, int64_t at_ms) {
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  store::Statement up = db.Prepare(
      "UPDATE registry_outbox SET attempts = attempts + 1, last_attempt_ms = ?2 "
      "WHERE seq = ?1 AND state = 'pending'");
  for (int64_t seq : seqs) {
    up.Bind(1, seq);
    up.Bind(2, at_ms);
    KHAOTHI_RETURN_IF_ERROR(up.Run());
    up.Reset();
  }
  return tx.Commit();
}

Result<int> RetryRefused(store::Database& db, const std::string& record_id) {
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  store::Statement up = db.Prepare(
      "UPDATE registry_outbox SET state = 'pending', refusal_code = '', refusal_reason = '' "
      "WHERE state = 'refused' AND (?1 = '' OR record_id = ?1)");
  up.Bind(1, record_id);
  KHAOTHI_RETURN_IF_ERROR(up.Run());
  const int changed = sqlite3_changes(db.handle());
  if (changed == 0) {
    return Status::NotFound(record_id.empty()
                                ? Bilingual("không có bản ghi nào bị sổ đăng ký từ chối",
                                            "no record was refused by the registry")
                                : Bilingual("không có bản ghi bị từ chối nào mang mã ",
                                            "no refused record has the id ") +
                                      record_id);
  }
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return changed;
}

Result<OutboxSummary> SummariseOutbox(store::Database& db) {
  OutboxSummary s;
  store::Statement counts = db.Prepare(
      "SELECT state, COUNT(*), MIN(queued_ms), MAX(delivered_ms) FROM registry_outbox "
      "GROUP BY state");
  KHAOTHI_RETURN_IF_ERROR(counts.ForEachRow([&](const store::Statement& row) {
    const std::string state = row.ColumnText(0);
    const int64_t n = row.ColumnInt64(1);
    if (state == "pending") {
      s.pending = n;
      s.oldest_pending_ms = row.ColumnInt64(2);
    } else if (state == "delivered") {
      s.delivered = n;
      s.last_delivered_ms = row.ColumnInt64(3);
    } else {
      s.refused = n;
    }
  }));
  store::Statement refused = db.Prepare(std::string("SELECT ") + kColumns +
                                        " FROM registry_outbox WHERE state = 'refused' "
                                        "ORDER BY seq");
  KHAOTHI_RETURN_IF_ERROR(refused.ForEachRow(
      [&](const store::Statement& row) { s.refused_records.push_back(ReadRecord(row)); }));
  return s;
}

}  // namespace khaothi::centre
