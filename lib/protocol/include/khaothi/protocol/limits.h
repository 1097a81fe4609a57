// The protocol's own bounds on what a message may carry. A decoder refuses anything outside them
// with an error naming the field; they hold on both sides of the connection.
#pragma once

#include <cstddef>
#include <cstdint>

namespace khaothi::protocol {

// Largest sequence number (and echo, and any count of milliseconds): 2^53, exact in every JSON
// implementation.
inline constexpr uint64_t kMaxSeq = uint64_t{1} << 53;
// Largest slot number of any form. A form's own end is checked by the server.
inline constexpr uint64_t kMaxSlot = 1000;
// Options a question may have (positions 0..25, "A".."Z"), and so choices one answer may hold.
inline constexpr size_t kMaxChoices = 26;
// Longest hello "client" string, login "sbd", "password" and "machine", and report "text", in
// bytes.
inline constexpr size_t kMaxClientName = 200;
inline constexpr size_t kMaxSbd = 64;
inline constexpr size_t kMaxPassword = 256;
inline constexpr size_t kMaxMachine = 128;
inline constexpr size_t kMaxReportText = 500;
// Largest protocol version number a hello may name.
inline constexpr uint64_t kMaxProtocolVersion = 1000;

}  // namespace khaothi::protocol
