// Clients that find relays through a directory: a fresh profile with only a directory
// configured invites and chats, its queues land on directory-chosen relays of different
// operators (and its private routing goes through a listed relay); without an answering
// directory, or when the user keeps to their own relays, new queues go on the user's own.
#include "agent_fixture.h"
#include "directory/relay_choice.h"
#include "directory/relay_registrar.h"
#include "directory_fixture.h"
#include "relay_fixture.h"
#include "smp/server_address.h"
#include "util/base64.h"

#include <set>

using namespace ferry;
using namespace ferry::test;
using core::agent::DirectorySettings;

namespace {

std::uint64_t queuesOn(RelayFixture& relay) {
    return relay.server().stats().queuesCreated;
}

std::function<void(relay::RelayConfig&)> onHost(std::string host) {
    return [host](relay::RelayConfig& config) {
        config.host = host;
        config.listenAddress = host;
    };
}

/// A directory with three relays registered through RelayRegistrar, as ferry-relay does.
struct ListedNetwork {
    DirectoryFixture directory;
    // Three operators: a host each (the whole of 127/8 is loopback), since two relays on one
    // host count as one operator.
    RelayFixture relays[3]{RelayFixture(onHost("127.0.0.2")), RelayFixture(onHost("127.0.0.3")),
                           RelayFixture(onHost("127.0.0.4"))};
    IoThreads io{1};
    std::vector<std::unique_ptr<core::directory::RelayRegistrar>> registrars;

    ListedNetwork() {
        for (auto& relay : relays)
            registrars.push_back(keepRegistered(io.io, directory, relay.server().address(),
                                                relay.server().identity()));
        if (!waitUntil([&] { return directory.service().stats().registrationsAccepted >= 3; }))
            qFatal("the relays did not register");
    }
    ~ListedNetwork() {
        for (auto& registrar : registrars)
            registrar->stop();
    }

    DirectorySettings settings() const {
        return {{core::directory::formatDirectoryAddress(directory.address())}, false};
    }
    std::uint64_t proxiedForwards() {
        std::uint64_t total = 0;
        for (auto& relay : relays)
            total += relay.server().stats().proxiedForwards;
        return total;
    }
    std::vector<std::uint64_t> queueCounts() {
        return {queuesOn(relays[0]), queuesOn(relays[1]), queuesOn(relays[2])};
    }
};

} // namespace

class TestDirectoryClients : public QObject {
    Q_OBJECT

private slots:
    void settingsAreKeptAndChecked() {
        RelayFixture relay;
        ClientFixture alice("Alice", relay.server().address());
        QCOMPARE(*alice->directories(), DirectorySettings{});
        QVERIFY(!alice->setDirectories({{"https://nonsense"}, false}).ok());
        DirectorySettings wanted{
            {"https://" + core::base64UrlEncode(core::Bytes(32, 1)) + "@dir.example:8443"}, true};
        QVERIFY(alice->setDirectories(wanted).ok());
        alice.restart();
        QCOMPARE(*alice->directories(), wanted);
    }

    void aFreshClientWithOnlyADirectoryInvitesAndChats() {
        ListedNetwork network;
        ClientFixture alice("Alice", "");
        ClientFixture bob("Bob", "");
        QVERIFY(alice->setDirectories(network.settings()).ok());
        QVERIFY(bob->setDirectories(network.settings()).ok());
        const auto before = network.queueCounts();
        auto [bobAtAlice, aliceAtBob] = connectPair(alice, bob);

        // Two receive queues each, all on listed relays, each side's two on two operators.
        auto created = [&] {
            const auto after = network.queueCounts();
            std::uint64_t total = 0;
            for (int i = 0; i < 3; ++i)
                total += after[i] - before[i];
            return total;
        };
        QTRY_COMPARE_WITH_TIMEOUT(created(), std::uint64_t(4), 20000);
        for (const auto& side : {std::pair{&alice, bobAtAlice}, std::pair{&bob, aliceAtBob}}) {
            ClientFixture* client = side.first; // named: the lambda below captures them
            const std::int64_t contact = side.second;
            std::vector<std::string> receiving;
            QTRY_VERIFY_WITH_TIMEOUT(
                [&] {
                    receiving.clear();
                    const auto queues = (*client)->contactQueues(contact);
                    for (const auto& q : *queues)
                        if (q.direction == core::store::QueueDirection::Receive)
                            receiving.push_back(q.relay);
                    return receiving.size() == 2;
                }(),
                20000);
            QVERIFY(!core::directory::sameOperator(receiving[0], receiving[1]));
        }

        QVERIFY(alice->sendMessage(bobAtAlice, "hello Bob").ok());
        QVERIFY(received(bob, "hello Bob"));
        QVERIFY(bob->sendMessage(aliceAtBob, "hello Alice").ok());
        QVERIFY(received(alice, "hello Alice"));
        // Neither has a relay of their own: their sends went through listed relays.
        QTRY_VERIFY_WITH_TIMEOUT(network.proxiedForwards() > 0, 10000);
    }

