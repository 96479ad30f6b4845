// SMP v16-18 on a relay without service certificates, as the reference server is to a
// session that has none: SUB answered SOK, service signatures and service subscriptions
// refused with ERR SERVICE, a hello offering a service closed; v17's notifier made with NEW.
#include "relay_fixture.h"

using namespace ferry;
using namespace ferry::test;
using EK = smp::ErrorType::Kind;

class TestServiceVersions : public QObject {
    Q_OBJECT

private slots:
    void subscribeIsAnsweredSokFromV16() {
        RelayFixture relay;
        for (smp::Version v : {smp::Version(15), smp::Version(16), smp::Version(18)}) {
            auto client = relay.connect({v, v});
            QCOMPARE(client->version(), v);
            TestQueue q;
            QVERIFY(createQueue(*client, q, false).ok());
            auto sub = client->call(q.recipientId, smp::cmd::Sub{}, Signer{&q.recipientKey});
            if (v >= 16)
                QVERIFY2(as<smp::rsp::Sok>(sub) && !as<smp::rsp::Sok>(sub)->serviceId,
                         describe(sub));
            else
                QVERIFY2(isOk(sub), describe(sub));
        }
    }

    void aServiceSignatureIsRefused() {
        RelayFixture relay;
        auto client = relay.connect({16, 16});
        TestQueue q;
        QVERIFY(createQueue(*client, q, false).ok());
        // A valid recipient signature, plus a service signature no handshake introduced.
        const Bytes corrId = crypto::randomBytes(smp::kCorrIdSize);
        const Bytes command = smp::encodeCommand(16, smp::cmd::Sub{});
        smp::Transmission t;
        t.authorization = q.recipientKey.sign(
            smp::authorizedBytes(client->sessionId(), corrId, q.recipientId, command));
        t.corrId = corrId;
        t.entityId = q.recipientId;
        t.command = command;
        t.serviceSignature = Bytes(64, 0x5e);
        QVERIFY(client->sendBlock({smp::encodeTransmission(16, t)}));
        auto answer = client->awaitAnswer(corrId);
        QVERIFY2(isError(answer, EK::Service), describe(answer));
        // Without it the same command is fine.
        QVERIFY(as<smp::rsp::Sok>(
            client->call(q.recipientId, smp::cmd::Sub{}, Signer{&q.recipientKey})));
    }

    void serviceSubscriptionsNeedAServiceSession() {
        RelayFixture relay;
        auto client = relay.connect({16, 18});
        const auto key = crypto::Ed25519KeyPair::generate();
        const Bytes serviceId = crypto::randomBytes(24);
        QVERIFY(isError(client->call(serviceId, smp::cmd::Subs{}, Signer{&key}), EK::Service));
        QVERIFY(isError(client->call(serviceId, smp::cmd::NSubs{}, Signer{&key}), EK::Service));
    }

    void aHelloOfferingAServiceIsRefused() {
        // Only a TLS client certificate could back it, and the relay never asks for one.
        RelayFixture relay;
        auto options = relay.options({16, 16});
        options.offerService = true;
        auto client = TestSmpClient::connect(options);
        QVERIFY(client.ok());
        QVERIFY((*client)->closedByPeer());
        // Not offering one, the same client is served.
        QVERIFY(as<smp::rsp::Pong>(relay.connect({16, 16})->call({}, smp::cmd::Ping{})));
    }

    void newMakesTheNotifierFromV17() {
        RelayFixture relay;
        auto client = relay.connect({17, 17});
        TestQueue q;
        const auto ntfKey = crypto::Ed25519KeyPair::generate();
        const auto ntfDh = crypto::X25519KeyPair::generate();
        smp::cmd::New c = q.newCommand();
        c.ntfCreds = smp::cmd::NewNtfCreds{ntfKey.publicKey(), ntfDh.publicKey()};
        auto created = client->call({}, c, Signer{&q.recipientKey});
        auto* ids = as<smp::rsp::Ids>(created);
        QVERIFY2(ids && ids->ntfCreds, describe(created));
        QCOMPARE(ids->ntfCreds->notifierId.size(), 24u);
        QVERIFY(ids->ntfCreds->serverNtfDhKey.algorithm == crypto::KeyAlgorithm::X25519);
        auto info = client->call(ids->recipientId, smp::cmd::Que{}, Signer{&q.recipientKey});
        QVERIFY(core::toString(as<smp::rsp::Info>(info)->json).find("\"qiNtf\":true") !=
                std::string::npos);
        // Without credentials there is none, as before v17.
        TestQueue plain;
        auto without = client->call({}, plain.newCommand(), Signer{&plain.recipientKey});
        QVERIFY(as<smp::rsp::Ids>(without) && !as<smp::rsp::Ids>(without)->ntfCreds);
    }
};

QTEST_GUILESS_MAIN(TestServiceVersions)
#include "test_service_versions.moc"
