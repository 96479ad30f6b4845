// What the desktop app needs to run a relay for others: a connection limit, pausing queue
// creation, the count of queues that received messages in the last day, and initializing a
// data folder without the offline CA key ever reaching the disk.
#include "crypto/signing_key.h"
#include "relay_fixture.h"

#include <QDirIterator>
#include <QFile>
#include <set>
#include <string>
#include <sys/inotify.h>
#include <thread>
#include <unistd.h>

using namespace ferry;
using namespace ferry::test;
using EK = smp::ErrorType::Kind;

namespace {

smp::cmd::Send sendOf(const char* body) {
    return smp::cmd::Send{false, core::toBytes(body)};
}

// Polls `condition` for up to five seconds (the relay notices a closed connection on its own
// threads).
template <typename F> bool waitUntil(F condition) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

bool answersPing(TestSmpClient& client) {
    return as<smp::rsp::Pong>(client.call({}, smp::cmd::Ping{})) != nullptr;
}

// Files under `dir` (recursively) whose contents hold a PEM private key.
QStringList filesWithPrivateKeys(const QString& dir) {
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains("PRIVATE KEY"))
            found << QDir(dir).relativeFilePath(path);
    }
    found.sort();
    return found;
}

// Names created in a folder (not recursively) while it is watched.
class CreatedNames {
public:
    explicit CreatedNames(const QString& dir) : m_fd(::inotify_init1(IN_NONBLOCK)) {
        if (m_fd >= 0)
            ::inotify_add_watch(m_fd, dir.toLocal8Bit().constData(), IN_CREATE | IN_MOVED_TO);
    }
    ~CreatedNames() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool ok() const { return m_fd >= 0; }

    std::set<std::string> take() {
        std::set<std::string> names;
        alignas(inotify_event) char buffer[8192];
        for (;;) {
            const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
            if (n <= 0)
                break;
            for (ssize_t at = 0; at < n;) {
                const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
                if (event->len > 0)
                    names.insert(event->name);
                at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
            }
        }
        return names;
    }

private:
    int m_fd;
};

} // namespace

class TestRelayNodeLimits : public QObject {
    Q_OBJECT

private slots:
    void connectionsBeyondTheLimitAreRefused() {
        RelayFixture relay([](relay::RelayConfig& c) { c.maxConnections = 2; });
        auto first = relay.connect();
        auto second = relay.connect();
        TestClientOptions options = relay.options();
        options.timeout = std::chrono::milliseconds(3000);
        auto third = TestSmpClient::connect(options);
        QVERIFY(!third.ok());
        QCOMPARE(relay.server().stats().connectionsRefused, 1u);
        QCOMPARE(relay.server().stats().connectionsNow, 2u);
        QVERIFY(answersPing(*first));
        QVERIFY(answersPing(*second));

        first.reset();
        QVERIFY(waitUntil([&] { return relay.server().stats().connectionsNow == 1; }));
        auto again = TestSmpClient::connect(options);
        QVERIFY2(again.ok(), again ? "" : again.error().message.c_str());
        QVERIFY(answersPing(**again));
        QCOMPARE(relay.server().stats().connectionsRefused, 1u);
    }

    void zeroMaxConnectionsMeansUnlimited() {
        RelayFixture relay([](relay::RelayConfig& c) { c.maxConnections = 0; });
        std::vector<std::unique_ptr<TestSmpClient>> clients;
        for (int i = 0; i < 4; ++i)
            clients.push_back(relay.connect());
        for (auto& client : clients)
            QVERIFY(answersPing(*client));
        QCOMPARE(relay.server().stats().connectionsRefused, 0u);
    }

    void pausedRelayRefusesNewButServesExistingQueues() {
        RelayFixture relay;
        QVERIFY(relay.server().acceptingNewQueues());
        auto recipient = relay.connect();
        auto sender = relay.connect();
        TestQueue subscribed;
        TestQueue later;
        QVERIFY(createQueue(*recipient, subscribed, true).ok());
        QVERIFY(createQueue(*recipient, later, false, true).ok());

        relay.server().setAcceptingNewQueues(false);
        QVERIFY(!relay.server().acceptingNewQueues());
        TestQueue refused;
        auto r = recipient->call({}, refused.newCommand(), Signer{&refused.recipientKey});
        QVERIFY2(isError(r, EK::Auth), describe(r)); // as simplexmq with allowNewQueues off
        const auto createdBefore = relay.server().stats().queuesCreated;

        // Existing queues keep working: SEND, pushed MSG, ACK, SUB, KEY-secured SEND, DEL.
        QVERIFY(isOk(sender->call(subscribed.senderId, sendOf("hello"))));
        auto push = recipient->awaitPush();
        QVERIFY(push.ok());
        auto* msg = std::get_if<smp::rsp::Msg>(&push->response);
        QVERIFY(msg);
        QCOMPARE(core::toString(subscribed.open(*msg)->body), std::string("hello"));
        QVERIFY(isOk(recipient->call(subscribed.recipientId, smp::cmd::Ack{msg->msgId},
                                     Signer{&subscribed.recipientKey})));
        QVERIFY(
            isOk(recipient->call(later.recipientId, smp::cmd::Sub{}, Signer{&later.recipientKey})));
        QVERIFY(isOk(sender->call(later.senderId, sendOf("secured"), Signer{&later.senderKey})));
        QVERIFY(recipient->awaitPush().ok());
        QVERIFY(isOk(recipient->call(subscribed.recipientId, smp::cmd::Del{},
                                     Signer{&subscribed.recipientKey})));
        QCOMPARE(relay.server().stats().queuesCreated, createdBefore);

        relay.server().setAcceptingNewQueues(true);
        QVERIFY(createQueue(*recipient, refused).ok());
    }

