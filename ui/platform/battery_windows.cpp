#include "ui/platform/battery.h"

#include <windows.h>

namespace ferry::ui::platform {

std::optional<bool> runsOnBattery(const std::filesystem::path&) {
    SYSTEM_POWER_STATUS status{};
    if (!GetSystemPowerStatus(&status))
        return std::nullopt;
    constexpr BYTE kNoBattery = 128, kUnknown = 255;
    if (status.BatteryFlag == kNoBattery || status.BatteryFlag == kUnknown ||
        status.ACLineStatus == kUnknown)
        return std::nullopt;
    return status.ACLineStatus == 0; // 0: offline, 1: online
}

} // namespace ferry::ui::platform
