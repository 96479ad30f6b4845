#include "ui/node_status_text.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <algorithm>

namespace ferry::ui {

namespace {

bool reached(quint64 used, quint64 quota, int percent) {
    return quota > 0 && used * 100 >= quota * static_cast<quint64>(percent);
}

/// The reason as the end of a sentence: ends with a full stop.
QString ending(const QString& reason) {
    QString tail = reason.trimmed();
    if (!tail.endsWith(QLatin1Char('.')) && !tail.endsWith(QLatin1Char('!')) &&
        !tail.endsWith(QLatin1Char('?')))
        tail += QLatin1Char('.');
    return tail;
}

QString limitedLine(const NodeSnapshot& s) {
    if (!s.reason.trimmed().isEmpty())
        return QCoreApplication::translate("ferry::ui::NodeStatus",
                                           "Your relay is running but takes no new queues: %1")
            .arg(ending(s.reason));
    if (reached(s.trafficMonthBytes, s.limits.monthlyQuotaBytes, 90))
        return QCoreApplication::translate(
            "ferry::ui::NodeStatus",
            "Your relay is running but takes no new queues: 90% of this month's "
            "traffic quota is used.");
    if (reached(s.trafficTodayBytes, s.limits.dailyQuotaBytes, 90))
        return QCoreApplication::translate(
            "ferry::ui::NodeStatus",
            "Your relay is running but takes no new queues: 90% of today's traffic "
            "quota is used.");
    return QCoreApplication::translate(
        "ferry::ui::NodeStatus",
        "Your relay is running but takes no new queues: a traffic quota is nearly "
        "used up.");
}

QString pausedLine(const NodeSnapshot& s) {
    if (!s.reason.trimmed().isEmpty())
        return QCoreApplication::translate("ferry::ui::NodeStatus", "Your relay is paused: %1")
            .arg(ending(s.reason));
    // The month's quota outlasts the day's, so it is the one to name when both are used up.
    if (reached(s.trafficMonthBytes, s.limits.monthlyQuotaBytes, 100))
        return QCoreApplication::translate(
            "ferry::ui::NodeStatus",
            "Your relay is paused until next month: this month's traffic quota is "
            "used up.");
    if (reached(s.trafficTodayBytes, s.limits.dailyQuotaBytes, 100))
        return QCoreApplication::translate(
            "ferry::ui::NodeStatus",
            "Your relay is paused until tomorrow: today's traffic quota is used up.");
    return QCoreApplication::translate("ferry::ui::NodeStatus", "Your relay is paused.");
}

// Running: "reachable" only when another relay dialled it back within the hour; otherwise
// what the tunnel and the port mapping say about who can reach it.
QString runningLine(const NodeSnapshot& s) {
    using core::nat::MappingState;
    using core::nat::NatClass;
    using core::node::TunnelState;
    const NodeReach& r = s.reach;
    if (r.reachableNow && !r.internetAddress)
        return QCoreApplication::translate("ferry::ui::NodeStatus",
                                           "Your relay is running and reachable at %1, a local "
                                           "address: only computers on the same network can "
                                           "use it.")
            .arg(r.publishedHost);
    if (r.reachableNow)
        return r.route == core::node::NodeRoute::Tunnel
                   ? QCoreApplication::translate("ferry::ui::NodeStatus",
                                                 "Your relay is running and reachable from the "
                                                 "internet through a tunnel via %1.")
                         .arg(r.tunnelRelay)
                   : QCoreApplication::translate(
                         "ferry::ui::NodeStatus",
                         "Your relay is running and reachable from the internet.");
    if (r.tunnelUsed && r.tunnelState == TunnelState::Open)
        return QCoreApplication::translate("ferry::ui::NodeStatus",
                                           "Your relay is running through a tunnel via %1; "
                                           "Ferry is checking that it is reachable.")
            .arg(r.tunnelRelay);
    if (r.tunnelUsed)
        return QCoreApplication::translate(
            "ferry::ui::NodeStatus",
            "Your relay is running; nothing outside reaches it directly, so Ferry is opening "
            "a tunnel through one of your relays.");
    if (r.verdict == core::node::ReachabilityVerdict::Unreachable)
        return QCoreApplication::translate(
            "ferry::ui::NodeStatus",
            "Your relay is running, but nothing outside can reach it: it serves only your "
            "local network.");
    const NodeNat& nat = s.nat;
    if (nat.mapped())
        return QCoreApplication::translate(
                   "ferry::ui::NodeStatus",
                   "Your relay is running; the router forwards port %1 to it (%2). Whether it is "
                   "reachable from the internet is not verified yet.")
            .arg(nat.externalPort)
            .arg(natMethodName(nat.method));
    if (nat.classification == NatClass::Public)
        return QCoreApplication::translate(
            "ferry::ui::NodeStatus",
            "Your relay is running on this computer's public address. Whether it is reachable "
            "from the internet is not verified yet.");
    if (nat.state == MappingState::Mapping || nat.state == MappingState::Unmapping)
        return QCoreApplication::translate(
            "ferry::ui::NodeStatus",
            "Your relay is running; Ferry is asking the router to forward its port.");
    if (nat.state == MappingState::Error) {
        if (nat.classification == NatClass::DoubleNat)
            return QCoreApplication::translate(
                "ferry::ui::NodeStatus",
                "Your relay is running, reachable only on your local network: double NAT / "
                "carrier-grade NAT.");
        if (nat.classification == NatClass::NoMappingSupport)
            return QCoreApplication::translate(
                "ferry::ui::NodeStatus",
                "Your relay is running, reachable only on your local network: the router does "
                "not support port mapping.");
        return QCoreApplication::translate(
            "ferry::ui::NodeStatus",
            "Your relay is running, but the router stopped forwarding its port; Ferry tries "
            "again in a few minutes.");
    }
    return QCoreApplication::translate(
        "ferry::ui::NodeStatus",
        "Your relay is running. Whether it is reachable from the internet is not "
        "known yet.");
}

} // namespace

QString directoryStandingText(const NodeDirectory& d) {
    switch (d.phase) {
    case NodeDirectory::Phase::Registering:
        return QCoreApplication::translate(
            "ferry::ui::NodeStatus",
            "Registering: the directory first checks that it can reach your relay…");
    case NodeDirectory::Phase::Failed:
        return QCoreApplication::translate("ferry::ui::NodeStatus",
                                           "Not registered: %1 Ferry tries again in a while.")
            .arg(ending(d.error));
    case NodeDirectory::Phase::Registered:
        break;
    }
    const QString score = QLocale().toString(d.score, 'f', 2);
    if (d.state == QLatin1String("listed"))
        return QCoreApplication::translate("ferry::ui::NodeStatus", "Listed · health score %1")
            .arg(score);
    if (d.state == QLatin1String("probation"))
        return QCoreApplication::translate(
                   "ferry::ui::NodeStatus",
                   "On probation: listed with little weight until your relay has shown uptime · "
                   "health score %1")
            .arg(score);
    if (d.state == QLatin1String("down"))
        return QCoreApplication::translate(
                   "ferry::ui::NodeStatus",
                   "Marked down: the directory could not reach your relay lately · health "
                   "score %1")
            .arg(score);
    return QCoreApplication::translate("ferry::ui::NodeStatus", "Registered (%1) · health score %2")
        .arg(d.state, score);
}

QString heartbeatText(qint64 lastHeartbeat, const QDateTime& now) {
    if (lastHeartbeat <= 0)
        return QCoreApplication::translate("ferry::ui::NodeStatus", "Last heartbeat: none yet");
    const QDateTime at = QDateTime::fromSecsSinceEpoch(lastHeartbeat).toLocalTime();
    const QString when = at.date() == now.toLocalTime().date()
                             ? QLocale().toString(at.time(), QLocale::ShortFormat)
                             : QLocale().toString(at, QLocale::ShortFormat);
    return QCoreApplication::translate("ferry::ui::NodeStatus", "Last heartbeat: %1").arg(when);
}

QString directoryAbsenceText(const NodeSnapshot& s) {
    if (!s.limits.listInDirectories)
        return QCoreApplication::translate("ferry::ui::NodeStatus",
                                           "Off: your relay is not listed in relay directories. "
                                           "You can change this under Limits.");
    if (s.directoriesConfigured.isEmpty())
        return QCoreApplication::translate(
            "ferry::ui::NodeStatus",
            "No relay directory is set up. Add one under Settings → Relays, and your relay "
            "registers there so that other people's apps can find it.");
    if (!s.directories.isEmpty())
        return {};
    if (s.state == NodeState::Running || s.state == NodeState::Limited)
        return QCoreApplication::translate(
            "ferry::ui::NodeStatus",
            "Not yet: your relay registers once it has an address that others can reach (a "
            "port your router forwards, a tunnel, or an address another relay has reached).");
    return QCoreApplication::translate(
        "ferry::ui::NodeStatus",
        "Your relay registers with the relay directories in your settings while it runs.");
}

QString natMethodName(core::nat::MappingProtocol method) {
    switch (method) {
    case core::nat::MappingProtocol::Upnp:
        return QCoreApplication::translate("ferry::ui::NodeStatus", "UPnP");
    case core::nat::MappingProtocol::NatPmp:
        return QCoreApplication::translate("ferry::ui::NodeStatus", "NAT-PMP");
    case core::nat::MappingProtocol::None:
        break;
    }
    return QCoreApplication::translate("ferry::ui::NodeStatus", "no method");
}

QString nodeStatusLine(const NodeSnapshot& snapshot) {
    switch (snapshot.state) {
    case NodeState::Stopped:
        return QCoreApplication::translate("ferry::ui::NodeStatus", "Your relay is stopped.");
    case NodeState::Starting:
        return QCoreApplication::translate("ferry::ui::NodeStatus", "Starting your relay…");
    case NodeState::Running:
        return runningLine(snapshot);
    case NodeState::Limited:
        return limitedLine(snapshot);
    case NodeState::Paused:
        return pausedLine(snapshot);
    case NodeState::Failed:
        if (snapshot.reason.trimmed().isEmpty())
            return QCoreApplication::translate("ferry::ui::NodeStatus",
                                               "Your relay could not start.");
        return QCoreApplication::translate("ferry::ui::NodeStatus",
                                           "Your relay could not start: %1")
            .arg(ending(snapshot.reason));
    }
    return {};
}

QString formatDuration(qint64 seconds) {
    constexpr qint64 kMinute = 60;
    constexpr qint64 kHour = 60 * kMinute;
    constexpr qint64 kDay = 24 * kHour;
    const qint64 s = std::max<qint64>(0, seconds);
    if (s < kMinute)
        return QCoreApplication::translate("ferry::ui::NodeStatus", "%1 s").arg(s);
    if (s < kHour)
        return QCoreApplication::translate("ferry::ui::NodeStatus", "%1 min").arg(s / kMinute);
    if (s < kDay) {
        if (s % kHour < kMinute)
            return QCoreApplication::translate("ferry::ui::NodeStatus", "%1 h").arg(s / kHour);
        return QCoreApplication::translate("ferry::ui::NodeStatus", "%1 h %2 min")
            .arg(s / kHour)
            .arg(s % kHour / kMinute);
    }
    if (s % kDay < kHour)
        return QCoreApplication::translate("ferry::ui::NodeStatus", "%1 d").arg(s / kDay);
    return QCoreApplication::translate("ferry::ui::NodeStatus", "%1 d %2 h")
        .arg(s / kDay)
        .arg(s % kDay / kHour);
}

QString formatBytes(quint64 bytes) {
    // Traditional units (KB, MB, GB in powers of 1024): the ones most people know. One
    // decimal below 100 units ("12.3 MB", "1.0 GB"), none from there ("950 MB").
    double scaled = static_cast<double>(bytes);
    while (scaled >= 1024)
        scaled /= 1024;
    const int precision = bytes >= 1024 && scaled < 100 ? 1 : 0;
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), precision,
                                       QLocale::DataSizeTraditionalFormat);
}

} // namespace ferry::ui
