#include "relay/node/tunnel_service.h"

#include "crypto/random.h"
#include "relay/node/tunnel_reservations.h"
#include "relay/relay_errc.h"

#include <algorithm>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <vector>

namespace ferry::relay {

namespace asio = boost::asio;
using asio::ip::tcp;
using core::Bytes;
using core::node::StreamId;

namespace {
// How long a client waits at the public port for the node to attach its connection.
constexpr std::chrono::seconds kAttachTimeout{10};
constexpr std::size_t kChunk = 16384;
// A ClientHello is one to two KB (more with post-quantum key shares); it must come at once.
constexpr std::chrono::seconds kHelloTimeout{10};
constexpr std::size_t kMaxHello = 16384;

std::int64_t dayOf(std::int64_t seconds) {
    return seconds / 86400;
}
} // namespace

struct TunnelService::Node {
    std::uint16_t port = 0;
    core::net::IpNetwork network; ///< where its control connection came from, last time
    std::weak_ptr<NodeConnection> control;
    std::shared_ptr<AcceptLoop> acceptor; ///< open while the node is connected
    std::uint64_t bytesToday = 0;
    std::int64_t day = 0;
    std::uint32_t streams = 0; ///< forwarding now, pending ones included
    std::int64_t lastSeen = 0;
    /// When its current control connection came; none while it is away (each connection's
    /// time is added to connectedFor once, however many close handlers run).
    std::optional<std::int64_t> connectedSince;
    std::int64_t connectedFor = 0; ///< seconds connected before that, in all
    /// Saves the reservations once the node has earned one while connected, so that a crash
    /// after that keeps it.
    std::shared_ptr<asio::steady_timer> earning;

    std::int64_t heldFor(std::int64_t now) const {
        return connectedFor + (connectedSince ? now - *connectedSince : 0);
    }
    /// Whether it has held its tunnel long enough to keep its port while away.
    bool earnedReservation(std::int64_t now, std::chrono::seconds after) const {
        return heldFor(now) >= after.count();
    }

    /// Starts a new day's traffic budget when the day has turned.
    void rollOver(std::int64_t today) {
        if (day != today) {
            day = today;
            bytesToday = 0;
        }
    }

    bool connected() const {
        auto c = control.lock();
        return c && !c->closed();
    }
};

struct TunnelService::Pending {
    Bytes identity;
    std::shared_ptr<tcp::socket> client;
    std::shared_ptr<CountedConnection> counted;
    Bytes hello;
    std::shared_ptr<asio::steady_timer> expiry;
};

/// A public connection until its ClientHello shows that it asks for smp/1. Runs on the
/// socket's strand; bounded in bytes (kMaxHello) and time (kHelloTimeout).
class TunnelService::HelloReader : public std::enable_shared_from_this<HelloReader> {
public:
    HelloReader(TunnelService& service, Bytes identity, tcp::socket client,
                CountedConnection counted)
        : m_service(service), m_identity(std::move(identity)), m_client(std::move(client)),
          m_counted(std::move(counted)), m_hello(service.m_helloContext, "smp/1"),
          m_deadline(m_client.get_executor()) {}

    void start() {
        m_deadline.expires_after(kHelloTimeout);
        m_deadline.async_wait([weak = weak_from_this()](auto ec) {
            if (auto self = weak.lock(); self && !ec) {
                boost::system::error_code ignored;
                self->m_client.close(ignored); // the pending read ends, and refuses
            }
        });
        read();
    }

private:
    void read() {
        m_chunk.resize(kChunk);
        m_client.async_read_some(asio::buffer(m_chunk), [self = shared_from_this()](auto ec,
                                                                                    std::size_t n) {
            if (ec)
                return self->refuse();
            const core::ByteView bytes(self->m_chunk.data(), n);
            self->m_bytes.insert(self->m_bytes.end(), bytes.begin(), bytes.end());
            switch (self->m_hello.feed(bytes)) {
            case ClientHelloAlpn::Verdict::Offers:
                self->m_deadline.cancel();
                self->m_service.clientArrived(self->m_identity, std::move(self->m_client),
                                              std::move(self->m_counted), std::move(self->m_bytes));
                return;
            case ClientHelloAlpn::Verdict::DoesNotOffer:
                return self->refuse();
            case ClientHelloAlpn::Verdict::NeedMore:
                if (self->m_bytes.size() >= kMaxHello)
                    return self->refuse();
                self->read();
            }
        });
    }

