#include "app/in_app_relay/in_app_relay.h"

#include "agent/sync_agent.h"
#include "app/in_app_relay/directory_registration.h"
#include "relay/relay_config.h"
#include "relay/relay_data.h"
#include "relay/relay_errc.h"

#include <QCoreApplication>
#include <filesystem>

namespace ferry::app {

namespace fs = std::filesystem;

namespace {
// The translation context of this file's messages (lupdate files them under a class).
struct InAppRelayText {
    Q_DECLARE_TR_FUNCTIONS(ferry::app::InAppRelay)
};
QString toQt(const std::string& s) {
    return QString::fromStdString(s);
}
} // namespace

InAppRelay::InAppRelay(Options options, core::agent::Agent& agent, const core::Clock& clock)
    : m_options(std::move(options)), m_agent(agent), m_clock(clock) {}

InAppRelay::~InAppRelay() {
    stop();
}

QString InAppRelay::createOnFirstUse(const ui::NodeLimits& limits) {
    const fs::path dir = m_options.dataDir.toStdString();
    std::error_code ec;
    if (fs::exists(dir / relay::files::kConfig, ec))
        return {};
    relay::RelayInitOptions init;
    init.dataDir = dir;
    init.host = m_options.advertisedHost.toStdString();
    init.port = limits.port;
    init.returnOfflineKey = true; // nothing of the CA key is written to the relay folder
    auto created = relay::initRelayData(init);
    if (!created)
        return InAppRelayText::tr("could not create the relay's certificates: %1")
            .arg(toQt(created.error().message));
    auto stored =
        core::agent::SyncAgent(m_agent).storeNodeOfflineKey(std::move(created->offlineKeyPem));
    if (!stored) {
        // Without its offline key the relay could never renew its certificate: start over.
        fs::remove_all(dir, ec);
        return InAppRelayText::tr("could not keep the relay's key in the profile: %1")
            .arg(toQt(stored.error().message));
    }
    return {};
}

QString InAppRelay::start(const ui::NodeLimits& limits) {
    std::lock_guard lock(m_mutex);
    if (m_server)
        return {};
    if (QString problem = createOnFirstUse(limits); !problem.isEmpty())
        return problem;
    const fs::path dir = m_options.dataDir.toStdString();
    auto config = relay::loadRelayConfig(dir);
    if (!config)
        return InAppRelayText::tr("the relay's settings are damaged: %1")
            .arg(toQt(config.error().message));
    config->listenAddress = m_options.listenAddress.toStdString();
    config->host = m_options.advertisedHost.toStdString();
    config->port = limits.port;
    config->storageCapBytes = limits.storageCapBytes;
    config->maxConnections = limits.maxConnections;
    config->bandwidthBytesPerSecond = limits.bandwidthBytesPerSecond;
    config->proxy = limits.proxy;
    auto identity = relay::loadRelayIdentity(dir);
    if (!identity)
        return InAppRelayText::tr("the relay's certificates are damaged: %1")
            .arg(toQt(identity.error().message));
    auto server = relay::RelayServer::create(*config, std::move(*identity), m_clock);
    if (!server)
        return toQt(server.error().message);
    if (auto started = (*server)->start(); !started)
        return toQt(started.error().message);
    (*server)->setAcceptingNewQueues(m_accepting);
    m_server = std::move(*server);
    m_config = *config;
    m_address = toQt(m_server->address());
    m_registration = registerLocked();
    return {};
}

void InAppRelay::stop() {
    std::unique_ptr<relay::RelayServer> server;
    std::unique_ptr<DirectoryRegistration> registration;
    {
        std::lock_guard lock(m_mutex);
        server = std::move(m_server);
        registration = std::move(m_registration);
        m_published.clear(); // the next start publishes afresh
    }
    // The registration signs with the server's key: it goes first.
    const bool hadRegistration = registration != nullptr;
    registration.reset();
    if (server)
        server->stop();
    if (hadRegistration)
        notifyDirectories();
}

std::unique_ptr<DirectoryRegistration> InAppRelay::registerLocked() {
    // Only once NodeReachability has published an address: before that the relay has only
    // its LAN address, which a directory on the internet would try in vain.
    if (!m_server || m_directories.isEmpty() || m_published.isEmpty())
        return nullptr;
    return std::make_unique<DirectoryRegistration>(m_config, m_server->identity(),
                                                   m_published.toStdString(), m_directories,
                                                   m_clock, [this] { notifyDirectories(); });
}

void InAppRelay::notifyDirectories() {
    std::lock_guard lock(m_listenerMutex);
    if (m_listener)
        m_listener();
}

void InAppRelay::setDirectories(const QStringList& directories) {
    std::unique_ptr<DirectoryRegistration> old;
    {
        std::lock_guard lock(m_mutex);
        if (directories == m_directories)
            return;
        m_directories = directories;
        old = std::move(m_registration);
        m_registration = registerLocked();
    }
    old.reset();
    notifyDirectories();
}

void InAppRelay::setPublishedAddress(const QString& address) {
    {
        std::lock_guard lock(m_mutex);
        // An empty one (the route is being set up again) leaves the directories the last one.
        if (!m_server || address.isEmpty() || address == m_published)
            return;
        m_published = address;
        if (m_registration) {
            m_registration->setRelayAddress(address.toStdString());
            return;
        }
        m_registration = registerLocked();
        if (!m_registration)
            return;
    }
    notifyDirectories();
}

QList<ui::NodeDirectory> InAppRelay::directoryStandings() const {
    std::lock_guard lock(m_mutex);
    return m_registration ? m_registration->standings() : QList<ui::NodeDirectory>{};
}

void InAppRelay::setDirectoryListener(std::function<void()> listener) {
    std::lock_guard lock(m_listenerMutex);
    m_listener = std::move(listener);
}

bool InAppRelay::running() const {
    std::lock_guard lock(m_mutex);
    return m_server != nullptr;
}

QString InAppRelay::address() const {
    std::lock_guard lock(m_mutex);
    return m_address;
}

quint16 InAppRelay::port() const {
    std::lock_guard lock(m_mutex);
    return m_server ? m_server->port() : 0;
}

std::vector<core::Bytes> InAppRelay::certificateChain() const {
    std::lock_guard lock(m_mutex);
    return m_server ? m_server->identity().chainDer() : std::vector<core::Bytes>{};
}

core::Result<core::Bytes> InAppRelay::signWithOnlineKey(core::ByteView message) const {
    std::lock_guard lock(m_mutex);
    if (!m_server)
        return core::makeError(relay::RelayErrc::NotRunning, "the relay is not running");
    return m_server->identity().onlineKey.sign(message);
}

ui::RelayHost::Stats InAppRelay::stats() const {
    std::lock_guard lock(m_mutex);
    if (!m_server)
        return {};
    const relay::RelayStatsSnapshot s = m_server->stats();
    Stats out;
    out.connectionsNow = s.connectionsNow;
    out.queuesHosted = s.queuesActive;
    out.messagesRelayed = s.messagesSent;
    out.bytesIn = s.bytesIn;
    out.bytesOut = s.bytesOut;
    out.storageBytes = s.storageBytes;
    out.queuesReceivingLast24h = s.queuesReceivingLast24h;
    out.messagesProxied = s.proxiedForwards;
    return out;
}

void InAppRelay::setAcceptingNewQueues(bool accepting) {
    std::lock_guard lock(m_mutex);
    m_accepting = accepting;
    if (m_server)
        m_server->setAcceptingNewQueues(accepting);
}

quint64 InAppRelay::bandwidthLimit() const {
    std::lock_guard lock(m_mutex);
    return m_server ? m_server->bandwidthLimit() : 0;
}

void InAppRelay::setBandwidthLimit(quint64 bytesPerSecond) {
    std::lock_guard lock(m_mutex);
    if (m_server)
        m_server->setBandwidthLimit(bytesPerSecond);
}

} // namespace ferry::app
