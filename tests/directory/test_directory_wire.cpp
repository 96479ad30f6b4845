// The directory's wire forms: addresses, signed registrations and heartbeats, proofs of
// work, listings and error bodies; hostile JSON is refused with the field named.
#include "crypto/signing_key.h"
#include "directory/directory_address.h"
#include "directory/directory_errc.h"
#include "directory/directory_wire.h"
#include "directory/proof_of_work.h"
#include "directory/relay_choice.h"
#include "directory/relay_query.h"
#include "promtool.h"
#include "relay/directory/directory_config.h"
#include "relay/directory/directory_page.h"
#include "relay/relay_data.h"
#include "util/base64.h"

#include <QTemporaryDir>
#include <QtTest>
#include <map>
#include <set>
#include <sstream>

using namespace ferry;
using namespace ferry::core::directory;

namespace {

struct Identity {
    QTemporaryDir dir;
    std::optional<relay::RelayIdentity> identity;
    std::string address;
};

std::unique_ptr<Identity> makeIdentity() {
    auto made = std::make_unique<Identity>();
    relay::RelayInitOptions init;
    init.dataDir = made->dir.path().toStdString();
    init.host = "relay.example";
    auto created = relay::initRelayData(init);
    if (!created)
        qFatal("%s", created.error().message.c_str());
    made->address = created->address;
    made->identity.emplace(std::move(relay::loadRelayIdentity(init.dataDir)).value());
    return made;
}

SignedPayload signedRegistration(const Identity& id, const std::string& address) {
    Registration r;
    r.address = address;
    r.challenge = "challenge";
    r.signedAt = 1'800'000'000;
    auto signedPayload = signPayload(
        PayloadKind::Registration, encodeRegistration(r),
        [&](core::ByteView m) { return id.identity->onlineKey.sign(m); }, id.identity->chainDer());
    return std::move(signedPayload).value();
}

} // namespace

class TestDirectoryWire : public QObject {
    Q_OBJECT

private slots:
    void addressRoundTrips() {
        const std::string fp = core::base64UrlEncode(core::Bytes(32, 7));
        auto a = parseDirectoryAddress("https://" + fp + "@dir.example:8443");
        QVERIFY(a.ok());
        QCOMPARE(a->host, std::string("dir.example"));
        QCOMPARE(a->port, std::uint16_t(8443));
        QCOMPARE(formatDirectoryAddress(*a), "https://" + fp + "@dir.example:8443");
        auto v6 = parseDirectoryAddress("https://" + fp + "@[2001:db8::1]");
        QVERIFY(v6.ok());
        QCOMPARE(v6->port, kDefaultDirectoryPort);
        QCOMPARE(formatDirectoryAddress(*v6), "https://" + fp + "@[2001:db8::1]");
    }

    void badAddressesAreRefused_data() {
        QTest::addColumn<QString>("text");
        const QString fp = QString::fromStdString(core::base64UrlEncode(core::Bytes(32, 7)));
        QTest::newRow("http") << "http://" + fp + "@dir.example";
        QTest::newRow("no fingerprint") << "https://dir.example";
        QTest::newRow("short fingerprint") << "https://AAAA@dir.example";
        QTest::newRow("port 0") << "https://" + fp + "@dir.example:0";
        QTest::newRow("port text") << "https://" + fp + "@dir.example:http";
        QTest::newRow("empty port") << "https://" + fp + "@dir.example:";
        QTest::newRow("path") << "https://" + fp + "@dir.example/x";
        QTest::newRow("bad v6") << "https://" + fp + "@[nonsense]:1";
    }
    void badAddressesAreRefused() {
        QFETCH(QString, text);
        auto a = parseDirectoryAddress(text.toStdString());
        QVERIFY(!a.ok());
        QVERIFY(a.error().code == DirectoryErrc::Address);
    }

