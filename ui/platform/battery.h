#pragma once

// Whether the computer runs on its battery: one implementation per system
// (battery_<system>.cpp), chosen by CMake; battery_other.cpp where Ferry knows no way to ask.
// Plain C++ without Qt, so that cross compilers can check the files of other systems.

#include <filesystem>
#include <optional>

namespace ferry::ui::platform {

/// True while the computer runs on its battery, false while on mains power; nothing when it
/// has no battery or the system does not say. `linuxPowerSupplyRoot` is where Linux lists its
/// power supplies (/sys/class/power_supply; tests give a folder of their own); other systems
/// ignore it.
std::optional<bool> runsOnBattery(const std::filesystem::path& linuxPowerSupplyRoot);

} // namespace ferry::ui::platform
