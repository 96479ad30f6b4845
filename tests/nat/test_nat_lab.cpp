// Port mapping against a real home router: miniupnpd with nftables NAT in network namespaces.
// The relay runs in "home" with --map-port (and, in the desktop build, as the app's in-app
// relay); a client in "internet" reaches it through the router's outside address. Needs root;
// fails (never skips) when namespaces are unavailable.
#include "nat/nat_classification.h"
#include "nat_lab.h"

#include <QRegularExpression>
#include <QtTest>

using namespace ferry;
using namespace ferry::test;

namespace {

const QString kRelay = QStringLiteral(FERRY_RELAY_BINARY);
const QString kProbe = QStringLiteral(FERRY_NAT_PROBE_BINARY);
constexpr int kLease = 20; // short, so a renewal (before half the lease) happens in the test

// Creates a relay's data folder (`name` under the lab's folder); returns its smp:// address.
// The home node's host is the router's outside address.
QString initRelay(NatLab& lab, QString& error, const QString& name = "relay",
                  const QString& host = {}) {
    const QString data = lab.dir() + "/" + name;
    auto init = NatLab::run(kRelay, {"init", "--data", data, "--host",
                                     host.isEmpty() ? lab.outsideAddress() : host, "--port", "5223",
                                     "--no-password"});
    if (init.exitCode != 0) {
        error = "ferry-relay init failed: " + init.err;
        return {};
    }
    return NatLab::run(kRelay, {"address", "--data", data}).out.trimmed();
}

// A core relay in the "internet" namespace: a Ferry relay that checks other nodes and, with
// `tunnels`, runs the tunnel service on ports 20000-20009. Returns its address.
QString startCoreRelay(NatLab& lab, bool tunnels, QString& error) {
    const QString address = initRelay(lab, error, "core", lab.internetAddress());
    if (address.isEmpty())
        return {};
    QFile ini(lab.dir() + "/core/relay.ini");
    if (!ini.open(QIODevice::ReadWrite)) {
        error = "cannot edit the core relay's relay.ini";
        return {};
    }
    QString text = QString::fromUtf8(ini.readAll());
    if (tunnels)
        text.replace("tunnel_ports = \n", "tunnel_ports = 20000-20009\n");
    // The lab's "internet" may be carrier-grade NAT space (100.64/10), which a checker on
    // the real internet never dials: allowed here, as an operator of such a lab would.
    const QString outside = lab.internetAddress().section('.', 0, 2) + ".0/24";
    text.replace("check_allow_networks = \n", "check_allow_networks = " + outside + "\n");
    ini.resize(0);
    ini.write(text.toUtf8());
    ini.close();
    QProcess* core = lab.spawn(lab.internet(), kRelay, {"start", "--data", lab.dir() + "/core"});
    QString output;
    if (!NatLab::waitForOutput(*core, output, "Address:", 15000)) {
        error = "the core relay did not start: " + output;
        return {};
    }
    return address;
}

struct MappedRelay {
    QProcess* process = nullptr;
    QString output;
    QString protocol;
    QString externalPort;
};

// Starts the relay in "home" with port mapping (and `extra` options) and waits for the
// mapping (or an error).
bool startMappedRelay(NatLab& lab, MappedRelay& relay, const QStringList& extra = {}) {
    relay.process = lab.spawn(lab.home(), kRelay,
                              QStringList{"start", "--data", lab.dir() + "/relay", "--map-port",
                                          "--map-lease", QString::number(kLease)} +
                                  extra);
    if (!NatLab::waitForOutput(*relay.process, relay.output, "Reachability:", 30000))
        return false;
    static const QRegularExpression mapped(
        R"(Port mapping: mapped via (\S+) at ([\d.]+):(\d+), lease (\d+) s)");
    const auto m = mapped.match(relay.output);
    if (!m.hasMatch())
        return false;
    relay.protocol = m.captured(1);
    relay.externalPort = m.captured(3);
    return m.captured(2) == lab.outsideAddress();
}

// The whole life cycle through one router: map, SMP from outside, renew, unmap on SIGTERM.
void checkMappingLifeCycle(NatLab& lab, const QString& expectedProtocol) {
    QString error;
    const QString address = initRelay(lab, error);
    QVERIFY2(!address.isEmpty(), qPrintable(error));
    const QString checker = startCoreRelay(lab, false, error);
    QVERIFY2(!checker.isEmpty(), qPrintable(error));

    MappedRelay relay;
    QVERIFY2(startMappedRelay(lab, relay, {"--check-via", checker}),
             qPrintable("no mapping:\n" + relay.output + "\nrouter:\n" + lab.routerLog()));
    QCOMPARE(relay.protocol, expectedProtocol);
    QVERIFY2(relay.output.contains("Reachability: port mapped"), qPrintable(relay.output));
    const QString dport = "dport " + relay.externalPort + " ";
    QVERIFY2(lab.routerRedirects().contains(dport), qPrintable(lab.routerRedirects()));

    // A client on the internet side completes TLS + the SMP handshake and PING through
    // the router's outside address and the mapped port.
    QString outside = address;
    outside.replace(QRegularExpression(":\\d+$"), ":" + relay.externalPort);
    const auto probe = NatLab::run("ip", {"netns", "exec", lab.internet(), kProbe, outside}, 30000);
    QVERIFY2(probe.exitCode == 0 && probe.out.contains("PONG"),
             qPrintable(outside + "\n" + probe.out + probe.err + "\nrelay:\n" + relay.output));

    // The core relay dialled the published address back and saw the router's outside address.
    QVERIFY2(
        NatLab::waitForOutput(*relay.process, relay.output, "Reachability check: reach", 30000),
        qPrintable(relay.output));
    QVERIFY2(relay.output.contains("Reachability check: reachable at " + outside + " (checked by " +
                                   checker + ", which saw us as " + lab.outsideAddress()),
             qPrintable(relay.output));

    // Renewed before half the lease (0.4 of 20 s).
    QVERIFY2(NatLab::waitForOutput(*relay.process, relay.output, "(renewed:", kLease * 1000),
             qPrintable(relay.output + "\nrouter:\n" + lab.routerLog()));
    QVERIFY(lab.routerRedirects().contains(dport));

    // SIGTERM: the relay deletes its mapping before it exits.
    relay.process->terminate();
    QVERIFY(relay.process->waitForFinished(15000));
    relay.output += QString::fromUtf8(relay.process->readAll());
    QVERIFY2(relay.output.contains("Port mapping: unmapped (the mapping was deleted)"),
             qPrintable(relay.output));
    QVERIFY2(!lab.routerRedirects().contains(dport), qPrintable(lab.routerRedirects()));
}

// The node cannot be reached through its router: it opens a reverse tunnel to the core relay
// in the internet namespace, the core checks the published address, and a client there
// completes TLS + SMP + PING through the core's port, pinning the node's own fingerprint.
void checkTunnelFallback(NatLab& lab, const QString& expectedClass) {
    QString error;
    const QString nodeAddress = initRelay(lab, error);
    QVERIFY2(!nodeAddress.isEmpty(), qPrintable(error));
    const QString core = startCoreRelay(lab, true, error);
    QVERIFY2(!core.isEmpty(), qPrintable(error));

    MappedRelay relay;
    QVERIFY(!startMappedRelay(lab, relay, {"--tunnel-via", core}));
    QVERIFY2(relay.output.contains("Port mapping: error"), qPrintable(relay.output));
    QVERIFY2(relay.output.contains("Reachability: " + expectedClass), qPrintable(relay.output));
    QVERIFY2(
        NatLab::waitForOutput(*relay.process, relay.output, "Reachability check: reach", 60000),
        qPrintable(relay.output));
    const QString fingerprint = nodeAddress.section('@', 0, 0); // smp://<node fingerprint>
    const QString published = fingerprint + "@" + lab.internetAddress() + ":20000";
    QVERIFY2(relay.output.contains("Tunnel: open at " + lab.internetAddress() + ":20000"),
             qPrintable(relay.output));
    QVERIFY2(relay.output.contains("Published address: " + published + " (tunnel)"),
             qPrintable(relay.output));
    QVERIFY2(relay.output.contains("Reachability check: reachable at " + published +
                                   " (checked by " + core),
             qPrintable(relay.output));

    const auto probe =
        NatLab::run("ip", {"netns", "exec", lab.internet(), kProbe, published}, 30000);
    QVERIFY2(probe.exitCode == 0 && probe.out.contains("PONG"),
             qPrintable(published + "\n" + probe.out + probe.err + "\nnode:\n" + relay.output));
    // Whoever answers there is the node itself: the core's own identity does not fit.
    const QString coreAtPort = core.section('@', 0, 0) + "@" + lab.internetAddress() + ":20000";
    const auto impostor =
        NatLab::run("ip", {"netns", "exec", lab.internet(), kProbe, coreAtPort}, 30000);
    QVERIFY(impostor.exitCode != 0);

    relay.process->terminate();
    QVERIFY(relay.process->waitForFinished(15000));
    relay.output += QString::fromUtf8(relay.process->readAll());
    QVERIFY2(relay.output.contains("Tunnel: stopped"), qPrintable(relay.output));
    const auto after =
        NatLab::run("ip", {"netns", "exec", lab.internet(), kProbe, published}, 30000);
    QVERIFY(after.exitCode != 0);
}

#ifdef FERRY_NAT_APP_NODE_BINARY
// One "key: value" line of ferry_nat_app_node's report.
QString reported(const QString& output, const QString& key) {
    const QRegularExpression line("^" + QRegularExpression::escape(key) + ": (.*)$",
                                  QRegularExpression::MultilineOption);
    const auto m = line.match(output);
    return m.hasMatch() ? m.captured(1).trimmed() : QString();
}
#endif

} // namespace

