// Two queues per direction: a conversation goes on while either of its relays works. Real
// relays in this process, on two loopback addresses so that they count as two operators.
#include "agent_fixture.h"
#include "directory/relay_choice.h"

using namespace ferry;
using namespace ferry::test;
using core::agent::ContactQueue;
using core::store::MessageState;
using core::store::QueueDirection;
using core::store::QueueStatus;

namespace {

// A relay on 127.0.0.2: another host than the fixtures' default, so another operator.
void onSecondAddress(relay::RelayConfig& c) {
    c.host = "127.0.0.2";
    c.listenAddress = "127.0.0.2";
}

std::vector<ContactQueue> usable(ClientFixture& client, std::int64_t contactId,
                                 QueueDirection direction) {
    auto queues = client->contactQueues(contactId);
    std::vector<ContactQueue> out;
    if (!queues)
        return out;
    for (const auto& q : *queues)
        if (q.direction == direction && q.status != QueueStatus::New)
            out.push_back(q);
    return out;
}

// Waits until each of the pair has `count` usable queues each way to the other.
bool queuesEachWay(ClientFixture& a, std::int64_t bAtA, ClientFixture& b, std::int64_t aAtB,
                   std::size_t count) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 30000) {
        if (usable(a, bAtA, QueueDirection::Receive).size() == count &&
            usable(a, bAtA, QueueDirection::Send).size() == count &&
            usable(b, aAtB, QueueDirection::Receive).size() == count &&
            usable(b, aAtB, QueueDirection::Send).size() == count)
            return true;
        QTest::qWait(50);
    }
    return false;
}

// The texts `client` received from one contact, in the order they arrived.
std::vector<std::string> textsFrom(ClientFixture& client, std::int64_t contactId) {
    std::vector<std::string> texts;
    client.log.waitFor([&] {
        texts.clear();
        for (const auto& m : client.log.received)
            if (m.contactId == contactId)
                texts.push_back(m.text);
        return true;
    });
    return texts;
}

bool receivedCount(ClientFixture& client, std::int64_t contactId, std::size_t count,
                   std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
    return client.log.waitFor(
        [&] {
            std::size_t n = 0;
            for (const auto& m : client.log.received)
                n += m.contactId == contactId;
            return n >= count;
        },
        timeout);
}

std::vector<std::string> numbered(const std::string& prefix, int from, int to) {
    std::vector<std::string> out;
    for (int i = from; i < to; ++i)
        out.push_back(prefix + std::to_string(i));
    return out;
}

} // namespace

class TestAgentRedundancy : public QObject {
    Q_OBJECT

private slots:
    // A new contact gets two queues each way, on relays of two operators; with one relay
    // stopped halfway through 1,000 messages each way, every message arrives once and in order.
    void conversationOutlivesOneRelay() {
        RelayFixture first;
        RelayFixture second(onSecondAddress);
        ClientFixture alice("Alice", first.server().address());
        ClientFixture bob("Bob", second.server().address());
        QVERIFY(alice->addRelay(second.server().address()).ok());
        QVERIFY(bob->addRelay(first.server().address()).ok());
        auto [bobAtAlice, aliceAtBob] = connectPair(alice, bob);
        QVERIFY(queuesEachWay(alice, bobAtAlice, bob, aliceAtBob, 2));
        for (auto* client : {&alice, &bob}) {
            const std::int64_t contact = client == &alice ? bobAtAlice : aliceAtBob;
            for (auto direction : {QueueDirection::Receive, QueueDirection::Send}) {
                const auto queues = usable(*client, contact, direction);
                QVERIFY(!core::directory::sameOperator(queues[0].relay, queues[1].relay));
            }
        }

        constexpr int kMessages = 1000;
        constexpr int kBeforeStop = 300;
        std::int64_t lastFromAlice = 0;
        for (int i = 0; i < kMessages; ++i) {
            if (i == kBeforeStop) {
                QVERIFY(receivedCount(bob, aliceAtBob, kBeforeStop));
                QVERIFY(receivedCount(alice, bobAtAlice, kBeforeStop));
                second.stopServer(); // for the rest of the run
            }
            auto sent = alice->sendMessage(bobAtAlice, "a" + std::to_string(i));
            QVERIFY2(sent.ok(), sent ? "" : sent.error().message.c_str());
            lastFromAlice = *sent;
            QVERIFY(bob->sendMessage(aliceAtBob, "b" + std::to_string(i)).ok());
        }
        QVERIFY(receivedCount(bob, aliceAtBob, kMessages));
        QVERIFY(receivedCount(alice, bobAtAlice, kMessages));
        // Once each, in the order sent (a second copy would show up here as an extra entry).
        QTest::qWait(500);
        QCOMPARE(textsFrom(bob, aliceAtBob), numbered("a", 0, kMessages));
        QCOMPARE(textsFrom(alice, bobAtAlice), numbered("b", 0, kMessages));
        // Sent when one copy was taken, delivered by the receipt over the working relay.
        QVERIFY(alice.log.waitFor([&] {
            auto it = alice.log.delivery.find(lastFromAlice);
            return it != alice.log.delivery.end() && it->second == MessageState::Delivered;
        }));
        // Each side sees its queue on the stopped relay down.
        const auto receiving = usable(alice, bobAtAlice, QueueDirection::Receive);
        QVERIFY(std::any_of(receiving.begin(), receiving.end(),
                            [](const ContactQueue& q) { return q.downSince.has_value(); }));
    }

