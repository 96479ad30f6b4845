// The tunnel service against squatters: throwaway identities, a known node's reserved port,
// the share of one network, the operator's allow-list, public ports that carry only SMP's
// TLS, and the node's own cap on the connections the relay may ask of it.
#include "relay/node/tunnel_reservations.h"
#include "relay_fixture.h"
#include "tunnel_support.h"

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

using namespace ferry;
using namespace ferry::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace node = core::node;
using asio::ip::tcp;

namespace {

void tunnelRange(relay::RelayConfig& c, std::uint16_t ports) {
    const std::uint16_t first = freeLoopbackPort();
    c.tunnelFirstPort = first;
    c.tunnelLastPort = static_cast<std::uint16_t>(first + ports - 1);
}

// A tunnel of a throwaway node, started; its first state after Connecting.
struct Squatter {
    ThrowawayNode identity = makeThrowawayNode();
    TunnelWatch watch;
    std::unique_ptr<node::TunnelClient> client;

    explicit Squatter(const RelayFixture& core) {
        client = std::make_unique<node::TunnelClient>(tunnelAs(core, identity), watch.listener());
        started = client->start().ok();
    }
    bool started = false;
    std::optional<node::TunnelStatus> open() { return watch.waitFor(node::TunnelState::Open); }
    std::optional<node::TunnelStatus> refused() {
        return watch.waitFor(node::TunnelState::Refused);
    }
};

bool mentions(const std::optional<node::TunnelStatus>& status, const char* words) {
    return status && status->reason.find(words) != std::string::npos;
}

bool portAccepts(std::uint16_t port) {
    asio::io_context io;
    tcp::socket socket(io);
    boost::system::error_code ec;
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    return !ec;
}

// Whether a TLS handshake offering only `alpn` completes at `port`.
bool tlsHandshakeWith(std::uint16_t port, const std::string& alpn) {
    asio::io_context io;
    asio::ssl::context tls(asio::ssl::context::tls_client);
    std::string list(1, static_cast<char>(alpn.size()));
    list += alpn;
    SSL_CTX_set_alpn_protos(tls.native_handle(),
                            reinterpret_cast<const unsigned char*>(list.data()),
                            static_cast<unsigned>(list.size()));
    asio::ssl::stream<tcp::socket> stream(io, tls);
    boost::system::error_code ec;
    stream.lowest_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    if (!ec)
        stream.handshake(asio::ssl::stream_base::client, ec);
    return !ec;
}

// A newcomer is refused the only port, which `identity` then gets back.
bool newcomerRefusedAndNodeReturns(const RelayFixture& core, const ThrowawayNode& identity,
                                   std::uint16_t port) {
    Squatter newcomer(core);
    const bool refused = mentions(newcomer.refused(), "in use or reserved");
    newcomer.client->stop();
    TunnelWatch back;
    node::TunnelClient again(tunnelAs(core, identity), back.listener());
    if (!refused || !again.start())
        return false;
    auto reopened = back.waitFor(node::TunnelState::Open);
    return reopened && reopened->publicPort == port;
}

} // namespace

class TestTunnelLimits : public QObject {
    Q_OBJECT

private slots:
    // A node that went away keeps its port: a newcomer is refused, the node gets it back.
    void aKnownNodesPortIsNotGivenToANewcomer() {
        RelayFixture core([](relay::RelayConfig& c) {
            tunnelRange(c, 1);
            c.tunnelNodesPerNetwork = 10;
        });
        auto known = std::make_unique<Squatter>(core);
        QVERIFY(known->started);
        auto open = known->open();
        QVERIFY(open);
        core.clock.advance(3600); // an hour with its tunnel: it has earned its port
        const ThrowawayNode identity = known->identity;
        known->client->stop();

        QVERIFY(newcomerRefusedAndNodeReturns(core, identity, open->publicPort));
    }

