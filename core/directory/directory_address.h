#pragma once

#include "util/bytes.h"
#include "util/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::core::directory {

inline constexpr std::uint16_t kDefaultDirectoryPort = 443;

/// Where a directory is and who it is: `https://<fingerprint>@host[:port]`, the fingerprint
/// being the base64url SHA-256 of the directory's CA certificate, pinned as a relay's is.
struct DirectoryAddress {
    Bytes fingerprint;
    std::string host; ///< a DNS name or an IP address (IPv6 without brackets)
    std::uint16_t port = kDefaultDirectoryPort;

    bool operator==(const DirectoryAddress&) const = default;
};

/// DirectoryErrc::Address, saying what is wrong, for anything else.
Result<DirectoryAddress> parseDirectoryAddress(std::string_view text);
/// The port is printed only when it is not 443; an IPv6 host gets brackets.
std::string formatDirectoryAddress(const DirectoryAddress& address);

} // namespace ferry::core::directory
