// The asynchronous SMP client against a real relay in this process, on loopback.
#include "../relay/relay_fixture.h"
#include "crypto/x25519_key_pair.h"
#include "net/smp_client.h"
#include "smp/block.h"
#include "smp/server_address.h"
#include "tcp_proxy.h"

#include <QtTest>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <future>
#include <mutex>
#include <thread>

using namespace ferry;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace net = core::net;
namespace smp = core::smp;
namespace crypto = core::crypto;
using core::Bytes;
using core::Result;
using net::ConnectionState;
using net::SmpClient;
using test::TestQueue;

namespace {

/// An io_context run by two threads, like the client engine's network threads: the
/// client's strand must keep its state consistent with handlers on either.
class IoThread {
public:
    IoThread()
        : m_guard(asio::make_work_guard(io)), m_thread([this] { io.run(); }),
          m_second([this] { io.run(); }) {}
    ~IoThread() {
        // Let stopped clients finish their handlers, then end.
        m_guard.reset();
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!io.stopped() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(5ms);
        io.stop();
        m_thread.join();
        m_second.join();
    }
    asio::io_context io;

private:
    asio::executor_work_guard<asio::io_context::executor_type> m_guard;
    std::thread m_thread;
    std::thread m_second;
};

/// What the client's callbacks reported, read from the test thread.
struct Probe {
    std::mutex mutex;
    std::vector<std::pair<ConnectionState, std::string>> states;
    std::vector<std::pair<Bytes, smp::Response>> pushes;

