#pragma once

#include "store/database.h"
#include "util/result.h"

#include <filesystem>

namespace ferry::relay {

/// The schema version this build writes (PRAGMA user_version).
inline constexpr int kRelayStoreSchemaVersion = 2;

/// Opens the store's database file: exclusive lock, WAL, synchronous=NORMAL, migrated to
/// kRelayStoreSchemaVersion. A file that is not a readable database, or has a newer schema
/// version, is a RelayStoreErrc::Failed error and is not written to.
core::Result<core::store::Database> openRelayStoreDb(const std::filesystem::path& file);

/// Brings a store from its user_version up to kRelayStoreSchemaVersion one numbered step at a
/// time, each in its own transaction. A newer version than this build knows is an error and
/// the file is left as it is.
core::Result<void> migrateRelayStore(core::store::Database& db);

/// Runs the single step from version `from` to `from + 1` (exposed for migration tests).
core::Result<void> migrateRelayStoreStep(core::store::Database& db, int from);

} // namespace ferry::relay
