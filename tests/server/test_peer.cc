#include "test_peer.h"

#include <algorithm>
#include <chrono>

#include <catch2/catch.hpp>

namespace khaothi::testing {

namespace json = boost::json;
using namespace std::chrono_literals;

void TestPeer::Send(std::string message) {
  std::lock_guard lock(mu_);
  messages_.push_back(json::parse(message).as_object());
  cv_.notify_all();
}

void TestPeer::Close(std::string reason) {
  std::lock_guard lock(mu_);
  closed_ = std::move(reason);
  cv_.notify_all();
}

json::object TestPeer::Next(std::string_view type) { return NextOf({type}); }

json::object TestPeer::NextOf(std::initializer_list<std::string_view> types) {
  std::unique_lock lock(mu_);
  json::object found;
  cv_.wait_for(lock, 10s, [&] {
    for (; taken_ < messages_.size(); ++taken_) {
      const json::string& type = messages_[taken_].at("type").as_string();
      if (std::find(types.begin(), types.end(), std::string_view(type)) != types.end()) {
        found = messages_[taken_++];
        return true;
      }
    }
    return false;
  });
  return found;
}

std::vector<json::object> TestPeer::All(std::string_view type) {
  std::lock_guard lock(mu_);
  std::vector<json::object> out;
  for (const json::object& m : messages_) {
    if (m.at("type").as_string() == type) {
      out.push_back(m);
    }
  }
  return out;
}

std::string TestPeer::WaitClosed() {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, 10s, [&] { return !closed_.empty(); });
  return closed_;
}

std::string TestPeer::closed() {
  std::lock_guard lock(mu_);
  return closed_;
}

std::string Code(const json::object& error) {
  return error.empty() ? "" : std::string(error.at("code").as_string());
}

void Deliver(server::ExamService& service, server::PeerState& state,
             const std::shared_ptr<TestPeer>& peer, const json::object& message) {
  server::Decoded d = server::DecodeClientMessage(json::serialize(message));
  REQUIRE(d.message);
  service.Handle(state, *d.message, peer);
}

}  // namespace khaothi::testing