    void registrationVerifies() {
        auto id = makeIdentity();
        auto signedPayload = signedRegistration(*id, id->address);
        auto decoded = decodeSignedPayload(encodeSignedPayload(signedPayload));
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->payload, signedPayload.payload);
        auto verified = verifyRegistration(*decoded);
        QVERIFY2(verified.ok(), verified.ok() ? "" : verified.error().message.c_str());
        QCOMPARE(verified->fingerprint, id->identity->fingerprint);
        QCOMPARE(verified->registration.address, id->address);
    }

    void alteredPayloadFailsItsSignature() {
        auto id = makeIdentity();
        auto signedPayload = signedRegistration(*id, id->address);
        const auto at = signedPayload.payload.find("relay.example");
        signedPayload.payload.replace(at, 5, "evil.");
        auto verified = verifyRegistration(signedPayload);
        QVERIFY(!verified.ok());
        QVERIFY(verified.error().code == DirectoryErrc::BadSignature);
    }

    void anotherRelaysChainIsRefused() {
        auto id = makeIdentity();
        auto other = makeIdentity();
        // Signed by `other`, with its chain, but claiming `id`'s address: the chain does not
        // lead to the fingerprint in the address.
        auto signedPayload = signedRegistration(*other, id->address);
        auto verified = verifyRegistration(signedPayload);
        QVERIFY(!verified.ok());
        QVERIFY(verified.error().code == DirectoryErrc::BadChain);
    }

    void aRegistrationSignatureIsNoHeartbeat() {
        auto id = makeIdentity();
        auto signedPayload = signedRegistration(*id, id->address);
        QVERIFY(!verifyHeartbeat(signedPayload, id->identity->onlineKey.publicKey()));
        auto heartbeat =
            signPayload(PayloadKind::Heartbeat, signedPayload.payload,
                        [&](core::ByteView m) { return id->identity->onlineKey.sign(m); });
        QVERIFY(verifyHeartbeat(*heartbeat, id->identity->onlineKey.publicKey()));
    }

    void proofOfWork() {
        auto nonce = solveProof("challenge", "payload", 12);
        QVERIFY(nonce.has_value());
        QVERIFY(proofMeets("challenge", "payload", *nonce, 12));
        // Bound to the challenge and the payload.
        int stillMeets = 0;
        stillMeets += proofMeets("challengf", "payload", *nonce, 12);
        stillMeets += proofMeets("challenge", "payloae", *nonce, 12);
        QVERIFY(stillMeets < 2); // each has a 1 in 4096 chance of meeting by luck
        QVERIFY(proofMeets("challenge", "payload", *nonce, 0));
        QVERIFY(!solveProof("c", "p", kMaxProofDifficulty + 1).has_value());
        QVERIFY(!proofMeets("c", "p", 0, kMaxProofDifficulty + 1));
    }

    void hostileBodiesNameTheField_data() {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not json") << "{\"payload\":"
                                  << "not JSON";
        QTest::newRow("array") << "[1,2]"
                               << "object";
        QTest::newRow("no payload") << "{\"signature\":\"AA\"}"
                                    << "payload";
        QTest::newRow("signature type") << "{\"payload\":\"x\",\"signature\":5}"
                                        << "signature";
        QTest::newRow("bad base64") << "{\"payload\":\"x\",\"signature\":\"!!\"}"
                                    << "signature";
        QTest::newRow("chain too long")
            << "{\"payload\":\"x\",\"signature\":\"AA\",\"chain\":[\"AA\",\"AA\",\"AA\",\"AA\","
               "\"AA\"]}"
            << "chain";
        QTest::newRow("negative proof") << "{\"payload\":\"x\",\"signature\":\"AA\",\"proof\":-1}"
                                        << "proof";
        QTest::newRow("deep") << QString("{\"payload\":") + QString(40, '[') << "JSON";
    }
    void hostileBodiesNameTheField() {
        QFETCH(QString, body);
        QFETCH(QString, mentions);
        auto decoded = decodeSignedPayload(body.toStdString());
        QVERIFY(!decoded.ok());
        QVERIFY(decoded.error().code == DirectoryErrc::BadRequest);
        QVERIFY2(QString::fromStdString(decoded.error().message).contains(mentions),
                 decoded.error().message.c_str());
    }

    void hostileRegistrations_data() {
        QTest::addColumn<QString>("payload");
        QTest::addColumn<QString>("mentions");
        const QString fp = QString::fromStdString(core::base64UrlEncode(core::Bytes(32, 1)));
        const QString good = "smp://" + fp + "@relay.example";
        auto with = [&](const QString& address, const QString& rest) {
            return "{\"address\":\"" + address + "\"," + rest + "\"challenge\":\"c\"," +
                   "\"signed_at\":1}";
        };
        const QString versions = "\"versions\":{\"min\":6,\"max\":18},";
        const QString policy =
            "\"policy\":{\"storage_cap_bytes\":0,\"new_queues\":true,\"proxy\":true,"
            "\"tunnel\":false},";
        QTest::newRow("not smp") << with("https://x", versions + policy) << "address";
        QTest::newRow("password") << with("smp://" + fp + ":pw@relay.example", versions + policy)
                                  << "address";
        QTest::newRow("versions reversed")
            << with(good, "\"versions\":{\"min\":9,\"max\":6}," + policy) << "versions";
        QTest::newRow("policy flag type")
            << with(good, versions + "\"policy\":{\"storage_cap_bytes\":0,\"new_queues\":1,"
                                     "\"proxy\":true,\"tunnel\":false},")
            << "policy";
        QTest::newRow("region") << with(good, versions + policy + "\"region\":\"EU West\",")
                                << "region";
    }
    void hostileRegistrations() {
        QFETCH(QString, payload);
        QFETCH(QString, mentions);
        auto decoded = decodeRegistration(payload.toStdString());
        QVERIFY(!decoded.ok());
        QVERIFY2(QString::fromStdString(decoded.error().message).contains(mentions),
                 decoded.error().message.c_str());
    }

    void listingRoundTrips() {
        ListedRelay relay;
        relay.address = "smp://" + core::base64UrlEncode(core::Bytes(32, 1)) + "@relay.example";
        relay.fingerprint = core::base64UrlEncode(core::Bytes(32, 1));
        relay.state = "listed";
        relay.score = 0.75;
        relay.uptime = 0.5;
        relay.rttMs = 42;
        relay.lastProbe = 1'800'000'000;
        relay.region = "eu-west";
        auto list = decodeRelayList(encodeRelayList({relay, relay}));
        QVERIFY(list.ok());
        QCOMPARE(list->size(), std::size_t(2));
        QCOMPARE((*list)[0].address, relay.address);
        QCOMPARE((*list)[0].rttMs, relay.rttMs);
        QCOMPARE((*list)[0].region, relay.region);
        QCOMPARE((*list)[0].score, 0.75);
    }

    void relayQueriesRoundTrip() {
        RelayQuery query{7, "eu-west", {core::base64UrlEncode(core::Bytes(32, 1)), "a=b"}};
        const std::string target = formatRelayQueryTarget(query);
        QVERIFY(target.starts_with("/v1/relays?"));
        auto parsed = parseRelayQuery(target.substr(target.find('?') + 1));
        QVERIFY(parsed.ok());
        QVERIFY(*parsed == query);
        QVERIFY(parseRelayQuery("").ok());
        QCOMPARE(parseRelayQuery("")->count, kDefaultRelayCount);
    }

    void hostileQueriesAreRefused_data() {
        QTest::addColumn<QString>("query");
        QTest::newRow("count 0") << "count=0";
        QTest::newRow("count large") << "count=101";
        QTest::newRow("count text") << "count=ten";
        QTest::newRow("count overflow") << "count=99999999999999999999";
        QTest::newRow("no value") << "count";
        QTest::newRow("region case") << "region=EU";
        QTest::newRow("region encoded space") << "region=eu%20west";
        QTest::newRow("unknown") << "sort=score";
        QString many = "exclude=";
        for (int i = 0; i < 65; ++i)
            many += "f" + QString::number(i) + ",";
        QTest::newRow("too many excluded") << many;
        QTest::newRow("bad escape") << "region=%zz";
    }
    void hostileQueriesAreRefused() {
        QFETCH(QString, query);
        auto parsed = parseRelayQuery(query.toStdString());
        QVERIFY(!parsed.ok());
        QVERIFY(parsed.error().code == DirectoryErrc::BadRequest);
    }

    void registrationPagesRoundTrip() {
        auto id = makeIdentity();
        RegistrationPage page{{signedRegistration(*id, id->address)}, "next-fingerprint"};
        auto back = decodeRegistrationPage(encodeRegistrationPage(page));
        QVERIFY(back.ok());
        QCOMPARE(back->next, page.next);
        QCOMPARE(back->registrations.size(), std::size_t(1));
        QVERIFY(verifyRegistration(back->registrations[0]).ok());
    }

    void directoryConfigReadsBackAndNamesBadLines() {
        relay::directory::DirectoryConfig config;
        config.host = "dir.example";
        config.port = 443;
        config.relayTtl = std::chrono::seconds(120);
        config.difficulty = 18;
        config.peers = {"https://" + std::string(43, 'A') + "=@peer.example:8443"};
        config.federationInterval = std::chrono::seconds(60);
        config.dialAlsoAllowed = std::move(core::net::parseIpNetworks("10.0.0.0/8")).value();
        auto back =
            relay::directory::parseDirectoryConfig(relay::directory::formatDirectoryConfig(config));
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
        QCOMPARE(back->host, config.host);
        QCOMPARE(back->relayTtl, config.relayTtl);
        QCOMPARE(back->difficulty, 18u);
        QCOMPARE(back->peers, config.peers);
        QCOMPARE(back->federationInterval, config.federationInterval);
        QCOMPARE(back->dialAlsoAllowed.size(), std::size_t(1));
        for (const char* bad : {"prot = 1", "port = 70000", "difficulty = 40",
                                "peers = https://nowhere", "relay_ttl_seconds = 0",
                                "difficulty = 20\nmax_difficulty = 10", "listen = somewhere"}) {
            auto parsed = relay::directory::parseDirectoryConfig(bad);
            QVERIFY2(!parsed.ok(), bad);
            QVERIFY2(QString::fromStdString(parsed.error().message).contains("directory.ini"),
                     parsed.error().message.c_str());
        }
    }

    void queueRelaysComeFromTheFastestBandAndAvoidTheOtherSide() {
        auto listed = [](const std::string& host, double score, bool newQueues = true) {
            ListedRelay relay;
            relay.address = "smp://" + core::base64UrlEncode(core::Bytes(32, host.front())) + "@" +
                            host + ":5223";
            relay.score = score;
            relay.policy.acceptsNewQueues = newQueues;
            return relay;
        };
        std::vector<RelayCandidate> candidates{
            {listed("a.example", 0.9), 20},            // fast
            {listed("b.example", 0.1), 25},            // fast too (within 1.5x + 20 ms)
            {listed("c.example", 0.99), 400},          // slow
            {listed("d.example", 0.99), std::nullopt}, // did not answer
            {listed("e.example", 0.99, false), 5},     // takes no new queues
        };
        std::mt19937 random(7);
        std::map<std::string, int> chosen;
        for (int i = 0; i < 400; ++i)
            ++chosen[*chooseQueueRelay(candidates, {}, random)];
        QCOMPARE(chosen.size(), std::size_t(2));
        QVERIFY(chosen[candidates[0].relay.address] > chosen[candidates[1].relay.address]);
        // The other side's relay is avoided by identity and by host.
        auto other = candidates[0].relay.address;
        for (int i = 0; i < 50; ++i)
            QCOMPARE(*chooseQueueRelay(candidates, {other}, random), candidates[1].relay.address);
        QVERIFY(sameOperator(other, "smp://" + core::base64UrlEncode(core::Bytes(32, 9)) +
                                        "@a.example:1234"));
        QVERIFY(!chooseQueueRelay({candidates[3], candidates[4]}, {}, random));
    }

    void nodeHelpersOfferTheService() {
        auto listed = [](char id, bool checks, bool tunnel, double score) {
            ListedRelay relay;
            relay.address = "smp://" + core::base64UrlEncode(core::Bytes(32, id)) + "@" +
                            std::string(1, id) + ".example";
            relay.state = "listed";
            relay.score = score;
            relay.policy.checks = checks;
            relay.policy.tunnel = tunnel;
            return relay;
        };
        const std::vector<ListedRelay> listing{
            listed('a', true, false, 0.5), listed('b', true, true, 0.9),
            listed('c', false, true, 0.7), listed('s', true, true, 1.0)};
        const auto helpers = nodeHelpersFrom(listing, listing[3].address);
        QCOMPARE(helpers.checkers,
                 (std::vector<std::string>{listing[1].address, listing[0].address}));
        QCOMPARE(helpers.tunnelRelays,
                 (std::vector<std::string>{listing[1].address, listing[2].address}));
        // checks travels in the policy; a registration without it means no.
        auto back = decodeListedRelay(encodeListedRelay(listing[0]));
        QVERIFY(back->policy.checks && !back->policy.tunnel);
    }

    void metricsFollowPrometheusNaming() {
        relay::directory::MetricsView view;
        view.stats.listed = 3;
        view.stats.registrationsAccepted = 5;
        view.difficulty = 16;
        const std::string text = relay::directory::formatDirectoryMetrics(view);
        std::istringstream lines(text);
        std::map<std::string, std::string> types;
        std::set<std::string> helped, sampled;
        for (std::string line; std::getline(lines, line);) {
            std::istringstream words(line);
            std::string first, name, rest;
            words >> first >> name >> rest;
            if (first == "#" && name == "HELP")
                helped.insert(rest);
            else if (first == "#" && name == "TYPE")
                types[rest] = line.substr(line.rfind(' ') + 1);
            else
                sampled.insert(first);
        }
        QVERIFY(types.size() >= 15);
        for (const auto& [name, type] : types) {
            QVERIFY2(name.starts_with("ferry_directory_"), name.c_str());
            QVERIFY2(helped.contains(name) && sampled.contains(name), name.c_str());
            // promtool's lint: counters end in _total, gauges do not; base units only.
            QCOMPARE(type, std::string(name.ends_with("_total") ? "counter" : "gauge"));
            for (const char* unit : {"milli", "micro", "nano", "minute", "hour", "kilo", "mega"})
                QVERIFY2(name.find(unit) == std::string::npos, name.c_str());
        }
        QVERIFY(text.find("ferry_directory_relays_listed 3\n") != std::string::npos);
        QVERIFY(text.find("ferry_directory_proof_difficulty 16\n") != std::string::npos);
        FERRY_VERIFY_PROMTOOL(text);
    }

    void errorBodiesMapBackToCodes() {
        const auto body = encodeErrorBody(core::makeError(DirectoryErrc::WeakProof, "too weak"));
        const auto error = decodeErrorBody(body, 403);
        QVERIFY(error.code == DirectoryErrc::WeakProof);
        QCOMPARE(error.message, std::string("too weak"));
        QVERIFY(decodeErrorBody("<html>", 502).code == DirectoryErrc::Network);
    }
};

QTEST_APPLESS_MAIN(TestDirectoryWire)
#include "test_directory_wire.moc"
