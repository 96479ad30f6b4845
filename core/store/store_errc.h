#pragma once

#include "util/error_table.h"

namespace ferry::core::store {

/// What can fail in store; each code's tag and words are in store_errc.cpp.
enum class StoreErrc {
    Failed = 1,
    Constraint,
    NotADatabase,
    Exists,
    Key,
    NotFound,
    TooNew,
    WrongKey,
};
FERRY_DECLARE_ERROR_CODES(StoreErrc, storeErrorCategory)

} // namespace ferry::core::store

FERRY_ERROR_CODE_ENUM(ferry::core::store::StoreErrc);
