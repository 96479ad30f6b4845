#include "crypto/ed25519_key_pair.h"
#include "crypto/signature.h"
#include "crypto/signing_key.h"
#include "util/bytes.h"

#include <QTest>

using namespace ferry::core;
using namespace ferry::core::crypto;

namespace {

QString hex(ByteView bytes) {
    return QString::fromStdString(toHex(bytes));
}

} // namespace

/// Ed25519 (libsodium) and Ed448 (OpenSSL) signatures against RFC 8032 section 7 vectors.
class TestEd25519 : public QObject {
    Q_OBJECT

private slots:
    void rfc8032_data() {
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("publicKey");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("signature");
        QTest::newRow("test 1")
            << "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
            << "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
            << ""
            << "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
               "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
        QTest::newRow("test 2")
            << "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"
            << "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
            << "72"
            << "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
               "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";
        QTest::newRow("test 3")
            << "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7"
            << "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025"
            << "af82"
            << "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
               "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a";
    }

    void rfc8032() {
        QFETCH(QString, secret);
        QFETCH(QString, publicKey);
        QFETCH(QString, message);
        QFETCH(QString, signature);
        auto pair = Ed25519KeyPair::fromSeed(fromHex(secret.toStdString()));
        QVERIFY(pair.ok());
        QCOMPARE(hex(pair->publicKeyRaw()), publicKey);
        const Bytes msg = fromHex(message.toStdString());
        const Bytes sig = pair->sign(msg);
        QCOMPARE(hex(sig), signature);
        QVERIFY(verifyEd25519(pair->publicKeyRaw(), msg, sig));
        QVERIFY(verifySignature(pair->publicKey(), msg, sig));
        QCOMPARE(hex(pair->seed().view()), secret);

        // OpenSSL's Ed25519 (used for certificates) must agree byte for byte.
        auto sslKey = SigningKey::fromRaw(KeyAlgorithm::Ed25519, fromHex(secret.toStdString()));
        QVERIFY(sslKey.ok());
        QCOMPARE(hex(sslKey->publicKey().raw), publicKey);
        auto sslSig = sslKey->sign(msg);
        QVERIFY(sslSig.ok());
        QCOMPARE(hex(*sslSig), signature);
    }

    void tamperedSignatureFails() {
        const auto pair = Ed25519KeyPair::generate();
        const Bytes msg = toBytes("authorized bytes");
        Bytes sig = pair.sign(msg);
        QVERIFY(verifyEd25519(pair.publicKeyRaw(), msg, sig));
        QVERIFY(!verifyEd25519(pair.publicKeyRaw(), toBytes("authorized bytez"), sig));
        sig[10] ^= 0x01;
        QVERIFY(!verifyEd25519(pair.publicKeyRaw(), msg, sig));
        const auto other = Ed25519KeyPair::generate();
        QVERIFY(!verifyEd25519(other.publicKeyRaw(), msg, pair.sign(msg)));
        QVERIFY(!verifyEd25519(pair.publicKeyRaw(), msg, Bytes(63, 0)));
        QVERIFY(!verifyEd25519(Bytes(31, 0), msg, pair.sign(msg)));
    }

    void seedRoundTrip() {
        const auto pair = Ed25519KeyPair::generate();
        auto restored = Ed25519KeyPair::fromSeed(pair.seed().view());
        QVERIFY(restored.ok());
        QVERIFY(restored->publicKey() == pair.publicKey());
        QVERIFY(!Ed25519KeyPair::fromSeed(Bytes(31, 1)).ok());
    }

    // RFC 8032 section 7.4, Ed448 "-----TEST 1" (blank message).
    void ed448Rfc8032() {
        const Bytes secret =
            fromHex("6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3"
                    "528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b");
        const QString publicKey = "5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778"
                                  "edf124769b46c7061bd6783df1e50f6cd1fa1abeafe8256180";
        const QString signature = "533a37f6bbe457251f023c0d88f976ae2dfb504a843e34d2074fd823d41a591f"
                                  "2b233f034f628281f2fd7a22ddd47d7828c59bd0a21bfd3980ff0d2028d4b18a"
                                  "9df63e006c5d1c2d345b925d8dc00b4104852db99ac5c7cdda8530a113a0f4db"
                                  "b61149f05a7363268c71d95808ff2e652600";
        auto key = SigningKey::fromRaw(KeyAlgorithm::Ed448, secret);
        QVERIFY(key.ok());
        QCOMPARE(hex(key->publicKey().raw), publicKey);
        auto sig = key->sign({});
        QVERIFY(sig.ok());
        QCOMPARE(hex(*sig), signature);
        QVERIFY(verifyEd448(key->publicKey().raw, {}, *sig));
        QVERIFY(verifySignature(key->publicKey(), {}, *sig));
        Bytes bad = *sig;
        bad[0] ^= 0x80;
        QVERIFY(!verifyEd448(key->publicKey().raw, {}, bad));
        QVERIFY(!verifyEd448(key->publicKey().raw, toBytes("x"), *sig));
    }

    void ed448GeneratedRoundTrip() {
        auto key = SigningKey::generate(KeyAlgorithm::Ed448);
        QVERIFY(key.ok());
        QCOMPARE(key->publicKey().raw.size(), kEd448PublicKeySize);
        const Bytes msg = toBytes("hello");
        auto sig = key->sign(msg);
        QVERIFY(sig.ok());
        QCOMPARE(sig->size(), kEd448SignatureSize);
        QVERIFY(verifySignature(key->publicKey(), msg, *sig));
        QVERIFY(!SigningKey::generate(KeyAlgorithm::X25519).ok());
    }

    void signingKeyPemRoundTrip() {
        for (KeyAlgorithm algorithm : {KeyAlgorithm::Ed25519, KeyAlgorithm::Ed448}) {
            auto key = SigningKey::generate(algorithm);
            QVERIFY(key.ok());
            auto pem = key->toPem();
            QVERIFY(pem.ok());
            QVERIFY(toString(pem->view()).starts_with("-----BEGIN PRIVATE KEY-----"));
            auto loaded = SigningKey::fromPem(*pem);
            QVERIFY(loaded.ok());
            QVERIFY(loaded->publicKey() == key->publicKey());
            QCOMPARE(loaded->algorithm(), algorithm);
        }
        QVERIFY(!SigningKey::fromPem(std::string_view("not a pem")).ok());
    }
};

QTEST_APPLESS_MAIN(TestEd25519)
#include "test_ed25519.moc"
