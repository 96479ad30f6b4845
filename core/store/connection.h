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

/// Whether Connection::open may create the file.
enum class OpenMode { CreateNew, OpenExisting };

/// One SQLite (SQLCipher) connection. Not thread-safe: it belongs to the thread that uses
/// it (the client engine's storage worker). Move-only.
class Connection {
public:
    /// Opens `file` read-write. Nothing is written until a statement writes.
    static Result<Connection> open(const std::filesystem::path& file, OpenMode mode);

    Connection() = default;
    Connection(Connection&&) noexcept = default;
    Connection& operator=(Connection&&) noexcept = default;

    /// Keys the connection with a raw 256-bit key (SQLCipher's `x'<hex>'` form, so no KDF
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
    bool isOpen() const { return m_db != nullptr; }
    void close();

    /// Nesting depth of Transaction objects on this connection (for savepoint names).
    int& transactionDepth() { return m_transactionDepth; }

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };

    std::unique_ptr<sqlite3, Closer> m_db;
    int m_transactionDepth = 0;
};

} // namespace ferry::core::store
