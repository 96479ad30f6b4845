// Two queues per direction: a conversation goes on while either of its relays works. Real
// relays in this process, on two loopback addresses so that they count as two operators.
#include "agent/agent_errc.h"
#include "directory/relay_choice.h"
#include "redundancy_checks.h"
#include "relay/relay_data.h"

using namespace ferry;
using namespace ferry::test;
using core::store::MessageState;

namespace {

// A relay on another loopback address than the fixtures' 127.0.0.1: another operator.
std::function<void(relay::RelayConfig&)> onHost(std::string host) {
    return [host](relay::RelayConfig& c) {
        c.host = host;
        c.listenAddress = host;
    };
}
const auto onSecondAddress = onHost("127.0.0.2");

void wipeStore(RelayFixture& relay) {
    relay.stopServer();
    const auto store = relay.config().dataDir / relay::files::kStore;
    std::filesystem::remove_all(store);
    std::filesystem::create_directories(store);
    relay.startOnSamePort();
}

} // namespace

class TestAgentRedundancy : public QObject {
    Q_OBJECT

private slots:
    // A new contact gets two queues each way, on relays of two operators; with one relay
    // stopped during an exchange, every message arrives once and in order.
    void conversationOutlivesOneRelay() {
        RelayFixture first;
        RelayFixture second(onSecondAddress);
        ClientFixture alice("Alice", first.server().address());
        ClientFixture bob("Bob", second.server().address());
        QVERIFY(alice->addRelay(second.server().address()).ok());
        QVERIFY(bob->addRelay(first.server().address()).ok());
        const auto pair = connectPair(alice, bob); // named ids: lambdas capture them
        const std::int64_t bobAtAlice = pair.first;
        const std::int64_t aliceAtBob = pair.second;
        QVERIFY(queuesEachWay(alice, bobAtAlice, bob, aliceAtBob, 2));
        for (auto* client : {&alice, &bob}) {
            const std::int64_t contact = client == &alice ? bobAtAlice : aliceAtBob;
            for (auto direction : {QueueDirection::Receive, QueueDirection::Send}) {
                const auto queues = usable(*client, contact, direction);
                QVERIFY(!core::directory::sameOperator(queues[0].relay, queues[1].relay));
            }
        }
        exchange(alice, bobAtAlice, bob, aliceAtBob, 300, "", [&] {
            second.stopServer(); // for the rest of the run
        });
        if (QTest::currentTestFailed())
            return;
        // Sent when one copy was taken, delivered by the receipt over the working relay.
        auto history = alice->history(bobAtAlice, {std::nullopt, 100000});
        QVERIFY(history.ok());
        std::int64_t lastSent = 0;
        for (const auto& m : *history)
            if (m.direction == core::store::MessageDirection::Out)
                lastSent = m.id;
        QVERIFY(alice.log.waitFor([&] {
            auto it = alice.log.delivery.find(lastSent);
            return it != alice.log.delivery.end() && it->second == MessageState::Delivered;
        }));
        // Each side sees its queue on the stopped relay down.
        const auto receiving = usable(alice, bobAtAlice, QueueDirection::Receive);
        QVERIFY(std::any_of(receiving.begin(), receiving.end(),
                            [](const ContactQueue& q) { return q.downSince.has_value(); }));
    }

