#pragma once

#include "store/database.h"
#include "store/statement.h"
#include "store/store_errc.h"
#include "util/result.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::core::store {

/// One enumerator and the lower-case text the schema stores for it.
template <typename E> struct EnumText {
    E value;
    std::string_view text;
};

template <typename E, std::size_t N>
std::string_view enumToText(const EnumText<E> (&table)[N], E value) {
    for (const auto& entry : table) {
        if (entry.value == value) {
            return entry.text;
        }
    }
    return {};
}

/// Text read from the database back to an enumerator; unknown text (written by a newer
/// Ferry) is an error rather than a guess.
template <typename E, std::size_t N>
Result<E> enumFromText(const EnumText<E> (&table)[N], std::string_view text, const char* what) {
    for (const auto& entry : table) {
        if (entry.text == text) {
            return entry.value;
        }
    }
    return makeError(StoreErrc::Failed,
                     std::string("unknown ") + what + " '" + std::string(text) + "'");
}

/// Steps `stmt` to the end, turning each row into a T with `read` (returning Result<T>).
template <typename T, typename Read>
Result<std::vector<T>> collectRows(Statement& stmt, Read read) {
    std::vector<T> rows;
    for (;;) {
        auto row = stmt.step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return rows;
        }
        auto value = read(stmt);
        if (!value) {
            return value.error();
        }
        rows.push_back(std::move(*value));
    }
}

/// Steps once: the row as a T, or nullopt when there is none.
template <typename T, typename Read> Result<std::optional<T>> firstRow(Statement& stmt, Read read) {
    auto row = stmt.step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<T>();
    }
    auto value = read(stmt);
    if (!value) {
        return value.error();
    }
    return std::optional<T>(std::move(*value));
}

/// Runs a prepared UPDATE/DELETE; true if it changed at least one row.
inline Result<bool> runChanged(Database& database, Statement& stmt) {
    if (auto done = stmt.run(); !done) {
        return done.error();
    }
    return database.changes() > 0;
}

} // namespace ferry::core::store
