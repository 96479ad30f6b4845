#pragma once

#include "relay/store/sqlite_db.h"
#include "util/result.h"

namespace ferry::relay {

/// The schema version this build writes (PRAGMA user_version).
inline constexpr int kRelayStoreSchemaVersion = 1;

/// Brings a store from its user_version up to kRelayStoreSchemaVersion one numbered step at a
/// time, each in its own transaction. A newer version than this build knows is an error and
/// the file is left as it is.
core::Result<void> migrateRelayStore(SqliteDb& db);

/// Runs the single step from version `from` to `from + 1` (exposed for migration tests).
core::Result<void> migrateRelayStoreStep(SqliteDb& db, int from);

} // namespace ferry::relay
