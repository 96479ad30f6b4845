// ferry-directory in this process against real relays on loopback: who gets listed, who is
// refused and why, what happens to a relay that dies, the limits an attacker meets, and a
// relay that keeps itself registered with RelayRegistrar.
#include "directory/directory_errc.h"
#include "directory/proof_of_work.h"
#include "directory/relay_registrar.h"
#include "directory_fixture.h"
#include "free_port.h"
#include "relay_fixture.h"
#include "util/base64.h"

#include <boost/asio/ip/tcp.hpp>
#include <future>
#include <thread>

using namespace ferry;
using namespace ferry::core::directory;
using ferry::core::Result;
using ferry::test::awaitResult;
using ferry::test::DirectoryFixture;
using ferry::test::RelayFixture;

namespace {

/// What a relay sends to register, built by hand so each test can spoil one part.
struct RegistrationParts {
    std::string address;
    const relay::RelayIdentity* signer = nullptr;
    const relay::RelayIdentity* chainOf = nullptr; ///< whose chain goes with it (signer's)
    std::function<void(SignedPayload&)> spoil = {};
    bool solve = true;
};

class Session {
public:
    explicit Session(const DirectoryAddress& address) : client(threads.io, address) {}

    Result<Challenge> challenge() {
        return awaitResult<Challenge>([&](auto done) { client.challenge(done); });
    }

    SignedPayload build(const RegistrationParts& parts, const Challenge& challenge) {
        Registration registration;
        registration.address = parts.address;
        registration.challenge = challenge.challenge;
        registration.signedAt = 1'800'000'000;
        const relay::RelayIdentity* chainOf = parts.chainOf ? parts.chainOf : parts.signer;
        auto signedPayload = signPayload(
            PayloadKind::Registration, encodeRegistration(registration),
            [&](core::ByteView m) { return parts.signer->onlineKey.sign(m); }, chainOf->chainDer());
        SignedPayload result = std::move(signedPayload).value();
        if (parts.solve)
            result.proof = *solveProof(challenge.challenge, result.payload, challenge.difficulty);
        if (parts.spoil)
            parts.spoil(result);
        return result;
    }

    Result<ListedRelay> submit(const SignedPayload& payload) {
        return awaitResult<ListedRelay>(
            [&](auto done) { client.submitRegistration(payload, done); });
    }

    Result<ListedRelay> registerRelay(const RegistrationParts& parts) {
        auto c = challenge();
        if (!c)
            return c.error();
        return submit(build(parts, *c));
    }

    Result<ListedRelay> heartbeat(const std::string& fingerprint,
                                  const relay::RelayIdentity& signer) {
        auto c = challenge();
        if (!c)
            return c.error();
        Heartbeat heartbeat{fingerprint, c->challenge, 1'800'000'000};
        auto signedPayload =
            signPayload(PayloadKind::Heartbeat, encodeHeartbeat(heartbeat),
                        [&](core::ByteView m) { return signer.onlineKey.sign(m); });
        return awaitResult<ListedRelay>(
            [&](auto done) { client.submitHeartbeat(fingerprint, *signedPayload, done); });
    }

    Result<std::vector<ListedRelay>> relays(RelayQuery query = {}) {
        return awaitResult<std::vector<ListedRelay>>(
            [&](auto done) { client.relays(query, done); });
    }

    Result<HttpAnswer> raw(bool post, std::string target, std::string body = {}) {
        return awaitResult<HttpAnswer>(
            [&](auto done) { client.request(post, target, body, done); });
    }

    test::IoThreads threads{1};
    DirectoryClient client;
};

std::string fingerprintOf(const relay::RelayIdentity& identity) {
    return core::base64UrlEncode(identity.fingerprint);
}

bool failsWith(const Result<ListedRelay>& r, DirectoryErrc code) {
    if (r.ok())
        qWarning("succeeded, expected %s", core::errorTag(make_error_code(code)).c_str());
    else if (r.error().code != code)
        qWarning("failed with %s (%s)", core::errorTag(r.error().code).c_str(),
                 r.error().message.c_str());
    return !r.ok() && r.error().code == code;
}

} // namespace

class TestDirectoryService : public QObject {
    Q_OBJECT

private slots:
    void aRelayThatAnswersIsListed() {
        DirectoryFixture directory;
        RelayFixture relay;
        Session session(directory.address());
        const auto& identity = relay.server().identity();
        auto listed = session.registerRelay({relay.server().address(), &identity});
        QVERIFY2(listed.ok(), listed.ok() ? "" : listed.error().message.c_str());
        QCOMPARE(listed->state, std::string("probation"));
        QCOMPARE(listed->fingerprint, fingerprintOf(identity));
        QVERIFY(listed->heartbeatSeconds.has_value());
        QVERIFY(listed->rttMs.has_value());

        auto relays = session.relays();
        QVERIFY(relays.ok());
        QCOMPARE(relays->size(), std::size_t(1));
        QCOMPARE(relays->at(0).address, relay.server().address());
        auto one = awaitResult<ListedRelay>(
            [&](auto done) { session.client.relay(fingerprintOf(identity), done); });
        QVERIFY(one.ok());
        QCOMPARE(one->address, relay.server().address());

        auto page = session.raw(false, "/");
        QCOMPARE(page->status, 200u);
        QVERIFY(page->contentType.starts_with("text/html"));
        QVERIFY(page->body.find(relay.server().address()) != std::string::npos);
        QVERIFY(page->body.find("<script") == std::string::npos);
        auto metrics = session.raw(false, "/metrics");
        QCOMPARE(metrics->status, 200u);
        QVERIFY(metrics->body.find("ferry_directory_relays_probation 1\n") != std::string::npos);
        QVERIFY(metrics->body.find("ferry_directory_registrations_accepted_total 1\n") !=
                std::string::npos);
    }

