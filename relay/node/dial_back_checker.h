#pragma once

#include "net/address_policy.h"
#include "node/node_wire.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace ferry::relay {

struct CheckLimits {
    std::uint32_t perMinutePerNetwork = 6; ///< checks asked from one address (IPv6: one /64)
    std::uint32_t atOncePerNetwork = 2;    ///< running at the same time, from one network
    std::uint32_t atOnce = 32;             ///< running at the same time, from everyone
    /// Every check is answered at this deadline at the latest, and a negative answer never
    /// sooner (protocol.md: at most 10 s).
    std::chrono::milliseconds timeout{10'000};
    std::size_t trackedNetworks = 10'000; ///< networks remembered for the per-minute limit
};

/// The relay's side of a reachability check (CHECK, docs/protocol.md): dials a node back at
/// its published address with a TLS + SMP handshake pinning its identity and a PING.
///
/// A stranger chooses the address, so the checker is built not to be anybody's scanner: one
/// host per check; only addresses the DialPolicy allows (globally routable ones), checked
/// after resolution and for the address actually dialled; one deadline for the whole check;
/// the answer says reachable or not and nothing of why, and a negative answer comes at the
/// deadline, so neither its words nor its timing tell a closed port from a filtered one or
/// from a web server. Thread-safe.
class DialBackChecker {
public:
    using Answer = std::function<void(core::node::NodeMessage)>;

    DialBackChecker(boost::asio::io_context& io, CheckLimits limits,
                    std::shared_ptr<const core::net::DialPolicy> policy);

    /// Checks `address` for the node at `peer` (its IP address as text); `answer` runs once,
    /// with a CheckResult or a Refused, on one of the io_context's threads.
    void check(const std::string& peer, const std::string& address, Answer answer);
    /// Checks still dialling (a probe outlives its answer by its own timeouts).
    std::uint32_t running() const;

private:
    struct Network {
        std::deque<std::chrono::steady_clock::time_point> recent;
        std::uint32_t running = 0;
    };
    /// Takes a slot for `network`, or says why not.
    std::optional<std::string> admit(const std::string& network);
    void release(const std::string& network);
    void pruneLocked(std::chrono::steady_clock::time_point now);

    boost::asio::io_context& m_io;
    CheckLimits m_limits;
    std::shared_ptr<const core::net::DialPolicy> m_policy;
    mutable std::mutex m_mutex;
    std::map<std::string, Network> m_networks;
    std::uint32_t m_running = 0;
};

/// The key of the per-network limits: an IPv4 address itself, an IPv6 address's /64 (one
/// host often has a whole /64 to rotate through).
std::string limitNetwork(const std::string& peer);

} // namespace ferry::relay
