#pragma once

#include "store/connection.h"
#include "util/result.h"

#include <cstdint>

namespace ferry::core::store {

/// The schema version this build writes; PRAGMA user_version of an up-to-date profile.
inline constexpr int kLatestSchemaVersion = 4;
/// PRAGMA application_id of a Ferry profile database ("FERY").
inline constexpr std::int32_t kProfileApplicationId = 0x46455259;

/// Reads PRAGMA user_version.
Result<int> schemaVersion(Connection& connection);

/// Runs every migration above the current version up to `target`, each in its own
/// transaction that also records the new user_version. A database newer than `target`
/// is refused (StoreErrc::TooNew) and left untouched.
Result<void> migrate(Connection& connection, int target = kLatestSchemaVersion);

/// Version 0 -> 1: the initial schema.
Result<void> migration001(Connection& connection);
/// Version 1 -> 2: message edits and read markers (unread counts).
Result<void> migration002(Connection& connection);
/// Version 2 -> 3: the in-app relay's daily and per-minute activity.
Result<void> migration003(Connection& connection);
/// Version 3 -> 4: outbox entries that are sealed for their queue only when sent.
Result<void> migration004(Connection& connection);

} // namespace ferry::core::store
