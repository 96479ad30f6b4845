#pragma once

// The calendar time in the user's time zone, which C++20's library here (GCC 12) cannot give
// without the POSIX or Windows C call. One file per system implements this header.

#include <ctime>
#include <optional>

namespace ferry::core::platform {

/// `t` broken down in the local time zone; nullopt if the system cannot convert it.
std::optional<std::tm> localCalendarTime(std::time_t t);

} // namespace ferry::core::platform
