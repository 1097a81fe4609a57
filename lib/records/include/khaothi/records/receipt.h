// The receipt: the signed record the server gives a candidate for every submission, proof of
// what was submitted, when and how. It is a signed record (signed_record.h) of kind
// "khaothi.receipt.v1":
//   {"kind":"khaothi.receipt.v1","id":"<centre>/<session>/<sbd>","centre":..,"session":..,
//    "sbd":..,"full_name":..,"blueprint":..,"bank_snapshot":..,"started_ms":<int>,
//    "submitted_ms":<int>,"submitted_by":..,"answers_sha256":"<64 hex>","key_id":..}
// answers_sha256 is the SHA-256 of the canonical JSON of the responses, one array of chosen
// option indexes per slot, so a candidate's answers can be matched without being disclosed.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "khaothi/engine/status.h"

namespace khaothi::records {

inline constexpr std::string_view kReceiptKind = "khaothi.receipt.v1";

struct Receipt {
  std::string centre;
  std::string session;
  std::string sbd;
  std::string full_name;
  std::string blueprint;
  std::string bank_snapshot;
  int64_t started_ms = 0;    // 0 when the attempt never started
  int64_t submitted_ms = 0;  // 0 when it is not closed
  std::string submitted_by;  // engine::ToString(SubmittedBy)
  std::string answers_sha256;
};

// The hex SHA-256 of the responses' canonical JSON ([[0,2],[],[1]]).
[[nodiscard]] std::string AnswersSha256(const std::vector<std::vector<int>>& responses);

// The receipt's record, without key_id (signing adds it). Its text is written as given: the
// centre signs it through khaothi/centre/signed_record.h, which normalises it to NFC.
[[nodiscard]] boost::json::object ReceiptRecord(const Receipt& receipt);

// The receipt a record holds. kInvalidArgument when `record` is not a receipt: another kind, a
// missing field or a field of the wrong type.
[[nodiscard]] Result<Receipt> ReadReceipt(const boost::json::object& record);

}  // namespace khaothi::records