    // A relay dies during a 1,000-message exchange each way: nothing is lost or shown twice;
    // its queues are replaced on a third relay without anyone asking, the next 1,000 go
    // through the new pair, and when the dead relay comes back its old queues are deleted.
    void deadRelaysQueuesAreRotatedAway() {
        RelayFixture first;
        RelayFixture second(onHost("127.0.0.2"));
        RelayFixture third(onHost("127.0.0.3"));
        const auto rotateAfter = std::chrono::seconds(2);
        ClientFixture alice("Alice", first.server().address(), rotateAfter);
        ClientFixture bob("Bob", second.server().address(), rotateAfter);
        const PairIds ids =
            rotateAwayFromSecond(alice, bob, first.server().address(), second.server().address(),
                                 third.server().address(), [&] { second.stopServer(); });
        if (QTest::currentTestFailed())
            return;
        const std::int64_t bobAtAlice = ids.bAtA;
        const std::int64_t aliceAtBob = ids.aAtB;
        QCOMPARE(third.server().stats().queuesActive, std::uint64_t{2});

        // The relay comes back: what it held is read (and dropped as copies), then deleted.
        second.startOnSamePort();
        QTRY_COMPARE_WITH_TIMEOUT(second.server().stats().queuesActive, std::uint64_t{0}, 30000);
        QCOMPARE(textsFrom(bob, aliceAtBob).size(), std::size_t{2000});
        QCOMPARE(textsFrom(alice, bobAtAlice).size(), std::size_t{2000});

        // The third relay really carries the conversation: with the first gone too, it goes on.
        first.stopServer();
        QVERIFY(alice->sendMessage(bobAtAlice, "over the third relay").ok());
        QVERIFY(received(bob, "over the third relay"));
        QVERIFY(bob->sendMessage(aliceAtBob, "back over it").ok());
        QVERIFY(received(alice, "back over it"));
    }

    // When no relay answers at all (the device is offline, likelier than every relay gone),
    // nothing is moved; the queues work again when the relays do.
    void offlineDeviceMovesNothing() {
        RelayFixture first;
        RelayFixture second(onSecondAddress);
        const auto rotateAfter = std::chrono::seconds(1);
        ClientFixture alice("Alice", first.server().address(), rotateAfter);
        ClientFixture bob("Bob", second.server().address(), rotateAfter);
        QVERIFY(alice->addRelay(second.server().address()).ok());
        QVERIFY(bob->addRelay(first.server().address()).ok());
        const auto pair = connectPair(alice, bob); // named ids: lambdas capture them
        const std::int64_t bobAtAlice = pair.first;
        const std::int64_t aliceAtBob = pair.second;
        QVERIFY(settledOn(alice, bobAtAlice, bob, aliceAtBob, {"127.0.0.1", "127.0.0.2"}));
        first.stopServer();
        second.stopServer();
        QTest::qWait(4000); // four times the threshold
        const auto queues = alice->contactQueues(bobAtAlice);
        QVERIFY(queues.ok());
        for (const auto& q : *queues)
            QCOMPARE(q.status == QueueStatus::Suspended, false);
        first.startOnSamePort();
        second.startOnSamePort();
        QVERIFY(settledOn(alice, bobAtAlice, bob, aliceAtBob, {"127.0.0.1", "127.0.0.2"}));
        exchange(alice, bobAtAlice, bob, aliceAtBob, 5, "back");
    }

    // A relay that lost its store answers AUTH for the queues it should have: they are
    // replaced at once, on another relay.
    void lostQueuesAreReplaced() {
        RelayFixture first;
        RelayFixture second(onHost("127.0.0.2"));
        RelayFixture third(onHost("127.0.0.3"));
        ClientFixture alice("Alice", first.server().address());
        ClientFixture bob("Bob", second.server().address());
        for (auto* relay : {&second, &third})
            QVERIFY(alice->addRelay(relay->server().address()).ok());
        for (auto* relay : {&first, &third})
            QVERIFY(bob->addRelay(relay->server().address()).ok());
        const auto pair = connectPair(alice, bob); // named ids: lambdas capture them
        const std::int64_t bobAtAlice = pair.first;
        const std::int64_t aliceAtBob = pair.second;
        QVERIFY(settledOn(alice, bobAtAlice, bob, aliceAtBob, {"127.0.0.1", "127.0.0.2"}));

        wipeStore(second);
        QVERIFY(settledOn(alice, bobAtAlice, bob, aliceAtBob, {"127.0.0.1", "127.0.0.3"}));
        exchange(alice, bobAtAlice, bob, aliceAtBob, 20, "after");
        if (QTest::currentTestFailed())
            return;
        first.stopServer();
        QVERIFY(alice->sendMessage(bobAtAlice, "over the new relay").ok());
        QVERIFY(received(bob, "over the new relay"));
    }

