#include "program_info.h"

#include <cstdio>

namespace {
constexpr ferry::app::ProgramInfo kInfo{"ferry-directory", "relay directory service (headless)",
                                        "  ferry-directory --help | --version"};
} // namespace

int main(int argc, char** argv) {
    if (auto code = ferry::app::handleInfoArguments(kInfo, argc, argv))
        return *code;
    std::fprintf(stderr, "ferry-directory: the directory service is not built yet in this "
                         "version; see --help\n");
    return 2;
}
