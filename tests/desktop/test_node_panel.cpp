// The Node panel's views: the status sentence and figures for given snapshots, the traffic
// chart, the address QR code, and what the switch, Retry, range buttons and limits dialog
// report.
#include "ui/node_limits_dialog.h"
#include "ui/node_panel.h"
#include "ui/node_status_text.h"
#include "ui/qr_code_widget.h"
#include "ui/qr_image.h"
#include "ui/traffic_chart.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>
#include <algorithm>

using namespace ferry::ui;

namespace {

constexpr quint64 kMB = 1ull << 20;
constexpr quint64 kGB = 1ull << 30;
const QString kAddress =
    QStringLiteral("smp://u2dS9sG8nMNURyZwqASV4yROM28Er0luVTx5X1CsMrU=@relay.example.org:5223");

template <typename W> W* find(QObject& parent, const char* name) {
    auto* widget = parent.findChild<W*>(QLatin1String(name));
    if (!widget)
        qFatal("no widget %s", name);
    return widget;
}

QString labelText(QObject& parent, const char* name) {
    return find<QLabel>(parent, name)->text();
}

NodeSnapshot snapshotIn(NodeState state, const QString& reason = {}) {
    NodeSnapshot snapshot;
    snapshot.state = state;
    snapshot.reason = reason;
    return snapshot;
}

QList<TrafficPoint> trafficPoints(int count, qint64 stepSeconds) {
    const QDateTime end = QDateTime::currentDateTimeUtc();
    QList<TrafficPoint> points;
    for (int i = 0; i < count; ++i)
        points.append({end.addSecs(-stepSeconds * (count - 1 - i)), 1000.0 * i, 500.0 * i});
    return points;
}

/// A running relay whose port mapping is in `state`, with the mapper's classification.
NodeSnapshot runningWith(ferry::core::nat::MappingState state, ferry::core::nat::NatClass kind) {
    NodeSnapshot snapshot = snapshotIn(NodeState::Running);
    snapshot.address = kAddress;
    snapshot.nat.state = state;
    snapshot.nat.classification = kind;
    snapshot.nat.reason = QStringLiteral("what the mapper said");
    snapshot.nat.classificationReason = QStringLiteral("why it thinks so");
    return snapshot;
}

} // namespace

Q_DECLARE_METATYPE(ferry::ui::NodeState)

class TestNodePanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        // Fixed English number and size formats, whatever the machine's locale.
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void statusLineForEachState_data() {
        QTest::addColumn<NodeState>("state");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("line");
        QTest::newRow("stopped") << NodeState::Stopped << QString()
                                 << QStringLiteral("Your relay is stopped.");
        QTest::newRow("starting") << NodeState::Starting << QString()
                                  << QStringLiteral("Starting your relay…");
        QTest::newRow("running") << NodeState::Running << QString()
                                 << QStringLiteral(
                                        "Your relay is running. Whether it is reachable from the "
                                        "internet is not known yet.");
        QTest::newRow("limited")
            << NodeState::Limited << QStringLiteral("90% of today's traffic quota is used")
            << QStringLiteral("Your relay is running but takes no new queues: 90% of today's "
                              "traffic quota is used.");
        QTest::newRow("paused") << NodeState::Paused << QStringLiteral("the disk is full.")
                                << QStringLiteral("Your relay is paused: the disk is full.");
        QTest::newRow("failed") << NodeState::Failed
                                << QStringLiteral("port 5223 is already in use.")
                                << QStringLiteral(
                                       "Your relay could not start: port 5223 is already in use.");
    }

    void statusLineForEachState() {
        QFETCH(NodeState, state);
        QFETCH(QString, reason);
        QFETCH(QString, line);
        const NodeSnapshot snapshot = snapshotIn(state, reason);
        QCOMPARE(nodeStatusLine(snapshot), line);

        NodePanel panel;
        panel.show();
        panel.showSnapshot(snapshot);
        QCOMPARE(labelText(panel, "nodeStatusLine"), line);
        QCOMPARE(find<QPushButton>(panel, "retryButton")->isVisible(), state == NodeState::Failed);
        QCOMPARE(find<QCheckBox>(panel, "contributeSwitch")->isChecked(),
                 state != NodeState::Stopped);
    }

    void quotaSentencesFromTheFigures() {
        NodeSnapshot snapshot = snapshotIn(NodeState::Paused);
        snapshot.limits.dailyQuotaBytes = 1 * kGB;
        snapshot.trafficTodayBytes = 1 * kGB;
        QCOMPARE(nodeStatusLine(snapshot),
                 QStringLiteral("Your relay is paused until tomorrow: today's traffic quota is "
                                "used up."));
        snapshot.limits.monthlyQuotaBytes = 10 * kGB;
        snapshot.trafficMonthBytes = 10 * kGB;
        QCOMPARE(nodeStatusLine(snapshot),
                 QStringLiteral("Your relay is paused until next month: this month's traffic "
                                "quota is used up."));

        NodeSnapshot limited = snapshotIn(NodeState::Limited);
        limited.limits.dailyQuotaBytes = 1000 * kMB;
        limited.trafficTodayBytes = 900 * kMB;
        QCOMPARE(nodeStatusLine(limited),
                 QStringLiteral("Your relay is running but takes no new queues: 90% of today's "
                                "traffic quota is used."));
        QCOMPARE(nodeStatusLine(snapshotIn(NodeState::Failed)),
                 QStringLiteral("Your relay could not start."));
    }

    void natRowsAndStatusForEachMapping_data() {
        using ferry::core::nat::MappingProtocol;
        using ferry::core::nat::MappingState;
        using ferry::core::nat::NatClass;
        QTest::addColumn<NodeSnapshot>("snapshot");
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("external");
        QTest::addColumn<QString>("mapping");
        QTest::addColumn<QString>("reachable");

        NodeSnapshot upnp = runningWith(MappingState::Mapped, NatClass::Mapped);
        upnp.nat.method = MappingProtocol::Upnp;
        upnp.nat.externalAddress = QStringLiteral("11.7.0.1");
        upnp.nat.externalPort = 5223;
        upnp.nat.leaseSecondsLeft = 3540;
        QTest::newRow("mapped with UPnP")
            << upnp
            << QStringLiteral("Your relay is running; the router forwards port 5223 to it (UPnP). "
                              "Whether it is reachable from the internet is not verified yet.")
            << QStringLiteral("11.7.0.1:5223")
            << QStringLiteral("Your router forwards port 5223 to this computer (UPnP) · lease "
                              "59 min left")
            << QStringLiteral("Not verified yet: the router forwards a port to this computer. "
                              "A Ferry relay in your relay list can check it.");

        NodeSnapshot natPmp = upnp;
        natPmp.nat.method = MappingProtocol::NatPmp;
        natPmp.nat.externalPort = 40123;
        natPmp.nat.permanent = true;
        natPmp.nat.leaseSecondsLeft = 0;
        QTest::newRow("mapped with NAT-PMP, permanent")
            << natPmp
            << QStringLiteral("Your relay is running; the router forwards port 40123 to it "
                              "(NAT-PMP). Whether it is reachable from the internet is not "
                              "verified yet.")
            << QStringLiteral("11.7.0.1:40123")
            << QStringLiteral("Your router forwards port 40123 to this computer (NAT-PMP) · no "
                              "lease: Ferry deletes it when your relay stops")
            << QStringLiteral("Not verified yet: the router forwards a port to this computer. "
                              "A Ferry relay in your relay list can check it.");

        QTest::newRow("double NAT")
            << runningWith(MappingState::Error, NatClass::DoubleNat)
            << QStringLiteral("Your relay is running, reachable only on your local network: "
                              "double NAT / carrier-grade NAT.")
            << QStringLiteral("Not known: another NAT in front of your router hides it")
            << QStringLiteral("Not possible: your router is itself behind another NAT (double "
                              "NAT or carrier-grade NAT)")
            << QStringLiteral("Not verified yet: probably only on your local network: double "
                              "NAT or carrier-grade NAT is in the way. A Ferry relay in your "
                              "relay list can check it.");

        QTest::newRow("no mapping support")
            << runningWith(MappingState::Error, NatClass::NoMappingSupport)
            << QStringLiteral("Your relay is running, reachable only on your local network: the "
                              "router does not support port mapping.")
            << QStringLiteral("Not known yet: your router has not told Ferry")
            << QStringLiteral("Failed: no router answered UPnP or NAT-PMP, or it refused. Ferry "
                              "tries again in a few minutes.")
            << QStringLiteral("Not verified yet: probably only on your local network: the "
                              "router does not support port mapping. A Ferry relay in your "
                              "relay list can check it.");

        QTest::newRow("renewal failed")
            << runningWith(MappingState::Error, NatClass::Mapped)
            << QStringLiteral("Your relay is running, but the router stopped forwarding its "
                              "port; Ferry tries again in a few minutes.")
            << QStringLiteral("Not known yet: your router has not told Ferry")
            << QStringLiteral("Failed: the router stopped forwarding the port. Ferry tries again "
                              "in a few minutes.")
            << QStringLiteral("Not verified yet: the router forwards a port to this computer. "
                              "A Ferry relay in your relay list can check it.");

        QTest::newRow("public address")
            << runningWith(MappingState::Unmapped, NatClass::Public)
            << QStringLiteral("Your relay is running on this computer's public address. Whether "
                              "it is reachable from the internet is not verified yet.")
            << QStringLiteral("This computer's own address: it has a public one")
            << QStringLiteral("Not needed: this computer has a public address")
            << QStringLiteral("Not verified yet: this computer has a public address. A Ferry "
                              "relay in your relay list can check it.");

        QTest::newRow("asking the router")
            << runningWith(MappingState::Mapping, NatClass::Unknown)
            << QStringLiteral("Your relay is running; Ferry is asking the router to forward its "
                              "port.")
            << QStringLiteral("Not known yet: your router has not told Ferry")
            << QStringLiteral("Asking your router to forward port 5223…")
            << QStringLiteral("Not verified yet: Ferry has not asked your router yet. A Ferry "
                              "relay in your relay list can check it.");

        QTest::newRow("stopped")
            << snapshotIn(NodeState::Stopped) << QStringLiteral("Your relay is stopped.")
            << QStringLiteral("Not known yet: Ferry asks your router while your relay runs")
            << QStringLiteral("Not tried yet: Ferry asks your router while your relay runs")
            << QStringLiteral("Not verified yet: Ferry has not asked your router yet. A Ferry "
                              "relay in your relay list can check it.");
    }

    // What the dial-back check and the tunnel found, in the status line and the rows.
    void reachabilityRowsAndStatus_data() {
        using ferry::core::nat::MappingState;
        using ferry::core::nat::NatClass;
        using ferry::core::node::NodeRoute;
        using ferry::core::node::ReachabilityVerdict;
        using ferry::core::node::TunnelState;
        QTest::addColumn<NodeSnapshot>("snapshot");
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("reachable");
        QTest::addColumn<QString>("tunnel");
        const qint64 checkedAt = QDateTime(QDate(2026, 11, 26), QTime(9, 30)).toSecsSinceEpoch();

        NodeSnapshot mapped = runningWith(MappingState::Mapped, NatClass::Mapped);
        mapped.reach.route = NodeRoute::Mapped;
        mapped.reach.verdict = ReachabilityVerdict::Reachable;
        mapped.reach.reachableNow = true;
        mapped.reach.checkedAt = checkedAt;
        mapped.reach.checker = QStringLiteral("relay.example:5223");
        mapped.reach.observedAddress = QStringLiteral("203.0.113.7");
        mapped.reach.internetAddress = true;
        mapped.reach.publishedHost = QStringLiteral("198.51.100.20");
        QTest::newRow("mapped and proven")
            << mapped << QStringLiteral("Your relay is running and reachable from the internet.")
            << QStringLiteral("Yes: relay.example:5223 reached it from outside at 9:30 AM")
            << QStringLiteral("Not needed so far");

        NodeSnapshot local = mapped; // a relay on the same network checked a LAN address
        local.reach.route = NodeRoute::Direct;
        local.reach.internetAddress = false;
        local.reach.publishedHost = QStringLiteral("192.168.1.5");
        QTest::newRow("proven, but only on the local network")
            << local
            << QStringLiteral("Your relay is running and reachable at 192.168.1.5, a local "
                              "address: only computers on the same network can use it.")
            << QStringLiteral("Only on this network: relay.example:5223 reached it at "
                              "192.168.1.5, a local address, at 9:30 AM")
            << QStringLiteral("Not needed so far");

        NodeSnapshot stale = mapped;
        stale.reach.reachableNow = false; // checked more than an hour ago
        stale.nat.externalPort = 5223;
        stale.nat.method = ferry::core::nat::MappingProtocol::Upnp;
        QTest::newRow("proven, but over an hour ago")
            << stale
            << QStringLiteral("Your relay is running; the router forwards port 5223 to it "
                              "(UPnP). Whether it is reachable from the internet is not "
                              "verified yet.")
            << QStringLiteral("Not verified lately: the last check, at 9:30 AM, got through")
            << QStringLiteral("Not needed so far");

        NodeSnapshot tunnelled = runningWith(MappingState::Error, NatClass::DoubleNat);
        tunnelled.reach = mapped.reach;
        tunnelled.reach.route = NodeRoute::Tunnel;
        tunnelled.reach.tunnelUsed = true;
        tunnelled.reach.tunnelState = TunnelState::Open;
        tunnelled.reach.tunnelRelay = QStringLiteral("core.example");
        tunnelled.reach.tunnelPort = 20001;
        QTest::newRow("through the tunnel")
            << tunnelled
            << QStringLiteral("Your relay is running and reachable from the internet through a "
                              "tunnel via core.example.")
            << QStringLiteral("Yes: relay.example:5223 reached it from outside at 9:30 AM")
            << QStringLiteral("Open: clients reach your relay through core.example, port 20001");

        NodeSnapshot checking = tunnelled;
        checking.reach.verdict = ReachabilityVerdict::Checking;
        checking.reach.reachableNow = false;
        QTest::newRow("tunnel open, being checked")
            << checking
            << QStringLiteral("Your relay is running through a tunnel via core.example; Ferry "
                              "is checking that it is reachable.")
            << QStringLiteral("Checking: another relay is dialling it back…")
            << QStringLiteral("Open: clients reach your relay through core.example, port 20001");

        NodeSnapshot refused = runningWith(MappingState::Error, NatClass::NoMappingSupport);
        refused.reach.route = NodeRoute::None;
        refused.reach.tunnelUsed = true;
        refused.reach.tunnelState = TunnelState::Refused;
        refused.reach.tunnelReason = QStringLiteral("this relay does not run a tunnel service");
        QTest::newRow("tunnel refused")
            << refused
            << QStringLiteral("Your relay is running; nothing outside reaches it directly, so "
                              "Ferry is opening a tunnel through one of your relays.")
            << QStringLiteral("Not verified yet: probably only on your local network: the "
                              "router does not support port mapping. A Ferry relay in your "
                              "relay list can check it.")
            << QStringLiteral("Refused: your relay does not carry a tunnel for this one. Ferry "
                              "asks again in a few minutes.");

        NodeSnapshot unreachable = runningWith(MappingState::Unmapped, NatClass::Unknown);
        unreachable.reach.route = NodeRoute::Direct;
        unreachable.reach.verdict = ReachabilityVerdict::Unreachable;
        unreachable.reach.checkedAt = checkedAt;
        unreachable.reach.checker = QStringLiteral("relay.example:5223");
        unreachable.reach.detail = QStringLiteral("connect: Connection refused");
        QTest::newRow("checked, not reachable")
            << unreachable
            << QStringLiteral("Your relay is running, but nothing outside can reach it: it "
                              "serves only your local network.")
            << QStringLiteral("No: relay.example:5223 could not reach it (checked at 9:30 AM)")
            << QStringLiteral("Not needed so far");
    }

    void reachabilityRowsAndStatus() {
        QFETCH(NodeSnapshot, snapshot);
        QFETCH(QString, line);
        QFETCH(QString, reachable);
        QFETCH(QString, tunnel);
        NodePanel panel;
        panel.showSnapshot(snapshot);
        QCOMPARE(labelText(panel, "nodeStatusLine"), line);
        QCOMPARE(labelText(panel, "natReachableValue"), reachable);
        QCOMPARE(labelText(panel, "tunnelValue"), tunnel);
        // "Check again" is there while the relay is published somewhere.
        auto* recheck = find<QPushButton>(panel, "recheckButton");
        QCOMPARE(recheck->isVisibleTo(&panel),
                 snapshot.reach.route != ferry::core::node::NodeRoute::None);
        if (!snapshot.reach.observedAddress.isEmpty() && !snapshot.nat.mapped())
            QCOMPARE(labelText(panel, "natExternalValue"),
                     snapshot.reach.observedAddress + ", as another relay saw this computer");
        if (snapshot.reach.verdict == ferry::core::node::ReachabilityVerdict::Unreachable)
            QCOMPARE(find<QLabel>(panel, "natReachableValue")->toolTip(), snapshot.reach.detail);
        QSignalSpy asked(&panel, &NodePanel::recheckRequested);
        if (recheck->isVisibleTo(&panel) && recheck->isEnabled()) {
            recheck->click();
            QCOMPARE(asked.count(), 1);
        }
    }

    void natRowsAndStatusForEachMapping() {
        QFETCH(NodeSnapshot, snapshot);
        QFETCH(QString, line);
        QFETCH(QString, external);
        QFETCH(QString, mapping);
        QFETCH(QString, reachable);
        QCOMPARE(nodeStatusLine(snapshot), line);
        NodePanel panel;
        panel.showSnapshot(snapshot);
        QCOMPARE(labelText(panel, "nodeStatusLine"), line);
        QCOMPARE(labelText(panel, "natExternalValue"), external);
        QCOMPARE(labelText(panel, "natMappingValue"), mapping);
        QCOMPARE(labelText(panel, "natReachableValue"), reachable);
        // The mapper's own words are there for whoever wants the details.
        if (snapshot.nat.state != ferry::core::nat::MappingState::Unmapped ||
            snapshot.nat.classification != ferry::core::nat::NatClass::Unknown)
            QCOMPARE(find<QLabel>(panel, "natMappingValue")->toolTip(),
                     QStringLiteral("what the mapper said"));
        // A limited relay keeps its quota sentence; the rows still show the mapping.
        snapshot.state = NodeState::Limited;
        panel.showSnapshot(snapshot);
        QVERIFY(labelText(panel, "nodeStatusLine").contains(QStringLiteral("no new queues")));
        QCOMPARE(labelText(panel, "natMappingValue"), mapping);
    }

    void durationsAndSizes() {
        QCOMPARE(formatDuration(0), QStringLiteral("0 s"));
        QCOMPARE(formatDuration(45), QStringLiteral("45 s"));
        QCOMPARE(formatDuration(10 * 60 + 5), QStringLiteral("10 min"));
        QCOMPARE(formatDuration(2 * 3600 + 14 * 60 + 9), QStringLiteral("2 h 14 min"));
        QCOMPARE(formatDuration(2 * 3600 + 30), QStringLiteral("2 h"));
        QCOMPARE(formatDuration(3 * 86400 + 4 * 3600 + 59), QStringLiteral("3 d 4 h"));
        QCOMPARE(formatDuration(-5), QStringLiteral("0 s"));
        QCOMPARE(formatBytes(12.3 * kMB), QStringLiteral("12.3 MB"));
        QCOMPARE(formatBytes(kGB), QStringLiteral("1.0 GB"));
        QCOMPARE(formatBytes(512), QStringLiteral("512 bytes"));
        QCOMPARE(formatBytes(250 * kMB), QStringLiteral("250 MB"));
    }

    void figures() {
        NodeSnapshot s = snapshotIn(NodeState::Running);
        s.sessionUptimeSeconds = 2 * 3600 + 14 * 60;
        s.uptimeShare7Days = 0.871;
        s.uptimeShare30Days = 0.5;
        s.connectionsNow = 17;
        s.queuesHosted = 1234;
        s.messagesSession = 56;
        s.messagesToday = 789;
        s.messagesAllTime = 1234567;
        s.peopleHelped24h = 42;
        s.proxiedSession = 2500;
        s.storageUsedBytes = 12.3 * kMB;
        s.trafficTodayBytes = 950 * kMB;
        s.trafficMonthBytes = 3 * kGB;
        s.limits.dailyQuotaBytes = 1000 * kMB;

        NodePanel panel;
        panel.showSnapshot(s);
        QCOMPARE(labelText(panel, "uptimeValue"),
                 QStringLiteral("2 h 14 min this session · 87% of the last 7 days · 50% of the "
                                "last 30 days"));
        QCOMPARE(labelText(panel, "connectionsValue"), QStringLiteral("17 of at most 512"));
        QCOMPARE(labelText(panel, "queuesValue"), QStringLiteral("1,234"));
        QCOMPARE(labelText(panel, "messagesValue"),
                 QStringLiteral("56 this session · 789 today · 1,234,567 all time"));
        QCOMPARE(labelText(panel, "helpedValue"), QStringLiteral("42"));
        QCOMPARE(labelText(panel, "proxiedValue"), QStringLiteral("2,500 this session"));
        QCOMPARE(labelText(panel, "storageValue"), QStringLiteral("12.3 MB of 1.0 GB"));
        QCOMPARE(labelText(panel, "trafficTodayValue"), QStringLiteral("950 MB of 1,000 MB"));
        QCOMPARE(labelText(panel, "trafficMonthValue"), QStringLiteral("3.0 GB, no limit"));

        auto* storageBar = find<QProgressBar>(panel, "storageBar");
        QVERIFY(!storageBar->isHidden());
        NodeSnapshot noProxy = s;
        noProxy.limits.proxy = false;
        NodePanel off;
        off.showSnapshot(noProxy);
        QCOMPARE(labelText(off, "proxiedValue"), QStringLiteral("off (Limits)"));
        QCOMPARE(storageBar->value(), 12); // 12.3 MB of 1 GB, in thousandths
        QCOMPARE(find<QProgressBar>(panel, "trafficTodayBar")->value(), 950);
        QVERIFY(find<QProgressBar>(panel, "trafficMonthBar")->isHidden()); // no limit

        s.state = NodeState::Stopped;
        s.sessionUptimeSeconds = 0;
        panel.showSnapshot(s);
        QVERIFY(labelText(panel, "uptimeValue").startsWith(QStringLiteral("not running now · ")));
    }

    void rowsNotKnownYetSaySo() {
        NodePanel panel;
        panel.showSnapshot(snapshotIn(NodeState::Running));
        for (const char* name : {"natExternalValue", "natMappingValue", "natReachableValue"}) {
            const QString text = labelText(panel, name);
            QVERIFY2(text.startsWith(QStringLiteral("Not ")), qPrintable(text));
        }
        QVERIFY2(labelText(panel, "directoryNoneLabel")
                     .startsWith(QStringLiteral("No relay directory is set up.")),
                 qPrintable(labelText(panel, "directoryNoneLabel")));
    }

    // "Relay directory": a row per directory with where the relay stands and its last
    // heartbeat, or one sentence on why there is none.
    void directoryRowsForEachStanding() {
        const QString first = QStringLiteral(
            "https://AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=@directory.example.org");
        const QString second =
            QStringLiteral("https://AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=@203.0.113.7:8443");
        NodePanel panel;
        panel.show();
        NodeSnapshot s = snapshotIn(NodeState::Stopped);
        s.directoriesConfigured = {first, second};
        panel.showSnapshot(s);
        auto* none = find<QLabel>(panel, "directoryNoneLabel");
        QVERIFY(none->isVisible());
        QCOMPARE(none->text(), QStringLiteral("Your relay registers with the relay directories in "
                                              "your settings while it runs."));
        s.state = NodeState::Running;
        panel.showSnapshot(s);
        QVERIFY2(none->text().startsWith(QStringLiteral("Not yet: your relay registers once it "
                                                        "has an address that others can reach")),
                 qPrintable(none->text()));
        s.limits.listInDirectories = false;
        panel.showSnapshot(s);
        QVERIFY(none->text().startsWith(QStringLiteral("Off: your relay is not listed")));
        s.limits.listInDirectories = true;

        const QDateTime now = QDateTime::currentDateTime();
        NodeDirectory listed{
            first, NodeDirectory::Phase::Registered,     QStringLiteral("probation"),
            0.214, now.addSecs(-120).toSecsSinceEpoch(), {}};
        NodeDirectory failed{second, NodeDirectory::Phase::Failed,
                             {},     0,
                             0,      QStringLiteral("the directory could not reach the relay")};
        s.directories = {listed, failed};
        panel.showSnapshot(s);
        QVERIFY(none->isHidden());
        QList<QLabel*> rows;
        for (auto* label : panel.findChildren<QLabel*>(QStringLiteral("directoryStanding")))
            rows.append(label);
        QCOMPARE(rows.size(), 2);
        std::sort(rows.begin(), rows.end(), [](QLabel* a, QLabel* b) {
            return a->property("directory").toString() < b->property("directory").toString();
        });
        QCOMPARE(rows[0]->property("directory").toString(), first);
        QCOMPARE(rows[0]->text(),
                 QStringLiteral("On probation: listed with little weight until your relay has "
                                "shown uptime · health score 0.21\nLast heartbeat: %1")
                     .arg(QLocale().toString(now.addSecs(-120).time(), QLocale::ShortFormat)));
        QCOMPARE(rows[0]->toolTip(), first);
        QCOMPARE(rows[1]->text(), QStringLiteral("Not registered: the directory could not reach "
                                                 "the relay. Ferry tries again in a while.\n"
                                                 "Last heartbeat: none yet"));

        // The same directories again: the rows stay and only their texts change.
        listed.state = QStringLiteral("listed");
        listed.score = 0.8;
        s.directories = {listed, failed};
        panel.showSnapshot(s);
        QVERIFY(rows[0]->text().startsWith(QStringLiteral("Listed · health score 0.80\n")));
        // One directory left: one row.
        s.directories = {listed};
        panel.showSnapshot(s);
        QTRY_COMPARE(panel.findChildren<QLabel*>(QStringLiteral("directoryStanding")).size(), 1);
    }

    void directoryStandingTexts() {
        NodeDirectory d;
        QVERIFY(directoryStandingText(d).startsWith(QStringLiteral("Registering: ")));
        d.phase = NodeDirectory::Phase::Registered;
        d.state = QStringLiteral("down");
        d.score = 0;
        QCOMPARE(directoryStandingText(d),
                 QStringLiteral("Marked down: the directory could not reach your relay lately · "
                                "health score 0.00"));
        d.state = QStringLiteral("someday");
        QCOMPARE(directoryStandingText(d),
                 QStringLiteral("Registered (someday) · health score 0.00"));
        const QDateTime now(QDate(2026, 5, 17), QTime(15, 30));
        QCOMPARE(heartbeatText(0, now), QStringLiteral("Last heartbeat: none yet"));
        const QDateTime earlier(QDate(2026, 5, 16), QTime(23, 50));
        QCOMPARE(heartbeatText(earlier.toSecsSinceEpoch(), now),
                 QStringLiteral("Last heartbeat: ") +
                     QLocale().toString(earlier, QLocale::ShortFormat));
    }

    void addressQrDecodesBack() {
        NodePanel panel;
        panel.resize(700, 900);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(find<QLabel>(panel, "noAddressLabel")->isVisible());
        QVERIFY(!find<QLineEdit>(panel, "nodeAddressField")->isVisible());

        NodeSnapshot s = snapshotIn(NodeState::Running);
        s.address = kAddress;
        panel.showSnapshot(s);
        auto* qr = find<QrCodeWidget>(panel, "nodeAddressQr");
        QVERIFY(qr->isVisible());
        QVERIFY(!find<QLabel>(panel, "noAddressLabel")->isVisible());
        QCOMPARE(qr->width(), 180);
        QCOMPARE(decodeQrImage(qr->grab().toImage()), std::optional<QString>(kAddress));
        auto* field = find<QLineEdit>(panel, "nodeAddressField");
        QCOMPARE(field->text(), kAddress);
        QVERIFY(field->isReadOnly());

        find<QPushButton>(panel, "copyAddressButton")->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), kAddress);
    }

    void trafficChartPlotsThePoints() {
        NodePanel panel;
        panel.show();
        auto* chart = find<TrafficChart>(panel, "trafficChart");
        auto* empty = find<QLabel>(panel, "trafficEmptyLabel");
        QCOMPARE(chart->pointCount(), 0);
        QVERIFY(empty->isVisible());

        panel.setTraffic(TrafficRange::LastHour, trafficPoints(60, 60));
        QCOMPARE(chart->pointCount(), 60);
        QVERIFY(!empty->isVisible());
        QCOMPARE(chart->range(), TrafficRange::LastHour);

        // A late answer for a range the user did not choose is not plotted.
        panel.setTraffic(TrafficRange::LastDay, trafficPoints(24, 3600));
        QCOMPARE(chart->pointCount(), 60);

        // Megabytes per second plot just the same.
        QList<TrafficPoint> fast = trafficPoints(5, 60);
        fast.last().bytesInPerSecond = 50.0 * kMB;
        panel.setTraffic(TrafficRange::LastHour, fast);
        QCOMPARE(chart->pointCount(), 5);

        panel.setTraffic(TrafficRange::LastHour, {});
        QCOMPARE(chart->pointCount(), 0);
        QVERIFY(empty->isVisible());
    }

    void rangeSwitchReportsTheRange() {
        NodePanel panel;
        panel.show();
        QSignalSpy changed(&panel, &NodePanel::rangeChanged);
        QCOMPARE(panel.range(), TrafficRange::LastHour);

        find<QPushButton>(panel, "rangeDayButton")->click();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<TrafficRange>(), TrafficRange::LastDay);
        QCOMPARE(panel.range(), TrafficRange::LastDay);
        QVERIFY(find<QPushButton>(panel, "rangeDayButton")->isChecked());
        QVERIFY(!find<QPushButton>(panel, "rangeHourButton")->isChecked());

        find<QPushButton>(panel, "rangeDayButton")->click(); // already chosen
        QCOMPARE(changed.count(), 1);

        panel.setTraffic(TrafficRange::LastDay, trafficPoints(24, 3600));
        auto* chart = find<TrafficChart>(panel, "trafficChart");
        QCOMPARE(chart->pointCount(), 24);
        QCOMPARE(chart->range(), TrafficRange::LastDay);

        find<QPushButton>(panel, "rangeMonthButton")->click();
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.at(1).at(0).value<TrafficRange>(), TrafficRange::LastMonth);
    }

    void switchAndRetryReportTheUser() {
        NodePanel panel;
        panel.show();
        QSignalSpy toggled(&panel, &NodePanel::enabledToggled);
        QSignalSpy retry(&panel, &NodePanel::retryRequested);
        auto* contribute = find<QCheckBox>(panel, "contributeSwitch");

        contribute->click();
        QCOMPARE(toggled.count(), 1);
        QCOMPARE(toggled.at(0).at(0).toBool(), true);

        // Snapshots move the switch without reporting it as the user's doing.
        panel.showSnapshot(snapshotIn(NodeState::Running));
        panel.showSnapshot(snapshotIn(NodeState::Stopped));
        panel.showSnapshot(snapshotIn(NodeState::Failed, QStringLiteral("port in use")));
        QCOMPARE(toggled.count(), 1);
        QVERIFY(contribute->isChecked());

        auto* retryButton = find<QPushButton>(panel, "retryButton");
        QVERIFY(retryButton->isVisible());
        retryButton->click();
        QCOMPARE(retry.count(), 1);

        contribute->click();
        QCOMPARE(toggled.count(), 2);
        QCOMPARE(toggled.at(1).at(0).toBool(), false);
    }

    void limitsProblems() {
        const NodeLimits defaults;
        QVERIFY(NodeLimitsDialog::limitsProblem(defaults).isEmpty());
        NodeLimits limits = defaults;
        limits.port = 80;
        QVERIFY(NodeLimitsDialog::limitsProblem(limits).contains(QStringLiteral("1024")));
        limits = defaults;
        limits.storageCapBytes = 5 * kMB;
        QVERIFY(!NodeLimitsDialog::limitsProblem(limits).isEmpty());
        limits = defaults;
        limits.dailyQuotaBytes = 2 * kGB;
        limits.monthlyQuotaBytes = 1 * kGB;
        QVERIFY(NodeLimitsDialog::limitsProblem(limits).contains(QStringLiteral("monthly")));
        limits.monthlyQuotaBytes = 0; // no monthly limit
        QVERIFY(NodeLimitsDialog::limitsProblem(limits).isEmpty());
        limits.dailyQuotaBytes = kMB;
        QVERIFY(!NodeLimitsDialog::limitsProblem(limits).isEmpty());
    }

    void limitsDialogShowsWhatItIsGiven() {
        NodeLimits limits;
        limits.port = 6001;
        limits.storageCapBytes = 1536 * kMB; // 1.5 GB
        limits.dailyQuotaBytes = 1500 * kMB; // not a round number of GB: shown in MB
        limits.monthlyQuotaBytes = 0;
        limits.maxConnections = 100;
        limits.proxy = false;
        limits.listInDirectories = false;
        NodeLimitsDialog dialog(limits);
        QCOMPARE(dialog.limits(), limits);
        QVERIFY(!find<QCheckBox>(dialog, "proxyCheck")->isChecked());
        QVERIFY(!find<QCheckBox>(dialog, "listInDirectoriesCheck")->isChecked());
        QCOMPARE(find<QDoubleSpinBox>(dialog, "storageCapNumber")->value(), 1.5);
        QCOMPARE(find<QComboBox>(dialog, "storageCapUnit")->currentIndex(), 1);
        QCOMPARE(find<QDoubleSpinBox>(dialog, "dailyQuotaNumber")->value(), 1500.0);
        QVERIFY(find<QCheckBox>(dialog, "monthlyQuotaNoLimit")->isChecked());
        QVERIFY(!find<QDoubleSpinBox>(dialog, "monthlyQuotaNumber")->isEnabled());

        auto* port = find<QSpinBox>(dialog, "portSpin");
        port->setValue(80); // below the range: the field keeps to 1024..65535
        QCOMPARE(port->value(), 1024);
    }

    void limitsDialogValidatesAndReports() {
        NodeSnapshot s = snapshotIn(NodeState::Running);
        s.limits.dailyQuotaBytes = 2 * kGB;
        NodePanel panel;
        panel.show();
        panel.showSnapshot(s);
        QList<NodeLimits> reported;
        connect(&panel, &NodePanel::limitsChanged, this,
                [&reported](const NodeLimits& limits) { reported.append(limits); });

        find<QPushButton>(panel, "limitsButton")->click();
        QPointer<NodeLimitsDialog> dialog = panel.findChild<NodeLimitsDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->limits(), s.limits);
        auto* error = find<QLabel>(*dialog, "errorLabel");
        auto* save = find<QPushButton>(*dialog, "saveLimitsButton");

        // Too little storage: refused, with a reason, and nothing reported.
        find<QComboBox>(*dialog, "storageCapUnit")->setCurrentIndex(0); // MB
        find<QDoubleSpinBox>(*dialog, "storageCapNumber")->setValue(5);
        save->click();
        QVERIFY(dialog->isVisible());
        QVERIFY(error->isVisible());
        QVERIFY(error->text().contains(QStringLiteral("storage")));
        QVERIFY(reported.isEmpty());

        // A monthly quota below the daily one: refused too.
        find<QDoubleSpinBox>(*dialog, "storageCapNumber")->setValue(500);
        find<QCheckBox>(*dialog, "monthlyQuotaNoLimit")->setChecked(false);
        find<QComboBox>(*dialog, "monthlyQuotaUnit")->setCurrentIndex(1); // GB
        find<QDoubleSpinBox>(*dialog, "monthlyQuotaNumber")->setValue(1);
        save->click();
        QVERIFY(dialog->isVisible());
        QVERIFY(error->text().contains(QStringLiteral("monthly")));
        QVERIFY(reported.isEmpty());

        find<QDoubleSpinBox>(*dialog, "monthlyQuotaNumber")->setValue(40);
        find<QSpinBox>(*dialog, "portSpin")->setValue(6000);
        find<QSpinBox>(*dialog, "maxConnectionsSpin")->setValue(64);
        save->click();
        QCOMPARE(reported.size(), 1);
        NodeLimits expected;
        expected.port = 6000;
        expected.storageCapBytes = 500 * kMB;
        expected.dailyQuotaBytes = 2 * kGB;
        expected.monthlyQuotaBytes = 40 * kGB;
        expected.maxConnections = 64;
        QCOMPARE(reported.first(), expected);
        QTRY_VERIFY(!dialog); // closed and deleted

        // Saving unchanged limits reports nothing.
        panel.showSnapshot(s);
        find<QPushButton>(panel, "limitsButton")->click();
        dialog = panel.findChild<NodeLimitsDialog*>();
        QVERIFY(dialog);
        find<QPushButton>(*dialog, "saveLimitsButton")->click();
        QCOMPARE(reported.size(), 1);
        QTRY_VERIFY(!dialog);
    }
};

QTEST_MAIN(TestNodePanel)
#include "test_node_panel.moc"
