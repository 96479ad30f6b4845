#include "ui/node_controller.h"

#include "agent/agent.h"
#include "nat/port_mapper.h"
#include "node/node_reachability.h"
#include "smp/server_address.h"
#include "ui/engine_adapter.h"
#include "ui/node_quota.h"
#include "ui/power_monitor.h"
#include "ui/preferences.h"
#include "util/clock.h"

#include <QMetaObject>
#include <algorithm>
#include <tuple>

namespace ferry::ui {

namespace {

constexpr int kIdleSampleMs = 60'000;
constexpr int kLiveSampleMs = 1'000;
constexpr qint64 kDaySeconds = 86'400;
/// How often a node that is not reached yet asks the directories for helpers again.
constexpr qint64 kHelpersRetrySeconds = 300;

NodeNat natOf(const core::nat::PortMappingStatus& s) {
    NodeNat nat;
    nat.state = s.state;
    nat.reason = QString::fromStdString(s.reason);
    nat.method = s.protocol;
    nat.externalAddress = QString::fromStdString(s.externalAddress);
    nat.externalPort = s.externalPort;
    nat.leaseSecondsLeft = s.leaseLeft.count();
    nat.permanent = s.permanent;
    nat.classification = s.classification.kind;
    nat.classificationReason = QString::fromStdString(s.classification.reason);
    return nat;
}

// The published host, and whether the internet can use it (a name, IPv6 or a public IPv4).
std::pair<QString, bool> hostOf(const std::string& address) {
    auto parsed = core::smp::parseServerAddress(address);
    if (!parsed || parsed->hosts.empty())
        return {QString(), false};
    const core::smp::TransportHost& host = parsed->hosts.front();
    return {QString::fromStdString(host.name),
            host.kind != core::smp::HostKind::IPv4 || !core::nat::isNonPublicIPv4(host.name)};
}

NodeReach reachOf(const core::node::NodeReachabilityStatus& r, qint64 now) {
    NodeReach reach;
    reach.route = r.route;
    reach.verdict = r.verdict;
    reach.detail = QString::fromStdString(r.detail);
    reach.checkedAt = r.checkedAt;
    const QString checker = QString::fromStdString(r.checker);
    reach.checker = checker.mid(checker.lastIndexOf(QLatin1Char('@')) + 1);
    reach.observedAddress = QString::fromStdString(r.observedAddress);
    // Proven means: an outside relay got through to the address published now, within the
    // last hour.
    reach.reachableNow = r.verdict == core::node::ReachabilityVerdict::Reachable &&
                         r.checkedAddress == r.publishedAddress && now - r.checkedAt <= 3600;
    std::tie(reach.publishedHost, reach.internetAddress) = hostOf(r.publishedAddress);
    reach.tunnelUsed = r.tunnelUsed;
    reach.tunnelState = r.tunnel.state;
    reach.tunnelRelay = QString::fromStdString(r.tunnel.publicHost);
    reach.tunnelPort = r.tunnel.publicPort;
    reach.tunnelReason = QString::fromStdString(r.tunnel.reason);
    return reach;
}

// The address to hand relay directories: a port the router forwards, a tunnel's, or the
// relay's own address once another relay has reached it there. Until then there is nothing
// to list: a directory would dial a LAN address in vain (and answer only at its deadline).
QString listableAddress(const core::node::NodeReachabilityStatus& r) {
    using core::node::NodeRoute;
    const bool proven = r.verdict == core::node::ReachabilityVerdict::Reachable &&
                        r.checkedAddress == r.publishedAddress;
    if (r.route == NodeRoute::Mapped || r.route == NodeRoute::Tunnel ||
        (r.route == NodeRoute::Direct && proven))
        return QString::fromStdString(r.publishedAddress);
    return {};
}

} // namespace

NodeController::NodeController(RelayHost& host, EngineAdapter& engine, Preferences& preferences,
                               const core::Clock& clock, PowerMonitor* power,
                               PortMapperFactory mappers, QObject* parent)
    : QObject(parent), m_host(host), m_engine(engine), m_preferences(preferences), m_clock(clock),
      m_power(power), m_mappers(std::move(mappers)), m_alive(std::make_shared<bool>(true)) {
    if (m_power)
        connect(m_power, &PowerMonitor::changed, this, [this] {
            if (m_state == NodeState::Paused)
                sample(); // may resume
            else
                applyQuotas();
        });
    m_starter.setMaxThreadCount(1);
    m_mapperQueue.setMaxThreadCount(1);
    m_sampleTimer.setInterval(kIdleSampleMs);
    m_sampleTimer.setTimerType(Qt::VeryCoarseTimer); // may be batched with other wake-ups
    connect(&m_sampleTimer, &QTimer::timeout, this, &NodeController::sample);
    // The relays that check the node and may carry its tunnel are the profile's: follow them.
    connect(&engine, &EngineAdapter::relayAdded, this, &NodeController::loadRelays);
    connect(&engine, &EngineAdapter::relayRemoved, this, &NodeController::loadRelays);
    loadRelays();
    // The directories it registers with are the profile's: follow them too. A standing that
    // changes is news for the panel (the listener runs on the registration's thread).
    connect(&engine, &EngineAdapter::directoriesChanged, this,
            [this](const QStringList& directories) {
                m_directories = directories;
                applyDirectories();
                loadNodeHelpers();
            });
    m_host.setDirectoryListener([this, alive = m_alive] {
        QMetaObject::invokeMethod(
            this,
            [this, alive] {
                if (*alive)
                    emit changed();
            },
            Qt::QueuedConnection);
    });
    loadDirectories();
    const qint64 now = m_clock.nowSeconds();
    // Without its history the panel starts from zero; the quotas count from now.
    m_engine.loadNodeHistory(
        m_traffic.dayOf(now - 31 * kDaySeconds), m_traffic.dayOf(now), now - kDaySeconds, this,
        [this](const core::agent::NodeHistory& history) { onHistoryLoaded(history); }, {});
    m_enabled = preferences.nodeEnabled();
    if (m_enabled)
        setState(NodeState::Starting);
}

NodeController::~NodeController() {
    *m_alive = false;
    m_host.setDirectoryListener({}); // the host may outlive this controller
    m_starter.waitForDone();
    m_mapperQueue.waitForDone();
    if (m_reachability)
        m_reachability->stop(); // the app is closing: delete the mapping before the relay goes
    m_reachability.reset();
    if (m_host.running()) {
        takeSample(m_clock.nowSeconds());
        m_host.stop();
    }
    // The app is closing: write the last activity before the engine goes. No need to wait:
    // the engine runs what was posted to it before it stops.
    if (auto unwritten = m_traffic.takeUnwritten())
        m_engine.recordNodeActivity(std::move(*unwritten));
}

void NodeController::loadRelays() {
    m_engine.loadRelays(this, [this](const QStringList& relays) { onRelaysLoaded(relays); }, {});
}

void NodeController::loadNodeHelpers() {
    m_helpersAskedAt = m_clock.nowSeconds();
    m_engine.loadNodeHelpers(
        m_host.address(), this,
        [this](const core::directory::NodeHelpers& helpers) { onNodeHelpersLoaded(helpers); }, {});
}

void NodeController::onNodeHelpersLoaded(const core::directory::NodeHelpers& helpers) {
    if (helpers.checkers == m_directoryHelpers.checkers &&
        helpers.tunnelRelays == m_directoryHelpers.tunnelRelays)
        return;
    m_directoryHelpers = helpers;
    restartReachability();
}

void NodeController::loadDirectories() {
    m_engine.loadDirectories(this,
                             [this](const core::agent::DirectorySettings& settings) {
                                 m_directories.clear();
                                 for (const auto& address : settings.directories)
                                     m_directories << QString::fromStdString(address);
                                 applyDirectories();
                             },
                             {});
}

void NodeController::applyDirectories() {
    const QStringList directories =
        m_preferences.nodeLimits().listInDirectories ? m_directories : QStringList();
    // A registration that goes waits for its proof-of-work thread: not on the UI thread. The
    // one queue keeps it in order with starts.
    m_starter.start([host = &m_host, directories] { host->setDirectories(directories); });
    emit changed();
}

void NodeController::onHistoryLoaded(const core::agent::NodeHistory& history) {
    if (m_historyLoaded)
        return;
    m_historyLoaded = true;
    m_traffic.load(history);
    if (m_enabled)
        startRelay();
    emit changed();
}

void NodeController::setEnabled(bool on) {
    if (on == m_enabled)
        return;
    m_enabled = on;
    m_preferences.setNodeEnabled(on);
    if (on) {
        setState(NodeState::Starting);
        if (m_historyLoaded)
            startRelay();
    } else {
        stopRelay(NodeState::Stopped, {});
    }
}

void NodeController::retry() {
    if (m_enabled && m_state == NodeState::Failed) {
        setState(NodeState::Starting);
        startRelay();
    }
}

void NodeController::onRelaysLoaded(const QStringList& relays) {
    if (relays == m_relays)
        return;
    m_relays = relays;
    restartReachability();
}

void NodeController::restartReachability() {
    // After the old mapping is deleted, on the same queue.
    if (m_reachability) {
        stopReachability();
        startReachability();
    }
}

void NodeController::recheckReachability() {
    if (m_reachability)
        m_reachability->recheck();
}

void NodeController::setLimits(const NodeLimits& limits) {
    const NodeLimits before = m_preferences.nodeLimits();
    m_preferences.setNodeLimits(limits);
    // Port, storage and connection limits are read at start: restart to apply them.
    const bool restart = m_host.running() && (before.port != limits.port ||
                                              before.storageCapBytes != limits.storageCapBytes ||
                                              before.maxConnections != limits.maxConnections);
    if (restart) {
        stopRelay(NodeState::Starting, {});
        startRelay();
        return;
    }
    if (m_host.running() && before.bandwidthBytesPerSecond != limits.bandwidthBytesPerSecond)
        m_host.setBandwidthLimit(limits.bandwidthBytesPerSecond);
    if (before.listInDirectories != limits.listInDirectories)
        applyDirectories();
    applyQuotas();
    if (m_enabled && m_state == NodeState::Starting && !m_host.running())
        startRelay(); // a pause that no longer applies
    emit changed();
}

void NodeController::setLiveView(bool live) {
    m_sampleTimer.setInterval(live ? kLiveSampleMs : kIdleSampleMs);
    if (live && m_host.running())
        sample();
}

void NodeController::startRelay() {
    if (m_starting || m_host.running())
        return;
    applyQuotas(); // a used-up quota keeps it paused instead of starting
    if (m_state == NodeState::Paused)
        return;
    m_starting = true;
    setState(NodeState::Starting);
    loadRelays(); // the checkers and tunnel relays as they are now
    loadNodeHelpers();
    const NodeLimits limits = m_preferences.nodeLimits();
    m_starter.start([this, limits, alive = m_alive] {
        const QString error = m_host.start(limits);
        QMetaObject::invokeMethod(
            this,
            [this, error, alive] {
                if (*alive)
                    onStarted(error);
            },
            Qt::QueuedConnection);
    });
}

void NodeController::onStarted(const QString& error) {
    m_starting = false;
    if (!m_enabled) { // switched off while it was starting
        m_host.stop();
        setState(NodeState::Stopped);
        return;
    }
    if (!error.isEmpty()) {
        setState(NodeState::Failed, error);
        return;
    }
    m_last = {};
    m_sessionStartedAt = m_clock.nowSeconds();
    m_traffic.beginSession(m_sessionStartedAt);
    startReachability();
    setState(NodeState::Running);
    applyQuotas();
    m_sampleTimer.start();
    emit changed();
}

void NodeController::startReachability() {
    if (m_reachability)
        return;
    const quint64 generation = ++m_mapperGeneration;
    // The listener runs on the reachability thread: hand the news to the UI thread.
    // The directories get the address it is published at, once others can likely reach it.
    auto listener = [this, generation,
                     alive = m_alive](const core::node::NodeReachabilityStatus& status) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, alive, listable = listableAddress(status)] {
                if (!*alive || generation != m_mapperGeneration)
                    return;
                if (!listable.isEmpty())
                    m_host.setPublishedAddress(listable);
                emit changed();
            },
            Qt::QueuedConnection);
    };
    core::node::NodeReachability::Options options;
    options.localPort = m_host.port();
    options.configuredAddress = m_host.address().toStdString();
    options.mappers = m_mappers;
    options.checkers = helperRelays(m_directoryHelpers.checkers);
    options.tunnelRelays = helperRelays(m_directoryHelpers.tunnelRelays);
    if (!options.tunnelRelays.empty()) {
        options.tunnel.localPort = options.localPort;
        options.tunnel.chain = m_host.certificateChain();
        options.tunnel.sign = [host = &m_host](core::ByteView message) {
            return host->signWithOnlineKey(message);
        };
    }
    options.now = [clock = &m_clock] { return clock->nowSeconds(); };
    m_reachability =
        std::make_shared<core::node::NodeReachability>(std::move(options), std::move(listener));
    m_mapperQueue.start([reachability = m_reachability] { reachability->start(); });
}

