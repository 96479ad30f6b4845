// What the desktop app asks the engine besides chatting: the contact overview with unread
// counts, read markers, sending a failed message again, and testing a relay.
#include "agent/agent_errc.h"
#include "agent_fixture.h"

using namespace ferry;
using namespace ferry::test;
using core::store::MessageState;

namespace {

// `address` with the identity (fingerprint) of `identityOf`: a relay that is not who the
// address says it is.
std::string withIdentityOf(const std::string& address, const std::string& identityOf) {
    const auto at = address.find('@');
    const auto theirs = identityOf.find('@');
    return identityOf.substr(0, theirs) + address.substr(at);
}

} // namespace

class TestAgentViews : public QObject {
    Q_OBJECT

private slots:
    void completionsRunOnceOnTheEngineThread() {
        RelayFixture relay;
        ClientFixture alice("Alice", relay.server().address());
        std::mutex mutex;
        std::condition_variable changed;
        std::vector<std::thread::id> threads;
        std::vector<bool> outcomes;
        auto record = [&](bool ok) {
            {
                std::lock_guard lock(mutex);
                threads.push_back(std::this_thread::get_id());
                outcomes.push_back(ok);
            }
            changed.notify_all();
        };
        // One that needs no relay, one that fails at once, one that needs the relay; and an
        // empty completion, whose outcome nobody wants.
        alice.async().displayName([&](core::Result<std::string> r) { record(r.ok()); });
        alice.async().findContact("nobody",
                                  [&](core::Result<core::store::Contact> r) { record(r.ok()); });
        alice.async().createInvitation([&](core::Result<std::string> r) { record(r.ok()); });
        alice.async().relays({});
        {
            std::unique_lock lock(mutex);
            QVERIFY(changed.wait_for(lock, std::chrono::seconds(20),
                                     [&] { return outcomes.size() == 3; }));
            QCOMPARE(outcomes, (std::vector<bool>{true, false, true}));
            for (const auto& id : threads) {
                QVERIFY(id != std::this_thread::get_id());
                QCOMPARE(id, threads.front()); // the engine's one network thread
            }
        }
        // Each exactly once: nothing more arrives.
        QVERIFY(alice->settle(std::chrono::seconds(5)).ok());
        std::lock_guard lock(mutex);
        QCOMPARE(outcomes.size(), std::size_t(3));
    }

    void overviewCountsUnreadUntilMarkedRead() {
        RelayFixture relay;
        ClientFixture alice("Alice", relay.server().address());
        ClientFixture bob("Bob", relay.server().address());
        ClientFixture carol("Carol", relay.server().address());
        auto [bobAtAlice, aliceAtBob] = connectPair(alice, bob);
        auto [carolAtAlice, aliceAtCarol] = connectPair(alice, carol);

        QVERIFY(bob->sendMessage(aliceAtBob, "one").ok());
        QVERIFY(bob->sendMessage(aliceAtBob, "two").ok());
        QVERIFY(alice.log.waitFor([&] { return alice.log.received.size() == 2; }));
        QVERIFY(carol->sendMessage(aliceAtCarol, "from Carol").ok());
        QVERIFY(alice.log.waitFor([&] { return alice.log.received.size() == 3; }));

        auto overview = alice->contactOverview();
        QVERIFY(overview.ok());
        QCOMPARE(overview->size(), 2u);
        // Carol wrote last, so she comes first.
        QCOMPARE(overview->at(0).contact.id, carolAtAlice);
        QCOMPARE(overview->at(0).lastMessage->body, std::string("from Carol"));
        QCOMPARE(overview->at(0).unread, 1);
        QCOMPARE(overview->at(1).contact.id, bobAtAlice);
        QCOMPARE(overview->at(1).lastMessage->body, std::string("two"));
        QCOMPARE(overview->at(1).unread, 2);

        // Reading up to the first of Bob's messages leaves one unread.
        const std::int64_t firstFromBob = alice.log.received.at(0).messageId;
        QVERIFY(alice->markRead(bobAtAlice, firstFromBob).ok());
        overview = alice->contactOverview();
        QCOMPARE(overview->at(1).unread, 1);
        QVERIFY(alice->markRead(bobAtAlice, alice.log.received.at(1).messageId).ok());
        // Never backwards.
        QVERIFY(alice->markRead(bobAtAlice, firstFromBob).ok());
        overview = alice->contactOverview();
        QCOMPARE(overview->at(1).unread, 0);
        QCOMPARE(overview->at(0).unread, 1);

        // It survives a restart (the marker is in the database).
        alice.restart();
        overview = alice->contactOverview();
        QCOMPARE(overview->at(1).unread, 0);
    }

