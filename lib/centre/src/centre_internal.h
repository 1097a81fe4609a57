// Helpers shared by the centre library's sources; not part of its interface.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "khaothi/centre/centre.h"
#include "khaothi/engine/item.h"
#include "khaothi/engine/status.h"
#include "khaothi/store/database.h"

namespace khaothi::centre::internal {

// Whether `s` is 1..`max` ASCII letters, digits, '-' or '_' (session ids, centre codes).
bool IsId(std::string_view s, size_t max);

// The number of characters (code points) of valid UTF-8 `s`.
size_t CountChars(std::string_view s);

// One step of a query expected to return a row: kNotFound with `missing` when it returns none.
Status StepRow(store::Statement& q, const std::string& missing);

// The state of session `id` ("draft", "open", "closed"); kNotFound when there is none.
Result<std::string> SessionState(store::Database& db, const std::string& id);

// Whether y-m-d is a day of the Gregorian calendar with 1900 <= y <= 2100.
bool IsRealDate(int y, int m, int d);
// 'YYYY-MM-DD' when `s` is exactly a real date in that form; nullopt otherwise.
std::optional<std::string> ParseIsoDate(std::string_view s);
// The ISO date `months` calendar months before `iso` (after it when `months` is negative; the
// day clamped to the month's length). REQUIRES: ParseIsoDate(iso) holds.
std::string MonthsBefore(const std::string& iso, int months);

// One line of text as stored: NFC, leading and trailing whitespace removed, every run of
// spaces, tabs and line breaks turned into one space. kInvalidArgument when `s` is not valid
// UTF-8 or holds another control character.
Result<std::string> CleanLine(std::string_view s);

// A spelling-insensitive key for matching words typed by people: Unicode NFD with the marks
// removed, 'đ' and 'Đ' as 'd', ASCII lower case, and everything but letters and digits dropped.
// "Số báo danh", "so_bao_danh" and "SO BAO DANH" all give "sobaodanh". REQUIRES: valid UTF-8.
std::string FoldKey(std::string_view s);

// Appends the audit entry for `change` inside the caller's transaction; `detail` becomes
// canonical JSON.
Status Audit(store::Database& db, const Change& change, std::string action, std::string subject,
             const boost::json::object& detail);

// The seed as 16 lower-case hex digits, as forms.form and the form.issue audit entry hold it.
std::string SeedHex(uint64_t seed);

// One line of a bank snapshot's manifest (docs/forms.md, "The bank snapshot").
struct ManifestLine {
  std::string id;
  int version = 0;
  std::string content_sha256;
};

// The lines of `manifest`; kCorruption naming the first line that is not "id TAB version TAB
// 64-hex LF" or is out of order (ids strictly increasing byte-wise).
Result<std::vector<ManifestLine>> ParseManifest(std::string_view manifest);

// OK when `items` are exactly the (id, version) pairs the manifest lists, in its order;
// kUnavailable otherwise (the bank changed between the two reads; opening again works).
Status CheckManifestMatches(std::string_view manifest, const std::vector<engine::Item>& items);

}  // namespace khaothi::centre::internal
