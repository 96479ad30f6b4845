// "Contribute as relay" end to end: the switch runs a real relay inside this process, two
// profiles talk through it, and what the node reports equals what the relay counted; quotas
// stop it softly and then hard, with an injected clock, until the day turns.
#include "adapter_profile.h"
#include "agent/sync_agent.h"
#include "app/in_app_relay/in_app_relay.h"
#include "directory_fixture.h"
#include "free_port.h"
#include "nat/port_mapper.h"
#include "quick_port_mapper.h"
#include "relay_fixture.h"
#include "smp/server_address.h"
#include "test_smp_client.h"
#include "ui/main_window.h"
#include "ui/node_controller.h"
#include "ui/node_panel.h"
#include "ui/power_monitor.h"
#include "ui/preferences.h"
#include "ui/traffic_chart.h"
#include "util/clock.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>

using namespace ferry;
using namespace ferry::ui;
using ferry::test::AdapterProfile;

namespace {

constexpr int kTimeout = ferry::test::kAdapterTimeoutMs;

/// A profile with the in-app relay and its controller, as the app wires them.
struct Node {
    /// `advertisedHost` other than 127.0.0.1 (where it listens) is an address that leads
    /// nowhere, as a LAN address seen from outside.
    explicit Node(const core::Clock& clock, NodeLimits limits = {}, PowerMonitor* power = nullptr,
                  const std::vector<std::string>& relays = {},
                  const QString& advertisedHost = QStringLiteral("127.0.0.1"))
        : profile("Node"), preferences(profile.dir.path()) {
        for (const std::string& address : relays)
            profile.addRelay(address);
        limits.port = test::freeLoopbackPort();
        preferences.setNodeLimits(limits);
        app::InAppRelay::Options options;
        options.dataDir = profile.dir.filePath(QStringLiteral("relay"));
        options.advertisedHost = advertisedHost;
        options.listenAddress = QStringLiteral("127.0.0.1");
        relay = std::make_unique<app::InAppRelay>(options, profile->agent(), clock);
        controller = std::make_unique<NodeController>(*relay, *profile.get(), preferences, clock,
                                                      power, test::quickPortMapper);
    }

    bool waitFor(NodeState state) {
        return QTest::qWaitFor([&] { return controller->snapshot().state == state; }, kTimeout);
    }

    /// An SMP handshake with the node's relay on its address.
    bool handshakes() {
        auto address = core::smp::parseServerAddress(relay->address().toStdString());
        if (!address)
            return false;
        test::TestClientOptions o;
        o.port = address->port.value_or(5223);
        o.identity = address->keyHash;
        o.timeout = std::chrono::milliseconds(2000);
        return test::TestSmpClient::connect(o).ok();
    }

    AdapterProfile profile;
    Preferences preferences;
    std::unique_ptr<app::InAppRelay> relay;
    std::unique_ptr<NodeController> controller;
};

/// Two people who talk through `relayAddress`.
struct Pair {
    explicit Pair(const QString& relayAddress) : alice("Alice"), bob("Bob") {
        alice.addRelay(relayAddress.toStdString());
        bob.addRelay(relayAddress.toStdString());
        ferry::test::Answer<const QString&> invited;
        alice->createInvitation(&invited, invited.onDone(), invited.onFailed());
        if (!QTest::qWaitFor([&] { return invited.done > 0; }, kTimeout))
            return;
        QSignalSpy aliceConnected(alice.get(), &EngineAdapter::contactConnected);
        QSignalSpy bobConnected(bob.get(), &EngineAdapter::contactConnected);
        bob->connectLink(invited.first(), bob.get(), {}, {});
        if (!QTest::qWaitFor([&] { return !aliceConnected.isEmpty() && !bobConnected.isEmpty(); },
                             kTimeout))
            return;
        bobAtAlice = aliceConnected.last().first().value<ContactItem>().id;
    }