    void failedMessageCanBeSentAgain() {
        // Each receives on their own relay, so that with Alice's relay stopped Bob's goodbye
        // cannot reach her: her send must meet the relay's refusal, not her own knowledge.
        RelayFixture aliceRelay;
        RelayFixture bobRelay;
        ClientFixture alice("Alice", aliceRelay.server().address());
        ClientFixture bob("Bob", bobRelay.server().address());
        // Alice sends straight to Bob's relay: through her own (private routing) nothing
        // would leave while it is stopped, and this is about the refusal of Bob's relay.
        QVERIFY(alice->setRouting({core::agent::PrivateRouting::Never, false}).ok());
        auto [bobAtAlice, aliceAtBob] = connectPair(alice, bob);
        auto delivered = alice->sendMessage(bobAtAlice, "before");
        QVERIFY(delivered.ok());
        QVERIFY(alice.log.waitFor(
            [&] { return alice.log.delivery[*delivered] == MessageState::Delivered; }));
        // Only a failed message can be retried.
        auto notFailed = alice->retryMessage(*delivered);
        QVERIFY(!notFailed);
        QCOMPARE(notFailed.error().code, std::error_code(ferry::core::agent::AgentErrc::NotFailed));

        // Bob deletes Alice: her queue to him is gone, the relay refuses and the send fails.
        // Sent only once the relay has deleted it (deleting answers before the relay does).
        aliceRelay.stopServer();
        const auto deletedBefore = bobRelay.server().stats().queuesDeleted;
        QVERIFY(bob->deleteContact(aliceAtBob).ok());
        QTRY_COMPARE_WITH_TIMEOUT(bobRelay.server().stats().queuesDeleted, deletedBefore + 1,
                                  10000);
        auto sent = alice->sendMessage(bobAtAlice, "into the void");
        QVERIFY(sent.ok());
        QVERIFY(
            alice.log.waitFor([&] { return alice.log.delivery[*sent] == MessageState::Failed; }));

        // Retrying puts it back to pending, and the relay refuses again.
        alice.log.delivery.erase(*sent);
        QVERIFY(alice->retryMessage(*sent).ok());
        QVERIFY(alice.log.waitFor([&] { return alice.log.delivery.count(*sent) != 0; }));
        QVERIFY(
            alice.log.waitFor([&] { return alice.log.delivery[*sent] == MessageState::Failed; }));
        auto history = alice->history(bobAtAlice);
        QCOMPARE(history->size(), 2u); // the retry is the same message, not a new one
        QCOMPARE(history->back().state, MessageState::Failed);

        auto unknown = alice->retryMessage(424242);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code, std::error_code(ferry::core::agent::AgentErrc::NotFound));
    }

    void testRelayReportsRoundTripOrTheProblem() {
        RelayFixture relay;
        RelayFixture other;
        ClientFixture alice("Alice", relay.server().address());

        auto ok = alice->testRelay(relay.server().address());
        QVERIFY2(ok.ok(), ok ? "" : ok.error().message.c_str());
        QVERIFY(ok->count() >= 0);

        // The address names another relay's identity: refused, with the reason.
        auto impostor =
            alice->testRelay(withIdentityOf(relay.server().address(), other.server().address()));
        QVERIFY(!impostor);
        QVERIFY2(!impostor.error().message.empty(), "a reason is given");

        // Nothing listens there any more.
        const std::string gone = other.server().address();
        other.stopServer();
        auto closed = alice->testRelay(gone);
        QVERIFY(!closed);

        auto garbage = alice->testRelay("not a relay");
        QVERIFY(!garbage);
    }
};

QTEST_GUILESS_MAIN(TestAgentViews)
#include "test_agent_views.moc"
