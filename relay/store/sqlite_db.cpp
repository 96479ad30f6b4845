#include "relay/store/sqlite_db.h"

#include "relay/store/relay_store_errc.h"

#include <sqlite3.h>

namespace ferry::relay {

bool isConstraintViolation(int rc) {
    return (rc & 0xff) == SQLITE_CONSTRAINT;
}

void SqliteCloser::operator()(sqlite3* db) const {
    sqlite3_close_v2(db);
}

void SqliteFinalizer::operator()(sqlite3_stmt* stmt) const {
    sqlite3_finalize(stmt);
}

SqliteStatement::Use::~Use() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

SqliteStatement::Use& SqliteStatement::Use::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

SqliteStatement::Use& SqliteStatement::Use::bind(int index, core::ByteView value) {
    // A null pointer would bind SQL NULL; an empty BLOB must stay an empty BLOB.
    static const std::uint8_t kEmpty = 0;
    const void* data = value.empty() ? &kEmpty : value.data();
    sqlite3_bind_blob(m_stmt, index, data, static_cast<int>(value.size()), SQLITE_STATIC);
    return *this;
}

SqliteStatement::Use& SqliteStatement::Use::bindNull(int index) {
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

int SqliteStatement::Use::step() {
    return sqlite3_step(m_stmt);
}

std::int64_t SqliteStatement::Use::integer(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

bool SqliteStatement::Use::isNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

core::Bytes SqliteStatement::Use::blob(int column) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, column));
    const int size = sqlite3_column_bytes(m_stmt, column);
    if (data == nullptr || size <= 0) {
        return {};
    }
    return core::Bytes(data, data + size);
}

core::Result<SqliteDb> SqliteDb::open(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(
        file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
        nullptr);
    SqliteDb db;
    db.m_db.reset(raw);
    if (rc != SQLITE_OK) {
        return db.error("cannot open " + file.string());
    }
    sqlite3_extended_result_codes(raw, 1);
    return db;
}

core::Result<void> SqliteDb::exec(const std::string& sql) {
    if (sqlite3_exec(m_db.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        return error(sql);
    }
    return {};
}

core::Result<SqliteStatement> SqliteDb::prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(m_db.get(), sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
        return error("prepare " + sql);
    }
    return SqliteStatement(SqliteStatementHandle(stmt));
}

core::Result<std::int64_t> SqliteDb::queryInt(const std::string& sql) {
    auto stmt = prepare(sql);
    if (!stmt) {
        return stmt.error();
    }
    auto use = stmt->use();
    const int rc = use.step();
    if (rc == SQLITE_ROW) {
        return use.integer(0);
    }
    if (rc == SQLITE_DONE) {
        return std::int64_t{0};
    }
    return error(sql);
}

core::Result<std::string> SqliteDb::queryText(const std::string& sql) {
    auto stmt = prepare(sql);
    if (!stmt) {
        return stmt.error();
    }
    auto use = stmt->use();
    if (use.step() != SQLITE_ROW) {
        return error(sql);
    }
    const core::Bytes text = use.blob(0);
    return std::string(text.begin(), text.end());
}

core::Error SqliteDb::error(const std::string& what) const {
    const char* message = m_db ? sqlite3_errmsg(m_db.get()) : "out of memory";
    return core::makeError(RelayStoreErrc::Failed, what + ": " + message);
}

bool SqliteDb::inTransaction() const {
    return sqlite3_get_autocommit(m_db.get()) == 0;
}

int SqliteDb::changes() const {
    return sqlite3_changes(m_db.get());
}

} // namespace ferry::relay
