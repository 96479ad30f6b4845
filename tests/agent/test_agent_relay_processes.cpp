// Two queues per direction against real ferry-relay processes: one is killed (SIGKILL, as when
// its machine loses power) while 1,000 messages go each way, and the conversation goes on.
// (test_agent_redundancy runs the same rules against relays in this process, where a test can
// look inside them: a relay coming back, a wiped store, restarts mid-switch.)
#include "redundancy_checks.h"
#include "relay_process.h"

using namespace ferry;
using namespace ferry::test;

class TestAgentRelayProcesses : public QObject {
    Q_OBJECT

private slots:
    // Every message arrives once and in order while the relay dies under the exchange; the
    // dead relay's queues then move to a third relay without anyone asking, and the next
    // 1,000 each way go through the new pair, also with the first relay killed afterwards.
    void killedRelaysQueuesAreRotatedAway() {
        RelayProcess first("127.0.0.1");
        RelayProcess second("127.0.0.2");
        RelayProcess third("127.0.0.3");
        const auto rotateAfter = std::chrono::seconds(2);
        ClientFixture alice("Alice", first.addressString(), rotateAfter);
        ClientFixture bob("Bob", second.addressString(), rotateAfter);
        const PairIds ids =
            rotateAwayFromSecond(alice, bob, first.addressString(), second.addressString(),
                                 third.addressString(), [&] { second.kill(); });
        if (QTest::currentTestFailed())
            return;
        const std::int64_t bobAtAlice = ids.bAtA;
        const std::int64_t aliceAtBob = ids.aAtB;

        first.kill();
        QVERIFY(alice->sendMessage(bobAtAlice, "over the third relay").ok());
        QVERIFY(bob->sendMessage(aliceAtBob, "back over it").ok());
        QVERIFY(receivedCount(bob, aliceAtBob, 2001));
        QVERIFY(receivedCount(alice, bobAtAlice, 2001));
        QCOMPARE(textsFrom(bob, aliceAtBob).back(), std::string("over the third relay"));
        QCOMPARE(textsFrom(alice, bobAtAlice).back(), std::string("back over it"));
    }
};

QTEST_GUILESS_MAIN(TestAgentRelayProcesses)
#include "test_agent_relay_processes.moc"
