#include "khaothi/engine/attempt.h"

#include <algorithm>
#include <utility>

namespace khaothi::engine {
namespace {

Status WrongState(std::string_view action, AttemptState s) {
  return Status::FailedPrecondition("cannot " + std::string(action) + " an attempt that is " +
                                    std::string(ToString(s)));
}

}  // namespace

std::string_view ToString(AttemptState s) {
  switch (s) {
    case AttemptState::kCreated:
      return "created";
    case AttemptState::kUnlocked:
      return "unlocked";
    case AttemptState::kInProgress:
      return "in progress";
    case AttemptState::kSuspended:
      return "suspended";
    case AttemptState::kSubmitted:
      return "submitted";
    case AttemptState::kGraded:
      return "graded";
  }
  return "?";
}

std::string_view ToString(SubmittedBy s) {
  switch (s) {
    case SubmittedBy::kNone:
      return "none";
    case SubmittedBy::kCandidate:
      return "candidate";
    case SubmittedBy::kClock:
      return "clock";
    case SubmittedBy::kProctor:
      return "proctor";
  }
  return "?";
}

std::string_view ToString(WriteOutcome o) {
  switch (o) {
    case WriteOutcome::kApplied:
      return "applied";
    case WriteOutcome::kDuplicate:
      return "duplicate";
    case WriteOutcome::kStale:
      return "stale";
  }
  return "?";
}

Attempt::Attempt(const Form& form, Duration duration, AttemptPolicy policy, const Clock& clock)
    : clock_(&clock) {
  KHAOTHI_DCHECK(duration > Duration(0));
  record_.duration = duration;
  record_.policy = policy;
  record_.option_counts.reserve(form.slots.size());
  for (const FormSlot& s : form.slots) {
    record_.option_counts.push_back(static_cast<int>(s.option_order.size()));
  }
  record_.slots.resize(form.slots.size());
}

Result<Attempt> Attempt::Restore(AttemptRecord record, const Clock& clock) {
  const AttemptState s = record.state;
  const bool started = s != AttemptState::kCreated && s != AttemptState::kUnlocked;
  const bool closed = s == AttemptState::kSubmitted || s == AttemptState::kGraded;
  if (record.duration <= Duration(0) || record.option_counts.size() != record.slots.size() ||
      record.started_at.has_value() != started || record.closed_at.has_value() != closed ||
      record.paused_at.has_value() != (s == AttemptState::kSuspended) ||
      (record.submitted_by != SubmittedBy::kNone) != closed) {
    return Status::Corruption("attempt record is inconsistent with its state '" +
                              std::string(ToString(s)) + "'");
  }
  for (size_t i = 0; i < record.slots.size(); ++i) {
    for (int c : record.slots[i].chosen) {
      if (c < 0 || c >= record.option_counts[i]) {
        return Status::Corruption("attempt record has an option out of range in slot " +
                                  std::to_string(i));
      }
    }
  }
  return Attempt(std::move(record), clock);
}

TimePoint Attempt::DeadlineAt(TimePoint now) const {
  KHAOTHI_DCHECK(record_.started_at.has_value());
  TimePoint deadline = *record_.started_at + record_.duration;
  for (const TimeCredit& c : record_.credits) {
    deadline += c.amount;
  }
  if (record_.paused_at) {
    deadline += now - *record_.paused_at;
  }
  return deadline;
}

std::optional<TimePoint> Attempt::Deadline() const {
  if (!record_.started_at) {
    return std::nullopt;
  }
  return DeadlineAt(clock_->Now());
}

Duration Attempt::Remaining() const {
  switch (record_.state) {
    case AttemptState::kCreated:
    case AttemptState::kUnlocked: {
      Duration total = record_.duration;
      for (const TimeCredit& c : record_.credits) {
        total += c.amount;
      }
      return total;
    }
    case AttemptState::kInProgress:
    case AttemptState::kSuspended: {
      const TimePoint now = clock_->Now();
      return std::max(Duration(0), DeadlineAt(now) - now);
    }
    case AttemptState::kSubmitted:
    case AttemptState::kGraded:
      break;
  }
  return Duration(0);
}

bool Attempt::Refresh() {
  if (record_.state != AttemptState::kInProgress) {
    return false;
  }
  const TimePoint now = clock_->Now();
  const TimePoint deadline = DeadlineAt(now);
  if (now < deadline) {
    return false;
  }
  record_.state = AttemptState::kSubmitted;
  record_.submitted_by = SubmittedBy::kClock;
  record_.closed_at = deadline;
  return true;
}

Status Attempt::Unlock() {
  if (record_.state != AttemptState::kCreated) {
    return WrongState("unlock", record_.state);
  }
  record_.state = AttemptState::kUnlocked;
  return Status::Ok();
}

Status Attempt::Start() {
  const bool may_start =
      record_.state == AttemptState::kUnlocked ||
      (record_.state == AttemptState::kCreated && !record_.policy.unlock_required);
  if (!may_start) {
    return WrongState("start", record_.state);
  }
  record_.state = AttemptState::kInProgress;
  record_.started_at = clock_->Now();
  return Status::Ok();
}

Status Attempt::Pause(std::string reason) {
  if (reason.empty()) {
    return Status::InvalidArgument("a pause needs a reason");
  }
  Refresh();
  if (record_.state != AttemptState::kInProgress) {
    return WrongState("pause", record_.state);
  }
  record_.state = AttemptState::kSuspended;
  record_.paused_at = clock_->Now();
  record_.pause_reason = std::move(reason);
  return Status::Ok();
}

Status Attempt::Resume() {
  if (record_.state != AttemptState::kSuspended) {
    return WrongState("resume", record_.state);
  }
  const TimePoint now = clock_->Now();
  record_.credits.push_back(
      {TimeCredit::Kind::kPause, now - *record_.paused_at, std::move(record_.pause_reason), now});
  record_.paused_at.reset();
  record_.pause_reason.clear();
  record_.state = AttemptState::kInProgress;
  return Status::Ok();
}

Status Attempt::Extend(Duration amount, std::string reason) {
  if (amount <= Duration(0)) {
    return Status::InvalidArgument("an extension must be positive");
  }
  if (reason.empty()) {
    return Status::InvalidArgument("an extension needs a reason");
  }
  Refresh();
  if (record_.state == AttemptState::kSubmitted || record_.state == AttemptState::kGraded) {
    return WrongState("extend", record_.state);
  }
  record_.credits.push_back(
      {TimeCredit::Kind::kExtension, amount, std::move(reason), clock_->Now()});
  return Status::Ok();
}

Status Attempt::RecoverFromOutage(TimePoint last_alive) {
  const TimePoint now = clock_->Now();
  if (last_alive > now) {
    return Status::InvalidArgument("last_alive is in the future");
  }
  if (record_.state == AttemptState::kInProgress && !record_.policy.charge_server_downtime &&
      last_alive < DeadlineAt(last_alive)) {
    // Only the part of the outage after the start is owed.
    const TimePoint from = std::max(last_alive, *record_.started_at);
    if (now > from) {
      record_.credits.push_back({TimeCredit::Kind::kDowntime, now - from, "server down", now});
    }
  }
  Refresh();
  return Status::Ok();
}

Status Attempt::Submit(SubmittedBy by, std::string reason) {
  if (by != SubmittedBy::kCandidate && by != SubmittedBy::kProctor) {
    return Status::InvalidArgument(
        "only the candidate or a proctor submits; the clock submits "
        "by itself");
  }
  if (by == SubmittedBy::kProctor && reason.empty()) {
    return Status::InvalidArgument("a proctor ending an attempt must give a reason");
  }
  Refresh();
  const bool may = record_.state == AttemptState::kInProgress ||
                   (by == SubmittedBy::kProctor && record_.state == AttemptState::kSuspended);
  if (!may) {
    if (record_.state == AttemptState::kSubmitted) {
      return Status::FailedPrecondition("the attempt was already submitted by the " +
                                        std::string(ToString(record_.submitted_by)));
    }
    return WrongState("submit", record_.state);
  }
  const TimePoint now = clock_->Now();
  if (record_.state == AttemptState::kSuspended) {
    record_.credits.push_back(
        {TimeCredit::Kind::kPause, now - *record_.paused_at, std::move(record_.pause_reason), now});
    record_.paused_at.reset();
    record_.pause_reason.clear();
  }
  record_.state = AttemptState::kSubmitted;
  record_.submitted_by = by;
  record_.submit_reason = std::move(reason);
  record_.closed_at = now;
  return Status::Ok();
}

Status Attempt::MarkGraded() {
  Refresh();
  if (record_.state != AttemptState::kSubmitted) {
    return WrongState("grade", record_.state);
  }
  record_.state = AttemptState::kGraded;
  return Status::Ok();
}

Status Attempt::CheckWindow(int slot, TimePoint received_at) const {
  if (slot < 0 || slot >= slot_count()) {
    return Status::InvalidArgument("no slot " + std::to_string(slot));
  }
  switch (record_.state) {
    case AttemptState::kCreated:
    case AttemptState::kUnlocked:
      return Status::FailedPrecondition("the attempt has not started");
    case AttemptState::kGraded:
      return Status::FailedPrecondition("the attempt is already graded");
    case AttemptState::kInProgress:
    case AttemptState::kSuspended:
    case AttemptState::kSubmitted:
      break;
  }
  if (received_at < *record_.started_at) {
    return Status::FailedPrecondition("received before the attempt started");
  }
  if (record_.closed_at) {
    if (received_at >= *record_.closed_at) {
      return Status::FailedPrecondition(record_.submitted_by == SubmittedBy::kClock
                                            ? "received after the deadline"
                                            : "received after the attempt was submitted");
    }
  } else if (record_.paused_at) {
    if (received_at >= *record_.paused_at) {
      return Status::FailedPrecondition("the attempt is paused");
    }
  } else if (received_at >= DeadlineAt(clock_->Now())) {
    return Status::FailedPrecondition("received after the deadline");
  }
  return Status::Ok();
}

Result<WriteOutcome> Attempt::RecordAnswer(int slot, std::vector<int> chosen, uint64_t client_seq,
                                           TimePoint received_at) {
  if (client_seq == 0) {
    return Status::InvalidArgument("client sequence numbers start at 1");
  }
  Refresh();
  KHAOTHI_RETURN_IF_ERROR(CheckWindow(slot, received_at));
  const size_t s = static_cast<size_t>(slot);
  std::sort(chosen.begin(), chosen.end());
  for (size_t i = 0; i < chosen.size(); ++i) {
    if (chosen[i] < 0 || chosen[i] >= record_.option_counts[s]) {
      return Status::InvalidArgument("slot " + std::to_string(slot) + " has no option " +
                                     std::to_string(chosen[i]));
    }
    if (i > 0 && chosen[i] == chosen[i - 1]) {
      return Status::InvalidArgument("option " + std::to_string(chosen[i]) + " chosen twice");
    }
  }
  SlotRecord& r = record_.slots[s];
  if (client_seq < r.answer_seq) {
    return WriteOutcome::kStale;
  }
  if (client_seq == r.answer_seq) {
    return chosen == r.chosen ? WriteOutcome::kDuplicate : WriteOutcome::kStale;
  }
  r.chosen = std::move(chosen);
  r.answer_seq = client_seq;
  r.answered_at = received_at;
  return WriteOutcome::kApplied;
}

Result<WriteOutcome> Attempt::RecordFlag(int slot, bool flagged, uint64_t client_seq,
                                         TimePoint received_at) {
  if (client_seq == 0) {
    return Status::InvalidArgument("client sequence numbers start at 1");
  }
  Refresh();
  KHAOTHI_RETURN_IF_ERROR(CheckWindow(slot, received_at));
  SlotRecord& r = record_.slots[static_cast<size_t>(slot)];
  if (client_seq < r.flag_seq) {
    return WriteOutcome::kStale;
  }
  if (client_seq == r.flag_seq) {
    return flagged == r.flagged ? WriteOutcome::kDuplicate : WriteOutcome::kStale;
  }
  r.flagged = flagged;
  r.flag_seq = client_seq;
  return WriteOutcome::kApplied;
}

std::vector<std::vector<int>> Attempt::Responses() const {
  std::vector<std::vector<int>> out;
  out.reserve(record_.slots.size());
  for (const SlotRecord& r : record_.slots) {
    out.push_back(r.chosen);
  }
  return out;
}

}  // namespace khaothi::engine
