// Output backpressure (issue #14, item 1): answers of one block leave batched, a client that
// never reads cannot make the relay hold more than SmpConnection::kOutputCeiling for it and is
// dropped after write_stall_timeout_seconds, and everyone else is served meanwhile.
#include "relay/server/smp_connection.h"
#include "relay_fixture.h"
#include "relay_pair.h"

#include <thread>

using namespace ferry;
using namespace ferry::test;
using namespace std::chrono_literals;

namespace {

using Pair = RelayPair;

constexpr int kPingsPerBlock = 255; // the most one block holds

std::vector<Bytes> pings(TestSmpClient& client, int count) {
    std::vector<Bytes> block;
    for (int i = 0; i < count; ++i)
        block.push_back(client.transmission({}, smp::cmd::Ping{}));
    return block;
}

// Reads blocks until `pongs` PONGs arrived; gives the number of blocks, or -1 on a failure
// or an answer that is not PONG.
int countPongBlocks(TestSmpClient& client, int pongs) {
    int blocks = 0;
    while (pongs > 0) {
        auto items = client.readBlock();
        if (!items)
            return -1;
        ++blocks;
        for (const Received& r : *items) {
            if (!std::holds_alternative<smp::rsp::Pong>(r.response))
                return -1;
            --pongs;
        }
    }
    return blocks;
}

Pair makePair(const RelayFixture& relay) {
    auto pair = makeRelayPair(relay.options());
    if (!pair)
        qFatal("the well-behaved pair could not start");
    return std::move(*pair);
}

std::uint64_t outputPeak(RelayFixture& relay) {
    return relay.server().stats().connectionOutputPeak;
}

} // namespace

