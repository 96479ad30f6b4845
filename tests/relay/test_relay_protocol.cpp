// The relay's queue life cycle and delivery rules, over real TLS on loopback, at every
// supported version (behaviour of simplexmq's Server.hs, see ../shared/SMP-NOTES.md).
#include "crypto/random.h"
#include "net/net_errc.h"
#include "relay_fixture.h"
#include "smp/server_address.h"

#include <atomic>
#include <thread>

using namespace ferry;
using namespace ferry::test;
using EK = smp::ErrorType::Kind;

namespace {

smp::cmd::Send sendOf(const char* body) {
    return smp::cmd::Send{false, text(body)};
}

// Checks a MSG carries `body`, returns its id.
Bytes expectMessage(const TestQueue& q, const core::Result<smp::Response>& r, const char* body) {
    auto* msg = as<smp::rsp::Msg>(r);
    if (!msg) {
        qWarning("expected MSG, got %s", describe(r));
        return {};
    }
    auto opened = q.open(*msg);
    if (!opened || opened->body != text(body)) {
        qWarning("MSG body mismatch");
        return {};
    }
    return msg->msgId;
}

} // namespace

class TestRelayProtocol : public QObject {
    Q_OBJECT

private slots:
    void versionNegotiation_data() {
        QTest::addColumn<int>("min");
        QTest::addColumn<int>("max");
        QTest::addColumn<bool>("alpn");
        QTest::addColumn<int>("agreed");
        QTest::newRow("v6 without ALPN") << 6 << 9 << false << 6;
        QTest::newRow("v6") << 6 << 6 << true << 6;
        QTest::newRow("v7") << 7 << 7 << true << 7;
        QTest::newRow("v8") << 8 << 8 << true << 8;
        QTest::newRow("v9") << 9 << 9 << true << 9;
        QTest::newRow("v10") << 10 << 10 << true << 10;
        QTest::newRow("v11") << 11 << 11 << true << 11;
        QTest::newRow("v12") << 12 << 12 << true << 12;
        QTest::newRow("v13 (v12's features)") << 13 << 13 << true << 13;
        QTest::newRow("v14") << 14 << 14 << true << 14;
        QTest::newRow("v15") << 15 << 15 << true << 15;
        QTest::newRow("v16") << 16 << 16 << true << 16;
        QTest::newRow("v17") << 17 << 17 << true << 17;
        QTest::newRow("v18") << 18 << 18 << true << 18;
        QTest::newRow("newer client range") << 6 << 20 << true << 18;
    }

    void versionNegotiation() {
        QFETCH(int, min);
        QFETCH(int, max);
        QFETCH(bool, alpn);
        QFETCH(int, agreed);
        RelayFixture relay;
        auto client = relay.connect({smp::Version(min), smp::Version(max)}, alpn);
        QCOMPARE(int(client->version()), agreed);
        QVERIFY(as<smp::rsp::Pong>(client->call({}, smp::cmd::Ping{})));
    }

    void noCommonVersionFailsHandshake() {
        RelayFixture relay;
        // Without ALPN the relay offers only v6.
        auto client = TestSmpClient::connect(relay.options({7, 9}, false));
        QVERIFY(!client);
        QCOMPARE(client.error().code, std::error_code(ferry::core::net::NetErrc::Version));
    }

    void queueLifeCycle_data() {
        QTest::addColumn<int>("version");
        for (int v : {6, 7, 8, 9, 10, 11})
            QTest::addRow("v%d", v) << v;
    }

