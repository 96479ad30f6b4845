#include "store/statement.h"

#include "crypto/secret_bytes.h"
#include "store/store_errc.h"
#include "util/try.h"

#include <cstring>
#include <sqlite3.h>

namespace ferry::core::store {

void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const {
    sqlite3_finalize(stmt);
}

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(m_stmt.get(), index, value);
    return *this;
}

Statement& Statement::bind(int index, std::optional<std::int64_t> value) {
    return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bindText(int index, std::string_view value) {
    sqlite3_bind_text(m_stmt.get(), index, value.empty() ? "" : value.data(),
                      static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindOptionalText(int index, const std::optional<std::string>& value) {
    return value ? bindText(index, std::string_view(*value)) : bindNull(index);
}

Statement& Statement::bindBlob(int index, ByteView value) {
    // A null pointer would bind SQL NULL; an empty BLOB must stay an empty BLOB.
    static const std::uint8_t kEmpty = 0;
    const void* data = value.empty() ? &kEmpty : value.data();
    sqlite3_bind_blob(m_stmt.get(), index, data, static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement::Use Statement::use() {
    return Use(*this);
}

Statement::Use& Statement::Use::bind(int index, ByteView value) {
    static const std::uint8_t kEmpty = 0;
    const void* data = value.empty() ? &kEmpty : value.data();
    sqlite3_bind_blob(m_statement.m_stmt.get(), index, data, static_cast<int>(value.size()),
                      SQLITE_STATIC);
    return *this;
}

Statement& Statement::bindOptionalBlob(int index, const std::optional<Bytes>& value) {
    return value ? bindBlob(index, ByteView(*value)) : bindNull(index);
}

Statement& Statement::bindNull(int index) {
    sqlite3_bind_null(m_stmt.get(), index);
    return *this;
}

Result<bool> Statement::step() {
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    const char* sql = sqlite3_sql(m_stmt.get());
    return sqliteError(m_db, rc, sql ? sql : "statement");
}

Result<void> Statement::run() {
    FERRY_CHECK(step());
    return {};
}

void Statement::reset() {
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(m_stmt.get(), column);
}

std::optional<std::int64_t> Statement::optionalInteger(int column) const {
    if (isNull(column)) {
        return std::nullopt;
    }
    return integer(column);
}

std::string Statement::text(int column) const {
    const auto* data = sqlite3_column_text(m_stmt.get(), column);
    const int size = sqlite3_column_bytes(m_stmt.get(), column);
    if (data == nullptr || size <= 0) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::optional<std::string> Statement::optionalText(int column) const {
    if (isNull(column)) {
        return std::nullopt;
    }
    return text(column);
}

Bytes Statement::blob(int column) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt.get(), column));
    const int size = sqlite3_column_bytes(m_stmt.get(), column);
    if (data == nullptr || size <= 0) {
        return {};
    }
    return Bytes(data, data + size);
}

std::optional<Bytes> Statement::optionalBlob(int column) const {
    if (isNull(column)) {
        return std::nullopt;
    }
    return blob(column);
}

crypto::SecretBytes Statement::secret(int column) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt.get(), column));
    const int size = sqlite3_column_bytes(m_stmt.get(), column);
    if (data == nullptr || size <= 0) {
        return {};
    }
    crypto::SecretBytes out(static_cast<std::size_t>(size));
    std::memcpy(out.data(), data, out.size());
    return out;
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
}

Error sqliteError(sqlite3* db, int rc, std::string_view what) {
    const char* message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const int primary = rc & 0xff;
    const StoreErrc code = primary == SQLITE_CONSTRAINT ? StoreErrc::Constraint
                           : primary == SQLITE_NOTADB   ? StoreErrc::NotADatabase
                                                        : StoreErrc::Failed;
    return makeError(code, std::string(what) + ": " + (message ? message : "unknown error"));
}

} // namespace ferry::core::store
