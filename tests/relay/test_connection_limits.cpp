// The relay's one connection budget, as an attacker on loopback meets it: a per-address share
// closed before TLS, node-service connections counted like any other, idle connections
// closed, and AcceptLoop's pause after accept errors.
#include "relay/server/accept_loop.h"
#include "relay_fixture.h"
#include "relay_pair.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <thread>

using namespace ferry;
using namespace ferry::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

template <typename F> bool waitUntil(F condition, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

// A TCP connection to the relay from `source` that sends nothing.
std::unique_ptr<tcp::socket> silentConnection(asio::io_context& io, std::uint16_t port,
                                              const char* source = "127.0.0.1") {
    auto socket =
        std::make_unique<tcp::socket>(io, tcp::endpoint(asio::ip::make_address(source), 0));
    socket->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    return socket;
}

// Whether the relay closed the connection (end of stream within `wait`).
bool closedByRelay(tcp::socket& socket, std::chrono::milliseconds wait = 3000ms) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    socket.non_blocking(true);
    std::array<char, 64> buffer{};
    while (std::chrono::steady_clock::now() < deadline) {
        boost::system::error_code ec;
        socket.read_some(asio::buffer(buffer), ec);
        if (ec == asio::error::eof || ec == asio::error::connection_reset)
            return true;
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

// A TLS connection to the node service (ALPN ferry-node/1) that says nothing after TLS.
struct NodeServiceVisitor {
    asio::ssl::context tls{asio::ssl::context::tls_client};
    std::unique_ptr<asio::ssl::stream<tcp::socket>> stream;

    bool connect(asio::io_context& io, std::uint16_t port) {
        static const unsigned char kAlpn[] = "\x0c"
                                             "ferry-node/1";
        SSL_CTX_set_alpn_protos(tls.native_handle(), kAlpn, sizeof kAlpn - 1);
        stream = std::make_unique<asio::ssl::stream<tcp::socket>>(io, tls);
        boost::system::error_code ec;
        stream->lowest_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                       ec);
        if (!ec)
            stream->handshake(asio::ssl::stream_base::client, ec);
        return !ec;
    }
};

} // namespace

class TestConnectionLimits : public QObject {
    Q_OBJECT

private slots:
    // One address holds its share and no more; the rest is closed before TLS, and another
    // address is served all along.
    void oneAddressHoldsOnlyItsShare() {
        RelayFixture relay([](relay::RelayConfig& c) {
            c.maxConnections = 100;
            c.maxConnectionsPerAddress = 4;
        });
        asio::io_context io;
        std::vector<std::unique_ptr<tcp::socket>> held;
        for (int i = 0; i < 4; ++i)
            held.push_back(silentConnection(io, relay.server().port()));
        QVERIFY(waitUntil([&] { return relay.server().stats().connectionsNow == 4; }));
        auto extra = silentConnection(io, relay.server().port());
        QVERIFY(closedByRelay(*extra));
        QCOMPARE(relay.server().stats().connectionsRefused, 1u);
        QCOMPARE(relay.server().stats().connectionsNow, 4u);

        // 127.0.0.2 is another address: a client from there is served.
        auto other = silentConnection(io, relay.server().port(), "127.0.0.2");
        QVERIFY(waitUntil([&] { return relay.server().stats().connectionsNow == 5; }));
        QVERIFY(!closedByRelay(*other, 300ms));

        // A place given back is a place for the next connection from that address.
        held.pop_back();
        QVERIFY(waitUntil([&] { return relay.server().stats().connectionsNow == 4; }));
        auto client = relay.connect();
        QVERIFY(as<smp::rsp::Pong>(client->call({}, smp::cmd::Ping{})));
    }

    // Node-service connections take places like SMP ones, also after their TLS handshake.
    void nodeServiceConnectionsCount() {
        RelayFixture relay([](relay::RelayConfig& c) {
            c.maxConnections = 3;
            c.maxConnectionsPerAddress = 0;
        });
        asio::io_context io;
        NodeServiceVisitor a, b, c;
        QVERIFY(a.connect(io, relay.server().port()));
        QVERIFY(b.connect(io, relay.server().port()));
        QVERIFY(c.connect(io, relay.server().port()));
        QCOMPARE(relay.server().stats().connectionsNow, 3u);
        TestClientOptions options = relay.options();
        options.timeout = 2000ms;
        QVERIFY(!TestSmpClient::connect(options).ok());
        QCOMPARE(relay.server().stats().connectionsRefused, 1u);
        c.stream.reset();
        QVERIFY(waitUntil([&] { return relay.server().stats().connectionsNow == 2; }));
        QVERIFY(TestSmpClient::connect(options).ok());
    }

    // A connection that subscribed to nothing and says nothing goes; a subscriber stays.
    void idleConnectionsAreClosed() {
        RelayFixture relay([](relay::RelayConfig& c) { c.idleTimeout = 1s; });
        auto idle = relay.connect();
        auto pair = makeRelayPair(relay.options());
        QVERIFY(pair);
        const auto before = relay.server().stats().connectionsNow;
        QCOMPARE(before, 3u);
        // The idle one and the pair's sender (silent since it connected) are closed.
        QVERIFY(waitUntil([&] { return relay.server().stats().connectionsNow == 1; }));
        QVERIFY(!idle->call({}, smp::cmd::Ping{}).ok());
        // The subscriber is still there and still gets messages.
        std::this_thread::sleep_for(1500ms);
        QCOMPARE(relay.server().stats().connectionsNow, 1u);
        auto sender = relay.connect();
        QVERIFY(answeredOk(sender->call(pair->queue.senderId,
                                        smp::cmd::Send{false, core::toBytes("still here")})));
        auto push = pair->recipient->awaitPush();
        QVERIFY(push && std::holds_alternative<smp::rsp::Msg>(push->response));
    }

    // After accept errors (out of file descriptors) the loop pauses, 10 ms doubling to 1 s.
    void acceptErrorsPauseTheLoop() {
        using relay::AcceptLoop;
        QCOMPARE(AcceptLoop::pauseAfter(1), 10ms);
        QCOMPARE(AcceptLoop::pauseAfter(2), 20ms);
        QCOMPARE(AcceptLoop::pauseAfter(7), 640ms);
        QCOMPARE(AcceptLoop::pauseAfter(8), 1000ms);
        QCOMPARE(AcceptLoop::pauseAfter(1000), 1000ms);
    }
};

QTEST_GUILESS_MAIN(TestConnectionLimits)
#include "test_connection_limits.moc"
