// The candidate list (danh sách thí sinh) as CSV, the way Excel and LibreOffice write it.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "khaothi/bank/text.h"
#include "khaothi/centre/centre.h"
#include "khaothi/centre/limits.h"

#include "centre_internal.h"

namespace khaothi::centre {
namespace {

enum Field { kSbd, kFullName, kDateOfBirth, kSex, kPlaceOfBirth, kIdNumber, kRoom, kFieldCount };

struct FieldSpec {
  const char* label;                   // how messages name the column
  std::vector<std::string_view> keys;  // FoldKey of the accepted headers
  const char* spellings;               // the headers, for a message about a missing column
};

const std::array<FieldSpec, kFieldCount>& Fields() {
  static const std::array<FieldSpec, kFieldCount> kFields = {{
      {"số báo danh", {"sbd", "sobaodanh"}, "sbd, so_bao_danh or số báo danh"},
      {"họ và tên", {"hoten", "hovaten", "fullname"}, "ho_ten, họ và tên or full_name"},
      {"ngày sinh", {"ngaysinh", "dateofbirth"}, "ngay_sinh, ngày sinh or date_of_birth"},
      {"giới tính", {"gioitinh", "sex"}, "gioi_tinh, giới tính or sex"},
      {"nơi sinh", {"noisinh", "placeofbirth"}, "noi_sinh, nơi sinh or place_of_birth"},
      {"số CCCD",
       {"cccd", "socccd", "cmnd", "socmnd", "cccdcmnd", "cmndcccd", "idnumber"},
       "cccd, số cccd or id_number"},
      {"phòng", {"phong", "phongthi", "room"}, "phong, phòng or room"},
  }};
  return kFields;
}

struct Record {
  int line = 0;
  std::vector<std::string> fields;
};

class Problems {
 public:
  void Add(int line, std::string message) { list_.push_back({line, std::move(message)}); }
  bool empty() const { return list_.empty(); }

  // "line 3: ...\nline 9: ..." sorted by line, at most CentreLimits::max_reported_problems of them.
  Status ToStatus() {
    std::stable_sort(list_.begin(), list_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string text;
    for (size_t i = 0; i < list_.size() && i < CentreLimits::max_reported_problems; ++i) {
      text += (i == 0 ? "" : "\n") + Bilingual("dòng ", "line ") + std::to_string(list_[i].first) +
              ": " + list_[i].second;
    }
    if (list_.size() > CentreLimits::max_reported_problems) {
      const std::string more = std::to_string(list_.size() - CentreLimits::max_reported_problems);
      text += "\n" + Bilingual("... và " + more + " lỗi nữa", "... and " + more + " more");
    }
    return Status::InvalidArgument(text);
  }

 private:
  std::vector<std::pair<int, std::string>> list_;
};

// The separator the header line uses: ';' when it has more semicolons than commas outside
// quotes (Excel in a locale whose decimal mark is ','), else ','.
char DetectSeparator(std::string_view text) {
  int commas = 0;
  int semicolons = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && (c == '\n' || c == '\r')) {
      break;
    } else if (!quoted) {
      commas += c == ',' ? 1 : 0;
      semicolons += c == ';' ? 1 : 0;
    }
  }
  return semicolons > commas ? ';' : ',';
}

// RFC 4180 records. A problem in the quoting stops the split (the rest cannot be trusted).
std::vector<Record> SplitRecords(std::string_view text, char sep, Problems& problems) {
  std::vector<Record> records;
  const size_t n = text.size();
  size_t i = 0;
  int line = 1;
  auto at_line_end = [&](size_t k) { return k >= n || text[k] == '\n' || text[k] == '\r'; };
  while (i < n) {
    Record rec{line, {}};
    while (true) {
      std::string field;
      size_t k = i;
      while (k < n && (text[k] == ' ' || text[k] == '\t')) {
        ++k;
      }
      if (k < n && text[k] == '"') {
        i = k + 1;
        bool closed = false;
        while (i < n) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n' || (c == '\r' && (i + 1 >= n || text[i + 1] != '\n'))) {
            ++line;
          }
          field += c;
          ++i;
        }
        if (!closed) {
          problems.Add(rec.line, Bilingual("một trường trong ngoặc kép chưa đóng (thiếu một '\"')",
                                           "a quoted field is not closed (a '\"' is missing)"));
          return records;
        }
        while (i < n && (text[i] == ' ' || text[i] == '\t')) {
          ++i;
        }
        if (i < n && text[i] != sep && !at_line_end(i)) {
          problems.Add(line, Bilingual("có chữ sau dấu '\"' đóng của một trường trong ngoặc kép",
                                       "text after the closing '\"' of a quoted field"));
          return records;
        }
      } else {
        while (i < n && text[i] != sep && !at_line_end(i)) {
          field += text[i++];
        }
      }
      rec.fields.push_back(std::move(field));
      if (i < n && text[i] == sep) {
        ++i;
        continue;
      }
      if (i < n && text[i] == '\r') {
        ++i;
        if (i < n && text[i] == '\n') {
          ++i;
        }
        ++line;
      } else if (i < n && text[i] == '\n') {
        ++i;
        ++line;
      }
      break;
    }
    records.push_back(std::move(rec));
  }
  return records;
}

