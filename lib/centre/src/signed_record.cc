#include "khaothi/centre/signed_record.h"

#include <utility>

#include <boost/json.hpp>

#include "khaothi/centre/canonical_json.h"

namespace khaothi::centre {
namespace {

Result<boost::json::object> NfcRecord(const boost::json::object& record) {
  KHAOTHI_ASSIGN_OR_RETURN(boost::json::value nfc, ToNfc(record));
  return std::move(nfc.get_object());
}

}  // namespace

Result<std::string> SignRecord(const crypto::SigningKey& key, boost::json::object record) {
  // A receipt is signed at every submission: most records are NFC already, and need no copy.
  if (IsCanonicalNfc(record)) {
    return records::SignRecord(key, std::move(record));
  }
  KHAOTHI_ASSIGN_OR_RETURN(boost::json::object nfc, NfcRecord(record));
  return records::SignRecord(key, std::move(nfc));
}

Result<std::string> SignRecordRaw(const crypto::SigningKey& key, boost::json::object& record) {
  KHAOTHI_ASSIGN_OR_RETURN(record, NfcRecord(record));
  return records::SignRecordRaw(key, record);
}

Result<std::string> CompactToken(const boost::json::object& record, std::string_view signature) {
  KHAOTHI_ASSIGN_OR_RETURN(const boost::json::object nfc, NfcRecord(record));
  return records::CompactToken(nfc, signature);
}

}  // namespace khaothi::centre
