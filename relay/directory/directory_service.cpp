#include "relay/directory/directory_service.h"

#include "directory/directory_address.h"
#include "net/relay_probe.h"
#include "relay/directory/directory_data.h"
#include "relay/directory/directory_service_impl.h"
#include "relay/directory/web_certificate.h"
#include "relay/relay_errc.h"
#include "relay/server/port_connection.h"
#include "relay/server/tls_server_context.h"
#include "smp/server_address.h"
#include "util/base64.h"

#include <boost/asio/post.hpp>

namespace ferry::relay::directory {

namespace asio = boost::asio;

namespace {

constexpr std::chrono::seconds kTickInterval{1};
constexpr std::chrono::seconds kHandshakeTimeout{10};

RegistryPolicy registryPolicy(const DirectoryConfig& config) {
    RegistryPolicy policy;
    policy.ttlSeconds = config.relayTtl.count();
    policy.probeIntervalSeconds = config.probeInterval.count();
    policy.probationSeconds = config.probation.count();
    policy.relaysPerAddress = config.relaysPerAddress;
    policy.relaysPerSite = config.relaysPerSite;
    policy.relaysPerPeer = config.relaysPerPeer;
    return policy;
}

} // namespace

DirectoryService::Impl::Impl(asio::io_context& io, DirectoryConfig config, RelayIdentity identity,
                             std::unique_ptr<DirectoryStore> store, const core::Clock& clock)
    : m_io(io), m_config(std::move(config)), m_identity(std::move(identity)),
      m_store(std::move(store)), m_clock(clock), m_registry(registryPolicy(m_config)),
      m_reads(m_config.readsPerMinute, std::chrono::minutes(1)),
      m_writes(m_config.writesPerHour, std::chrono::hours(1)),
      m_dialPolicy(std::make_shared<core::net::DialPolicy>(m_config.dialAlsoAllowed)),
      m_budget(ConnectionLimits{m_config.maxConnections, m_config.maxConnectionsPerAddress},
               m_connectionCounters),
      m_strand(asio::make_strand(io)), m_tickTimer(m_strand), m_startedAt(clock.nowSeconds()) {}

core::Result<void> DirectoryService::Impl::start() {
    auto loaded = m_store->load();
    if (!loaded)
        return loaded.error();
    for (auto& record : loaded->relays)
        m_registry.restore(std::move(record));
    for (const auto& fingerprint : loaded->skipped)
        (void)m_store->remove(fingerprint); // its signature no longer verifies: not ours to keep

    m_https = std::make_unique<HttpsService>(
        [weak = weak_from_this()](HttpRequest request, HttpsService::Reply reply) {
            if (auto self = weak.lock())
                self->handle(std::move(request), std::move(reply));
        },
        HttpsService::Limits{});
    if (auto added = m_services.add(kHttpAlpn, *m_https); !added)
        return added.error();
    m_services.setFallback(*m_https);
    auto tls = makeServerTlsContext(m_identity, m_services);
    if (!tls)
        return tls.error();
    m_tls = std::move(tls).value();
    auto web = loadWebCredential(m_config);
    if (!web)
        return web.error();
    if (auto added = addWebCredential(*m_tls, *web); !added)
        return added.error();

    boost::system::error_code ec;
    const auto listenAddress = asio::ip::make_address(m_config.listenAddress, ec);
    if (ec)
        return core::makeError(RelayErrc::Config, "listen: not an IP address");
    auto listening = AcceptLoop::listen(m_io, listenAddress, m_config.port);
    if (!listening)
        return listening.error();
    m_acceptor = std::move(listening).value();
    m_port = m_acceptor->port();
    m_acceptor->start(
        [weak = weak_from_this()](asio::ip::tcp::socket socket, CountedConnection counted) {
            auto self = weak.lock();
            if (!self)
                return;
            std::make_shared<PortConnection>(
                std::move(socket), std::move(counted),
                // The connection keeps the service's inside alive: its place in m_budget
                // and its service must not go before it does.
                PortConnection::Environment{*self->m_tls, self->m_services,
                                            self->m_connectionCounters, kHandshakeTimeout, self})
                ->start();
        },
        &m_budget);
    for (const auto& peer : m_config.peers) {
        auto address = core::directory::parseDirectoryAddress(peer); // checked when read
        m_peerFingerprints.push_back(core::base64UrlEncode(address->fingerprint));
        m_peers.push_back(std::make_unique<core::directory::DirectoryClient>(m_io, *address));
    }
    asio::post(m_strand, [self = shared_from_this()] { self->scheduleTick(); });
    return {};
}

void DirectoryService::Impl::stop() {
    m_stopped = true;
    if (m_acceptor)
        m_acceptor->close();
    std::deque<WaitingDialBack> unanswered; // their connections close, outside the lock
    {
        std::lock_guard lock(m_dialBackMutex);
        unanswered.swap(m_waitingDialBacks);
    }
    asio::post(m_strand, [self = shared_from_this()] { self->m_tickTimer.cancel(); });
}

std::string DirectoryService::Impl::address() const {
    DirectoryConfig config = m_config;
    config.port = m_port;
    return directoryAddress(config, m_identity);
}

void DirectoryService::Impl::scheduleTick() {
    m_tickTimer.expires_after(kTickInterval);
    m_tickTimer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (ec || self->m_stopped)
            return;
        self->tick();
        self->scheduleTick();
    });
}

