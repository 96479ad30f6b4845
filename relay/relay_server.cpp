#include "relay/relay_server.h"

#include "node/node_wire.h"
#include "relay/node/node_service.h"
#include "relay/proxy/smp_proxy.h"
#include "relay/relay_errc.h"
#include "relay/server/accept_loop.h"
#include "relay/server/bandwidth_limiter.h"
#include "relay/server/port_connection.h"
#include "relay/server/service_map.h"
#include "relay/server/smp_service.h"
#include "relay/server/subscription_registry.h"
#include "relay/server/tls_server_context.h"
#include "relay/status/status_service.h"
#include "relay/store/relay_store.h"
#include "util/try.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mutex>
#include <thread>
#include <vector>

namespace ferry::relay {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
// Expired messages are also dropped when read, so this only bounds what they hold on disk.
constexpr std::chrono::minutes kExpiryInterval{10};

std::unique_ptr<SmpProxy> makeProxy(const RelayConfig& config,
                                    std::shared_ptr<const core::net::DialPolicy> dialPolicy,
                                    RelayCounters& counters) {
    if (!config.proxy)
        return nullptr;
    SmpProxyLimits limits;
    limits.maxRelays = config.proxyMaxRelays;
    limits.connectTimeout = config.proxyConnectTimeout;
    limits.dialPolicy = std::move(dialPolicy);
    return std::make_unique<SmpProxy>(limits, counters);
}
} // namespace

class RelayServer::Impl {
public:
    Impl(RelayConfig config, RelayIdentity identity, const core::Clock& clock,
         std::unique_ptr<RelayStore> store, std::unique_ptr<ServiceMap> services,
         std::unique_ptr<asio::ssl::context> tls)
        : m_config(std::move(config)), m_identity(std::move(identity)), m_clock(clock),
          m_store(std::move(store)), m_services(std::move(services)), m_tls(std::move(tls)),
          m_receivingQueues(clock), m_bandwidth(m_config.bandwidthBytesPerSecond),
          m_budget(ConnectionLimits{m_config.maxConnections, m_config.maxConnectionsPerAddress},
                   m_counters),
          m_dialPolicy(std::make_shared<core::net::DialPolicy>(m_config.checkAllowNetworks)),
          m_proxy(makeProxy(m_config, m_dialPolicy, m_counters)),
          m_smp(ConnectionEnvironment{SessionEnvironment{*m_store, m_registry, m_counters, m_config,
                                                         m_clock, m_receivingQueues,
                                                         m_acceptingNewQueues, m_proxy.get()},
                                      m_identity, m_bandwidth}),
          m_startedAt(clock.nowSeconds()) {}

    ~Impl() { stop(); }

    core::Result<void> start() {
        std::lock_guard lock(m_lifecycle);
        if (m_running)
            return {};
        m_io = std::make_unique<asio::io_context>();
        boost::system::error_code ec;
        auto address = asio::ip::make_address(m_config.listenAddress, ec);
        if (ec)
            return core::makeError(RelayErrc::Config, "listen address '" + m_config.listenAddress +
                                                          "' is not an IP address");
        auto listening = AcceptLoop::listen(*m_io, address, m_config.port);
        if (!listening)
            return listening.error();
        m_acceptor = std::move(listening).value();
        m_port = m_acceptor->port();
        if (m_config.statusPort != 0) {
            m_status = std::make_unique<StatusService>(*m_io, m_config.statusPort,
                                                       [this] { return stats(); });
            if (auto started = m_status->start(); !started) {
                m_status.reset();
                m_acceptor.reset(); // never started: nothing else holds it
                return started.error();
            }
        }
        m_nodeService =
            std::make_unique<NodeService>(*m_io, nodeServiceOptions(), m_budget, m_clock);
        if (auto registered = registerServices(); !registered) {
            m_services->clear();
            m_nodeService.reset();
            m_status.reset();
            m_acceptor.reset(); // never started: nothing else holds it
            return registered.error();
        }
        if (m_proxy)
            m_proxy->reopen();
        m_startedAt = m_clock.nowSeconds();
        m_expiryTimer = std::make_unique<asio::steady_timer>(*m_io);
        accept();
        scheduleExpiry();
        const unsigned threads = std::max(2u, std::thread::hardware_concurrency());
        for (unsigned i = 0; i < threads; ++i)
            m_threads.emplace_back([this] { m_io->run(); });
        m_running = true;
        return {};
    }

    void stop() {
        std::lock_guard lock(m_lifecycle);
        if (!m_running)
            return;
        m_acceptor->close();
        // First: the proxy's answers would be posted to the sessions going away below.
        if (m_proxy)
            m_proxy->closeAll();
        asio::post(*m_io, [this] {
            m_expiryTimer->cancel();
            if (m_status)
                m_status->stop();
            m_nodeService->stop();
        });
        m_smp.stopAll();
        // Let the closes run, then end the loop even if some handler is still queued.
        m_io->stop();
        for (auto& thread : m_threads)
            thread.join();
        m_threads.clear();
        m_status.reset();
        m_expiryTimer.reset();
        m_acceptor.reset();
        // The store's commit thread may still be handing answers to connections: let it
        // finish before the io_context (and the timers the connections hold) goes away.
        (void)m_store->flush();
        m_services->clear();
        // The node service's ports and timers go while their io_context still exists; the
        // handlers that still point at it are destroyed with the io_context, never run.
        m_nodeService.reset();
        m_io.reset(); // destroys remaining connections and their sockets
        m_running = false;
    }

