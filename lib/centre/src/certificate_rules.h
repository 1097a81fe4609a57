// Rules shared by the centre's certificate sources (issuers, decisions, issuing, the register);
// not part of the library's interface.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "khaothi/centre/certificates.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"

namespace khaothi::centre::internal {

// The active issuer, which `key` must be; kPermissionDenied when it is another key.
Result<Issuer> CheckIssuer(store::Database& db, const crypto::SigningKey& key);

// `date` as 'YYYY-MM-DD'; kInvalidArgument when it is not a real date in that form.
Result<std::string> CheckDate(const std::string& date);

// The centre's local date at `at_ms`, 'YYYY-MM-DD': the day a person at the centre writes.
std::string LocalDate(int64_t at_ms);

// A date an act is dated with: kInvalidArgument when it is after `today` or before `earliest`
// (which is the date of the act it follows: the exam, the decision, the issue). The order of a
// certificate's dates is exam <= decision <= issue <= revocation, and none is in the future.
// ISO dates compare as strings.
Status CheckDateOrder(const std::string& day, std::string_view act_vi, std::string_view act_en,
                      const std::string& earliest, std::string_view earlier_vi,
                      std::string_view earlier_en, const std::string& today);

// `n` in decimal, zero-padded on the left to `width` digits.
std::string Pad(int64_t n, int width);

// The record of a signed envelope's text; kCorruption when it is not one.
Result<boost::json::object> EnvelopeRecord(const std::string& text);

}  // namespace khaothi::centre::internal
