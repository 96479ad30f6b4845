#include "platform/local_time.h"

namespace ferry::core::platform {

std::optional<std::tm> localCalendarTime(std::time_t t) {
    std::tm local{};
    if (!::localtime_r(&t, &local))
        return std::nullopt;
    return local;
}

} // namespace ferry::core::platform
