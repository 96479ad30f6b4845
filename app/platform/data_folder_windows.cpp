#include "platform/data_folder.h"

#include <cstdlib>

namespace ferry::app {

std::filesystem::path userDataFolder() {
    // The wide form: a user name outside the ANSI code page survives.
    if (const wchar_t* local = ::_wgetenv(L"LOCALAPPDATA"); local && *local)
        return local;
    return std::filesystem::path(".");
}

} // namespace ferry::app
