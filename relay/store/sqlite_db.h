#pragma once

#include "util/bytes.h"
#include "util/result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace ferry::relay {

struct SqliteCloser {
    void operator()(sqlite3* db) const;
};
struct SqliteFinalizer {
    void operator()(sqlite3_stmt* stmt) const;
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;
using SqliteStatementHandle = std::unique_ptr<sqlite3_stmt, SqliteFinalizer>;

/// A prepared statement that is reused: `use()` hands out a scope that binds, steps and
/// resets it (releasing bound buffers) when the scope ends.
/// Whether a step's result code is a constraint violation (a UNIQUE id already taken).
bool isConstraintViolation(int rc);

class SqliteStatement {
public:
    class Use {
    public:
        explicit Use(sqlite3_stmt* stmt) : m_stmt(stmt) {}
        Use(const Use&) = delete;
        Use& operator=(const Use&) = delete;
        ~Use();

        Use& bind(int index, std::int64_t value);
        /// Binds a BLOB; an empty view binds a zero-length BLOB, never NULL. The bytes
        /// must outlive the scope.
        Use& bind(int index, core::ByteView value);
        Use& bindNull(int index);

        /// SQLITE_ROW, SQLITE_DONE or an error code.
        int step();
        std::int64_t integer(int column) const;
        bool isNull(int column) const;
        core::Bytes blob(int column) const;

    private:
        sqlite3_stmt* m_stmt;
    };

    SqliteStatement() = default;
    explicit SqliteStatement(SqliteStatementHandle stmt) : m_stmt(std::move(stmt)) {}
    Use use() { return Use(m_stmt.get()); }

private:
    SqliteStatementHandle m_stmt;
};

/// One SQLite connection (SQLCipher's library, no key: a plain SQLite file).
class SqliteDb {
public:
    /// Opens (or creates) the file read-write; nothing is written until a statement writes.
    static core::Result<SqliteDb> open(const std::filesystem::path& file);

    sqlite3* handle() const { return m_db.get(); }
    /// Runs statements that return no rows; RelayStoreErrc::Failed with SQLite's message otherwise.
    core::Result<void> exec(const std::string& sql);
    core::Result<SqliteStatement> prepare(const std::string& sql);
    /// First column of the first row of a query as an integer.
    core::Result<std::int64_t> queryInt(const std::string& sql);
    /// Text of the first column of the first row (for PRAGMAs that answer with text).
    core::Result<std::string> queryText(const std::string& sql);
    /// RelayStoreErrc::Failed naming what failed and SQLite's last message.
    core::Error error(const std::string& what) const;
    bool inTransaction() const;
    int changes() const;

private:
    SqliteHandle m_db;
};

} // namespace ferry::relay
