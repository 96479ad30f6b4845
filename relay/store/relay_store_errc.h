#pragma once

#include "util/error_table.h"
#include "util/result.h"

namespace ferry::relay {

/// What can fail in relay store; each code's tag and words are in relay_store_errc.cpp.
enum class RelayStoreErrc {
    Auth = 1,
    Duplicate,
    NoMessage,
    Failed,
    Full,
};
FERRY_DECLARE_ERROR_CODES(RelayStoreErrc, relayStoreErrorCategory)

/// A failure of the database underneath (any of core::store's codes) as the relay store
/// reports it: RelayStoreErrc::Failed, with SQLite's words kept.
core::Error relayStoreFailure(const core::Error& cause);

} // namespace ferry::relay

FERRY_ERROR_CODE_ENUM(ferry::relay::RelayStoreErrc);
