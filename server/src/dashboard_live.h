// The live room view: a JSON snapshot of a room (every seat's state, the incidents marked on
// its tile, the room's state), answered on GET /api/room/<session>/<room>/seats and pushed to
// every open /ws/proctor socket each ServerLimits::dashboard_poll_interval by a poller thread.
// A socket whose web session has ended (logout, expiry) is closed with "logged_out".
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "khaothi/engine/clock.h"
#include "khaothi/server/exam_service.h"
#include "khaothi/server/limits.h"

#include "dashboard_auth.h"
#include "dashboard_store.h"

namespace khaothi::server::dashboard {

class LiveView {
 public:
  // Starts the poller. Everything given must outlive this.
  LiveView(ExamService& service, DashboardStore& store, StaffAuth& auth, const engine::Clock& clock,
           const ServerLimits& limits);
  LiveView(const LiveView&) = delete;
  LiveView& operator=(const LiveView&) = delete;
  // Stops the poller.
  ~LiveView();

  // {"type":"room","session","room","room_state","now_ms","total","counts":{state:n},
  //  "seats":[{"sbd","name","machine","state","attempt","connected","answered","total",
  //  "remaining_ms","last_contact_ms","locked","incidents","report","refused_login"}]}
  Result<std::string> Snapshot(const std::string& session, const std::string& room);

  // From now on `peer` gets the snapshots of `room` of `session` while `staff`'s web session
  // lasts (the first within a poll interval).
  void Watch(const std::shared_ptr<Peer>& peer, const Staff& staff, const std::string& session,
             const std::string& room);
  void Forget(const Peer* peer);

 private:
  struct Socket {
    std::weak_ptr<Peer> peer;
    std::string token_hash;
    std::string session;
    std::string room;
  };

  void Poll();
  // One round: sends every live socket its room's snapshot, closes those logged out.
  void PushSnapshots();

  // Constant after construction
  ExamService& service_;
  DashboardStore& store_;
  StaffAuth& auth_;
  const engine::Clock& clock_;
  const ServerLimits& limits_;

  std::mutex mu_;
  std::map<const Peer*, Socket> sockets_;  // guarded by mu_

  std::mutex poll_mu_;
  std::condition_variable poll_cv_;
  bool stop_ = false;  // guarded by poll_mu_
  std::thread poller_;
};

}  // namespace khaothi::server::dashboard
