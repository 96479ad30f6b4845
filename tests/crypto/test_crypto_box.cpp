#include "crypto/crypto_box.h"
#include "crypto/x25519_key_pair.h"
#include "util/bytes.h"

#include <QTest>

using namespace ferry::core;
using namespace ferry::core::crypto;

namespace {

QString hex(ByteView bytes) {
    return QString::fromStdString(toHex(bytes));
}

// libsodium test/default/box.c (NaCl's box test): Alice's secret, Bob's public key, nonce and a
// 131-byte message; box.exp gives the 147-byte output (16-byte tag, then ciphertext).
const char* const kAliceSecret = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const char* const kBobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
const char* const kBobSecret = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
const char* const kNonce = "69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37";
const char* const kMessage = "be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffc"
                             "e5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb31"
                             "0e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde"
                             "048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f93776384864"
                             "5e0705";
const char* const kBoxed = "f3ffc7703f9400e52a7dfb4b3d3305d9"
                           "8e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186a"
                           "c0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738"
                           "b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da"
                           "99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74"
                           "e355a5";

} // namespace

/// crypto_box with a precomputed key, SimpleX layout (tag first), and the HSalsa20 variant.
class TestCryptoBox : public QObject {
    Q_OBJECT

private slots:
    void naclKnownVector() {
        auto alice = X25519KeyPair::fromSecret(fromHex(kAliceSecret));
        QVERIFY(alice.ok());
        auto box = CryptoBox::fromDh(fromHex(kBobPublic), *alice);
        QVERIFY(box.ok());
        auto sealed = box->seal(fromHex(kNonce), fromHex(kMessage));
        QVERIFY(sealed.ok());
        QCOMPARE(hex(*sealed), QString(kBoxed));

        // Bob opens it with his own key pair.
        auto bob = X25519KeyPair::fromSecret(fromHex(kBobSecret));
        QVERIFY(bob.ok());
        auto bobBox = CryptoBox::fromDh(alice->publicKeyRaw(), *bob);
        QVERIFY(bobBox.ok());
        auto opened = bobBox->open(fromHex(kNonce), fromHex(kBoxed));
        QVERIFY(opened.ok());
        QCOMPARE(hex(*opened), QString(kMessage));
    }

    // simplexmq runs HSalsa20(key, 0) on a raw DH secret and on an SbKey alike; for a DH output
    // that is exactly crypto_box_beforenm, so both constructors must give the same box.
    void sharedSecretEqualsBeforenm() {
        auto alice = X25519KeyPair::fromSecret(fromHex(kAliceSecret));
        QVERIFY(alice.ok());
        auto raw = alice->dh(fromHex(kBobPublic));
        QVERIFY(raw.ok());
        auto box = CryptoBox::fromSharedSecret(raw->view());
        QVERIFY(box.ok());
        auto sealed = box->seal(fromHex(kNonce), fromHex(kMessage));
        QVERIFY(sealed.ok());
        QCOMPARE(hex(*sealed), QString(kBoxed));
    }

    // The HSalsa20 step is not optional: plain secretbox under the same 32 bytes differs.
    void symmetricKeyIsNotPlainSecretbox() {
        const Bytes key(32, 0x42);
        const Bytes nonce(24, 0x01);
        auto sb = CryptoBox::fromSharedSecret(key);
        auto plain = CryptoBox::fromPrecomputedKey(key);
        QVERIFY(sb.ok() && plain.ok());
        auto a = sb->seal(nonce, toBytes("block"));
        auto b = plain->seal(nonce, toBytes("block"));
        QVERIFY(a.ok() && b.ok());
        QVERIFY(*a != *b);
        QVERIFY(!sb->open(nonce, *b).ok());
        auto back = sb->open(nonce, *a);
        QVERIFY(back.ok());
        QCOMPARE(QString::fromStdString(toString(*back)), QStringLiteral("block"));
    }

    void roundTripAndTamper() {
        const auto a = X25519KeyPair::generate();
        const auto b = X25519KeyPair::generate();
        auto boxA = CryptoBox::fromDh(b.publicKeyRaw(), a);
        auto boxB = CryptoBox::fromDh(a.publicKeyRaw(), b);
        QVERIFY(boxA.ok() && boxB.ok());
        const Bytes nonce(24, 7);
        const Bytes message = toBytes("hello relay");
        auto sealed = boxA->seal(nonce, message);
        QVERIFY(sealed.ok());
        QCOMPARE(sealed->size(), message.size() + kCryptoBoxTagSize);
        auto opened = boxB->open(nonce, *sealed);
        QVERIFY(opened.ok());
        QVERIFY(*opened == message);

        Bytes badTag = *sealed;
        badTag[0] ^= 0x01;
        QVERIFY(!boxB->open(nonce, badTag).ok());
        Bytes badBody = *sealed;
        badBody.back() ^= 0x01;
        QVERIFY(!boxB->open(nonce, badBody).ok());
        QVERIFY(!boxB->open(Bytes(24, 8), *sealed).ok());
        QVERIFY(!boxB->open(nonce, Bytes(15, 0)).ok());
        QVERIFY(!boxB->open(Bytes(23, 7), *sealed).ok());
        QVERIFY(!boxA->seal(Bytes(25, 0), message).ok());

        auto empty = boxA->seal(nonce, {});
        QVERIFY(empty.ok());
        QCOMPARE(empty->size(), kCryptoBoxTagSize);
        auto emptyOpened = boxB->open(nonce, *empty);
        QVERIFY(emptyOpened.ok());
        QVERIFY(emptyOpened->empty());
    }

    void rejectsBadKeys() {
        const auto a = X25519KeyPair::generate();
        QVERIFY(!CryptoBox::fromDh(Bytes(32, 0), a).ok());
        QVERIFY(!CryptoBox::fromSharedSecret(Bytes(31, 1)).ok());
        QVERIFY(!CryptoBox::fromPrecomputedKey(Bytes(33, 1)).ok());
    }

    void cbNonceNormalises() {
        QCOMPARE(hex(cbNonce(fromHex("0102"))), QString("0102") + QString(44, '0'));
        const Bytes long30(30, 0xab);
        QVERIFY(cbNonce(long30) == Bytes(24, 0xab));
        const Bytes exact = fromHex(kNonce);
        QVERIFY(cbNonce(exact) == exact);
    }
};

QTEST_APPLESS_MAIN(TestCryptoBox)
#include "test_crypto_box.moc"
