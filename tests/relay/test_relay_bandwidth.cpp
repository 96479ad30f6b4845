// The relay's bandwidth limit: the token buckets with explicit times, then a real relay on
// loopback moving full 16 KB messages under a limit, without one, and with a limit changed
// while it runs. Timings are checked only from below (the limit holds); speed is never
// asserted, so a slow machine cannot fail them.
#include "relay/server/bandwidth_limiter.h"
#include "relay_fixture.h"
#include "smp/block.h"

#include <QElapsedTimer>
#include <algorithm>
#include <thread>

using namespace ferry;
using namespace ferry::test;
using relay::BandwidthLimiter;
using Direction = BandwidthLimiter::Direction;
using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t kBlock = smp::kBlockSize;
constexpr std::uint64_t kRate = 256 * 1024; // ~1 MB each way in the transfer: ~3 s
constexpr int kMessages = 20;
constexpr std::size_t kBody = 16000; // fills a block at every version

BandwidthLimiter::Clock::time_point t0() {
    return BandwidthLimiter::Clock::time_point{} + 1000s;
}

double seconds(BandwidthLimiter::Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

template <typename F> bool waitUntil(F condition) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

// On one new connection: a queue, `messages` full messages sent to it, then each read back
// with GET and ACK. Every transmission here fills a 16 KB block. Returns seconds taken.
double transfer(RelayFixture& relay, int messages) {
    QElapsedTimer timer;
    timer.start();
    auto client = relay.connect();
    TestQueue q;
    if (!createQueue(*client, q, false).ok())
        qFatal("NEW failed");
    for (int i = 0; i < messages; ++i) {
        Bytes body(kBody, static_cast<std::uint8_t>('a' + i % 26));
        auto r = client->call(q.senderId, smp::cmd::Send{false, body});
        if (!isOk(r))
            qFatal("SEND %d: %s", i, describe(r));
    }
    for (int i = 0; i < messages; ++i) {
        auto r = client->call(q.recipientId, smp::cmd::Get{}, Signer{&q.recipientKey});
        auto* msg = as<smp::rsp::Msg>(r);
        if (!msg)
            qFatal("GET %d: %s", i, describe(r));
        auto opened = q.open(*msg);
        if (!opened || opened->body != Bytes(kBody, static_cast<std::uint8_t>('a' + i % 26)))
            qFatal("message %d came back wrong", i);
        auto ack = client->call(q.recipientId, smp::cmd::Ack{msg->msgId}, Signer{&q.recipientKey});
        if (!isOk(ack))
            qFatal("ACK %d: %s", i, describe(ack));
    }
    return static_cast<double>(timer.nsecsElapsed()) / 1e9;
}

// The least time `bytes` can take each way at `rate`: the first burst is free, and a block
// read (charged after it arrives) and a handshake block (charged, never held) may run ahead.
double leastSeconds(std::uint64_t bytes, std::uint64_t rate) {
    const std::uint64_t ahead = BandwidthLimiter::burstFor(rate) + 2 * kBlock;
    return bytes > ahead ? static_cast<double>(bytes - ahead) / static_cast<double>(rate) : 0;
}

} // namespace

class TestRelayBandwidth : public QObject {
    Q_OBJECT

private slots:
    // --- the buckets, with explicit times ---

    void unlimitedNeverWaits() {
        BandwidthLimiter limiter(0, t0());
        QCOMPARE(limiter.rate(), 0u);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(seconds(limiter.take(Direction::In, 1 << 20, t0())), 0.0);
    }

