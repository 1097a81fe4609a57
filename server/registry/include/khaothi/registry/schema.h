// The registry's schema in PostgreSQL, by numbered migrations.
//
// Migration N takes the database from version N-1 to N. Migrate() applies the missing ones in
// order, each in its own transaction together with its row in schema_migrations(version,
// applied_at), so a migration is applied whole or not at all and never twice; concurrent
// Migrate() calls (two registry processes starting together) are serialised by an advisory lock.
// The list lives in schema.cc; a shipped migration is never edited, a new one is appended.
// docs/registry.md describes every table.
//
// Thread safety: as the Connection.
#pragma once

#include "khaothi/engine/status.h"
#include "khaothi/registry/pg.h"

namespace khaothi::registry {

// The schema version this build writes and understands.
int SchemaVersion();

// Brings the database to SchemaVersion(). kFailedPrecondition when it was migrated by a newer
// build (a version above SchemaVersion() is recorded); database errors as pg.h maps them.
Status Migrate(pg::Connection& conn);

// The highest version recorded in schema_migrations, 0 for an empty database.
Result<int> CurrentSchemaVersion(pg::Connection& conn);

}  // namespace khaothi::registry
