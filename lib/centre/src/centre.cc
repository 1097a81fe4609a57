#include "khaothi/centre/centre.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "centre_internal.h"

namespace khaothi::centre {

namespace internal {

namespace {

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

bool IsId(std::string_view s, size_t max) {
  return !s.empty() && s.size() <= max && std::all_of(s.begin(), s.end(), IsIdChar);
}

size_t CountChars(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

Status StepRow(store::Statement& q, const std::string& missing) {
  KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? Status::Ok() : Status::NotFound(missing);
}

Result<std::string> SessionState(store::Database& db, const std::string& id) {
  store::Statement q = db.Prepare("SELECT state FROM sessions WHERE id = ?");
  q.Bind(1, id);
  KHAOTHI_RETURN_IF_ERROR(
      internal::StepRow(q, Bilingual("không có ca thi '" + id + "'", "no session '" + id + "'")));
  return q.ColumnText(0);
}

}  // namespace internal

namespace {

namespace json = boost::json;
using internal::Audit;

}  // namespace

std::string Bilingual(std::string_view vi, std::string_view en) {
  std::string out;
  out.reserve(vi.size() + en.size() + 3);
  out += kBilingualOpen;
  out += vi;
  out += kBilingualSeparator;
  out += en;
  out += kBilingualClose;
  return out;
}

std::string Localize(std::string_view message, bool english) {
  std::string out;
  out.reserve(message.size());
  size_t i = 0;
  while (i < message.size()) {
    const size_t open = message.find(kBilingualOpen, i);
    const size_t sep = open == std::string_view::npos ? std::string_view::npos
                                                      : message.find(kBilingualSeparator, open + 1);
    const size_t close =
        sep == std::string_view::npos ? std::string_view::npos : message.find(kBilingualClose, sep);
    if (close == std::string_view::npos) {
      out.append(message.substr(i));
      break;
    }
    out.append(message.substr(i, open - i));
    out.append(english ? message.substr(sep + 1, close - sep - 1)
                       : message.substr(open + 1, sep - open - 1));
    i = close + 1;
  }
  return out;
}

Change CliChange() {
  const char* user = std::getenv("USER");
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return {.actor = std::string("cli:") + (user != nullptr && *user != '\0' ? user : "staff"),
          .at_ms = now.count()};
}

Status InitCentre(store::Database& db, const std::string& code, const std::string& name,
                  const Change& change) {
  if (!IsValidCentreCode(code)) {
    return Status::InvalidArgument(Bilingual(
        "mã trung tâm '" + code + "' chỉ gồm chữ, số, '-' và '_' (1 đến 32 ký tự)",
        "the centre code '" + code + "' may hold only letters, digits, '-' and '_' (1 to 32)"));
  }
  Result<std::string> clean = internal::CleanLine(name);
  if (!clean.ok() || clean->empty()) {
    return Status::InvalidArgument(Bilingual("tên trung tâm phải là một dòng chữ",
                                             "the centre name must be one line of text") +
                                   (clean.ok() ? std::string() : ": " + clean.status().message()));
  }
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  store::Statement exists = db.Prepare("SELECT code FROM centre");
  KHAOTHI_ASSIGN_OR_RETURN(bool row, exists.Step());
  if (row) {
    return Status::AlreadyExists(
        Bilingual("cơ sở dữ liệu này đã thuộc trung tâm " + exists.ColumnText(0),
                  "this database already belongs to centre " + exists.ColumnText(0)));
  }
  store::Statement insert =
      db.Prepare("INSERT INTO centre(id, code, name, created_ms) VALUES (1, ?, ?, ?)");
  insert.Bind(1, code);
  insert.Bind(2, *clean);
  insert.Bind(3, change.at_ms);
  KHAOTHI_RETURN_IF_ERROR(insert.Run());
  KHAOTHI_RETURN_IF_ERROR(
      Audit(db, change, "centre.init", code, {{"code", code}, {"name", *clean}}));
  return tx.Commit();
}

Result<CentreInfo> GetCentre(store::Database& db) {
  store::Statement q = db.Prepare("SELECT code, name, created_ms FROM centre WHERE id = 1");
  KHAOTHI_RETURN_IF_ERROR(internal::StepRow(
      q, Bilingual("cơ sở dữ liệu chưa có trung tâm nào (chạy `khaothi init` để tạo)",
                   "the database holds no centre (run `khaothi init` to create one)")));
  CentreInfo info{.code = q.ColumnText(0), .name = q.ColumnText(1), .created_ms = q.ColumnInt64(2)};
  store::Statement details =
      db.Prepare("SELECT key, value FROM meta WHERE key IN ('centre.place', 'centre.supervisor')");
  KHAOTHI_RETURN_IF_ERROR(details.ForEachRow([&](const store::Statement& row) {
    (row.ColumnText(0) == "centre.place" ? info.place : info.supervisor) = row.ColumnText(1);
  }));
  return info;
}

Status SetCentreDetails(store::Database& db, const std::optional<std::string>& place,
                        const std::optional<std::string>& supervisor, const Change& change) {
  json::object detail;
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& [key, value] : {std::pair{"place", &place}, {"supervisor", &supervisor}}) {
    if (!value->has_value()) {
      continue;
    }
    Result<std::string> clean = internal::CleanLine(**value);
    if (!clean.ok() || clean->empty() || internal::CountChars(*clean) > 120) {
      return Status::InvalidArgument(Bilingual(
          std::string(key == std::string("place") ? "địa danh" : "cơ quan chủ quản") +
              " của trung tâm phải là một dòng từ 1 đến 120 ký tự",
          std::string("the centre's ") + key + " must be one line of 1 to 120 characters"));
    }
    detail[key] = *clean;
    rows.emplace_back(std::string("centre.") + key, *clean);
  }
  if (rows.empty()) {
    return Status::InvalidArgument(
        Bilingual("không có gì để đặt (cho --place và/hoặc --supervisor)",
                  "nothing to set (give --place and/or --supervisor)"));
  }
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  KHAOTHI_ASSIGN_OR_RETURN(CentreInfo centre, GetCentre(db));
  for (const auto& [key, value] : rows) {
    store::Statement q = db.Prepare(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    q.Bind(1, key);
    q.Bind(2, value);
    KHAOTHI_RETURN_IF_ERROR(q.Run());
  }
  KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "centre.details", centre.code, detail));
  return tx.Commit();
}

bool IsValidSessionId(std::string_view id) { return internal::IsId(id, 64); }

bool IsValidCentreCode(std::string_view code) { return internal::IsId(code, 32); }

}  // namespace khaothi::centre
