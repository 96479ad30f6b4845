#include "store/address_repository.h"

#include "store/row_helpers.h"
#include "util/try.h"

#include <string>

namespace ferry::core::store {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, link, secrets, created_at, deleted FROM contact_addresses ";

Result<ContactAddress> readAddress(Statement& s) {
    ContactAddress a;
    a.id = s.integer(0);
    a.link = s.text(1);
    a.secrets = s.secret(2);
    a.createdAt = s.integer(3);
    a.deleted = s.integer(4) != 0;
    return a;
}

} // namespace

Result<std::int64_t> AddressRepository::add(std::string_view link,
                                            const crypto::SecretBytes& secrets,
                                            std::int64_t createdAt) {
    FERRY_TRY(stmt, m_database.prepare("INSERT INTO contact_addresses(link, secrets, created_at, "
                                       "deleted) VALUES (?, ?, ?, 0)"));
    stmt.bindText(1, link).bindBlob(2, secrets.view()).bind(3, createdAt);
    FERRY_CHECK(stmt.run());
    return m_database.lastInsertRowId();
}

Result<std::optional<ContactAddress>> AddressRepository::find(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) + "WHERE id = ?"));
    stmt.bind(1, id);
    return firstRow<ContactAddress>(stmt, readAddress);
}

Result<std::vector<ContactAddress>> AddressRepository::listActive() {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) + "WHERE deleted = 0 ORDER BY id"));
    return collectRows<ContactAddress>(stmt, readAddress);
}

Result<bool> AddressRepository::markDeleted(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare("UPDATE contact_addresses SET deleted = 1, secrets = NULL "
                                       "WHERE id = ? AND deleted = 0"));
    stmt.bind(1, id);
    return runChanged(m_database, stmt);
}

Result<bool> AddressRepository::remove(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare("DELETE FROM contact_addresses WHERE id = ?"));
    stmt.bind(1, id);
    return runChanged(m_database, stmt);
}

} // namespace ferry::core::store
