#pragma once

#include "util/error_table.h"

namespace ferry::app::cli {

/// What can fail in cli; each code's tag and words are in cli_errc.cpp.
enum class CliErrc {
    Busy = 1,
    Exists,
    Io,
    Key,
    NoProfile,
    Socket,
    Usage,
};
FERRY_DECLARE_ERROR_CODES(CliErrc, cliErrorCategory)

} // namespace ferry::app::cli

FERRY_ERROR_CODE_ENUM(ferry::app::cli::CliErrc);
