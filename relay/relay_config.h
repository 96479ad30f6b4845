#pragma once

#include "net/address_policy.h"
#include "util/bytes.h"
#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ferry::relay {

/// Everything a relay needs to run, read from `relay.ini` in its data folder.
struct RelayConfig {
    std::filesystem::path dataDir;
    std::string host = "localhost"; ///< advertised in the address
    std::string listenAddress = "0.0.0.0";
    std::uint16_t port = 5223;                 ///< 0 picks a free port (tests)
    std::optional<std::string> createPassword; ///< server password for NEW, if any
    std::uint32_t queueQuota = 128;
    std::chrono::seconds messageTtl = std::chrono::hours(24 * 21);
    std::uint64_t storageCapBytes = 4ull << 30;
    std::chrono::seconds handshakeTimeout = std::chrono::seconds(30);
    /// A client that takes longer than this to take one 16 KB block from the relay is
    /// dropped: it stopped reading, and its answers would otherwise wait in memory.
    std::chrono::seconds writeStallTimeout = std::chrono::seconds(60);
    std::uint16_t statusPort = 0; ///< HTTP /metrics and /status; 0 = off
    /// Client connections open at once; more are closed right after accept. 0 = unlimited.
    std::uint32_t maxConnections = 1000;
    /// Of those, from one IPv4 address or one IPv6 /64. 0 = no limit.
    std::uint32_t maxConnectionsPerAddress = 64;
    /// An SMP connection with no subscription that sends nothing for this long is closed
    /// (SimpleX clients ping every 10 minutes).
    std::chrono::seconds idleTimeout = std::chrono::minutes(30);
    /// Cap on client traffic in bytes per second, applied to each direction separately
    /// (received from clients, sent to clients). 0 = unlimited.
    std::uint64_t bandwidthBytesPerSecond = 0;
    /// Queues one connection may create per minute (in a burst, then evenly); a NEW over it
    /// waits. 0 = no limit.
    std::uint32_t newQueuesPerMinute = 240;
    /// Act as a private routing proxy (PRXY/PFWD): forward senders' messages to the relays of
    /// their contacts, which then do not see the senders' addresses.
    bool proxy = true;
    /// Destination relays connected at once as a proxy (all clients together).
    std::uint32_t proxyMaxRelays = 256;
    /// How long connecting to a destination relay may take (TCP, TLS, SMP handshake).
    std::chrono::seconds proxyConnectTimeout = std::chrono::seconds(10);
    /// Dial back other Ferry nodes that ask whether they are reachable (node service).
    bool nodeChecks = true;
    /// How long a check may take; a negative answer is given only at this deadline.
    std::chrono::seconds checkTimeout = std::chrono::seconds(10);
    /// Networks a check or the proxy may dial although they are not globally routable (a lab,
    /// tests).
    std::vector<core::net::IpNetwork> checkAllowNetworks;
    /// The reverse-tunnel service: public ports given to nodes, first..last; 0/0 = off.
    std::uint16_t tunnelFirstPort = 0;
    std::uint16_t tunnelLastPort = 0;
    std::uint32_t tunnelMaxNodes = 50;
    std::uint64_t tunnelBytesPerNodePerDay = 10ull << 30; ///< both directions together
    /// Tunnel ports held (connected or reserved) by nodes from one IPv4 /24 or IPv6 /48.
    std::uint32_t tunnelNodesPerNetwork = 2;
    /// How long a node that went away keeps its port reserved.
    std::chrono::seconds tunnelReservation = std::chrono::hours(24 * 30);
    /// A node earns a reservation by holding its tunnel this long in all (throwaway
    /// identities that come and go keep none).
    std::chrono::seconds tunnelReserveAfter = std::chrono::hours(1);
    /// Only these nodes (their identities, as in their addresses) may have a tunnel; empty:
    /// any node.
    std::vector<core::Bytes> tunnelAllowNodes;
    /// Relay directories to register with and heartbeat to (their https:// addresses).
    std::vector<std::string> directories;
    /// A hint for directories about where the relay is (a-z, 0-9, -); empty: none.
    std::string region;

    bool operator==(const RelayConfig&) const = default;
};

/// Parses INI text (`key = value`, `[section]` headers, `#`/`;` comments). Unknown keys and
/// bad values are errors naming the line, so a typo never silently falls back to a default.
core::Result<RelayConfig> parseRelayConfig(const std::string& text);

/// INI text for a config, with a comment per key; parseRelayConfig reads it back equal.
std::string formatRelayConfig(const RelayConfig& config);

} // namespace ferry::relay
