// The registry's judgement, driven by hand-set time: probation, down, delisting after the
// downtime credit, the per-address caps, and listings by band, region and exclusion.
#include "relay/directory/relay_registry.h"

#include <QtTest>

using namespace ferry;
using namespace ferry::relay::directory;

namespace {

constexpr std::int64_t kStart = 1'800'000'000;

RegistryPolicy policy() {
    RegistryPolicy p;
    p.ttlSeconds = 100;
    p.probeIntervalSeconds = 10;
    p.probationSeconds = 1000;
    p.relaysPerAddress = 2;
    p.relaysPerSite = 3;
    return p;
}

RelayRecord record(const std::string& fingerprint, const std::string& source = "192.0.2.1/32",
                   const std::string& region = {}) {
    RelayRecord r;
    r.fingerprint = fingerprint;
    r.registration.address = "smp://" + fingerprint + "@relay.example";
    r.registration.region = region;
    r.source = source;
    r.site = "192.0.2.0/24";
    return r;
}

} // namespace

class TestDirectoryRegistry : public QObject {
    Q_OBJECT

private slots:
    void newRelaysStartOnProbationAndEarnTheirWay() {
        RelayRegistry registry(policy());
        auto admitted = registry.admit(record("a"), 20, kStart);
        QCOMPARE(admitted.state, RelayRecord::State::Probation);
        QCOMPARE(registry.query(10, {}, {}).size(), std::size_t(1));
        const double probationScore = relayScore(admitted, kStart);
        QVERIFY(probationScore > 0 && probationScore < 0.25);
        // Heartbeats and answered probes through the probation period.
        for (std::int64_t t = kStart + 50; t <= kStart + 1050; t += 50) {
            registry.heartbeat("a", t);
            QVERIFY(!registry.dueForProbe(t, 10).empty());
            registry.probed("a", 20, t);
            registry.sweep(t);
        }
        auto after = registry.find("a");
        QCOMPARE(after->state, RelayRecord::State::Listed);
        QVERIFY(relayScore(*after, kStart + 1050) > 3 * probationScore);
        QVERIFY(after->provenUptimeSeconds >= 1000);
    }

    void silentRelaysGoDownAndAreDelistedWhenTheirCreditRunsOut() {
        RelayRegistry registry(policy());
        registry.admit(record("a"), 20, kStart);
        QVERIFY(registry.sweep(kStart + 100).changed.empty()); // exactly the TTL: still up
        auto sweep = registry.sweep(kStart + 101);
        QCOMPARE(sweep.changed.size(), std::size_t(1));
        QCOMPARE(sweep.changed[0].state, RelayRecord::State::Down);
        QVERIFY(registry.query(10, {}, {}).empty()); // down relays are not handed out
        // No proven uptime: the credit is one TTL.
        QCOMPARE(downtimeCredit(*registry.find("a"), policy()), std::int64_t(100));
        QVERIFY(registry.sweep(kStart + 201).removed.empty());
        auto removed = registry.sweep(kStart + 202).removed;
        QCOMPARE(removed, std::vector<std::string>{"a"});
        QVERIFY(!registry.find("a"));
    }

    void provenUptimeBuysDowntime() {
        RelayRegistry registry(policy());
        registry.admit(record("a"), 20, kStart);
        for (std::int64_t t = kStart + 10; t <= kStart + 5000; t += 10) {
            registry.heartbeat("a", t);
            registry.dueForProbe(t, 10);
            registry.probed("a", 20, t);
        }
        const auto credit = downtimeCredit(*registry.find("a"), policy());
        QCOMPARE(credit, std::int64_t(100 + 5000 / 10)); // a tenth of 5000 s proven
        registry.sweep(kStart + 5101);                   // down
        QVERIFY(registry.sweep(kStart + 5101 + credit).removed.empty());
        QCOMPARE(registry.sweep(kStart + 5102 + credit).removed.size(), std::size_t(1));
    }

    void failedProbesTakeARelayDownAndAHeartbeatAndAnAnswerBringItBack() {
        RelayRegistry registry(policy());
        registry.admit(record("a"), 20, kStart);
        for (int i = 1; i <= 3; ++i) {
            registry.dueForProbe(kStart + i, 10);
            registry.probed("a", std::nullopt, kStart + i);
        }
        QCOMPARE(registry.find("a")->state, RelayRecord::State::Down);
        // An answer alone does not bring it back while its heartbeat is stale...
        registry.dueForProbe(kStart + 150, 10);
        registry.probed("a", 20, kStart + 150);
        QCOMPARE(registry.find("a")->state, RelayRecord::State::Down);
        // ...a heartbeat asks for a probe at once, and its answer does.
        registry.heartbeat("a", kStart + 151);
        QCOMPARE(registry.dueForProbe(kStart + 151, 10).size(), std::size_t(1));
        registry.probed("a", 20, kStart + 151);
        QCOMPARE(registry.find("a")->state, RelayRecord::State::Probation);
    }

    void oneAddressHoldsOnlyItsShare() {
        RelayRegistry registry(policy());
        QVERIFY(registry.hasRoomFor("a", "192.0.2.1/32", "192.0.2.0/24"));
        registry.admit(record("a"), 20, kStart);
        registry.admit(record("b"), 20, kStart);
        QVERIFY(!registry.hasRoomFor("c", "192.0.2.1/32", "192.0.2.0/24"));
        QVERIFY(registry.hasRoomFor("a", "192.0.2.1/32", "192.0.2.0/24")); // again: fine
        QVERIFY(registry.hasRoomFor("c", "192.0.2.2/32", "192.0.2.0/24"));
        registry.admit(record("c", "192.0.2.2/32"), 20, kStart);
        // The site (/24) holds three.
        QVERIFY(!registry.hasRoomFor("d", "192.0.2.3/32", "192.0.2.0/24"));
    }

    void listingsPreferBetterBandsRegionAndHonourExclusions() {
        RelayRegistry registry(policy());
        registry.admit(record("slow", "198.51.100.1/32"), 2000, kStart);
        registry.admit(record("fast1", "198.51.100.2/32", "eu"), 5, kStart);
        registry.admit(record("fast2", "198.51.100.3/32"), 5, kStart);
        registry.sweep(kStart);
        auto two = registry.query(2, {}, {});
        QCOMPARE(two.size(), std::size_t(2));
        for (const auto& relay : two)
            QVERIFY(relay.fingerprint != "slow");
        auto excluded = registry.query(3, {}, {"fast1"});
        QCOMPARE(excluded.size(), std::size_t(2));
        for (const auto& relay : excluded)
            QVERIFY(relay.fingerprint != "fast1");
        auto regional = registry.query(1, "eu", {});
        QCOMPARE(regional.at(0).fingerprint, std::string("fast1"));
        // A region with too few relays is filled up with others.
        QCOMPARE(registry.query(3, "eu", {}).size(), std::size_t(3));
    }

    void aBandIsShuffled() {
        RelayRegistry registry(policy());
        for (int i = 0; i < 8; ++i)
            registry.admit(record("r" + std::to_string(i), "203.0.113." + std::to_string(i)), 20,
                           kStart);
        std::set<std::string> firsts;
        for (int i = 0; i < 50; ++i)
            firsts.insert(registry.query(1, {}, {}).at(0).fingerprint);
        QVERIFY(firsts.size() > 1);
    }
};

QTEST_APPLESS_MAIN(TestDirectoryRegistry)
#include "test_directory_registry.moc"
