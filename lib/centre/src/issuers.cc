// The head of centre's issuing keys: registering one, the active one, every one ever registered.

#include <boost/json.hpp>

#include "khaothi/centre/certificates.h"

#include "centre_internal.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;
using internal::Audit;

}  // namespace

Status RegisterIssuer(store::Database& db, const std::string& public_pem, const std::string& holder,
                      const std::string& title, const Change& change) {
  Result<std::string> h = internal::CleanLine(holder);
  Result<std::string> t = internal::CleanLine(title);
  if (!h.ok() || h->empty() || !t.ok() || t->empty()) {
    return Status::InvalidArgument(Bilingual("cần họ tên và chức vụ của thủ trưởng",
                                             "the issuer needs the head's full name and title"));
  }
  Result<std::string> id = crypto::PublicKeyId(public_pem);
  if (!id.ok()) {
    return Status::InvalidArgument(
        Bilingual("không phải khóa công khai Ed25519: ", "not an Ed25519 public key: ") +
        id.status().message());
  }
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  store::Statement retire =
      db.Prepare("UPDATE issuers SET retired_ms = ?1 WHERE retired_ms IS NULL AND key_id <> ?2");
  retire.Bind(1, change.at_ms);
  retire.Bind(2, *id);
  KHAOTHI_RETURN_IF_ERROR(retire.Run());
  store::Statement ins = db.Prepare(
      "INSERT INTO issuers(key_id, public_pem, holder, title, registered_ms) VALUES "
      "(?1, ?2, ?3, ?4, ?5) ON CONFLICT(key_id) DO UPDATE SET holder = excluded.holder, "
      "title = excluded.title, retired_ms = NULL");
  ins.Bind(1, *id);
  ins.Bind(2, public_pem);
  ins.Bind(3, *h);
  ins.Bind(4, *t);
  ins.Bind(5, change.at_ms);
  KHAOTHI_RETURN_IF_ERROR(ins.Run());
  KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "issuer_registered", "centre",
                                json::object{{"key_id", *id}, {"holder", *h}, {"title", *t}}));
  return tx.Commit();
}

Result<std::vector<Issuer>> ListIssuers(store::Database& db) {
  store::Statement q = db.Prepare(
      "SELECT key_id, public_pem, holder, title, registered_ms FROM issuers ORDER BY "
      "registered_ms, key_id");
  std::vector<Issuer> out;
  KHAOTHI_RETURN_IF_ERROR(q.ForEachRow([&](const store::Statement& row) {
    out.push_back({row.ColumnText(0), row.ColumnText(1), row.ColumnText(2), row.ColumnText(3),
                   row.ColumnInt64(4)});
  }));
  return out;
}

Result<Issuer> ActiveIssuer(store::Database& db) {
  store::Statement q = db.Prepare(
      "SELECT key_id, public_pem, holder, title, registered_ms FROM issuers WHERE retired_ms IS "
      "NULL");
  KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) {
    return Status::NotFound(Bilingual(
        "chưa đăng ký khóa cấp chứng chỉ; thủ trưởng chạy `khaothi keys init-issuer`",
        "no issuing key is registered; the head of centre runs `khaothi keys init-issuer`"));
  }
  return Issuer{q.ColumnText(0), q.ColumnText(1), q.ColumnText(2), q.ColumnText(3),
                q.ColumnInt64(4)};
}

}  // namespace khaothi::centre
