// Status and Result<T>: how every fallible khaothi API reports failure.
//
// A Status is either OK or carries one code from a small closed set plus a human-readable message
// (STYLE.md rule 5). Result<T> holds either a T or a non-OK Status; it has the shape of C++23's
// std::expected so that it can be swapped for it later. Neither type throws.
//
// Thread safety: both are plain values; const methods may be called concurrently.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "khaothi/engine/check.h"

namespace khaothi {

enum class StatusCode {
  kOk = 0,
  kNotFound,            // the thing asked for does not exist
  kInvalidArgument,     // the caller's input is wrong (bad file, bad field); nothing was changed
  kFailedPrecondition,  // the input is fine but the state forbids it (exam already submitted...)
  kPermissionDenied,    // the caller may not do this
  kCorruption,          // stored or signed data is inconsistent or tampered with
  kUnavailable,         // a dependency is temporarily unable to serve; retrying may work
  kIoError,             // the disk or the database failed
  kAlreadyExists,       // a unique thing would be created twice
  kResourceExhausted,   // a limit was reached (bank too small for a blueprint, queue full...)
};

// Returns the stable English name of `code`, for example "InvalidArgument".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status PermissionDenied(std::string m) {
    return {StatusCode::kPermissionDenied, std::move(m)};
  }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status ResourceExhausted(std::string m) {
    return {StatusCode::kResourceExhausted, std::move(m)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }
  bool IsInvalidArgument() const { return code_ == StatusCode::kInvalidArgument; }
  bool IsFailedPrecondition() const { return code_ == StatusCode::kFailedPrecondition; }
  bool IsPermissionDenied() const { return code_ == StatusCode::kPermissionDenied; }
  bool IsCorruption() const { return code_ == StatusCode::kCorruption; }
  bool IsUnavailable() const { return code_ == StatusCode::kUnavailable; }
  bool IsIoError() const { return code_ == StatusCode::kIoError; }
  bool IsAlreadyExists() const { return code_ == StatusCode::kAlreadyExists; }
  bool IsResourceExhausted() const { return code_ == StatusCode::kResourceExhausted; }

  // "OK", or "<CodeName>: <message>".
  std::string ToString() const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}        // NOLINT: implicit
  Result(Status status) : state_(std::in_place_index<1>, std::move(status)) {  // NOLINT: implicit
    KHAOTHI_CHECK(!std::get<1>(state_).ok());
  }

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & {
    KHAOTHI_CHECK(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    KHAOTHI_CHECK(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    KHAOTHI_CHECK(ok());
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // The failure; an OK status when the result holds a value.
  Status status() const { return ok() ? Status() : std::get<1>(state_); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace khaothi

// Evaluates `expr` (a Status); returns it from the enclosing function when it is not OK.
#define KHAOTHI_RETURN_IF_ERROR(expr)      \
  do {                                     \
    ::khaothi::Status _khaothi_s = (expr); \
    if (!_khaothi_s.ok()) {                \
      return _khaothi_s;                   \
    }                                      \
  } while (false)

// Evaluates `expr` (a Result<T>); returns its Status from the enclosing function when it failed,
// otherwise moves its value into `lhs`, which may declare a variable:
//   KHAOTHI_ASSIGN_OR_RETURN(auto db, store::Database::Open(path, false));
// The enclosing function returns Status or any Result<U>.
#define KHAOTHI_ASSIGN_OR_RETURN(lhs, expr) \
  KHAOTHI_ASSIGN_OR_RETURN_IMPL_(KHAOTHI_STATUS_CONCAT_(_khaothi_r, __LINE__), lhs, expr)
#define KHAOTHI_STATUS_CONCAT_(a, b) KHAOTHI_STATUS_CONCAT_IMPL_(a, b)
#define KHAOTHI_STATUS_CONCAT_IMPL_(a, b) a##b
#define KHAOTHI_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) {                                     \
    return tmp.status();                               \
  }                                                    \
  lhs = std::move(tmp).value()