    /// Alice sends `count` messages and waits until Bob has them all.
    bool exchange(int count) {
        QSignalSpy received(bob.get(), &EngineAdapter::messageReceived);
        for (int i = 0; i < count; ++i)
            alice->sendMessage(bobAtAlice, QStringLiteral("message %1 ").arg(i).repeated(40),
                               alice.get(), {});
        return QTest::qWaitFor([&] { return received.count() == count; }, kTimeout);
    }

    AdapterProfile alice;
    AdapterProfile bob;
    qint64 bobAtAlice = 0;
};

bool folderHasPrivateKeyOtherThan(const QString& folder, const QString& allowedFile) {
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (QFileInfo(path).fileName() != allowedFile && file.open(QIODevice::ReadOnly) &&
            file.readAll().contains("PRIVATE KEY"))
            return true;
    }
    return false;
}

} // namespace

class TestNode : public QObject {
    Q_OBJECT

private slots:
    void switchRunsTheRelayAndStopsIt() {
        core::SystemClock clock;
        Node node(clock);
        QCOMPARE(node.controller->snapshot().state, NodeState::Stopped);
        node.controller->setEnabled(true);
        QVERIFY(node.waitFor(NodeState::Running));
        QVERIFY(node.preferences.nodeEnabled());
        QVERIFY(node.relay->address().startsWith(QStringLiteral("smp://")));
        QVERIFY(node.handshakes());

        // The offline CA key went into the encrypted profile, not into the relay's folder.
        const QString relayFolder = node.profile.dir.filePath(QStringLiteral("relay"));
        QVERIFY(!folderHasPrivateKeyOtherThan(relayFolder, QStringLiteral("server.key")));
        QVERIFY(!QFile::exists(relayFolder + QStringLiteral("/ca.key")));
        auto key = core::agent::SyncAgent(node.profile->agent()).nodeOfflineKey();
        QVERIFY(key.ok() && key->has_value());
        QVERIFY(
            std::string(reinterpret_cast<const char*>((*key)->view().data()), (*key)->view().size())
                .find("PRIVATE KEY") != std::string::npos);

        // A bandwidth cap applies at once, without a restart.
        NodeLimits limits = node.preferences.nodeLimits();
        limits.bandwidthBytesPerSecond = 64 * 1024;
        node.controller->setLimits(limits);
        QCOMPARE(node.relay->bandwidthLimit(), quint64{64 * 1024});
        QCOMPARE(node.controller->snapshot().state, NodeState::Running);

        // Off: the port closes at once; the relay's data stays for next time.
        const QString address = node.relay->address();
        node.controller->setEnabled(false);
        QCOMPARE(node.controller->snapshot().state, NodeState::Stopped);
        QVERIFY(!node.handshakes());
        QVERIFY(QFile::exists(relayFolder + QStringLiteral("/relay.ini")));
        // On again: same identity, same address.
        node.controller->setEnabled(true);
        QVERIFY(node.waitFor(NodeState::Running));
        QCOMPARE(node.relay->address(), address);
    }

