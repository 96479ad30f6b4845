#include "platform/local_time.h"

namespace ferry::core::platform {

std::optional<std::tm> localCalendarTime(std::time_t t) {
    std::tm local{};
    if (::localtime_s(&local, &t) != 0)
        return std::nullopt;
    return local;
}

} // namespace ferry::core::platform
