// The practical test (protocol 1.1, docs/protocol.md "The practical test"): the seat's drawn
// tasks, the practical's clock, the download of task files and the candidate's own versions, and
// the upload of work files. The other pieces of the service are listed in exam_service_state.h.
//
// The clock is an engine::Attempt without questions, so every rule of the theory's clock holds
// for it unchanged (extensions, pauses, downtime credit, the clock ending it at the deadline);
// the proctor's actions reach it through ActiveClock, and Persist writes its row with the
// attempt's.
//
// The download of task files and the upload of work files are practical_files.cc.

#include "khaothi/bank/practical.h"

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "khaothi/centre/audit.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/practical_limits.h"
#include "khaothi/protocol/limits.h"
#include "khaothi/protocol/server_messages.h"

#include "attempt_codec.h"
#include "exam_service_state.h"
#include "replies.h"

namespace khaothi::server {
namespace {

namespace json = boost::json;
using engine::AttemptState;
protocol::FileRef RefOf(const engine::PracticalFile& f) {
  return {f.name, static_cast<uint64_t>(f.size), f.sha256};
}

}  // namespace

// ---- The clock ----

bool ExamService::InPractical(const Seat& seat) {
  return seat.practical.has_value() && TheoryOver(seat.attempt->state());
}

engine::Attempt& ExamService::ActiveClock(Seat& seat) {
  return InPractical(seat) ? *seat.practical : *seat.attempt;
}

Status ExamService::LoadPractical(store::Database& db, Seat& seat) {
  KHAOTHI_ASSIGN_OR_RETURN(std::vector<centre::AssignedTask> assigned,
                           centre::AssignedTasks(db, seat.session->id, seat.sbd));
  if (assigned.empty()) {
    return Status::Ok();
  }
  engine::Duration duration(0);
  for (const centre::AssignedTask& a : assigned) {
    const auto key = std::make_pair(a.task_id, a.task_version);
    auto it = tasks_.find(key);
    if (it == tasks_.end()) {
      store::Statement st =
          db.Prepare("SELECT manifest FROM practical_versions WHERE id = ?1 AND version = ?2");
      st.Bind(1, a.task_id);
      st.Bind(2, a.task_version);
      KHAOTHI_ASSIGN_OR_RETURN(const bool found, st.Step());
      if (!found) {
        return Status::Corruption(seat.key + ": the drawn task " + a.task_id + " version " +
                                  std::to_string(a.task_version) + " is not in the bank");
      }
      Result<bank::ParsedManifest> parsed =
          bank::ParsePracticalManifest(st.ColumnText(0), "stored manifest");
      if (!parsed.ok()) {
        return Status::Corruption(seat.key + ": task " + a.task_id + ": " +
                                  parsed.status().message());
      }
      parsed->task.version = a.task_version;
      it = tasks_.emplace(key, std::move(parsed->task)).first;
    }
    seat.tasks.push_back({a.subpart, &it->second});
    duration += std::chrono::minutes(it->second.minutes);
  }

  // The clock: as stored once the practical started, or a new one of the tasks' minutes.
  store::Statement st =
      db.Prepare("SELECT record FROM practical_attempts WHERE session_id = ?1 AND sbd = ?2");
  st.Bind(1, seat.session->id);
  st.Bind(2, seat.sbd);
  KHAOTHI_ASSIGN_OR_RETURN(const bool stored, st.Step());
  if (stored) {
    Result<engine::AttemptRecord> record = AttemptRecordFromJson(st.ColumnText(0));
    if (!record.ok()) {
      return Status::Corruption(seat.key + ": practical: " + record.status().message());
    }
    Result<engine::Attempt> restored = engine::Attempt::Restore(std::move(*record), clock_);
    if (!restored.ok()) {
      return Status::Corruption(seat.key + ": practical: " + restored.status().message());
    }
    seat.practical.emplace(std::move(*restored));
    seat.practical_on_disk = true;
    // Its end is on disk with the row: nothing is left to record.
    seat.practical_finished = TheoryOver(seat.practical->state());
  } else {
    // No unlock of its own: the proctor checked the candidate's identity for the theory.
    seat.practical.emplace(engine::Form{}, duration,
                           engine::AttemptPolicy{.unlock_required = false}, clock_);
  }

  KHAOTHI_ASSIGN_OR_RETURN(std::vector<centre::WorkVersion> versions,
                           centre::WorkVersions(db, seat.session->id, seat.sbd));
  for (const centre::WorkVersion& v : versions) {
    // Ordered by version: the last one of each file is its latest.
    seat.latest_work[{v.task_id, v.name}] = protocol::WorkFile{
        v.name, v.version, static_cast<uint64_t>(v.size), v.sha256, v.received_ms};
    seat.work_hashes.insert(v.sha256);
    seat.work_bytes += v.size;
  }
  return Status::Ok();
}

std::string ExamService::PracticalMessage(const Seat& seat) const {
  const engine::Attempt& p = *seat.practical;
  protocol::Practical m;
  m.state = std::string(ProtocolStateName(p.state()));
  m.remaining_ms = p.Remaining().count();
  m.duration_ms = p.record().duration.count();
  if (p.record().submitted_by != engine::SubmittedBy::kNone) {
    m.submitted_by = std::string(engine::ToString(p.record().submitted_by));
  }
  for (const Seat::DrawnTask& drawn : seat.tasks) {
    const engine::PracticalTask& t = *drawn.task;
    protocol::PracticalTaskInfo& info = m.tasks.emplace_back();
    info.task = t.id;
    info.version = t.version;
    info.module = t.module;
    info.subpart = drawn.subpart;
    info.title = t.title;
    info.minutes = t.minutes;
    info.instructions = RefOf(t.instructions);
    for (const engine::PracticalFile& f : t.starters) {
      info.starters.push_back(RefOf(f));
    }
    for (auto it = seat.latest_work.lower_bound({t.id, ""});
         it != seat.latest_work.end() && it->first.first == t.id; ++it) {
      info.work.push_back(it->second);
    }
  }
  return protocol::Encode(m);
}

std::function<void(const Status&)> ExamService::PracticalAfterCommit(
    const Seat& seat, const std::shared_ptr<Peer>& peer, std::string close_reason) {
  return AfterCommit(
      peer, seat,
      [this, close_reason = std::move(close_reason)](const Status& s, Peer& p, Seat& st) {
        if (!s.ok()) {
          if (close_reason.empty()) {
            p.Send(ErrorMessage(error::kNotSaved, "the practical could not be recorded; retry"));
          }
          return;
        }
        if (st.peer_minor >= 1) {
          p.Send(PracticalMessage(st));
        }
        if (!close_reason.empty()) {
          p.Close(close_reason);
        }
      });
}

void ExamService::OnPracticalStart(Seat& seat, const std::shared_ptr<Peer>& peer) {
  if (!seat.practical) {
    peer->Send(ErrorMessage(error::kNoPractical, "this exam has no practical task"));
    return;
  }
  if (!TheoryOver(seat.attempt->state())) {
    peer->Send(ErrorMessage(error::kPracticalNotOpen,
                            "the practical opens when the multiple-choice test has ended"));
    return;
  }
  engine::Attempt& p = *seat.practical;
  p.Refresh();
  SettlePractical(seat, "system");
  const std::string actor = "candidate:" + seat.sbd;
  if (p.state() == AttemptState::kCreated) {
    if (seat.session->closed) {
      peer->Send(ErrorMessage(error::kSessionClosed, "this exam session is closed"));
      return;
    }
    if (seat.session->paused_rooms.count(seat.room) != 0) {
      peer->Send(ErrorMessage(error::kRoomPaused,
                              "the room is paused; wait for the proctor to resume it"));
      return;
    }
    if (Status s = p.Start(); !s.ok()) {
      peer->Send(ErrorMessage(error::kNotInProgress, s.message()));
      return;
    }
    json::array tasks;
    for (const Seat::DrawnTask& t : seat.tasks) {
      tasks.push_back(json::object{{"task", t.task->id}, {"version", t.task->version}});
    }
    if (!Persist(seat, {}, actor, "practical_start",
                 json::serialize(json::object{{"tasks", std::move(tasks)},
                                              {"duration_ms", p.record().duration.count()}}),
                 PracticalAfterCommit(seat, peer))) {
      peer->Send(Busy());
    }
    return;
  }
  if (!seat.practical_on_disk) {
    // Started, but its row is not known to be on disk: confirmed after a commit of its own.
    if (!Persist(seat, {}, actor, "practical_start", "{}", PracticalAfterCommit(seat, peer))) {
      peer->Send(Busy());
    }
    return;
  }
  // A reconnect or another PC: the same tasks, the time left and the latest work.
  peer->Send(PracticalMessage(seat));
}

void ExamService::OnPracticalSubmit(Seat& seat, const std::shared_ptr<Peer>& peer) {
  if (!seat.practical) {
    peer->Send(ErrorMessage(error::kNoPractical, "this exam has no practical task"));
    return;
  }
  if (Status s = seat.practical->Submit(engine::SubmittedBy::kCandidate); !s.ok()) {
    peer->Send(ErrorMessage(error::kNotInProgress, s.message()));
    Settle(seat, "system");
    return;
  }
  if (!FinishPractical(seat, "candidate:" + seat.sbd, PracticalAfterCommit(seat, peer))) {
    peer->Send(Busy());
  }
}

void ExamService::SettlePractical(Seat& seat, const std::string& actor) {
  if (!seat.practical || seat.practical->state() != AttemptState::kSubmitted ||
      seat.practical_finished) {
    return;
  }
  // The clock (or a closure) ended it: recorded once, and a 1.1 station told. The connection
  // stays open: an upload begun before the end may still complete within the grace.
  if (!FinishPractical(seat, actor, PracticalAfterCommit(seat, seat.peer.lock()))) {
    std::fprintf(stderr, "khaothi-server: writer queue full; the practical of %s waits\n",
                 seat.key.c_str());
  }
}

bool ExamService::FinishPractical(Seat& seat, std::string actor,
                                  std::function<void(const Status&)> then) {
  KHAOTHI_DCHECK(!seat.practical_finished);
  seat.practical_finished = true;
  const engine::AttemptRecord& r = seat.practical->record();
  // The register of files at the end: the latest version of each (an upload completing within
  // the grace adds its own audit entry).
  json::array files;
  for (const auto& [key, w] : seat.latest_work) {
    files.push_back(json::object{{"task", key.first},
                                 {"name", w.name},
                                 {"version", w.version},
                                 {"sha256", w.sha256},
                                 {"size", w.size}});
  }
  json::object detail{
      {"submitted_by", engine::ToString(r.submitted_by)},
      {"ended_ms", r.closed_at ? r.closed_at->time_since_epoch().count() : int64_t{0}},
      {"files", std::move(files)}};
  // Once the end is on disk, the marking worker may propose marks on the work.
  auto ended = [this, session = seat.session->id, sbd = seat.sbd,
                then = std::move(then)](const Status& s) {
    if (s.ok() && practical_ended_) {
      practical_ended_(session, sbd);
    }
    if (then) {
      then(s);
    }
  };
  return Persist(seat, {}, std::move(actor), "practical_submit", json::serialize(detail),
                 std::move(ended));
}

}  // namespace khaothi::server