std::vector<std::string>
NodeController::helperRelays(const std::vector<std::string>& fromDirectories) const {
    // This node cannot vouch for itself: its own address is left out. The user's relays
    // come first; a relay both in the profile and listed is asked once.
    const QString own = m_host.address().section(QLatin1Char('@'), 0, 0);
    std::vector<std::string> relays;
    auto add = [&](const QString& relay) {
        const std::string text = relay.toStdString();
        if (relay.section(QLatin1Char('@'), 0, 0) != own &&
            std::find(relays.begin(), relays.end(), text) == relays.end())
            relays.push_back(text);
    };
    for (const QString& relay : m_relays)
        add(relay);
    for (const std::string& relay : fromDirectories)
        add(QString::fromStdString(relay));
    return relays;
}

void NodeController::stopReachability() {
    if (!m_reachability)
        return;
    ++m_mapperGeneration;
    m_mapperQueue.start([reachability = std::move(m_reachability)] { reachability->stop(); });
}

void NodeController::stopRelay(NodeState state, const QString& reason) {
    stopReachability();
    if (m_host.running()) {
        takeSample(m_clock.nowSeconds());
        m_host.stop(); // the port closes now; stored messages stay on disk
    }
    flush();
    // Paused: one look a minute whether the quota period has reset; otherwise silence.
    m_sampleTimer.setInterval(kIdleSampleMs);
    if (state == NodeState::Paused)
        m_sampleTimer.start();
    else
        m_sampleTimer.stop();
    m_sessionStartedAt = 0;
    setState(state, reason);
}