    // A contact made with one queue each way gains a second when a relay of another operator
    // is added, and what waited for the stopped relay goes over the new queue at once; the
    // copy that waited arrives later and is not shown again.
    void contactGainsSecondQueueAndWaitingMessagesMove() {
        RelayFixture first;
        RelayFixture second(onSecondAddress);
        ClientFixture alice("Alice", first.server().address());
        ClientFixture bob("Bob", second.server().address());
        auto [bobAtAlice, aliceAtBob] = connectPair(alice, bob);
        QVERIFY(queuesEachWay(alice, bobAtAlice, bob, aliceAtBob, 1));

        second.stopServer(); // Bob's only receive queue is there
        auto waiting = alice->sendMessage(bobAtAlice, "sent while Bob's relay was down");
        QVERIFY(waiting.ok());
        QVERIFY(alice.log.waitFor([&] { return alice.log.waiting.count(*waiting) > 0; }));

        // Bob adds a relay of another operator: his second queue goes there, offered to
        // Alice over her queue (on the first relay, which works).
        QVERIFY(bob->addRelay(first.server().address()).ok());
        QVERIFY(received(bob, "sent while Bob's relay was down"));
        QVERIFY(alice.log.waitFor([&] {
            auto it = alice.log.delivery.find(*waiting);
            return it != alice.log.delivery.end() && it->second == MessageState::Delivered;
        }));
        QCOMPARE(usable(alice, bobAtAlice, QueueDirection::Send).size(), 2u);

        // The relay comes back with the first copy still for Bob: read once, not twice.
        second.startOnSamePort();
        auto later = alice->sendMessage(bobAtAlice, "after the relay came back");
        QVERIFY(later.ok());
        QVERIFY(received(bob, "after the relay came back"));
        QVERIFY(alice->settle(std::chrono::seconds(10)).ok());
        QVERIFY(bob->settle(std::chrono::seconds(10)).ok());
        QCOMPARE(textsFrom(bob, aliceAtBob),
                 (std::vector<std::string>{"sent while Bob's relay was down",
                                           "after the relay came back"}));
        // The copies that waited for the relay that came back go out at their next retry
        // (private routing through Alice's relay: no connection of hers to see it return),
        // and Bob does not show them again.
        QElapsedTimer timer;
        timer.start();
        auto nothingWaits = [&] {
            for (const auto& q : usable(alice, bobAtAlice, QueueDirection::Send))
                if (q.waiting != 0)
                    return false;
            return true;
        };
        while (!nothingWaits() && timer.elapsed() < 60000)
            QTest::qWait(100);
        QVERIFY(nothingWaits());
        QVERIFY(bob->settle(std::chrono::seconds(10)).ok());
        QCOMPARE(textsFrom(bob, aliceAtBob).size(), 2u);
    }

    // Both sides restart while the second queue is being offered and secured: it completes.
    void secondQueueSurvivesRestarts() {
        RelayFixture first;
        RelayFixture second(onSecondAddress);
        ClientFixture alice("Alice", first.server().address());
        ClientFixture bob("Bob", second.server().address());
        auto [bobAtAlice, aliceAtBob] = connectPair(alice, bob);
        QVERIFY(queuesEachWay(alice, bobAtAlice, bob, aliceAtBob, 1));
        alice.close();
        QVERIFY(bob->addRelay(first.server().address()).ok());
        QVERIFY(bob->settle(std::chrono::seconds(5)).ok()); // the offer waits in Alice's queue
        bob.restart();
        alice.open();
        QCOMPARE(usable(bob, aliceAtBob, QueueDirection::Receive).size(), 2u);
        QElapsedTimer timer;
        timer.start();
        while (usable(alice, bobAtAlice, QueueDirection::Send).size() < 2 && timer.elapsed() < 30000)
            QTest::qWait(50);
        QCOMPARE(usable(alice, bobAtAlice, QueueDirection::Send).size(), 2u);
        second.stopServer();
        QVERIFY(alice->sendMessage(bobAtAlice, "over the added queue").ok());
        QVERIFY(received(bob, "over the added queue"));
    }
};

QTEST_GUILESS_MAIN(TestAgentRedundancy)
#include "test_agent_redundancy.moc"