    void burstThenDebtAtTheRate() {
        BandwidthLimiter limiter(64 * 1024, t0());
        QCOMPARE(BandwidthLimiter::burstFor(64 * 1024), 64u * 1024);
        // One second of traffic passes at once...
        for (int i = 0; i < 4; ++i)
            QCOMPARE(seconds(limiter.take(Direction::Out, kBlock, t0())), 0.0);
        // ...then each block waits for the debt before it: a quarter second per block.
        QCOMPARE(seconds(limiter.take(Direction::Out, kBlock, t0())), 0.25);
        QCOMPARE(seconds(limiter.take(Direction::Out, kBlock, t0())), 0.5);
        // A quarter second later a block of the debt is paid.
        QCOMPARE(seconds(limiter.take(Direction::Out, 0, t0() + 250ms)), 0.25);
        // A long idle spell refills one burst, not more.
        const auto later = t0() + 100s;
        for (int i = 0; i < 4; ++i)
            QCOMPARE(seconds(limiter.take(Direction::Out, kBlock, later)), 0.0);
        QVERIFY(seconds(limiter.take(Direction::Out, 1, later)) > 0);
    }

    void directionsAreSeparate() {
        BandwidthLimiter limiter(kBlock, t0());
        QCOMPARE(seconds(limiter.take(Direction::In, 4 * kBlock, t0())), 0.0);
        QVERIFY(seconds(limiter.take(Direction::In, kBlock, t0())) > 0);
        QCOMPARE(seconds(limiter.take(Direction::Out, 4 * kBlock, t0())), 0.0);
    }

    void smallLimitsAreRaisedAndBurstHoldsBlocks() {
        BandwidthLimiter limiter(100, t0());
        QCOMPARE(limiter.rate(), BandwidthLimiter::kMinRate);
        QVERIFY(BandwidthLimiter::burstFor(BandwidthLimiter::kMinRate) >= 4 * kBlock);
        QCOMPARE(BandwidthLimiter::burstFor(10'000'000), 10'000'000u);
    }

    void changingTheRateKeepsTheDebt() {
        BandwidthLimiter limiter(64 * 1024, t0());
        QCOMPARE(seconds(limiter.take(Direction::In, 128 * 1024, t0())), 1.0); // 64 KB of debt
        limiter.setRate(128 * 1024, t0());
        QCOMPARE(seconds(limiter.take(Direction::In, 0, t0())), 0.5); // paid at the new rate
        // Lowering caps what was saved to the new burst.
        BandwidthLimiter fast(1 << 20, t0());
        fast.setRate(64 * 1024, t0());
        QCOMPARE(seconds(fast.take(Direction::In, 64 * 1024, t0())), 0.0);
        QVERIFY(seconds(fast.take(Direction::In, 1, t0())) > 0);
        // From unlimited, a limit starts with a full bucket whatever passed before.
        BandwidthLimiter open(0, t0());
        (void)open.take(Direction::In, 1ull << 30, t0());
        open.setRate(64 * 1024, t0() + 1s);
        QCOMPARE(seconds(open.take(Direction::In, 64 * 1024, t0() + 1s)), 0.0);
        // And back to unlimited, nothing waits any more.
        open.setRate(0);
        QCOMPARE(open.rate(), 0u);
        QCOMPARE(seconds(open.take(Direction::In, 1ull << 30)), 0.0);
    }

    // --- a real relay ---

    void limitHoldsTheRelayDown() {
        RelayFixture relay([](relay::RelayConfig& c) { c.bandwidthBytesPerSecond = kRate; });
        QCOMPARE(relay.server().bandwidthLimit(), kRate);
        const double took = transfer(relay, kMessages);
        const auto s = relay.server().stats();
        const double least = leastSeconds(std::max(s.bytesIn, s.bytesOut), kRate);
        qInfo("%.2f s for %llu bytes in, %llu out at %llu B/s (at least %.2f s); held back %llu "
              "times, %llu ms; %.0f B/s in after the burst",
              took, static_cast<unsigned long long>(s.bytesIn),
              static_cast<unsigned long long>(s.bytesOut), static_cast<unsigned long long>(kRate),
              least, static_cast<unsigned long long>(s.throttledWaits),
              static_cast<unsigned long long>(s.throttledMicroseconds / 1000),
              static_cast<double>(s.bytesIn - BandwidthLimiter::burstFor(kRate)) / took);
        QVERIFY2(least > 2.0, "the transfer is too small to test the limit");
        QVERIFY2(took >= 0.8 * least, qPrintable(QString("took %1 s").arg(took)));
        QVERIFY(s.throttledWaits > 0);
        QVERIFY(s.throttledMicroseconds > 0);
    }

