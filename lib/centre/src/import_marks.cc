// Importing the marks of an entered part (the practical part, marked by examiners) from CSV.

#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include "khaothi/centre/registry_outbox.h"
#include "khaothi/centre/results.h"
#include "khaothi/centre/signed_record.h"

#include "centre_internal.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;
using internal::Audit;

// RFC 4180 records (quotes, "" escapes, CR/LF) with `sep`.
std::vector<std::vector<std::string>> SplitCsv(std::string_view text, char sep) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  rows.back().clear();
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == sep) {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      field.push_back(c);
    }
  }
  if (!field.empty() || !rows.back().empty()) {
    rows.back().push_back(std::move(field));
  } else {
    rows.pop_back();
  }
  return rows;
}

std::string TrimCopy(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

}  // namespace

Result<int> ImportMarks(store::Database& db, const std::string& session_id, std::string_view csv,
                        const std::string& part_name, const std::string& reason,
                        const crypto::SigningKey& key, const Change& change) {
  KHAOTHI_ASSIGN_OR_RETURN(SessionInfo info, GetSession(db, session_id));
  Result<engine::Blueprint> bp = engine::ParseBlueprint(info.blueprint);
  if (!bp.ok()) {
    return Status::Corruption("the session's blueprint does not parse");
  }
  const engine::Part* part = nullptr;
  for (const engine::Part& p : bp->parts) {
    if (p.kind == engine::PartKind::kEntered && (part_name.empty() || p.name == part_name)) {
      if (part != nullptr && part_name.empty()) {
        return Status::InvalidArgument(
            Bilingual("ma trận đề có nhiều phần chấm tay; hãy chỉ rõ một phần",
                      "the blueprint has several entered parts; name one"));
      }
      part = &p;
    }
  }
  if (part == nullptr) {
    return Status::InvalidArgument(
        part_name.empty()
            ? Bilingual("ma trận đề không có phần chấm tay", "the blueprint has no entered part")
            : Bilingual("ma trận đề không có phần chấm tay '" + part_name + "'",
                        "the blueprint has no entered part '" + part_name + "'"));
  }
  if (csv.starts_with("\xEF\xBB\xBF")) {
    csv.remove_prefix(3);
  }
  const size_t eol = csv.find_first_of("\r\n");
  const std::string_view header_line = csv.substr(0, eol);
  const char sep = header_line.find(';') != std::string_view::npos ? ';' : ',';
  std::vector<std::vector<std::string>> rows = SplitCsv(csv, sep);
  if (rows.empty()) {
    return Status::InvalidArgument(Bilingual("tệp điểm rỗng", "the marks file is empty"));
  }
  // Columns: sbd, then the sub-parts (or one mark).
  std::vector<std::string> wanted = part->subparts;
  if (wanted.empty()) {
    wanted.push_back("mark");
  }
  int sbd_col = -1;
  std::vector<int> cols(wanted.size(), -1);
  for (size_t i = 0; i < rows[0].size(); ++i) {
    const std::string k = internal::FoldKey(TrimCopy(rows[0][i]));
    if (k == "sbd" || k == "sobaodanh") {
      sbd_col = static_cast<int>(i);
    }
    for (size_t j = 0; j < wanted.size(); ++j) {
      const std::string w = internal::FoldKey(wanted[j]);
      if (k == w ||
          (part->subparts.empty() && (k == "diem" || k == internal::FoldKey(part->name)))) {
        cols[j] = static_cast<int>(i);
      }
    }
  }
  std::string problems;
  if (sbd_col < 0) {
    problems += Bilingual("dòng ", "line ") +
                "1: " + Bilingual("không có cột 'sbd'", "no 'sbd' column") + "\n";
  }
  for (size_t j = 0; j < wanted.size(); ++j) {
    if (cols[j] < 0) {
      problems += Bilingual("dòng ", "line ") + "1: " +
                  Bilingual("không có cột '" + wanted[j] + "'", "no column '" + wanted[j] + "'") +
                  "\n";
    }
  }
  if (!problems.empty()) {
    problems.pop_back();
    return Status::InvalidArgument(problems);
  }
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<Candidate> cands, ListCandidates(db, session_id));
  std::set<std::string> known;
  for (const Candidate& c : cands) {
    known.insert(c.sbd);
  }
  struct Parsed {
    std::string sbd;
    std::vector<engine::Points> marks;
    engine::PartScore score;
  };
  std::vector<Parsed> parsed;
  std::set<std::string> seen;
  for (size_t r = 1; r < rows.size(); ++r) {
    const std::vector<std::string>& row = rows[r];
    if (std::all_of(row.begin(), row.end(),
                    [](const std::string& f) { return TrimCopy(f).empty(); })) {
      continue;
    }
    const std::string line = Bilingual("dòng ", "line ") + std::to_string(r + 1) + ": ";
    auto field = [&](int col) {
      return static_cast<size_t>(col) < row.size() ? TrimCopy(row[static_cast<size_t>(col)])
                                                   : std::string();
    };
    Parsed p;
    p.sbd = field(sbd_col);
    if (known.count(p.sbd) == 0) {
      problems += line +
                  Bilingual("không có thí sinh '" + p.sbd + "' trong ca thi " + session_id,
                            "no candidate '" + p.sbd + "' in session " + session_id) +
                  "\n";
      continue;
    }
    if (!seen.insert(p.sbd).second) {
      problems +=
          line +
          Bilingual("thí sinh " + p.sbd + " có hai lần", "candidate " + p.sbd + " appears twice") +
          "\n";
      continue;
    }
    bool bad = false;
    for (size_t j = 0; j < wanted.size(); ++j) {
      std::string text = field(cols[j]);
      if (sep == ';') {
        std::replace(text.begin(), text.end(), ',', '.');
      }
      std::optional<engine::Points> m = engine::ParsePoints(text);
      if (!m) {
        problems += line +
                    Bilingual("'" + text + "' không phải điểm (" + wanted[j] + ")",
                              "'" + text + "' is not a mark (" + wanted[j] + ")") +
                    "\n";
        bad = true;
        break;
      }
      p.marks.push_back(*m);
    }
    if (bad) {
      continue;
    }
    Result<engine::PartScore> s = engine::ScoreEnteredPart(*part, p.marks, bp->scoring);
    if (!s.ok()) {
      problems += line + s.status().message() + "\n";
      continue;
    }
    p.score = *s;
    parsed.push_back(std::move(p));
  }
  if (!problems.empty()) {
    problems.pop_back();
    return Status::InvalidArgument(problems);
  }
  KHAOTHI_ASSIGN_OR_RETURN(CentreInfo centre, GetCentre(db));
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  for (const Parsed& p : parsed) {
    store::Statement last = db.Prepare(
        "SELECT max(revision) FROM practical_marks WHERE session_id = ?1 AND sbd = ?2 AND part = "
        "?3");
    last.Bind(1, session_id);
    last.Bind(2, p.sbd);
    last.Bind(3, part->name);
    KHAOTHI_RETURN_IF_ERROR(last.Step().status());
    const int previous = last.ColumnIsNull(0) ? 0 : last.ColumnInt(0);
    if (previous > 0 && reason.empty()) {
      return Status::FailedPrecondition(
          "candidate " + p.sbd + " already has marks for " + part->name +
          "; a re-mark (phúc khảo) needs --reason, and keeps the earlier marks");
    }
    json::array marks;
    for (const engine::Points& m : p.marks) {
      marks.push_back(json::string(engine::FormatPoints(m)));
    }
    json::object rec{{"kind", "khaothi.marks.v1"},
                     {"id", centre.code + "/" + session_id + "/" + p.sbd + "/" + part->name + "/" +
                                std::to_string(previous + 1)},
                     {"centre", centre.code},
                     {"session", session_id},
                     {"sbd", p.sbd},
                     {"part", part->name},
                     {"revision", previous + 1},
                     {"marks", marks},
                     {"score", FormatScore(p.score.score, *bp)},
                     {"passed", p.score.passed},
                     {"entered_ms", change.at_ms},
                     {"entered_by", change.actor}};
    if (previous > 0) {
      rec["supersedes"] = previous;
      rec["reason"] = reason;
    }
    KHAOTHI_ASSIGN_OR_RETURN(std::string signed_text, SignRecord(key, rec));
    store::Statement ins = db.Prepare(
        "INSERT INTO practical_marks(session_id, sbd, part, revision, marks, score, passed, "
        "reason, signed, entered_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    ins.Bind(1, session_id);
    ins.Bind(2, p.sbd);
    ins.Bind(3, part->name);
    ins.Bind(4, previous + 1);
    ins.Bind(5, json::serialize(marks));
    ins.Bind(6, FormatScore(p.score.score, *bp));
    ins.Bind(7, p.score.passed ? 1 : 0);
    ins.Bind(8, reason);
    ins.Bind(9, signed_text);
    ins.Bind(10, change.at_ms);
    KHAOTHI_RETURN_IF_ERROR(ins.Run());
    KHAOTHI_RETURN_IF_ERROR(QueueForRegistry(db, signed_text, change.at_ms));
    json::object detail{{"part", part->name},
                        {"revision", previous + 1},
                        {"score", FormatScore(p.score.score, *bp)}};
    if (previous > 0) {
      detail["reason"] = reason;
    }
    KHAOTHI_RETURN_IF_ERROR(Audit(db, change, previous > 0 ? "remark" : "marks_entered",
                                  session_id + "/" + p.sbd, detail));
  }
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return static_cast<int>(parsed.size());
}

}  // namespace khaothi::centre
