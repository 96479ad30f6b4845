#pragma once

#include "util/bytes.h"
#include "util/result.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace ferry::core::crypto {
class SecretBytes;
}

namespace ferry::core::store {

/// One prepared SQLite statement: bind parameters (1-based), step, read columns (0-based).
///
/// Bound values are copied into SQLite (SQLITE_TRANSIENT), so temporaries are safe to bind.
/// A statement belongs to the Database that prepared it and must not outlive it.
class Statement {
public:
    class Use;

    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt);

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::optional<std::int64_t> value);
    Statement& bindText(int index, std::string_view value);
    Statement& bindOptionalText(int index, const std::optional<std::string>& value);
    /// Binds a BLOB; an empty view binds a zero-length BLOB, never NULL.
    Statement& bindBlob(int index, ByteView value);
    Statement& bindOptionalBlob(int index, const std::optional<Bytes>& value);
    Statement& bindNull(int index);

    /// True while a row is available, false when the statement is done.
    Result<bool> step();
    /// Steps a statement that returns no rows (INSERT/UPDATE/DELETE) to completion.
    Result<void> run();
    /// Makes the statement ready to bind and step again (bindings are cleared).
    void reset();

    std::int64_t integer(int column) const;
    std::optional<std::int64_t> optionalInteger(int column) const;
    std::string text(int column) const;
    std::optional<std::string> optionalText(int column) const;
    Bytes blob(int column) const;
    std::optional<Bytes> optionalBlob(int column) const;
    /// Reads a BLOB straight into wiped-on-free memory (for key material).
    crypto::SecretBytes secret(int column) const;
    bool isNull(int column) const;

    /// One turn of a statement prepared once and run many times (the relay's and the
    /// directory's hot paths): binds BLOBs without copying them, and resets the statement
    /// when the turn ends.
    Use use();

private:
    struct Finalizer {
        void operator()(sqlite3_stmt* stmt) const;
    };

    sqlite3* m_db = nullptr;
    std::unique_ptr<sqlite3_stmt, Finalizer> m_stmt;
};

/// A turn of a reused Statement. BLOBs are bound in place (SQLITE_STATIC): the bytes must
/// outlive the Use. When it ends the statement is reset and its bindings cleared, so no
/// bound buffer is referenced afterwards.
class Statement::Use {
public:
    explicit Use(Statement& statement) : m_statement(statement) {}
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    ~Use() { m_statement.reset(); }

    Use& bind(int index, std::int64_t value) {
        m_statement.bind(index, value);
        return *this;
    }
    /// An empty view binds a zero-length BLOB, never NULL.
    Use& bind(int index, ByteView value);
    Use& bindNull(int index) {
        m_statement.bindNull(index);
        return *this;
    }

    /// True while a row is available, false when the statement is done.
    Result<bool> step() { return m_statement.step(); }
    /// Steps a statement that returns no rows to completion.
    Result<void> run() { return m_statement.run(); }
    std::int64_t integer(int column) const { return m_statement.integer(column); }
    bool isNull(int column) const { return m_statement.isNull(column); }
    Bytes blob(int column) const { return m_statement.blob(column); }

private:
    Statement& m_statement;
};

/// Maps a failed SQLite call on `db` to an Error; constraint violations get the code
/// StoreErrc::Constraint, a file that does not decrypt/parse NotADatabase,
/// everything else Failed.
Error sqliteError(sqlite3* db, int rc, std::string_view what);

} // namespace ferry::core::store
