// A shim VFS below SQLite for fault tests (SQLite's test_vfs.c idea): it wraps the default VFS and,
// while a fault is armed, fails every write with SQLITE_FULL (a full disk) or every sync with
// SQLITE_IOERR_FSYNC. Registered as the default VFS, so the server's own connections use it.
#pragma once

namespace khaothi::testing {

enum class DiskFault { kNone, kFull, kSyncError };

// Registers the shim as SQLite's default VFS (once per process).
void InstallFaultyVfs();
// Arms or disarms a fault for every file opened through the shim. Thread-safe.
void SetDiskFault(DiskFault fault);

}  // namespace khaothi::testing
