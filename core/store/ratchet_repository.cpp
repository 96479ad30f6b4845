#include "store/ratchet_repository.h"

#include "store/row_helpers.h"
#include "util/try.h"

namespace ferry::core::store {

Result<void> RatchetRepository::save(std::int64_t contactId, const crypto::SecretBytes& state,
                                     std::int64_t updatedAt) {
    FERRY_TRY(
        stmt,
        m_database.prepare(
            "INSERT OR REPLACE INTO ratchets(contact_id, state, updated_at) VALUES (?, ?, ?)"));
    return stmt.bind(1, contactId).bindBlob(2, state.view()).bind(3, updatedAt).run();
}

Result<std::optional<crypto::SecretBytes>> RatchetRepository::load(std::int64_t contactId) {
    FERRY_TRY(stmt, m_database.prepare("SELECT state FROM ratchets WHERE contact_id = ?"));
    stmt.bind(1, contactId);
    return firstRow<crypto::SecretBytes>(
        stmt, [](Statement& s) -> Result<crypto::SecretBytes> { return s.secret(0); });
}

Result<bool> RatchetRepository::remove(std::int64_t contactId) {
    FERRY_TRY(stmt, m_database.prepare("DELETE FROM ratchets WHERE contact_id = ?"));
    stmt.bind(1, contactId);
    return runChanged(m_database, stmt);
}

} // namespace ferry::core::store
