// The JSON messages the exam service sends (docs/protocol.md), and the canonical JSON its audit
// entries and records are written in. Private to the exam service's files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace khaothi::server {

// {"type":"error","code":code,"message":message[,"seq":seq]}. `seq` 0 means none: a client's
// sequence numbers start at 1 (docs/protocol.md). A plain integer, not std::optional, because
// GCC 12 at -O3 reports the optional as maybe-uninitialized.
std::string ErrorMessage(std::string_view code, std::string_view message, uint64_t seq = 0);
// The `busy` error: the writer's queue is full; the client sends the message again. `seq` names
// the refused answer or flag (0: none).
std::string Busy(uint64_t seq = 0);
// {"type":type}.
std::string Simple(std::string_view type);
// `v` as canonical JSON (what the audit chain and signatures hash).
std::string Canonical(const boost::json::value& v);
// An audit entry's detail, given as JSON text, in canonical form; "{}" when it is not JSON.
std::string CanonicalDetail(const std::string& detail);

}  // namespace khaothi::server
