// Limits, persistence and hostile input: quota, message size, TTL, storage cap, restart,
// malformed blocks and commands, identity and password checks, timeouts.
#include "crypto/random.h"
#include "net/net_errc.h"
#include "relay/relay_errc.h"
#include "relay/server/queue_creation_pacer.h"
#include "relay_fixture.h"
#include "smp/block.h"
#include "smp/transmission.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace ferry;
using namespace ferry::test;
using EK = smp::ErrorType::Kind;

namespace {

smp::cmd::Send sendOf(const std::string& body) {
    return smp::cmd::Send{false, core::toBytes(body)};
}

// Receives every waiting message with GET/ACK on a fresh connection; returns bodies
// ("<quota>" for the quota marker).
std::vector<std::string> drain(RelayFixture& relay, const TestQueue& q) {
    std::vector<std::string> bodies;
    auto client = relay.connect();
    for (int i = 0; i < 1000; ++i) {
        auto r = client->call(q.recipientId, smp::cmd::Get{}, Signer{&q.recipientKey});
        auto* msg = as<smp::rsp::Msg>(r);
        if (!msg)
            break;
        auto opened = q.open(*msg);
        if (!opened)
            break;
        bodies.push_back(opened->quotaMarker ? "<quota>" : core::toString(opened->body));
        if (!isOk(client->call(q.recipientId, smp::cmd::Ack{msg->msgId}, Signer{&q.recipientKey})))
            break;
    }
    return bodies;
}

int rawConnect(std::uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

} // namespace

class TestRelayLimits : public QObject {
    Q_OBJECT

private slots:
    void quotaAndMarker() {
        RelayFixture relay([](relay::RelayConfig& c) { c.queueQuota = 3; });
        auto client = relay.connect();
        TestQueue q;
        QVERIFY(createQueue(*client, q, false).ok());
        for (int i = 1; i <= 3; ++i)
            QVERIFY(isOk(client->call(q.senderId, sendOf("m" + std::to_string(i)))));
        // The 4th stores the quota marker and is refused; so is everything until drained.
        QVERIFY(isError(client->call(q.senderId, sendOf("m4")), EK::Quota));
        QVERIFY(isError(client->call(q.senderId, sendOf("m5")), EK::Quota));
        const auto bodies = drain(relay, q);
        QCOMPARE(bodies, (std::vector<std::string>{"m1", "m2", "m3", "<quota>"}));
        QVERIFY(isOk(client->call(q.senderId, sendOf("after"))));
    }

    void largeMessages_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<int>("limit");
        QTest::newRow("v7") << 7 << 16088;
        QTest::newRow("v8") << 8 << 16064;
        QTest::newRow("v9") << 9 << 16064;
    }

    void largeMessages() {
        QFETCH(int, version);
        QFETCH(int, limit);
        RelayFixture relay;
        auto client = relay.connect({smp::Version(version), smp::Version(version)});
        TestQueue q;
        QVERIFY(createQueue(*client, q, false).ok());
        QVERIFY(
            isOk(client->call(q.senderId, smp::cmd::Send{false, Bytes(std::size_t(limit), 'x')})));
        // One byte more still fits a block (the body limit is below the block's room)...
        auto r =
            client->call(q.senderId, smp::cmd::Send{false, Bytes(std::size_t(limit) + 1, 'x')});
        QVERIFY2(isError(r, EK::LargeMsg), describe(r));
        auto got = client->call(q.recipientId, smp::cmd::Get{}, Signer{&q.recipientKey});
        auto* msg = as<smp::rsp::Msg>(got);
        QVERIFY(msg);
        QCOMPARE(q.open(*msg)->body.size(), std::size_t(limit));
    }

