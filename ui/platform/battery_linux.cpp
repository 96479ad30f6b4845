#include "ui/platform/battery.h"

#include <fstream>
#include <string>
#include <system_error>

namespace ferry::ui::platform {

namespace {

std::string firstLine(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t'))
        line.pop_back();
    return line;
}

} // namespace

std::optional<bool> runsOnBattery(const std::filesystem::path& linuxPowerSupplyRoot) {
    // On battery: a battery is discharging and no mains supply is online.
    bool haveBattery = false;
    bool discharging = false;
    bool mainsOnline = false;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(linuxPowerSupplyRoot, error)) {
        const auto& dir = entry.path();
        const std::string type = firstLine(dir / "type");
        if (type == "Battery") {
            haveBattery = true;
            if (firstLine(dir / "status") == "Discharging")
                discharging = true;
        } else if (type == "Mains" || type == "USB") {
            if (firstLine(dir / "online") == "1")
                mainsOnline = true;
        }
    }
    if (!haveBattery)
        return std::nullopt; // a desktop, or a folder that says nothing
    return discharging && !mainsOnline;
}

} // namespace ferry::ui::platform
