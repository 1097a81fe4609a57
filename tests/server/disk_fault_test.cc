// Disk full and I/O errors injected below SQLite (faulty_vfs.h): the server refuses to
// acknowledge, tells the client, keeps serving reads, and recovers when the disk does.
#include <catch2/catch.hpp>

#include "khaothi/centre/audit.h"
#include "khaothi/server/server.h"
#include "khaothi/store/database.h"

#include "drivers.h"
#include "faulty_vfs.h"
#include "test_centre.h"

namespace khaothi::testing {
namespace {

using client::EventType;

TEST_CASE("a full disk or a failing fsync: no false ack, reads go on, recovery after",
          "[server][faults]") {
  const DiskFault fault = GENERATE(DiskFault::kFull, DiskFault::kSyncError);
  InstallFaultyVfs();
  SetDiskFault(DiskFault::kNone);
  struct Disarm {
    ~Disarm() { SetDiskFault(DiskFault::kNone); }
  } disarm;
  TestCentre centre({.candidates = 2});
  auto s = server::Server::Create(centre.Config());
  REQUIRE(s.ok());
  auto& server = *s;
  server->Start();
  IoThreads io;
  auto it = centre.passwords().begin();
  Candidate a(io.executor(), centre.ca_pem(), server->port(), it->first, it->second);
  ++it;
  Candidate b(io.executor(), centre.ca_pem(), server->port(), it->first, it->second);
  for (Candidate* c : {&a, &b}) {
    c->Begin();
    c->client().Start();
    REQUIRE(c->WaitUntil([&] { return c->Saw(EventType::kForm); }));
  }
  a.client().Answer(0, {1});
  REQUIRE(a.WaitUntil([&] { return a.client().pending_count() == 0; }));

  SetDiskFault(fault);
  a.client().Answer(1, {2});
  REQUIRE(a.WaitUntil([&] {
    for (const auto& e : a.events()) {
      if (e.type == EventType::kError && e.code == "not_saved") {
        return true;
      }
    }
    return false;
  }));
  // Nothing was acknowledged, and the answer is kept as pending by the client.
  CHECK(a.client().pending_count() == 1);
  CHECK(a.client().answers()[1].pending);
  // Reads go on: another candidate logs in again and gets the form with what was saved.
  b.client().Reconnect();
  REQUIRE(b.WaitUntil([&] { return b.Count(EventType::kForm) >= 2; }));

  SetDiskFault(DiskFault::kNone);
  // The client offers the answer again every second; it is saved once the disk works.
  REQUIRE(a.WaitUntil([&] { return a.client().pending_count() == 0; }));
  a.client().Answer(2, {3});
  REQUIRE(a.WaitUntil([&] { return a.client().pending_count() == 0; }));
  server->Shutdown();

  auto db = store::Database::Open(centre.db_path(), false);
  store::Statement st = db->Prepare("SELECT count(*) FROM answers WHERE slot IN (0, 1, 2)");
  REQUIRE(*st.Step());
  CHECK(st.ColumnInt(0) == 3);
  store::Statement ic = db->Prepare("PRAGMA integrity_check");
  REQUIRE(*ic.Step());
  CHECK(ic.ColumnText(0) == "ok");
  CHECK(centre::VerifyAudit(*db).ok());
}

}  // namespace
}  // namespace khaothi::testing
