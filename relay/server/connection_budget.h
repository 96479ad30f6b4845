#pragma once

#include "net/address_policy.h"
#include "relay/relay_stats.h"

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

namespace ferry::relay {

/// How many connections a relay holds at once, whatever they are for: SMP clients, nodes of
/// the node service and tunnel clients alike, each from its TCP accept until it is gone.
struct ConnectionLimits {
    std::uint32_t total = 1000; ///< max_connections; 0 = no limit
    /// From one IPv4 address or one IPv6 /64 (max_connections_per_address); 0 = no limit.
    std::uint32_t perAddress = 64;
};

class ConnectionBudget;

/// A connection's place in the ConnectionBudget, given back when it is destroyed. It moves
/// with the connection from the accept to the service that keeps it.
class CountedConnection {
public:
    CountedConnection() = default;
    CountedConnection(CountedConnection&& other) noexcept
        : m_budget(std::exchange(other.m_budget, nullptr)), m_source(other.m_source) {}
    CountedConnection& operator=(CountedConnection&& other) noexcept;
    ~CountedConnection() { release(); }

    bool counted() const { return m_budget != nullptr; }

private:
    friend class ConnectionBudget;
    CountedConnection(ConnectionBudget& budget, core::net::IpNetwork source)
        : m_budget(&budget), m_source(std::move(source)) {}
    void release();

    ConnectionBudget* m_budget = nullptr;
    core::net::IpNetwork m_source;
};

/// Every accepted socket of a relay takes a place here before anything else is spent on it,
/// and a socket over the total or over its address's share is closed at once: a host that
/// opens connections without end locks nobody else out. Counts into RelayCounters
/// (connectionsNow, connectionsTotal, connectionsRefused). Safe from any thread; must outlive
/// every CountedConnection it gave out.
class ConnectionBudget {
public:
    ConnectionBudget(ConnectionLimits limits, RelayCounters& counters)
        : m_limits(limits), m_counters(counters) {}

    /// A place for a connection from `peer`, or none (and the refusal counted).
    std::optional<CountedConnection> admit(const boost::asio::ip::address& peer);
    /// An accept that failed (out of descriptors or buffers), counted as acceptErrors.
    void noteAcceptError() { RelayCounters::bump(m_counters.acceptErrors); }
    /// Connections held now from `peer`'s address (its /64 for IPv6).
    std::uint32_t heldFrom(const boost::asio::ip::address& peer) const;

private:
    friend class CountedConnection;
    void release(const core::net::IpNetwork& source);

    const ConnectionLimits m_limits;
    RelayCounters& m_counters;
    mutable std::mutex m_mutex;
    std::uint32_t m_held = 0;
    /// Only sources holding a connection: at most as many entries as connections.
    std::map<core::net::IpNetwork, std::uint32_t> m_bySource;
};

} // namespace ferry::relay
