#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <system_error>

namespace ferry::core {

/// One row of a module's error table: the code, its stable tag (logs, JSON, wire-independent
/// names that tests and scripts may rely on) and what it means in words.
template <typename Code> struct ErrorRow {
    Code code;
    const char* tag;
    const char* text;
};

/// The base of every Ferry error category: besides std::error_category's name and message it
/// knows each code's stable tag.
class TaggedErrorCategory : public std::error_category {
public:
    virtual const char* tag(int value) const noexcept = 0;
};

/// A category over a table whose rows are the codes 1..N in order, checked at compile time
/// (see FERRY_ERROR_CATEGORY), so a code without its tag and text does not build.
template <typename Code, std::size_t N>
class TableErrorCategory final : public TaggedErrorCategory {
public:
    constexpr TableErrorCategory(const char* name, const std::array<ErrorRow<Code>, N>& rows)
        : m_name(name), m_rows(rows) {}

    const char* name() const noexcept override { return m_name; }
    std::string message(int value) const override {
        return valid(value) ? m_rows[std::size_t(value - 1)].text : "unknown error code";
    }
    const char* tag(int value) const noexcept override {
        return valid(value) ? m_rows[std::size_t(value - 1)].tag : "<unknown>";
    }

private:
    static constexpr bool valid(int value) { return value >= 1 && std::size_t(value) <= N; }
    const char* m_name;
    std::array<ErrorRow<Code>, N> m_rows;
};

/// True when the rows are the codes 1, 2, ... in order and `last` is the final one.
template <typename Code, std::size_t N>
constexpr bool errorRowsInOrder(const std::array<ErrorRow<Code>, N>& rows, Code last) {
    for (std::size_t i = 0; i < N; ++i)
        if (static_cast<std::size_t>(rows[i].code) != i + 1)
            return false;
    return static_cast<std::size_t>(last) == N;
}

/// The stable tag of any code ("link_used"); for a category that is not Ferry's own (errno
/// values, say) its name and number ("generic:2").
std::string errorTag(const std::error_code& code);

} // namespace ferry::core

/// Declares a module's error code enum `Code` (in the current namespace) as a
/// std::error_code enum with the category function `categoryFunction`. Use at namespace scope
/// in the module's header after the enum, then FERRY_ERROR_CATEGORY in its .cpp.
#define FERRY_DECLARE_ERROR_CODES(Code, categoryFunction)                                          \
    const std::error_category& categoryFunction();                                                 \
    inline std::error_code make_error_code(Code code) {                                            \
        return {static_cast<int>(code), categoryFunction()};                                       \
    }

/// Specialises std::is_error_code_enum for a fully qualified enum; at global scope.
#define FERRY_ERROR_CODE_ENUM(QualifiedCode)                                                       \
    template <> struct std::is_error_code_enum<QualifiedCode> : std::true_type {}

/// Defines `categoryFunction` over the table `rows` (a constexpr std::array of ErrorRow),
/// whose last row must be `lastCode`. A category is one object for the program's life: the
/// standard compares categories by address.
#define FERRY_ERROR_CATEGORY(categoryFunction, categoryName, rows, lastCode)                       \
    static_assert(::ferry::core::errorRowsInOrder(rows, lastCode),                                 \
                  "error rows must list every code once, in the enum's order");                    \
    const std::error_category& categoryFunction() {                                                \
        static const ::ferry::core::TableErrorCategory category(categoryName, rows);               \
        return category;                                                                           \
    }
