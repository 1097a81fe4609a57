// Shorthands for the errors the exam service sends (spelled by khaothi_protocol's encoders,
// docs/protocol.md), and the canonical JSON its audit entries and records are written in. Private
// to the exam service's files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace khaothi::server {

// {"type":"error","code":code,"message":message[,"seq":seq]}. `seq` 0 means none: a client's
// sequence numbers start at 1 (docs/protocol.md). A plain integer, not std::optional, because
// GCC 12 at -O3 reports the optional as maybe-uninitialized.
[[nodiscard]] std::string ErrorMessage(std::string_view code, std::string_view message,
                                       uint64_t seq = 0);
// The `busy` error: the writer's queue is full; the client sends the message again. `seq` names
// the refused answer or flag (0: none).
[[nodiscard]] std::string Busy(uint64_t seq = 0);
// The `locked` error: too many wrong passwords; `retry_after_ms` until the lock lifts.
[[nodiscard]] std::string Locked(int64_t retry_after_ms);
// `v` as canonical JSON (what the audit chain and signatures hash).
[[nodiscard]] std::string Canonical(const boost::json::value& v);
// An audit entry's detail, given as JSON text, in canonical form; "{}" when it is not JSON.
[[nodiscard]] std::string CanonicalDetail(const std::string& detail);

}  // namespace khaothi::server