    void refuse() {
        m_deadline.cancel();
        boost::system::error_code ignored;
        m_client.close(ignored);
        m_service.clientRefused();
    }

    TunnelService& m_service;
    Bytes m_identity;
    tcp::socket m_client;
    CountedConnection m_counted;
    ClientHelloAlpn m_hello;
    asio::steady_timer m_deadline;
    Bytes m_chunk;
    Bytes m_bytes; ///< everything read: forwarded to the node before the rest
};

/// One client joined to the connection its node attached for it. Runs on the link's strand.
class TunnelService::Stream : public std::enable_shared_from_this<Stream> {
public:
    Stream(TunnelService& service, Pending pending, std::shared_ptr<NodeConnection> link)
        : m_service(service), m_identity(std::move(pending.identity)), m_link(std::move(link)),
          m_client(std::move(pending.client)), m_counted(std::move(pending.counted)),
          m_up(std::move(pending.hello)) {}

    void start() {
        asio::dispatch(m_link->strand(), [self = shared_from_this()] {
            // The client's hello first, as it arrived; then both ways.
            if (!self->m_service.charge(self->m_identity, self->m_up.size()))
                return self->end();
            self->m_link->tls().asyncWrite(self->m_up, [self](auto e) {
                if (e)
                    return self->end();
                self->m_up.resize(kChunk);
                self->fromClient();
            });
            self->fromNode();
        });
    }

private:
    void fromClient() {
        m_client->async_read_some(
            asio::buffer(m_up), asio::bind_executor(m_link->strand(), [self = shared_from_this()](
                                                                          auto ec, std::size_t n) {
                if (ec || self->m_ended || !self->m_service.charge(self->m_identity, n)) {
                    self->end();
                    return;
                }
                self->m_link->tls().asyncWrite(core::ByteView(self->m_up.data(), n),
                                               [self](auto e) {
                                                   if (e)
                                                       self->end();
                                                   else
                                                       self->fromClient();
                                               });
            }));
    }

    void fromNode() {
        m_link->tls().asyncReadSome(kChunk, [self = shared_from_this()](auto ec, Bytes bytes) {
            if (ec || self->m_ended || !self->m_service.charge(self->m_identity, bytes.size())) {
                self->end();
                return;
            }
            self->m_down = std::move(bytes);
            asio::async_write(
                *self->m_client, asio::buffer(self->m_down),
                asio::bind_executor(self->m_link->strand(), [self](auto e, std::size_t) {
                    if (e)
                        self->end();
                    else
                        self->fromNode();
                }));
        });
    }

    void end() {
        if (m_ended)
            return;
        m_ended = true;
        boost::system::error_code ignored;
        m_client->close(ignored);
        m_link->close();
        m_service.streamEnded(m_identity);
    }

