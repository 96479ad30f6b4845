// Private routing in the client engine: what the routing settings make of a contact's
// messages, with real relays in this process. Alice's messages to a queue on a relay she does
// not use go through her own relay, so that relay sees a forwarded command and never her
// connection; when the route fails her message waits with the reason, and goes straight
// there only if she allowed it.
#include "agent/agent_errc.h"
#include "agent/agent_protocol.h"
#include "agent_fixture.h"
#include "relay_fixture.h"

using namespace ferry;
using namespace ferry::test;
using core::agent::PrivateRouting;
using core::agent::RoutingSettings;
using core::store::MessageState;

namespace {

std::uint64_t forwardedTo(RelayFixture& relay) {
    return relay.server().stats().forwardedCommands;
}

std::uint64_t proxiedBy(RelayFixture& relay) {
    return relay.server().stats().proxiedForwards;
}

/// Alice on relay A, Bob on relay B, connected: each writes to a queue on a relay the other
/// does not use.
struct TwoRelays {
    RelayFixture a;
    RelayFixture b;
    ClientFixture alice{"Alice", a.server().address()};
    ClientFixture bob{"Bob", b.server().address()};
    std::int64_t bobAtAlice = 0;

    explicit TwoRelays(RoutingSettings aliceRouting = {}) {
        if (!alice->setRouting(aliceRouting))
            qFatal("setRouting failed");
        bobAtAlice = connectPair(alice, bob).first;
    }
};

} // namespace

class TestAgentRouting : public QObject {
    Q_OBJECT

private slots:
    void settingsAreKeptInTheProfile() {
        RelayFixture relay;
        ClientFixture alice("Alice", relay.server().address());
        QCOMPARE(*alice->routing(), RoutingSettings{}); // for relays she does not use
        QCOMPARE(alice->routing()->mode, PrivateRouting::UnknownRelays);
        QVERIFY(!alice->routing()->allowDirect);
        QVERIFY(alice->setRouting({PrivateRouting::Always, true}).ok());
        alice.restart();
        QCOMPARE(*alice->routing(), (RoutingSettings{PrivateRouting::Always, true}));
        QCOMPARE(core::agent::parsePrivateRouting("never"), PrivateRouting::Never);
        QVERIFY(!core::agent::parsePrivateRouting("sometimes"));
    }

    void messagesToAStrangersRelayGoThroughOwn() {
        TwoRelays r;
        const auto forwardedBefore = forwardedTo(r.b);
        const auto proxiedBefore = proxiedBy(r.a);
        auto sent = r.alice->sendMessage(r.bobAtAlice, "through A");
        QVERIFY(sent.ok());
        QVERIFY(received(r.bob, "through A"));
        QVERIFY(r.alice.log.waitFor(
            [&] { return r.alice.log.delivery[*sent] == MessageState::Delivered; }));
        // B got Alice's SEND from A's proxy, not from her.
        QVERIFY(forwardedTo(r.b) > forwardedBefore);
        QTRY_VERIFY_WITH_TIMEOUT(proxiedBy(r.a) > proxiedBefore, 10000);
    }

    // Reading a short link is a sender's command like SEND: Bob's LKEY (an invitation) and
    // LGET (an address) reach Alice's relay through his own.
    void shortLinksAreReadThroughOwnRelay() {
        RelayFixture a;
        RelayFixture b;
        ClientFixture alice{"Alice", a.server().address()};
        ClientFixture bob{"Bob", b.server().address()};
        auto link = alice->createInvitation();
        QVERIFY(link && link->rfind("ferry:/i#", 0) == 0);
        auto forged = std::get<core::agent::ShortInvitationLink>(*core::agent::parseLink(*link));
        forged.linkKey[0] ^= 1; // opens nothing: the LKEY is all that happens
        const auto before = forwardedTo(a);
        const auto wrongKey = bob->connect(core::agent::formatLink(forged));
        QVERIFY(!wrongKey);
        QCOMPARE(wrongKey.error().code, std::error_code(core::agent::AgentErrc::Link));
        QCOMPARE(forwardedTo(a), before + 1);

        auto address = alice->createAddress();
        QVERIFY(address && address->rfind("ferry:/c#", 0) == 0);
        const auto beforeGet = forwardedTo(a);
        const auto requested = bob->connect(*address);
        QVERIFY2(requested, requested ? "" : requested.error().message.c_str());
        QVERIFY(forwardedTo(a) > beforeGet);
        QVERIFY(alice.log.waitFor([&] { return !alice.log.requests.empty(); }));
    }

