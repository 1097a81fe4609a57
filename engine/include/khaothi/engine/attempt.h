// The attempt (bài làm): one candidate sitting one form, its state machine, its clock and its
// answers.
//
// States and the only moves between them (anything else returns FailedPrecondition and changes
// nothing):
//
//   created --Unlock--> unlocked --Start--> in progress --Submit(candidate|proctor)--> submitted
//      \_______Start (when no unlock is required)__/ |  ^        \--time is up (clock)-->/   |
//                                              Pause |  | Resume                   MarkGraded
//                                                    v  |                                   v
//                                                 suspended --Submit(proctor)--> submitted  graded
//
// Invariants:
//   - There is no way back: a submitted attempt never reopens, a graded one never changes.
//   - started_at is set exactly when the state is in progress or later; closed_at exactly when
//     it is submitted or graded; paused_at exactly when it is suspended.
//   - deadline = started_at + duration + extensions + pauses (+ the open pause while suspended)
//     (+ server downtime, unless the policy charges it). Each extension, pause and downtime
//     credit is kept with its reason and the time it was granted.
//   - An answer or flag counts exactly when the server received it (received_at, stamped by the
//     caller when the message arrived) in [started_at, close), where close is the deadline, the
//     submission time, or the start of the current pause. At the deadline itself it is too late.
//     A late answer never counts, and one received in time still counts when it is processed
//     after the clock submitted the attempt, until the attempt is graded.
//   - Writes are idempotent per (slot, client_seq): per slot, answers and flags each keep the
//     highest client sequence number applied. A write with a lower number, or the same number
//     and different content, is stale and ignored; the same number and the same content is a
//     duplicate (a resend after reconnecting) and is acknowledged again without change.
//   - Time comes only from the injected Clock. Every operation first applies it: an attempt in
//     progress whose deadline has passed is submitted by the clock, with closed_at = deadline,
//     before anything else happens. Refresh() does only that, for the server's timer.
//
// Thread safety: an Attempt is a value; use one from one thread at a time. The Clock must outlive
// every Attempt that uses it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "khaothi/engine/clock.h"
#include "khaothi/engine/form.h"
#include "khaothi/engine/status.h"

namespace khaothi::engine {

enum class AttemptState { kCreated, kUnlocked, kInProgress, kSuspended, kSubmitted, kGraded };
enum class SubmittedBy { kNone, kCandidate, kClock, kProctor };
// What became of an answer or flag write that was accepted (see the invariants).
enum class WriteOutcome { kApplied, kDuplicate, kStale };

std::string_view ToString(AttemptState s);
std::string_view ToString(SubmittedBy s);
std::string_view ToString(WriteOutcome o);

struct AttemptPolicy {
  // The proctor must unlock the attempt (after the ID check) before it can start.
  bool unlock_required = true;
  // Whether time while the server was down is charged to the candidate (DESIGN.md §5: not by
  // default).
  bool charge_server_downtime = false;

  friend bool operator==(const AttemptPolicy&, const AttemptPolicy&) = default;
};

// Time added to the deadline, and why.
struct TimeCredit {
  enum class Kind { kExtension, kPause, kDowntime };
  Kind kind = Kind::kExtension;
  Duration amount{0};
  std::string reason;
  TimePoint at{};  // when it was granted (for a pause: when it ended)

  friend bool operator==(const TimeCredit&, const TimeCredit&) = default;
};

struct SlotRecord {
  // The chosen options as authored indices (Item::options), ascending, no repeats; empty when
  // unanswered or cleared.
  std::vector<int> chosen;
  bool flagged = false;
  // The highest client sequence numbers applied; 0 when never written.
  uint64_t answer_seq = 0;
  uint64_t flag_seq = 0;
  // When the answer in `chosen` was received.
  TimePoint answered_at{};