    // With tunnel_max_nodes reached by nodes connected and away with an earned port, a
    // newcomer is refused although a port is free, and the known node coming back is let in.
    void aKnownNodeKeepsItsSeat() {
        RelayFixture core([](relay::RelayConfig& c) {
            tunnelRange(c, 2);
            c.tunnelMaxNodes = 1;
            c.tunnelNodesPerNetwork = 10;
        });
        auto known = std::make_unique<Squatter>(core);
        QVERIFY(known->started);
        auto open = known->open();
        QVERIFY(open);
        core.clock.advance(3600);
        const ThrowawayNode identity = known->identity;
        known->client->stop();

        Squatter newcomer(core);
        QVERIFY(newcomer.started);
        auto refused = newcomer.refused();
        QVERIFY2(mentions(refused, "as many nodes as it allows (1)"),
                 refused ? refused->reason.c_str() : "no answer");
        TunnelWatch back;
        node::TunnelClient again(tunnelAs(core, identity), back.listener());
        QVERIFY(again.start());
        auto reopened = back.waitFor(node::TunnelState::Open);
        QVERIFY(reopened);
        QCOMPARE(reopened->publicPort, open->publicPort);
    }

    // The relay restarts: the port stays the known node's, not a newcomer's.
    void reservationsOutliveARestart() {
        RelayFixture core([](relay::RelayConfig& c) {
            tunnelRange(c, 1);
            c.tunnelNodesPerNetwork = 10;
        });
        ThrowawayNode identity = makeThrowawayNode();
        std::uint16_t port = 0;
        {
            TunnelWatch first;
            node::TunnelClient known(tunnelAs(core, identity), first.listener());
            QVERIFY(known.start());
            auto open = first.waitFor(node::TunnelState::Open);
            QVERIFY(open);
            port = open->publicPort;
            core.clock.advance(3600);
            known.stop();
        }
        core.restart();

        QVERIFY(newcomerRefusedAndNodeReturns(core, identity, port));
    }