void DirectoryService::Impl::tick() {
    if (m_stopped)
        return;
    const auto sweep = m_registry.sweep(m_clock.nowSeconds());
    for (const auto& fingerprint : sweep.removed)
        (void)m_store->remove(fingerprint);
    for (const auto& record : sweep.changed)
        save(record);
    startDueProbes();
    if (!m_peers.empty() && m_clock.nowSeconds() >= m_nextFederation)
        federate();
}

void DirectoryService::Impl::save(const RelayRecord& record) {
    // A failed write of health fields costs only history: the next probe writes again.
    (void)m_store->save(record);
}

bool DirectoryService::Impl::takeProbeSlot() {
    std::uint32_t running = m_probesRunning;
    while (running < m_config.probeConcurrency)
        if (m_probesRunning.compare_exchange_weak(running, running + 1))
            return true;
    return false;
}

void DirectoryService::Impl::probe(const std::string& address,
                                   std::function<void(std::optional<std::uint32_t>)> done) {
    auto finished = [self = shared_from_this(),
                     done = std::move(done)](std::optional<std::uint32_t> rtt) {
        --self->m_probesRunning;
        self->startWaitingDialBacks();
        done(rtt);
    };
    auto server = core::smp::parseServerAddress(address);
    if (!server)
        return finished(std::nullopt);
    core::net::SmpClientConfig settings;
    settings.connectTimeout = kProbeTimeout;
    settings.dialPolicy = m_dialPolicy;
    core::net::probeRelay(
        m_io, *server, settings,
        [finished = std::move(finished)](core::Result<std::chrono::milliseconds> rtt) mutable {
            finished(rtt ? std::optional(static_cast<std::uint32_t>(rtt->count())) : std::nullopt);
        });
}

void DirectoryService::Impl::startDueProbes() {
    std::uint32_t slots = 0;
    {
        // Registrations waiting for a dial-back go first; scheduled probes come back next tick.
        std::lock_guard lock(m_dialBackMutex);
        while (m_waitingDialBacks.empty() && takeProbeSlot())
            ++slots;
    }
    if (slots == 0)
        return;
    auto due = m_registry.dueForProbe(m_clock.nowSeconds(), slots);
    for (std::size_t unused = due.size(); unused < slots; ++unused)
        --m_probesRunning;
    for (const auto& [fingerprint, address] : due) {
        probe(address, [self = shared_from_this(),
                        fingerprint = fingerprint](std::optional<std::uint32_t> rtt) {
            ++(rtt ? self->m_counters.probesAnswered : self->m_counters.probesFailed);
            if (auto record = self->m_registry.probed(fingerprint, rtt, self->m_clock.nowSeconds()))
                self->save(*record);
        });
    }
    if (due.size() < slots)
        startWaitingDialBacks();
}

bool DirectoryService::Impl::startOrQueueDialBack(RelayRecord record, Reply reply) {
    {
        std::lock_guard lock(m_dialBackMutex);
        if (!m_waitingDialBacks.empty() || !takeProbeSlot()) {
            if (m_waitingDialBacks.size() >= m_config.probeQueue)
                return false;
            m_waitingDialBacks.push_back({std::move(record), std::move(reply)});
            return true;
        }
    }
    admitAfterDialBack(std::move(record), std::move(reply));
    return true;
}

void DirectoryService::Impl::startWaitingDialBacks() {
    if (m_stopped)
        return;
    std::lock_guard lock(m_dialBackMutex);
    while (!m_waitingDialBacks.empty() && takeProbeSlot()) {
        // Started from the io_context, not here: this may run inside a probe's completion.
        asio::post(m_io, [self = shared_from_this(),
                          waiting = std::move(m_waitingDialBacks.front())]() mutable {
            self->admitAfterDialBack(std::move(waiting.record), std::move(waiting.reply));
        });
        m_waitingDialBacks.pop_front();
    }
}

DirectoryService::Stats DirectoryService::Impl::stats() const {
    const auto totals = m_registry.totals();
    Stats stats;
    stats.probation = totals.probation;
    stats.listed = totals.listed;
    stats.down = totals.down;
    stats.registrationsAccepted = m_counters.registrationsAccepted;
    stats.registrationsRefused = m_counters.registrationsRefused;
    stats.heartbeats = m_counters.heartbeats;
    stats.probesAnswered = m_counters.probesAnswered;
    stats.probesFailed = m_counters.probesFailed;
    stats.rateLimited = m_counters.rateLimited;
    stats.queries = m_counters.queries;
    stats.federatedAdmitted = m_counters.federatedAdmitted;
    stats.federatedRefused = m_counters.federatedRefused;
    return stats;
}

DirectoryService::DirectoryService(asio::io_context& io, DirectoryConfig config,
                                   RelayIdentity identity, std::unique_ptr<DirectoryStore> store,
                                   const core::Clock& clock)
    : m_impl(std::make_shared<Impl>(io, std::move(config), std::move(identity), std::move(store),
                                    clock)) {}

DirectoryService::~DirectoryService() {
    m_impl->stop();
}

core::Result<void> DirectoryService::start() {
    return m_impl->start();
}
void DirectoryService::stop() {
    m_impl->stop();
}
std::uint16_t DirectoryService::port() const {
    return m_impl->port();
}
std::string DirectoryService::address() const {
    return m_impl->address();
}
void DirectoryService::tick() {
    m_impl->tick();
}
void DirectoryService::federateNow() {
    m_impl->federate();
}
DirectoryService::Stats DirectoryService::stats() const {
    return m_impl->stats();
}

} // namespace ferry::relay::directory
