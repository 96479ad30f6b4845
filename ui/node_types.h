#pragma once

#include "nat/port_mapper.h"
#include "node/node_reachability.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace ferry::ui {

/// What the in-app relay ("Contribute as relay") is doing.
enum class NodeState {
    Stopped,  ///< switched off
    Starting, ///< switched on, not listening yet
    Running,  ///< listening and accepting new queues
    Limited,  ///< running, but no new queues: 90% of a traffic quota is used (soft stop)
    Paused,   ///< switched on but not listening: a quota is used up until its period resets
    Failed,   ///< could not start (the reason says why); Retry tries again
};

/// The limits the user sets for the in-app relay.
struct NodeLimits {
    quint16 port = 5223;
    quint64 storageCapBytes = 1ull << 30; ///< messages waiting for their recipients
    quint64 dailyQuotaBytes = 0;          ///< traffic in + out per calendar day; 0 = none
    quint64 monthlyQuotaBytes = 0;        ///< per calendar month; 0 = none
    quint32 maxConnections = 512;
    quint64 bandwidthBytesPerSecond = 0; ///< each way; 0 = no cap
    bool pauseOnBattery = false;         ///< where the platform can tell
    bool pauseOnMetered = false;         ///< where the platform can tell
    /// Forward senders' messages to their contacts' relays (private routing proxy).
    bool proxy = true;
    /// Register with the profile's relay directories while it runs, so that strangers'
    /// apps find it.
    bool listInDirectories = true;
    bool operator==(const NodeLimits&) const = default;
};

/// The in-app relay's port mapping on the home router, as the PortMapper last reported it.
/// Nothing here is verified from outside: it is what the router said.
struct NodeNat {
    core::nat::MappingState state = core::nat::MappingState::Unmapped;
    QString reason; ///< the mapper's own words (English, for details and logs)
    core::nat::MappingProtocol method = core::nat::MappingProtocol::None;
    QString externalAddress; ///< while mapped: the router's outside address
    quint16 externalPort = 0;
    qint64 leaseSecondsLeft = 0; ///< 0 when not mapped or when `permanent`
    bool permanent = false;      ///< the router only grants mappings without a lease
    core::nat::NatClass classification = core::nat::NatClass::Unknown;
    QString classificationReason;

    bool mapped() const { return state == core::nat::MappingState::Mapped; }
};

/// Whether others can reach the in-app relay: the route it is published on, and what the
/// last dial-back by another Ferry relay found.
struct NodeReach {
    core::node::NodeRoute route = core::node::NodeRoute::None;
    core::node::ReachabilityVerdict verdict = core::node::ReachabilityVerdict::Unverified;
    QString detail;          ///< the checker's words (English), or why there is no verdict
    qint64 checkedAt = 0;    ///< unix seconds of the last verdict (0: none)
    QString checker;         ///< the relay that checked (host:port)
    QString observedAddress; ///< this computer's address as that relay saw it
    /// Reachable, proven by a check within the last hour.
    bool reachableNow = false;
    /// The published address is one the internet can use (not a LAN, CGNAT or loopback
    /// address): only then does a check prove reachability from the internet.
    bool internetAddress = false;
    QString publishedHost;   ///< the host in the published address
    bool tunnelUsed = false; ///< the reverse tunnel was needed
    core::node::TunnelState tunnelState = core::node::TunnelState::Stopped;
    QString tunnelRelay;    ///< the tunnel relay's host (where clients connect)
    quint16 tunnelPort = 0; ///< the public port it gave, while open
    QString tunnelReason;   ///< why it is not open (English)
};

/// Where the in-app relay stands with one relay directory, as its registrar last reported.
struct NodeDirectory {
    enum class Phase {
        Registering, ///< asked, the directory dials back before it answers
        Registered,  ///< accepted; `state` and `score` are the directory's
        Failed,      ///< the last attempt failed (`error`); it tries again later
    };
    QString directory; ///< its address, https://fingerprint@host:port
    Phase phase = Phase::Registering;
    QString state;            ///< what the directory says: "probation", "listed" or "down"
    double score = 0;         ///< the directory's health score from its own probes, 0..1
    qint64 lastHeartbeat = 0; ///< unix seconds of the last accepted registration or heartbeat
    QString error;            ///< why the last attempt failed (English, the registrar's words)
};

/// Everything the Node panel shows, at one moment.
struct NodeSnapshot {
    NodeState state = NodeState::Stopped;
    QString reason; ///< why it is Failed, Paused or Limited (plain words)
    /// smp://fingerprint@host:port, empty until it has run once: the address it is
    /// published at (the router's outside address while mapped, the tunnel relay's while
    /// tunnelled), the LAN address otherwise.
    QString address;
    qint64 sessionUptimeSeconds = 0;
    double uptimeShare7Days = 0;  ///< 0..1 of the last 7 days the relay was running
    double uptimeShare30Days = 0; ///< 0..1 of the last 30 days
    quint64 connectionsNow = 0;
    quint64 queuesHosted = 0;
    quint64 messagesSession = 0; ///< relayed since the switch was turned on
    quint64 messagesToday = 0;
    quint64 messagesAllTime = 0;
    quint64 peopleHelped24h = 0; ///< distinct queues that received messages in the last 24 h
    quint64 proxiedSession = 0;  ///< forwarded as a private routing proxy since switched on
    quint64 storageUsedBytes = 0;
    quint64 trafficTodayBytes = 0;
    quint64 trafficMonthBytes = 0;
    NodeLimits limits;
    NodeNat nat;
    NodeReach reach;
    /// The profile's relay directories (whether or not the relay registers with them).
    QStringList directoriesConfigured;
    /// One per directory while the relay runs and registers (limits.listInDirectories).
    QList<NodeDirectory> directories;
};

/// Bytes per second in and out, averaged over the bucket that starts at `time`.
struct TrafficPoint {
    QDateTime time;
    double bytesInPerSecond = 0;
    double bytesOutPerSecond = 0;
};

/// How far back the traffic chart looks.
enum class TrafficRange { LastHour, LastDay, LastMonth };

} // namespace ferry::ui

Q_DECLARE_METATYPE(ferry::ui::NodeSnapshot)
Q_DECLARE_METATYPE(ferry::ui::TrafficPoint)
