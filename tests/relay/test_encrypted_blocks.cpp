// SMP v11: after the hellos, every block between a client and the relay is encrypted with
// the chains of smp/block_cipher.h (simplexmq Transport.hs `tPutBlock`/`tGetBlock`). The
// relay's side with the test client; core's SmpClient against the relay is in
// tests/net/test_smp_client.cpp, which runs at the highest version.
#include "relay_fixture.h"
#include "smp/block.h"

using namespace ferry;
using namespace ferry::test;
using EK = smp::ErrorType::Kind;

class TestEncryptedBlocks : public QObject {
    Q_OBJECT

private slots:
    void messagesFlowInEncryptedBlocks_data() {
        QTest::addColumn<int>("version");
        QTest::newRow("v11") << 11;
        QTest::newRow("v18") << 18;
    }

    void messagesFlowInEncryptedBlocks() {
        QFETCH(int, version);
        const auto v = smp::Version(version);
        RelayFixture relay;
        auto recipient = relay.connect({6, v});
        auto sender = relay.connect({6, v});
        QCOMPARE(recipient->version(), v);
        QVERIFY(recipient->encrypted() && sender->encrypted());
        TestQueue q;
        QVERIFY(createQueue(*recipient, q).ok());
        // The largest body at v11 is 16 bytes less than at v8-10: the block has less room.
        const Bytes largest(smp::maxMessageLength(v), 'e');
        QVERIFY(isOk(sender->call(q.senderId, smp::cmd::Send{false, largest})));
        auto push = recipient->awaitPush();
        QVERIFY(push.ok());
        auto* msg = std::get_if<smp::rsp::Msg>(&push->response);
        QVERIFY(msg);
        auto opened = q.open(*msg);
        QVERIFY(opened && opened->body == largest);
        const Bytes tooLarge(smp::maxMessageLength(v) + 1, 'e');
        QVERIFY(isError(sender->call(q.senderId, smp::cmd::Send{false, tooLarge}), EK::LargeMsg));
        // Many answers in one direction: each block takes the chain's next key.
        for (int i = 0; i < 50; ++i)
            QVERIFY(as<smp::rsp::Pong>(sender->call({}, smp::cmd::Ping{})));
    }

    void olderClientsStayPlain() {
        RelayFixture relay;
        auto client = relay.connect({6, 10});
        QCOMPARE(int(client->version()), 10);
        QVERIFY(!client->encrypted());
        QVERIFY(as<smp::rsp::Pong>(client->call({}, smp::cmd::Ping{})));
    }

    void aProxyFromV14StaysPlain() {
        // A private routing proxy says so in its v14 hello; its largest RFWD fills a plain
        // block. Below v14 it cannot say so, and a proxy asking for v11-13 is encrypted.
        RelayFixture relay;
        auto options = relay.options({6, 14});
        options.proxyServer = true;
        auto proxy = TestSmpClient::connect(options);
        QVERIFY(proxy.ok());
        QCOMPARE(int((*proxy)->version()), 14);
        QVERIFY(!(*proxy)->encrypted());
        QVERIFY(as<smp::rsp::Pong>((*proxy)->call({}, smp::cmd::Ping{})));
        auto client = relay.connect({6, 14});
        QCOMPARE(int(client->version()), 14);
        QVERIFY(client->encrypted());
        QVERIFY(as<smp::rsp::Pong>(client->call({}, smp::cmd::Ping{})));
    }

    void aPlainBlockEndsAnEncryptedSession_data() {
        QTest::addColumn<int>("version");
        QTest::newRow("v11") << 11;
        QTest::newRow("v14, not a proxy") << 14;
        QTest::newRow("v18") << 18;
    }

    void aPlainBlockEndsAnEncryptedSession() {
        QFETCH(int, version);
        RelayFixture relay;
        auto client = relay.connect({smp::Version(version), smp::Version(version)});
        QVERIFY(client->encrypted());
        // A well-formed block, but not encrypted: it does not open, and the chains cannot be
        // brought back in step, so the relay closes.
        auto plain = smp::encodeBlock({client->transmission({}, smp::cmd::Ping{})});
        QVERIFY(plain);
        QVERIFY(client->sendRaw(*plain));
        QVERIFY(client->closedByPeer());
    }
};

QTEST_GUILESS_MAIN(TestEncryptedBlocks)
#include "test_encrypted_blocks.moc"