    // Queues on a relay the directory does not have registered (it left, or was never listed)
    // move to listed relays once the user takes relays from the directory.
    void queuesOnARelayTheDirectoryDoesNotHaveMove() {
        ListedNetwork network;
        RelayFixture own(onHost("127.0.0.5"));
        const auto rotateAfter = std::chrono::seconds(2);
        ClientFixture alice("Alice", own.server().address(), rotateAfter);
        ClientFixture bob("Bob", "", rotateAfter);
        DirectorySettings settings = network.settings();
        QVERIFY(bob->setDirectories(settings).ok());
        settings.onlyMyRelays = true; // Alice keeps to her own relay at first
        QVERIFY(alice->setDirectories(settings).ok());
        const auto pair = connectPair(alice, bob);
        const std::int64_t bobAtAlice = pair.first;
        const std::int64_t aliceAtBob = pair.second;
        auto receivingHosts = [&] {
            std::set<std::string> hosts;
            const auto queues = alice->contactQueues(bobAtAlice);
            if (queues)
                for (const auto& q : *queues)
                    if (q.direction == core::store::QueueDirection::Receive &&
                        q.status == core::store::QueueStatus::Active)
                        hosts.insert(core::smp::parseServerAddress(q.relay)->hosts.front().name);
            return hosts;
        };
        QTRY_COMPARE_WITH_TIMEOUT(receivingHosts(), std::set<std::string>{"127.0.0.5"}, 20000);

        QVERIFY(alice->removeRelay(own.server().address()).ok());
        settings.onlyMyRelays = false;
        QVERIFY(alice->setDirectories(settings).ok());
        QTRY_VERIFY_WITH_TIMEOUT(
            receivingHosts().size() == 2 && !receivingHosts().count("127.0.0.5"), 60000);
        // The old queue is deleted on its relay (it still answers).
        QTRY_COMPARE_WITH_TIMEOUT(own.server().stats().queuesActive, std::uint64_t{0}, 30000);
        QVERIFY(alice->sendMessage(bobAtAlice, "after the move").ok());
        QVERIFY(received(bob, "after the move"));
        QVERIFY(bob->sendMessage(aliceAtBob, "to the new queues").ok());
        QVERIFY(received(alice, "to the new queues"));
    }

    // A relay counts as gone only when every directory says it does not know it: one that
    // another directory still lists keeps its queues.
    void aRelayAnotherDirectoryListsKeepsItsQueues() {
        ListedNetwork network;
        DirectoryFixture second;
        RelayFixture own(onHost("127.0.0.5"));
        auto registrar =
            keepRegistered(network.io.io, second, own.server().address(), own.server().identity());
        QVERIFY(waitUntil([&] { return second.service().stats().registrationsAccepted >= 1; }));
        const auto rotateAfter = std::chrono::seconds(2);
        ClientFixture alice("Alice", own.server().address(), rotateAfter);
        ClientFixture bob("Bob", "", rotateAfter);
        DirectorySettings settings = network.settings();
        QVERIFY(bob->setDirectories(settings).ok());
        settings.directories.push_back(core::directory::formatDirectoryAddress(second.address()));
        settings.onlyMyRelays = true;
        QVERIFY(alice->setDirectories(settings).ok());
        const auto pair = connectPair(alice, bob);
        const std::int64_t bobAtAlice = pair.first;
        auto receivesOnOwn = [&] {
            const auto queues = alice->contactQueues(bobAtAlice);
            return queues && std::any_of(queues->begin(), queues->end(), [&](const auto& q) {
                       return q.direction == core::store::QueueDirection::Receive &&
                              q.status == core::store::QueueStatus::Active &&
                              q.relay == own.server().address();
                   });
        };
        QTRY_VERIFY_WITH_TIMEOUT(receivesOnOwn(), 20000);
        // As in the test above, but the second directory lists the relay: several checks
        // (every two seconds here) leave the queue where it is.
        QVERIFY(alice->removeRelay(own.server().address()).ok());
        settings.onlyMyRelays = false;
        QVERIFY(alice->setDirectories(settings).ok());
        QTest::qWait(8000);
        QVERIFY(receivesOnOwn());
        QVERIFY(alice->sendMessage(bobAtAlice, "still here").ok());
        QVERIFY(received(bob, "still here"));
        registrar->stop();
    }

    void withoutAnAnsweringDirectoryNewQueuesGoOnOwnRelays() {
        RelayFixture own;
        ClientFixture carol("Carol", own.server().address());
        {
            DirectoryFixture gone;
            QVERIFY(carol
                        ->setDirectories(
                            {{core::directory::formatDirectoryAddress(gone.address())}, false})
                        .ok());
        } // the directory is gone before Carol asks it
        QVERIFY(carol->createInvitation().ok());
        QCOMPARE(queuesOn(own), std::uint64_t(1));
    }

    void onlyMyRelaysKeepsNewQueuesOnOwnRelays() {
        ListedNetwork network;
        RelayFixture own;
        ClientFixture dave("Dave", own.server().address());
        auto settings = network.settings();
        settings.onlyMyRelays = true;
        QVERIFY(dave->setDirectories(settings).ok());
        const auto before = network.queueCounts();
        QVERIFY(dave->createInvitation().ok());
        QCOMPARE(queuesOn(own), std::uint64_t(1));
        QVERIFY(network.queueCounts() == before);
        // And with the directories in use, the queue goes on a listed relay instead.
        settings.onlyMyRelays = false;
        QVERIFY(dave->setDirectories(settings).ok());
        QVERIFY(dave->createInvitation().ok());
        QCOMPARE(queuesOn(own), std::uint64_t(1));
        QVERIFY(network.queueCounts() != before);
    }
};

QTEST_GUILESS_MAIN(TestDirectoryClients)
#include "test_directory_clients.moc"