void NodeController::sample() {
    const qint64 now = m_clock.nowSeconds();
    if (m_power)
        m_power->refresh();
    if (!m_host.running()) {
        // Paused for a quota: see whether its period has reset.
        if (m_enabled && m_state == NodeState::Paused) {
            applyQuotas();
            if (m_state != NodeState::Paused)
                startRelay();
        }
        return;
    }
    takeSample(now);
    applyQuotas();
    // A node nobody has reached yet asks the directories again now and then: their listing
    // may have gained relays that can check it or carry its tunnel.
    const bool reached = m_reachability && m_reachability->status().verdict ==
                                               core::node::ReachabilityVerdict::Reachable;
    if (!reached && !m_directories.isEmpty() && now - m_helpersAskedAt >= kHelpersRetrySeconds)
        loadNodeHelpers();
    emit changed();
}

void NodeController::takeSample(qint64 now) {
    m_last = m_host.stats();
    record(m_traffic.addReading(
        now, RelayCounters{m_last.bytesIn, m_last.bytesOut, m_last.messagesRelayed}));
}

void NodeController::flush() {
    record(m_traffic.takeUnwritten());
}

void NodeController::record(const std::optional<core::store::NodeActivity>& activity) {
    if (activity && hasActivity(*activity))
        m_engine.recordNodeActivity(*activity);
}

