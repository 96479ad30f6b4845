#pragma once

#include "util/error_table.h"

namespace ferry::relay {

/// What can fail in relay; each code's tag and words are in relay_errc.cpp.
enum class RelayErrc {
    Config = 1,
    Corrupt,
    Crypto,
    Exists,
    Io,
    Missing,
    Tls,
    Listen,
    PortInUse,
    Network,
    Refused,
    NotRunning,
};
FERRY_DECLARE_ERROR_CODES(RelayErrc, relayErrorCategory)

} // namespace ferry::relay

FERRY_ERROR_CODE_ENUM(ferry::relay::RelayErrc);