    static SmpClient::Callbacks callbacks(const std::shared_ptr<Probe>& probe) {
        SmpClient::Callbacks c;
        c.onPush = [probe](const Bytes& id, const smp::Response& r) {
            std::lock_guard lock(probe->mutex);
            probe->pushes.emplace_back(id, r);
        };
        c.onState = [probe](ConnectionState s, const std::string& reason) {
            std::lock_guard lock(probe->mutex);
            probe->states.emplace_back(s, reason);
        };
        return c;
    }
    int count(ConnectionState s) {
        std::lock_guard lock(mutex);
        return int(std::count_if(states.begin(), states.end(),
                                 [s](const auto& e) { return e.first == s; }));
    }
    std::string lastReason(ConnectionState s) {
        std::lock_guard lock(mutex);
        for (auto it = states.rbegin(); it != states.rend(); ++it)
            if (it->first == s)
                return it->second;
        return {};
    }
    std::vector<smp::rsp::Msg> messages(const Bytes& id) {
        std::lock_guard lock(mutex);
        std::vector<smp::rsp::Msg> out;
        for (const auto& [entity, r] : pushes)
            if (entity == id)
                if (auto* m = std::get_if<smp::rsp::Msg>(&r))
                    out.push_back(*m);
        return out;
    }
};

template <typename Pred> bool waitUntil(Pred pred, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

/// Sends a command and waits for its handler.
Result<smp::Response> call(SmpClient& client, Bytes entity, smp::Command command,
                           std::optional<net::AuthKey> key = std::nullopt,
                           std::chrono::milliseconds timeout = 15s) {
    auto promise = std::make_shared<std::promise<Result<smp::Response>>>();
    auto future = promise->get_future();
    client.send(std::move(entity), std::move(command), std::move(key),
                [promise](Result<smp::Response> r) { promise->set_value(std::move(r)); });
    if (future.wait_for(timeout) != std::future_status::ready)
        return core::makeError(test::TestClientErrc::NoAnswer, "the handler was not called");
    return future.get();
}

std::string codeOf(const Result<smp::Response>& r) {
    return r ? std::string("answer ") + smp::responseTag(*r)
             : ferry::core::errorTag(r.error().code);
}

net::SmpClientConfig configFor(std::uint16_t port, const Bytes& identity) {
    net::SmpClientConfig config;
    config.server =
        smp::parseServerAddress("smp://AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=@127.0.0.1:" +
                                std::to_string(port))
            .value();
    config.server.keyHash = identity;
    config.connectTimeout = 3s;
    config.commandTimeout = 5s;
    config.backoffMin = 50ms;
    config.backoffMax = 400ms;
    return config;
}

net::SmpClientConfig configFor(test::RelayFixture& relay) {
    auto config = configFor(relay.server().port(), relay.server().identity().fingerprint);
    // The relay's own address must parse to the same thing.
    auto parsed = smp::parseServerAddress(relay.server().address());
    if (!parsed || parsed->keyHash != config.server.keyHash)
        qFatal("relay address does not parse: %s", relay.server().address().c_str());
    config.server = *parsed;
    return config;
}

struct Client {
    std::shared_ptr<Probe> probe = std::make_shared<Probe>();
    std::shared_ptr<SmpClient> client;
    Client(asio::io_context& io, net::SmpClientConfig config) {
        client = std::make_shared<SmpClient>(io, std::move(config), Probe::callbacks(probe));
        client->start();
    }
    ~Client() { client->stop(); }
    SmpClient* operator->() { return client.get(); }
    SmpClient& operator*() { return *client; }
    bool connected(std::chrono::milliseconds timeout = 10s) {
        return waitUntil([&] { return client->state() == ConnectionState::Connected; }, timeout);
    }
};

/// NEW (Ed25519, not subscribing) and KEY through the client.
bool createQueue(SmpClient& client, TestQueue& q) {
    auto ids = call(client, {}, q.newCommand(false), net::AuthKey{q.recipientKey});
    auto* i = test::as<smp::rsp::Ids>(ids);
    if (!i) {
        qWarning("NEW: %s", test::describe(ids));
        return false;
    }
    q.recipientId = i->recipientId;
    q.senderId = i->senderId;
    q.serverDhKey = i->serverDhKey;
    auto key = call(client, q.recipientId, smp::cmd::Key{q.senderKey.publicKey()},
                    net::AuthKey{q.recipientKey});
    if (!test::isOk(key)) {
        qWarning("KEY: %s", test::describe(key));
        return false;
    }
    return true;
}

Bytes bodyOf(const TestQueue& q, const smp::rsp::Msg& msg) {
    auto opened = q.open(msg);
    return opened ? opened->body : Bytes{};
}

} // namespace

class SmpClientTest : public QObject {
    Q_OBJECT

private slots:
    void connectsCreatesSendsAndReceives();
    void x25519AuthenticatorAtV9();
    void x25519KeyNeedsV7();
    void triesHostsInOrder();
    void keepaliveKeepsConnection();
    void wrongIdentityFails();
    void relayStopFailsInFlightCommands();
    void reconnectsAndResubscribesAfterRestart();
    void missingPongReconnects();
    void commandTimeout();
    void lateAnswersAreIgnored();
    void commandWaitsForConnectionThenTimesOut();
    void connectTimeoutRetries();
    void stopThenDestroyWhileIoRuns();
    void twoQueuesShareOneConnection();
    void batchesManyCommands();
};

void SmpClientTest::connectsCreatesSendsAndReceives() {
    test::RelayFixture relay;
    IoThread io;
    Client c(io.io, configFor(relay));
    QVERIFY(c.connected());
    QCOMPARE(c->version(), smp::versions::kMaxSupported);
    QCOMPARE(c.probe->count(ConnectionState::Connecting), 1);

    TestQueue q;
    QVERIFY(createQueue(*c, q));
    auto sub = std::make_shared<std::promise<Result<smp::Response>>>();
    c->subscribe(q.recipientId, q.recipientKey,
                 [sub](Result<smp::Response> r) { sub->set_value(std::move(r)); });
    auto subFuture = sub->get_future();
    QVERIFY(subFuture.wait_for(10s) == std::future_status::ready);
    QVERIFY(test::isSubscribed(subFuture.get()));

    const Bytes body = core::toBytes("hello over ferry");
    QVERIFY(
        test::isOk(call(*c, q.senderId, smp::cmd::Send{false, body}, net::AuthKey{q.senderKey})));
    QVERIFY(waitUntil([&] { return c.probe->messages(q.recipientId).size() == 1; }));
    const auto msg = c.probe->messages(q.recipientId).front();
    QCOMPARE(bodyOf(q, msg), body);
    QVERIFY(test::isOk(
        call(*c, q.recipientId, smp::cmd::Ack{msg.msgId}, net::AuthKey{q.recipientKey})));
    // PING answers PONG; an unauthorized KEY is the relay's ERR, a value.
    QVERIFY(test::as<smp::rsp::Pong>(call(*c, {}, smp::cmd::Ping{})));
    QVERIFY(test::isCommandError(call(*c, q.recipientId, smp::cmd::Key{q.senderKey.publicKey()}),
                                 smp::CommandError::NoAuth));
}

void SmpClientTest::x25519AuthenticatorAtV9() {
    test::RelayFixture relay;
    IoThread io;
    Client c(io.io, configFor(relay));
    QVERIFY(c.connected());
    QCOMPARE(c->version(), smp::versions::kMaxSupported);

    const auto auth = crypto::X25519KeyPair::generate();
    TestQueue q;
    auto cmd = q.newCommand(false);
    cmd.rcvAuthKey = auth.publicKey();
    auto ids = call(*c, {}, cmd, net::AuthKey{auth});
    auto* i = test::as<smp::rsp::Ids>(ids);
    QVERIFY2(i, test::describe(ids));
    q.recipientId = i->recipientId;
    q.senderId = i->senderId;
    q.serverDhKey = i->serverDhKey;
    QVERIFY(test::isOk(
        call(*c, q.recipientId, smp::cmd::Key{q.senderKey.publicKey()}, net::AuthKey{auth})));
    c->subscribe(q.recipientId, auth);
    QVERIFY(test::isOk(call(*c, q.senderId, smp::cmd::Send{false, core::toBytes("x")},
                            net::AuthKey{q.senderKey})));
    QVERIFY(waitUntil([&] { return c.probe->messages(q.recipientId).size() == 1; }));
    QCOMPARE(bodyOf(q, c.probe->messages(q.recipientId).front()), core::toBytes("x"));
    // A wrong X25519 key is the relay's AUTH error.
    QVERIFY(test::isError(
        call(*c, q.recipientId, smp::cmd::Que{}, net::AuthKey{crypto::X25519KeyPair::generate()}),
        smp::ErrorType::Kind::Auth));
}

void SmpClientTest::x25519KeyNeedsV7() {
    test::RelayFixture relay;
    IoThread io;
    auto config = configFor(relay);
    config.versions = {6, 6};
    Client c(io.io, config);
    QVERIFY(c.connected());
    QCOMPARE(c->version(), smp::Version(6));
    auto r =
        call(*c, {}, TestQueue{}.newCommand(), net::AuthKey{crypto::X25519KeyPair::generate()});
    QCOMPARE(codeOf(r), std::string("auth_key"));
    // Ed25519 still works at v6.
    TestQueue q;
    QVERIFY(createQueue(*c, q));
}

void SmpClientTest::triesHostsInOrder() {
    test::RelayFixture relay;
    IoThread io;
    auto config = configFor(relay);
    // 127.0.0.2 is loopback too, but the relay listens on 127.0.0.1 only: refused.
    config.server.hosts.insert(config.server.hosts.begin(),
                               smp::TransportHost{smp::HostKind::IPv4, "127.0.0.2"});
    Client c(io.io, config);
    QVERIFY(c.connected());
    QCOMPARE(c.probe->lastReason(ConnectionState::Connected), std::string("127.0.0.1"));
    QVERIFY(test::as<smp::rsp::Pong>(call(*c, {}, smp::cmd::Ping{})));
}

void SmpClientTest::keepaliveKeepsConnection() {
    test::RelayFixture relay;
    IoThread io;
    auto config = configFor(relay);
    config.pingInterval = 100ms;
    config.commandTimeout = 2s;
    Client c(io.io, config);
    QVERIFY(c.connected());
    const auto before = relay.server().stats().transmissionsIn;
    std::this_thread::sleep_for(1200ms);
    const auto pings = relay.server().stats().transmissionsIn - before;
    QVERIFY2(pings >= 5, std::to_string(pings).c_str());
    QCOMPARE(c->state(), ConnectionState::Connected);
    QCOMPARE(c.probe->count(ConnectionState::Disconnected), 0);
    QCOMPARE(relay.server().stats().connectionsTotal, std::uint64_t(1));
}

void SmpClientTest::wrongIdentityFails() {
    test::RelayFixture relay;
    IoThread io;
    auto config = configFor(relay);
    config.server.keyHash[0] ^= 0xff;
    Client c(io.io, config);
    auto pending = call(*c, {}, smp::cmd::Ping{});
    QCOMPARE(c->state(), ConnectionState::Failed);
    QCOMPARE(codeOf(pending), std::string("identity"));
    QVERIFY2(c.probe->lastReason(ConnectionState::Failed).find("identity") != std::string::npos,
             c.probe->lastReason(ConnectionState::Failed).c_str());
    std::this_thread::sleep_for(500ms); // several backoff periods: no retry
    QCOMPARE(c.probe->count(ConnectionState::Connecting), 1);
    QCOMPARE(c->state(), ConnectionState::Failed);
    QCOMPARE(codeOf(call(*c, {}, smp::cmd::Ping{})), std::string("identity"));
}

void SmpClientTest::relayStopFailsInFlightCommands() {
    test::RelayFixture relay;
    IoThread proxyIo;
    test::TcpProxy proxy(proxyIo.io, relay.server().port());
    IoThread io;
    Client c(io.io, configFor(proxy.port(), relay.server().identity().fingerprint));
    QVERIFY(c.connected());
    // The relay will not see this command, so its answer cannot beat the stop.
    proxy.blackholeExisting();
    auto promise = std::make_shared<std::promise<Result<smp::Response>>>();
    auto future = promise->get_future();
    c->send({}, smp::cmd::Ping{}, std::nullopt,
            [promise](Result<smp::Response> r) { promise->set_value(std::move(r)); });
    QVERIFY(waitUntil([&] { return proxy.swallowed() > 0; })); // in flight, unanswered
    relay.stopServer();
    QVERIFY(future.wait_for(10s) == std::future_status::ready);
    auto r = future.get();
    QCOMPARE(codeOf(r), std::string("network"));
    QVERIFY(waitUntil([&] { return c.probe->count(ConnectionState::Disconnected) >= 1; }));
    QVERIFY(!c.probe->lastReason(ConnectionState::Disconnected).empty());
    // It keeps trying with backoff.
    QVERIFY(waitUntil([&] { return c.probe->count(ConnectionState::Connecting) >= 3; }));
}

void SmpClientTest::reconnectsAndResubscribesAfterRestart() {
    test::RelayFixture relay;
    IoThread io;
    Client c(io.io, configFor(relay));
    QVERIFY(c.connected());
    TestQueue q;
    QVERIFY(createQueue(*c, q));
    auto subscribed = std::make_shared<std::promise<Result<smp::Response>>>();
    auto subFuture = subscribed->get_future();
    c->subscribe(q.recipientId, q.recipientKey,
                 [subscribed](Result<smp::Response> r) { subscribed->set_value(std::move(r)); });
    QVERIFY(subFuture.wait_for(10s) == std::future_status::ready);
    QVERIFY(test::isSubscribed(subFuture.get()));
    // RelayServer::stop() races with the store's commit thread still holding a connection
    // it just answered (NEW/KEY) — a relay bug, reported; give that thread a moment.
    std::this_thread::sleep_for(100ms);

    relay.stopServer();
    QVERIFY(waitUntil([&] { return c->state() != ConnectionState::Connected; }));
    std::this_thread::sleep_for(300ms); // a few refused attempts
    relay.startOnSamePort();
    QVERIFY(waitUntil([&] { return c.probe->count(ConnectionState::Connected) == 2; }));

    // From another client: the message reaches ours only if it subscribed again.
    auto sender = relay.connect();
    QVERIFY(
        test::isOk(sender->call(q.senderId, smp::cmd::Send{false, core::toBytes("after restart")},
                                test::Signer{&q.senderKey})));
    QVERIFY(waitUntil([&] { return c.probe->messages(q.recipientId).size() == 1; }));
    QCOMPARE(bodyOf(q, c.probe->messages(q.recipientId).front()), core::toBytes("after restart"));
}

void SmpClientTest::missingPongReconnects() {
    test::RelayFixture relay;
    IoThread proxyIo;
    test::TcpProxy proxy(proxyIo.io, relay.server().port());
    IoThread io;
    auto config = configFor(proxy.port(), relay.server().identity().fingerprint);
    config.pingInterval = 100ms;
    config.commandTimeout = 300ms;
    Client c(io.io, config);
    QVERIFY(c.connected());
    proxy.blackholeExisting();
    QVERIFY(waitUntil([&] { return c.probe->count(ConnectionState::Disconnected) == 1; }, 5s));
    QVERIFY2(c.probe->lastReason(ConnectionState::Disconnected).find("PONG") != std::string::npos,
             c.probe->lastReason(ConnectionState::Disconnected).c_str());
    QVERIFY(waitUntil([&] { return c.probe->count(ConnectionState::Connected) == 2; }));
    QVERIFY(test::as<smp::rsp::Pong>(call(*c, {}, smp::cmd::Ping{})));
}

void SmpClientTest::commandTimeout() {
    test::RelayFixture relay;
    IoThread proxyIo;
    test::TcpProxy proxy(proxyIo.io, relay.server().port());
    IoThread io;
    auto config = configFor(proxy.port(), relay.server().identity().fingerprint);
    config.commandTimeout = 300ms;
    Client c(io.io, config);
    QVERIFY(c.connected());
    proxy.blackholeExisting();
    const auto started = std::chrono::steady_clock::now();
    auto r =
        call(*c, {}, TestQueue{}.newCommand(), net::AuthKey{crypto::Ed25519KeyPair::generate()});
    const auto took = std::chrono::steady_clock::now() - started;
    QCOMPARE(codeOf(r), std::string("timeout"));
    QVERIFY(took >= 250ms && took < 3s);
    // A late command is the caller's business; the connection itself stays.
    QCOMPARE(c->state(), ConnectionState::Connected);
}

void SmpClientTest::lateAnswersAreIgnored() {
    test::RelayFixture relay;
    IoThread io;
    auto config = configFor(relay);
    config.commandTimeout = 1ms;
    Client c(io.io, config);
    QVERIFY(c.connected());
    // Most time out before the PONG; the PONGs then carry corrIds nobody waits for.
    constexpr int kCount = 20;
    std::atomic<int> answered{0};
    for (int i = 0; i < kCount; ++i)
        c->send({}, smp::cmd::Ping{}, std::nullopt, [&](Result<smp::Response>) { ++answered; });
    QVERIFY(waitUntil([&] { return answered == kCount; }));
    std::this_thread::sleep_for(200ms);
    QCOMPARE(answered.load(), kCount); // each handler exactly once
    QCOMPARE(c->state(), ConnectionState::Connected);
    QCOMPARE(c.probe->count(ConnectionState::Disconnected), 0);
}

void SmpClientTest::commandWaitsForConnectionThenTimesOut() {
    // A port nobody listens on: bind one and let it go.
    std::uint16_t port = 0;
    {
        asio::io_context scratch;
        asio::ip::tcp::acceptor a(scratch, {asio::ip::make_address("127.0.0.1"), 0});
        port = a.local_endpoint().port();
    }
    IoThread io;
    auto config = configFor(port, Bytes(32, 7));
    config.commandTimeout = 400ms;
    Client c(io.io, config);
    auto r = call(*c, {}, smp::cmd::Ping{});
    QCOMPARE(codeOf(r), std::string("timeout"));
    QVERIFY(c.probe->count(ConnectionState::Disconnected) >= 2);
    QVERIFY2(c.probe->lastReason(ConnectionState::Disconnected).find("127.0.0.1") !=
                 std::string::npos,
             c.probe->lastReason(ConnectionState::Disconnected).c_str());

    // A command issued while disconnected goes out once the relay is there.
    test::RelayFixture relay;
    auto config2 = configFor(relay);
    Client later(io.io, config2);
    QVERIFY(test::as<smp::rsp::Pong>(call(*later, {}, smp::cmd::Ping{})));
}

void SmpClientTest::connectTimeoutRetries() {
    // Listening but never accepting: TCP connects (the kernel's backlog), TLS never answers.
    asio::io_context never;
    asio::ip::tcp::acceptor silent(never, {asio::ip::make_address("127.0.0.1"), 0});
    IoThread io;
    auto config = configFor(silent.local_endpoint().port(), Bytes(32, 7));
    config.connectTimeout = 200ms;
    Client c(io.io, config);
    QVERIFY(waitUntil([&] { return c.probe->count(ConnectionState::Disconnected) >= 2; }, 5s));
    QVERIFY2(c.probe->lastReason(ConnectionState::Disconnected).find("timed out") !=
                 std::string::npos,
             c.probe->lastReason(ConnectionState::Disconnected).c_str());
    QVERIFY(c.probe->count(ConnectionState::Connecting) >= 2);
}

void SmpClientTest::stopThenDestroyWhileIoRuns() {
    test::RelayFixture relay;
    IoThread io;
    auto probe = std::make_shared<Probe>();
    auto client = std::make_shared<SmpClient>(io.io, configFor(relay), Probe::callbacks(probe));
    client->start();
    QVERIFY(waitUntil([&] { return client->state() == ConnectionState::Connected; }));
    TestQueue q;
    QVERIFY(createQueue(*client, q));
    client->subscribe(q.recipientId, q.recipientKey);
    auto promise = std::make_shared<std::promise<Result<smp::Response>>>();
    auto future = promise->get_future();
    client->send({}, smp::cmd::Ping{}, std::nullopt,
                 [promise](Result<smp::Response> r) { promise->set_value(std::move(r)); });
    client->stop();
    client.reset();
    QVERIFY(future.wait_for(10s) == std::future_status::ready);
    QCOMPARE(codeOf(future.get()), std::string("stopped"));
    QVERIFY(waitUntil([&] { return probe->count(ConnectionState::Stopped) == 1; }));
    // Nothing comes after Stopped, even with traffic for the queue.
    auto sender = relay.connect();
    QVERIFY(test::isOk(sender->call(q.senderId, smp::cmd::Send{false, core::toBytes("late")},
                                    test::Signer{&q.senderKey})));
    std::this_thread::sleep_for(200ms);
    QVERIFY(probe->messages(q.recipientId).empty());
    std::lock_guard lock(probe->mutex);
    QCOMPARE(probe->states.back().first, ConnectionState::Stopped);
}

void SmpClientTest::twoQueuesShareOneConnection() {
    test::RelayFixture relay;
    IoThread io;
    Client c(io.io, configFor(relay));
    QVERIFY(c.connected());
    TestQueue a, b;
    QVERIFY(createQueue(*c, a));
    QVERIFY(createQueue(*c, b));
    c->subscribe(a.recipientId, a.recipientKey);
    c->subscribe(b.recipientId, b.recipientKey);
    QVERIFY(test::isOk(call(*c, b.senderId, smp::cmd::Send{false, core::toBytes("to b")},
                            net::AuthKey{b.senderKey})));
    QVERIFY(test::isOk(call(*c, a.senderId, smp::cmd::Send{false, core::toBytes("to a")},
                            net::AuthKey{a.senderKey})));
    QVERIFY(waitUntil([&] {
        return c.probe->messages(a.recipientId).size() == 1 &&
               c.probe->messages(b.recipientId).size() == 1;
    }));
    QCOMPARE(bodyOf(a, c.probe->messages(a.recipientId).front()), core::toBytes("to a"));
    QCOMPARE(bodyOf(b, c.probe->messages(b.recipientId).front()), core::toBytes("to b"));
    QCOMPARE(relay.server().stats().connectionsTotal, std::uint64_t(1));
}

void SmpClientTest::batchesManyCommands() {
    test::RelayFixture relay;
    IoThread io;
    Client c(io.io, configFor(relay));
    QVERIFY(c.connected());
    TestQueue q;
    QVERIFY(createQueue(*c, q));
    const auto before = relay.server().stats();
    constexpr int kCount = 100;
    std::mutex mutex;
    int ok = 0, other = 0;
    for (int i = 0; i < kCount; ++i)
        c->send(q.senderId, smp::cmd::Send{false, core::toBytes("message " + std::to_string(i))},
                net::AuthKey{q.senderKey}, [&](Result<smp::Response> r) {
                    std::lock_guard lock(mutex);
                    (test::isOk(r) ? ok : other) += 1;
                });
    QVERIFY(waitUntil([&] {
        std::lock_guard lock(mutex);
        return ok + other == kCount;
    }));
    QCOMPARE(ok, kCount);
    const auto after = relay.server().stats();
    QCOMPARE(after.transmissionsIn - before.transmissionsIn, std::uint64_t(kCount));
    // ~150 bytes each: a handful of blocks, not a hundred.
    const auto blocks = (after.bytesIn - before.bytesIn) / smp::kBlockSize;
    QVERIFY2(blocks <= 4, std::to_string(blocks).c_str());
    QCOMPARE(after.messagesStored, std::uint64_t(kCount));
}

QTEST_APPLESS_MAIN(SmpClientTest)
#include "test_smp_client.moc"
