#include "crypto/x25519_key_pair.h"
#include "util/bytes.h"

#include <QTest>

using namespace ferry::core;
using namespace ferry::core::crypto;

namespace {

QString hex(ByteView bytes) {
    return QString::fromStdString(toHex(bytes));
}

} // namespace

/// X25519 against RFC 7748 sections 5.2 and 6.1.
class TestX25519 : public QObject {
    Q_OBJECT

private slots:
    void rfc7748Section52_data() {
        QTest::addColumn<QString>("scalar");
        QTest::addColumn<QString>("u");
        QTest::addColumn<QString>("output");
        QTest::newRow("vector 1")
            << "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"
            << "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"
            << "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552";
        // The u-coordinate's top bit is set: it must be masked, not rejected.
        QTest::newRow("vector 2")
            << "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"
            << "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"
            << "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957";
    }

    void rfc7748Section52() {
        QFETCH(QString, scalar);
        QFETCH(QString, u);
        QFETCH(QString, output);
        auto pair = X25519KeyPair::fromSecret(fromHex(scalar.toStdString()));
        QVERIFY(pair.ok());
        auto shared = pair->dh(fromHex(u.toStdString()));
        QVERIFY(shared.ok());
        QCOMPARE(hex(shared->view()), output);
    }

    void rfc7748Section61AliceBob() {
        auto alice = X25519KeyPair::fromSecret(
            fromHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        auto bob = X25519KeyPair::fromSecret(
            fromHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        QVERIFY(alice.ok() && bob.ok());
        QCOMPARE(
            hex(alice->publicKeyRaw()),
            QStringLiteral("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
        QCOMPARE(
            hex(bob->publicKeyRaw()),
            QStringLiteral("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
        auto k1 = alice->dh(bob->publicKeyRaw());
        auto k2 = bob->dh(alice->publicKeyRaw());
        QVERIFY(k1.ok() && k2.ok());
        const QString expected =
            QStringLiteral("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        QCOMPARE(hex(k1->view()), expected);
        QCOMPARE(hex(k2->view()), expected);
        QCOMPARE(alice->publicKey().algorithm, KeyAlgorithm::X25519);
    }

    void generatedPairsAgree() {
        const auto a = X25519KeyPair::generate();
        const auto b = X25519KeyPair::generate();
        QVERIFY(a.publicKeyRaw() != b.publicKeyRaw());
        auto ab = a.dh(b.publicKeyRaw());
        auto ba = b.dh(a.publicKeyRaw());
        QVERIFY(ab.ok() && ba.ok());
        QVERIFY(*ab == *ba);
        auto restored = X25519KeyPair::fromSecret(a.secretKey().view());
        QVERIFY(restored.ok());
        QVERIFY(restored->publicKey() == a.publicKey());
    }

    void rejectsAllZeroOutput() {
        const auto a = X25519KeyPair::generate();
        // The identity point and a point of order 8 (from libsodium's tests) both give zero.
        QVERIFY(!a.dh(Bytes(32, 0)).ok());
        QVERIFY(!a.dh(fromHex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"))
                     .ok());
        QVERIFY(!a.dh(Bytes(31, 9)).ok());
        QVERIFY(!X25519KeyPair::fromSecret(Bytes(33, 1)).ok());
    }
};

QTEST_APPLESS_MAIN(TestX25519)
#include "test_x25519.moc"
