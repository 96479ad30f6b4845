#include "platform/data_folder.h"

#include <cstdlib>

namespace ferry::app {

std::filesystem::path userDataFolder() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return xdg;
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home ? home : ".") / ".local/share";
}

} // namespace ferry::app
