// The messages the exam service sends: errors, login_ok, the form, the result and time changes.

#include "replies.h"

#include <algorithm>
#include <map>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/centre/canonical_json.h"
#include "khaothi/protocol/protocol.h"
#include "khaothi/protocol/server_messages.h"

#include "exam_service_state.h"

namespace khaothi::server {

namespace json = boost::json;

std::string ErrorMessage(std::string_view code, std::string_view message, uint64_t seq) {
  return protocol::Encode(
      protocol::Error{.code = std::string(code), .message = std::string(message), .seq = seq});
}

std::string Busy(uint64_t seq) {
  return ErrorMessage(error::kBusy, "the server is busy saving; this is sent again", seq);
}

std::string Locked(int64_t retry_after_ms) {
  return protocol::Encode(protocol::Error{.code = std::string(error::kLocked),
                                          .message = "too many wrong passwords; ask the proctor",
                                          .retry_after_ms = retry_after_ms});
}

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
  // The clock the action changed: the practical's is named, so that a 1.0 client (which never
  // sits the practical) reads the theory's exactly as before.
  const bool practical = InPractical(seat);
  return AfterCommit(
      seat.peer, seat,
      [event = std::move(event), reason = std::move(reason), practical](const Status& s, Peer& p,
                                                                        Seat& st) {
        if (s.ok()) {
          protocol::TimeChange change{
              .event = event,
              .reason = reason,
              .remaining_ms = (practical ? *st.practical : *st.attempt).Remaining().count()};
          if (practical) {
            change.part = std::string(protocol::part::kPractical);
          }
          p.Send(protocol::Encode(change));
        }
      });
}

// ---- Messages ----

std::string ExamService::LoginOk(const Seat& seat, const std::string& resume) const {
  const engine::Attempt& a = *seat.attempt;
  return protocol::Encode(
      protocol::LoginOk{.candidate = {.sbd = seat.sbd,
                                      .full_name = seat.full_name,
                                      .date_of_birth = seat.date_of_birth,
                                      .sex = seat.sex,
                                      .place_of_birth = seat.place_of_birth,
                                      .id_number = seat.id_number,
                                      .room = seat.room},
                        .session = {.id = seat.session->id,
                                    .name = seat.session->name,
                                    .date = seat.session->exam_date},
                        .state = std::string(ProtocolStateName(a.state())),
                        .unlock_required = seat.session->unlock_required,
                        .duration_ms = a.record().duration.count(),
                        .item_count = static_cast<int>(seat.form.slots.size()),
                        .remaining_ms = a.Remaining().count(),
                        .resume = resume,
                        .resume_ttl_ms = resume.empty() ? 0 : limits_.resume_token_ttl.count()});
}

std::string ExamService::FormMessage(Seat& seat) {
  // Built each time rather than kept: a form is sent at the start and after a reconnect only,
  // while keeping it would cost every connected candidate ~9 KiB (DESIGN.md §7, memory). The
  // items' text is encoded once for all seats (item_texts_); only the order and the answers are
  // the seat's own.
  std::vector<protocol::SharedFormSlot> slots;
  slots.reserve(seat.form.slots.size());
  for (size_t i = 0; i < seat.form.slots.size(); ++i) {
    const engine::Item* item = seat.items[i];
    auto it = item_texts_.find(item);
    if (it == item_texts_.end()) {
      std::vector<std::string> options;
      options.reserve(item->options.size());
      for (const engine::Option& o : item->options) {
        options.push_back(o.text);
      }
      it = item_texts_.emplace(item, protocol::EncodeItemText(item->stem, options)).first;
    }
    slots.push_back({.slot = static_cast<int>(i),
                     .text = &it->second,
                     .option_order = seat.form.slots[i].option_order,
                     .multiple = item->mode == engine::ResponseMode::kMultiple});
  }
  protocol::Form form;
  const engine::AttemptRecord& r = seat.attempt->record();
  uint64_t max_seq = 0;
  for (size_t i = 0; i < r.slots.size(); ++i) {
    const engine::SlotRecord& s = r.slots[i];
    max_seq = std::max({max_seq, s.answer_seq, s.flag_seq});
    if (s.answer_seq == 0 && s.flag_seq == 0) {
      continue;
    }
    protocol::SavedAnswer& saved = form.answers.emplace_back();
    saved.slot = static_cast<int>(i);
    saved.flagged = s.flagged;
    const std::vector<int>& order = seat.form.slots[i].option_order;
    for (int authored : s.chosen) {
      auto pos = std::find(order.begin(), order.end(), authored);
      saved.choice.push_back(static_cast<int>(pos - order.begin()));
    }
  }
  form.state = std::string(ProtocolStateName(seat.attempt->state()));
  form.remaining_ms = seat.attempt->Remaining().count();
  form.next_seq = max_seq + 1;
  return protocol::EncodeForm(form, slots);
}

std::string ExamService::ResultMessage(const Seat& seat) const {
  protocol::ExamResult m;
  m.submitted_by = std::string(engine::ToString(seat.attempt->record().submitted_by));
  for (const engine::SlotRecord& s : seat.attempt->record().slots) {
    m.answered += s.chosen.empty() ? 0 : 1;
  }
  m.total = static_cast<int>(seat.form.slots.size());
  if (seat.grade && seat.session->blueprint.show_score) {
    // The score of the part just sat, and what it decides of the exam: with a practical part
    // still to be marked the outcome is pending, and nothing claims a pass (docs/protocol.md).
    const engine::Blueprint& b = seat.session->blueprint;
    const engine::Part& part = b.MultipleChoicePart();
    m.score = engine::FormatPoints(seat.grade->score, b.scoring.decimals);
    m.scale = engine::FormatPoints(b.scoring.scale);
    m.part = part.name;
    m.part_passed = seat.grade->passed;
    const engine::TimePoint sat_at = seat.attempt->record().closed_at.value_or(engine::TimePoint());
    const engine::OverallResult overall = engine::DecideOverall(
        b, {{part.name, seat.grade->score, seat.grade->passed, sat_at}}, {}, sat_at);
    m.outcome = engine::ToString(overall.verdict);
    if (overall.verdict == engine::Verdict::kPending) {
      for (const engine::PartDecision& d : overall.parts) {
        if (d.source == engine::PartDecision::Source::kMissing) {
          m.pending_parts.push_back(d.part);
        }
      }
    } else {
      m.passed = overall.verdict == engine::Verdict::kPassed;
    }
  }
  // A 1.1 station learns that a practical is to be sat (or is running, after a restart), whatever
  // the theory's outcome: a passed practical is kept for a retake (docs/protocol.md).
  if (seat.peer_minor >= 1 && seat.practical) {
    m.practical = std::string(ProtocolStateName(seat.practical->state()));
  }
  // The signed envelope as stored; the encoder embeds it as an object (or leaves it out when it
  // is not JSON, as before).
  m.receipt_json = seat.receipt_json;
  return protocol::Encode(m);
}

}  // namespace khaothi::server