    bool running() const {
        std::lock_guard lock(m_lifecycle);
        return m_running;
    }

    std::uint16_t port() const { return m_port; }
    const RelayIdentity& identity() const { return m_identity; }

    std::string address() const {
        RelayConfig shown = m_config;
        if (m_port != 0)
            shown.port = m_port;
        return relayAddress(shown, m_identity);
    }

    RelayStatsSnapshot stats() const {
        const RelayCounters& c = m_counters;
        RelayStatsSnapshot s;
        s.startedAt = m_startedAt;
        s.uptimeSeconds = m_running ? m_clock.nowSeconds() - m_startedAt : 0;
        s.connectionsNow = RelayCounters::read(c.connectionsNow);
        s.connectionsTotal = RelayCounters::read(c.connectionsTotal);
        s.connectionsRefused = RelayCounters::read(c.connectionsRefused);
        s.acceptErrors = RelayCounters::read(c.acceptErrors);
        s.handshakeFailures = RelayCounters::read(c.handshakeFailures);
        s.bytesIn = RelayCounters::read(c.bytesIn);
        s.bytesOut = RelayCounters::read(c.bytesOut);
        s.transmissionsIn = RelayCounters::read(c.transmissionsIn);
        s.transmissionsOut = RelayCounters::read(c.transmissionsOut);
        s.queuesCreated = RelayCounters::read(c.queuesCreated);
        s.queuesSecured = RelayCounters::read(c.queuesSecured);
        s.queuesDeleted = RelayCounters::read(c.queuesDeleted);
        s.messagesSent = RelayCounters::read(c.messagesSent);
        s.messagesDelivered = RelayCounters::read(c.messagesDelivered);
        s.messagesExpired = RelayCounters::read(c.messagesExpired);
        s.authFailures = RelayCounters::read(c.authFailures);
        s.forwardedCommands = RelayCounters::read(c.forwardedCommands);
        s.proxySessions = RelayCounters::read(c.proxySessions);
        s.proxiedForwards = RelayCounters::read(c.proxiedForwards);
        s.proxyErrors = RelayCounters::read(c.proxyErrors);
        s.queuesReceivingLast24h = m_receivingQueues.count();
        s.throttledWaits = RelayCounters::read(c.throttledWaits);
        s.throttledMicroseconds = RelayCounters::read(c.throttledMicroseconds);
        s.stalledWritersDropped = RelayCounters::read(c.stalledWritersDropped);
        s.connectionOutputPeak = RelayCounters::read(c.connectionOutputPeak);
        const StoreTotals totals = m_store->totals();
        s.queuesActive = totals.queues;
        s.messagesStored = totals.messages;
        s.storageBytes = totals.storageBytes;
        return s;
    }

    std::uint64_t expireMessagesNow() {
        const std::uint64_t expired = m_store->expireMessages();
        RelayCounters::bump(m_counters.messagesExpired, expired);
        return expired;
    }

    void setAcceptingNewQueues(bool accepting) { m_acceptingNewQueues.store(accepting); }
    bool acceptingNewQueues() const { return m_acceptingNewQueues.load(); }

    void setBandwidthLimit(std::uint64_t bytesPerSecond) {
        m_bandwidth.setRate(bytesPerSecond);
        // Wake what the old limit holds back: a raised limit helps at once, and a lowered one
        // still holds, since the bytes stay charged and the next ones pay at the new rate.
        // Under the lifecycle lock so no connection outlives a stop() through this loop.
        std::lock_guard lifecycle(m_lifecycle);
        if (!m_running)
            return;
        m_smp.bandwidthChanged();
    }
    std::uint64_t bandwidthLimit() const { return m_bandwidth.rate(); }

private:
    void accept() {
        m_acceptor->start(
            [this](tcp::socket socket, CountedConnection counted) {
                // TLS first; the ALPN name it negotiates picks the service (registerServices).
                std::make_shared<PortConnection>(
                    std::move(socket), std::move(counted),
                    PortConnection::Environment{*m_tls, *m_services, m_counters,
                                                m_config.handshakeTimeout})
                    ->start();
            },
            &m_budget);
    }

    // The relay port's services by ALPN name, in the order the relay prefers them. SMP comes
    // first (a client offering smp/1 and another name speaks SMP) and takes connections that
    // negotiate no name, as SMP v6; Ferry's node service (docs/protocol.md) has its own name.
    core::Result<void> registerServices() {
        m_services->clear();
        FERRY_CHECK(m_services->add(kSmpAlpn, m_smp));
        m_services->setFallback(m_smp);
        FERRY_CHECK(m_services->add(core::node::kNodeServiceAlpn, *m_nodeService));
        return {};
    }

