// What a server run and an offline settlement of closed sessions both open in the centre
// directory: the receipt signing key, and center.db twice (the writer's connection, migrated, and
// the readers').
#pragma once

#include "khaothi/crypto/crypto.h"
#include "khaothi/engine/status.h"
#include "khaothi/server/config.h"
#include "khaothi/store/database.h"

namespace khaothi::server {

struct CentreHandles {
  crypto::SigningKey key;
  store::Database write_db;
  store::Database read_db;
};

Result<CentreHandles> OpenCentre(const ServerConfig& config);

}  // namespace khaothi::server
