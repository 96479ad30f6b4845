#include "ui/platform/battery.h"

namespace ferry::ui::platform {

// A system Ferry knows no way to ask (macOS until its IOKit variant is written and built
// there): the answer is unknown, and the relay's "pause on battery" never triggers.
std::optional<bool> runsOnBattery(const std::filesystem::path&) {
    return std::nullopt;
}

} // namespace ferry::ui::platform
