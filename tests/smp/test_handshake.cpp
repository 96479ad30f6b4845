// Handshake blocks (simplexmq Transport.hs: Encoding SMPServerHandshake / SMPClientHandshake,
// CertChainPubKey, compatibleVRange).
#include "byte_literals.h"
#include "smp/block.h"
#include "smp/handshake.h"
#include "smp/padding.h"
#include "smp/smp_errc.h"

#include <QtTest>

using namespace ferry::core;
using namespace ferry::test;

namespace {

crypto::PublicKey x25519Key(std::uint8_t fill) {
    return {crypto::KeyAlgorithm::X25519, Bytes(32, fill)};
}

Bytes content(const Bytes& block) {
    return std::move(smp::unpad(block)).value();
}

} // namespace

class TestHandshake : public QObject {
    Q_OBJECT

private slots:
    void serverHelloV6HasNoKey() {
        smp::ServerHello hello{{6, 6}, ascii("session-id"), std::nullopt};
        auto block = smp::serverHelloBlock(hello);
        QVERIFY(block.ok());
        QCOMPARE(block->size(), smp::kBlockSize);
        QCOMPARE(toHex(content(*block)), toHex(cat(hex("0006 0006 0a"), ascii("session-id"))));
        auto back = smp::decodeServerHelloBlock(*block);
        QVERIFY(back.ok());
        QVERIFY(*back == hello);
    }

    void serverHelloV7CarriesChainAndSignedKey() {
        smp::CertChainPubKey key{{ascii("leaf-der"), ascii("ca-der")}, ascii("signed")};
        smp::ServerHello hello{{6, 9}, Bytes(32, 0x11), key};
        auto block = smp::serverHelloBlock(hello);
        QVERIFY(block.ok());
        // versions ‖ shortString session ‖ NonEmpty(Large cert) ‖ Large(signed key)
        QCOMPARE(toHex(content(*block)),
                 toHex(cat(hex("0006 0009 20"), Bytes(32, 0x11), hex("02 0008"), ascii("leaf-der"),
                           hex("0006"), ascii("ca-der"), hex("0006"), ascii("signed"))));
        auto back = smp::decodeServerHelloBlock(*block);
        QVERIFY(back.ok());
        QVERIFY(*back == hello);
    }

    void serverHelloIgnoresTrailingFields() {
        // A newer server may append fields; the reference parser ignores what follows.
        smp::ServerHello hello{{6, 6}, ascii("s"), std::nullopt};
        Bytes c = cat(smp::encodeServerHello(hello), ascii("future"));
        auto back = smp::decodeServerHelloBlock(*smp::pad(c, smp::kBlockSize));
        QVERIFY(back.ok());
        QVERIFY(*back == hello);
    }

    void clientHelloPerVersion() {
        smp::ClientHello v6{6, Bytes(32, 0xab), std::nullopt};
        QCOMPARE(toHex(smp::encodeClientHello(v6)), toHex(cat(hex("0006 20"), Bytes(32, 0xab))));

        smp::ClientHello v9{9, Bytes(32, 0xab), x25519Key(0x07)};
        const Bytes spki = crypto::encodeSpki(*v9.authKey);
        QCOMPARE(toHex(smp::encodeClientHello(v9)),
                 toHex(cat(hex("0009 20"), Bytes(32, 0xab), shortStr(spki))));
        auto back = smp::decodeClientHelloBlock(*smp::clientHelloBlock(v9));
        QVERIFY(back.ok());
        QVERIFY(*back == v9);

        // Below v7 a key is never sent, even if the caller has one.
        smp::ClientHello v6WithKey{6, Bytes(32, 0xab), x25519Key(1)};
        QCOMPARE(smp::encodeClientHello(v6WithKey), smp::encodeClientHello(v6));

        // From v14 a proxy flag follows the key ('T'/'F', Transport.hs `ifHasProxy`); v13 has
        // none (there is no v13 feature: it is v12).
        smp::ClientHello v14{14, Bytes(32, 0xab), x25519Key(0x07), true};
        QCOMPARE(toHex(smp::encodeClientHello(v14)),
                 toHex(cat(hex("000e 20"), Bytes(32, 0xab), shortStr(spki), ascii("T"))));
        v14.proxyServer = false;
        QCOMPARE(toHex(smp::encodeClientHello(v14)),
                 toHex(cat(hex("000e 20"), Bytes(32, 0xab), shortStr(spki), ascii("F"))));
        for (bool proxy : {false, true}) {
            v14.proxyServer = proxy;
            auto decoded = smp::decodeClientHelloBlock(*smp::clientHelloBlock(v14));
            QVERIFY(decoded.ok());
            QVERIFY(*decoded == v14);
        }
        // Only 'T' and 'F' are flags.
        Bytes flagX = smp::encodeClientHello(v14);
        flagX.back() = 'X';
        QVERIFY(!smp::decodeClientHelloBlock(*smp::pad(flagX, smp::kBlockSize)).ok());
        // From v16 Maybe(client service) follows: Ferry sends none; one offered is seen.
        smp::ClientHello v16{16, Bytes(32, 0xab), x25519Key(0x07), false};
        const Bytes v16Wire = smp::encodeClientHello(v16);
        QCOMPARE(toHex(v16Wire),
                 toHex(cat(hex("0010 20"), Bytes(32, 0xab), shortStr(spki), ascii("F0"))));
        auto plain16 = smp::decodeClientHelloBlock(*smp::clientHelloBlock(v16));
        QVERIFY(plain16.ok() && !plain16->offersService);
        // "1" for a service, and a role (a certificate chain would follow).
        const Bytes offering = cat(Bytes(v16Wire.begin(), v16Wire.end() - 1), ascii("1M"));
        auto offered = smp::decodeClientHelloBlock(*smp::pad(offering, smp::kBlockSize));
        QVERIFY(offered.ok() && offered->offersService);
        smp::ClientHello v13{13, Bytes(32, 0xab), x25519Key(0x07), true};
        QCOMPARE(toHex(smp::encodeClientHello(v13)),
                 toHex(cat(hex("000d 20"), Bytes(32, 0xab), shortStr(spki))));
    }