    void refusalsNameWhatWasWrong() {
        DirectoryFixture directory;
        RelayFixture relay;
        RelayFixture other;
        Session session(directory.address());
        const auto& identity = relay.server().identity();
        const std::string address = relay.server().address();

        // Changed after signing.
        QVERIFY(failsWith(session.registerRelay({address, &identity, nullptr,
                                                 [](SignedPayload& p) { p.signature[3] ^= 1; }}),
                          DirectoryErrc::BadSignature));
        // Signed by another relay with its own chain, for this relay's address.
        QVERIFY(failsWith(session.registerRelay({address, &other.server().identity()}),
                          DirectoryErrc::BadChain));
        // This relay's chain, another relay's signature.
        QVERIFY(failsWith(session.registerRelay({address, &other.server().identity(), &identity}),
                          DirectoryErrc::BadSignature));
        // No work done: find a nonce that does not meet the difficulty.
        {
            auto c = session.challenge();
            auto payload = session.build({address, &identity, nullptr, {}, false}, *c);
            while (proofMeets(c->challenge, payload.payload, payload.proof, c->difficulty))
                ++payload.proof;
            QVERIFY(failsWith(session.submit(payload), DirectoryErrc::WeakProof));
        }
        // A challenge this directory never issued.
        {
            Challenge forged{core::base64UrlEncode(core::Bytes(42, 1)), 8, 300};
            QVERIFY(failsWith(session.submit(session.build({address, &identity}, forged)),
                              DirectoryErrc::StaleChallenge));
        }
        // An expired one.
        {
            auto c = session.challenge();
            directory.clock.advance(301);
            QVERIFY(failsWith(session.submit(session.build({address, &identity}, *c)),
                              DirectoryErrc::StaleChallenge));
        }
        // One used already.
        {
            auto c = session.challenge();
            auto payload = session.build({address, &identity}, *c);
            QVERIFY(session.submit(payload).ok());
            QVERIFY(failsWith(session.submit(payload), DirectoryErrc::ReusedChallenge));
        }
        // Every refusal is a 4xx with a JSON body naming it.
        auto answer = session.raw(true, "/v1/relays", "{\"payload\": 1}");
        QCOMPARE(answer->status, 400u);
        QVERIFY(answer->body.find("\"error\":\"bad_request\"") != std::string::npos);
        QCOMPARE(directory.service().stats().registrationsRefused, std::uint64_t(8));
    }

    void aRelayNotListeningAtItsAddressIsNeverListed() {
        DirectoryFixture directory;
        QTemporaryDir dir;
        relay::RelayInitOptions init;
        init.dataDir = dir.path().toStdString();
        init.host = "127.0.0.1";
        init.port = test::freeLoopbackPort();
        auto created = relay::initRelayData(init);
        auto identity = std::move(relay::loadRelayIdentity(init.dataDir)).value();
        Session session(directory.address());
        auto refused = session.registerRelay({created->address, &identity});
        QVERIFY(failsWith(refused, DirectoryErrc::Unreachable));
        // Nothing in the answer about why (refused, timed out, not TLS...).
        QVERIFY(refused.error().message.find("refused") == std::string::npos);
        QVERIFY(session.relays()->empty());
    }