    void reservationsFileRoundTripsAndBadFilesAreKept() {
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath("tunnel-reservations").toStdString();
        QVERIFY(relay::loadTunnelReservations(file).empty()); // none yet
        const std::vector<relay::TunnelReservation> list{
            {Bytes(32, 1), 7001, *core::net::parseIpNetwork("192.0.2.0/24"), 1700000000, 19675,
             12345},
            {Bytes(32, 2), 7002, *core::net::parseIpNetwork("2001:db8:1::/48"), 1700000100, 19675,
             0},
        };
        QVERIFY(relay::saveTunnelReservations(file, list));
        QCOMPARE(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
        QVERIFY(relay::loadTunnelReservations(file) == list);

        // A damaged file is moved aside, not overwritten, and reads as no reservations.
        {
            std::ofstream damaged(file, std::ios::app);
            damaged << "not a reservation\n";
        }
        QVERIFY(relay::loadTunnelReservations(file).empty());
        QVERIFY(!std::filesystem::exists(file));
        QVERIFY(std::filesystem::exists(file.string() + ".unreadable"));
    }

    // A node that came and went (a throwaway identity) keeps no port: the next newcomer gets
    // it, and the node coming back is refused; one that held its tunnel for
    // tunnel_reserve_after_seconds keeps it; and only earned reservations are saved.
    void aNodeThatCameAndWentKeepsNoPort() {
        RelayFixture core([](relay::RelayConfig& c) {
            tunnelRange(c, 1);
            c.tunnelNodesPerNetwork = 10;
        });
        auto brief = std::make_unique<Squatter>(core);
        auto open = brief->open();
        QVERIFY(open);
        core.clock.advance(3599); // a second short of earning it
        const ThrowawayNode identity = brief->identity;
        brief->client->stop();
        QTRY_VERIFY(!portAccepts(open->publicPort));

        Squatter newcomer(core);
        auto taken = newcomer.open();
        QVERIFY(taken);
        QCOMPARE(taken->publicPort, open->publicPort);
        TunnelWatch back;
        node::TunnelClient again(tunnelAs(core, identity), back.listener());
        QVERIFY(again.start());
        QVERIFY(mentions(back.waitFor(node::TunnelState::Refused), "in use or reserved"));
        again.stop();
        // Neither has earned a reservation: none is saved for a restart.
        QVERIFY(
            relay::loadTunnelReservations(core.config().dataDir / "tunnel-reservations").empty());
    }

    // Reservations end: after tunnel_reservation_days the port is free for someone else.
    void aReservationEnds() {
        RelayFixture core([](relay::RelayConfig& c) {
            tunnelRange(c, 1);
            c.tunnelNodesPerNetwork = 10;
            c.tunnelReservation = 3600s;
        });
        std::uint16_t port = 0;
        {
            Squatter gone(core);
            auto open = gone.open();
            QVERIFY(open);
            port = open->publicPort;
            core.clock.advance(3600);
        }
        // The relay has seen it go (its port closed) before the time passes.
        QTRY_VERIFY(!portAccepts(port));
        core.clock.advance(3601);
        Squatter next(core);
        QVERIFY(next.open());
    }

    // Throwaway identities from one network hold its share of ports and no more; a newcomer
    // from there gets only the port of that network's own node away longest.
    void oneNetworkHoldsOnlyItsShare() {
        RelayFixture core([](relay::RelayConfig& c) {
            tunnelRange(c, 4);
            c.tunnelNodesPerNetwork = 2;
        });
        Squatter a(core), b(core);
        auto aOpen = a.open();
        QVERIFY(aOpen);
        QVERIFY(b.open());
        Squatter c(core);
        auto refused = c.refused();
        QVERIFY2(mentions(refused, "2 nodes from your network"),
                 refused ? refused->reason.c_str() : "not refused");
        // a leaves; c (trying again every second) takes a's port, not one of the free ones.
        a.client->stop();
        auto cOpen = c.open();
        QVERIFY(cOpen);
        QCOMPARE(cOpen->publicPort, aOpen->publicPort);
    }

    void onlyListedNodesGetATunnel() {
        RelayFixture nodeRelay;
        RelayFixture core([&](relay::RelayConfig& c) {
            tunnelRange(c, 2);
            c.tunnelAllowNodes = {nodeRelay.server().identity().fingerprint};
        });
        Squatter stranger(core);
        QVERIFY(mentions(stranger.refused(), "only for the nodes its operator lists"));
        TunnelWatch watch;
        node::TunnelClient listed(tunnelFor(core, nodeRelay.server()), watch.listener());
        QVERIFY(listed.start());
        QVERIFY(watch.waitFor(node::TunnelState::Open));
    }

    // The public port is for SMP clients of the node: plain HTTP and TLS for another
    // protocol are closed without reaching the node; SMP goes through.
    void thePublicPortCarriesOnlySmpTls() {
        RelayFixture core([](relay::RelayConfig& c) { tunnelRange(c, 1); });
        RelayFixture nodeRelay;
        TunnelWatch watch;
        node::TunnelClient tunnel(tunnelFor(core, nodeRelay.server()), watch.listener());
        QVERIFY(tunnel.start());
        auto open = watch.waitFor(node::TunnelState::Open);
        QVERIFY(open);
        QCOMPARE(answerTo(open->publicPort, "GET / HTTP/1.1\r\nHost: example\r\n\r\n"),
                 std::string());
        QVERIFY(!tlsHandshakeWith(open->publicPort, "h2"));
        QCOMPARE(tunnel.status().streams, 0u);
        QVERIFY(pongAt(open->publicPort, nodeRelay.server().identity().fingerprint));
        QCOMPARE(tunnel.status().streams, 1u);
    }

    // The node opens at most maxStreams connections for the relay at once.
    void theNodeAnswersAtMostMaxStreamsOpens() {
        RelayFixture core([](relay::RelayConfig& c) { tunnelRange(c, 1); });
        RelayFixture nodeRelay;
        TunnelWatch watch;
        auto options = tunnelFor(core, nodeRelay.server());
        options.maxStreams = 1;
        node::TunnelClient tunnel(std::move(options), watch.listener());
        QVERIFY(tunnel.start());
        auto open = watch.waitFor(node::TunnelState::Open);
        QVERIFY(open);
        TestClientOptions through;
        through.port = open->publicPort;
        through.identity = nodeRelay.server().identity().fingerprint;
        auto first = TestSmpClient::connect(through);
        QVERIFY(first);
        through.timeout = 2000ms;
        QVERIFY(!TestSmpClient::connect(through).ok());
        QVERIFY(tunnel.status().streamsDeclined >= 1);
        first.value().reset();
        through.timeout = 5000ms;
        // Once the node has seen the first stream end (a moment after the client left), its
        // place is free for the next client.
        bool servedAgain = false;
        for (int attempt = 0; attempt < 3 && !servedAgain; ++attempt)
            servedAgain = TestSmpClient::connect(through).ok();
        QVERIFY(servedAgain);
    }
};

QTEST_GUILESS_MAIN(TestTunnelLimits)
#include "test_tunnel_limits.moc"
