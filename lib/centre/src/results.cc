// Over 800 lines for now: results, regrading and the score sheet's data share this file.
// Issue 14 (structure) splits it; it stayed whole while issue 13's fixes landed.

#include "khaothi/centre/results.h"

#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include "khaothi/bank/native.h"
#include "khaothi/centre/audit.h"
#include "khaothi/centre/canonical_json.h"
#include "khaothi/centre/signed_record.h"

#include "centre_internal.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;
using internal::Audit;

// A multiple-choice result as the server writes it (exam_service.cc Finish) or as a regrade
// stores it, back into an engine::GradeResult. The seed is the form's.
Result<engine::GradeResult> GradeFromJson(const std::string& text, uint64_t seed) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    return Status::Corruption("a stored result is not a JSON object");
  }
  const json::object& o = v.as_object();
  engine::GradeResult g;
  try {
    g.revision = static_cast<int>(o.at("revision").as_int64());
    g.blueprint_id = std::string(o.at("blueprint").as_string());
    g.passed = o.at("passed").as_bool();
    g.earned = o.at("earned").as_int64();
    g.possible = o.at("possible").as_int64();
    std::optional<engine::Points> score = engine::ParsePoints(o.at("score").as_string());
    if (!score) {
      return Status::Corruption("a stored result has a bad score");
    }
    g.score = *score;
    for (const json::value& s : o.at("slots").as_array()) {
      const json::object& so = s.as_object();
      std::optional<engine::Points> pts = engine::ParsePoints(so.at("points").as_string());
      if (!pts) {
        return Status::Corruption("a stored result has bad points");
      }
      g.slots.push_back({std::string(so.at("item").as_string()),
                         static_cast<int>(so.at("version").as_int64()), so.at("credit").as_int64(),
                         *pts});
    }
    if (const json::value* sup = o.if_contains("supersedes"); sup != nullptr) {
      g.supersedes = static_cast<int>(sup->as_int64());
    }
    if (const json::value* r = o.if_contains("reason"); r != nullptr) {
      g.reason = std::string(r->as_string());
    }
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("a stored result has the wrong shape: ") + e.what());
  }
  g.seed = seed;
  return g;
}

json::object GradeToJson(const engine::GradeResult& g, const engine::Blueprint& b) {
  json::array slots;
  for (const engine::SlotGrade& s : g.slots) {
    slots.push_back(json::object{{"item", s.item_id},
                                 {"version", s.item_version},
                                 {"credit", s.credit},
                                 {"points", engine::FormatPoints(s.points)}});
  }
  json::object o{{"revision", g.revision},
                 {"blueprint", g.blueprint_id},
                 {"score", engine::FormatPoints(g.score, b.scoring.decimals)},
                 {"passed", g.passed},
                 {"earned", g.earned},
                 {"possible", g.possible},
                 {"slots", std::move(slots)}};
  if (g.supersedes) {
    o["supersedes"] = *g.supersedes;
    o["reason"] = g.reason;
  }
  return o;
}

std::vector<engine::Points> MarksFromJson(const std::string& text) {
  std::vector<engine::Points> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (!ec && v.is_array()) {
    for (const json::value& m : v.as_array()) {
      if (m.is_string()) {
        out.push_back(engine::ParsePoints(m.as_string()).value_or(engine::Points{}));
      }
    }
  }
  return out;
}

// The latest multiple-choice result of (session, sbd), if graded.
Result<std::optional<PartResult>> LoadTheory(store::Database& db, const std::string& session_id,
                                             const std::string& sbd,
                                             const engine::Blueprint& blueprint) {
  store::Statement q = db.Prepare(
      "SELECT result, submitted_ms FROM attempts WHERE session_id = ?1 AND sbd = ?2 AND result "
      "IS NOT NULL AND result <> ''");
  q.Bind(1, session_id);
  q.Bind(2, sbd);
  Result<bool> row = q.Step();
  if (!row.ok()) {
    return row.status();
  }
  if (!*row) {
    return std::optional<PartResult>();
  }
  std::string text = q.ColumnText(0);
  const int64_t at = q.ColumnInt64(1);
  store::Statement r = db.Prepare(
      "SELECT result FROM result_revisions WHERE session_id = ?1 AND sbd = ?2 "
      "ORDER BY revision DESC LIMIT 1");
  r.Bind(1, session_id);
  r.Bind(2, sbd);
  Result<bool> rrow = r.Step();
  if (!rrow.ok()) {
    return rrow.status();
  }
  if (*rrow) {
    text = r.ColumnText(0);
  }
  Result<engine::GradeResult> g = GradeFromJson(text, 0);
  if (!g.ok()) {
    return g.status();
  }
  PartResult p;
  p.part = blueprint.MultipleChoicePart().name;
  p.score = g->score;
  p.passed = g->passed;
  p.revision = g->revision;
  p.at_ms = at;
  return std::optional<PartResult>(std::move(p));
}

