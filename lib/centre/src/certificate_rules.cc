#include "certificate_rules.h"

#include <ctime>
#include <optional>
#include <utility>

#include <boost/json.hpp>

#include "khaothi/centre/signed_record.h"

#include "centre_internal.h"

namespace khaothi::centre::internal {

Result<Issuer> CheckIssuer(store::Database& db, const crypto::SigningKey& key) {
  KHAOTHI_ASSIGN_OR_RETURN(Issuer issuer, ActiveIssuer(db));
  if (issuer.key_id != key.KeyId()) {
    return Status::PermissionDenied(Bilingual(
        "khóa " + key.KeyId() + " không phải khóa cấp chứng chỉ đã đăng ký của thủ trưởng (" +
            issuer.key_id + "); chỉ thủ trưởng được ký",
        "key " + key.KeyId() + " is not the head of centre's registered issuing key (" +
            issuer.key_id + "); only the head may sign"));
  }
  return issuer;
}

Result<std::string> CheckDate(const std::string& date) {
  std::optional<std::string> d = internal::ParseIsoDate(date);
  if (!d) {
    return Status::InvalidArgument(Bilingual("'" + date + "' không phải ngày dạng YYYY-MM-DD",
                                             "'" + date + "' is not a date YYYY-MM-DD"));
  }
  return *d;
}

std::string LocalDate(int64_t at_ms) {
  const std::time_t t = static_cast<std::time_t>(at_ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

Status CheckDateOrder(const std::string& day, std::string_view act_vi, std::string_view act_en,
                      const std::string& earliest, std::string_view earlier_vi,
                      std::string_view earlier_en, const std::string& today) {
  if (day > today) {
    return Status::InvalidArgument(
        Bilingual(std::string(act_vi) + " " + day + " là ngày trong tương lai (hôm nay là " +
                      today + "); không ghi lùi hay ghi trước ngày",
                  std::string(act_en) + " " + day + " is in the future (today is " + today + ")"));
  }
  if (!earliest.empty() && day < earliest) {
    return Status::InvalidArgument(Bilingual(
        std::string(act_vi) + " " + day + " trước " + std::string(earlier_vi) + " " + earliest +
            "; thứ tự phải là ngày thi ≤ ngày quyết định ≤ ngày cấp ≤ ngày thu hồi",
        std::string(act_en) + " " + day + " is before " + std::string(earlier_en) + " " + earliest +
            "; dates must run exam ≤ decision ≤ issue ≤ revocation"));
  }
  return Status::Ok();
}

std::string Pad(int64_t n, int width) {
  std::string s = std::to_string(n);
  if (static_cast<int>(s.size()) < width) {
    s.insert(0, static_cast<size_t>(width) - s.size(), '0');
  }
  return s;
}

Result<boost::json::object> EnvelopeRecord(const std::string& text) {
  KHAOTHI_ASSIGN_OR_RETURN(SignedRecord env, ParseEnvelope(text));
  return std::move(env.record);
}

}  // namespace khaothi::centre::internal
