#include "store/database.h"

#include "crypto/secret_bytes.h"
#include "store/store_errc.h"
#include "util/try.h"

// sqlite3_key() is only declared when the codec is compiled in; SQLCipher always has it.
#define SQLITE_HAS_CODEC 1
#include <sodium.h>
#include <sqlite3.h>

namespace ferry::core::store {

void Database::Closer::operator()(sqlite3* db) const {
    sqlite3_close_v2(db);
}

Result<Database> Database::open(const std::filesystem::path& file, OpenMode mode) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;
    if (mode == OpenMode::CreateNew) {
        flags |= SQLITE_OPEN_CREATE;
    }
    sqlite3* raw = nullptr;
    // SQLite takes UTF-8 names on every system (a Windows path is UTF-16 in file.c_str()).
    const std::u8string name = file.u8string();
    const int rc =
        sqlite3_open_v2(reinterpret_cast<const char*>(name.c_str()), &raw, flags, nullptr);
    Database database;
    database.m_db.reset(raw);
    if (rc != SQLITE_OK) {
        return sqliteError(raw, rc, "cannot open " + file.string());
    }
    sqlite3_extended_result_codes(raw, 1);
    return database;
}

Result<void> Database::applyRawKey(const crypto::SecretBytes& key) {
    if (key.size() != 32) {
        return makeError(StoreErrc::Failed, "database key must be 32 bytes");
    }
    // "x'" + 64 hex digits + "'" — SQLCipher's raw key syntax, accepted by sqlite3_key too.
    constexpr std::size_t kHexLength = 64;
    crypto::SecretBytes spec(2 + kHexLength + 1 + 1);
    spec.data()[0] = 'x';
    spec.data()[1] = '\'';
    sodium_bin2hex(reinterpret_cast<char*>(spec.data() + 2), kHexLength + 1, key.data(),
                   key.size());
    spec.data()[2 + kHexLength] = '\'';
    const int rc = sqlite3_key(m_db.get(), spec.data(), static_cast<int>(2 + kHexLength + 1));
    if (rc != SQLITE_OK) {
        return sqliteError(m_db.get(), rc, "cannot set the database key");
    }
    return {};
}

Result<void> Database::exec(std::string_view sql) {
    const std::string text(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const std::string detail = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        const bool constraint = (rc & 0xff) == SQLITE_CONSTRAINT;
        return makeError(constraint ? StoreErrc::Constraint : StoreErrc::Failed,
                         text + ": " + detail);
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v2(m_db.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return sqliteError(m_db.get(), rc, "prepare " + std::string(sql));
    }
    return Statement(m_db.get(), stmt);
}

Result<std::int64_t> Database::queryInt(std::string_view sql) {
    FERRY_TRY(stmt, prepare(sql));
    FERRY_TRY(row, stmt.step());
    return row ? stmt.integer(0) : std::int64_t{0};
}

Result<std::string> Database::queryText(std::string_view sql) {
    FERRY_TRY(stmt, prepare(sql));
    FERRY_TRY(row, stmt.step());
    return row ? stmt.text(0) : std::string();
}

std::int64_t Database::lastInsertRowId() const {
    return sqlite3_last_insert_rowid(m_db.get());
}

int Database::changes() const {
    return sqlite3_changes(m_db.get());
}

bool Database::inTransaction() const {
    return sqlite3_get_autocommit(m_db.get()) == 0;
}

Error Database::lastError(std::string_view what) const {
    return sqliteError(m_db.get(), m_db ? sqlite3_extended_errcode(m_db.get()) : SQLITE_NOMEM,
                       what);
}

void Database::close() {
    m_db.reset();
    m_transactionDepth = 0;
}

} // namespace ferry::core::store
