// Proposed marks on collected work (proposals.h): reading the inputs, running the checks,
// storing and reading the runs.

#include "khaothi/centre/proposals.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <set>

#include <boost/json.hpp>

#include "khaothi/checker/check.h"
#include "khaothi/checker/office_file.h"
#include "khaothi/checker/points.h"

#include "centre_internal.h"
#include "marking_internal.h"

namespace khaothi::centre {

namespace json = boost::json;

struct TaskChecksCache::Entry {
  std::optional<checker::TaskChecks> checks;
  Status error;  // when the checks did not compile
};

TaskChecksCache::TaskChecksCache() = default;
TaskChecksCache::~TaskChecksCache() = default;

Result<const TaskChecksCache::Entry*> TaskChecksCache::Get(const engine::PracticalTask& task) {
  auto key = std::make_pair(task.id, task.version);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    auto entry = std::make_unique<Entry>();
    Result<checker::TaskChecks> compiled = checker::CompileTaskChecks(task);
    if (compiled.ok()) {
      entry->checks = std::move(compiled).value();
    } else {
      entry->error = Status::InvalidArgument(
          Bilingual("các kiểm tra của đề " + task.id + " phiên bản " +
                        std::to_string(task.version) + " không dịch được: ",
                    "the checks of task " + task.id + " version " + std::to_string(task.version) +
                        " do not compile: ") +
          compiled.status().message());
    }
    it = entries_.emplace(key, std::move(entry)).first;
  }
  if (!it->second->error.ok()) {
    return it->second->error;
  }
  return static_cast<const Entry*>(it->second.get());
}

namespace {

constexpr std::string_view kCannotCheck = "không chấm tự động được: ";
constexpr std::string_view kCannotCheckEn = "cannot be checked automatically: ";

json::array RunFilesJson(const std::vector<MarkedFile>& files) {
  json::array a;
  for (const MarkedFile& f : files) {
    a.push_back(json::object{{"name", f.name}, {"version", f.version}, {"sha256", f.sha256}});
  }
  return a;
}

json::array EvidenceJson(const std::vector<ProposalCheck>& checks) {
  json::array a;
  for (const ProposalCheck& c : checks) {
    a.push_back(json::object{{"check", c.check},
                             {"file", c.file},
                             {"verdict", c.verdict},
                             {"score", c.score},
                             {"vi", c.evidence_vi},
                             {"en", c.evidence_en}});
  }
  return a;
}

// Replaces every occurrence of the candidate's số báo danh and name in a piece of evidence: the
// checks quote the candidate's own text (a paragraph, a cell), and marking is blind.
std::string Blind(std::string text, const std::vector<std::string>& identity) {
  for (const std::string& who : identity) {
    // Shorter strings ("A1") would hit cell references and ordinary words.
    if (who.size() < 5) {
      continue;
    }
    for (size_t at = text.find(who); at != std::string::npos; at = text.find(who, at)) {
      text.replace(at, who.size(), "[…]");
      at += 5;  // "[…]" is 5 bytes of UTF-8
    }
  }
  return text;
}

Result<std::vector<MarkedFile>> FilesOfTask(store::Database& db, const std::string& session_id,
                                            const std::string& sbd, const std::string& task_id,
                                            int64_t end) {
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<WorkVersion> latest, LatestWork(db, session_id, sbd, end));
  std::vector<MarkedFile> files;
  for (const WorkVersion& w : latest) {
    if (w.task_id == task_id) {
      files.push_back({w.name, w.version, w.sha256, w.size, w.received_ms, w.machine});
    }
  }
  std::sort(files.begin(), files.end(),
            [](const MarkedFile& a, const MarkedFile& b) { return a.name < b.name; });
  return files;
}

Result<bool> CandidateExists(store::Database& db, const std::string& session_id,
                             const std::string& sbd, std::string* full_name) {
  store::Statement q =
      db.Prepare("SELECT full_name FROM candidates WHERE session_id = ?1 AND sbd = ?2");
  q.Bind(1, session_id);
  q.Bind(2, sbd);
  KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (row && full_name != nullptr) {
    *full_name = q.ColumnText(0);
  }
  return row;
}

