#pragma once

#include <cstdio>
#include <optional>
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

} // namespace ferry::app
