#pragma once

#include <cstdint>

namespace ferry::core::store {

/// Outcome of an insert that deduplicates redelivered data.
struct AddResult {
    std::int64_t id = 0;
    /// False if the same item was stored before; `id` is then the existing row.
    bool isNew = false;
};

} // namespace ferry::core::store