Result<ProposalRun> RunFromRow(store::Database& db, const store::Statement& q) {
  ProposalRun run;
  run.id = q.ColumnInt64(0);
  run.session_id = q.ColumnText(1);
  run.sbd = q.ColumnText(2);
  run.task_id = q.ColumnText(3);
  run.task_version = q.ColumnInt(4);
  run.checker = q.ColumnText(6);
  run.actor = q.ColumnText(7);
  run.at_ms = q.ColumnInt64(8);
  run.elapsed_us = q.ColumnInt64(9);
  const std::string where = "proposal run " + std::to_string(run.id);
  try {
    const json::value files = json::parse(q.ColumnText(5));
    for (const json::value& v : files.as_array()) {
      const json::object& o = v.as_object();
      MarkedFile f;
      f.name = std::string(o.at("name").as_string());
      f.version = static_cast<int>(o.at("version").as_int64());
      f.sha256 = std::string(o.at("sha256").as_string());
      run.files.push_back(std::move(f));
    }
  } catch (const std::exception& ex) {
    return Status::Corruption(where + ": files: " + ex.what());
  }
  store::Statement l = db.Prepare(
      "SELECT code, points, proposed, verdict, reason_vi, reason_en, evidence FROM "
      "proposal_lines WHERE run_id = ?1 ORDER BY seq");
  l.Bind(1, run.id);
  Status bad = Status::Ok();
  KHAOTHI_RETURN_IF_ERROR(l.ForEachRow([&](const store::Statement& row) -> Status {
    ProposalLine line;
    line.code = row.ColumnText(0);
    const std::optional<engine::Points> points = engine::ParsePoints(row.ColumnText(1));
    if (!points) {
      return Status::Corruption(where + ": line " + line.code + ": bad points");
    }
    line.points = *points;
    if (!row.ColumnIsNull(2)) {
      line.proposed = engine::ParsePoints(row.ColumnText(2));
      if (!line.proposed) {
        return Status::Corruption(where + ": line " + line.code + ": bad proposed points");
      }
    }
    line.verdict = row.ColumnText(3);
    line.reason_vi = row.ColumnText(4);
    line.reason_en = row.ColumnText(5);
    try {
      const json::value evidence = json::parse(row.ColumnText(6));
      for (const json::value& v : evidence.as_array()) {
        const json::object& o = v.as_object();
        line.checks.push_back(
            {std::string(o.at("check").as_string()), std::string(o.at("file").as_string()),
             std::string(o.at("verdict").as_string()), o.at("score").to_number<double>(),
             std::string(o.at("vi").as_string()), std::string(o.at("en").as_string())});
      }
    } catch (const std::exception& ex) {
      return Status::Corruption(where + ": line " + line.code + ": " + ex.what());
    }
    run.lines.push_back(std::move(line));
    return Status::Ok();
  }));
  return run;
}

constexpr std::string_view kRunColumns =
    "SELECT id, session_id, sbd, task_id, task_version, files, checker, actor, at_ms, elapsed_us "
    "FROM proposal_runs ";

}  // namespace

engine::Points ProposalRun::ProposedTotal() const {
  engine::Points total;
  for (const ProposalLine& l : lines) {
    if (l.proposed) {
      total.ten_thousandths += l.proposed->ten_thousandths;
    }
  }
  return total;
}

bool ProposalRun::Complete() const {
  return std::all_of(lines.begin(), lines.end(),
                     [](const ProposalLine& l) { return l.proposed.has_value(); });
}

