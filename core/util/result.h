#pragma once

#include "util/error_table.h"

#include <cassert>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace ferry::core {

/// A failure: `code` says which one (a module's enum, compared as `error.code ==
/// store::StoreErrc::WrongKey`; errorTag(code) is its stable name), `message` says it in words
/// with the details of this occurrence, for logs and people.
struct Error {
    std::error_code code;
    std::string message;
};

/// Either a value or an Error: the typed result every fallible core function returns.
template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<T>(m_state);
    }
    const T& value() const& {
        assert(ok());
        return std::get<T>(m_state);
    }
    T&& value() && {
        assert(ok());
        return std::get<T>(std::move(m_state));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        assert(!ok());
        return std::get<Error>(m_state);
    }

private:
    std::variant<T, Error> m_state;
};

/// Result of an operation that yields nothing but may fail.
template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const {
        assert(m_failed);
        return m_error;
    }

private:
    Error m_error;
    bool m_failed = false;
};

template <typename Code>
requires std::is_error_code_enum_v<Code> Error makeError(Code code, std::string message) {
    return Error{make_error_code(code), std::move(message)};
}

/// The same failure with more context in front of its words ("relay.ini: ...").
inline Error withContext(const Error& error, const std::string& context) {
    return Error{error.code, context + ": " + error.message};
}

} // namespace ferry::core