class TestRelayBackpressure : public QObject {
    Q_OBJECT

private slots:
    // The answers of one block leave in as few blocks as hold them (simplexmq's send thread
    // batches a block's answers): 255 PONGs are one block, not 255.
    void answersOfOneBlockAreBatched_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<int>("count");
        // A v6 transmission carries the session id: 248 PINGs (66 bytes each with their
        // length) fill a block there.
        for (int version : {6, 9})
            for (int count : {1, 2, 100, version == 6 ? 248 : kPingsPerBlock})
                QTest::addRow("v%d x%d", version, count) << version << count;
    }

    void answersOfOneBlockAreBatched() {
        QFETCH(int, version);
        QFETCH(int, count);
        RelayFixture relay;
        auto client = relay.connect({smp::Version(version), smp::Version(version)});
        QVERIFY(client->sendBlock(pings(*client, count)).ok());
        QCOMPARE(countPongBlocks(*client, count), 1);
    }

    // Three full blocks of PINGs in a row: 765 PONGs fit ceil(765 / 255) = 3 blocks.
    void answersOfSeveralBlocksFillBlocks() {
        RelayFixture relay;
        auto client = relay.connect();
        for (int i = 0; i < 3; ++i)
            QVERIFY(client->sendBlock(pings(*client, kPingsPerBlock)).ok());
        QCOMPARE(countPongBlocks(*client, 3 * kPingsPerBlock), 3);
    }

    // Where size, not the count byte, limits a block: 480 v6 PONGs of 66 bytes, 248 to a
    // block, need ceil(480 / 248) = 2.
    void answersFillBlocksBySize() {
        RelayFixture relay;
        auto client = relay.connect({6, 6});
        for (int i = 0; i < 2; ++i)
            QVERIFY(client->sendBlock(pings(*client, 240)).ok());
        QCOMPARE(countPongBlocks(*client, 480), 2);
    }

    // The attacker of issue #14: after the handshake it sends full blocks of PINGs and never
    // reads. The relay stops reading from it with its output under the ceiling, serves
    // another pair of clients meanwhile, and drops it once a write stalls past the deadline.
    void floodingClientIsBoundedAndDropped() {
        RelayFixture relay([](relay::RelayConfig& c) { c.writeStallTimeout = 1s; });
        Pair pair = makePair(relay);
        QVERIFY(roundTrip(pair, "before"));

        TestClientOptions o = relay.options();
        o.timeout = 2000ms; // a send blocked this long: the relay stopped reading
        o.socketBuffer = 16384;
        auto attacker = TestSmpClient::connect(o);
        QVERIFY(attacker.ok());
        const std::vector<Bytes> flood = pings(**attacker, kPingsPerBlock);

        // Far more than the socket buffers on both sides hold: with no bound the relay would
        // queue 255 answers per block (4 MB) or a block per block forever.
        constexpr int kMaxBlocks = 4000;
        int sent = 0;
        for (; sent < kMaxBlocks; ++sent) {
            if (!(*attacker)->sendBlock(flood))
                break;
            // Checked as it goes, so a relay without the bound fails here, not by swapping.
            if (outputPeak(relay) > relay::SmpConnection::kOutputCeiling)
                QFAIL(qPrintable(
                    QString("output %1 bytes after %2 blocks").arg(outputPeak(relay)).arg(sent)));
            if (sent % 100 == 50)
                QVERIFY2(roundTrip(pair, "during " + std::to_string(sent)),
                         "another client was not served during the flood");
        }
        QVERIFY2(sent < kMaxBlocks, "the relay kept reading from a client that never reads");
        qInfo("the relay stopped reading after %d blocks (peak output %llu bytes)", sent,
              static_cast<unsigned long long>(outputPeak(relay)));
        QVERIFY(roundTrip(pair, "while stalled"));

        QTRY_VERIFY_WITH_TIMEOUT(relay.server().stats().stalledWritersDropped == 1, 30000);
        QVERIFY((*attacker)->closedByPeer());
        QVERIFY(outputPeak(relay) <= relay::SmpConnection::kOutputCeiling);
        QVERIFY(roundTrip(pair, "after"));
        QTRY_COMPARE_WITH_TIMEOUT(relay.server().stats().connectionsNow, std::uint64_t{2}, 10000);
    }

    // A client that reads slowly, pausing for less than the deadline each time, stays
    // connected for longer than the deadline and gets every answer.
    void slowReaderIsNotDropped() {
        RelayFixture relay([](relay::RelayConfig& c) { c.writeStallTimeout = 2s; });
        TestClientOptions o = relay.options();
        o.socketBuffer = 16384;
        auto client = TestSmpClient::connect(o);
        QVERIFY(client.ok());
        const std::vector<Bytes> block = pings(**client, kPingsPerBlock);
        constexpr int kRounds = 12;
        constexpr int kBlocksPerRound = 8; // below the high-water mark: no read pause
        for (int round = 0; round < kRounds; ++round) {
            for (int i = 0; i < kBlocksPerRound; ++i)
                QVERIFY((*client)->sendBlock(block).ok());
            std::this_thread::sleep_for(250ms); // the relay's writes wait meanwhile
            QCOMPARE(countPongBlocks(**client, kBlocksPerRound * kPingsPerBlock), kBlocksPerRound);
        }
        QCOMPARE(relay.server().stats().stalledWritersDropped, std::uint64_t{0});
        QVERIFY(as<smp::rsp::Pong>((*client)->call({}, smp::cmd::Ping{})));
    }

    // A subscriber whose output is full does not get messages pushed into memory; they wait
    // in the store and arrive once it reads again.
    void pushWaitsForRoomAndArrives() {
        RelayFixture relay; // default deadline: the subscriber is slow, not gone
        TestClientOptions o = relay.options();
        o.timeout = 1000ms;
        o.socketBuffer = 16384;
        auto subscriber = TestSmpClient::connect(o);
        QVERIFY(subscriber.ok());
        TestQueue queue;
        QVERIFY(createQueue(**subscriber, queue, true).ok());
        auto sender = relay.connect();

        const std::vector<Bytes> flood = pings(**subscriber, kPingsPerBlock);
        int sent = 0;
        while (sent < 4000 && (*subscriber)->sendBlock(flood))
            ++sent;
        QVERIFY2(sent < 4000, "the relay kept reading from a client that does not read");
        for (int i = 0; i < 3; ++i)
            QVERIFY(isOk(sender->call(
                queue.senderId, smp::cmd::Send{false, core::toBytes("m" + std::to_string(i))})));
        QVERIFY(outputPeak(relay) <= relay::SmpConnection::kOutputCeiling);

        // Reading again: the PONGs drain and the first message follows them.
        auto push = (*subscriber)->awaitPush();
        QVERIFY2(push.ok(), push ? "" : push.error().message.c_str());
        auto* msg = std::get_if<smp::rsp::Msg>(&push->response);
        QVERIFY(msg);
        QCOMPARE(core::toString(queue.open(*msg)->body), std::string("m0"));
        QVERIFY(outputPeak(relay) <= relay::SmpConnection::kOutputCeiling);
    }
};

QTEST_GUILESS_MAIN(TestRelayBackpressure)
#include "test_relay_backpressure.moc"