    void queueLifeCycle() {
        QFETCH(int, version);
        RelayFixture relay;
        const bool alpn = version > 6;
        auto recipient = relay.connect({smp::Version(version), smp::Version(version)}, alpn);
        auto sender = relay.connect({smp::Version(version), smp::Version(version)}, alpn);
        QCOMPARE(int(recipient->version()), version);

        TestQueue q;
        QVERIFY(createQueue(*recipient, q, /*subscribe*/ true, /*secure*/ true).ok());
        QCOMPARE(q.recipientId.size(), 24u);
        QCOMPARE(q.senderId.size(), 24u);
        QVERIFY(q.recipientId != q.senderId);

        // SEND is signed by the sender key once secured; the subscriber gets MSG pushed.
        auto sent = sender->call(q.senderId, sendOf("hello"), Signer{&q.senderKey});
        QVERIFY2(isOk(sent), describe(sent));
        auto push = recipient->awaitPush();
        QVERIFY(push.ok());
        QCOMPARE(push->entityId, q.recipientId);
        const Bytes id1 = expectMessage(q, push->response, "hello");
        QCOMPARE(id1.size(), 24u);

        // A second message waits until the first is acknowledged, then comes with the ACK.
        QVERIFY(isOk(sender->call(q.senderId, sendOf("second"), Signer{&q.senderKey})));
        QVERIFY(isOk(sender->call(q.senderId, sendOf("third"), Signer{&q.senderKey})));
        auto ack1 = recipient->call(q.recipientId, smp::cmd::Ack{id1}, Signer{&q.recipientKey});
        const Bytes id2 = expectMessage(q, ack1, "second");
        QVERIFY(!id2.empty());
        // ACK of anything but the delivered message is NO_MSG.
        QVERIFY(isError(recipient->call(q.recipientId, smp::cmd::Ack{id1}, Signer{&q.recipientKey}),
                        EK::NoMsg));
        auto ack2 = recipient->call(q.recipientId, smp::cmd::Ack{id2}, Signer{&q.recipientKey});
        const Bytes id3 = expectMessage(q, ack2, "third");
        QVERIFY(isOk(recipient->call(q.recipientId, smp::cmd::Ack{id3}, Signer{&q.recipientKey})));

        // QUE reports the queue; OFF stops senders; DEL removes it.
        auto info = recipient->call(q.recipientId, smp::cmd::Que{}, Signer{&q.recipientKey});
        auto* infoJson = as<smp::rsp::Info>(info);
        QVERIFY2(infoJson, describe(info));
        QVERIFY(core::toString(infoJson->json).find("\"qiSnd\":true") != std::string::npos);
        QVERIFY(core::toString(infoJson->json).find("\"qiSize\":0") != std::string::npos);
        QVERIFY(isOk(recipient->call(q.recipientId, smp::cmd::Off{}, Signer{&q.recipientKey})));
        QVERIFY(isError(sender->call(q.senderId, sendOf("late"), Signer{&q.senderKey}), EK::Auth));
        QVERIFY(isOk(recipient->call(q.recipientId, smp::cmd::Del{}, Signer{&q.recipientKey})));
        QVERIFY(isError(recipient->call(q.recipientId, smp::cmd::Sub{}, Signer{&q.recipientKey}),
                        EK::Auth));

        const auto stats = relay.server().stats();
        QCOMPARE(stats.queuesCreated, 1u);
        QCOMPARE(stats.queuesSecured, 1u);
        QCOMPARE(stats.queuesDeleted, 1u);
        QCOMPARE(stats.messagesSent, 3u);
        QCOMPARE(stats.messagesDelivered, 3u);
        QCOMPARE(stats.connectionsNow, 2u);
    }

    void subscribeDeliversWaitingMessage() {
        RelayFixture relay;
        auto owner = relay.connect();
        TestQueue q;
        QVERIFY(createQueue(*owner, q, /*subscribe*/ false).ok());
        auto sender = relay.connect();
        // Unsecured queue: SEND without authorization is accepted.
        QVERIFY(isOk(sender->call(q.senderId, sendOf("waiting"))));
        auto recipient = relay.connect();
        QVERIFY(isOk(recipient->call(q.recipientId, smp::cmd::Sub{}, Signer{&q.recipientKey})));
        auto push = recipient->awaitPush();
        QVERIFY(push.ok());
        QVERIFY(push->corrId.empty());
        QVERIFY(!expectMessage(q, push->response, "waiting").empty());
    }

