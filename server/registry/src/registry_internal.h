// Small helpers the registry's sources share; private to the library.
#pragma once

#include <string>
#include <string_view>

#include <openssl/x509.h>

#include "khaothi/records/canonical_json.h"

namespace khaothi::registry::internal {

using records::IsValidUtf8;

// Whether `text` is a calendar date written 'YYYY-MM-DD' (years 1900 to 9999).
bool IsDate(std::string_view text);

// SHA-256 of the certificate's DER, 64 lower-case hex digits: how the registry names a centre's
// client certificate.
std::string CertificateSha256(X509* cert);

}  // namespace khaothi::registry::internal
