#include "dashboard_live.h"

#include <map>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/protocol/protocol.h"

#include "dashboard_common.h"

namespace khaothi::server::dashboard {

namespace json = boost::json;

namespace {

std::string_view ClientKindName(ClientKind client) {
  switch (client) {
    case ClientKind::kSeb:
      return "seb";
    case ClientKind::kBrowser:
      return "browser";
    case ClientKind::kTerminal:
      break;
  }
  return "terminal";
}

}  // namespace

LiveView::LiveView(ExamService& service, DashboardStore& store, StaffAuth& auth,
                   const engine::Clock& clock, const ServerLimits& limits)
    : service_(service), store_(store), auth_(auth), clock_(clock), limits_(limits) {
  poller_ = std::thread([this] { Poll(); });
}

LiveView::~LiveView() {
  {
    std::lock_guard lock(poll_mu_);
    stop_ = true;
  }
  poll_cv_.notify_all();
  poller_.join();
}

Result<std::string> LiveView::Snapshot(const std::string& session, const std::string& room) {
  const std::vector<SeatView> seats = RoomSeats(service_, session, room);
  KHAOTHI_ASSIGN_OR_RETURN(auto marks, store_.Marks(session, room));
  KHAOTHI_ASSIGN_OR_RETURN(std::optional<pages::RoomRow> info, store_.FindRoom(session, room));
  KHAOTHI_ASSIGN_OR_RETURN(const centre::SessionSeb seb, store_.SebSetting(session));
  std::map<std::string, int64_t> counts;  // state -> seats
  json::array tiles;
  for (const SeatView& v : seats) {
    const SeatMarks& m = marks[v.sbd];
    // Ended for a violation (an "end" incident) is told apart from an ordinary submission.
    std::string state = pages::SeatStateName(v);
    if (state == "submitted" && m.ended) {
      state = "ended";
    }
    ++counts[state];
    json::value refused = nullptr;
    if (m.refused_login) {
      refused =
          json::object{{"machine", m.refused_login->machine}, {"at_ms", m.refused_login->at_ms}};
    }
    tiles.push_back(json::object{
        {"sbd", v.sbd},
        {"name", v.full_name},
        {"machine", v.machine},
        {"state", state},
        {"attempt", engine::ToString(v.state)},
        {"connected", v.connected},
        // What the connection came from: the tile says "SEB" or "ordinary browser" in words.
        {"client", v.connected ? json::value(ClientKindName(v.client)) : json::value(nullptr)},
        {"answered", v.answered},
        {"total", v.total},
        {"remaining_ms", v.remaining_ms},
        {"last_contact_ms", v.last_contact_ms},
        {"locked", v.locked},
        {"incidents", m.incidents},
        {"report", m.report},
        {"refused_login", refused},
        // The practical's clock, for seats whose form drew tasks.
        {"practical", v.practical_state
                          ? json::value(protocol::ProtocolStateName(*v.practical_state))
                          : json::value(nullptr)},
        {"practical_remaining_ms", v.practical_remaining_ms}});
  }
  return json::serialize(json::object{{"type", "room"},
                                      {"session", session},
                                      {"room", room},
                                      {"room_state", info ? info->state : std::string("open")},
                                      // "required", "file" (a .seb file, not required) or null.
                                      {"seb", seb.required             ? json::value("required")
                                              : seb.config_key.empty() ? json::value(nullptr)
                                                                       : json::value("file")},
                                      {"now_ms", NowMs(clock_)},
                                      {"total", static_cast<int64_t>(seats.size())},
                                      {"counts", json::value_from(counts)},
                                      {"seats", std::move(tiles)}});
}

void LiveView::Watch(const std::shared_ptr<Peer>& peer, const Staff& staff,
                     const std::string& session, const std::string& room) {
  {
    std::lock_guard lock(mu_);
    sockets_[peer.get()] = Socket{peer, staff.token_hash, session, room};
  }
  poll_cv_.notify_all();
}

void LiveView::Forget(const Peer* peer) {
  std::lock_guard lock(mu_);
  sockets_.erase(peer);
}

void LiveView::Poll() {
  std::unique_lock lock(poll_mu_);
  while (!stop_) {
    poll_cv_.wait_for(lock, limits_.dashboard_poll_interval);
    if (stop_) {
      break;
    }
    lock.unlock();
    PushSnapshots();
    lock.lock();
  }
}

void LiveView::PushSnapshots() {
  std::vector<Socket> live;
  {
    std::lock_guard lock(mu_);
    for (auto it = sockets_.begin(); it != sockets_.end();) {
      if (it->second.peer.expired()) {
        it = sockets_.erase(it);
      } else {
        live.push_back(it->second);
        ++it;
      }
    }
  }
  std::map<std::string, std::optional<std::string>> snapshots;  // "SESSION/ROOM"
  std::map<std::string, bool> sessions_live;                    // token hash
  for (const Socket& s : live) {
    std::shared_ptr<Peer> peer = s.peer.lock();
    if (!peer) {
      continue;
    }
    // A logged-out or expired web session ends its sockets too.
    auto valid = sessions_live.find(s.token_hash);
    if (valid == sessions_live.end()) {
      valid = sessions_live.emplace(s.token_hash, auth_.SessionLive(s.token_hash)).first;
    }
    if (!valid->second) {
      peer->Close("logged_out");
      continue;
    }
    const std::string key = s.session + "/" + s.room;
    auto snap = snapshots.find(key);
    if (snap == snapshots.end()) {
      Result<std::string> made = Snapshot(s.session, s.room);
      // A database that cannot be read now skips this round; the next may succeed.
      snap = snapshots.emplace(key, made.ok() ? std::optional(*made) : std::nullopt).first;
    }
    if (snap->second) {
      peer->Send(*snap->second);
    }
  }
}

}  // namespace khaothi::server::dashboard
