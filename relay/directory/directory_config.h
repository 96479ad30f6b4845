#pragma once

#include "net/address_policy.h"
#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ferry::relay::directory {

/// directory.ini: what `ferry-directory init` writes and `start` reads. Every key is
/// optional except host; docs/operations.md lists them.
struct DirectoryConfig {
    std::filesystem::path dataDir;
    std::string host = "localhost"; ///< the name in the address
    std::string listenAddress = "0.0.0.0";
    std::uint16_t port = 8443;

    /// A relay not heard from (heartbeat) for this long is down; relays heartbeat at 80% of it.
    std::chrono::seconds relayTtl{3600};
    /// How often the directory probes each relay it knows.
    std::chrono::seconds probeInterval{600};
    /// How long a new relay stays on probation (listed with low weight).
    std::chrono::seconds probation{24 * 3600};
    /// The proof of work asked of registrations (bits), and the most it rises to under load.
    unsigned difficulty = 16;
    unsigned maxDifficulty = 24;

    /// Per source address (IPv4 /32, IPv6 /64) and per site (IPv4 /24, IPv6 /48).
    std::uint32_t writesPerHour = 30;   ///< registrations and heartbeats
    std::uint32_t readsPerMinute = 120; ///< everything else
    std::uint32_t relaysPerAddress = 4; ///< relays (in any state) registered from one address
    std::uint32_t relaysPerSite = 16;   ///< ... from one /24 (/48)

    std::uint32_t maxConnections = 512;
    std::uint32_t maxConnectionsPerAddress = 16;
    std::uint32_t probeConcurrency = 16;
    /// Registrations whose dial-back waits for one of the probe_concurrency slots; past it a
    /// registration is answered 503 with Retry-After.
    std::uint32_t probeQueue = 1024;
    /// Networks the directory may dial although they are not globally routable (a lab, a test
    /// on loopback). Empty on the internet.
    std::vector<core::net::IpNetwork> dialAlsoAllowed;

    /// Peer directories (their https:// addresses) whose listed relays this directory pulls,
    /// verifies and probes itself before listing them.
    std::vector<std::string> peers;
    std::chrono::seconds federationInterval{600};
    std::uint32_t relaysPerPeer = 10'000; ///< listed relays learnt from one peer

    /// The certificate (PEM, the chain after the leaf) and key web browsers are shown; empty:
    /// web.crt and web.key in the data folder, self-signed, made at first start. Relative
    /// paths are in the data folder.
    std::filesystem::path webCertificate;
    std::filesystem::path webKey;
};

core::Result<DirectoryConfig> parseDirectoryConfig(const std::string& text);
std::string formatDirectoryConfig(const DirectoryConfig& config);

} // namespace ferry::relay::directory