    TunnelService& m_service;
    Bytes m_identity;
    std::shared_ptr<NodeConnection> m_link;
    std::shared_ptr<tcp::socket> m_client;
    std::shared_ptr<CountedConnection> m_counted; ///< the client's place, until it ends
    Bytes m_up;
    Bytes m_down;
    bool m_ended = false;
};

TunnelService::TunnelService(asio::io_context& io, TunnelLimits limits, ConnectionBudget& budget,
                             const core::Clock& clock)
    : m_io(io), m_limits(std::move(limits)), m_budget(budget),
      m_helloContext(ClientHelloAlpn::makeContext()), m_clock(clock) {
    loadReservations();
}

void TunnelService::loadReservations() {
    if (m_limits.reservationsFile.empty())
        return;
    const std::int64_t now = m_clock.nowSeconds();
    for (auto& r : loadTunnelReservations(m_limits.reservationsFile)) {
        // A port outside today's range, or a reservation that ran out, is let go.
        if (r.port < m_limits.firstPort || r.port > m_limits.lastPort ||
            now - r.lastSeen > m_limits.reservation.count())
            continue;
        Node node;
        node.port = r.port;
        node.network = r.network;
        node.lastSeen = r.lastSeen;
        node.day = r.day;
        node.bytesToday = r.bytesToday;
        node.connectedFor = m_limits.reserveAfter.count(); // only earned ones are saved
        m_nodes.emplace(std::move(r.identity), std::move(node));
    }
}

void TunnelService::saveReservations() {
    if (m_limits.reservationsFile.empty())
        return;
    std::vector<TunnelReservation> list;
    std::uint64_t generation = 0;
    {
        std::lock_guard lock(m_mutex);
        const std::int64_t now = m_clock.nowSeconds();
        for (const auto& [identity, node] : m_nodes)
            if (node.earnedReservation(now, m_limits.reserveAfter))
                list.push_back({identity, node.port, node.network,
                                node.connected() ? now : node.lastSeen, node.day, node.bytesToday});
        generation = ++m_reservationsTaken;
    }
    // Written outside m_mutex, which every forwarded chunk takes: an fsync must not stall
    // the tunnels. Of two lists taken one after the other, the older is never written last.
    std::lock_guard saving(m_savingReservations);
    if (generation < m_reservationsWritten)
        return;
    m_reservationsWritten = generation;
    // Not saving costs only the reservations' survival of a restart, never a connection.
    (void)saveTunnelReservations(m_limits.reservationsFile, list);
}

TunnelService::~TunnelService() {
    stop();
}

core::Result<std::uint16_t>
TunnelService::registerNode(const Bytes& identity, std::uint16_t wantedPort,
                            const std::shared_ptr<NodeConnection>& control) {
    const core::net::IpNetwork network = core::net::enclosingNetwork(control->peerIp(), 24, 48);
    std::shared_ptr<NodeConnection> replaced;
    std::uint16_t port = 0;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopped)
            return core::makeError(RelayErrc::Refused, "the relay is stopping");
        if (!m_limits.allowNodes.empty() &&
            std::find(m_limits.allowNodes.begin(), m_limits.allowNodes.end(), identity) ==
                m_limits.allowNodes.end())
            return core::makeError(RelayErrc::Refused,
                                   "this relay tunnels only for the nodes its operator lists");
        const std::int64_t now = m_clock.nowSeconds();
        forgetExpiredReservations(now);
        auto it = m_nodes.find(identity);
        bool known = it != m_nodes.end();
        if (!known || !it->second.connected()) {
            // Seats: the nodes connected now and those away that earned their port back. A
            // node returning to its reservation has its seat already; anyone else needs a
            // free one, so identities made up to hold connections cannot lock out known
            // nodes coming back.
            const bool hasSeat = known && it->second.earnedReservation(now, m_limits.reserveAfter);
            std::uint32_t taken = 0;
            for (const auto& [id, node] : m_nodes)
                taken += node.connected() ||
                                 (!hasSeat && node.earnedReservation(now, m_limits.reserveAfter))
                             ? 1
                             : 0;
            if (taken >= m_limits.maxNodes)
                return core::makeError(RelayErrc::Refused, "this relay already tunnels for as many "
                                                           "nodes as it allows (" +
                                                               std::to_string(m_limits.maxNodes) +
                                                               ")");
        }
        if (known) {
            // The same node again (it reconnected, perhaps before the old connection was
            // noticed gone): the new connection takes over, and the port stays its own.
            replaced = it->second.control.lock();
            if (!it->second.acceptor) {
                if (auto reopened = open(it->second.port)) {
                    it->second.acceptor = *reopened;
                    accept(identity, it->second.acceptor);
                } else {
                    m_unusable.insert(it->second.port);
                    m_nodes.erase(it); // something else took the port: choose another
                    known = false;
                }
            }
        }
        if (known) {
            if (!it->second.connectedSince)
                it->second.connectedSince = now;
            it->second.control = control;
            it->second.network = network;
            it->second.lastSeen = now;
            port = it->second.port;
        } else {
            auto chosen = registerNewcomer(identity, wantedPort, network, control);
            if (!chosen)
                return chosen.error();
            port = *chosen;
        }
        watchEarning(identity, now);
    }
    if (replaced && replaced != control)
        replaced->close();
    saveReservations();
    control->onClosed([this, identity, raw = control.get()] { controlClosed(identity, raw); });
    return port;
}

