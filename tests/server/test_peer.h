// The exam service driven in-process (khaothi/server/exam_host.h): a Peer that records what the
// service sends, and the step the transport takes between a client's JSON and the service.
// Shared by the exam service's unit tests and the VFS fault loop.
#pragma once

#include <condition_variable>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "khaothi/server/exam_service.h"

namespace khaothi::testing {

// A connection as the service sees it: every message it is sent, and why it was closed.
// Thread-safe: the service sends from the caller's thread and from the writer's completions.
class TestPeer final : public server::Peer {
 public:
  explicit TestPeer(std::string address = "10.0.0.1") : address_(std::move(address)) {}

  // server::Peer
  void Send(std::string message) override;
  void Close(std::string reason) override;
  const std::string& address() const override { return address_; }

  // Waits (at most 10 s, a bound against hangs) for the next message of `type` after those
  // already taken, and takes it; an empty object when none came. Messages of other types before
  // it are passed over and never returned by Next.
  boost::json::object Next(std::string_view type);
  // The same for the next message of any of `types`.
  boost::json::object NextOf(std::initializer_list<std::string_view> types);
  // Every message of `type` received so far, taken or not.
  std::vector<boost::json::object> All(std::string_view type);
  // Waits (at most 10 s) until the service closed this peer; its reason, or empty.
  std::string WaitClosed();
  // The reason the service closed this peer, or empty; does not wait.
  std::string closed();

 private:
  // Constant after construction
  const std::string address_;

  std::mutex mu_;
  std::condition_variable cv_;
  // Guarded by mu_
  std::vector<boost::json::object> messages_;
  size_t taken_ = 0;
  std::string closed_;
};

// The "code" of an error message; empty for an empty object (no message came).
std::string Code(const boost::json::object& error);

// Encodes `message` and decodes it as the transport does, then hands it to `service`.
// REQUIRES (a Catch2 REQUIRE): the message decodes.
void Deliver(server::ExamService& service, server::PeerState& state,
             const std::shared_ptr<TestPeer>& peer, const boost::json::object& message);

}  // namespace khaothi::testing