    void aStrangerCannotMakeTheDirectoryDialPrivateAddresses() {
        // The directory on the internet: no loopback allowed. A relay on loopback, with a
        // valid registration, must not even be connected to.
        DirectoryFixture directory([](auto& config) { config.dialAlsoAllowed.clear(); });
        RelayFixture relay;
        Session session(directory.address());
        QVERIFY(
            failsWith(session.registerRelay({relay.server().address(), &relay.server().identity()}),
                      DirectoryErrc::Unreachable));
        QCOMPARE(relay.server().stats().connectionsTotal, std::uint64_t(0));
        QVERIFY(session.relays()->empty());
    }

    void aRelayThatDiesGoesDownAndIsDelistedAfterItsCredit() {
        DirectoryFixture directory(
            [](auto& config) { config.relayTtl = std::chrono::seconds(100); });
        RelayFixture relay;
        Session session(directory.address());
        const auto fingerprint = fingerprintOf(relay.server().identity());
        QVERIFY(session.registerRelay({relay.server().address(), &relay.server().identity()}).ok());
        relay.stopServer();
        directory.clock.advance(101);
        directory.service().tick();
        QVERIFY(session.relays()->empty());
        auto down =
            awaitResult<ListedRelay>([&](auto done) { session.client.relay(fingerprint, done); });
        QCOMPARE(down->state, std::string("down"));
        // No proven uptime: one TTL of credit.
        directory.clock.advance(101);
        directory.service().tick();
        auto gone =
            awaitResult<ListedRelay>([&](auto done) { session.client.relay(fingerprint, done); });
        QVERIFY(failsWith(gone, DirectoryErrc::UnknownRelay));
        auto identity = relay::loadRelayIdentity(relay.config().dataDir); // server gone
        QVERIFY(failsWith(session.heartbeat(fingerprint, *identity), DirectoryErrc::UnknownRelay));
    }

    void heartbeatsMustComeFromTheRegisteredKey() {
        DirectoryFixture directory;
        RelayFixture relay;
        RelayFixture other;
        Session session(directory.address());
        const auto fingerprint = fingerprintOf(relay.server().identity());
        QVERIFY(session.registerRelay({relay.server().address(), &relay.server().identity()}).ok());
        QVERIFY(session.heartbeat(fingerprint, relay.server().identity()).ok());
        QVERIFY(failsWith(session.heartbeat(fingerprint, other.server().identity()),
                          DirectoryErrc::BadSignature));
        QVERIFY(failsWith(
            session.heartbeat(fingerprintOf(other.server().identity()), other.server().identity()),
            DirectoryErrc::UnknownRelay));
        QCOMPARE(directory.service().stats().heartbeats, std::uint64_t(1));
    }

