#include "khaothi/registry/centres.h"

#include <algorithm>
#include <cctype>
#include <memory>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "khaothi/crypto/crypto.h"
#include "khaothi/registry/messages.h"

#include "registry_internal.h"

namespace khaothi::registry {
namespace {

Status CheckCode(const std::string& code) {
  if (!IsValidCentreCode(code)) {
    return Status::InvalidArgument(Bilingual(
        "mã trung tâm '" + code + "' chỉ gồm chữ, số, '-' và '_' (1 đến 32 ký tự)",
        "the centre code '" + code + "' may hold only letters, digits, '-' and '_' (1 to 32)"));
  }
  return Status::Ok();
}

Status CheckName(const std::string& name) {
  if (name.empty() || name.size() > 200 || name.find_first_of("\r\n") != std::string::npos ||
      !internal::IsValidUtf8(name)) {
    return Status::InvalidArgument(
        Bilingual("tên trung tâm phải là một dòng UTF-8, 1 đến 200 byte",
                  "the centre's name must be one line of UTF-8, 1 to 200 bytes"));
  }
  return Status::Ok();
}

Status CheckProvince(const std::string& province) {
  if (province.size() > 100 || !internal::IsValidUtf8(province) ||
      std::any_of(province.begin(), province.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return Status::InvalidArgument(
        Bilingual("tỉnh/thành phố phải là một dòng UTF-8, tối đa 100 byte",
                  "the province must be one line of UTF-8, at most 100 bytes"));
  }
  return Status::Ok();
}

Status CheckDate(const std::string& date, std::string_view vi, std::string_view en) {
  if (!internal::IsDate(date)) {
    return Status::InvalidArgument(
        Bilingual(std::string(vi) + " '" + date + "' phải có dạng YYYY-MM-DD",
                  std::string(en) + " '" + date + "' must be YYYY-MM-DD"));
  }
  return Status::Ok();
}

Result<std::string> KeyIdOf(const std::string& pem) {
  Result<std::string> id = crypto::PublicKeyId(pem);
  if (!id.ok()) {
    return Status::InvalidArgument(Bilingual("khóa công khai không phải khóa Ed25519 dạng PEM: ",
                                             "the public key is not an Ed25519 PEM key: ") +
                                   id.status().message());
  }
  return id;
}

Status UnknownCentre(const std::string& code) {
  return Status::NotFound(Bilingual("không có trung tâm mã '" + code + "'",
                                    "there is no centre with the code '" + code + "'"));
}

// The taken unique value a kAlreadyExists from PostgreSQL stands for, in the user's words.
Status Taken(const Status& s) {
  if (!s.IsAlreadyExists()) {
    return s;
  }
  const std::string& m = s.message();
  if (m.find("centres_pkey") != std::string::npos) {
    return Status::AlreadyExists(
        Bilingual("mã trung tâm này đã được đăng ký", "this centre code is registered already"));
  }
  if (m.find("client_cert_sha256") != std::string::npos) {
    return Status::AlreadyExists(Bilingual("chứng chỉ máy khách này đã thuộc một trung tâm khác",
                                           "this client certificate belongs to a centre already"));
  }
  if (m.find("centre_keys_pkey") != std::string::npos) {
    return Status::AlreadyExists(
        Bilingual("khóa ký này đã được đăng ký", "this signing key is registered already"));
  }
  return s;
}

}  // namespace

bool IsValidCentreCode(std::string_view code) {
  if (code.empty() || code.size() > 32) {
    return false;
  }
  for (const char c : code) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '_') {
      return false;
    }
  }
  return true;
}

Result<std::string> NormaliseFingerprint(std::string_view text) {
  std::string hex;
  for (const char c : text) {
    if (c == ':') {
      continue;
    }
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) {
      hex.clear();
      break;
    }
    hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (hex.size() != 64) {
    return Status::InvalidArgument(Bilingual("dấu vân tay SHA-256 phải gồm 64 chữ số hệ 16",
                                             "a SHA-256 fingerprint has 64 hex digits"));
  }
  return hex;
}

Result<std::string> CertificatePemFingerprint(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      bio == nullptr ? nullptr : PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr),
      &X509_free);
  if (cert == nullptr) {
    return Status::InvalidArgument(Bilingual("tệp không chứa chứng chỉ X.509 dạng PEM",
                                             "the file holds no PEM X.509 certificate"));
  }
  return internal::CertificateSha256(cert.get());
}

std::string_view ToString(KeyPurpose purpose) {
  return purpose == KeyPurpose::kIssuing ? "issuing" : "receipt";
}