    void panelSwitchAndFiguresInTheWindow() {
        core::SystemClock clock;
        Node node(clock);
        MainWindow window(*node.profile.get(), node.preferences, QStringLiteral("Node"),
                          node.controller.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showNodePage(true);
        NodePanel* panel = window.nodePanel();
        QVERIFY(panel->isVisible());

        // The switch on the panel starts the relay; its address appears with a QR code.
        auto* contribute = panel->findChild<QCheckBox*>(QStringLiteral("contributeSwitch"));
        QVERIFY(contribute && !contribute->isChecked());
        contribute->click();
        QVERIFY(node.waitFor(NodeState::Running));
        QVERIFY(node.handshakes());
        QTRY_COMPARE(panel->findChild<QLineEdit*>(QStringLiteral("nodeAddressField"))->text(),
                     node.relay->address());
        QVERIFY(panel->findChild<QLabel*>(QStringLiteral("nodeStatusLine"))
                    ->text()
                    .contains(QStringLiteral("running")));

        // No router answers here: the port mapping fails quickly and the panel says so.
        QVERIFY(QTest::qWaitFor(
            [&] { return node.controller->snapshot().nat.state == core::nat::MappingState::Error; },
            kTimeout));
        const NodeSnapshot unmapped = node.controller->snapshot();
        QVERIFY2(unmapped.nat.classification == core::nat::NatClass::NoMappingSupport ||
                     unmapped.nat.classification == core::nat::NatClass::DoubleNat,
                 qPrintable(unmapped.nat.classificationReason));
        QCOMPARE(unmapped.address, node.relay->address()); // the LAN address stays
        auto text = [&](const char* name) {
            return panel->findChild<QLabel*>(QLatin1String(name))->text();
        };
        QTRY_VERIFY2(text("nodeStatusLine")
                         .startsWith(QStringLiteral("Your relay is running, reachable only on "
                                                    "your local network")),
                     qPrintable(text("nodeStatusLine")));
        QVERIFY2(text("natMappingValue").startsWith(QStringLiteral("Failed: ")) ||
                     text("natMappingValue").startsWith(QStringLiteral("Not possible: ")),
                 qPrintable(text("natMappingValue")));
        QVERIFY2(text("natReachableValue")
                     .startsWith(QStringLiteral("Not verified yet: probably "
                                                "only on your local network")),
                 qPrintable(text("natReachableValue")));

        // Traffic through it moves the panel's numbers and the chart (live once a second).
        Pair pair(node.relay->address());
        QVERIFY(pair.bobAtAlice != 0);
        QVERIFY(pair.exchange(5));
        auto* messages = panel->findChild<QLabel*>(QStringLiteral("messagesValue"));
        QTRY_VERIFY_WITH_TIMEOUT(!messages->text().startsWith(QStringLiteral("0 ")), kTimeout);
        node.controller->sample();
        const NodeSnapshot s = node.controller->snapshot();
        QCOMPARE(s.messagesSession, node.relay->stats().messagesRelayed);
        QVERIFY2(messages->text().startsWith(QLocale().toString(s.messagesSession) +
                                             QStringLiteral(" this session")),
                 qPrintable(messages->text()));
        QVERIFY(panel->findChild<TrafficChart*>()->pointCount() > 0);

        // The menu's switch follows, and turns it off: the port closes.
        auto* action = window.findChild<QAction*>(QStringLiteral("contributeAction"));
        QVERIFY(action->isChecked());
        action->trigger();
        QCOMPARE(node.controller->snapshot().state, NodeState::Stopped);
        QCOMPARE(node.controller->snapshot().nat.state, core::nat::MappingState::Unmapped);
        QVERIFY(!node.handshakes());
        QTRY_VERIFY(!contribute->isChecked());
    }

    // With a Ferry relay in the profile's list, that relay dials the in-app relay back, so
    // "reachable" is proven, never assumed. No router answers here, so the port cannot be
    // mapped, and the dial-back of its own address fails: the relay's tunnel service carries
    // a reverse tunnel, the published address
    // becomes the tunnel's, and a client completes TLS + SMP there pinning the node's own
    // fingerprint. Switched off, the tunnel closes.
    void reachabilityIsProvenThroughTheTunnel() {
        test::RelayFixture core([](relay::RelayConfig& c) {
            c.tunnelFirstPort = c.tunnelLastPort = test::freeLoopbackPort();
        });
        const quint16 tunnelPort = core.config().tunnelFirstPort;
        core::SystemClock clock;
        // Its LAN address does not reach it from outside, and no router maps its port.
        Node node(clock, {}, nullptr, {core.server().address()}, QStringLiteral("127.0.0.2"));
        NodePanel panel;
        connect(node.controller.get(), &NodeController::changed, &panel,
                [&] { panel.showSnapshot(node.controller->snapshot()); });
        node.controller->setEnabled(true);
        QVERIFY(node.waitFor(NodeState::Running));
        QVERIFY2(
            QTest::qWaitFor([&] { return node.controller->snapshot().reach.reachableNow; }, 30000),
            qPrintable(node.controller->snapshot().reach.detail + " / " +
                       node.controller->snapshot().reach.tunnelReason));
        const NodeSnapshot s = node.controller->snapshot();
        QCOMPARE(s.reach.route, core::node::NodeRoute::Tunnel);
        QCOMPARE(s.reach.tunnelState, core::node::TunnelState::Open);
        QCOMPARE(s.reach.tunnelPort, tunnelPort);
        QCOMPARE(s.reach.checker, QStringLiteral("127.0.0.1:%1").arg(core.server().port()));
        QCOMPARE(s.reach.observedAddress, QStringLiteral("127.0.0.1"));
        const QString fingerprint = node.relay->address().section(QLatin1Char('@'), 0, 0);
        QCOMPARE(s.address, fingerprint + QStringLiteral("@127.0.0.1:%1").arg(tunnelPort));

        QCoreApplication::processEvents();
        auto text = [&](const char* name) {
            return panel.findChild<QLabel*>(QLatin1String(name))->text();
        };
        // Everything here is on loopback: proven, but not for the internet.
        QCOMPARE(text("nodeStatusLine"),
                 QStringLiteral("Your relay is running and reachable at 127.0.0.1, a local "
                                "address: only computers on the same network can use it."));
        QVERIFY2(text("natReachableValue")
                     .startsWith(QStringLiteral("Only on this network: 127.0.0.1:%1 reached it "
                                                "at 127.0.0.1, a local address, at ")
                                     .arg(core.server().port())),
                 qPrintable(text("natReachableValue")));
        QCOMPARE(text("tunnelValue"),
                 QStringLiteral("Open: clients reach your relay through 127.0.0.1, port %1")
                     .arg(tunnelPort));
        QCOMPARE(panel.findChild<QLineEdit*>(QStringLiteral("nodeAddressField"))->text(),
                 s.address);

        auto handshakeAt = [&](quint16 port) {
            test::TestClientOptions o;
            o.port = port;
            o.identity =
                core::smp::parseServerAddress(node.relay->address().toStdString())->keyHash;
            o.timeout = std::chrono::milliseconds(2000);
            return test::TestSmpClient::connect(o).ok();
        };
        QVERIFY(handshakeAt(tunnelPort));

        node.controller->setEnabled(false);
        QVERIFY(node.waitFor(NodeState::Stopped));
        QTRY_VERIFY_WITH_TIMEOUT(!handshakeAt(tunnelPort), kTimeout);
    }

    // A relay added to the profile while the node runs is asked at once: before it, nothing
    // is claimed; after it, the node is proven reachable.
    void aRelayAddedLaterChecksTheNode() {
        test::RelayFixture checker;
        core::SystemClock clock;
        Node node(clock);
        node.controller->setEnabled(true);
        QVERIFY(node.waitFor(NodeState::Running));
        QVERIFY(QTest::qWaitFor(
            [&] { return node.controller->snapshot().nat.state == core::nat::MappingState::Error; },
            kTimeout));
        QCOMPARE(node.controller->snapshot().reach.verdict,
                 core::node::ReachabilityVerdict::Unverified);
        node.profile.addRelay(checker.server().address());
        QVERIFY2(
            QTest::qWaitFor([&] { return node.controller->snapshot().reach.reachableNow; }, 30000),
            qPrintable(node.controller->snapshot().reach.detail));
        QCOMPARE(node.controller->snapshot().reach.checker,
                 QStringLiteral("127.0.0.1:%1").arg(checker.server().port()));
    }

    // With a relay directory in the profile, "Contribute as relay" registers the in-app relay
    // there once another relay has reached it (no router maps a port here), the directory
    // dials it back before it answers, and the Node page shows the directory's row. Listing
    // switched off under Limits takes the row away; a directory that does not answer shows
    // why.
    void registersWithTheProfilesDirectoryAndShowsIt() {
        test::DirectoryFixture directory;
        test::RelayFixture checker;
        core::SystemClock clock;
        Node node(clock, {}, nullptr, {checker.server().address()});
        const std::string address = core::directory::formatDirectoryAddress(directory.address());
        test::Answer<> stored;
        node.profile->setDirectories({{address}, false}, &stored, stored.onDone(),
                                     stored.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(stored.done, 1, kTimeout);
        NodePanel panel;
        connect(node.controller.get(), &NodeController::changed, &panel,
                [&] { panel.showSnapshot(node.controller->snapshot()); });
        node.controller->setEnabled(true);
        QVERIFY(node.waitFor(NodeState::Running));
        auto standing = [&]() -> std::optional<NodeDirectory> {
            const NodeSnapshot s = node.controller->snapshot();
            if (s.directories.size() != 1)
                return std::nullopt;
            return s.directories.first();
        };
        QVERIFY2(
            QTest::qWaitFor(
                [&] { return standing() && standing()->phase == NodeDirectory::Phase::Registered; },
                kTimeout),
            qPrintable(standing() ? standing()->error : QStringLiteral("no row")));
        QCOMPARE(standing()->directory, QString::fromStdString(address));
        QCOMPARE(standing()->state, QStringLiteral("probation")); // new relays start there
        QVERIFY(std::abs(standing()->lastHeartbeat - clock.nowSeconds()) < 60);
        QCOMPARE(node.controller->snapshot().directoriesConfigured,
                 QStringList{QString::fromStdString(address)});

        // The directory lists it, under the address it is published at.
        test::IoThreads io(1);
        core::directory::DirectoryClient client(io.io, directory.address());
        auto listing = test::awaitResult<std::vector<core::directory::ListedRelay>>(
            [&](auto done) { client.relays({}, std::move(done)); });
        QVERIFY2(listing, listing ? "" : listing.error().message.c_str());
        QCOMPARE(listing->size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(listing->front().address), node.relay->address());

        // The panel's row.
        QTRY_COMPARE(panel.findChildren<QLabel*>(QStringLiteral("directoryStanding")).size(), 1);
        QLabel* row = panel.findChild<QLabel*>(QStringLiteral("directoryStanding"));
        QTRY_VERIFY2(row->text().startsWith(QStringLiteral("On probation: ")),
                     qPrintable(row->text()));
        QVERIFY(row->text().contains(QStringLiteral("\nLast heartbeat: ")));
        QVERIFY(!row->text().contains(QStringLiteral("none yet")));
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("directoryNoneLabel"))->isHidden());

        // Listing switched off: no registration, and the panel says why.
        NodeLimits limits = node.preferences.nodeLimits();
        limits.listInDirectories = false;
        node.controller->setLimits(limits);
        QTRY_VERIFY_WITH_TIMEOUT(node.controller->snapshot().directories.isEmpty(), kTimeout);
        QTRY_VERIFY(panel.findChildren<QLabel*>(QStringLiteral("directoryStanding")).isEmpty());
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("directoryNoneLabel"))
                    ->text()
                    .startsWith(QStringLiteral("Off: ")));

        // On again, with a directory that is gone: the row says why it is not registered.
        // (Running, with an address the checker proved: the row comes at once.)
        std::string gone;
        {
            test::DirectoryFixture elsewhere;
            gone = core::directory::formatDirectoryAddress(elsewhere.address());
        }
        test::Answer<> changed;
        node.profile->setDirectories({{gone}, false}, &changed, changed.onDone(),
                                     changed.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(changed.done, 1, kTimeout);
        limits.listInDirectories = true;
        node.controller->setLimits(limits);
        QVERIFY(QTest::qWaitFor(
            [&] { return standing() && standing()->phase == NodeDirectory::Phase::Failed; },
            kTimeout));
        QCOMPARE(standing()->directory, QString::fromStdString(gone));
        QVERIFY(!standing()->error.isEmpty());
        QTRY_VERIFY2(
            panel.findChild<QLabel*>(QStringLiteral("directoryStanding"))
                ->text()
                .startsWith(QStringLiteral("Not registered: ")),
            qPrintable(panel.findChild<QLabel*>(QStringLiteral("directoryStanding"))->text()));
        qInfo("a directory that is gone: %s", qPrintable(standing()->error));

        // Switched off: the registration ends with the relay (and the directory sees its
        // connection close before it goes; see aTunnelledNodeRegistersTheTunnelsAddress).
        node.controller->setEnabled(false);
        QTRY_VERIFY_WITH_TIMEOUT(node.controller->snapshot().directories.isEmpty(), kTimeout);
        QTest::qWait(500);
    }

    // A node that only a tunnel makes reachable registers the tunnel's address: the one the
    // directory can dial back and strangers can use, never its LAN address. The relay that
    // checks it and carries the tunnel is one of the user's own, or, for a user who has none,
    // one the directory lists as offering the node service.
    void aTunnelledNodeRegistersTheTunnelsAddress_data() {
        QTest::addColumn<bool>("relayFromDirectory");
        QTest::newRow("the user's relay") << false;
        QTest::newRow("a relay the directory lists") << true;
    }
    void aTunnelledNodeRegistersTheTunnelsAddress() {
        QFETCH(bool, relayFromDirectory);
        test::RelayFixture core([](relay::RelayConfig& c) {
            c.tunnelFirstPort = c.tunnelLastPort = test::freeLoopbackPort();
        });
        test::DirectoryFixture directory;
        test::IoThreads io(1);
        std::unique_ptr<core::directory::RelayRegistrar> coreListed;
        if (relayFromDirectory) {
            coreListed = test::keepRegistered(io.io, directory, core.server().address(),
                                              core.server().identity(), &core.config());
            QVERIFY(test::waitUntil([&] { return directory.service().stats().probation > 0; }));
        }
        core::SystemClock clock;
        const std::vector<std::string> ownRelays =
            relayFromDirectory ? std::vector<std::string>{}
                               : std::vector<std::string>{core.server().address()};
        Node node(clock, {}, nullptr, ownRelays, QStringLiteral("127.0.0.2"));
        test::Answer<> stored;
        node.profile->setDirectories(
            {{core::directory::formatDirectoryAddress(directory.address())}, false}, &stored,
            stored.onDone(), stored.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(stored.done, 1, kTimeout);
        node.controller->setEnabled(true);
        QVERIFY(node.waitFor(NodeState::Running));
        const QString tunnelled =
            node.relay->address().section(QLatin1Char('@'), 0, 0) +
            QStringLiteral("@127.0.0.1:%1").arg(core.config().tunnelFirstPort);
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         const NodeSnapshot s = node.controller->snapshot();
                         return s.address == tunnelled && s.directories.size() == 1 &&
                                s.directories.first().phase == NodeDirectory::Phase::Registered;
                     },
                     60000),
                 qPrintable(node.controller->snapshot().address));
        QCOMPARE(node.controller->snapshot().reach.checker,
                 QStringLiteral("127.0.0.1:%1").arg(core.server().port()));
        core::directory::DirectoryClient client(io.io, directory.address());
        auto listing = test::awaitResult<std::vector<core::directory::ListedRelay>>(
            [&](auto done) { client.relays({}, std::move(done)); });
        QVERIFY2(listing, listing ? "" : listing.error().message.c_str());
        QCOMPARE(listing->size(), std::size_t(relayFromDirectory ? 2 : 1));
        QVERIFY(std::any_of(listing->begin(), listing->end(), [&](const auto& relay) {
            return QString::fromStdString(relay.address) == tunnelled;
        }));

        // Its LAN address, which the check found unreachable, was never offered to the
        // directory: one registration, the tunnel's.
        QCOMPARE(directory.service().stats().registrationsRefused, std::uint64_t(0));

        // Off before the directory goes, so that it sees the registrations' connections close
        // first: a directory destroyed with an HTTPS connection still open frees the
        // connection budget before the connection (relay/directory/https_service.cpp).
        node.controller->setEnabled(false);
        coreListed.reset();
        QTRY_VERIFY_WITH_TIMEOUT(node.controller->snapshot().directories.isEmpty(), kTimeout);
        QTest::qWait(500);
    }

    void pausesOnBatteryAndResumesOnMains() {
        // A laptop's power supply as Linux shows it, in a folder of the test's own.
        QTemporaryDir sys;
        auto write = [&](const QString& file, const QByteArray& text) {
            QDir().mkpath(QFileInfo(sys.filePath(file)).path());
            QFile f(sys.filePath(file));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(text + "\n");
        };
        write(QStringLiteral("BAT0/type"), "Battery");
        write(QStringLiteral("BAT0/status"), "Charging");
        write(QStringLiteral("AC/type"), "Mains");
        write(QStringLiteral("AC/online"), "1");
        PowerMonitor power(sys.path());
        QCOMPARE(power.onBattery(), PowerMonitor::Answer::No);

        core::SystemClock clock;
        NodeLimits limits;
        limits.pauseOnBattery = true;
        Node node(clock, limits, &power);
        node.controller->setEnabled(true);
        QVERIFY(node.waitFor(NodeState::Running));

        // Unplugged: the next look pauses the relay and closes its port.
        write(QStringLiteral("BAT0/status"), "Discharging");
        write(QStringLiteral("AC/online"), "0");
        node.controller->sample();
        QCOMPARE(node.controller->snapshot().state, NodeState::Paused);
        QVERIFY(node.controller->snapshot().reason.contains(QStringLiteral("battery")));
        QVERIFY(!node.handshakes());

        // Plugged in again: it resumes by itself.
        write(QStringLiteral("BAT0/status"), "Charging");
        write(QStringLiteral("AC/online"), "1");
        node.controller->sample();
        QVERIFY(node.waitFor(NodeState::Running));
        QVERIFY(node.handshakes());

        // Without the option, the battery does not matter.
        write(QStringLiteral("BAT0/status"), "Discharging");
        write(QStringLiteral("AC/online"), "0");
        limits = node.preferences.nodeLimits();
        limits.pauseOnBattery = false;
        node.controller->setLimits(limits);
        node.controller->sample();
        QCOMPARE(node.controller->snapshot().state, NodeState::Running);

        // A desktop without a battery: nobody can tell, nothing pauses.
        QTemporaryDir none;
        QCOMPARE(PowerMonitor(none.path()).onBattery(), PowerMonitor::Answer::Unknown);
    }

    void countersEqualTheRelaysAndPersist() {
        core::SystemClock clock;
        Node node(clock);
        node.controller->setEnabled(true);
        QVERIFY(node.waitFor(NodeState::Running));
        Pair pair(node.relay->address());
        QVERIFY(pair.bobAtAlice != 0);
        constexpr int kMessages = 12;
        QVERIFY(pair.exchange(kMessages));

        // The agents may still be sending a receipt or an ACK: compare at a moment when the
        // relay's counters stood still between the sample and the reading.
        NodeSnapshot s;
        RelayHost::Stats relay;
        QVERIFY(QTest::qWaitFor(
            [&] {
                const RelayHost::Stats before = node.relay->stats();
                node.controller->sample();
                s = node.controller->snapshot();
                relay = node.relay->stats();
                return before.bytesIn == relay.bytesIn && before.bytesOut == relay.bytesOut &&
                       before.messagesRelayed == relay.messagesRelayed;
            },
            kTimeout));
        QCOMPARE(s.messagesSession, relay.messagesRelayed);
        QVERIFY(s.messagesSession >= kMessages); // plus the agents' own (hello, receipts)
        QCOMPARE(s.queuesHosted, relay.queuesHosted);
        QCOMPARE(s.connectionsNow, relay.connectionsNow);
        QCOMPARE(s.peopleHelped24h, relay.queuesReceivingLast24h);
        QVERIFY(s.peopleHelped24h >= 2);
        QCOMPARE(s.trafficTodayBytes, relay.bytesIn + relay.bytesOut);
        QCOMPARE(s.messagesToday, relay.messagesRelayed);
        // The chart has the traffic.
        const auto hour = node.controller->traffic(TrafficRange::LastHour);
        QCOMPARE(hour.size(), 61);
        double total = 0;
        for (const TrafficPoint& p : hour)
            total += (p.bytesInPerSecond + p.bytesOutPerSecond) * 60;
        QCOMPARE(static_cast<quint64>(total + 0.5), relay.bytesIn + relay.bytesOut);
        QCOMPARE(node.controller->traffic(TrafficRange::LastMonth).size(), 30);

        // A new session reads the totals back from the profile database.
        node.controller.reset(); // stops the relay and writes what was sampled
        QTest::qWait(200);
        NodeController again(*node.relay, *node.profile.get(), node.preferences, clock);
        // (At least what was compared above: the last sample, at shutdown, may add a receipt.)
        QTRY_VERIFY_WITH_TIMEOUT(again.snapshot().messagesAllTime >= relay.messagesRelayed,
                                 kTimeout);
        QVERIFY(again.snapshot().trafficTodayBytes >= relay.bytesIn + relay.bytesOut);
    }

    void quotasStopSoftlyThenHardUntilTheDayTurns() {
        core::ManualClock clock;
        clock.set(QDateTime(QDate(2026, 11, 26), QTime(12, 0)).toSecsSinceEpoch());
        Node node(clock);
        node.controller->setEnabled(true);
        QVERIFY(node.waitFor(NodeState::Running));
        Pair pair(node.relay->address());
        QVERIFY(pair.bobAtAlice != 0);

        // An hour of running counts towards the uptime shares.
        clock.advance(3600);
        node.controller->sample();
        QCOMPARE(node.controller->snapshot().sessionUptimeSeconds, 3600);
        QCOMPARE(node.controller->snapshot().uptimeShare7Days, 3600.0 / (7 * 86400));
        QCOMPARE(node.controller->snapshot().uptimeShare30Days, 3600.0 / (30 * 86400));

        // A daily quota sized from what one message costs here, so that the window between
        // 90% and 100% is several messages wide.
        const quint64 before = node.controller->snapshot().trafficTodayBytes;
        QVERIFY(pair.exchange(1));
        node.controller->sample();
        const quint64 now = node.controller->snapshot().trafficTodayBytes;
        NodeLimits limits = node.preferences.nodeLimits();
        limits.dailyQuotaBytes = now + 30 * (now - before);
        node.controller->setLimits(limits);
        QCOMPARE(node.controller->snapshot().state, NodeState::Running);

        // Traffic until 90% of the quota is used: no new queues, the rest keeps working.
        while (node.controller->snapshot().trafficTodayBytes < limits.dailyQuotaBytes * 9 / 10) {
            QVERIFY(pair.exchange(1));
            node.controller->sample();
        }
        QCOMPARE(node.controller->snapshot().state, NodeState::Limited);
        QVERIFY(node.controller->snapshot().reason.contains(QStringLiteral("90%")));
        ferry::test::Answer<const QString&> refused;
        // Needs a new queue on the node.
        pair.alice->createInvitation(&refused, refused.onDone(), refused.onFailed());
        QTRY_COMPARE_WITH_TIMEOUT(refused.failed, 1, kTimeout);
        QCOMPARE(refused.done, 0);
        QVERIFY(node.handshakes());

        // At 100% it pauses: the port closes until the day turns.
        while (node.controller->snapshot().state != NodeState::Paused) {
            QVERIFY(pair.exchange(1));
            node.controller->sample();
        }
        QVERIFY(!node.relay->running());
        QVERIFY(!node.handshakes());
        node.controller->sample(); // still the same day: stays paused
        QCOMPARE(node.controller->snapshot().state, NodeState::Paused);

        clock.advance(12 * 3600); // tomorrow, 01:00
        node.controller->sample();
        QVERIFY(node.waitFor(NodeState::Running));
        QVERIFY(node.handshakes());
        QCOMPARE(node.controller->snapshot().trafficTodayBytes, 0u);
    }
};

QTEST_MAIN(TestNode)
#include "test_node.moc"