class TestNatLab : public QObject {
    Q_OBJECT

private slots:
    void upnpRouter() {
        NatLab lab({.upnp = true});
        QString error;
        if (!lab.up(error))
            QFAIL(qPrintable(error));
        checkMappingLifeCycle(lab, "UPnP");
    }

    void natPmpOnlyRouter() {
        NatLab lab({.upnp = false});
        QString error;
        if (!lab.up(error))
            QFAIL(qPrintable(error));
        checkMappingLifeCycle(lab, "NAT-PMP");
    }

    // A router without any port-mapping service: the node falls back to the tunnel.
    void plainRouterFallsBackToTheTunnel() {
        NatLab lab({.mappingService = false});
        QString error;
        if (!lab.up(error))
            QFAIL(qPrintable(error));
        checkTunnelFallback(lab, "no port-mapping support");
        QVERIFY(!lab.routerRedirects().contains("dnat"));
    }

    // The router's own outside address is CGNAT space: mapping on it reaches nobody. The node
    // says so and falls back to the tunnel.
    void doubleNatFallsBackToTheTunnel() {
        NatLab lab({.upnp = true, .outsidePrefix = "100.64.7"});
        QString error;
        if (!lab.up(error))
            QFAIL(qPrintable(error));
        checkTunnelFallback(lab, "double NAT / carrier-grade NAT");
        QVERIFY(!lab.routerRedirects().contains("dnat"));
    }

#ifdef FERRY_NAT_APP_NODE_BINARY
    // The desktop app's in-app relay (NodeController + InAppRelay + PortMapper, as gui_main
    // wires them) maps its port; the Node panel shows the mapping and the router's address;
    // a client outside reaches it at the address it publishes; switching it off deletes the
    // mapping.
    void inAppRelayMapsItsPort() {
        NatLab lab({.upnp = true});
        QString error;
        if (!lab.up(error))
            QFAIL(qPrintable(error));
        // A core relay outside, in the profile's relay list, checks the node from there.
        const QString checker = startCoreRelay(lab, false, error);
        QVERIFY2(!checker.isEmpty(), qPrintable(error));
        QProcess* node = lab.spawn(lab.home(), QStringLiteral(FERRY_NAT_APP_NODE_BINARY),
                                   {"5224", QString::number(kLease), checker});
        QString output;
        QVERIFY2(NatLab::waitForOutput(*node, output, "READY:", 60000),
                 qPrintable(output + "\nrouter:\n" + lab.routerLog()));
        QCOMPARE(reported(output, "state"), QStringLiteral("mapped"));
        QCOMPARE(reported(output, "method"), QStringLiteral("UPnP"));
        QCOMPARE(reported(output, "external"), lab.outsideAddress() + ":5224");
        QVERIFY(reported(output, "lease left").toInt() > 0);
        QCOMPARE(reported(output, "class"), QStringLiteral("port mapped"));
        const QString address = reported(output, "address");
        QVERIFY2(address.startsWith("smp://") && address.endsWith("@11.7.0.1:5224"),
                 qPrintable(address));
        QCOMPARE(reported(output, "panel address"), address);
        QCOMPARE(reported(output, "panel external"), QStringLiteral("11.7.0.1:5224"));
        QVERIFY2(reported(output, "panel mapping")
                     .startsWith("Your router forwards port 5224 to this computer (UPnP) · lease"),
                 qPrintable(output));
        // Proven from outside, through the router: the checker saw the router's address.
        QVERIFY2(
            reported(output, "panel reachable")
                .startsWith("Yes: " + lab.internetAddress() + ":5223 reached it from outside at "),
            qPrintable(output));
        QCOMPARE(reported(output, "panel status"),
                 QStringLiteral("Your relay is running and reachable from the internet."));
        QVERIFY2(lab.routerRedirects().contains("dport 5224 "), qPrintable(lab.routerRedirects()));

        // From the internet: TLS, the SMP handshake and PING at the published address.
        const auto probe =
            NatLab::run("ip", {"netns", "exec", lab.internet(), kProbe, address}, 30000);
        QVERIFY2(probe.exitCode == 0 && probe.out.contains("PONG"),
                 qPrintable(address + "\n" + probe.out + probe.err + "\nnode:\n" + output));

        // Switched off: the relay closes and the mapping on the router is deleted.
        output.clear();
        node->write("off\n");
        QVERIFY2(NatLab::waitForOutput(*node, output, "OFF:", 15000), qPrintable(output));
        QCOMPARE(reported(output, "state"), QStringLiteral("unmapped"));
        QCOMPARE(reported(output, "panel status"), QStringLiteral("Your relay is stopped."));
        QVERIFY2(!reported(output, "address").contains("11.7.0.1"), qPrintable(output));
        QTRY_VERIFY2_WITH_TIMEOUT(!lab.routerRedirects().contains("dport 5224 "),
                                  qPrintable(lab.routerRedirects()), 15000);
        node->write("quit\n");
        QVERIFY(node->waitForFinished(15000));
        QCOMPARE(node->exitCode(), 0);
    }
#endif