Status AddCentre(pg::Connection& conn, const NewCentre& c) {
  KHAOTHI_RETURN_IF_ERROR(CheckCode(c.code));
  KHAOTHI_RETURN_IF_ERROR(CheckName(c.name));
  KHAOTHI_RETURN_IF_ERROR(CheckProvince(c.province));
  KHAOTHI_ASSIGN_OR_RETURN(const std::string fingerprint,
                           NormaliseFingerprint(c.client_cert_sha256));
  KHAOTHI_ASSIGN_OR_RETURN(const std::string key_id, KeyIdOf(c.issuer_public_pem));
  std::string receipt_key_id;
  if (!c.receipt_public_pem.empty()) {
    KHAOTHI_ASSIGN_OR_RETURN(receipt_key_id, KeyIdOf(c.receipt_public_pem));
  }
  if (!c.valid_from.empty()) {
    KHAOTHI_RETURN_IF_ERROR(CheckDate(c.valid_from, "ngày bắt đầu hiệu lực", "the start date"));
  }
  pg::Transaction tx(conn);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_RETURN_IF_ERROR(Taken(conn.Exec(
      "add centre",
      "INSERT INTO centres(code, name, client_cert_sha256, province) VALUES ($1, $2, $3, $4)",
      {c.code, c.name, fingerprint, c.province})));
  KHAOTHI_RETURN_IF_ERROR(
      Taken(conn.Exec("add key",
                      "INSERT INTO centre_keys(key_id, centre_code, public_pem, valid_from) "
                      "VALUES ($1, $2, $3, $4::date)",
                      {key_id, c.code, c.issuer_public_pem,
                       c.valid_from.empty() ? pg::Param(std::nullopt) : pg::Param(c.valid_from)})));
  if (!receipt_key_id.empty()) {
    KHAOTHI_RETURN_IF_ERROR(Taken(
        conn.Exec("add key",
                  "INSERT INTO centre_keys(key_id, centre_code, public_pem, valid_from, purpose) "
                  "VALUES ($1, $2, $3, $4::date, 'receipt')",
                  {receipt_key_id, c.code, c.receipt_public_pem,
                   c.valid_from.empty() ? pg::Param(std::nullopt) : pg::Param(c.valid_from)})));
  }
  return tx.Commit();
}

