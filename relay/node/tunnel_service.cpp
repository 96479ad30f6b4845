#include "relay/node/tunnel_service.h"

#include "crypto/random.h"
#include "relay/relay_errc.h"

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

std::int64_t dayOf(std::int64_t seconds) {
    return seconds / 86400;
}
} // namespace

struct TunnelService::Node {
    std::uint16_t port = 0;
    std::weak_ptr<NodeConnection> control;
    std::shared_ptr<tcp::acceptor> acceptor; ///< open while the node is connected
    std::uint64_t bytesToday = 0;
    std::int64_t day = 0;
    std::uint32_t streams = 0; ///< forwarding now, pending ones included
    std::int64_t lastSeen = 0;

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
    std::shared_ptr<asio::steady_timer> expiry;
};

/// One client joined to the connection its node attached for it. Runs on the link's strand.
class TunnelService::Stream : public std::enable_shared_from_this<Stream> {
public:
    Stream(TunnelService& service, Bytes identity, std::shared_ptr<NodeConnection> link,
           std::shared_ptr<tcp::socket> client)
        : m_service(service), m_identity(std::move(identity)), m_link(std::move(link)),
          m_client(std::move(client)), m_up(kChunk) {}

    void start() {
        asio::dispatch(m_link->strand(), [self = shared_from_this()] {
            self->fromClient();
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
    Bytes m_up;
    Bytes m_down;
    bool m_ended = false;
};

TunnelService::TunnelService(asio::io_context& io, TunnelLimits limits, const core::Clock& clock)
    : m_io(io), m_limits(std::move(limits)), m_clock(clock) {}

TunnelService::~TunnelService() {
    stop();
}

core::Result<std::uint16_t>
TunnelService::registerNode(const Bytes& identity, std::uint16_t wantedPort,
                            const std::shared_ptr<NodeConnection>& control) {
    std::shared_ptr<NodeConnection> replaced;
    std::uint16_t port = 0;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopped)
            return core::makeError(RelayErrc::Refused, "the relay is stopping");
        auto it = m_nodes.find(identity);
        bool known = it != m_nodes.end();
        if (!known || !it->second.connected()) {
            std::uint32_t connected = 0;
            for (const auto& [id, node] : m_nodes)
                connected += node.connected() ? 1 : 0;
            if (connected >= m_limits.maxNodes)
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
                    m_nodes.erase(it); // something else took the port: choose another
                    known = false;
                }
            }
        }
        if (known) {
            it->second.control = control;
            it->second.lastSeen = m_clock.nowSeconds();
            port = it->second.port;
        } else {
            auto chosen = registerNodeLocked(identity, wantedPort, control);
            if (!chosen)
                return chosen.error();
            port = *chosen;
        }
    }
    if (replaced && replaced != control)
        replaced->close();
    control->onClosed([this, identity, raw = control.get()] { controlClosed(identity, raw); });
    return port;
}

core::Result<std::uint16_t>
TunnelService::registerNodeLocked(const Bytes& identity, std::uint16_t wantedPort,
                                  const std::shared_ptr<NodeConnection>& control) {
    // Ports in use by something else on this machine are skipped: a few attempts.
    for (int attempt = 0; attempt < 8; ++attempt) {
        auto port = choosePort(identity, wantedPort);
        if (!port)
            return port.error();
        auto acceptor = open(*port);
        if (!acceptor) {
            m_unusable.insert(*port);
            continue;
        }
        Node node;
        node.port = *port;
        node.control = control;
        node.acceptor = *acceptor;
        node.day = dayOf(m_clock.nowSeconds());
        node.lastSeen = m_clock.nowSeconds();
        m_nodes[identity] = node;
        accept(identity, node.acceptor);
        return *port;
    }
    return core::makeError(RelayErrc::Refused, "no free port for a tunnel on this relay");
}

core::Result<std::uint16_t> TunnelService::choosePort(const Bytes& identity, std::uint16_t wanted) {
    auto reservedByOther = [&](std::uint16_t port) {
        if (m_unusable.contains(port))
            return true;
        for (const auto& [id, node] : m_nodes)
            if (node.port == port && id != identity)
                return true;
        return false;
    };
    if (wanted >= m_limits.firstPort && wanted <= m_limits.lastPort && !reservedByOther(wanted))
        return wanted;
    for (std::uint32_t port = m_limits.firstPort; port <= m_limits.lastPort; ++port)
        if (!reservedByOther(static_cast<std::uint16_t>(port)))
            return static_cast<std::uint16_t>(port);
    // Full: the port of the node gone longest is given to the new one.
    auto oldest = m_nodes.end();
    for (auto it = m_nodes.begin(); it != m_nodes.end(); ++it)
        if (!it->second.connected() &&
            (oldest == m_nodes.end() || it->second.lastSeen < oldest->second.lastSeen))
            oldest = it;
    if (oldest == m_nodes.end())
        return core::makeError(RelayErrc::Refused, "every tunnel port of this relay is in use");
    const std::uint16_t port = oldest->second.port;
    m_nodes.erase(oldest);
    return port;
}

core::Result<std::shared_ptr<tcp::acceptor>> TunnelService::open(std::uint16_t port) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(m_limits.listenAddress, ec);
    if (ec)
        return core::makeError(RelayErrc::Config, "bad listen address");
    auto acceptor = std::make_shared<tcp::acceptor>(asio::make_strand(m_io));
    const tcp::endpoint endpoint(address, port);
    acceptor->open(endpoint.protocol(), ec);
    if (!ec)
        acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        acceptor->bind(endpoint, ec);
    if (!ec)
        acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return core::makeError(RelayErrc::Listen, "cannot listen on port " + std::to_string(port) +
                                                      ": " + ec.message());
    return acceptor;
}

void TunnelService::accept(const Bytes& identity, std::shared_ptr<tcp::acceptor> port) {
    port->async_accept([this, identity, port](auto ec, tcp::socket client) {
        if (ec || !port->is_open())
            return;
        clientArrived(identity, std::move(client));
        accept(identity, port);
    });
}

void TunnelService::clientArrived(const Bytes& identity, tcp::socket client) {
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
    std::make_shared<Stream>(*this, pending.identity, link, pending.client)->start();
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
    // Nobody to forward to: the port closes, but stays reserved for this node.
    if (node.acceptor) {
        boost::system::error_code ignored;
        node.acceptor->close(ignored);
        node.acceptor.reset();
    }
}

void TunnelService::stop() {
    std::vector<std::shared_ptr<NodeConnection>> controls;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopped)
            return;
        m_stopped = true;
        for (auto& [id, node] : m_nodes) {
            boost::system::error_code ignored;
            if (node.acceptor)
                node.acceptor->close(ignored);
            if (auto c = node.control.lock())
                controls.push_back(c);
        }
        for (auto& [id, pending] : m_pending)
            pending.expiry->cancel();
        m_pending.clear();
    }
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
    return s;
}

} // namespace ferry::relay