Result<std::vector<ProposalInput>> ReadProposalInputs(store::Database& db,
                                                      const std::string& session_id,
                                                      const std::string& sbd) {
  KHAOTHI_RETURN_IF_ERROR(internal::SessionState(db, session_id).status());
  KHAOTHI_ASSIGN_OR_RETURN(bool exists, CandidateExists(db, session_id, sbd, nullptr));
  if (!exists) {
    return Status::NotFound(Bilingual("không có thí sinh " + sbd + " trong ca " + session_id,
                                      "no candidate " + sbd + " in session " + session_id));
  }
  KHAOTHI_ASSIGN_OR_RETURN(int64_t end, PracticalEnd(db, session_id, sbd));
  if (end == std::numeric_limits<int64_t>::max()) {
    return Status::FailedPrecondition(
        Bilingual("bài thực hành của thí sinh " + sbd + " chưa kết thúc",
                  "the practical of candidate " + sbd + " has not ended"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<AssignedTask> assigned, AssignedTasks(db, session_id, sbd));
  std::vector<ProposalInput> out;
  for (const AssignedTask& a : assigned) {
    ProposalInput in;
    in.session_id = session_id;
    in.sbd = sbd;
    KHAOTHI_ASSIGN_OR_RETURN(in.task, internal::LoadTask(db, a.task_id, a.task_version));
    KHAOTHI_ASSIGN_OR_RETURN(in.files, FilesOfTask(db, session_id, sbd, a.task_id, end));
    out.push_back(std::move(in));
  }
  return out;
}

Result<ProposalRun> RunProposal(const ProposalInput& input, const std::string& centre_dir,
                                TaskChecksCache& cache, const std::string& actor, int64_t at_ms,
                                const std::vector<std::string>& identity) {
  KHAOTHI_ASSIGN_OR_RETURN(const TaskChecksCache::Entry* entry, cache.Get(input.task));
  const auto started = std::chrono::steady_clock::now();
  ProposalRun run;
  run.session_id = input.session_id;
  run.sbd = input.sbd;
  run.task_id = input.task.id;
  run.task_version = input.task.version;
  run.files = input.files;
  run.checker = std::string(kCheckerVersion);
  run.actor = actor;
  run.at_ms = at_ms;

  std::vector<std::string> blobs;  // the bytes, alive while the checks read them
  blobs.reserve(input.files.size());
  std::vector<checker::WorkFile> work;
  std::string blob_vi;  // a blob the centre cannot read back: every line goes to manual marking
  std::string blob_en;
  for (const MarkedFile& f : input.files) {
    Result<std::string> bytes = ReadWorkBlob(centre_dir, f.sha256);
    if (!bytes.ok()) {
      blob_vi = std::string(kCannotCheck) + "không đọc được tệp " + f.name + " trên máy chủ (" +
                Localize(bytes.status().message(), false) + ")";
      blob_en = std::string(kCannotCheckEn) + "the server cannot read " + f.name + " back (" +
                Localize(bytes.status().message(), true) + ")";
      run.unreadable.push_back(f.name + ": " + Bilingual(blob_vi, blob_en));
      continue;
    }
    blobs.push_back(std::move(bytes).value());
    if (checker::KindOfExtension(f.name)) {
      // Named here for the report; ProposeMarks gives the same reason to the lines.
      Result<checker::OfficeFile> opened = checker::OfficeFile::Open(blobs.back());
      if (!opened.ok()) {
        const std::string m = opened.status().message();
        const size_t dash = m.find(" — ");
        run.unreadable.push_back(
            f.name + ": " +
            (dash == std::string::npos
                 ? m
                 : Bilingual(m.substr(0, dash), m.substr(dash + std::string_view(" — ").size()))));
      }
    }
    work.push_back({f.name, blobs.back()});
  }
  const checker::Proposal proposal = checker::ProposeMarks(*entry->checks, work);
  for (const checker::LineProposal& lp : proposal.lines) {
    ProposalLine line;
    line.code = lp.code;
    line.points = lp.points;
    line.verdict = std::string(checker::VerdictName(lp.verdict));
    line.reason_vi = Blind(lp.reason_vi, identity);
    line.reason_en = Blind(lp.reason_en, identity);
    if (!blob_vi.empty() && !lp.results.empty()) {
      line.reason_vi = blob_vi;
      line.reason_en = blob_en;
    } else {
      line.proposed = lp.proposed;
    }
    if (!line.proposed) {
      line.verdict = "fail";
    }
    for (const checker::CheckResult& r : lp.results) {
      line.checks.push_back({r.check, r.file, std::string(checker::VerdictName(r.outcome.verdict)),
                             r.outcome.score, Blind(r.outcome.evidence_vi, identity),
                             Blind(r.outcome.evidence_en, identity)});
    }
    run.lines.push_back(std::move(line));
  }
  run.elapsed_us = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::steady_clock::now() - started)
                       .count();
  return run;
}

Result<std::vector<int64_t>> StoreProposals(store::Database& db,
                                            const std::vector<ProposalRun>& runs,
                                            const Change& change) {
  std::vector<int64_t> ids;
  if (runs.empty()) {
    return ids;
  }
  json::array audit_tasks;
  for (const ProposalRun& run : runs) {
    store::Statement ins = db.Prepare(
        "INSERT INTO proposal_runs(session_id, sbd, task_id, task_version, files, checker, actor, "
        "at_ms, elapsed_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id");
    ins.Bind(1, run.session_id);
    ins.Bind(2, run.sbd);
    ins.Bind(3, run.task_id);
    ins.Bind(4, run.task_version);
    ins.Bind(5, json::serialize(RunFilesJson(run.files)));
    ins.Bind(6, run.checker);
    ins.Bind(7, run.actor);
    ins.Bind(8, run.at_ms);
    ins.Bind(9, run.elapsed_us);
    KHAOTHI_RETURN_IF_ERROR(ins.Step().status());
    const int64_t id = ins.ColumnInt64(0);
    ids.push_back(id);
    int seq = 0;
    for (const ProposalLine& line : run.lines) {
      store::Statement l = db.Prepare(
          "INSERT INTO proposal_lines(run_id, seq, code, points, proposed, verdict, reason_vi, "
          "reason_en, evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
      l.Bind(1, id);
      l.Bind(2, seq++);
      l.Bind(3, line.code);
      l.Bind(4, engine::FormatPoints(line.points));
      if (line.proposed) {
        l.Bind(5, engine::FormatPoints(*line.proposed));
      } else {
        l.BindNull(5);
      }
      l.Bind(6, line.verdict);
      l.Bind(7, line.reason_vi);
      l.Bind(8, line.reason_en);
      l.Bind(9, json::serialize(EvidenceJson(line.checks)));
      KHAOTHI_RETURN_IF_ERROR(l.Run());
    }
    audit_tasks.push_back(
        json::object{{"task", run.task_id + "/" + std::to_string(run.task_version)},
                     {"run", id},
                     {"files", RunFilesJson(run.files)},
                     {"proposed", engine::FormatPoints(run.ProposedTotal())},
                     {"complete", run.Complete()}});
  }
  const ProposalRun& first = runs.front();
  KHAOTHI_RETURN_IF_ERROR(
      internal::Audit(db, change, "proposal_run", first.session_id + "/" + first.sbd,
                      json::object{{"checker", first.checker}, {"tasks", std::move(audit_tasks)}}));
  return ids;
}

Result<std::optional<ProposalRun>> LatestProposal(store::Database& db,
                                                  const std::string& session_id,
                                                  const std::string& sbd,
                                                  const std::string& task_id) {
  store::Statement q = db.Prepare(std::string(kRunColumns) +
                                  "WHERE session_id = ?1 AND sbd = ?2 AND task_id = ?3 "
                                  "ORDER BY id DESC LIMIT 1");
  q.Bind(1, session_id);
  q.Bind(2, sbd);
  q.Bind(3, task_id);
  KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) {
    return std::optional<ProposalRun>();
  }
  KHAOTHI_ASSIGN_OR_RETURN(ProposalRun run, RunFromRow(db, q));
  return std::optional<ProposalRun>(std::move(run));
}

bool IsCurrent(const ProposalRun& run, const std::vector<MarkedFile>& files) {
  if (run.files.size() != files.size()) {
    return false;
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (run.files[i].name != files[i].name || run.files[i].sha256 != files[i].sha256) {
      return false;
    }
  }
  return true;
}

Result<std::optional<ProposalRun>> CurrentProposal(store::Database& db, const MarkingCase& c) {
  KHAOTHI_ASSIGN_OR_RETURN(std::optional<ProposalRun> run,
                           LatestProposal(db, c.session_id, c.sbd, c.task.id));
  if (!run || run->task_version != c.task.version) {
    return std::optional<ProposalRun>();
  }
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<MarkedFile> files, WorkToMark(db, c));
  if (!IsCurrent(*run, files)) {
    return std::optional<ProposalRun>();
  }
  return run;
}