Result<std::vector<CentreInfo>> ListCentres(pg::Connection& conn) {
  KHAOTHI_ASSIGN_OR_RETURN(
      pg::Rows rows,
      conn.Query("list centres",
                 "SELECT c.code, c.name, c.state, c.state_reason, c.client_cert_sha256, "
                 "(SELECT count(*) FROM records r WHERE r.centre_code = c.code), c.province "
                 "FROM centres c ORDER BY c.code"));
  KHAOTHI_ASSIGN_OR_RETURN(
      pg::Rows keys,
      conn.Query("list keys",
                 "SELECT centre_code, key_id, public_pem, coalesce(valid_from::text, ''), "
                 "coalesce(valid_until::text, ''), purpose FROM centre_keys "
                 "ORDER BY centre_code, purpose, valid_from NULLS FIRST, added_at"));
  std::vector<CentreInfo> out;
  for (int i = 0; i < rows.size(); ++i) {
    CentreInfo c{.code = rows.Text(i, 0),
                 .name = rows.Text(i, 1),
                 .state = rows.Text(i, 2),
                 .state_reason = rows.Text(i, 3),
                 .client_cert_sha256 = rows.Text(i, 4),
                 .keys = {},
                 .records = rows.Int64(i, 5),
                 .province = rows.Text(i, 6)};
    for (int k = 0; k < keys.size(); ++k) {
      if (keys.Text(k, 0) == c.code) {
        c.keys.push_back(
            {keys.Text(k, 5) == "receipt" ? KeyPurpose::kReceipt : KeyPurpose::kIssuing,
             keys.Text(k, 1), keys.Text(k, 2), keys.Text(k, 3), keys.Text(k, 4)});
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

Result<CentreInfo> GetCentre(pg::Connection& conn, const std::string& code) {
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<CentreInfo> all, ListCentres(conn));
  for (CentreInfo& c : all) {
    if (c.code == code) {
      return std::move(c);
    }
  }
  return UnknownCentre(code);
}

Status RotateKey(pg::Connection& conn, const std::string& code, KeyPurpose purpose,
                 const std::string& new_public_pem, const std::string& from) {
  KHAOTHI_RETURN_IF_ERROR(CheckCode(code));
  KHAOTHI_RETURN_IF_ERROR(CheckDate(from, "ngày đổi khóa", "the rotation date"));
  KHAOTHI_ASSIGN_OR_RETURN(const std::string key_id, KeyIdOf(new_public_pem));
  pg::Transaction tx(conn);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_ASSIGN_OR_RETURN(
      pg::Rows centre,
      conn.Query("find centre", "SELECT 1 FROM centres WHERE code = $1 FOR UPDATE", {code}));
  if (centre.empty()) {
    return UnknownCentre(code);
  }
  KHAOTHI_ASSIGN_OR_RETURN(
      pg::Rows current, conn.Query("find current key",
                                   "SELECT key_id, coalesce(valid_from::text, '') FROM centre_keys "
                                   "WHERE centre_code = $1 AND purpose = $2 AND "
                                   "valid_until IS NULL",
                                   {code, std::string(ToString(purpose))}));
  if (!current.empty() && current.Text(0, 1) > from) {
    return Status::InvalidArgument(
        Bilingual("ngày đổi khóa " + from + " trước ngày khóa hiện tại bắt đầu hiệu lực (" +
                      current.Text(0, 1) + ")",
                  "the rotation date " + from + " is before the current key's start (" +
                      current.Text(0, 1) + ")"));
  }
  if (!current.empty()) {
    KHAOTHI_RETURN_IF_ERROR(conn.Exec(
        "close the current key", "UPDATE centre_keys SET valid_until = $2::date WHERE key_id = $1",
        {current.Text(0, 0), from}));
  }
  KHAOTHI_RETURN_IF_ERROR(Taken(
      conn.Exec("add key",
                "INSERT INTO centre_keys(key_id, centre_code, public_pem, valid_from, purpose) "
                "VALUES ($1, $2, $3, $4::date, $5)",
                {key_id, code, new_public_pem, from, std::string(ToString(purpose))})));
  return tx.Commit();
}

Status SetClientCertificate(pg::Connection& conn, const std::string& code,
                            const std::string& client_cert_sha256) {
  KHAOTHI_ASSIGN_OR_RETURN(const std::string fingerprint, NormaliseFingerprint(client_cert_sha256));
  KHAOTHI_ASSIGN_OR_RETURN(
      pg::Rows r, conn.Query("set client certificate",
                             "UPDATE centres SET client_cert_sha256 = $2, updated_at = now() "
                             "WHERE code = $1 RETURNING code",
                             {code, fingerprint}));
  return r.empty() ? UnknownCentre(code) : Status::Ok();
}

Status SuspendCentre(pg::Connection& conn, const std::string& code, const std::string& reason) {
  if (reason.empty() || !internal::IsValidUtf8(reason)) {
    return Status::InvalidArgument(
        Bilingual("đình chỉ cần lý do (--reason)", "a suspension needs a reason (--reason)"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(pg::Rows r,
                           conn.Query("suspend centre",
                                      "UPDATE centres SET state = 'suspended', state_reason = $2, "
                                      "updated_at = now() WHERE code = $1 RETURNING code",
                                      {code, reason}));
  return r.empty() ? UnknownCentre(code) : Status::Ok();
}

Status SetCentreProvince(pg::Connection& conn, const std::string& code,
                         const std::string& province) {
  KHAOTHI_RETURN_IF_ERROR(CheckProvince(province));
  KHAOTHI_ASSIGN_OR_RETURN(pg::Rows r, conn.Query("set the province",
                                                  "UPDATE centres SET province = $2, updated_at = "
                                                  "now() WHERE code = $1 RETURNING code",
                                                  {code, province}));
  return r.empty() ? UnknownCentre(code) : Status::Ok();
}

Status ResumeCentre(pg::Connection& conn, const std::string& code) {
  KHAOTHI_ASSIGN_OR_RETURN(pg::Rows r,
                           conn.Query("resume centre",
                                      "UPDATE centres SET state = 'active', state_reason = '', "
                                      "updated_at = now() WHERE code = $1 RETURNING code",
                                      {code}));
  return r.empty() ? UnknownCentre(code) : Status::Ok();
}

Result<std::string> CentreByCertificate(pg::Connection& conn, const std::string& sha256) {
  KHAOTHI_ASSIGN_OR_RETURN(
      pg::Rows r, conn.Query("find centre by certificate",
                             "SELECT code FROM centres WHERE client_cert_sha256 = $1", {sha256}));
  if (r.empty()) {
    return Status::NotFound(Bilingual("chứng chỉ máy khách chưa được đăng ký cho trung tâm nào",
                                      "the client certificate is not registered for any centre"));
  }
  return r.Text(0, 0);
}

}  // namespace khaothi::registry
