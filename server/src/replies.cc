// The messages the exam service sends: errors, login_ok, the form, the result and time changes.

#include "replies.h"

#include <algorithm>

#include <boost/json.hpp>

#include "khaothi/centre/canonical_json.h"
#include "khaothi/server/protocol.h"

#include "exam_service_state.h"

namespace khaothi::server {

namespace json = boost::json;

std::string ErrorMessage(std::string_view code, std::string_view message, uint64_t seq) {
  json::object o{{"type", "error"}, {"code", code}, {"message", message}};
  if (seq != 0) {
    o["seq"] = seq;
  }
  return json::serialize(o);
}

std::string Busy(uint64_t seq) {
  return ErrorMessage(error::kBusy, "the server is busy saving; this is sent again", seq);
}

std::string Simple(std::string_view type) { return json::serialize(json::object{{"type", type}}); }

std::string Canonical(const json::value& v) {
  Result<std::string> c = centre::CanonicalJson(v);
  return c.ok() ? *c : json::serialize(v);
}

// Audit details are canonical JSON (the chain hashes their bytes).
std::string CanonicalDetail(const std::string& detail) {
  boost::system::error_code ec;
  json::value v = json::parse(detail, ec);
  return ec ? "{}" : Canonical(v);
}

void ExamService::Push(Seat& seat, std::string message) {
  if (std::shared_ptr<Peer> p = seat.peer.lock()) {
    p->Send(std::move(message));
  }
}

std::function<void(const Status&)> ExamService::TimeChanged(Seat& seat, std::string event,
                                                            std::string reason) {
  return AfterCommit(
      seat.peer, seat,
      [event = std::move(event), reason = std::move(reason)](const Status& s, Peer& p, Seat& st) {
        if (s.ok()) {
          p.Send(json::serialize(json::object{{"type", "time"},
                                              {"event", event},
                                              {"reason", reason},
                                              {"remaining_ms", st.attempt->Remaining().count()}}));
        }
      });
}

// ---- Messages ----

std::string ExamService::LoginOk(const Seat& seat) const {
  const engine::Attempt& a = *seat.attempt;
  json::object o{{"type", "login_ok"},
                 {"candidate", json::object{{"sbd", seat.sbd},
                                            {"full_name", seat.full_name},
                                            {"date_of_birth", seat.date_of_birth},
                                            {"sex", seat.sex},
                                            {"place_of_birth", seat.place_of_birth},
                                            {"id_number", seat.id_number},
                                            {"room", seat.room}}},
                 {"session", json::object{{"id", seat.session->id},
                                          {"name", seat.session->name},
                                          {"date", seat.session->exam_date}}},
                 {"state", ProtocolStateName(a.state())},
                 {"unlock_required", seat.session->unlock_required},
                 {"duration_ms", a.record().duration.count()},
                 {"item_count", static_cast<int64_t>(seat.form.slots.size())},
                 {"remaining_ms", a.Remaining().count()}};
  return json::serialize(o);
}

std::string ExamService::FormMessage(Seat& seat) {
  // Built each time rather than kept: a form is sent at the start and after a reconnect only,
  // while keeping it would cost every connected candidate ~9 KiB (DESIGN.md §7, memory).
  json::array slots;
  for (size_t i = 0; i < seat.form.slots.size(); ++i) {
    const engine::FormSlot& fs = seat.form.slots[i];
    const engine::Item& item = *seat.items[i];
    json::array options;
    for (int authored : fs.option_order) {
      options.push_back(json::string(item.options[static_cast<size_t>(authored)].text));
    }
    slots.push_back(json::object{{"slot", static_cast<int64_t>(i)},
                                 {"stem", item.stem},
                                 {"options", std::move(options)},
                                 {"multiple", item.mode == engine::ResponseMode::kMultiple}});
  }
  const engine::AttemptRecord& r = seat.attempt->record();
  json::array answers;
  uint64_t max_seq = 0;
  for (size_t i = 0; i < r.slots.size(); ++i) {
    const engine::SlotRecord& s = r.slots[i];
    max_seq = std::max({max_seq, s.answer_seq, s.flag_seq});
    if (s.answer_seq == 0 && s.flag_seq == 0) {
      continue;
    }
    json::array displayed;
    const std::vector<int>& order = seat.form.slots[i].option_order;
    for (int authored : s.chosen) {
      auto it = std::find(order.begin(), order.end(), authored);
      displayed.push_back(static_cast<int64_t>(it - order.begin()));
    }
    answers.push_back(json::object{{"slot", static_cast<int64_t>(i)},
                                   {"choice", std::move(displayed)},
                                   {"flagged", s.flagged}});
  }
  json::object head{{"type", "form"},
                    {"state", ProtocolStateName(seat.attempt->state())},
                    {"remaining_ms", seat.attempt->Remaining().count()},
                    {"next_seq", max_seq + 1},
                    {"answers", std::move(answers)}};
  std::string out = json::serialize(head);
  out.pop_back();  // '}'
  out += ",\"slots\":";
  out += json::serialize(slots);
  out += '}';
  return out;
}

std::string ExamService::ResultMessage(const Seat& seat) const {
  json::object o{{"type", "result"},
                 {"submitted_by", engine::ToString(seat.attempt->record().submitted_by)}};
  int answered = 0;
  for (const engine::SlotRecord& s : seat.attempt->record().slots) {
    answered += s.chosen.empty() ? 0 : 1;
  }
  o["answered"] = answered;
  o["total"] = static_cast<int64_t>(seat.form.slots.size());
  if (seat.grade && seat.session->blueprint.show_score) {
    // The score of the part just sat, and what it decides of the exam: with a practical part
    // still to be marked the outcome is pending, and nothing claims a pass (docs/protocol.md).
    const engine::Blueprint& b = seat.session->blueprint;
    const engine::Part& part = b.MultipleChoicePart();
    o["score"] = engine::FormatPoints(seat.grade->score, b.scoring.decimals);
    o["scale"] = engine::FormatPoints(b.scoring.scale);
    o["part"] = part.name;
    o["part_passed"] = seat.grade->passed;
    const engine::TimePoint sat_at = seat.attempt->record().closed_at.value_or(engine::TimePoint());
    const engine::OverallResult overall = engine::DecideOverall(
        b, {{part.name, seat.grade->score, seat.grade->passed, sat_at}}, {}, sat_at);
    o["outcome"] = engine::ToString(overall.verdict);
    if (overall.verdict == engine::Verdict::kPending) {
      json::array pending;
      for (const engine::PartDecision& d : overall.parts) {
        if (d.source == engine::PartDecision::Source::kMissing) {
          pending.push_back(json::string(d.part));
        }
      }
      o["pending_parts"] = std::move(pending);
    } else {
      o["passed"] = overall.verdict == engine::Verdict::kPassed;
    }
  }
  if (!seat.receipt_json.empty()) {
    boost::system::error_code ec;
    json::value receipt = json::parse(seat.receipt_json, ec);
    if (!ec) {
      o["receipt"] = std::move(receipt);
    }
  }
  return json::serialize(o);
}

}  // namespace khaothi::server