    void messagesExpireAfterTtl() {
        RelayFixture relay([](relay::RelayConfig& c) { c.messageTtl = std::chrono::hours(24); });
        auto client = relay.connect();
        TestQueue q;
        QVERIFY(createQueue(*client, q, false).ok());
        QVERIFY(isOk(client->call(q.senderId, sendOf("old"))));
        relay.clock.advance(12 * 3600);
        QVERIFY(isOk(client->call(q.senderId, sendOf("newer"))));
        QCOMPARE(relay.server().expireMessagesNow(), 0u);
        relay.clock.advance(13 * 3600); // "old" is now 25 h old, "newer" 13 h
        QCOMPARE(relay.server().expireMessagesNow(), 1u);
        QCOMPARE(relay.server().stats().messagesExpired, 1u);
        QCOMPARE(drain(relay, q), std::vector<std::string>{"newer"});
    }

    void storageCap() {
        RelayFixture relay([](relay::RelayConfig& c) { c.storageCapBytes = 40000; });
        auto client = relay.connect();
        TestQueue q;
        QVERIFY(createQueue(*client, q, false).ok());
        int accepted = 0;
        for (int i = 0; i < 5; ++i)
            if (isOk(client->call(q.senderId, smp::cmd::Send{false, Bytes(16000, 'x')})))
                ++accepted;
        QCOMPARE(accepted, 2); // a third 16 KB body would pass the 40 KB cap
        QVERIFY(relay.server().stats().storageBytes <= 40000u);
        QCOMPARE(drain(relay, q).size(), 2u);
        QVERIFY(isOk(client->call(q.senderId, smp::cmd::Send{false, Bytes(16000, 'x')})));
    }

    void newQueuesStopAtTheStorageCap() {
        // Queues count toward the cap too: a client creating queues cannot fill the disk.
        RelayFixture relay([](relay::RelayConfig& c) { c.storageCapBytes = 3 * 512; });
        auto client = relay.connect();
        std::vector<TestQueue> queues(4);
        for (int i = 0; i < 3; ++i)
            QVERIFY(createQueue(*client, queues[i], false).ok());
        auto refused = client->call({}, queues[3].newCommand(), Signer{&queues[3].recipientKey});
        QVERIFY2(isError(refused, EK::Auth), describe(refused));
        QCOMPARE(relay.server().stats().queuesActive, 3u);
        // Existing queues keep working, and deleting one makes room.
        QVERIFY(isOk(
            client->call(queues[0].recipientId, smp::cmd::Del{}, Signer{&queues[0].recipientKey})));
        QVERIFY(createQueue(*client, queues[3], false).ok());
    }

    void restartKeepsQueuesAndMessages() {
        RelayFixture relay;
        TestQueue q;
        {
            auto client = relay.connect();
            QVERIFY(createQueue(*client, q, false, true).ok());
            QVERIFY(isOk(client->call(q.senderId, sendOf("before restart"), Signer{&q.senderKey})));
        }
        const Bytes identity = relay.server().identity().fingerprint;
        relay.restart();
        QCOMPARE(relay.server().identity().fingerprint, identity);
        QCOMPARE(relay.server().stats().queuesActive, 1u);
        QCOMPARE(relay.server().stats().messagesStored, 1u);
        auto client = relay.connect();
        // Still secured with the same key.
        QVERIFY(isError(client->call(q.senderId, sendOf("unsigned")), EK::Auth));
        QCOMPARE(drain(relay, q), std::vector<std::string>{"before restart"});
    }

    void createPassword() {
        RelayFixture relay([](relay::RelayConfig& c) { c.createPassword = "open-sesame"; });
        auto client = relay.connect();
        TestQueue q;
        auto none = client->call({}, q.newCommand(), Signer{&q.recipientKey});
        QVERIFY2(isError(none, EK::Auth), describe(none));
        auto wrong = q.newCommand();
        wrong.basicAuth = core::toBytes("open-sesame!");
        QVERIFY(isError(client->call({}, wrong, Signer{&q.recipientKey}), EK::Auth));
        auto right = q.newCommand();
        right.basicAuth = core::toBytes("open-sesame");
        QVERIFY(as<smp::rsp::Ids>(client->call({}, right, Signer{&q.recipientKey})));
        // Senders need no password.
        QVERIFY(as<smp::rsp::Pong>(client->call({}, smp::cmd::Ping{})));
    }

