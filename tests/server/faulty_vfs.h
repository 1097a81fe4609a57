// A shim VFS below SQLite for fault tests (SQLite's test_vfs.c idea): it wraps the default VFS and
// passes every call through, except while a fault is armed. Registered as the default VFS, so the
// server's own connections use it. Two kinds of fault:
//
// - Persistent (SetDiskFault): every write fails with SQLITE_FULL (a full disk), or every sync
//   with SQLITE_IOERR_FSYNC, until disarmed.
// - One-shot (FailNthCall, the countdown of SQLite's own I/O-error tests): the n-th counted call
//   after arming fails with the error the real call would give, and every other call passes.
//   Counted calls: xOpen (SQLITE_CANTOPEN), xRead (SQLITE_IOERR_READ), xWrite (SQLITE_FULL),
//   xTruncate (SQLITE_IOERR_TRUNCATE), xSync (SQLITE_IOERR_FSYNC), xFileSize
//   (SQLITE_IOERR_FSTAT) and xShmMap (SQLITE_IOERR_SHMMAP: mapping the WAL index, which can fail
//   like any allocation of shared memory). Not counted: the locks (xLock, xUnlock,
//   xCheckReservedLock, xShmLock), which report contention as SQLITE_BUSY rather than a disk
//   error and which SQLite's own I/O-error simulation does not fail either; xShmBarrier and
//   xShmUnmap, which cannot fail; xClose, whose error SQLite ignores; and the VFS's own xDelete
//   and xAccess (file names, not file contents).
//
// Thread safety: every function may be called from any thread; the counter and the fault are
// atomics, so the n-th call is exactly one call whichever thread makes it. UncountedScope is
// per thread.
#pragma once

#include <cstdint>

namespace khaothi::testing {

enum class DiskFault { kNone, kFull, kSyncError };

// Registers the shim as SQLite's default VFS (once per process).
void InstallFaultyVfs();
// Arms a persistent fault for every file opened through the shim; kNone disarms both kinds.
void SetDiskFault(DiskFault fault);

// Arms the one-shot countdown: resets the count, and the n-th counted call from now fails
// (REQUIRES: n >= 1). Calls are counted until SetDiskFault(DiskFault::kNone) disarms.
void FailNthCall(int64_t n);
// How many calls were counted since the last FailNthCall (also after it fired or was disarmed).
int64_t CountedCalls();
// Whether the armed n-th call happened (and failed) since the last FailNthCall.
bool NthCallFailed();

// While it lives, the calls this thread makes pass through uncounted: a test's own reads between
// the steps of the code under test, which must neither fail nor move the count.
class UncountedScope {
 public:
  UncountedScope();
  UncountedScope(const UncountedScope&) = delete;
  UncountedScope& operator=(const UncountedScope&) = delete;
  ~UncountedScope();

 private:
  const bool outer_;
};

}  // namespace khaothi::testing