void NodeController::applyQuotas() {
    if (!m_enabled || m_state == NodeState::Failed)
        return;
    const NodeLimits limits = m_preferences.nodeLimits();
    if (const QString reason = powerPause(limits); !reason.isEmpty()) {
        if (m_state != NodeState::Paused || m_host.running() || m_reason != reason)
            stopRelay(NodeState::Paused, reason);
        return;
    }
    const qint64 now = m_clock.nowSeconds();
    const NodeQuotaDecision quota =
        nodeQuotaDecision(limits, m_traffic.trafficToday(now), m_traffic.trafficThisMonth(now));
    if (quota.action == NodeQuotaDecision::Action::Pause) {
        if (m_state != NodeState::Paused || m_host.running())
            stopRelay(NodeState::Paused, quota.reason);
        return;
    }
    if (m_state == NodeState::Paused) {
        setState(NodeState::Starting); // the period reset: the caller starts it again
        return;
    }
    if (!m_host.running())
        return;
    const bool soft = quota.action == NodeQuotaDecision::Action::NoNewQueues;
    m_host.setAcceptingNewQueues(!soft);
    if (soft)
        setState(NodeState::Limited, quota.reason);
    else if (m_state == NodeState::Limited)
        setState(NodeState::Running);
}

QString NodeController::powerPause(const NodeLimits& limits) const {
    if (!m_power)
        return {};
    if (limits.pauseOnBattery && m_power->onBattery() == PowerMonitor::Answer::Yes)
        return tr("the computer runs on battery; it resumes on mains power");
    if (limits.pauseOnMetered && m_power->metered() == PowerMonitor::Answer::Yes)
        return tr("the network connection is metered");
    return {};
}