    void neverSendsStraightThere() {
        TwoRelays r({PrivateRouting::Never, false});
        const auto forwardedBefore = forwardedTo(r.b);
        QVERIFY(r.alice->sendMessage(r.bobAtAlice, "direct").ok());
        QVERIFY(received(r.bob, "direct"));
        QCOMPARE(forwardedTo(r.b), forwardedBefore);
        QCOMPARE(proxiedBy(r.a), 0u);
    }

    void ownRelaysAreDirectUnlessAlways() {
        // Both on relay R; Alice also uses S. Her own relay R knows her already.
        RelayFixture r;
        RelayFixture s;
        ClientFixture alice("Alice", r.server().address());
        ClientFixture bob("Bob", r.server().address());
        QVERIFY(alice->addRelay(s.server().address()).ok());
        auto [bobAtAlice, aliceAtBob] = connectPair(alice, bob);
        Q_UNUSED(aliceAtBob);
        const auto forwardedBefore = forwardedTo(r);
        QVERIFY(alice->sendMessage(bobAtAlice, "own relay").ok());
        QVERIFY(received(bob, "own relay"));
        QCOMPARE(forwardedTo(r), forwardedBefore);

        QVERIFY(alice->setRouting({PrivateRouting::Always, false}).ok());
        QVERIFY(alice->sendMessage(bobAtAlice, "through S").ok());
        QVERIFY(received(bob, "through S"));
        // S counts the forward once R's answer is back, which may be after Bob has it.
        QTRY_COMPARE_WITH_TIMEOUT(proxiedBy(s), 1u, 10000);
        QCOMPARE(forwardedTo(r), forwardedBefore + 1);
    }

    void aFailedRouteWaitsWithItsReason() {
        TwoRelays r;
        r.a.stopServer();
        const auto sentBefore = r.b.server().stats().messagesSent;
        auto sent = r.alice->sendMessage(r.bobAtAlice, "waits for A");
        QVERIFY(sent.ok());
        // Not sent straight to B: it waits, and says why (as an event and in the history).
        const std::string why = "private routing through 127.0.0.1";
        // (Also when it waits behind something sent before it on the same queue.)
        QVERIFY(r.alice.log.waitFor(
            [&] { return r.alice.log.waiting[*sent].find(why) != std::string::npos; },
            std::chrono::seconds(60)));
        auto history = r.alice->history(r.bobAtAlice);
        QVERIFY(history && history->back().waitingReason);
        QVERIFY2(history->back().waitingReason->find(why) != std::string::npos,
                 history->back().waitingReason->c_str());
        QCOMPARE(history->back().state, MessageState::Pending);
        QCOMPARE(r.b.server().stats().messagesSent, sentBefore);
        // A comes back, and the user asks to try now: the message goes through it.
        r.a.startOnSamePort();
        QVERIFY(r.alice->retryMessage(*sent).ok());
        QVERIFY(received(r.bob, "waits for A"));
        QVERIFY(r.alice.log.waitFor(
            [&] { return r.alice.log.delivery[*sent] == MessageState::Delivered; }));
        QVERIFY(!r.alice->history(r.bobAtAlice)->back().waitingReason);
    }

    void allowingDirectSendsStraightThereWhenTheRouteFails() {
        TwoRelays r({PrivateRouting::UnknownRelays, true});
        r.a.stopServer();
        const auto forwardedBefore = forwardedTo(r.b);
        QVERIFY(r.alice->sendMessage(r.bobAtAlice, "straight to B").ok());
        QVERIFY(received(r.bob, "straight to B"));
        QCOMPARE(forwardedTo(r.b), forwardedBefore);
    }
};

QTEST_GUILESS_MAIN(TestAgentRouting)
#include "test_agent_routing.moc"
