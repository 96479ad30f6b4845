// The client engine end to end: real relays and several clients in one process on loopback.
#include "agent/agent_errc.h"
#include "agent/agent_protocol.h"
#include "agent/queue_keys.h"
#include "agent_fixture.h"
#include "crypto/double_ratchet.h"
#include "crypto/random.h"
#include "store/profile_database.h"
#include "store/queue_repository.h"
#include "store/ratchet_repository.h"

using namespace ferry;
using namespace ferry::test;
using core::store::ContactStatus;
using core::store::MessageState;

namespace {

bool waitDelivered(ClientFixture& sender, std::int64_t messageId) {
    return sender.log.waitFor([&] {
        auto it = sender.log.delivery.find(messageId);
        return it != sender.log.delivery.end() && it->second == MessageState::Delivered;
    });
}

} // namespace

class TestAgent : public QObject {
    Q_OBJECT

private slots:
    void invitationConnectsAndChats() {
        RelayFixture relay;
        ClientFixture alice("Alice", relay.server().address());
        ClientFixture bob("Bob", relay.server().address());
        auto [bobAtAlice, aliceAtBob] = connectPair(alice, bob);
        // Each side knows the other by the name the other chose.
        QCOMPARE(alice.log.connected.back().displayName, std::string("Bob"));
        QCOMPARE(bob.log.connected.back().displayName, std::string("Alice"));

        auto sent = alice->sendMessage(bobAtAlice, "hello Bob");
        QVERIFY2(sent.ok(), sent ? "" : sent.error().message.c_str());
        QVERIFY(bob.log.waitFor([&] { return !bob.log.received.empty(); }));
        QCOMPARE(bob.log.received.front().text, std::string("hello Bob"));
        QCOMPARE(bob.log.received.front().contactId, aliceAtBob);
        QVERIFY(waitDelivered(alice, *sent));

        auto reply = bob->sendMessage(aliceAtBob, "hi Alice 👋");
        QVERIFY(reply.ok());
        QVERIFY(alice.log.waitFor([&] { return !alice.log.received.empty(); }));
        QCOMPARE(alice.log.received.front().text, std::string("hi Alice 👋"));
        QVERIFY(waitDelivered(bob, *reply));

        auto history = alice->history(bobAtAlice);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), 2u);
        QCOMPARE(history->at(0).state, MessageState::Delivered);
        QCOMPARE(history->at(1).state, MessageState::Received);
    }

    void invitationWorksOnce() {
        RelayFixture relay;
        ClientFixture alice("Alice", relay.server().address());
        ClientFixture bob("Bob", relay.server().address());
        ClientFixture eve("Eve", relay.server().address());
        auto link = alice->createInvitation();
        QVERIFY(link.ok());
        QVERIFY(bob->connect(*link).ok());
        auto again = eve->connect(*link);
        QVERIFY(!again);
        QCOMPARE(again.error().code, std::error_code(ferry::core::agent::AgentErrc::LinkUsed));
        QVERIFY(alice.log.waitFor([&] { return !alice.log.connected.empty(); }));
        QCOMPARE(alice.log.connected.size(), 1u);
    }

    // With a relay that keeps link data (v15+), an invitation is a short link: the relay holds
    // the invitation sealed with the link's key. A changed key gets nothing readable.
    void invitationIsAShortLink() {
        RelayFixture relay;
        ClientFixture alice("Alice", relay.server().address());
        ClientFixture bob("Bob", relay.server().address());
        ClientFixture eve("Eve", relay.server().address());
        auto link = alice->createInvitation();
        QVERIFY(link.ok());
        QVERIFY2(link->rfind("ferry:/i#/?v=1&l=", 0) == 0, link->c_str());
        QVERIFY(link->size() < 200);
        auto parsed = ferry::core::agent::parseLink(*link);
        QVERIFY(parsed);
        auto forged = std::get<ferry::core::agent::ShortInvitationLink>(*parsed);
        forged.linkKey[0] ^= 1;
        auto wrongKey = eve->connect(ferry::core::agent::formatLink(forged));
        QVERIFY(!wrongKey);
        QCOMPARE(wrongKey.error().code, std::error_code(ferry::core::agent::AgentErrc::Link));
        // Whoever takes the link first holds the queue: the link is spent, as with SKEY.
        auto late = bob->connect(*link);
        QVERIFY(!late);
        QCOMPARE(late.error().code, std::error_code(ferry::core::agent::AgentErrc::LinkUsed));

        auto second = alice->createInvitation();
        QVERIFY(second.ok());
        const auto joined = bob->connect(*second);
        QVERIFY2(joined.ok(), joined ? "" : joined.error().message.c_str());
        QVERIFY(alice.log.waitFor([&] { return !alice.log.connected.empty(); }));
        QVERIFY(bob.log.waitFor([&] { return !bob.log.connected.empty(); }));
        auto sent = alice->sendMessage(alice.log.connected.back().id, "short and sweet");
        QVERIFY(sent.ok());
        QVERIFY(bob.log.waitFor([&] {
            return !bob.log.received.empty() && bob.log.received.back().text == "short and sweet";
        }));
    }

    // A client that speaks only SMP 6-14 with its relay cannot keep link data there: its
    // invitation is the long link, which a newer client joins as before.
    void invitationIsLongBelowV15() {
        RelayFixture relay;
        ClientFixture alice("Alice", relay.server().address());
        alice.configure = [](ferry::core::agent::AgentConfig& c) {
            c.relayDefaults.versions = {6, 14};
        };
        alice.restart();
        ClientFixture bob("Bob", relay.server().address());
        auto link = alice->createInvitation();
        QVERIFY(link.ok());
        QVERIFY2(link->rfind("ferry:/invitation#/?v=1&smp=", 0) == 0, link->c_str());
        QVERIFY(bob->connect(*link).ok());
        auto address = alice->createAddress();
        QVERIFY(address.ok());
        QVERIFY2(address->rfind("ferry:/contact#/?v=1&smp=", 0) == 0, address->c_str());
        QVERIFY(alice.log.waitFor([&] { return !alice.log.connected.empty(); }));
        QVERIFY(bob.log.waitFor([&] { return !bob.log.connected.empty(); }));
    }

    void badLinksAreExplained_data() {
        QTest::addColumn<QString>("link");
        QTest::newRow("garbage") << "hello";
        QTest::newRow("other scheme") << "https://example.org/invite";
        QTest::newRow("no queue") << "ferry:/invitation#/?v=1&e2e=AAAA";
        QTest::newRow("wrong version") << "ferry:/contact#/?v=9&smp=x";
    }

    void badLinksAreExplained() {
        QFETCH(QString, link);
        RelayFixture relay;
        ClientFixture bob("Bob", relay.server().address());
        auto r = bob->connect(link.toStdString());
        QVERIFY(!r);
        QCOMPARE(r.error().code, std::error_code(ferry::core::agent::AgentErrc::Link));
        QVERIFY(r.error().message.find("not a valid Ferry link") != std::string::npos);
    }

    void contactAddressAcceptAndReject() {
        RelayFixture relay;
        ClientFixture owner("Olga", relay.server().address());
        ClientFixture friendly("Pat", relay.server().address());
        ClientFixture stranger("Quinn", relay.server().address());
        auto address = owner->createAddress();
        QVERIFY2(address.ok(), address ? "" : address.error().message.c_str());
        QVERIFY2(address->rfind("ferry:/c#/?v=1&k=", 0) == 0, address->c_str()); // v15+: short
        const auto requested = friendly->connect(*address);
        QVERIFY2(requested.ok(), requested ? "" : requested.error().message.c_str());
        QVERIFY(stranger->connect(*address).ok());
        QVERIFY(owner.log.waitFor([&] { return owner.log.requests.size() == 2; }));

        auto requests = owner->pendingRequests();
        QVERIFY(requests.ok());
        QCOMPARE(requests->size(), 2u);
        std::int64_t patRequest = 0, quinnRequest = 0;
        for (const auto& r : *requests)
            (r.displayName == "Pat" ? patRequest : quinnRequest) = r.id;
        auto accepted = owner->acceptRequest(patRequest);
        QVERIFY2(accepted.ok(), accepted ? "" : accepted.error().message.c_str());
        QVERIFY(owner->rejectRequest(quinnRequest).ok());

        QVERIFY(friendly.log.waitFor([&] { return !friendly.log.connected.empty(); }));
        QVERIFY(owner.log.waitFor([&] { return !owner.log.connected.empty(); }));
        QCOMPARE(friendly.log.connected.back().displayName, std::string("Olga"));
        auto sent = owner->sendMessage(*accepted, "welcome");
        QVERIFY(sent.ok());
        QVERIFY(friendly.log.waitFor([&] { return !friendly.log.received.empty(); }));

        // Deleting the address keeps the contact made through it.
        QVERIFY(owner->deleteAddress().ok());
        QVERIFY(!owner->address()->has_value());
        auto contacts = owner->contacts();
        QVERIFY(contacts.ok());
        QCOMPARE(contacts->size(), 1u);
        QVERIFY(owner->sendMessage(*accepted, "still here").ok());
        QVERIFY(friendly.log.waitFor([&] { return friendly.log.received.size() == 2; }));
        // The rejected requester never connects.
        QVERIFY(stranger.log.connected.empty());
        // The deleted address's link leads nowhere.
        ClientFixture late("Rae", relay.server().address());
        auto gone = late->connect(*address);
        QVERIFY(!gone);
        QCOMPARE(gone.error().code, std::error_code(ferry::core::agent::AgentErrc::LinkUsed));
    }

    void thousandMessagesEachWayInOrder() {
        RelayFixture relay;
        ClientFixture alice("Alice", relay.server().address());
        ClientFixture bob("Bob", relay.server().address());
        auto [bobAtAlice, aliceAtBob] = connectPair(alice, bob);
        constexpr int kMessages = 1000;
        std::vector<std::int64_t> aliceIds, bobIds;
        for (int i = 0; i < kMessages; ++i) {
            aliceIds.push_back(*alice->sendMessage(bobAtAlice, "a" + std::to_string(i)));
            bobIds.push_back(*bob->sendMessage(aliceAtBob, "b" + std::to_string(i)));
        }
        QVERIFY(bob.log.waitFor([&] { return bob.log.received.size() == kMessages; },
                                std::chrono::seconds(120)));
        QVERIFY(alice.log.waitFor([&] { return alice.log.received.size() == kMessages; },
                                  std::chrono::seconds(120)));
        for (int i = 0; i < kMessages; ++i) {
            QCOMPARE(bob.log.received[std::size_t(i)].text, "a" + std::to_string(i));
            QCOMPARE(alice.log.received[std::size_t(i)].text, "b" + std::to_string(i));
        }
        QVERIFY(waitDelivered(alice, aliceIds.back()));
        QVERIFY(waitDelivered(bob, bobIds.back()));
        auto history = alice->history(bobAtAlice, {std::nullopt, 5000});
        int delivered = 0;
        for (const auto& m : *history)
            delivered += m.state == MessageState::Delivered;
        QCOMPARE(delivered, kMessages);
    }

    void recipientOfflineThenBack() {
        RelayFixture relay;
        ClientFixture alice("Alice", relay.server().address());
        ClientFixture bob("Bob", relay.server().address());
        auto [bobAtAlice, aliceAtBob] = connectPair(alice, bob);
        bob.close();
        for (int i = 0; i < 3; ++i)
            QVERIFY(alice->sendMessage(bobAtAlice, "while away " + std::to_string(i)).ok());
        QVERIFY(alice.log.waitFor([&] { return alice.log.delivery.size() >= 3; }));
        bob.open();
        QVERIFY(bob.log.waitFor([&] { return bob.log.received.size() == 3; }));
        QCOMPARE(bob.log.received.back().text, std::string("while away 2"));
    }

    void relayRestartAndClientRestart() {
        RelayFixture relay;
        ClientFixture alice("Alice", relay.server().address());
        ClientFixture bob("Bob", relay.server().address());
        auto [bobAtAlice, aliceAtBob] = connectPair(alice, bob);
        relay.stopServer();
        // Sent while the relay is down: stored, retried, delivered when it is back.
        auto queued = alice->sendMessage(bobAtAlice, "across the restart");
        QVERIFY(queued.ok());
        relay.startOnSamePort();
        QVERIFY(
            bob.log.waitFor([&] { return !bob.log.received.empty(); }, std::chrono::seconds(40)));
        QVERIFY(waitDelivered(alice, *queued));
        // The client restarts in the middle of the conversation and carries on.
        bob.restart();
        QVERIFY(bob->sendMessage(aliceAtBob, "after my restart").ok());
        QVERIFY(alice.log.waitFor([&] { return !alice.log.received.empty(); }));
        QVERIFY(alice->sendMessage(bobAtAlice, "welcome back").ok());
        QVERIFY(bob.log.waitFor([&] { return bob.log.received.size() == 2; }));
        QCOMPARE(bob.log.received.back().text, std::string("welcome back"));
    }

    void plaintextNeverReachesDisk() {
        RelayFixture relay;
        ClientFixture alice("Alice", relay.server().address());
        ClientFixture bob("Bob", relay.server().address());
        auto [bobAtAlice, aliceAtBob] = connectPair(alice, bob);
        const std::string secret = "canary-plaintext-8c1f";
        QVERIFY(alice->sendMessage(bobAtAlice, secret).ok());
        QVERIFY(bob.log.waitFor([&] { return !bob.log.received.empty(); }));
        auto link = alice->createInvitation();
        QVERIFY(link.ok());
        alice.close();
        bob.close();
        QVERIFY(!folderContains(alice.folder(), secret));
        QVERIFY(!folderContains(bob.folder(), secret));
        QVERIFY(!folderContains(alice.folder(), link->substr(30, 40)));
        QVERIFY(!folderContains(alice.folder(), "Bob"));
    }

    void tamperedAndReplayedMessagesAreDropped() {
        RelayFixture relay;
        ClientFixture alice("Alice", relay.server().address());
        ClientFixture bob("Bob", relay.server().address());
        auto [bobAtAlice, aliceAtBob] = connectPair(alice, bob);
        QVERIFY(alice->sendMessage(bobAtAlice, "genuine").ok());
        QVERIFY(bob.log.waitFor([&] { return bob.log.received.size() == 1; }));
        alice.close();

        // Play Alice with her own keys, taken from her (closed) profile database.
        auto db = core::store::ProfileDatabase::open(alice.databaseFile(), alice.key());
        QVERIFY(db.ok());
        auto queues = core::store::QueueRepository((*db)->database()).forContact(bobAtAlice);
        QVERIFY(queues.ok());
        std::optional<core::store::Queue> send;
        for (auto& q : *queues)
            if (q.direction == core::store::QueueDirection::Send)
                send = std::move(q);
        QVERIFY(send.has_value());
        auto keys = agent::parseSendQueueKeys(send->keys.view());
        QVERIFY(keys.ok() && keys->senderKey);
        auto state = core::store::RatchetRepository((*db)->database()).load(bobAtAlice);
        auto ratchet = core::crypto::DoubleRatchet::deserialize((*state)->view());
        QVERIFY(ratchet.ok());
        (*db)->close();

        auto options = relay.options();
        auto client = TestSmpClient::connect(options);
        QVERIFY(client.ok());
        auto sendPayload = [&](const core::Bytes& ratchetMessage) {
            auto body = agent::sealForQueue(
                keys->queueKey, keys->recipientQueueKey,
                agent::encodeQueuePayload(agent::RatchetPayload{ratchetMessage}), false);
            return (*client)->call(send->queueId, smp::cmd::Send{false, *body},
                                   Signer{&*keys->senderKey});
        };
        // A message whose ratchet part is tampered with is dropped.
        auto genuine = ratchet->encrypt(
            agent::encodeAgentMessage(agent::ChatMessage{777, 1'700'000'000, "replayed twice"}));
        QVERIFY(genuine.ok());
        core::Bytes tampered = *genuine;
        tampered[tampered.size() / 2] ^= 0x40;
        QVERIFY(isOk(sendPayload(tampered)));
        QVERIFY(isOk(sendPayload(core::crypto::randomBytes(genuine->size()))));
        // The genuine one arrives once; sent again, it is a replay and dropped.
        QVERIFY(isOk(sendPayload(*genuine)));
        QVERIFY(isOk(sendPayload(*genuine)));
        QVERIFY(bob.log.waitFor([&] { return bob.log.received.size() == 2; }));
        QCOMPARE(bob.log.received.back().text, std::string("replayed twice"));
        // Give the dropped copies time to be processed: nothing else may appear.
        QTest::qWait(1500);
        QCOMPARE(bob.log.receivedCount(), 2u);
        auto history = bob->history(aliceAtBob);
        QCOMPARE(history->size(), 2u);
    }

    void deletedContactLosesItsQueues() {
        RelayFixture relay;
        ClientFixture alice("Alice", relay.server().address());
        ClientFixture bob("Bob", relay.server().address());
        auto [bobAtAlice, aliceAtBob] = connectPair(alice, bob);
        const auto queuesBefore = relay.server().stats().queuesActive;
        QVERIFY(bob->deleteContact(aliceAtBob).ok());
        QVERIFY(QTest::qWaitFor([&] { return relay.server().stats().queuesActive < queuesBefore; },
                                10000));
        auto contacts = bob->contacts();
        QVERIFY(contacts->empty());
        QVERIFY(!bob->sendMessage(aliceAtBob, "x").ok());
    }
};

QTEST_GUILESS_MAIN(TestAgent)
#include "test_agent.moc"