namespace internal {

Status RequireNoteForChanges(store::Database& db, const MarkingCase& c,
                             const std::vector<LineMark>& lines, const std::string& note) {
  if (!note.empty()) {
    return Status::Ok();
  }
  KHAOTHI_ASSIGN_OR_RETURN(std::optional<ProposalRun> run, CurrentProposal(db, c));
  if (!run) {
    return Status::Ok();
  }
  std::string problems;
  for (const LineMark& mark : lines) {
    for (const ProposalLine& p : run->lines) {
      if (p.code == mark.code && p.proposed && *p.proposed != mark.points) {
        const std::string entered = engine::FormatPoints(mark.points);
        const std::string proposed = engine::FormatPoints(*p.proposed);
        problems +=
            Bilingual("ý ", "line ") + mark.code + ": " +
            Bilingual("điểm " + entered + " khác điểm đề xuất " + proposed + "; hãy ghi chú lý do",
                      "mark " + entered + " differs from the proposed " + proposed +
                          "; say why in the note") +
            "\n";
      }
    }
  }
  if (problems.empty()) {
    return Status::Ok();
  }
  problems.pop_back();
  return Status::InvalidArgument(problems);
}

}  // namespace internal

Result<std::vector<std::pair<std::string, std::string>>> CandidatesWithoutProposals(
    store::Database& db, const std::string& session_id) {
  store::Statement q = db.Prepare(
      "SELECT session_id, sbd FROM practical_attempts WHERE ended_ms IS NOT NULL AND "
      "(?1 = '' OR session_id = ?1) ORDER BY session_id, sbd");
  q.Bind(1, session_id);
  std::vector<std::pair<std::string, std::string>> ended;
  KHAOTHI_RETURN_IF_ERROR(q.ForEachRow([&](const store::Statement& row) {
    ended.emplace_back(row.ColumnText(0), row.ColumnText(1));
  }));
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [session, sbd] : ended) {
    KHAOTHI_ASSIGN_OR_RETURN(std::vector<ProposalInput> inputs,
                             ReadProposalInputs(db, session, sbd));
    for (const ProposalInput& in : inputs) {
      KHAOTHI_ASSIGN_OR_RETURN(std::optional<ProposalRun> run,
                               LatestProposal(db, session, sbd, in.task.id));
      if (!run || run->task_version != in.task.version || !IsCurrent(*run, in.files)) {
        out.emplace_back(session, sbd);
        break;
      }
    }
  }
  return out;
}