// The latest marks of every entered part of (session, sbd).
Result<std::vector<PartResult>> LoadEntered(store::Database& db, const std::string& session_id,
                                            const std::string& sbd) {
  store::Statement q = db.Prepare(
      "SELECT part, revision, marks, score, passed, entered_ms FROM practical_marks p "
      "WHERE session_id = ?1 AND sbd = ?2 AND revision = (SELECT max(revision) FROM "
      "practical_marks q WHERE q.session_id = p.session_id AND q.sbd = p.sbd AND q.part = "
      "p.part) ORDER BY part");
  q.Bind(1, session_id);
  q.Bind(2, sbd);
  std::vector<PartResult> out;
  for (;;) {
    Result<bool> row = q.Step();
    if (!row.ok()) {
      return row.status();
    }
    if (!*row) {
      break;
    }
    PartResult p;
    p.part = q.ColumnText(0);
    p.revision = q.ColumnInt(1);
    p.marks = MarksFromJson(q.ColumnText(2));
    p.score = engine::ParsePoints(q.ColumnText(3)).value_or(engine::Points{});
    p.passed = q.ColumnInt(4) != 0;
    p.at_ms = q.ColumnInt64(5);
    out.push_back(std::move(p));
  }
  return out;
}

engine::PartOutcome Outcome(const PartResult& p) {
  return {p.part, p.score, p.passed, engine::TimePoint(engine::Duration(p.at_ms))};
}

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

std::string FormatScore(const engine::Points& p, const engine::Blueprint& b) {
  return engine::FormatPoints(p, b.scoring.decimals);
}

Result<SessionResults> LoadResults(store::Database& db, const std::string& session_id,
                                   int64_t now_ms) {
  SessionResults out;
  Result<SessionInfo> info = GetSession(db, session_id);
  if (!info.ok()) {
    return info.status();
  }
  out.session = std::move(info).value();
  Result<engine::Blueprint> bp = engine::ParseBlueprint(out.session.blueprint);
  if (!bp.ok()) {
    return Status::Corruption("the session's blueprint does not parse: " + bp.status().message());
  }
  out.blueprint = std::move(bp).value();
  Result<std::vector<Candidate>> cands = ListCandidates(db, session_id);
  if (!cands.ok()) {
    return cands.status();
  }
  std::vector<Candidate> sorted = std::move(cands).value();
  std::sort(sorted.begin(), sorted.end(),
            [](const Candidate& a, const Candidate& b) { return a.sbd < b.sbd; });
  const engine::TimePoint now{engine::Duration(now_ms)};
  for (Candidate& c : sorted) {
    CandidateResult r;
    store::Statement st =
        db.Prepare("SELECT state FROM attempts WHERE session_id = ?1 AND sbd = ?2");
    st.Bind(1, session_id);
    st.Bind(2, c.sbd);
    Result<bool> srow = st.Step();
    if (!srow.ok()) {
      return srow.status();
    }
    r.attempt_state = *srow ? st.ColumnText(0) : "none";
    Result<std::optional<PartResult>> theory = LoadTheory(db, session_id, c.sbd, out.blueprint);
    if (!theory.ok()) {
      return theory.status();
    }
    std::vector<engine::PartOutcome> this_sitting;
    if (*theory) {
      this_sitting.push_back(Outcome(**theory));
      r.parts[(*theory)->part] = **theory;
    }
    Result<std::vector<PartResult>> entered = LoadEntered(db, session_id, c.sbd);
    if (!entered.ok()) {
      return entered.status();
    }
    for (PartResult& p : *entered) {
      this_sitting.push_back(Outcome(p));
      r.parts[p.part] = std::move(p);
    }
    // Earlier sittings of the same person (by id number) in sessions dated before this one.
    std::vector<engine::PartOutcome> earlier;
    store::Statement prev = db.Prepare(
        "SELECT c.session_id, c.sbd FROM candidates c JOIN sessions s ON s.id = c.session_id "
        "WHERE c.id_number = ?1 AND s.exam_date < ?2 AND s.blueprint_id = ?3");
    prev.Bind(1, c.id_number);
    prev.Bind(2, out.session.exam_date);
    prev.Bind(3, out.blueprint.id);
    for (;;) {
      Result<bool> row = prev.Step();
      if (!row.ok()) {
        return row.status();
      }
      if (!*row) {
        break;
      }
      const std::string psession = prev.ColumnText(0);
      const std::string psbd = prev.ColumnText(1);
      Result<std::optional<PartResult>> pt = LoadTheory(db, psession, psbd, out.blueprint);
      if (pt.ok() && *pt) {
        earlier.push_back(Outcome(**pt));
      }
      Result<std::vector<PartResult>> pe = LoadEntered(db, psession, psbd);
      if (pe.ok()) {
        for (const PartResult& p : *pe) {
          earlier.push_back(Outcome(p));
        }
      }
    }
    r.overall = engine::DecideOverall(out.blueprint, this_sitting, earlier, now);
    r.candidate = std::move(c);
    out.candidates.push_back(std::move(r));
  }
  return out;
}