core::Result<std::uint16_t>
TunnelService::registerNewcomer(const Bytes& identity, std::uint16_t wantedPort,
                                const core::net::IpNetwork& network,
                                const std::shared_ptr<NodeConnection>& control) {
    Node node;
    node.network = network;
    node.control = control;
    node.lastSeen = m_clock.nowSeconds();
    node.connectedSince = node.lastSeen;
    node.day = dayOf(node.lastSeen);
    // A network at its share gets a port only from its own node away longest, whose day's
    // traffic count comes along: a fresh identity is no fresh budget.
    std::uint32_t held = 0;
    auto away = m_nodes.end();
    for (auto it = m_nodes.begin(); it != m_nodes.end(); ++it) {
        if (!(it->second.network == network))
            continue;
        ++held;
        if (!it->second.connected() &&
            (away == m_nodes.end() || it->second.lastSeen < away->second.lastSeen))
            away = it;
    }
    std::optional<std::uint16_t> port;
    if (held >= m_limits.nodesPerNetwork) {
        if (away == m_nodes.end())
            return core::makeError(RelayErrc::Refused,
                                   "this relay already tunnels for " +
                                       std::to_string(m_limits.nodesPerNetwork) +
                                       " nodes from your network");
        port = away->second.port;
        node.day = away->second.day;
        node.bytesToday = away->second.bytesToday;
        m_nodes.erase(away);
    } else {
        port = freePort(wantedPort, node.lastSeen);
    }
    // Ports something else on this machine holds are skipped: a few attempts.
    for (int attempt = 0; attempt < 8 && port; ++attempt) {
        auto acceptor = open(*port);
        if (acceptor) {
            // A node away that never earned its reservation leaves the port to this one;
            // from the same network, its day's traffic count comes along.
            std::erase_if(m_nodes, [&](const auto& entry) {
                const Node& other = entry.second;
                if (entry.first == identity || other.port != *port)
                    return false;
                if (other.network == network) {
                    node.day = other.day;
                    node.bytesToday = other.bytesToday;
                }
                return true;
            });
            node.port = *port;
            node.acceptor = *acceptor;
            m_nodes[identity] = node;
            accept(identity, node.acceptor);
            return *port;
        }
        m_unusable.insert(*port);
        port = freePort(0, node.lastSeen);
    }
    return core::makeError(RelayErrc::Refused,
                           "every tunnel port of this relay is in use or reserved for a node");
}

void TunnelService::watchEarning(const Bytes& identity, std::int64_t now) {
    auto it = m_nodes.find(identity);
    if (it == m_nodes.end() || it->second.earning)
        return;
    const std::int64_t left = m_limits.reserveAfter.count() - it->second.heldFor(now);
    if (left <= 0)
        return;
    it->second.earning = std::make_shared<asio::steady_timer>(m_io, std::chrono::seconds(left));
    // Cancelled when the node goes away and at stop(); the handler then touches nothing.
    it->second.earning->async_wait([this](const boost::system::error_code& ec) {
        if (!ec)
            saveReservations();
    });
}

std::optional<std::uint16_t> TunnelService::freePort(std::uint16_t wanted, std::int64_t now) const {
    auto taken = [&](std::uint16_t port) {
        if (m_unusable.contains(port))
            return true;
        for (const auto& [id, node] : m_nodes)
            if (node.port == port &&
                (node.connected() || node.earnedReservation(now, m_limits.reserveAfter)))
                return true;
        return false;
    };
    if (wanted >= m_limits.firstPort && wanted <= m_limits.lastPort && !taken(wanted))
        return wanted;
    for (std::uint32_t port = m_limits.firstPort; port <= m_limits.lastPort; ++port)
        if (!taken(static_cast<std::uint16_t>(port)))
            return static_cast<std::uint16_t>(port);
    return std::nullopt;
}

void TunnelService::forgetExpiredReservations(std::int64_t now) {
    std::erase_if(m_nodes, [&](const auto& entry) {
        const Node& node = entry.second;
        return !node.connected() && now - node.lastSeen > m_limits.reservation.count();
    });
}

core::Result<std::shared_ptr<AcceptLoop>> TunnelService::open(std::uint16_t port) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(m_limits.listenAddress, ec);
    if (ec)
        return core::makeError(RelayErrc::Config, "bad listen address");
    return AcceptLoop::listen(m_io, address, port);
}

void TunnelService::accept(const Bytes& identity, const std::shared_ptr<AcceptLoop>& port) {
    port->start(
        [this, identity](tcp::socket client, CountedConnection counted) {
            std::make_shared<HelloReader>(*this, identity, std::move(client), std::move(counted))
                ->start();
        },
        &m_budget);
}

void TunnelService::clientRefused() {
    std::lock_guard lock(m_mutex);
    ++m_clientsRefused;
}

