#pragma once

#include "store/statement.h"
#include "util/result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;

namespace ferry::core::crypto {
class SecretBytes;
}

namespace ferry::core::store {

/// Whether Database::open may create the file.
enum class OpenMode { CreateNew, OpenExisting };

/// One open SQLite database file (SQLCipher's library: keyed for the profile, unkeyed a
/// plain SQLite file for the relay and the directory). Not thread-safe: it belongs to the
/// thread that uses it, or to the lock that guards it. Move-only.
class Database {
public:
    /// Opens `file` read-write. Nothing is written until a statement writes.
    static Result<Database> open(const std::filesystem::path& file, OpenMode mode);

    Database() = default;
    Database(Database&&) noexcept = default;
    Database& operator=(Database&&) noexcept = default;

    /// Keys the database with a raw 256-bit key (SQLCipher's `x'<hex>'` form, so no KDF
    /// runs). The hex text lives only in wiped memory and is never part of an SQL string.
    Result<void> applyRawKey(const crypto::SecretBytes& key);

    /// Runs one or more statements that return no rows.
    Result<void> exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql);
    /// First column of the first row as an integer (0 if there is no row).
    Result<std::int64_t> queryInt(std::string_view sql);
    /// First column of the first row as text (empty if there is no row).
    Result<std::string> queryText(std::string_view sql);

    std::int64_t lastInsertRowId() const;
    /// Rows changed by the last INSERT/UPDATE/DELETE.
    int changes() const;
    bool inTransaction() const;
    /// The error of the call that just failed on this database, as sqliteError makes it
    /// (for callers that step statements themselves and need SQLite's own words).
    Error lastError(std::string_view what) const;
    bool isOpen() const { return m_db != nullptr; }
    void close();

    /// Nesting depth of Transaction objects on this database (for savepoint names).
    int& transactionDepth() { return m_transactionDepth; }

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };

    std::unique_ptr<sqlite3, Closer> m_db;
    int m_transactionDepth = 0;
};

} // namespace ferry::core::store