Result<int> ImportMarks(store::Database& db, const std::string& session_id, std::string_view csv,
                        const std::string& part_name, const std::string& reason,
                        const crypto::SigningKey& key, const Change& change) {
  Result<SessionInfo> info = GetSession(db, session_id);
  if (!info.ok()) {
    return info.status();
  }
  Result<engine::Blueprint> bp = engine::ParseBlueprint(info->blueprint);
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
  Result<std::vector<Candidate>> cands = ListCandidates(db, session_id);
  if (!cands.ok()) {
    return cands.status();
  }
  std::set<std::string> known;
  for (const Candidate& c : *cands) {
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
  Result<CentreInfo> centre = GetCentre(db);
  if (!centre.ok()) {
    return centre.status();
  }
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  for (const Parsed& p : parsed) {
    store::Statement last = db.Prepare(
        "SELECT max(revision) FROM practical_marks WHERE session_id = ?1 AND sbd = ?2 AND part = "
        "?3");
    last.Bind(1, session_id);
    last.Bind(2, p.sbd);
    last.Bind(3, part->name);
    Result<bool> row = last.Step();
    if (!row.ok()) {
      return row.status();
    }
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
                     {"id", centre->code + "/" + session_id + "/" + p.sbd + "/" + part->name + "/" +
                                std::to_string(previous + 1)},
                     {"centre", centre->code},
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
    Result<std::string> signed_text = SignRecord(key, rec);
    if (!signed_text.ok()) {
      return signed_text.status();
    }
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
    ins.Bind(9, *signed_text);
    ins.Bind(10, change.at_ms);
    KHAOTHI_RETURN_IF_ERROR(ins.Run());
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

Result<std::vector<RegradeOutcome>> RegradeSession(
    store::Database& db, const std::string& session_id, const std::string& sbd,
    const std::string& reason, const crypto::SigningKey& key, const Change& change) {
  if (reason.empty()) {
    return Status::InvalidArgument("a regrade (phúc khảo) needs a reason");
  }
  Result<SessionInfo> info = GetSession(db, session_id);
  if (!info.ok()) {
    return info.status();
  }
  Result<engine::Blueprint> bp = engine::ParseBlueprint(info->blueprint);
  if (!bp.ok()) {
    return Status::Corruption("the session's blueprint does not parse");
  }
  Result<CentreInfo> centre = GetCentre(db);
  if (!centre.ok()) {
    return centre.status();
  }
  std::vector<std::string> sbds;
  {
    store::Statement q = db.Prepare(
        "SELECT sbd FROM attempts WHERE session_id = ?1 AND result IS NOT NULL AND result <> '' "
        "AND (?2 = '' OR sbd = ?2) ORDER BY sbd");
    q.Bind(1, session_id);
    q.Bind(2, sbd);
    for (;;) {
      Result<bool> row = q.Step();
      if (!row.ok()) {
        return row.status();
      }
      if (!*row) {
        break;
      }
      sbds.push_back(q.ColumnText(0));
    }
  }
  if (sbds.empty()) {
    return Status::NotFound(sbd.empty() ? "no graded attempt in session " + session_id
                                        : "candidate " + sbd + " has no graded attempt");
  }
  std::vector<RegradeOutcome> out;
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  for (const std::string& s : sbds) {
    Result<engine::Form> form = GetForm(db, session_id, s);
    if (!form.ok()) {
      return form.status();
    }
    // The latest result.
    std::string text;
    {
      store::Statement q = db.Prepare(
          "SELECT coalesce((SELECT result FROM result_revisions r WHERE r.session_id = "
          "a.session_id AND r.sbd = a.sbd ORDER BY revision DESC LIMIT 1), a.result) "
          "FROM attempts a WHERE session_id = ?1 AND sbd = ?2");
      q.Bind(1, session_id);
      q.Bind(2, s);
      Result<bool> row = q.Step();
      if (!row.ok()) {
        return row.status();
      }
      text = q.ColumnText(0);
    }
    Result<engine::GradeResult> previous = GradeFromJson(text, form->seed);
    if (!previous.ok()) {
      return previous.status();
    }
    // The items in the versions the form holds, which are the versions the candidate was shown:
    // a later version (a reordering, a reworded stem) must never change an exam already given
    // (docs/architecture.md, "The life of a bank item").
    std::vector<engine::Item> items;
    items.reserve(form->slots.size());
    for (const engine::FormSlot& slot : form->slots) {
      store::Statement q =
          db.Prepare("SELECT content FROM item_versions WHERE id = ?1 AND version = ?2");
      q.Bind(1, slot.item_id);
      q.Bind(2, slot.item_version);
      Result<bool> row = q.Step();
      if (!row.ok()) {
        return row.status();
      }
      const std::string which = slot.item_id + " version " + std::to_string(slot.item_version);
      if (!*row) {
        return Status::Corruption("item " + which + " of " + s +
                                  "'s form is missing from the bank");
      }
      bank::ParsedBank parsed = bank::ParseNative(q.ColumnText(0), "item store");
      if (parsed.has_errors() || parsed.items.size() != 1) {
        return Status::Corruption("stored item " + which + " does not parse");
      }
      engine::Item item = std::move(parsed.items[0].item);
      item.version = slot.item_version;
      items.push_back(std::move(item));
    }
    std::vector<const engine::Item*> ptrs;
    for (const engine::Item& i : items) {
      ptrs.push_back(&i);
    }
    // The responses: authored indices per slot from the answers rows.
    std::vector<std::vector<int>> responses(form->slots.size());
    {
      store::Statement q =
          db.Prepare("SELECT slot, choice FROM answers WHERE session_id = ?1 AND sbd = ?2");
      q.Bind(1, session_id);
      q.Bind(2, s);
      for (;;) {
        Result<bool> row = q.Step();
        if (!row.ok()) {
          return row.status();
        }
        if (!*row) {
          break;
        }
        const size_t slot = static_cast<size_t>(q.ColumnInt(0));
        boost::system::error_code ec;
        json::value v = json::parse(q.ColumnText(1), ec);
        if (ec || !v.is_array() || slot >= responses.size()) {
          return Status::Corruption("a stored answer of " + s + " does not parse");
        }
        for (const json::value& x : v.as_array()) {
          if (x.is_int64()) {
            responses[slot].push_back(static_cast<int>(x.as_int64()));
          }
        }
      }
    }
    Result<engine::GradeResult> next =
        engine::Regrade(*previous, *form, ptrs, responses, *bp, reason);
    if (!next.ok()) {
      return next.status();
    }
    RegradeOutcome o{s, previous->score, next->score, previous->revision, false};
    if (next->slots == previous->slots && next->score == previous->score &&
        next->passed == previous->passed) {
      out.push_back(o);
      continue;
    }
    o.changed = true;
    o.revision = next->revision;
    json::object result = GradeToJson(*next, *bp);
    json::object rec{
        {"kind", "khaothi.result.v1"},
        {"id", centre->code + "/" + session_id + "/" + s + "/r" + std::to_string(next->revision)},
        {"centre", centre->code},
        {"session", session_id},
        {"sbd", s},
        {"result", result},
        {"created_ms", change.at_ms}};
    Result<std::string> signed_text = SignRecord(key, rec);
    if (!signed_text.ok()) {
      return signed_text.status();
    }
    Result<std::string> result_text = CanonicalJson(result);
    if (!result_text.ok()) {
      return result_text.status();
    }
    store::Statement ins = db.Prepare(
        "INSERT INTO result_revisions(session_id, sbd, revision, supersedes, result, reason, "
        "signed, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    ins.Bind(1, session_id);
    ins.Bind(2, s);
    ins.Bind(3, next->revision);
    ins.Bind(4, previous->revision);
    ins.Bind(5, *result_text);
    ins.Bind(6, reason);
    ins.Bind(7, *signed_text);
    ins.Bind(8, change.at_ms);
    KHAOTHI_RETURN_IF_ERROR(ins.Run());
    KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "regrade", session_id + "/" + s,
                                  json::object{{"revision", next->revision},
                                               {"supersedes", previous->revision},
                                               {"before", FormatScore(previous->score, *bp)},
                                               {"after", FormatScore(next->score, *bp)},
                                               {"reason", reason}}));
    out.push_back(o);
  }
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<engine::AttemptObservation>> LoadObservations(
    store::Database& db, const std::vector<std::string>& session_ids) {
  std::vector<engine::AttemptObservation> out;
  std::map<std::pair<std::string, int>, engine::Item> items;
  for (const std::string& session_id : session_ids) {
    Result<SessionInfo> info = GetSession(db, session_id);
    if (!info.ok()) {
      return info.status();
    }
    store::Statement q = db.Prepare(
        "SELECT a.sbd, coalesce((SELECT result FROM result_revisions r WHERE r.session_id = "
        "a.session_id AND r.sbd = a.sbd ORDER BY revision DESC LIMIT 1), a.result) FROM attempts "
        "a WHERE a.session_id = ?1 AND a.result IS NOT NULL AND a.result <> '' ORDER BY a.sbd");
    q.Bind(1, session_id);
    for (;;) {
      Result<bool> row = q.Step();
      if (!row.ok()) {
        return row.status();
      }
      if (!*row) {
        break;
      }
      const std::string sbd = q.ColumnText(0);
      Result<engine::GradeResult> g = GradeFromJson(q.ColumnText(1), 0);
      if (!g.ok()) {
        return g.status();
      }
      std::vector<std::vector<int>> chosen(g->slots.size());
      store::Statement a =
          db.Prepare("SELECT slot, choice FROM answers WHERE session_id = ?1 AND sbd = ?2");
      a.Bind(1, session_id);
      a.Bind(2, sbd);
      for (;;) {
        Result<bool> arow = a.Step();
        if (!arow.ok()) {
          return arow.status();
        }
        if (!*arow) {
          break;
        }
        const size_t slot = static_cast<size_t>(a.ColumnInt(0));
        boost::system::error_code ec;
        json::value v = json::parse(a.ColumnText(1), ec);
        if (!ec && v.is_array() && slot < chosen.size()) {
          for (const json::value& x : v.as_array()) {
            if (x.is_int64()) {
              chosen[slot].push_back(static_cast<int>(x.as_int64()));
            }
          }
        }
      }
      engine::AttemptObservation obs;
      for (size_t i = 0; i < g->slots.size(); ++i) {
        const engine::SlotGrade& sg = g->slots[i];
        auto key = std::make_pair(sg.item_id, sg.item_version);
        auto it = items.find(key);
        if (it == items.end()) {
          store::Statement iq =
              db.Prepare("SELECT content FROM item_versions WHERE id = ?1 AND version = ?2");
          iq.Bind(1, sg.item_id);
          iq.Bind(2, sg.item_version);
          Result<bool> irow = iq.Step();
          if (!irow.ok()) {
            return irow.status();
          }
          engine::Item item;
          if (*irow) {
            bank::ParsedBank parsed = bank::ParseNative(iq.ColumnText(0), "item store");
            if (!parsed.has_errors() && parsed.items.size() == 1) {
              item = std::move(parsed.items[0].item);
            }
          }
          it = items.emplace(key, std::move(item)).first;
        }
        engine::SlotObservation so;
        so.item_id = sg.item_id;
        so.item_version = sg.item_version;
        const double pts = static_cast<double>(sg.points.ten_thousandths) / engine::Points::kOne;
        so.max = pts;
        so.score = pts * static_cast<double>(sg.credit) / static_cast<double>(engine::kFullCredit);
        so.chosen = chosen[i];
        so.option_count = static_cast<int>(it->second.options.size());
        so.random_guess = engine::RandomGuessScore(it->second);
        for (size_t o = 0; o < it->second.options.size(); ++o) {
          if (it->second.options[o].correct) {
            so.key.push_back(static_cast<int>(o));
          }
        }
        obs.slots.push_back(std::move(so));
      }
      out.push_back(std::move(obs));
    }
  }
  return out;
}

std::vector<int> ScoreHistogram(const std::vector<engine::Points>& scores, engine::Points scale,
                                int bins) {
  std::vector<int> counts(static_cast<size_t>(std::max(bins, 1)), 0);
  if (scale.ten_thousandths <= 0) {
    return counts;
  }
  const int64_t n = static_cast<int64_t>(counts.size());
  for (const engine::Points& p : scores) {
    int64_t i = p.ten_thousandths * n / scale.ten_thousandths;
    i = std::clamp<int64_t>(i, 0, n - 1);
    ++counts[static_cast<size_t>(i)];
  }
  return counts;
}

}  // namespace khaothi::centre