    void classificationRules() {
        using namespace core::nat;
        QVERIFY(isNonPublicIPv4("100.64.0.1"));
        QVERIFY(isNonPublicIPv4("100.127.255.254"));
        QVERIFY(!isNonPublicIPv4("100.128.0.1"));
        QVERIFY(isNonPublicIPv4("192.168.1.1"));
        QVERIFY(isNonPublicIPv4("172.31.0.1"));
        QVERIFY(!isNonPublicIPv4("172.32.0.1"));
        QVERIFY(!isNonPublicIPv4("11.7.0.1"));
        NatObservations seen;
        seen.interfaceAddresses = {"192.168.1.5", "8.8.4.4"};
        QCOMPARE(classifyNat(seen).kind, NatClass::Public);
        seen.interfaceAddresses = {"192.168.1.5"};
        seen.gatewayAnswered = true;
        seen.gatewayExternalAddress = "11.7.0.1";
        seen.observedExternalAddress = "12.0.0.9";
        QCOMPARE(classifyNat(seen).kind, NatClass::DoubleNat);
        seen.observedExternalAddress.reset();
        seen.mapped = true;
        QCOMPARE(classifyNat(seen).kind, NatClass::Mapped);
        seen.mapped = false;
        QCOMPARE(classifyNat(seen).kind, NatClass::NoMappingSupport);
        seen.gatewayAnswered = false;
        QVERIFY(classifyNat(seen).reason.find("no router answered") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestNatLab)
#include "test_nat_lab.moc"
