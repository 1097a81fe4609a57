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
// Longest login "resume" (1.2): the server's tokens are 43 base64url characters.
inline constexpr size_t kMaxResumeToken = 128;
// Largest protocol version number a hello may name.
inline constexpr uint64_t kMaxProtocolVersion = 1000;

// ---- 1.1, the practical test. File sizes, counts and types are the engine's
// (khaothi/engine/practical_limits.h); the server's per-candidate bounds are in its limits.h.
// Bytes of a work file one upload_chunk carries, before base64: 8 KiB, 10,924 base64 characters,
// so that a chunk with its fields stays under the server's 16 KiB frame limit.
inline constexpr size_t kMaxUploadChunkBytes = 8 * 1024;
// Bytes of a file one file_chunk carries, before base64. The server sends exactly this much
// except in a file's last chunk.
inline constexpr size_t kDownloadChunkBytes = 48 * 1024;
// A SHA-256 in a message: 64 lower-case hex digits, exactly.
inline constexpr size_t kSha256Hex = 64;
// Longest task id, file name field and upload id a message may carry, in bytes. A name that fits
// but is not a work file's name is the server's bad_file_name, not a bad message.
inline constexpr size_t kMaxTaskId = 64;
inline constexpr size_t kMaxFileNameField = 255;
inline constexpr size_t kMaxUploadId = 64;
// Largest file size and offset a message may name (the engine's kMaxPracticalFileBytes is lower;
// the server refuses a size over that with file_too_large).
inline constexpr uint64_t kMaxFileSize = uint64_t{1} << 40;
// Most tasks a practical message may list.
inline constexpr size_t kMaxTasks = 16;

}  // namespace khaothi::protocol
