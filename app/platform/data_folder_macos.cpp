#include "platform/data_folder.h"

#include <cstdlib>

namespace ferry::app {

std::filesystem::path userDataFolder() {
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home ? home : ".") / "Library" / "Application Support";
}

} // namespace ferry::app
