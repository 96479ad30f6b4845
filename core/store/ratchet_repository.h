#pragma once

#include "crypto/secret_bytes.h"
#include "store/database.h"
#include "util/result.h"

#include <cstdint>
#include <optional>

namespace ferry::core::store {

/// The serialized double-ratchet state of each contact (one row per contact).
class RatchetRepository {
public:
    explicit RatchetRepository(Database& database) : m_database(database) {}

    /// Replaces the contact's state. Call inside the same Transaction that stores the
    /// message the ratchet step produced, so the two never disagree after a crash.
    Result<void> save(std::int64_t contactId, const crypto::SecretBytes& state,
                      std::int64_t updatedAt);
    Result<std::optional<crypto::SecretBytes>> load(std::int64_t contactId);
    Result<bool> remove(std::int64_t contactId);

private:
    Database& m_database;
};

} // namespace ferry::core::store
