// Regrading a session's multiple-choice results after an item's key is corrected.

#include <boost/json.hpp>

#include "khaothi/centre/canonical_json.h"
#include "khaothi/centre/registry_outbox.h"
#include "khaothi/centre/results.h"
#include "khaothi/centre/signed_record.h"

#include "centre_internal.h"
#include "result_json.h"

namespace khaothi::centre {

namespace json = boost::json;
using internal::Audit;

Result<std::vector<RegradeOutcome>> RegradeSession(
    store::Database& db, const std::string& session_id, const std::string& sbd,
    const std::string& reason, const crypto::SigningKey& key, const Change& change) {
  if (reason.empty()) {
    return Status::InvalidArgument("a regrade (phúc khảo) needs a reason");
  }
  KHAOTHI_ASSIGN_OR_RETURN(SessionInfo info, GetSession(db, session_id));
  Result<engine::Blueprint> bp = engine::ParseBlueprint(info.blueprint);
  if (!bp.ok()) {
    return Status::Corruption("the session's blueprint does not parse");
  }
  KHAOTHI_ASSIGN_OR_RETURN(CentreInfo centre, GetCentre(db));
  std::vector<std::string> sbds;
  {
    store::Statement q = db.Prepare(
        "SELECT sbd FROM attempts WHERE session_id = ?1 AND result IS NOT NULL AND result <> '' "
        "AND (?2 = '' OR sbd = ?2) ORDER BY sbd");
    q.Bind(1, session_id);
    q.Bind(2, sbd);
    KHAOTHI_RETURN_IF_ERROR(
        q.ForEachRow([&](const store::Statement& row) { sbds.push_back(row.ColumnText(0)); }));
  }
  if (sbds.empty()) {
    return Status::NotFound(sbd.empty() ? "no graded attempt in session " + session_id
                                        : "candidate " + sbd + " has no graded attempt");
  }
  std::vector<RegradeOutcome> out;
  store::Transaction tx(db);
  KHAOTHI_RETURN_IF_ERROR(tx.Begin());
  for (const std::string& s : sbds) {
    KHAOTHI_ASSIGN_OR_RETURN(engine::Form form, GetForm(db, session_id, s));
    // The latest result.
    std::string text;
    {
      store::Statement q = db.Prepare(
          "SELECT coalesce((SELECT result FROM result_revisions r WHERE r.session_id = "
          "a.session_id AND r.sbd = a.sbd ORDER BY revision DESC LIMIT 1), a.result) "
          "FROM attempts a WHERE session_id = ?1 AND sbd = ?2");
      q.Bind(1, session_id);
      q.Bind(2, s);
      KHAOTHI_RETURN_IF_ERROR(q.Step().status());
      text = q.ColumnText(0);
    }
    KHAOTHI_ASSIGN_OR_RETURN(engine::GradeResult previous,
                             internal::GradeFromJson(text, form.seed));
    // The items in the versions the form holds, which are the versions the candidate was shown:
    // a later version (a reordering, a reworded stem) must never change an exam already given
    // (docs/architecture.md, "The life of a bank item").
    std::vector<engine::Item> items;
    items.reserve(form.slots.size());
    for (const engine::FormSlot& slot : form.slots) {
      Result<engine::Item> item = store::ReadItemVersion(db, slot.item_id, slot.item_version);
      const std::string which = slot.item_id + " version " + std::to_string(slot.item_version);
      if (item.status().IsNotFound()) {
        return Status::Corruption("item " + which + " of " + s +
                                  "'s form is missing from the bank");
      }
      if (item.status().IsCorruption()) {
        return Status::Corruption("stored item " + which + " does not parse");
      }
      KHAOTHI_RETURN_IF_ERROR(item.status());
      items.push_back(std::move(item).value());
    }
    std::vector<const engine::Item*> ptrs;
    for (const engine::Item& i : items) {
      ptrs.push_back(&i);
    }
    // The responses: authored indices per slot from the answers rows.
    KHAOTHI_ASSIGN_OR_RETURN(const std::vector<std::vector<int>> responses,
                             internal::LoadResponses(db, session_id, s, form.slots.size()));
    KHAOTHI_ASSIGN_OR_RETURN(engine::GradeResult next,
                             engine::Regrade(previous, form, ptrs, responses, *bp, reason));
    RegradeOutcome o{s, previous.score, next.score, previous.revision, false};
    if (next.slots == previous.slots && next.score == previous.score &&
        next.passed == previous.passed) {
      out.push_back(o);
      continue;
    }
    o.changed = true;
    o.revision = next.revision;
    json::object result = internal::GradeToJson(next, *bp);
    json::object rec{
        {"kind", "khaothi.result.v1"},
        {"id", centre.code + "/" + session_id + "/" + s + "/r" + std::to_string(next.revision)},
        {"centre", centre.code},
        {"session", session_id},
        {"sbd", s},
        {"result", result},
        {"created_ms", change.at_ms}};
    KHAOTHI_ASSIGN_OR_RETURN(std::string signed_text, SignRecord(key, rec));
    KHAOTHI_ASSIGN_OR_RETURN(std::string result_text, CanonicalJson(result));
    store::Statement ins = db.Prepare(
        "INSERT INTO result_revisions(session_id, sbd, revision, supersedes, result, reason, "
        "signed, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    ins.Bind(1, session_id);
    ins.Bind(2, s);
    ins.Bind(3, next.revision);
    ins.Bind(4, previous.revision);
    ins.Bind(5, result_text);
    ins.Bind(6, reason);
    ins.Bind(7, signed_text);
    ins.Bind(8, change.at_ms);
    KHAOTHI_RETURN_IF_ERROR(ins.Run());
    KHAOTHI_RETURN_IF_ERROR(QueueForRegistry(db, signed_text, change.at_ms));
    KHAOTHI_RETURN_IF_ERROR(Audit(db, change, "regrade", session_id + "/" + s,
                                  json::object{{"revision", next.revision},
                                               {"supersedes", previous.revision},
                                               {"before", FormatScore(previous.score, *bp)},
                                               {"after", FormatScore(next.score, *bp)},
                                               {"reason", reason}}));
    out.push_back(o);
  }
  KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  return out;
}

}  // namespace khaothi::centre