void NodeController::setState(NodeState state, const QString& reason) {
    if (m_state == state && m_reason == reason)
        return;
    m_state = state;
    m_reason = reason;
    emit changed();
}

NodeSnapshot NodeController::snapshot() const {
    NodeSnapshot s;
    s.state = m_state;
    s.reason = m_reason;
    s.address = m_host.address();
    const qint64 now = m_clock.nowSeconds();
    if (m_reachability) {
        const core::node::NodeReachabilityStatus r = m_reachability->status();
        if (r.mappingUsed)
            s.nat = natOf(r.mapping);
        if (!r.publishedAddress.empty())
            s.address = QString::fromStdString(r.publishedAddress);
        s.reach = reachOf(r, now);
    }
    s.limits = m_preferences.nodeLimits();
    s.directoriesConfigured = m_directories;
    s.directories = m_host.directoryStandings();
    s.sessionUptimeSeconds = m_sessionStartedAt ? now - m_sessionStartedAt : 0;
    s.uptimeShare7Days = m_traffic.uptimeShare(7, now);
    s.uptimeShare30Days = m_traffic.uptimeShare(30, now);
    s.messagesToday = static_cast<quint64>(m_traffic.day(now).messages);
    s.messagesAllTime = static_cast<quint64>(m_traffic.allTime().messages);
    s.trafficTodayBytes = static_cast<quint64>(m_traffic.trafficToday(now));
    s.trafficMonthBytes = static_cast<quint64>(m_traffic.trafficThisMonth(now));
    if (m_host.running()) {
        s.connectionsNow = m_last.connectionsNow;
        s.queuesHosted = m_last.queuesHosted;
        s.messagesSession = m_last.messagesRelayed;
        s.peopleHelped24h = m_last.queuesReceivingLast24h;
        s.proxiedSession = m_last.messagesProxied;
        s.storageUsedBytes = m_last.storageBytes;
    }
    return s;
}

QList<TrafficPoint> NodeController::traffic(TrafficRange range) const {
    return m_traffic.points(range, m_clock.nowSeconds());
}

} // namespace ferry::ui