    NodeServiceOptions nodeServiceOptions() const {
        NodeServiceOptions options;
        options.checks = m_config.nodeChecks;
        options.checkLimits.timeout = m_config.checkTimeout;
        options.checkPolicy = m_dialPolicy;
        options.writeStallTimeout = m_config.writeStallTimeout;
        if (m_config.tunnelFirstPort != 0) {
            TunnelLimits limits;
            limits.listenAddress = m_config.listenAddress;
            limits.publicHost = m_config.host;
            limits.firstPort = m_config.tunnelFirstPort;
            limits.lastPort = m_config.tunnelLastPort;
            limits.maxNodes = m_config.tunnelMaxNodes;
            limits.bytesPerNodePerDay = m_config.tunnelBytesPerNodePerDay;
            limits.nodesPerNetwork = m_config.tunnelNodesPerNetwork;
            limits.reservation = m_config.tunnelReservation;
            limits.reserveAfter = m_config.tunnelReserveAfter;
            limits.allowNodes = m_config.tunnelAllowNodes;
            limits.reservationsFile = m_config.dataDir / files::kTunnelReservations;
            options.tunnel = limits;
        }
        return options;
    }

    void scheduleExpiry() {
        m_expiryTimer->expires_after(kExpiryInterval);
        m_expiryTimer->async_wait([this](auto ec) {
            if (ec)
                return;
            expireMessagesNow();
            scheduleExpiry();
        });
    }

    RelayConfig m_config;
    RelayIdentity m_identity;
    const core::Clock& m_clock;
    std::unique_ptr<RelayStore> m_store;
    std::unique_ptr<ServiceMap> m_services; // the TLS context reads it: declared before m_tls
    std::unique_ptr<asio::ssl::context> m_tls;
    SubscriptionRegistry m_registry;
    RelayCounters m_counters;
    mutable ReceivingQueues m_receivingQueues; // stats() prunes it
    std::atomic<bool> m_acceptingNewQueues{true};
    BandwidthLimiter m_bandwidth; // declared before m_io: outlives the connections using it
    ConnectionBudget m_budget;    // the same
    // Where strangers may make the relay dial: the address of a dial-back check and the
    // destination in PRXY are theirs to choose.
    std::shared_ptr<const core::net::DialPolicy> m_dialPolicy;
    std::unique_ptr<SmpProxy> m_proxy; // null when proxy = off; sessions use it
    SmpService m_smp;
    std::int64_t m_startedAt;

    mutable std::mutex m_lifecycle;
    std::atomic<bool> m_running{false};
    std::unique_ptr<asio::io_context> m_io;
    std::shared_ptr<AcceptLoop> m_acceptor;
    std::unique_ptr<asio::steady_timer> m_expiryTimer;
    std::unique_ptr<StatusService> m_status;
    std::unique_ptr<NodeService> m_nodeService; // recreated at each start()
    std::vector<std::thread> m_threads;
    std::uint16_t m_port = 0;
};

core::Result<std::unique_ptr<RelayServer>>
RelayServer::create(RelayConfig config, RelayIdentity identity, const core::Clock& clock) {
    StoreConfig storeConfig;
    storeConfig.directory = config.dataDir / files::kStore;
    storeConfig.queueQuota = config.queueQuota;
    storeConfig.messageTtl = config.messageTtl;
    storeConfig.storageCapBytes = config.storageCapBytes;
    auto store = RelayStore::open(storeConfig, clock);
    if (!store)
        return store.error();
    auto services = std::make_unique<ServiceMap>();
    auto tls = makeServerTlsContext(identity, *services);
    if (!tls)
        return tls.error();
    return std::unique_ptr<RelayServer>(new RelayServer(std::make_unique<Impl>(
        std::move(config), std::move(identity), clock, std::move(store).value(),
        std::move(services), std::move(tls).value())));
}

RelayServer::RelayServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
RelayServer::~RelayServer() = default;
core::Result<void> RelayServer::start() {
    return m_impl->start();
}
void RelayServer::stop() {
    m_impl->stop();
}
bool RelayServer::running() const {
    return m_impl->running();
}
std::uint16_t RelayServer::port() const {
    return m_impl->port();
}
std::string RelayServer::address() const {
    return m_impl->address();
}
const RelayIdentity& RelayServer::identity() const {
    return m_impl->identity();
}
RelayStatsSnapshot RelayServer::stats() const {
    return m_impl->stats();
}
std::uint64_t RelayServer::expireMessagesNow() {
    return m_impl->expireMessagesNow();
}
void RelayServer::setAcceptingNewQueues(bool accepting) {
    m_impl->setAcceptingNewQueues(accepting);
}
bool RelayServer::acceptingNewQueues() const {
    return m_impl->acceptingNewQueues();
}
void RelayServer::setBandwidthLimit(std::uint64_t bytesPerSecond) {
    m_impl->setBandwidthLimit(bytesPerSecond);
}
std::uint64_t RelayServer::bandwidthLimit() const {
    return m_impl->bandwidthLimit();
}

} // namespace ferry::relay
