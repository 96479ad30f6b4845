// Ferry's node service between relays in this process: the dial-back reachability check and
// the reverse tunnel (a node's relay reached through a core relay's public port, its TLS end
// to end and its own fingerprint pinned by the client).
#include "crypto/server_identity.h"
#include "free_port.h"
#include "nat/nat_errc.h"
#include "nat/port_mapper.h"
#include "node/node_errc.h"
#include "node/node_reachability.h"
#include "node/reachability_check.h"
#include "node/tunnel_client.h"
#include "relay_fixture.h"
#include "smp/server_address.h"
#include "tunnel_support.h"

#include <condition_variable>
#include <mutex>

using namespace ferry;
using namespace ferry::test;
using namespace std::chrono_literals;
namespace node = core::node;

namespace {

constexpr auto kTimeout = 5000ms;

// The relay's address with another relay's fingerprint in it: an impostor at that port.
std::string withIdentityOf(const relay::RelayServer& at, const relay::RelayServer& identityOf) {
    auto address = std::move(core::smp::parseServerAddress(at.address())).value();
    address.keyHash = identityOf.identity().fingerprint;
    return core::smp::formatServerAddress(address);
}

// A router that claims the public outside address 11.7.0.1 but forwards 127.0.0.2:<port>:
// what a second NAT in front of it would look like from inside.
class RouterBehindAnotherNat : public core::nat::MappingMethod {
public:
    core::nat::MappingProtocol protocol() const override {
        return core::nat::MappingProtocol::Upnp;
    }
    core::Result<core::nat::GatewayInfo> discover() override {
        return core::nat::GatewayInfo{std::string("11.7.0.1"), true};
    }
    core::Result<core::nat::MappingGrant> map(std::uint16_t internalPort, std::uint16_t,
                                              std::chrono::seconds lease) override {
        return core::nat::MappingGrant{"127.0.0.2", internalPort, internalPort, lease, false};
    }
    core::Result<void> unmap(const core::nat::MappingGrant&) override { return {}; }
};

// No router answers at all.
class NoRouter : public core::nat::MappingMethod {
public:
    core::nat::MappingProtocol protocol() const override {
        return core::nat::MappingProtocol::NatPmp;
    }
    core::Result<core::nat::GatewayInfo> discover() override {
        return core::makeError(core::nat::NatErrc::NoGateway, "no router answered");
    }
    core::Result<core::nat::MappingGrant> map(std::uint16_t, std::uint16_t,
                                              std::chrono::seconds) override {
        return core::makeError(core::nat::NatErrc::NoGateway, "no router answered");
    }
    core::Result<void> unmap(const core::nat::MappingGrant&) override { return {}; }
};

template <typename Method> node::NodeReachability::MapperFactory mappersWith() {
    return [](core::nat::PortMapper::Listener listener) {
        core::nat::PortMapper::Methods methods;
        methods.push_back(std::make_unique<Method>());
        core::nat::PortMapperOptions options;
        options.interfaceAddresses = [] { return std::vector<std::string>{"192.168.1.5"}; };
        return std::make_unique<core::nat::PortMapper>(options, std::move(methods),
                                                       std::move(listener));
    };
}

// Collects NodeReachability's reports; waits for one that satisfies a condition.
class ReachabilityWatch {
public:
    node::NodeReachability::Listener listener() {
        return [this](const node::NodeReachabilityStatus& s) {
            std::lock_guard lock(m_mutex);
            m_last = s;
            m_changed.notify_all();
        };
    }
    template <typename F>
    std::optional<node::NodeReachabilityStatus> waitFor(F condition,
                                                        std::chrono::milliseconds timeout = 20s) {
        std::unique_lock lock(m_mutex);
        if (!m_changed.wait_for(lock, timeout, [&] { return condition(m_last); }))
            return std::nullopt;
        return m_last;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    node::NodeReachabilityStatus m_last;
};

node::NodeReachability::Options reachabilityFor(relay::RelayServer& nodeRelay) {
    node::NodeReachability::Options o;
    o.localPort = nodeRelay.port();
    o.configuredAddress = nodeRelay.address();
    o.checkTimeout = kTimeout;
    return o;
}

} // namespace

class TestNodeService : public QObject {
    Q_OBJECT

private slots:
    void checkerDialsBackAndSeesTheNodesAddress() {
        RelayFixture checker, nodeRelay;
        auto result = node::checkReachability(checker.server().address(),
                                              nodeRelay.server().address(), kTimeout);
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        QVERIFY2(result->reachable, result->detail.c_str());
        QCOMPARE(result->observedAddress, std::string("127.0.0.1"));
        QVERIFY(result->detail.empty());
    }