    void deletingASubscribedQueueTellsItsSubscriber_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<bool>("deld");
        QTest::newRow("v9: END") << 9 << false;
        QTest::newRow("v10: DELD") << 10 << true;
    }

    void deletingASubscribedQueueTellsItsSubscriber() {
        // The recipient deletes the queue from another connection; the one subscribed hears
        // DELD from v10 (END before), and the queue is not re-subscribed.
        QFETCH(int, version);
        QFETCH(bool, deld);
        const auto v = static_cast<smp::Version>(version);
        RelayFixture relay;
        auto subscriber = relay.connect({6, v});
        TestQueue q;
        QVERIFY(createQueue(*subscriber, q).ok());
        auto other = relay.connect({6, v});
        QVERIFY(isOk(other->call(q.recipientId, smp::cmd::Del{}, Signer{&q.recipientKey})));
        auto pushed = subscriber->awaitPush();
        QVERIFY(pushed.ok());
        QCOMPARE(pushed->entityId, q.recipientId);
        if (deld)
            QVERIFY(std::holds_alternative<smp::rsp::Deld>(pushed->response));
        else
            QVERIFY(std::holds_alternative<smp::rsp::End>(pushed->response));
    }

    void secondSubscriberEndsTheFirst() {
        RelayFixture relay;
        auto first = relay.connect();
        TestQueue q;
        QVERIFY(createQueue(*first, q).ok());
        auto second = relay.connect();
        QVERIFY(isOk(second->call(q.recipientId, smp::cmd::Sub{}, Signer{&q.recipientKey})));
        auto end = first->awaitPush();
        QVERIFY(end.ok());
        QVERIFY(std::holds_alternative<smp::rsp::End>(end->response));
        QCOMPARE(end->entityId, q.recipientId);
        // Messages now go to the second subscriber.
        auto sender = relay.connect();
        QVERIFY(isOk(sender->call(q.senderId, sendOf("to second"))));
        auto push = second->awaitPush();
        QVERIFY(push.ok());
        QVERIFY(!expectMessage(q, push->response, "to second").empty());
    }

    void getAndSubExcludeEachOther() {
        RelayFixture relay;
        auto owner = relay.connect();
        TestQueue q;
        QVERIFY(createQueue(*owner, q, false).ok());
        auto sender = relay.connect();
        QVERIFY(isOk(sender->call(q.senderId, sendOf("one"))));

        auto getter = relay.connect();
        auto got = getter->call(q.recipientId, smp::cmd::Get{}, Signer{&q.recipientKey});
        const Bytes id = expectMessage(q, got, "one");
        QVERIFY(!id.empty());
        QVERIFY(
            isCommandError(getter->call(q.recipientId, smp::cmd::Sub{}, Signer{&q.recipientKey}),
                           smp::CommandError::Prohibited));
        // After GET, ACK answers OK and does not push the next message.
        QVERIFY(isOk(sender->call(q.senderId, sendOf("two"))));
        QVERIFY(isOk(getter->call(q.recipientId, smp::cmd::Ack{id}, Signer{&q.recipientKey})));
        QVERIFY(
            !expectMessage(q, getter->call(q.recipientId, smp::cmd::Get{}, Signer{&q.recipientKey}),
                           "two")
                 .empty());

        auto subscriber = relay.connect();
        QVERIFY(isOk(subscriber->call(q.recipientId, smp::cmd::Sub{}, Signer{&q.recipientKey})));
        (void)subscriber->awaitPush(); // "two" again: never acknowledged
        QVERIFY(isCommandError(
            subscriber->call(q.recipientId, smp::cmd::Get{}, Signer{&q.recipientKey}),
            smp::CommandError::Prohibited));
    }

    void emptyGetAnswersOk() {
        RelayFixture relay;
        auto client = relay.connect();
        TestQueue q;
        QVERIFY(createQueue(*client, q, false).ok());
        QVERIFY(isOk(client->call(q.recipientId, smp::cmd::Get{}, Signer{&q.recipientKey})));
        QVERIFY(isError(client->call(q.recipientId, smp::cmd::Ack{text("nothing-delivered-yet")},
                                     Signer{&q.recipientKey}),
                        EK::NoMsg));
    }

    void authorizationFailures() {
        RelayFixture relay;
        auto client = relay.connect();
        TestQueue q;
        QVERIFY(createQueue(*client, q, true, true).ok());
        const auto stranger = crypto::Ed25519KeyPair::generate();
        // Wrong key and unknown queue both answer AUTH.
        QVERIFY(isError(client->call(q.recipientId, smp::cmd::Sub{}, Signer{&stranger}), EK::Auth));
        QVERIFY(
            isError(client->call(crypto::randomBytes(24), smp::cmd::Sub{}, Signer{&q.recipientKey}),
                    EK::Auth));
        // A secured queue refuses unsigned SEND and SEND signed by another key.
        QVERIFY(isError(client->call(q.senderId, sendOf("x")), EK::Auth));
        QVERIFY(isError(client->call(q.senderId, sendOf("x"), Signer{&stranger}), EK::Auth));
        // KEY with another key once secured is refused; the same key again is fine.
        QVERIFY(isError(client->call(q.recipientId, smp::cmd::Key{stranger.publicKey()},
                                     Signer{&q.recipientKey}),
                        EK::Auth));
        QVERIFY(isOk(client->call(q.recipientId, smp::cmd::Key{q.senderKey.publicKey()},
                                  Signer{&q.recipientKey})));
        // The sender key cannot act as the recipient.
        QVERIFY(
            isError(client->call(q.recipientId, smp::cmd::Get{}, Signer{&q.senderKey}), EK::Auth));

        // An unsecured queue refuses a signed SEND.
        TestQueue open;
        QVERIFY(createQueue(*client, open, false).ok());
        QVERIFY(
            isError(client->call(open.senderId, sendOf("x"), Signer{&open.senderKey}), EK::Auth));
        QVERIFY(relay.server().stats().authFailures >= 6);
    }

    void credentialRules() {
        RelayFixture relay;
        auto client = relay.connect();
        TestQueue q;
        // NEW without authorization, PING with an entity, SUB without one.
        QVERIFY(isCommandError(client->call({}, q.newCommand()), smp::CommandError::NoAuth));
        QVERIFY(isCommandError(client->call(text("entity"), smp::cmd::Ping{}),
                               smp::CommandError::HasAuth));
        QVERIFY(isCommandError(client->call({}, smp::cmd::Sub{}, Signer{&q.recipientKey}),
                               smp::CommandError::NoAuth));
        QVERIFY(isCommandError(client->call({}, sendOf("x")), smp::CommandError::NoEntity));
    }

    void senderSecuresWithSkey() {
        RelayFixture relay;
        auto recipient = relay.connect({9, 9});
        TestQueue q;
        auto ids = recipient->call({}, q.newCommand(true, /*senderCanSecure*/ true),
                                   Signer{&q.recipientKey});
        auto* created = as<smp::rsp::Ids>(ids);
        QVERIFY2(created, describe(ids));
        QVERIFY(created->senderCanSecure());
        q.recipientId = created->recipientId;
        q.senderId = created->senderId;
        q.serverDhKey = created->serverDhKey;
        auto sender = relay.connect({9, 9});
        QVERIFY(isOk(sender->call(q.senderId, smp::cmd::SKey{q.senderKey.publicKey()},
                                  Signer{&q.senderKey})));
        // Now secured: only signed SEND passes, and nobody can re-secure with another key.
        QVERIFY(isError(sender->call(q.senderId, sendOf("x")), EK::Auth));
        const auto other = crypto::Ed25519KeyPair::generate();
        QVERIFY(isError(sender->call(q.senderId, smp::cmd::SKey{other.publicKey()}, Signer{&other}),
                        EK::Auth));
        QVERIFY(isOk(sender->call(q.senderId, sendOf("signed"), Signer{&q.senderKey})));
        auto push = recipient->awaitPush();
        QVERIFY(push.ok());
        QVERIFY(!expectMessage(q, push->response, "signed").empty());

        // A queue created without senderCanSecure refuses SKEY.
        TestQueue plain;
        QVERIFY(createQueue(*recipient, plain).ok());
        QVERIFY(isError(sender->call(plain.senderId, smp::cmd::SKey{plain.senderKey.publicKey()},
                                     Signer{&plain.senderKey}),
                        EK::Auth));
    }

    void authenticatorAuthorizes_data() {
        QTest::addColumn<int>("version");
        for (int v : {7, 8, 9})
            QTest::addRow("v%d", v) << v;
    }

    void authenticatorAuthorizes() {
        QFETCH(int, version);
        RelayFixture relay;
        auto client = relay.connect({smp::Version(version), smp::Version(version)});
        // A queue whose recipient key is X25519 is authorized with crypto_box authenticators.
        const auto authKey = crypto::X25519KeyPair::generate();
        const auto dhKey = crypto::X25519KeyPair::generate();
        smp::cmd::New c;
        c.rcvAuthKey = authKey.publicKey();
        c.rcvDhKey = dhKey.publicKey();
        c.subMode = smp::SubscriptionMode::OnlyCreate; // GET is refused while subscribed
        auto ids = client->call({}, c, Signer{&authKey});
        auto* created = as<smp::rsp::Ids>(ids);
        QVERIFY2(created, describe(ids));
        auto got = client->call(created->recipientId, smp::cmd::Get{}, Signer{&authKey});
        QVERIFY2(isOk(got), describe(got));
        const auto wrong = crypto::X25519KeyPair::generate();
        QVERIFY(
            isError(client->call(created->recipientId, smp::cmd::Get{}, Signer{&wrong}), EK::Auth));
    }

    void notifierKeys() {
        RelayFixture relay;
        auto client = relay.connect();
        TestQueue q;
        QVERIFY(createQueue(*client, q).ok());
        const auto ntfKey = crypto::Ed25519KeyPair::generate();
        const auto ntfDh = crypto::X25519KeyPair::generate();
        auto nid =
            client->call(q.recipientId, smp::cmd::NKey{ntfKey.publicKey(), ntfDh.publicKey()},
                         Signer{&q.recipientKey});
        auto* n = as<smp::rsp::Nid>(nid);
        QVERIFY2(n, describe(nid));
        QCOMPARE(n->notifierId.size(), 24u);
        auto info = client->call(q.recipientId, smp::cmd::Que{}, Signer{&q.recipientKey});
        QVERIFY(core::toString(as<smp::rsp::Info>(info)->json).find("\"qiNtf\":true") !=
                std::string::npos);
        QVERIFY(isOk(client->call(q.recipientId, smp::cmd::NDel{}, Signer{&q.recipientKey})));
    }

    void proxyCommandsAreRefusedWhenProxyIsOff() {
        // As a reference server with proxying turned off answers (test_proxy has it on).
        RelayFixture relay([](relay::RelayConfig& c) { c.proxy = false; });
        auto client = relay.connect({8, 9});
        smp::cmd::Prxy prxy;
        prxy.server = *smp::parseServerAddress(relay.server().address());
        auto r = client->call({}, prxy);
        auto e = errorOf(r);
        QVERIFY2(e && e->kind == EK::Proxy && e->proxy &&
                     e->proxy->kind == smp::ProxyError::Kind::BasicAuth,
                 describe(r));
    }

    void concurrentSendAndAckDeliverEachMessageOnce() {
        // A SEND that lands while an ACK's deletion is being committed must not make the
        // relay push the next message and then send it again in the ACK's answer.
        RelayFixture relay;
        auto recipient = relay.connect();
        TestQueue q;
        QVERIFY(createQueue(*recipient, q, true, true).ok());
        constexpr int kMessages = 300;
        std::atomic<bool> senderOk{true};
        std::thread senderThread([&] {
            auto sender = relay.connect();
            for (int i = 0; i < kMessages; ++i)
                if (!isOk(sender->call(q.senderId, sendOf(std::to_string(i).c_str()),
                                       Signer{&q.senderKey})))
                    senderOk = false;
        });
        std::vector<int> received;
        auto next = recipient->awaitPush();
        std::optional<smp::Response> current;
        if (next)
            current = next->response;
        while (current && received.size() < std::size_t(kMessages)) {
            auto* msg = std::get_if<smp::rsp::Msg>(&*current);
            if (!msg)
                break;
            received.push_back(std::stoi(core::toString(q.open(*msg)->body)));
            auto answer =
                recipient->call(q.recipientId, smp::cmd::Ack{msg->msgId}, Signer{&q.recipientKey});
            if (!answer)
                break;
            if (std::holds_alternative<smp::rsp::Msg>(*answer)) {
                current = *answer;
            } else if (received.size() < std::size_t(kMessages)) {
                auto pushed = recipient->awaitPush();
                current = pushed ? std::optional(pushed->response) : std::nullopt;
            }
        }
        senderThread.join();
        QVERIFY(senderOk);
        QCOMPARE(int(received.size()), kMessages);
        for (int i = 0; i < kMessages; ++i)
            QCOMPARE(received[std::size_t(i)], i);
    }

    void batchedCommandsAnswerInOrder() {
        RelayFixture relay;
        auto client = relay.connect();
        std::vector<Bytes> corrIds(50);
        std::vector<Bytes> batch;
        for (auto& corrId : corrIds)
            batch.push_back(client->transmission({}, smp::cmd::Ping{}, std::nullopt, &corrId));
        QVERIFY(client->sendBlock(batch).ok());
        for (const auto& corrId : corrIds)
            QVERIFY(as<smp::rsp::Pong>(client->awaitAnswer(corrId)));
    }
};

QTEST_APPLESS_MAIN(TestRelayProtocol)
#include "test_relay_protocol.moc"
