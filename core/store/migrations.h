#pragma once

#include "store/database.h"
#include "util/result.h"

#include <cstdint>

namespace ferry::core::store {

/// The schema version this build writes; PRAGMA user_version of an up-to-date profile.
inline constexpr int kLatestSchemaVersion = 4;
/// PRAGMA application_id of a Ferry profile database ("FERY").
inline constexpr std::int32_t kProfileApplicationId = 0x46455259;

/// Reads PRAGMA user_version.
Result<int> schemaVersion(Database& database);

/// Runs every migration above the current version up to `target`, each in its own
/// transaction that also records the new user_version. A database newer than `target`
/// is refused (StoreErrc::TooNew) and left untouched.
Result<void> migrate(Database& database, int target = kLatestSchemaVersion);

/// Version 0 -> 1: the initial schema.
Result<void> migration001(Database& database);
/// Version 1 -> 2: message edits and read markers (unread counts).
Result<void> migration002(Database& database);
/// Version 2 -> 3: the in-app relay's daily and per-minute activity.
Result<void> migration003(Database& database);
/// Version 3 -> 4: outbox entries that are sealed for their queue only when sent.
Result<void> migration004(Database& database);

} // namespace ferry::core::store