    void checkFailsForAnImpostorOrAClosedPort() {
        RelayFixture checker, nodeRelay, other;
        auto impostor =
            node::checkReachability(checker.server().address(),
                                    withIdentityOf(nodeRelay.server(), other.server()), kTimeout);
        QVERIFY(impostor);
        QVERIFY(!impostor->reachable);
        // Nothing of why: an impostor, a closed port and a web server all read the same.
        QCOMPARE(impostor->detail, std::string("no relay answered as that address"));

        const std::string address = nodeRelay.server().address();
        nodeRelay.stopServer();
        auto closed = node::checkReachability(checker.server().address(), address, kTimeout);
        QVERIFY(closed);
        QVERIFY(!closed->reachable);
        QCOMPARE(closed->detail, impostor->detail);

        auto garbage =
            node::checkReachability(checker.server().address(), "smp://nonsense", kTimeout);
        QVERIFY(!garbage);
        QCOMPARE(garbage.error().code, std::error_code(ferry::core::node::NodeErrc::Refused));
        QVERIFY2(garbage.error().message.find("not a relay address") != std::string::npos,
                 garbage.error().message.c_str());
    }

    void theCheckerIsPinnedToo() {
        RelayFixture checker, nodeRelay, other;
        auto result = node::checkReachability(withIdentityOf(checker.server(), other.server()),
                                              nodeRelay.server().address(), kTimeout);
        QVERIFY(!result);
        QCOMPARE(result.error().code, std::error_code(ferry::core::node::NodeErrc::Identity));
    }

    void checksCanBeTurnedOffAndAreRateLimited() {
        RelayFixture off([](relay::RelayConfig& c) { c.nodeChecks = false; });
        RelayFixture nodeRelay;
        auto refused =
            node::checkReachability(off.server().address(), nodeRelay.server().address(), kTimeout);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, std::error_code(ferry::core::node::NodeErrc::Refused));

        RelayFixture checker;
        for (int i = 0; i < 6; ++i)
            QVERIFY(node::checkReachability(checker.server().address(),
                                            nodeRelay.server().address(), kTimeout));
        auto seventh = node::checkReachability(checker.server().address(),
                                               nodeRelay.server().address(), kTimeout);
        QVERIFY(!seventh);
        QVERIFY2(seventh.error().message.find("too many checks") != std::string::npos,
                 seventh.error().message.c_str());
    }

    void aTunnelCarriesSmpToTheNodeWithItsOwnIdentity() {
        RelayFixture core([](relay::RelayConfig& c) { allowTunnels(c); });
        RelayFixture nodeRelay;
        TunnelWatch watch;
        node::TunnelClient tunnel(tunnelFor(core, nodeRelay.server()), watch.listener());
        QVERIFY(tunnel.start());
        auto open = watch.waitFor(node::TunnelState::Open);
        QVERIFY(open);
        QCOMPARE(open->publicPort, core.config().tunnelFirstPort);
        QCOMPARE(open->publicHost, std::string("127.0.0.1"));
        const std::string expected =
            "smp://" + core::crypto::serverIdentityText(nodeRelay.server().identity().fingerprint) +
            "@127.0.0.1:" + std::to_string(open->publicPort);
        QCOMPARE(open->publicAddress, expected);

        // A client at the core's public port completes TLS + the SMP handshake pinning the
        // node's fingerprint (so TLS runs end to end), then PING, twice at once.
        auto first = TestSmpClient::connect([&] {
            TestClientOptions o;
            o.port = open->publicPort;
            o.identity = nodeRelay.server().identity().fingerprint;
            return o;
        }());
        QVERIFY2(first, first ? "" : first.error().message.c_str());
        QVERIFY(pongAt(open->publicPort, nodeRelay.server().identity().fingerprint));
        QVERIFY(as<smp::rsp::Pong>((*first)->call({}, smp::cmd::Ping{})));
        QVERIFY(tunnel.status().streams >= 2);
        // The node's relay saw them as its own clients.
        QVERIFY(nodeRelay.server().stats().connectionsTotal >= 2);
        // Expecting the core's identity there fails: the core is not who answers.
        QVERIFY(!pongAt(open->publicPort, core.server().identity().fingerprint));

        // The dial-back check through the tunnel says the published address is reachable.
        auto check =
            node::checkReachability(core.server().address(), open->publicAddress, kTimeout);
        QVERIFY(check);
        QVERIFY2(check->reachable, check->detail.c_str());
    }