    // A burst of a minute's worth passes at once, then one every 60/rate seconds.
    void queueCreationPacerRefillsEvenly() {
        using namespace std::chrono_literals;
        const auto t0 = relay::QueueCreationPacer::Clock::now();
        relay::QueueCreationPacer pacer(120, t0); // 2 a second
        for (int i = 0; i < 120; ++i)
            QCOMPARE(pacer.take(t0), relay::QueueCreationPacer::Clock::duration::zero());
        const auto wait = pacer.take(t0);
        QVERIFY(wait >= 499ms && wait <= 501ms);
        QVERIFY(pacer.take(t0 + 400ms) > 0ms); // still nothing, and nothing taken
        QCOMPARE(pacer.take(t0 + 500ms), relay::QueueCreationPacer::Clock::duration::zero());
        QVERIFY(pacer.take(t0 + 500ms) > 0ms);
        QCOMPARE(pacer.take(t0 + 10min), relay::QueueCreationPacer::Clock::duration::zero());
        relay::QueueCreationPacer unlimited(0, t0);
        for (int i = 0; i < 10000; ++i)
            QCOMPARE(unlimited.take(t0), relay::QueueCreationPacer::Clock::duration::zero());
    }

    // NEWs over new_queues_per_minute wait, and every one is answered IDS: a flood is slowed,
    // a client is never refused.
    void queueCreationOverTheRateWaits() {
        RelayFixture relay([](relay::RelayConfig& c) { c.newQueuesPerMinute = 120; });
        auto client = relay.connect();
        constexpr int kCount = 128; // 8 over the burst: 4 s at 2 a second
        std::vector<TestQueue> queues(kCount);
        std::vector<Bytes> block;
        const auto started = std::chrono::steady_clock::now();
        for (TestQueue& q : queues) {
            block.push_back(client->transmission({}, q.newCommand(), Signer{&q.recipientKey}));
            if (block.size() == 40) {
                QVERIFY(client->sendBlock(block));
                block.clear();
            }
        }
        QVERIFY(client->sendBlock(block));
        int ids = 0;
        while (ids < kCount) {
            auto items = client->readBlock();
            QVERIFY(items);
            for (const Received& r : *items) {
                QVERIFY2(std::holds_alternative<smp::rsp::Ids>(r.response),
                         smp::responseTag(r.response));
                ++ids;
            }
        }
        QVERIFY(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(3500));
        QCOMPARE(relay.server().stats().queuesCreated, std::uint64_t(kCount));
    }

    void malformedBlocksAndCommands() {
        RelayFixture relay;
        auto client = relay.connect();
        // A block that is not a padded batch: one ERR BLOCK, the connection goes on.
        QVERIFY(client->sendRaw(Bytes(smp::kBlockSize, 0xff)).ok());
        auto blockErr = client->awaitAnswer({});
        QVERIFY2(isError(blockErr, EK::Block), describe(blockErr));
        // A transmission whose fields overrun: ERR BLOCK.
        QVERIFY(client->sendBlock({Bytes{0x05, 0x01}}).ok());
        QVERIFY(isError(client->awaitAnswer({}), EK::Block));
        // An authorization of a length no key has: ERR BLOCK.
        Bytes corrId = crypto::randomBytes(24);
        smp::Transmission odd{Bytes(33, 1), client->sessionId(), corrId, {}, core::toBytes("PING")};
        QVERIFY(client->sendBlock({smp::encodeTransmission(client->version(), odd)}).ok());
        QVERIFY(isError(client->awaitAnswer(corrId), EK::Block));
        // Unknown and malformed commands.
        for (const auto& [command, expected] :
             std::vector<std::pair<std::string, smp::CommandError>>{
                 {"HELLO", smp::CommandError::Unknown},
                 {"PING extra", smp::CommandError::Syntax},
                 {"NEW \x05junk", smp::CommandError::Syntax},
                 {"SEND X body", smp::CommandError::Syntax}}) {
            Bytes id = crypto::randomBytes(24);
            smp::Transmission t{
                {}, client->sessionId(), id, core::toBytes("e"), core::toBytes(command)};
            if (command.rfind("PING", 0) == 0)
                t.entityId.clear();
            QVERIFY(client->sendBlock({smp::encodeTransmission(client->version(), t)}).ok());
            auto r = client->awaitAnswer(id);
            QVERIFY2(isCommandError(r, expected), (command + ": " + describe(r)).c_str());
        }
        QVERIFY(as<smp::rsp::Pong>(client->call({}, smp::cmd::Ping{})));
    }

