#include "store/settings_repository.h"

#include "store/row_helpers.h"
#include "util/try.h"

namespace ferry::core::store {
namespace {

constexpr std::string_view kUpsert = "INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)";
constexpr std::string_view kSelect = "SELECT value FROM settings WHERE key = ?";

} // namespace

Result<void> SettingsRepository::setString(std::string_view key, std::string_view value) {
    FERRY_TRY(stmt, m_database.prepare(kUpsert));
    return stmt.bindText(1, key).bindText(2, value).run();
}

Result<std::optional<std::string>> SettingsRepository::getString(std::string_view key) {
    FERRY_TRY(stmt, m_database.prepare(kSelect));
    stmt.bindText(1, key);
    return firstRow<std::string>(stmt,
                                 [](Statement& s) -> Result<std::string> { return s.text(0); });
}

Result<void> SettingsRepository::setBlob(std::string_view key, ByteView value) {
    FERRY_TRY(stmt, m_database.prepare(kUpsert));
    return stmt.bindText(1, key).bindBlob(2, value).run();
}

Result<std::optional<Bytes>> SettingsRepository::getBlob(std::string_view key) {
    FERRY_TRY(stmt, m_database.prepare(kSelect));
    stmt.bindText(1, key);
    return firstRow<Bytes>(stmt, [](Statement& s) -> Result<Bytes> { return s.blob(0); });
}

Result<void> SettingsRepository::setInteger(std::string_view key, std::int64_t value) {
    FERRY_TRY(stmt, m_database.prepare(kUpsert));
    return stmt.bindText(1, key).bind(2, value).run();
}

Result<std::optional<std::int64_t>> SettingsRepository::getInteger(std::string_view key) {
    FERRY_TRY(stmt, m_database.prepare(kSelect));
    stmt.bindText(1, key);
    return firstRow<std::int64_t>(
        stmt, [](Statement& s) -> Result<std::int64_t> { return s.integer(0); });
}

Result<bool> SettingsRepository::remove(std::string_view key) {
    FERRY_TRY(stmt, m_database.prepare("DELETE FROM settings WHERE key = ?"));
    stmt.bindText(1, key);
    return runChanged(m_database, stmt);
}

} // namespace ferry::core::store