bool Blank(const Record& r) {
  return std::all_of(r.fields.begin(), r.fields.end(),
                     [](const std::string& f) { return bank::Trim(f).empty(); });
}

// Every physical line holding invalid UTF-8.
std::vector<int> InvalidUtf8Lines(std::string_view text) {
  std::vector<int> lines;
  size_t start = 0;
  int line = 1;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    if (bank::FindInvalidUtf8(text.substr(start, end - start)) != std::string_view::npos) {
      lines.push_back(line);
    }
    start = end + 1;
    ++line;
  }
  return lines;
}

bool ParseInt(std::string_view s, int& out) {
  if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string_view::npos) {
    return false;
  }
  return std::from_chars(s.data(), s.data() + s.size(), out).ec == std::errc();
}

// dd/mm/yyyy (also '-' or '.', one-digit day and month allowed) or yyyy-mm-dd; the date as
// 'YYYY-MM-DD' or an error message.
Result<std::string> ParseDate(const std::string& s) {
  const size_t a = s.find_first_of("/-.");
  const size_t b = a == std::string::npos ? a : s.find_first_of("/-.", a + 1);
  if (a == std::string::npos || b == std::string::npos ||
      s.find_first_of("/-.", b + 1) != std::string::npos || s[a] != s[b]) {
    return Status::InvalidArgument(Bilingual("không phải ngày (viết dd/mm/yyyy hoặc yyyy-mm-dd)",
                                             "is not a date (use dd/mm/yyyy or yyyy-mm-dd)"));
  }
  const std::string_view p1 = std::string_view(s).substr(0, a);
  const std::string_view p2 = std::string_view(s).substr(a + 1, b - a - 1);
  const std::string_view p3 = std::string_view(s).substr(b + 1);
  int y = 0;
  int m = 0;
  int d = 0;
  bool parsed = false;
  if (p1.size() == 4 && s[a] == '-') {
    parsed =
        ParseInt(p1, y) && p2.size() <= 2 && ParseInt(p2, m) && p3.size() <= 2 && ParseInt(p3, d);
  } else if (p3.size() == 4) {
    parsed =
        p1.size() <= 2 && ParseInt(p1, d) && p2.size() <= 2 && ParseInt(p2, m) && ParseInt(p3, y);
  }
  if (!parsed) {
    return Status::InvalidArgument(Bilingual("không phải ngày (viết dd/mm/yyyy hoặc yyyy-mm-dd)",
                                             "is not a date (use dd/mm/yyyy or yyyy-mm-dd)"));
  }
  if (!internal::IsRealDate(y, m, d)) {
    return Status::InvalidArgument(Bilingual("không phải ngày có thật", "is not a real date"));
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

// Fills `c` from `rec`; adds a problem for each bad field.
void ReadRow(const Record& rec, const std::array<int, kFieldCount>& column,
             const std::vector<std::string>& rooms, const std::string& exam_date, Candidate& c,
             Problems& problems) {
  const auto& fields = Fields();
  std::array<std::string, kFieldCount> value;
  bool ok = true;
  for (int f = 0; f < kFieldCount; ++f) {
    const auto col = static_cast<size_t>(column[static_cast<size_t>(f)]);
    const char* label = fields[static_cast<size_t>(f)].label;
    std::string raw = col < rec.fields.size() ? rec.fields[col] : std::string();
    Result<std::string> clean = internal::CleanLine(raw);
    if (!clean.ok()) {
      problems.Add(rec.line, std::string(label) + " " + clean.status().message());
      ok = false;
    } else if (clean->empty()) {
      problems.Add(rec.line, std::string(label) + Bilingual(" bị thiếu", " is missing"));
      ok = false;
    } else if (clean->size() > CentreLimits::max_text_bytes) {
      problems.Add(rec.line, std::string(label) +
                                 Bilingual(" quá dài (tối đa ", " is too long (at most ") +
                                 std::to_string(CentreLimits::max_text_bytes) +
                                 Bilingual(" byte)", " bytes)"));
      ok = false;
    } else {
      value[static_cast<size_t>(f)] = std::move(clean).value();
    }
  }
  if (!ok) {
    return;
  }
  // Stored in capitals: a candidate's login ignores case and spaces (docs/protocol.md), so
  // "ts01" and "TS01" are one số báo danh and must clash here, not at the login.
  c.sbd = value[kSbd];
  for (char& ch : c.sbd) {
    if (ch >= 'a' && ch <= 'z') {
      ch = static_cast<char>(ch - 'a' + 'A');
    }
  }
  if (c.sbd.size() > CentreLimits::max_sbd_bytes ||
      c.sbd.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
          std::string::npos) {
    problems.Add(rec.line, "số báo danh " + Quote(c.sbd) +
                               Bilingual(" chỉ gồm chữ, số, '-' và '_' (tối đa ",
                                         " may hold only letters, digits, '-' and '_' (at most ") +
                               std::to_string(CentreLimits::max_sbd_bytes) +
                               Bilingual(" ký tự)", ")"));
  }
  c.full_name = value[kFullName];
  Result<std::string> dob = ParseDate(value[kDateOfBirth]);
  if (!dob.ok()) {
    problems.Add(rec.line,
                 "ngày sinh " + Quote(value[kDateOfBirth]) + " " + dob.status().message());
  } else if (*dob >= exam_date) {
    problems.Add(rec.line,
                 "ngày sinh " + Quote(value[kDateOfBirth]) +
                     Bilingual(" không trước ngày thi ", " is not before the exam date ") +
                     exam_date);
  } else {
    c.date_of_birth = *dob;
  }
  const std::string sex = internal::FoldKey(value[kSex]);
  if (sex == "nam" || sex == "male") {
    c.sex = "Nam";
  } else if (sex == "nu" || sex == "female") {
    c.sex = "Nữ";
  } else {
    problems.Add(rec.line, "giới tính " + Quote(value[kSex]) +
                               Bilingual(" phải là Nam hoặc Nữ (hay Male hoặc Female)",
                                         " must be Nam or Nữ (or Male or Female)"));
  }
  c.place_of_birth = value[kPlaceOfBirth];
  std::string id = value[kIdNumber];
  id.erase(std::remove(id.begin(), id.end(), ' '), id.end());
  if (id.find_first_not_of("0123456789") != std::string::npos) {
    const bool scientific = id.find_first_of("Ee") != std::string::npos;
    problems.Add(rec.line, "số CCCD " + Quote(value[kIdNumber]) +
                               Bilingual(" chỉ được có chữ số", " may hold only digits") +
                               (scientific ? Bilingual(" (Excel đã ghi nó thành số dạng lũy thừa: "
                                                       "định dạng cột là Text)",
                                                       " (Excel wrote it as a number in scientific "
                                                       "notation: format the column as Text)")
                                           : ""));
  } else if (id.size() != 9 && id.size() != 12) {
    const std::string digits = std::to_string(id.size());
    problems.Add(rec.line, "số CCCD " + Quote(id) +
                               Bilingual(" có " + digits +
                                             " chữ số, không phải 12 (CCCD) hay 9 "
                                             "(CMND)",
                                         " has " + digits + " digits, not 12 (CCCD) or 9 (CMND)") +
                               (id.size() == 11 || id.size() == 8
                                    ? Bilingual(" (có thể Excel đã bỏ số 0 ở đầu: định dạng cột "
                                                "là Text)",
                                                " (Excel may have dropped a leading 0: format the "
                                                "column as Text)")
                                    : ""));
  } else {
    c.id_number = id;
  }
  c.room = value[kRoom];
  if (std::find(rooms.begin(), rooms.end(), c.room) == rooms.end()) {
    std::string list;
    for (const std::string& r : rooms) {
      list += (list.empty() ? "" : ", ") + r;
    }
    problems.Add(rec.line, "phòng " + Quote(c.room) +
                               Bilingual(" không phải phòng của ca thi này (",
                                         " is not a room of this session (") +
                               list + ")");
  }
}

}  // namespace

Result<std::vector<CandidateRow>> ParseCandidatesCsv(std::string_view bytes,
                                                     const std::vector<std::string>& rooms,
                                                     const std::string& exam_date) {
  Problems problems;
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    problems.Add(1, Bilingual("tệp ở dạng UTF-16; hãy lưu thành 'CSV UTF-8 (Comma delimited)'",
                              "the file is UTF-16; save it as 'CSV UTF-8 (Comma delimited)'"));
    return problems.ToStatus();
  }
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
  }
  for (int line : InvalidUtf8Lines(bytes)) {
    problems.Add(line,
                 Bilingual("không phải UTF-8 hợp lệ; hãy lưu tệp thành 'CSV UTF-8 (Comma "
                           "delimited)'",
                           "not valid UTF-8; save the file as 'CSV UTF-8 (Comma delimited)'"));
  }
  if (!problems.empty()) {
    return problems.ToStatus();
  }
  std::vector<Record> records = SplitRecords(bytes, DetectSeparator(bytes), problems);
  if (!problems.empty()) {
    return problems.ToStatus();
  }
  auto first =
      std::find_if(records.begin(), records.end(), [](const Record& r) { return !Blank(r); });
  if (first == records.end()) {
    problems.Add(1, Bilingual("tệp không có dòng tiêu đề và không có thí sinh nào",
                              "the file has no header row and no candidates"));
    return problems.ToStatus();
  }

  // The header: which column holds which field.
  const auto& fields = Fields();
  std::array<int, kFieldCount> column;
  column.fill(-1);
  for (size_t col = 0; col < first->fields.size(); ++col) {
    const std::string key = bank::FindInvalidUtf8(first->fields[col]) == std::string_view::npos
                                ? internal::FoldKey(first->fields[col])
                                : std::string();
    for (size_t f = 0; f < fields.size(); ++f) {
      const auto& keys = fields[f].keys;
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        continue;
      }
      if (column[f] >= 0) {
        const std::string a = std::to_string(column[f] + 1);
        const std::string b = std::to_string(col + 1);
        problems.Add(first->line,
                     Bilingual("cột " + a + " và cột " + b + " cùng là " + fields[f].label,
                               "columns " + a + " and " + b + " both hold " + fields[f].label));
      }
      column[f] = static_cast<int>(col);
    }
  }
  for (size_t f = 0; f < fields.size(); ++f) {
    if (column[f] < 0) {
      problems.Add(first->line,
                   Bilingual(std::string("dòng tiêu đề không có cột ") + fields[f].label +
                                 " (đặt tên cột là " + fields[f].spellings + ")",
                             std::string("the header row has no column for ") + fields[f].label +
                                 " (name it " + fields[f].spellings + ")"));
    }
  }
  if (!problems.empty()) {
    return problems.ToStatus();
  }

  std::vector<CandidateRow> rows;
  std::map<std::string, int> sbd_line;
  std::map<std::string, int> id_line;
  for (auto it = first + 1; it != records.end(); ++it) {
    if (Blank(*it)) {
      continue;
    }
    size_t used = it->fields.size();
    while (used > 0 && bank::Trim(it->fields[used - 1]).empty()) {
      --used;
    }
    if (used > first->fields.size()) {
      const std::string n = std::to_string(used);
      const std::string h = std::to_string(first->fields.size());
      problems.Add(it->line,
                   Bilingual("có " + n + " trường nhưng dòng tiêu đề có " + h +
                                 " (một dấu phân cách nằm trong trường không có ngoặc kép?)",
                             "has " + n + " fields but the header has " + h +
                                 " (a separator inside a field that is not quoted?)"));
      continue;
    }
    CandidateRow row{it->line, {}};
    ReadRow(*it, column, rooms, exam_date, row.candidate, problems);
    const Candidate& c = row.candidate;
    if (!c.sbd.empty()) {
      if (auto [pos, fresh] = sbd_line.emplace(c.sbd, it->line); !fresh) {
        problems.Add(it->line, "số báo danh " + c.sbd +
                                   Bilingual(" cũng có ở dòng ", " is also on line ") +
                                   std::to_string(pos->second));
      }
    }
    if (!c.id_number.empty()) {
      if (auto [pos, fresh] = id_line.emplace(c.id_number, it->line); !fresh) {
        problems.Add(it->line, "số CCCD " + c.id_number +
                                   Bilingual(" cũng có ở dòng ", " is also on line ") +
                                   std::to_string(pos->second));
      }
    }
    rows.push_back(std::move(row));
  }
  if (!problems.empty()) {
    return problems.ToStatus();
  }
  if (rows.empty()) {
    problems.Add(first->line, Bilingual("tệp có dòng tiêu đề nhưng không có thí sinh nào",
                                        "the file has a header but no candidates"));
    return problems.ToStatus();
  }
  return rows;
}

}  // namespace khaothi::centre
