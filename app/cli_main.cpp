#include "program_info.h"

#include <cstdio>

namespace {
constexpr ferry::app::ProgramInfo kInfo{"ferry-cli", "headless Ferry messenger client",
                                        "  ferry-cli --help | --version"};
} // namespace

int main(int argc, char** argv) {
    if (auto code = ferry::app::handleInfoArguments(kInfo, argc, argv))
        return *code;
    std::fprintf(stderr, "ferry-cli: the client engine is not built yet in this version; "
                         "see --help\n");
    return 2;
}