void TunnelService::clientArrived(const Bytes& identity, tcp::socket client,
                                  CountedConnection counted, Bytes hello) {
    std::shared_ptr<NodeConnection> control;
    StreamId id{};
    {
        std::lock_guard lock(m_mutex);
        auto it = m_nodes.find(identity);
        if (m_stopped || it == m_nodes.end())
            return;
        Node& node = it->second;
        control = node.control.lock();
        node.rollOver(dayOf(m_clock.nowSeconds()));
        if (!control || control->closed() || node.streams >= m_limits.maxStreamsPerNode ||
            node.bytesToday >= m_limits.bytesPerNodePerDay)
            return; // the client's socket closes as it goes out of scope
        ++node.streams;
        core::crypto::randomFill(id);
        Pending pending{identity, std::make_shared<tcp::socket>(std::move(client)),
                        std::make_shared<CountedConnection>(std::move(counted)), std::move(hello),
                        std::make_shared<asio::steady_timer>(m_io, kAttachTimeout)};
        pending.expiry->async_wait([this, id](auto ec) {
            if (ec)
                return;
            Bytes identity;
            {
                std::lock_guard lock(m_mutex);
                auto it = m_pending.find(id);
                if (it == m_pending.end())
                    return;
                identity = it->second.identity;
                m_pending.erase(it); // closes the client: its node never attached
            }
            streamEnded(identity);
        });
        m_pending.emplace(id, std::move(pending));
    }
    control->send(core::node::msg::StreamOpen{id});
}

void TunnelService::attach(const StreamId& id, const std::shared_ptr<NodeConnection>& link) {
    Pending pending;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_pending.find(id);
        if (m_stopped || it == m_pending.end()) {
            link->close();
            return;
        }
        pending = std::move(it->second);
        m_pending.erase(it);
        ++m_streamsForwarded;
    }
    pending.expiry->cancel();
    std::make_shared<Stream>(*this, std::move(pending), link)->start();
}

bool TunnelService::charge(const Bytes& identity, std::size_t bytes) {
    std::lock_guard lock(m_mutex);
    m_bytesForwarded += bytes;
    auto it = m_nodes.find(identity);
    if (it == m_nodes.end())
        return false;
    Node& node = it->second;
    node.rollOver(dayOf(m_clock.nowSeconds()));
    node.bytesToday += bytes;
    return node.bytesToday <= m_limits.bytesPerNodePerDay;
}

void TunnelService::streamEnded(const Bytes& identity) {
    std::lock_guard lock(m_mutex);
    if (auto it = m_nodes.find(identity); it != m_nodes.end() && it->second.streams > 0)
        --it->second.streams;
}

void TunnelService::controlClosed(const Bytes& identity, const NodeConnection* control) {
    {
        std::lock_guard lock(m_mutex);
        auto it = m_nodes.find(identity);
        if (it == m_nodes.end())
            return;
        Node& node = it->second;
        auto current = node.control.lock();
        if (current && current.get() != control)
            return; // a newer connection of the same node took over
        node.control.reset();
        node.lastSeen = m_clock.nowSeconds();
        if (node.connectedSince)
            node.connectedFor += node.lastSeen - *std::exchange(node.connectedSince, std::nullopt);
        if (node.earning)
            std::exchange(node.earning, nullptr)->cancel();
        // Nobody to forward to: the port closes, but stays reserved for this node.
        if (node.acceptor) {
            node.acceptor->close();
            node.acceptor.reset();
        }
    }
    saveReservations();
}

void TunnelService::stop() {
    std::vector<std::shared_ptr<NodeConnection>> controls;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopped)
            return;
        m_stopped = true;
        for (auto& [id, node] : m_nodes) {
            if (node.acceptor)
                node.acceptor->close();
            if (node.earning)
                node.earning->cancel();
            if (auto c = node.control.lock())
                controls.push_back(c);
        }
        for (auto& [id, pending] : m_pending)
            pending.expiry->cancel();
        m_pending.clear();
    }
    saveReservations();
    for (auto& c : controls)
        c->close();
}

TunnelService::Stats TunnelService::stats() const {
    std::lock_guard lock(m_mutex);
    Stats s;
    for (const auto& [id, node] : m_nodes)
        s.nodesConnected += node.connected() ? 1 : 0;
    s.streamsForwarded = m_streamsForwarded;
    s.bytesForwarded = m_bytesForwarded;
    s.clientsRefused = m_clientsRefused;
    return s;
}

} // namespace ferry::relay