    void noLimitNoHolding() {
        RelayFixture relay;
        QCOMPARE(relay.server().bandwidthLimit(), 0u);
        const double took = transfer(relay, kMessages);
        const auto s = relay.server().stats();
        qInfo("unlimited: %.3f s for %llu bytes in", took,
              static_cast<unsigned long long>(s.bytesIn));
        QCOMPARE(s.throttledWaits, 0u);
        QCOMPARE(s.throttledMicroseconds, 0u);
    }

    void limitChangesWhileRunning() {
        RelayFixture relay;
        transfer(relay, 5);
        QCOMPARE(relay.server().stats().throttledWaits, 0u);

        relay.server().setBandwidthLimit(kRate);
        QCOMPARE(relay.server().bandwidthLimit(), kRate);
        const auto before = relay.server().stats();
        const double took = transfer(relay, kMessages);
        const auto limited = relay.server().stats();
        const double least = leastSeconds(
            std::max(limited.bytesIn - before.bytesIn, limited.bytesOut - before.bytesOut), kRate);
        QVERIFY(least > 2.0);
        QVERIFY2(took >= 0.8 * least,
                 qPrintable(QString("took %1 s, least %2").arg(took).arg(least)));
        QVERIFY(limited.throttledWaits > 0);

        // Lifted: a read still held for the last connection is let go (its close then
        // follows), and nothing is held any more.
        relay.server().setBandwidthLimit(0);
        QCOMPARE(relay.server().bandwidthLimit(), 0u);
        QVERIFY(waitUntil([&] { return relay.server().stats().connectionsNow == 0; }));
        const std::uint64_t waits = relay.server().stats().throttledWaits;
        transfer(relay, kMessages);
        QCOMPARE(relay.server().stats().throttledWaits, waits);
    }

    void raisingTheLimitReleasesHeldTraffic() {
        // The smallest limit, one block a second each way. Six handshakes use more than the
        // burst (charged, not held), so the clients' pings then queue behind each other:
        // their answers would leave 3 to 8 seconds from now, one a second.
        RelayFixture relay(
            [](relay::RelayConfig& c) { c.bandwidthBytesPerSecond = BandwidthLimiter::kMinRate; });
        constexpr int kClients = 6;
        constexpr int kPings = 2;
        std::vector<std::unique_ptr<TestSmpClient>> clients;
        std::vector<std::vector<Bytes>> corrIds(kClients, std::vector<Bytes>(kPings));
        for (int c = 0; c < kClients; ++c) {
            clients.push_back(relay.connect());
            for (auto& corrId : corrIds[c])
                QVERIFY(clients[c]
                            ->sendBlock({clients[c]->transmission({}, smp::cmd::Ping{},
                                                                  std::nullopt, &corrId)})
                            .ok());
        }
        // Let the relay take the pings in and start holding them back.
        std::this_thread::sleep_for(300ms);
        QElapsedTimer timer;
        timer.start();
        relay.server().setBandwidthLimit(0);
        for (int c = 0; c < kClients; ++c)
            for (const Bytes& corrId : corrIds[c]) {
                auto r = clients[c]->awaitAnswer(corrId);
                QVERIFY2(as<smp::rsp::Pong>(r), describe(r));
            }
        const double took = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        qInfo("all answers %.3f s after the limit was lifted", took);
        // Under the old limit the last would need eight seconds more.
        QVERIFY2(took < 4.0, qPrintable(QString("took %1 s").arg(took)));
        QVERIFY(waitUntil([&] { return relay.server().stats().throttledWaits > 0; }));
    }
};

QTEST_APPLESS_MAIN(TestRelayBandwidth)
#include "test_relay_bandwidth.moc"
