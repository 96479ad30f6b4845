#include "store/relay_repository.h"

#include "store/row_helpers.h"
#include "store/store_errc.h"
#include "util/try.h"

#include <string>

namespace ferry::core::store {
namespace {

constexpr std::string_view kColumns = "SELECT id, address, added_at, enabled FROM relays ";

Result<Relay> readRelay(Statement& s) {
    return Relay{s.integer(0), s.text(1), s.integer(2), s.integer(3) != 0};
}

} // namespace

Result<Relay> RelayRepository::add(std::string_view address, std::int64_t addedAt, bool enabled) {
    FERRY_TRY(stmt,
              m_database.prepare(
                  "INSERT OR IGNORE INTO relays(address, added_at, enabled) VALUES (?, ?, ?)"));
    if (auto done = stmt.bindText(1, address).bind(2, addedAt).bind(3, enabled ? 1 : 0).run();
        !done) {
        return done.error();
    }
    FERRY_TRY(found, findByAddress(address));
    if (!found) {
        return makeError(StoreErrc::Failed, "relay vanished after insert");
    }
    return std::move(*found);
}

Result<std::optional<Relay>> RelayRepository::find(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) + "WHERE id = ?"));
    stmt.bind(1, id);
    return firstRow<Relay>(stmt, readRelay);
}

Result<std::optional<Relay>> RelayRepository::findByAddress(std::string_view address) {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) + "WHERE address = ?"));
    stmt.bindText(1, address);
    return firstRow<Relay>(stmt, readRelay);
}

Result<std::vector<Relay>> RelayRepository::list() {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) + "ORDER BY id"));
    return collectRows<Relay>(stmt, readRelay);
}

Result<std::vector<Relay>> RelayRepository::listEnabled() {
    FERRY_TRY(stmt, m_database.prepare(std::string(kColumns) + "WHERE enabled <> 0 ORDER BY id"));
    return collectRows<Relay>(stmt, readRelay);
}

Result<bool> RelayRepository::setEnabled(std::int64_t id, bool enabled) {
    FERRY_TRY(stmt, m_database.prepare("UPDATE relays SET enabled = ? WHERE id = ?"));
    stmt.bind(1, enabled ? 1 : 0).bind(2, id);
    return runChanged(m_database, stmt);
}

Result<bool> RelayRepository::remove(std::int64_t id) {
    FERRY_TRY(stmt, m_database.prepare("DELETE FROM relays WHERE id = ?"));
    stmt.bind(1, id);
    return runChanged(m_database, stmt);
}

} // namespace ferry::core::store
