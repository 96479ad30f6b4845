#pragma once

#include "nat/port_mapper.h"
#include "node/node_wire.h"
#include "node/tunnel_client.h"
#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ferry::core::node {

/// How clients get to the node.
enum class NodeRoute {
    None,   ///< no way known yet (mapping or tunnel still being set up, or nothing works)
    Direct, ///< the configured address (a public host, or a port forwarded by hand)
    Mapped, ///< the home router forwards a port (UPnP IGD / NAT-PMP)
    Tunnel, ///< a core relay's public port, through the reverse tunnel
};
const char* nodeRouteName(NodeRoute route);

/// What the last dial-back check found.
enum class ReachabilityVerdict {
    Unverified, ///< no check yet, or no checker answered
    Checking,
    Reachable,   ///< an outside relay completed TLS + SMP + PING at the published address
    Unreachable, ///< the checker answered: it could not get through
};
const char* reachabilityVerdictName(ReachabilityVerdict verdict);

struct NodeReachabilityStatus {
    NodeRoute route = NodeRoute::None;
    std::string publishedAddress; ///< what to hand out now (empty while route is None)
    nat::PortMappingStatus mapping;
    bool mappingUsed = false;
    TunnelStatus tunnel;
    bool tunnelUsed = false;

    ReachabilityVerdict verdict = ReachabilityVerdict::Unverified;
    std::string detail;          ///< the checker's reason, or why there is no verdict
    std::int64_t checkedAt = 0;  ///< unix seconds of the last verdict
    std::string checkedAddress;  ///< the published address that verdict is about
    std::string checker;         ///< the relay that checked
    std::string observedAddress; ///< this node's IP as the checker saw it
    std::uint32_t roundTripMs = 0;
};

/// Makes the node reachable and proves it: maps the relay's port on the home router when
/// asked, falls back to a reverse tunnel through a core relay when mapping is impossible
/// (double NAT, no mapping service) or the dial-back check finds the node unreachable, and has
/// a Ferry relay dial the published address back, again every `recheckInterval`. Runs on
/// its own thread; the listener runs there too.
class NodeReachability {
public:
    using MapperFactory =
        std::function<std::unique_ptr<nat::PortMapper>(nat::PortMapper::Listener)>;
    using Listener = std::function<void(const NodeReachabilityStatus&)>;

    struct Options {
        std::uint16_t localPort = 0; ///< the relay's port on this machine
        /// smp://fp@host:port as configured: the Direct route, and the identity every
        /// published address carries.
        std::string configuredAddress;
        MapperFactory mappers; ///< set: map the port on the router first
        /// Ferry relays that may carry a reverse tunnel, tried in turn until one opens; empty:
        /// no tunnel. `tunnel` gives the rest (localPort, chain and sign are needed).
        std::vector<std::string> tunnelRelays;
        TunnelClientOptions tunnel;
        std::vector<std::string> checkers; ///< Ferry relays to ask, in order; empty: none
        std::chrono::seconds recheckInterval{1800};
        std::chrono::milliseconds checkTimeout{10'000};
        std::function<std::int64_t()> now; ///< unix seconds (defaults to the system clock)
    };

    NodeReachability(Options options, Listener listener = {});
    ~NodeReachability();
    NodeReachability(const NodeReachability&) = delete;
    NodeReachability& operator=(const NodeReachability&) = delete;

    void start();
    /// Deletes the router mapping, closes the tunnel, abandons a running check; blocks until
    /// done (the router's answer bounds it).
    void stop();
    /// Checks the published address again now (the user pressed Retry).
    void recheck();
    NodeReachabilityStatus status() const;

private:
    class Impl;
    std::shared_ptr<Impl> m_impl;
};

} // namespace ferry::core::node
