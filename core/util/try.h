#pragma once

/// Unwraps a Result into `name`, or returns its Error from the enclosing function (which
/// must return a Result). Keeps chains of fallible steps readable.
#define FERRY_TRY(name, expr)                                                                      \
    auto name##Result_ = (expr);                                                                   \
    if (!name##Result_)                                                                            \
        return name##Result_.error();                                                              \
    auto name = std::move(name##Result_).value()

/// Returns the Error of a failed Result (any T, including void) from the enclosing function.
#define FERRY_CHECK(expr)                                                                          \
    do {                                                                                           \
        auto checked_ = (expr);                                                                    \
        if (!checked_)                                                                             \
            return checked_.error();                                                               \
    } while (0)