    void theNodeKeepsItsPortAcrossReconnects() {
        RelayFixture core([](relay::RelayConfig& c) { allowTunnels(c); });
        RelayFixture nodeRelay;
        TunnelWatch watch;
        auto tunnel = std::make_unique<node::TunnelClient>(tunnelFor(core, nodeRelay.server()),
                                                           watch.listener());
        QVERIFY(tunnel->start());
        auto open = watch.waitFor(node::TunnelState::Open);
        QVERIFY(open);

        // The core restarts: the node notices, reconnects on its own, gets the same port.
        core.stopServer();
        QVERIFY(watch.waitFor(node::TunnelState::Retrying));
        core.startOnSamePort();
        auto reopened = watch.waitFor(node::TunnelState::Open, 15s);
        QVERIFY(reopened);
        QCOMPARE(reopened->publicPort, open->publicPort);
        QVERIFY(pongAt(reopened->publicPort, nodeRelay.server().identity().fingerprint));

        // Closed: the port stops answering, yet stays reserved for this node.
        tunnel->stop();
        QCOMPARE(tunnel->status().state, node::TunnelState::Stopped);
        QTRY_VERIFY(!pongAt(open->publicPort, nodeRelay.server().identity().fingerprint));
        auto again = tunnelFor(core, nodeRelay.server());
        again.wantedPort = open->publicPort;
        TunnelWatch watch2;
        node::TunnelClient second(std::move(again), watch2.listener());
        QVERIFY(second.start());
        auto back = watch2.waitFor(node::TunnelState::Open);
        QVERIFY(back);
        QCOMPARE(back->publicPort, open->publicPort);
    }

    void tunnelsAreRefusedWithAReason() {
        RelayFixture plain;
        RelayFixture nodeRelay, otherNode;
        {
            TunnelWatch watch;
            node::TunnelClient tunnel(tunnelFor(plain, nodeRelay.server()), watch.listener());
            QVERIFY(tunnel.start());
            auto refused = watch.waitFor(node::TunnelState::Refused);
            QVERIFY(refused);
            QVERIFY2(refused->reason.find("does not run a tunnel service") != std::string::npos,
                     refused->reason.c_str());
        }
        RelayFixture core([](relay::RelayConfig& c) { allowTunnels(c, 1); });
        {
            // Someone else's key cannot claim this node's identity.
            TunnelWatch watch;
            node::TunnelClient forged(tunnelFor(core, nodeRelay.server(), &otherNode.server()),
                                      watch.listener());
            QVERIFY(forged.start());
            auto refused = watch.waitFor(node::TunnelState::Refused);
            QVERIFY(refused);
            QVERIFY2(refused->reason.find("identity proof") != std::string::npos,
                     refused->reason.c_str());
        }
        TunnelWatch first, second;
        node::TunnelClient a(tunnelFor(core, nodeRelay.server()), first.listener());
        QVERIFY(a.start());
        QVERIFY(first.waitFor(node::TunnelState::Open));
        node::TunnelClient b(tunnelFor(core, otherNode.server()), second.listener());
        QVERIFY(b.start());
        auto full = second.waitFor(node::TunnelState::Refused);
        QVERIFY(full);
        QVERIFY2(full->reason.find("as many nodes as it allows (1)") != std::string::npos,
                 full->reason.c_str());
    }

    // A mapped address is only called reachable once a relay outside got through; when
    // that relay saw the node at another address than the router claims, the classification
    // says double NAT.
    void aMappingIsProvenAndAnotherNatIsNoticed() {
        RelayFixture checker;
        RelayFixture nodeRelay([](relay::RelayConfig& c) { c.listenAddress = "0.0.0.0"; });
        auto options = reachabilityFor(nodeRelay.server());
        options.mappers = mappersWith<RouterBehindAnotherNat>();
        options.checkers = {checker.server().address()};
        ReachabilityWatch watch;
        node::NodeReachability reachability(options, watch.listener());
        reachability.start();
        auto proven = watch.waitFor([](const node::NodeReachabilityStatus& s) {
            return s.verdict == node::ReachabilityVerdict::Reachable;
        });
        QVERIFY(proven);
        QCOMPARE(proven->route, node::NodeRoute::Mapped);
        const std::string published =
            "smp://" + core::crypto::serverIdentityText(nodeRelay.server().identity().fingerprint) +
            "@127.0.0.2:" + std::to_string(nodeRelay.server().port());
        QCOMPARE(proven->publishedAddress, published);
        QCOMPARE(proven->checkedAddress, published);
        QCOMPARE(proven->checker, checker.server().address());
        QCOMPARE(proven->observedAddress, std::string("127.0.0.1"));
        QCOMPARE(proven->mapping.classification.kind, core::nat::NatClass::DoubleNat);
        QVERIFY2(proven->mapping.classification.reason.find("saw this node as 127.0.0.1") !=
                     std::string::npos,
                 proven->mapping.classification.reason.c_str());
        QVERIFY(!proven->tunnelUsed);
    }