    void v6SessionIdIsChecked() {
        RelayFixture relay;
        auto client = relay.connect({6, 6});
        Bytes corrId = crypto::randomBytes(24);
        smp::Transmission t{
            {}, core::toBytes("not this session"), corrId, {}, core::toBytes("PING")};
        QVERIFY(client->sendBlock({smp::encodeTransmission(6, t)}).ok());
        QVERIFY(isError(client->awaitAnswer(corrId), EK::Session));
    }

    void garbageNeverTakesTheRelayDown() {
        RelayFixture relay;
        // Raw bytes instead of TLS, a half-sent block, and a close mid-handshake.
        for (int i = 0; i < 3; ++i) {
            int fd = rawConnect(relay.server().port());
            QVERIFY(fd >= 0);
            const std::string junk(i * 700 + 5, char('A' + i));
            (void)::send(fd, junk.data(), junk.size(), MSG_NOSIGNAL);
            ::close(fd);
        }
        auto client = relay.connect();
        QVERIFY(client->sendRaw(Bytes(1000, '#')).ok()); // part of a block, then gone
        client.reset();
        auto again = relay.connect();
        QVERIFY(as<smp::rsp::Pong>(again->call({}, smp::cmd::Ping{})));
    }

    void wrongIdentity() {
        RelayFixture relay;
        // The client pins another fingerprint: it refuses the relay.
        auto options = relay.options();
        options.identity = crypto::randomBytes(32);
        auto refused = TestSmpClient::connect(options);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, std::error_code(ferry::core::net::NetErrc::Identity));
        // A client that sends a wrong keyHash in its hello is disconnected (IDENTITY).
        options = relay.options();
        options.helloKeyHash = crypto::randomBytes(32);
        auto client = TestSmpClient::connect(options);
        QVERIFY(client.ok());
        QVERIFY((*client)->closedByPeer());
        QVERIFY(relay.server().stats().handshakeFailures >= 1);
    }

    void handshakeTimeout() {
        RelayFixture relay(
            [](relay::RelayConfig& c) { c.handshakeTimeout = std::chrono::seconds(1); });
        int fd = rawConnect(relay.server().port());
        QVERIFY(fd >= 0);
        char buffer[16];
        const auto before = std::chrono::steady_clock::now();
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0); // relay closes: 0
        const auto waited = std::chrono::steady_clock::now() - before;
        ::close(fd);
        QCOMPARE(n, ssize_t(0));
        QVERIFY(waited < std::chrono::seconds(4));
        QVERIFY(relay.server().stats().handshakeFailures >= 1);
    }

    void portInUse() {
        RelayFixture first;
        relay::RelayConfig config = first.config();
        config.port = first.server().port();
        QTemporaryDir otherDir;
        relay::RelayInitOptions init;
        init.dataDir = otherDir.path().toStdString();
        init.host = "127.0.0.1";
        QVERIFY(relay::initRelayData(init).ok());
        config.dataDir = init.dataDir;
        auto second = relay::RelayServer::create(
            config, std::move(relay::loadRelayIdentity(init.dataDir)).value(), first.clock);
        QVERIFY(second.ok());
        auto started = (*second)->start();
        QVERIFY(!started);
        QCOMPARE(started.error().code, std::error_code(ferry::relay::RelayErrc::PortInUse));
        QVERIFY(started.error().message.find(std::to_string(config.port)) != std::string::npos);
    }

    void stopClosesPortAndConnections() {
        RelayFixture relay;
        auto client = relay.connect();
        const std::uint16_t port = relay.server().port();
        relay.server().stop();
        QVERIFY(!relay.server().running());
        QVERIFY(client->closedByPeer());
        QCOMPARE(rawConnect(port), -1);
    }
};

QTEST_APPLESS_MAIN(TestRelayLimits)
#include "test_relay_limits.moc"