    // A contact that moves to other relays leaves no connection behind: a relay that holds
    // none of one's queues and is not one's own is let go (a hostile contact naming a new
    // relay at every move would otherwise collect connections).
    void connectionsToAContactsOldRelaysAreClosed() {
        RelayFixture first;
        std::vector<std::unique_ptr<RelayFixture>> bobsRelays;
        for (const char* host : {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"})
            bobsRelays.push_back(std::make_unique<RelayFixture>(onHost(host)));
        ClientFixture alice("Alice", first.server().address(), std::chrono::seconds(2));
        ClientFixture bob("Bob", bobsRelays[0]->server().address());
        for (std::size_t i = 1; i < bobsRelays.size(); ++i)
            QVERIFY(bob->addRelay(bobsRelays[i]->server().address()).ok());
        // Straight to Bob's relays, so that Alice holds connections to them.
        QVERIFY(alice->setRouting({core::agent::PrivateRouting::Never, false}).ok());
        const auto pair = connectPair(alice, bob); // named ids: lambdas capture them
        const std::int64_t bobAtAlice = pair.first;
        const std::int64_t aliceAtBob = pair.second;
        // Alice sends to exactly the hosts Bob receives on, and to no others.
        auto sendingTo = [&](std::size_t count) -> std::optional<std::set<std::string>> {
            const auto receiving = hosts(bob, aliceAtBob, QueueDirection::Receive);
            const auto sending = hosts(alice, bobAtAlice, QueueDirection::Send);
            auto queues = bob->contactQueues(aliceAtBob);
            const bool allActive =
                queues && std::all_of(queues->begin(), queues->end(), [](const ContactQueue& q) {
                    return q.direction == QueueDirection::Send || q.status == QueueStatus::Active ||
                           q.status == QueueStatus::Deleted;
                });
            if (receiving.size() == count && sending == receiving && allActive)
                return receiving;
            return std::nullopt;
        };
        std::optional<std::set<std::string>> before;
        QTRY_VERIFY_WITH_TIMEOUT((before = sendingTo(2)).has_value(), 30000);
        QVERIFY(alice->sendMessage(bobAtAlice, "before the move").ok());
        QVERIFY(received(bob, "before the move"));

        QVERIFY(bob->switchQueues(aliceAtBob).ok());
        std::optional<std::set<std::string>> after;
        QTRY_VERIFY_WITH_TIMEOUT((after = sendingTo(2)).has_value() && *after != *before, 60000);
        for (const std::string& host : *after)
            QVERIFY(!before->contains(host));
        QVERIFY(alice->sendMessage(bobAtAlice, "after the move").ok());
        QVERIFY(received(bob, "after the move"));
        // Bob keeps his connections to his own relays; Alice's to the old ones are closed.
        for (const auto& relay : bobsRelays) {
            const std::string host = hostOf(relay->server().address());
            const std::uint64_t expected = after->contains(host)    ? 2
                                           : before->contains(host) ? 1
                                                                    : 0;
            QTRY_COMPARE_WITH_TIMEOUT(relay->server().stats().connectionsNow, expected, 15000);
        }
    }

    // "Move to other relays" by hand; both sides restart in the middle of it, and it completes.
    void switchCompletesAcrossRestarts() {
        RelayFixture first;
        RelayFixture second(onHost("127.0.0.2"));
        RelayFixture third(onHost("127.0.0.3"));
        RelayFixture fourth(onHost("127.0.0.4"));
        ClientFixture alice("Alice", first.server().address());
        ClientFixture bob("Bob", second.server().address());
        for (auto* relay : {&second, &third, &fourth})
            QVERIFY(alice->addRelay(relay->server().address()).ok());
        const auto pair = connectPair(alice, bob); // named ids: lambdas capture them
        const std::int64_t bobAtAlice = pair.first;
        const std::int64_t aliceAtBob = pair.second;
        QVERIFY(bob->addRelay(first.server().address()).ok());
        QVERIFY(settledOn(alice, bobAtAlice, bob, aliceAtBob, {"127.0.0.1", "127.0.0.2"}));

        QVERIFY(alice->switchQueues(bobAtAlice).ok());
        alice.close();
        bob.close();
        bob.open();
        alice.open();
        // Alice now receives on the two relays she did not use; Bob's side is unchanged.
        QElapsedTimer timer;
        timer.start();
        auto moved = [&] {
            auto queues = alice->contactQueues(bobAtAlice);
            if (!queues)
                return false;
            std::set<std::string> receiving;
            for (const auto& q : *queues)
                if (q.direction == QueueDirection::Receive) {
                    if (q.status != QueueStatus::Active)
                        return false;
                    receiving.insert(hostOf(q.relay));
                }
            return receiving == std::set<std::string>{"127.0.0.3", "127.0.0.4"} &&
                   hosts(bob, aliceAtBob, QueueDirection::Send) == receiving;
        };
        while (!moved() && timer.elapsed() < 60000)
            QTest::qWait(100);
        QVERIFY(moved());
        QTRY_COMPARE_WITH_TIMEOUT(first.server().stats().queuesActive +
                                      second.server().stats().queuesActive,
                                  std::uint64_t{2}, 30000); // Bob's two receive queues
        exchange(alice, bobAtAlice, bob, aliceAtBob, 20, "moved");
        if (QTest::currentTestFailed())
            return;
        auto again = bob->switchQueues(aliceAtBob); // Bob has no relay left to move to
        QVERIFY(!again);
        QCOMPARE(again.error().code, std::error_code(core::agent::AgentErrc::NoRelay));
    }

    // A contact made with one queue each way gains a second when a relay of another operator
    // is added, and what waited for the stopped relay goes over the new queue at once; the
    // copy that waited arrives later and is not shown again.
    void contactGainsSecondQueueAndWaitingMessagesMove() {
        RelayFixture first;
        RelayFixture second(onSecondAddress);
        ClientFixture alice("Alice", first.server().address());
        ClientFixture bob("Bob", second.server().address());
        const auto pair = connectPair(alice, bob); // named ids: lambdas capture them
        const std::int64_t bobAtAlice = pair.first;
        const std::int64_t aliceAtBob = pair.second;
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
        const auto pair = connectPair(alice, bob); // named ids: lambdas capture them
        const std::int64_t bobAtAlice = pair.first;
        const std::int64_t aliceAtBob = pair.second;
        QVERIFY(queuesEachWay(alice, bobAtAlice, bob, aliceAtBob, 1));
        alice.close();
        QVERIFY(bob->addRelay(first.server().address()).ok());
        QVERIFY(bob->settle(std::chrono::seconds(5)).ok()); // the offer waits in Alice's queue
        bob.restart();
        alice.open();
        QCOMPARE(usable(bob, aliceAtBob, QueueDirection::Receive).size(), 2u);
        QElapsedTimer timer;
        timer.start();
        while (usable(alice, bobAtAlice, QueueDirection::Send).size() < 2 &&
               timer.elapsed() < 30000)
            QTest::qWait(50);
        QCOMPARE(usable(alice, bobAtAlice, QueueDirection::Send).size(), 2u);
        second.stopServer();
        QVERIFY(alice->sendMessage(bobAtAlice, "over the added queue").ok());
        QVERIFY(received(bob, "over the added queue"));
    }
};

QTEST_GUILESS_MAIN(TestAgentRedundancy)
#include "test_agent_redundancy.moc"
