#include "cli/cli_errc.h"

namespace ferry::app::cli {

namespace {

constexpr std::array<core::ErrorRow<CliErrc>, 7> kRows{{
    {CliErrc::Busy, "busy", "the profile is in use by another ferry-cli"},
    {CliErrc::Exists, "exists", "it exists already"},
    {CliErrc::Io, "io", "a file could not be read or written"},
    {CliErrc::Key, "key", "the key file is missing or malformed"},
    {CliErrc::NoProfile, "no_profile", "no such profile"},
    {CliErrc::Socket, "socket", "the control socket failed"},
    {CliErrc::Usage, "usage", "wrong usage"},
}};

} // namespace

FERRY_ERROR_CATEGORY(cliErrorCategory, "cli", kRows, CliErrc::Usage)

} // namespace ferry::app::cli
