#include "faulty_vfs.h"

#include <atomic>
#include <cstring>

#include <sqlite3.h>

namespace khaothi::testing {
namespace {

std::atomic<DiskFault> g_fault{DiskFault::kNone};
// The one-shot countdown: 0 when disarmed, else the number of the call that fails.
std::atomic<int64_t> g_fail_at{0};
std::atomic<int64_t> g_counted{0};
std::atomic<bool> g_fired{false};
thread_local bool t_uncounted = false;
sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs;

struct File {
  sqlite3_file base;
  sqlite3_file* real;
};

sqlite3_file* Real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

// Counts one call that can fail; true when it is the armed n-th call, which must then fail.
bool NthCall() {
  const int64_t at = g_fail_at.load();
  if (at == 0 || t_uncounted) {
    return false;
  }
  if (g_counted.fetch_add(1) + 1 != at) {
    return false;
  }
  g_fired = true;
  return true;
}

int Close(sqlite3_file* f) { return Real(f)->pMethods->xClose(Real(f)); }
int Read(sqlite3_file* f, void* p, int n, sqlite3_int64 off) {
  if (NthCall()) {
    return SQLITE_IOERR_READ;
  }
  return Real(f)->pMethods->xRead(Real(f), p, n, off);
}
int Write(sqlite3_file* f, const void* p, int n, sqlite3_int64 off) {
  if (g_fault == DiskFault::kFull || NthCall()) {
    return SQLITE_FULL;
  }
  return Real(f)->pMethods->xWrite(Real(f), p, n, off);
}
int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (NthCall()) {
    return SQLITE_IOERR_TRUNCATE;
  }
  return Real(f)->pMethods->xTruncate(Real(f), size);
}
int Sync(sqlite3_file* f, int flags) {
  if (g_fault == DiskFault::kSyncError || NthCall()) {
    return SQLITE_IOERR_FSYNC;
  }
  return Real(f)->pMethods->xSync(Real(f), flags);
}
int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  if (NthCall()) {
    return SQLITE_IOERR_FSTAT;
  }
  return Real(f)->pMethods->xFileSize(Real(f), size);
}
int Lock(sqlite3_file* f, int l) { return Real(f)->pMethods->xLock(Real(f), l); }
int Unlock(sqlite3_file* f, int l) { return Real(f)->pMethods->xUnlock(Real(f), l); }
int CheckReservedLock(sqlite3_file* f, int* out) {
  return Real(f)->pMethods->xCheckReservedLock(Real(f), out);
}
int FileControl(sqlite3_file* f, int op, void* arg) {
  return Real(f)->pMethods->xFileControl(Real(f), op, arg);
}
int SectorSize(sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }
int DeviceCharacteristics(sqlite3_file* f) {
  return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
}
int ShmMap(sqlite3_file* f, int pg, int sz, int extend, void volatile** p) {
  if (NthCall()) {
    *p = nullptr;
    return SQLITE_IOERR_SHMMAP;
  }
  return Real(f)->pMethods->xShmMap(Real(f), pg, sz, extend, p);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }
int ShmUnmap(sqlite3_file* f, int del) { return Real(f)->pMethods->xShmUnmap(Real(f), del); }
int Fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** p) {
  return Real(f)->pMethods->xFetch(Real(f), off, n, p);
}
int Unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
  return Real(f)->pMethods->xUnfetch(Real(f), off, p);
}

const sqlite3_io_methods kMethods = {3,
                                     Close,
                                     Read,
                                     Write,
                                     Truncate,
                                     Sync,
                                     FileSize,
                                     Lock,
                                     Unlock,
                                     CheckReservedLock,
                                     FileControl,
                                     SectorSize,
                                     DeviceCharacteristics,
                                     ShmMap,
                                     ShmLock,
                                     ShmBarrier,
                                     ShmUnmap,
                                     Fetch,
                                     Unfetch};

int Open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  File* file = reinterpret_cast<File*>(f);
  file->real = reinterpret_cast<sqlite3_file*>(file + 1);
  if (NthCall()) {
    file->base.pMethods = nullptr;  // nothing opened, nothing for SQLite to close
    return SQLITE_CANTOPEN;
  }
  const int rc = g_real->xOpen(g_real, name, file->real, flags, out_flags);
  // The real file's methods decide whether the open left anything to close.
  file->base.pMethods = file->real->pMethods != nullptr ? &kMethods : nullptr;
  return rc;
}

}  // namespace

void InstallFaultyVfs() {
  if (g_real != nullptr) {
    return;
  }
  g_real = sqlite3_vfs_find(nullptr);
  std::memcpy(&g_vfs, g_real, sizeof g_vfs);
  g_vfs.zName = "khaothi-faulty";
  g_vfs.szOsFile = static_cast<int>(sizeof(File)) + g_real->szOsFile;
  g_vfs.xOpen = Open;
  g_vfs.pAppData = nullptr;
  sqlite3_vfs_register(&g_vfs, 1);
}

void SetDiskFault(DiskFault fault) {
  g_fault = fault;
  if (fault == DiskFault::kNone) {
    g_fail_at = 0;
  }
}

void FailNthCall(int64_t n) {
  g_fail_at = 0;  // no call counts while the counter resets
  g_counted = 0;
  g_fired = false;
  g_fail_at = n;
}

int64_t CountedCalls() { return g_counted.load(); }

bool NthCallFailed() { return g_fired.load(); }

UncountedScope::UncountedScope() : outer_(t_uncounted) { t_uncounted = true; }

UncountedScope::~UncountedScope() { t_uncounted = outer_; }

}  // namespace khaothi::testing
