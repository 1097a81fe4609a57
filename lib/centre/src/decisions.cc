// Approval: the signed decision that makes a session's results official (and its amendments).

#include <boost/json.hpp>

#include "khaothi/centre/certificates.h"
#include "khaothi/centre/registry_outbox.h"
#include "khaothi/centre/results.h"
#include "khaothi/centre/signed_record.h"

#include "centre_internal.h"
#include "certificate_rules.h"

namespace khaothi::centre {
namespace {

namespace json = boost::json;
using internal::Audit;

}  // namespace

// ---- Approval ----

Result<DecisionInfo> LatestDecision(store::Database& db, const std::string& session_id) {
  store::Statement q = db.Prepare(
      "SELECT version, decision_no, signed, created_ms FROM decisions WHERE session_id = ?1 "
      "ORDER BY version DESC LIMIT 1");
  q.Bind(1, session_id);
  KHAOTHI_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) {
    return Status::NotFound(Bilingual(
        "ca thi " + session_id + " chưa có quyết định phê duyệt kết quả (khaothi approve)",
        "session " + session_id + " has no approval decision yet (khaothi approve)"));
  }
  DecisionInfo d{session_id, q.ColumnInt(0),  q.ColumnText(1), q.ColumnText(2),
                 {},         q.ColumnInt64(3)};
  Result<json::object> rec = internal::EnvelopeRecord(d.signed_json);
  if (!rec.ok()) {
    return Status::Corruption(Bilingual("quyết định đã lưu bị hỏng (không đọc được)",
                                        "the stored decision does not parse"));
  }
  if (const json::value* passed = rec->if_contains("passed"); passed && passed->is_array()) {
    for (const json::value& p : passed->as_array()) {
      if (p.is_object() && p.as_object().contains("sbd")) {
        d.passed.push_back(std::string(p.as_object().at("sbd").as_string()));
      }
    }
  }
  return d;
}

Result<DecisionInfo> ApproveResults(store::Database& db, const crypto::SigningKey& key,
                                    const std::string& session_id, const std::string& decision_no,
                                    const std::string& date, bool amend, const std::string& reason,
                                    const Change& change) {
  KHAOTHI_ASSIGN_OR_RETURN(std::string day, internal::CheckDate(date));
  Result<std::string> number = internal::CleanLine(decision_no);
  if (!number.ok() || number->empty()) {
    return Status::InvalidArgument(Bilingual("quyết định cần số quyết định (--decision-no)",
                                             "the decision needs its number (--decision-no)"));
  }
  KHAOTHI_ASSIGN_OR_RETURN(Issuer issuer, internal::CheckIssuer(db, key));
  KHAOTHI_ASSIGN_OR_RETURN(SessionResults results, LoadResults(db, session_id, change.at_ms));
  if (results.session.state != "closed") {
    return Status::FailedPrecondition("session " + session_id +
                                      " is not closed; run 'khaothi session close " + session_id +
                                      "' before approval");
  }
  KHAOTHI_ASSIGN_OR_RETURN(CentreInfo centre, GetCentre(db));
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  Result<DecisionInfo> previous = LatestDecision(db, session_id);
  if (previous.ok() && !amend) {
    return Status::FailedPrecondition(
        Bilingual("ca thi " + session_id + " đã có quyết định phê duyệt (phiên bản " +
                      std::to_string(previous->version) + "); sửa đổi bằng --amend --reason",
                  "session " + session_id + " was approved already (version " +
                      std::to_string(previous->version) + "); amend it with --amend --reason"));
  }
  if (!previous.ok() && !previous.status().IsNotFound()) {
    return previous.status();
  }
  if (!previous.ok() && amend) {
    return Status::FailedPrecondition(
        Bilingual("ca thi " + session_id + " chưa có quyết định nào để sửa đổi",
                  "session " + session_id + " has no decision to amend yet"));
  }
  if (amend && reason.empty()) {
    return Status::InvalidArgument(
        Bilingual("quyết định sửa đổi cần lý do (--reason)", "an amended decision needs a reason"));
  }
  {
    // An amendment comes after the decision it amends; the first decision after the exam.
    std::string earliest = results.session.exam_date;
    std::string_view earlier_vi = "ngày thi";
    std::string_view earlier_en = "the exam date";
    if (previous.ok()) {
      Result<json::object> prec = internal::EnvelopeRecord(previous->signed_json);
      if (prec.ok() && prec->contains("date") && prec->at("date").is_string()) {
        const std::string previous_date(prec->at("date").as_string());
        if (previous_date > earliest) {
          earliest = previous_date;
          earlier_vi = "ngày của quyết định trước";
          earlier_en = "the date of the previous decision";
        }
      }
    }
    KHAOTHI_RETURN_IF_ERROR(internal::CheckDateOrder(day, "ngày quyết định", "the decision date",
                                                     earliest, earlier_vi, earlier_en,
                                                     internal::LocalDate(change.at_ms)));
  }
  const int version = previous.ok() ? previous->version + 1 : 1;
  json::array passed;
  std::vector<std::string> sbds;
  int pending = 0;
  for (const CandidateResult& c : results.candidates) {
    if (c.overall.verdict == engine::Verdict::kPending && c.attempt_state == "graded") {
      ++pending;
    }
    if (!c.passed()) {
      continue;
    }
    json::object scores;
    for (const auto& [name, p] : c.parts) {
      scores[name] = FormatScore(p.score, results.blueprint);
    }
    passed.push_back(json::object{{"sbd", c.candidate.sbd},
                                  {"full_name", c.candidate.full_name},
                                  {"date_of_birth", c.candidate.date_of_birth},
                                  {"scores", std::move(scores)},
                                  {"result", "Đạt"}});
    sbds.push_back(c.candidate.sbd);
  }
  json::object rec{{"kind", "khaothi.decision.v1"},
                   {"id", centre.code + "/" + session_id + "/decision/" + std::to_string(version)},
                   {"centre", json::object{{"code", centre.code}, {"name", centre.name}}},
                   {"session", session_id},
                   {"exam_date", results.session.exam_date},
                   {"version", version},
                   {"decision_no", *number},
                   {"date", day},
                   {"candidates", static_cast<int64_t>(results.candidates.size())},
                   {"pending", pending},
                   {"passed", std::move(passed)},
                   {"signer", json::object{{"name", issuer.holder}, {"title", issuer.title}}}};
  if (amend) {
    rec["supersedes"] = previous->version;
    rec["reason"] = reason;
  }
  KHAOTHI_ASSIGN_OR_RETURN(std::string signed_text, SignRecord(key, rec));
  store::Statement ins = db.Prepare(
      "INSERT INTO decisions(session_id, version, decision_no, signed, key_id, created_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  ins.Bind(1, session_id);
  ins.Bind(2, version);
  ins.Bind(3, *number);
  ins.Bind(4, signed_text);
  ins.Bind(5, key.KeyId());
  ins.Bind(6, change.at_ms);
  KHAOTHI_RETURN_IF_ERROR(ins.Run());
  KHAOTHI_RETURN_IF_ERROR(QueueForRegistry(db, signed_text, change.at_ms));
  json::object detail{{"version", version},
                      {"decision_no", *number},
                      {"passed", static_cast<int64_t>(sbds.size())},
                      {"sha256", crypto::Sha256Hex(signed_text)}};
  if (amend) {
    detail["reason"] = reason;
  }
  KHAOTHI_RETURN_IF_ERROR(
      Audit(db, change, amend ? "approve_amend" : "approve", session_id, detail));
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return DecisionInfo{session_id, version, *number, signed_text, sbds, change.at_ms};
}

}  // namespace khaothi::centre
