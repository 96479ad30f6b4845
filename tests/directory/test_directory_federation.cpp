// Federation between directories: each pulls the other's signed registrations, verifies them
// and probes every relay itself before listing it; a relay a peer lists but that does not
// answer here is not listed; a peer gets only its share.
#include "directory_fixture.h"
#include "relay_fixture.h"

using namespace ferry;
using namespace ferry::test;

namespace {

std::size_t listedBy(DirectoryFixture& directory) {
    IoThreads io(1);
    core::directory::DirectoryClient client(io.io, directory.address());
    auto relays = awaitResult<std::vector<core::directory::ListedRelay>>(
        [&](auto done) { client.relays({}, done); });
    return relays ? relays->size() : 0;
}

std::string addressOf(DirectoryFixture& directory) {
    return core::directory::formatDirectoryAddress(directory.address());
}

} // namespace

class TestDirectoryFederation : public QObject {
    Q_OBJECT

private slots:
    void twoDirectoriesConvergeAndEachProbesForItself() {
        DirectoryFixture a;
        DirectoryFixture b([&](auto& config) { config.peers = {addressOf(a)}; });
        a.configure([&](auto& config) { config.peers = {addressOf(b)}; });
        a.restart();
        RelayFixture r;
        RelayFixture s;
        IoThreads io(1);
        auto atA = keepRegistered(io.io, a, r.server().address(), r.server().identity());
        auto atB = keepRegistered(io.io, b, s.server().address(), s.server().identity());
        QVERIFY(waitUntil([&] {
            return a.service().stats().registrationsAccepted == 1 &&
                   b.service().stats().registrationsAccepted == 1;
        }));
        const auto rConnections = r.server().stats().connectionsTotal;
        const auto sConnections = s.server().stats().connectionsTotal;

        a.service().federateNow();
        b.service().federateNow();
        QVERIFY(waitUntil([&] { return listedBy(a) == 2 && listedBy(b) == 2; }));
        QCOMPARE(a.service().stats().federatedAdmitted, std::uint64_t(1));
        QCOMPARE(b.service().stats().federatedAdmitted, std::uint64_t(1));
        // Each relay was probed by the directory that learnt it from its peer.
        QVERIFY(r.server().stats().connectionsTotal > rConnections);
        QVERIFY(s.server().stats().connectionsTotal > sConnections);

        // Pulling again changes nothing: nothing is admitted twice, nothing bounces back.
        a.service().federateNow();
        b.service().federateNow();
        QTest::qWait(500);
        QCOMPARE(a.service().stats().federatedAdmitted, std::uint64_t(1));
        QCOMPARE(listedBy(a), std::size_t(2));
        atA->stop();
        atB->stop();
    }

    void aPeersRelayThatDoesNotAnswerHereIsNotListed() {
        DirectoryFixture a;
        RelayFixture r;
        IoThreads io(1);
        auto atA = keepRegistered(io.io, a, r.server().address(), r.server().identity());
        QVERIFY(waitUntil([&] { return a.service().stats().registrationsAccepted == 1; }));
        atA->stop();
        r.stopServer(); // a still lists it: its TTL has not run out
        DirectoryFixture b([&](auto& config) { config.peers = {addressOf(a)}; });
        b.service().federateNow();
        QVERIFY(waitUntil([&] { return b.service().stats().federatedRefused == 1; }));
        QCOMPARE(listedBy(b), std::size_t(0));
        QCOMPARE(b.service().stats().federatedAdmitted, std::uint64_t(0));
    }

    void aPeerGetsOnlyItsShare() {
        DirectoryFixture a;
        RelayFixture r;
        RelayFixture s;
        IoThreads io(1);
        auto first = keepRegistered(io.io, a, r.server().address(), r.server().identity());
        auto second = keepRegistered(io.io, a, s.server().address(), s.server().identity());
        QVERIFY(waitUntil([&] { return a.service().stats().registrationsAccepted == 2; }));
        DirectoryFixture b([&](auto& config) {
            config.peers = {addressOf(a)};
            config.relaysPerPeer = 1;
        });
        b.service().federateNow();
        QVERIFY(waitUntil([&] { return b.service().stats().federatedAdmitted == 1; }));
        b.service().federateNow();
        QTest::qWait(500);
        QCOMPARE(listedBy(b), std::size_t(1));
        first->stop();
        second->stop();
    }
};

QTEST_GUILESS_MAIN(TestDirectoryFederation)
#include "test_directory_federation.moc"