    void floodsMeetTheLimits() {
        DirectoryFixture directory([](auto& config) {
            config.writesPerHour = 2;
            config.readsPerMinute = 5;
        });
        Session session(directory.address());
        // Writes: two, then 429 with Retry-After, whatever the body.
        for (int i = 0; i < 2; ++i)
            QCOMPARE(session.raw(true, "/v1/relays", "{}")->status, 400u);
        auto limited = session.raw(true, "/v1/relays", "{}");
        QCOMPARE(limited->status, 429u);
        QVERIFY(!limited->retryAfter.empty());
        QVERIFY(std::stoi(limited->retryAfter) > 0);
        // Reads have their own budget.
        for (int i = 0; i < 5; ++i)
            QCOMPARE(session.raw(false, "/v1/relays")->status, 200u);
        QCOMPARE(session.raw(false, "/v1/challenge")->status, 429u);
        QVERIFY(directory.service().stats().rateLimited >= 2);
        // The typed calls refuse with RateLimited and keep the delay asked for, which a
        // registrar waits before trying again.
        QVERIFY(!session.challenge());
        QVERIFY(session.client.retryAfter() > std::chrono::seconds(0));
        QVERIFY(session.client.retryAfter() <= std::chrono::seconds(86'400));
    }

    void oversizedAndOddRequestsAreRefusedCheaply() {
        DirectoryFixture directory;
        Session session(directory.address());
        auto big = session.raw(true, "/v1/relays", std::string(64 * 1024, 'x'));
        QVERIFY(!big.ok() || big->status == 413u);
        QCOMPARE(session.raw(false, "/v1/nothing")->status, 404u);
        QCOMPARE(session.raw(false, "/v1/relays?count=1000")->status, 400u);
        QCOMPARE(session.raw(false, "/v1/relays?sort=evil")->status, 400u);
        std::string many = "/v1/relays?exclude=";
        for (int i = 0; i < 100; ++i)
            many += "a,";
        QCOMPARE(session.raw(false, many)->status, 400u);
    }

    void aConfirmedRegistrationSurvivesARestart() {
        DirectoryFixture directory;
        RelayFixture relay;
        Session first(directory.address());
        QVERIFY(first.registerRelay({relay.server().address(), &relay.server().identity()}).ok());
        directory.restart();
        Session second(directory.address());
        auto relays = second.relays();
        QVERIFY(relays.ok());
        QCOMPARE(relays->size(), std::size_t(1));
        QCOMPARE(relays->at(0).address, relay.server().address());
    }

    void aPinnedDirectoryMustBeTheOneItSaysItIs() {
        DirectoryFixture directory;
        DirectoryAddress wrong = directory.address();
        wrong.fingerprint[0] ^= 1;
        Session session(wrong);
        auto challenge = session.challenge();
        QVERIFY(!challenge.ok());
        QVERIFY(challenge.error().code == DirectoryErrc::Identity);
    }

    void theRegistrarKeepsARelayListed() {
        DirectoryFixture directory([](auto& config) {
            config.relayTtl = std::chrono::seconds(2); // heartbeats every 1.6 s (80%)
        });
        RelayFixture relay;
        test::IoThreads threads(1);
        RegistrarSettings settings;
        settings.directories = {directory.address()};
        settings.relayAddress = relay.server().address();
        settings.chain = relay.server().identity().chainDer();
        const auto* identity = &relay.server().identity();
        settings.sign = [identity](core::ByteView m) { return identity->onlineKey.sign(m); };
        std::mutex mutex;
        std::vector<DirectoryStanding> seen;
        RelayRegistrar registrar(threads.io, settings, directory.clock,
                                 [&](const DirectoryStanding& s) {
                                     std::lock_guard lock(mutex);
                                     seen.push_back(s);
                                 });
        registrar.start();
        auto seenCount = [&] {
            std::lock_guard lock(mutex);
            return seen.size();
        };
        // The registration and two heartbeats, each answered.
        QTRY_VERIFY_WITH_TIMEOUT(seenCount() >= 3, 20000);
        QVERIFY(directory.service().stats().heartbeats >= 2);
        const auto standings = registrar.standings();
        QCOMPARE(standings.size(), std::size_t(1));
        QCOMPARE(standings[0].phase, DirectoryStanding::Phase::Registered);
        QCOMPARE(standings[0].state, std::string("probation"));
        registrar.stop();
    }

    void aDirectoryGoesWhileAnAnswerIsPending() {
        // A failed dial-back is answered only at its deadline; the directory is destroyed
        // (and its io threads stopped) before that. Nothing may outlive what it uses.
        auto directory = std::make_unique<DirectoryFixture>();
        QTemporaryDir dir;
        relay::RelayInitOptions init;
        init.dataDir = dir.path().toStdString();
        init.host = "127.0.0.1";
        init.port = test::freeLoopbackPort();
        auto created = relay::initRelayData(init);
        auto identity = std::move(relay::loadRelayIdentity(init.dataDir)).value();
        Session session(directory->address());
        auto challenge = session.challenge();
        QVERIFY(challenge.ok());
        session.client.submitRegistration(session.build({created->address, &identity}, *challenge),
                                          [](Result<ListedRelay>) {});
        QTest::qWait(500); // the dial-back has failed; its answer waits for the deadline
        directory.reset();
    }

    void dialBacksWaitTheirTurn() {
        // Many registrations at once: the directory dials no more than probe_concurrency of
        // them at a time, the next probe_queue wait for a slot, and the rest are told to come
        // back later. A "relay" that accepts TCP and never answers holds the only slot.
        DirectoryFixture directory([](auto& config) {
            config.probeConcurrency = 1;
            config.probeQueue = 1;
            config.readsPerMinute = 10'000; // the test polls /metrics from 127.0.0.1
        });
        namespace ip = boost::asio::ip;
        boost::asio::io_context tarpitIo;
        ip::tcp::acceptor tarpit(tarpitIo, {ip::make_address("127.0.0.1"), 0});
        std::vector<std::shared_ptr<ip::tcp::socket>> held;
        std::atomic<int> accepted{0};
        std::function<void()> acceptNext = [&] {
            auto socket = std::make_shared<ip::tcp::socket>(tarpitIo);
            tarpit.async_accept(*socket, [&, socket](const boost::system::error_code& ec) {
                if (ec)
                    return;
                held.push_back(socket);
                ++accepted;
                acceptNext();
            });
        };
        acceptNext();
        std::thread tarpitThread([&] { tarpitIo.run(); });
        auto stopTarpit = qScopeGuard([&] {
            tarpitIo.stop();
            tarpitThread.join();
        });
        QTemporaryDir dir;
        relay::RelayInitOptions init;
        init.dataDir = dir.path().toStdString();
        init.host = "127.0.0.1";
        init.port = tarpit.local_endpoint().port();
        auto created = relay::initRelayData(init);
        auto tarpitIdentity = std::move(relay::loadRelayIdentity(init.dataDir)).value();

        auto submitAsync = [](Session& session, const RegistrationParts& parts,
                              std::promise<Result<ListedRelay>>& answer) {
            auto challenge = session.challenge();
            QVERIFY(challenge.ok());
            session.client.submitRegistration(
                session.build(parts, *challenge),
                [&answer](Result<ListedRelay> r) { answer.set_value(std::move(r)); });
        };
        Session first(directory.address());
        std::promise<Result<ListedRelay>> firstAnswer;
        submitAsync(first, {created->address, &tarpitIdentity}, firstAnswer);
        QVERIFY(test::waitUntil([&] { return accepted == 1; }));

        RelayFixture waiting;
        Session second(directory.address());
        std::promise<Result<ListedRelay>> secondAnswer;
        submitAsync(second, {waiting.server().address(), &waiting.server().identity()},
                    secondAnswer);
        Session observer(directory.address());
        QVERIFY(test::waitUntil([&] {
            auto metrics = observer.raw(false, "/metrics");
            return metrics && metrics->body.find("ferry_directory_dial_backs_waiting 1\n") !=
                                  std::string::npos;
        }));

        RelayFixture turnedAway;
        Session third(directory.address());
        auto refused =
            third.registerRelay({turnedAway.server().address(), &turnedAway.server().identity()});
        QVERIFY(failsWith(refused, DirectoryErrc::RateLimited));
        QVERIFY(third.client.retryAfter() > std::chrono::seconds(0));
        // Neither the waiting relay nor the one turned away has been dialled yet.
        QCOMPARE(waiting.server().stats().connectionsTotal, std::uint64_t(0));
        QCOMPARE(turnedAway.server().stats().connectionsTotal, std::uint64_t(0));

        // The tarpit's dial-back times out; then the waiting relay is dialled and listed.
        auto firstResult = firstAnswer.get_future();
        QVERIFY(firstResult.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
        QVERIFY(failsWith(firstResult.get(), DirectoryErrc::Unreachable));
        auto secondResult = secondAnswer.get_future();
        QVERIFY(secondResult.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
        auto listed = secondResult.get();
        QVERIFY2(listed.ok(), listed.ok() ? "" : listed.error().message.c_str());
        QCOMPARE(listed->address, waiting.server().address());
        QCOMPARE(turnedAway.server().stats().connectionsTotal, std::uint64_t(0));
        QCOMPARE(accepted.load(), 1);
    }

    void aMovedRelayRegistersItsNewAddress() {
        DirectoryFixture directory;
        RelayFixture relay;
        test::IoThreads threads(1);
        auto registrar = test::keepRegistered(threads.io, directory, relay.server().address(),
                                              relay.server().identity());
        Session session(directory.address());
        QVERIFY(test::waitUntil([&] {
            auto relays = session.relays();
            return relays && relays->size() == 1;
        }));
        // The same relay under another name (as a port mapping or a tunnel publishes it).
        std::string moved = relay.server().address();
        moved.replace(moved.find("127.0.0.1"), 9, "localhost");
        registrar->setRelayAddress(moved);
        QVERIFY(test::waitUntil([&] {
            auto relays = session.relays();
            return relays && relays->size() == 1 && relays->at(0).address == moved;
        }));
        QCOMPARE(directory.service().stats().registrationsAccepted, std::uint64_t(2));
        registrar->stop();
    }
};

QTEST_GUILESS_MAIN(TestDirectoryService)
#include "test_directory_service.moc"
