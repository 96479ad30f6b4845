#pragma once

#include "util/error_table.h"

namespace ferry::core::net {

/// What can fail in net; each code's tag and words are in net_errc.cpp.
enum class NetErrc {
    AuthKey = 1,
    Handshake,
    Identity,
    Network,
    Response,
    Session,
    Stopped,
    Timeout,
    Version,
    Relay,
    Unreachable,
    Address,
    NotAllowed,
    Proxy,
};
FERRY_DECLARE_ERROR_CODES(NetErrc, netErrorCategory)

} // namespace ferry::core::net

FERRY_ERROR_CODE_ENUM(ferry::core::net::NetErrc);
