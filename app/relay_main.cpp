#include "program_info.h"

#include <cstdio>

namespace {
constexpr ferry::app::ProgramInfo kInfo{
    "ferry-relay", "SMP relay server (headless)",
    "  ferry-relay init [--data DIR] [--host NAME] [--port N] [--password PW|--no-password]\n"
    "  ferry-relay start [--data DIR]\n"
    "  ferry-relay address [--data DIR]\n"
    "  ferry-relay --help | --version"};
} // namespace

int main(int argc, char** argv) {
    if (auto code = ferry::app::handleInfoArguments(kInfo, argc, argv))
        return *code;
    std::fprintf(stderr, "ferry-relay: the relay server is not built yet in this version; "
                         "see --help\n");
    return 2;
}
