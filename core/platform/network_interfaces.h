#pragma once

// What the machine's network interfaces are, asked of each system its own way. One file per
// system implements this header.

#include <string>
#include <vector>

namespace ferry::core::platform {

/// The IPv4 addresses of the interfaces that are up, loopback left out, as dotted quads.
std::vector<std::string> localIPv4Addresses();

} // namespace ferry::core::platform