    void countsQueuesReceivingInTheLastDay() {
        RelayFixture relay;
        auto client = relay.connect();
        std::vector<TestQueue> queues(4);
        for (auto& q : queues)
            QVERIFY(createQueue(*client, q, false).ok());
        QCOMPARE(relay.server().stats().queuesReceivingLast24h, 0u);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(isOk(client->call(queues[i].senderId, sendOf("one"))));
            QVERIFY(isOk(client->call(queues[i].senderId, sendOf("two")))); // counted once
        }
        QCOMPARE(relay.server().stats().queuesReceivingLast24h, 3u);
        relay.clock.advance(23 * 3600);
        QCOMPARE(relay.server().stats().queuesReceivingLast24h, 3u);
        relay.clock.advance(2 * 3600);
        QVERIFY(isOk(client->call(queues[3].senderId, sendOf("late"))));
        QCOMPARE(relay.server().stats().queuesReceivingLast24h, 1u);
        // A refused SEND is no message received.
        auto missing = client->call(core::toBytes("no such sender id, 24 bytes"), sendOf("x"));
        QVERIFY(isError(missing, EK::Auth));
        QCOMPARE(relay.server().stats().queuesReceivingLast24h, 1u);
        relay.clock.advance(24 * 3600);
        QCOMPARE(relay.server().stats().queuesReceivingLast24h, 0u);
    }

    void returnedOfflineKeyNeverTouchesTheDisk() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        CreatedNames created(dir.path());
        QVERIFY(created.ok());
        relay::RelayInitOptions init;
        init.dataDir = dir.path().toStdString();
        init.host = "127.0.0.1";
        init.returnOfflineKey = true;
        auto result = relay::initRelayData(init);
        QVERIFY2(result.ok(), result ? "" : result.error().message.c_str());
        QVERIFY(result->offlineKeyPath.empty());
        QVERIFY(!result->offlineKeyPem.empty());

        // Not even briefly: nothing but these was ever created in the folder.
        const std::set<std::string> allowed{relay::files::kConfig, relay::files::kCaCertificate,
                                            relay::files::kOnlineCertificate,
                                            relay::files::kOnlineKey, relay::files::kStore};
        const std::set<std::string> names = created.take();
        QVERIFY(names.contains(relay::files::kConfig)); // the watch saw the folder being made
        for (const std::string& name : names)
            QVERIFY2(allowed.contains(name), name.c_str());
        // The online key stays (the relay needs it); no other private key is anywhere.
        QCOMPARE(filesWithPrivateKeys(dir.path()), QStringList{relay::files::kOnlineKey});

        // The returned key is the CA's.
        auto caKey = core::crypto::SigningKey::fromPem(result->offlineKeyPem);
        QVERIFY(caKey.ok());
        auto ca = core::crypto::X509Certificate::loadPemFile(
            (init.dataDir / relay::files::kCaCertificate).string());
        QVERIFY(ca.ok());
        auto caPublic = ca->publicKey();
        QVERIFY(caPublic.ok());
        QVERIFY(*caPublic == caKey->publicKey());

        // And the relay runs from the folder without it.
        auto config = relay::loadRelayConfig(init.dataDir);
        QVERIFY(config.ok());
        config->listenAddress = "127.0.0.1";
        config->port = 0;
        auto identity = relay::loadRelayIdentity(init.dataDir);
        QVERIFY(identity.ok());
        core::ManualClock clock;
        auto server = relay::RelayServer::create(*config, std::move(identity).value(), clock);
        QVERIFY(server.ok());
        QVERIFY((*server)->start().ok());
        TestClientOptions options;
        options.port = (*server)->port();
        options.identity = (*server)->identity().fingerprint;
        auto client = TestSmpClient::connect(options);
        QVERIFY2(client.ok(), client ? "" : client.error().message.c_str());
        QVERIFY(answersPing(**client));
        client->reset();
        (*server)->stop();
        QCOMPARE(filesWithPrivateKeys(dir.path()), QStringList{relay::files::kOnlineKey});
    }

    void offlineKeyIsReturnedOrWrittenNotBoth() {
        QTemporaryDir dir;
        relay::RelayInitOptions init;
        init.dataDir = dir.path().toStdString();
        init.returnOfflineKey = true;
        init.offlineKeyPath = (dir.path() + "/elsewhere.key").toStdString();
        QVERIFY(!relay::initRelayData(init).ok());
        QVERIFY(!QFile::exists(dir.path() + "/elsewhere.key"));
        QVERIFY(!QFile::exists(dir.path() + "/" + relay::files::kConfig));
    }
};

QTEST_APPLESS_MAIN(TestRelayNodeLimits)
#include "test_relay_node_limits.moc"