Result<std::vector<std::string>> CandidateIdentity(store::Database& db,
                                                   const std::string& session_id,
                                                   const std::string& sbd) {
  std::string name;
  KHAOTHI_ASSIGN_OR_RETURN(bool exists, CandidateExists(db, session_id, sbd, &name));
  if (!exists) {
    return Status::NotFound(Bilingual("không có thí sinh " + sbd + " trong ca " + session_id,
                                      "no candidate " + sbd + " in session " + session_id));
  }
  return std::vector<std::string>{sbd, name};
}

Result<ProposeReport> ProposeSession(store::Database& db, const std::string& centre_dir,
                                     const std::string& session_id, const std::string& sbd,
                                     const Change& change) {
  KHAOTHI_RETURN_IF_ERROR(internal::SessionState(db, session_id).status());
  std::vector<std::string> sbds;
  if (!sbd.empty()) {
    KHAOTHI_ASSIGN_OR_RETURN(bool exists, CandidateExists(db, session_id, sbd, nullptr));
    if (!exists) {
      return Status::NotFound(Bilingual("không có thí sinh " + sbd + " trong ca " + session_id,
                                        "no candidate " + sbd + " in session " + session_id));
    }
    sbds.push_back(sbd);
  } else {
    store::Statement q = db.Prepare(
        "SELECT DISTINCT sbd FROM practical_assignments WHERE session_id = ?1 ORDER BY sbd");
    q.Bind(1, session_id);
    KHAOTHI_RETURN_IF_ERROR(
        q.ForEachRow([&](const store::Statement& row) { sbds.push_back(row.ColumnText(0)); }));
  }
  // Every candidate's inputs first, and every task version's checks compiled: a task whose
  // checks do not compile stops the command before anything is stored.
  TaskChecksCache cache;
  ProposeReport report;
  std::vector<std::vector<ProposalInput>> inputs;
  std::vector<std::vector<std::string>> identities;
  for (const std::string& s : sbds) {
    Result<std::vector<ProposalInput>> in = ReadProposalInputs(db, session_id, s);
    if (!in.ok() && in.status().IsFailedPrecondition() && sbd.empty()) {
      ++report.not_ended;
      continue;
    }
    KHAOTHI_RETURN_IF_ERROR(in.status());
    for (const ProposalInput& i : *in) {
      KHAOTHI_RETURN_IF_ERROR(cache.Get(i.task).status());
    }
    KHAOTHI_ASSIGN_OR_RETURN(std::vector<std::string> who, CandidateIdentity(db, session_id, s));
    inputs.push_back(std::move(in).value());
    identities.push_back(std::move(who));
  }
  for (size_t k = 0; k < inputs.size(); ++k) {
    std::vector<ProposalRun> runs;
    for (const ProposalInput& in : inputs[k]) {
      KHAOTHI_ASSIGN_OR_RETURN(ProposalRun run, RunProposal(in, centre_dir, cache, change.actor,
                                                            change.at_ms, identities[k]));
      report.elapsed_us += run.elapsed_us;
      report.files += static_cast<int>(run.files.size());
      for (const ProposalLine& l : run.lines) {
        ++report.lines;
        report.lines_proposed += l.proposed ? 1 : 0;
      }
      for (const std::string& u : run.unreadable) {
        report.unreadable.push_back(in.sbd + " " + in.task.id + " " + u);
      }
      runs.push_back(std::move(run));
    }
    store::Transaction tx(db);
    KHAOTHI_RETURN_IF_ERROR(tx.Begin());
    KHAOTHI_RETURN_IF_ERROR(StoreProposals(db, runs, change).status());
    KHAOTHI_RETURN_IF_ERROR(tx.Commit());
    ++report.candidates;
    report.tasks += static_cast<int>(runs.size());
  }
  return report;
}

}  // namespace khaothi::centre