    void onlyAProxyFromV14GetsPlainBlocks_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<bool>("proxy");
        QTest::addColumn<bool>("encrypted");
        QTest::newRow("v10 client") << 10 << false << false;
        QTest::newRow("v11 client") << 11 << false << true;
        QTest::newRow("v13 proxy (no flag on the wire)") << 13 << true << true;
        QTest::newRow("v14 client") << 14 << false << true;
        QTest::newRow("v14 proxy") << 14 << true << false;
    }

    void onlyAProxyFromV14GetsPlainBlocks() {
        QFETCH(int, version);
        QFETCH(bool, proxy);
        QFETCH(bool, encrypted);
        smp::ClientHello hello{smp::Version(version), Bytes(32, 0xab), x25519Key(0x07), proxy};
        // What the server sees is what counts: the decoded hello.
        auto seen = smp::decodeClientHelloBlock(*smp::clientHelloBlock(hello));
        QVERIFY(seen.ok());
        QCOMPARE(smp::encryptsBlocks(*seen), encrypted);
    }

    void malformedHandshakes_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("server");
        QTest::newRow("server: empty") << QByteArray() << true;
        QTest::newRow("server: min > max") << QByteArray::fromHex("0009000600") << true;
        QTest::newRow("server: truncated session") << QByteArray::fromHex("00060009 05 ab") << true;
        QTest::newRow("server: empty chain") << QByteArray::fromHex("00060009 00 00 0000") << true;
        QTest::newRow("server: truncated cert")
            << QByteArray::fromHex("00060009 00 01 0010 ab") << true;
        QTest::newRow("client: one byte") << QByteArray::fromHex("00") << false;
        QTest::newRow("client: bad key") << QByteArray::fromHex("0009 00 03 aabbcc") << false;
        QTest::newRow("client: v14, no flag") << QByteArray::fromHex("000e 00") << false;
    }

    void malformedHandshakes() {
        QFETCH(QByteArray, content);
        QFETCH(bool, server);
        const Bytes block = *smp::pad(Bytes(content.begin(), content.end()), smp::kBlockSize);
        if (server) {
            auto r = smp::decodeServerHelloBlock(block);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, std::error_code(ferry::core::smp::SmpErrc::Handshake));
        } else {
            auto r = smp::decodeClientHelloBlock(block);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, std::error_code(ferry::core::smp::SmpErrc::Handshake));
        }
    }

    void handshakeBlocksMustBeFullSize() {
        QVERIFY(!smp::decodeServerHelloBlock(hex("0006 0006 00")).ok());
        QVERIFY(!smp::decodeClientHelloBlock(Bytes(smp::kBlockSize + 1, '#')).ok());
    }

    void versionNegotiation_data() {
        QTest::addColumn<int>("serverMin");
        QTest::addColumn<int>("serverMax");
        QTest::addColumn<int>("clientMin");
        QTest::addColumn<int>("clientMax");
        QTest::addColumn<int>("agreed"); // 0: none
        QTest::newRow("same range") << 6 << 9 << 6 << 9 << 9;
        QTest::newRow("newer client") << 6 << 9 << 6 << 18 << 9;
        QTest::newRow("older client") << 6 << 9 << 1 << 7 << 7;
        QTest::newRow("legacy server (no ALPN)") << 6 << 6 << 6 << 18 << 6;
        QTest::newRow("disjoint, client too new") << 6 << 9 << 10 << 18 << 0;
        QTest::newRow("disjoint, client too old") << 6 << 9 << 1 << 5 << 0;
    }

    void versionNegotiation() {
        QFETCH(int, serverMin);
        QFETCH(int, serverMax);
        QFETCH(int, clientMin);
        QFETCH(int, clientMax);
        QFETCH(int, agreed);
        auto v = smp::negotiateVersion({smp::Version(serverMin), smp::Version(serverMax)},
                                       {smp::Version(clientMin), smp::Version(clientMax)});
        QCOMPARE(v.has_value(), agreed != 0);
        if (v)
            QCOMPARE(int(*v), agreed);
    }
};

QTEST_APPLESS_MAIN(TestHandshake)
#include "test_handshake.moc"
