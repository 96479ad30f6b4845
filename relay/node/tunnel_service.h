#pragma once

#include "node/node_wire.h"
#include "relay/node/client_hello_alpn.h"
#include "relay/node/node_connection.h"
#include "relay/server/accept_loop.h"
#include "util/bytes.h"
#include "util/clock.h"
#include "util/result.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ferry::relay {

/// Limits of a relay's tunnel service (relay.ini: tunnel_ports and friends).
struct TunnelLimits {
    std::string listenAddress = "0.0.0.0";
    std::string publicHost; ///< what nodes publish: smp://<node>@publicHost:<port>
    std::uint16_t firstPort = 0;
    std::uint16_t lastPort = 0;
    std::uint32_t maxNodes = 50;
    std::uint64_t bytesPerNodePerDay = 10ull << 30; ///< both directions together
    std::uint32_t maxStreamsPerNode = 256;
    /// Ports held, connected or reserved, by nodes whose control connection comes from one
    /// IPv4 /24 or IPv6 /48: throwaway identities from one place cannot fill the range.
    std::uint32_t nodesPerNetwork = 2;
    /// How long a node that went away keeps its port: no newcomer gets it meanwhile.
    std::chrono::seconds reservation = std::chrono::hours(24 * 30);
    /// A node keeps its port when away only once it has held its tunnel this long in all:
    /// identities made up to take ports and leave earn nothing, and their ports go to the
    /// next newcomer from anywhere.
    std::chrono::seconds reserveAfter = std::chrono::hours(1);
    /// Only these node identities get a tunnel; empty: any node that proves its identity.
    std::vector<core::Bytes> allowNodes;
    /// Where ports and reservations outlive a restart (relay/node/tunnel_reservations.h);
    /// empty: in memory only.
    std::filesystem::path reservationsFile;
};

/// The reverse-tunnel server of a core relay: gives each authenticated node a public port
/// from its range, and for every client arriving there asks the node (over its control
/// connection) for a connection, then joins the two byte for byte. The node's TLS runs end to
/// end through it; it never sees plaintext. A node keeps its port while it reconnects (the
/// port stays reserved for it until another node needs one and the range is full).
class TunnelService {
public:
    TunnelService(boost::asio::io_context& io, TunnelLimits limits, ConnectionBudget& budget,
                  const core::Clock& clock);
    ~TunnelService();

    /// A node proved it is `identity` on `control`: its public port, or why not.
    core::Result<std::uint16_t> registerNode(const core::Bytes& identity, std::uint16_t wantedPort,
                                             const std::shared_ptr<NodeConnection>& control);
    /// The node's connection for stream `id` arrived.
    void attach(const core::node::StreamId& id, const std::shared_ptr<NodeConnection>& link);
    /// Closes every port and pending client (the relay stops).
    void stop();

    struct Stats {
        std::uint32_t nodesConnected = 0;
        std::uint64_t streamsForwarded = 0;
        std::uint64_t bytesForwarded = 0;
        /// Public connections closed because they were not TLS asking for smp/1 in time.
        std::uint64_t clientsRefused = 0;
    };
    Stats stats() const;

private:
    struct Node;
    struct Pending;
    class Stream;
    class HelloReader;

    void controlClosed(const core::Bytes& identity, const NodeConnection* control);
    void accept(const core::Bytes& identity, const std::shared_ptr<AcceptLoop>& port);
    /// A public connection asked for smp/1: its node is asked to attach a connection for it.
    /// `hello` (the bytes read so far) goes to the node first.
    void clientArrived(const core::Bytes& identity, boost::asio::ip::tcp::socket client,
                       CountedConnection counted, core::Bytes hello);
    void clientRefused();
    /// Charges forwarded bytes to the node; false once its daily budget is spent.
    bool charge(const core::Bytes& identity, std::size_t bytes);
    void streamEnded(const core::Bytes& identity);
    /// A port for a node not known yet (or whose port was taken by something else), from
    /// `network`: a free one, or the one its own network's node away longest gives up.
    core::Result<std::uint16_t> registerNewcomer(const core::Bytes& identity,
                                                 std::uint16_t wantedPort,
                                                 const core::net::IpNetwork& network,
                                                 const std::shared_ptr<NodeConnection>& control);
    /// Saves the reservations when the node (connected now) will have earned its own; under
    /// m_mutex.
    void watchEarning(const core::Bytes& identity, std::int64_t now);
    /// A port no node holds or has reserved: `wanted` if it is, else the first.
    std::optional<std::uint16_t> freePort(std::uint16_t wanted, std::int64_t now) const;
    void forgetExpiredReservations(std::int64_t now);
    /// Reloads the reservations a previous run saved.
    void loadReservations();
    /// Saves every node's port, network, last sighting and day budget; connected nodes as
    /// seen now. Takes m_mutex only to copy the list.
    void saveReservations();
    core::Result<std::shared_ptr<AcceptLoop>> open(std::uint16_t port);

    boost::asio::io_context& m_io;
    TunnelLimits m_limits;
    ConnectionBudget& m_budget;
    std::shared_ptr<SSL_CTX> m_helloContext; ///< for reading public connections' hellos
    const core::Clock& m_clock;
    mutable std::mutex m_mutex;
    std::map<core::Bytes, Node> m_nodes;
    std::map<core::node::StreamId, Pending> m_pending;
    std::set<std::uint16_t> m_unusable; ///< ports something else on this machine holds
    bool m_stopped = false;
    std::uint64_t m_streamsForwarded = 0;
    std::uint64_t m_bytesForwarded = 0;
    std::uint64_t m_clientsRefused = 0;
    std::mutex m_savingReservations;         ///< one reservations file write at a time
    std::uint64_t m_reservationsTaken = 0;   ///< lists copied (under m_mutex)
    std::uint64_t m_reservationsWritten = 0; ///< newest list written (under m_savingReservations)
};

} // namespace ferry::relay
