#pragma once

#include "platform/data_folder.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ferry::app {

/// What a program prints for --help and --version.
struct ProgramInfo {
    std::string_view name;
    std::string_view summary;
    std::string_view usage; ///< the commands and options, one per line
};

/// Handles --help/-h and --version/-V for the headless programs. Returns an exit code when
/// the program should stop (info printed, or an unknown argument), nothing otherwise.
inline std::optional<int> handleInfoArguments(const ProgramInfo& info, int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::printf("%.*s — %.*s\n\nUsage:\n%.*s\n", int(info.name.size()), info.name.data(),
                        int(info.summary.size()), info.summary.data(), int(info.usage.size()),
                        info.usage.data());
            return 0;
        }
        if (arg == "--version" || arg == "-V") {
            std::printf("%.*s %s\n", int(info.name.size()), info.name.data(), FERRY_VERSION);
            return 0;
        }
    }
    return std::nullopt;
}

/// Prints "<program>: <message>" and the hint to --help on stderr; the usage exit status 2.
inline int usageError(const ProgramInfo& info, const std::string& message) {
    std::fprintf(stderr, "%.*s: %s\nTry '%.*s --help'.\n", int(info.name.size()), info.name.data(),
                 message.c_str(), int(info.name.size()), info.name.data());
    return 2;
}

/// A server program's data folder when --data is not given: $<environmentVariable>, else
/// <the user's data folder>/<program> (platform/data_folder.h).
inline std::filesystem::path defaultDataDir(const ProgramInfo& info,
                                            const char* environmentVariable) {
    if (const char* dir = std::getenv(environmentVariable); dir && *dir)
        return dir;
    return userDataFolder() / std::string(info.name);
}

} // namespace ferry::app