  friend bool operator==(const SlotRecord&, const SlotRecord&) = default;
};

// Everything an attempt is, as a plain value the store can persist and Attempt::Restore reload.
struct AttemptRecord {
  AttemptState state = AttemptState::kCreated;
  Duration duration{0};
  AttemptPolicy policy;
  // Per slot, the number of options, from the form.
  std::vector<int> option_counts;
  std::vector<SlotRecord> slots;
  std::optional<TimePoint> started_at;
  std::vector<TimeCredit> credits;
  std::optional<TimePoint> paused_at;
  std::string pause_reason;
  std::optional<TimePoint> closed_at;
  SubmittedBy submitted_by = SubmittedBy::kNone;
  std::string submit_reason;

  friend bool operator==(const AttemptRecord&, const AttemptRecord&) = default;
};

class Attempt {
 public:
  // A created attempt for `form` with `duration` to answer it.
  // REQUIRES: duration > 0; `clock` outlives the attempt.
  Attempt(const Form& form, Duration duration, AttemptPolicy policy, const Clock& clock);

  // An attempt continuing from a stored record (after a restart). Corruption when the record
  // breaks an invariant above.
  static Result<Attempt> Restore(AttemptRecord record, const Clock& clock);

  const AttemptRecord& record() const { return record_; }
  AttemptState state() const { return record_.state; }
  int slot_count() const { return static_cast<int>(record_.slots.size()); }

  // The deadline as of now; nullopt before Start().
  std::optional<TimePoint> Deadline() const;
  // Time left as of now, never negative: the full allowance (duration + extensions) before
  // Start(), 0 once submitted.
  Duration Remaining() const;

  // Applies the clock: an attempt in progress past its deadline becomes submitted by the clock
  // with closed_at = deadline. Returns true when this call submitted it.
  bool Refresh();

  // created -> unlocked (the proctor checked the candidate's identity).
  Status Unlock();
  // unlocked (or created, when the policy needs no unlock) -> in progress; the time starts now.
  Status Start();
  // in progress -> suspended: the time stops (proctor; moving PC, incident). InvalidArgument
  // without a reason.
  Status Pause(std::string reason);
  // suspended -> in progress; the pause is added to the deadline with its reason.
  Status Resume();
  // Adds `amount` to the deadline, in any state before submitted. InvalidArgument when amount is
  // not positive or the reason is empty.
  Status Extend(Duration amount, std::string reason);
  // After a server restart: `last_alive` is the last time the server is known to have been up.
  // Unless the policy charges downtime, an attempt in progress whose deadline had not passed at
  // `last_alive` gets now − last_alive added with reason "server down". Then the clock is applied.
  // InvalidArgument when last_alive is in the future.
  Status RecoverFromOutage(TimePoint last_alive);
  // Ends the attempt now. kCandidate: from in progress only. kProctor: from in progress or
  // suspended, with a reason (the minutes, biên bản). kClock is the clock's alone
  // (InvalidArgument). FailedPrecondition when it already ended, for example by the clock.
  Status Submit(SubmittedBy by, std::string reason = "");
  // submitted -> graded, when its result has been recorded.
  Status MarkGraded();

  // Records the candidate's choice for `slot` (authored option indices, any order; empty clears
  // the answer). InvalidArgument for a bad slot, option index, repeated option or client_seq 0;
  // FailedPrecondition when received outside the answering window (see the invariants) or the
  // attempt is graded.
  Result<WriteOutcome> RecordAnswer(int slot, std::vector<int> chosen, uint64_t client_seq,
                                    TimePoint received_at);
  // The same for the "review later" flag.
  Result<WriteOutcome> RecordFlag(int slot, bool flagged, uint64_t client_seq,
                                  TimePoint received_at);

  // Per slot, the chosen authored option indices, for grading.
  std::vector<std::vector<int>> Responses() const;

 private:
  Attempt(AttemptRecord record, const Clock& clock) : record_(std::move(record)), clock_(&clock) {}

  TimePoint DeadlineAt(TimePoint now) const;
  Status CheckWindow(int slot, TimePoint received_at) const;

  AttemptRecord record_;
  const Clock* clock_;
};

}  // namespace khaothi::engine