    // No router maps the port, but the address the node is configured with works (a public
    // address, or a port forwarded by hand): the check proves it and no tunnel is needed.
    void aWorkingAddressNeedsNoMappingAndNoTunnel() {
        RelayFixture core([](relay::RelayConfig& c) { allowTunnels(c); });
        RelayFixture nodeRelay;
        auto options = reachabilityFor(nodeRelay.server());
        options.mappers = mappersWith<NoRouter>();
        options.tunnel = tunnelFor(core, nodeRelay.server());
        options.tunnelRelays = {core.server().address()};
        options.checkers = {core.server().address()};
        ReachabilityWatch watch;
        node::NodeReachability reachability(options, watch.listener());
        reachability.start();
        auto proven = watch.waitFor([](const node::NodeReachabilityStatus& s) {
            return s.verdict == node::ReachabilityVerdict::Reachable;
        });
        QVERIFY(proven);
        QCOMPARE(proven->route, node::NodeRoute::Direct);
        QCOMPARE(proven->publishedAddress, nodeRelay.server().address());
        QCOMPARE(proven->mapping.state, core::nat::MappingState::Error);
        QVERIFY(!proven->tunnelUsed);
    }

    // Without a mapper the configured address is checked; when the check fails the node falls
    // back to the tunnel, and the tunnel's address is checked in turn.
    void aFailedCheckFallsBackToTheTunnel() {
        RelayFixture core([](relay::RelayConfig& c) { allowTunnels(c); });
        RelayFixture nodeRelay;
        auto options = reachabilityFor(nodeRelay.server());
        // The address it was configured with is not where it listens (a port forward that
        // points nowhere).
        auto wrong = std::move(core::smp::parseServerAddress(options.configuredAddress)).value();
        wrong.port = freeLoopbackPort();
        options.configuredAddress = core::smp::formatServerAddress(wrong);
        options.tunnel = tunnelFor(core, nodeRelay.server());
        // The first candidate has no tunnel service: the next one carries the tunnel.
        RelayFixture plain;
        options.tunnelRelays = {plain.server().address(), core.server().address()};
        options.checkers = {core.server().address()};
        ReachabilityWatch watch;
        node::NodeReachability reachability(options, watch.listener());
        reachability.start();
        auto unreachable = watch.waitFor([](const node::NodeReachabilityStatus& s) {
            return s.verdict == node::ReachabilityVerdict::Unreachable;
        });
        QVERIFY(unreachable);
        QCOMPARE(unreachable->checkedAddress, options.configuredAddress);
        QVERIFY(!unreachable->detail.empty());
        auto tunnelled = watch.waitFor([](const node::NodeReachabilityStatus& s) {
            return s.route == node::NodeRoute::Tunnel &&
                   s.verdict == node::ReachabilityVerdict::Reachable;
        });
        QVERIFY(tunnelled);
        QVERIFY(tunnelled->tunnelUsed);
        QCOMPARE(tunnelled->checkedAddress, tunnelled->tunnel.publicAddress);
        QCOMPARE(tunnelled->publishedAddress, tunnelled->tunnel.publicAddress);
        QVERIFY(pongAt(tunnelled->tunnel.publicPort, nodeRelay.server().identity().fingerprint));

        reachability.stop();
        const auto stopped = reachability.status();
        QCOMPARE(stopped.tunnel.state, node::TunnelState::Stopped);
        QVERIFY(stopped.publishedAddress.empty());
    }

    void withoutCheckersNothingIsClaimed() {
        RelayFixture nodeRelay;
        ReachabilityWatch watch;
        node::NodeReachability reachability(reachabilityFor(nodeRelay.server()), watch.listener());
        reachability.start();
        auto status = watch.waitFor([](const node::NodeReachabilityStatus& s) {
            return s.route == node::NodeRoute::Direct && !s.detail.empty();
        });
        QVERIFY(status);
        QCOMPARE(status->verdict, node::ReachabilityVerdict::Unverified);
        QCOMPARE(status->detail, std::string("no relay is set to check with"));
        QCOMPARE(status->publishedAddress, nodeRelay.server().address());
    }

    void aNodesDailyTrafficIsCapped() {
        RelayFixture core([](relay::RelayConfig& c) {
            allowTunnels(c);
            c.tunnelBytesPerNodePerDay = 200'000; // a few handshakes' worth
        });
        RelayFixture nodeRelay;
        TunnelWatch watch;
        node::TunnelClient tunnel(tunnelFor(core, nodeRelay.server()), watch.listener());
        QVERIFY(tunnel.start());
        auto open = watch.waitFor(node::TunnelState::Open);
        QVERIFY(open);
        const core::Bytes id = nodeRelay.server().identity().fingerprint;
        QVERIFY(pongAt(open->publicPort, id));
        int answered = 1;
        while (answered < 50 && pongAt(open->publicPort, id))
            ++answered;
        QVERIFY2(answered < 50, "the budget never ran out");
        // The next day the node is served again.
        core.clock.advance(24 * 3600);
        QVERIFY(pongAt(open->publicPort, id));
    }
};

QTEST_GUILESS_MAIN(TestNodeService)
#include "test_node_service.moc"
