#include "crypto/x3dh.h"
#include "util/bytes.h"

#include <QTest>

using namespace ferry::core;
using namespace ferry::core::crypto;

namespace {

QString hex(ByteView bytes) {
    return QString::fromStdString(toHex(bytes));
}

X3dhKeyPairs fixedPairs(std::uint8_t identityByte, std::uint8_t oneTimeByte) {
    return X3dhKeyPairs{X25519KeyPair::fromSecret(Bytes(32, identityByte)).value(),
                        X25519KeyPair::fromSecret(Bytes(32, oneTimeByte)).value()};
}

} // namespace

/// X3DH for the one-time invitation flow: joiner ("Alice") and inviter ("Bob").
class TestX3dh : public QObject {
    Q_OBJECT

private slots:
    void bothSidesAgree() {
        const X3dhKeyPairs inviter = X3dhKeyPairs::generate();
        const X3dhKeyPairs joiner = X3dhKeyPairs::generate();
        auto a = x3dhJoiner(joiner, inviter.publicKeys());
        auto b = x3dhInviter(inviter, joiner.publicKeys());
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->rootKey.size(), std::size_t{32});
        QVERIFY(a->rootKey == b->rootKey);
        // The joiner's sending header key is what the inviter expects next, and vice versa.
        QVERIFY(a->sendHeaderKey == b->receiveHeaderKey);
        QVERIFY(a->receiveHeaderKey == b->sendHeaderKey);
        QVERIFY(!(a->sendHeaderKey == a->receiveHeaderKey));
        QVERIFY(!(a->rootKey == a->sendHeaderKey));
        QCOMPARE(hex(a->associatedData), hex(b->associatedData));
        Bytes ad = joiner.identity.publicKeyRaw();
        append(ad, inviter.identity.publicKeyRaw());
        QCOMPARE(hex(a->associatedData), hex(ad));
    }

    void differentSessionsDiffer() {
        const X3dhKeyPairs inviter = X3dhKeyPairs::generate();
        auto a1 = x3dhJoiner(X3dhKeyPairs::generate(), inviter.publicKeys());
        auto a2 = x3dhJoiner(X3dhKeyPairs::generate(), inviter.publicKeys());
        QVERIFY(a1.ok() && a2.ok());
        QVERIFY(!(a1->rootKey == a2->rootKey));
    }

    void wrongKeysDisagree() {
        const X3dhKeyPairs inviter = X3dhKeyPairs::generate();
        const X3dhKeyPairs joiner = X3dhKeyPairs::generate();
        X3dhPublicKeys swapped{inviter.publicKeys().oneTimeKey, inviter.publicKeys().identityKey};
        auto a = x3dhJoiner(joiner, swapped);
        auto b = x3dhInviter(inviter, joiner.publicKeys());
        QVERIFY(a.ok() && b.ok());
        QVERIFY(!(a->rootKey == b->rootKey));
    }

    void rejectsMalformedKeys() {
        const X3dhKeyPairs own = X3dhKeyPairs::generate();
        const X3dhPublicKeys peer = X3dhKeyPairs::generate().publicKeys();
        QVERIFY(!x3dhJoiner(own, X3dhPublicKeys{Bytes(31, 1), peer.oneTimeKey}).ok());
        QVERIFY(!x3dhInviter(own, X3dhPublicKeys{peer.identityKey, Bytes{}}).ok());
        QVERIFY(!x3dhJoiner(own, X3dhPublicKeys{peer.identityKey, peer.identityKey}).ok());
        // A small-order point makes every DH output zero: rejected, not silently "agreed".
        QVERIFY(!x3dhJoiner(own, X3dhPublicKeys{Bytes(32, 0), peer.oneTimeKey}).ok());
        QVERIFY(!x3dhInviter(own, X3dhPublicKeys{peer.identityKey, Bytes(32, 0)}).ok());
    }

    // Computed independently with pure Python (RFC 7748 ladder, hashlib/hmac):
    //   ikJ, ekJ, ikI, otkI = (bytes([i]) * 32 for i in (1, 2, 3, 4))
    //   km = b"\xff" * 32 + x25519(ikJ, pub(otkI)) + x25519(ekJ, pub(ikI)) + x25519(ekJ, pub(otkI))
    //   o = hkdf_sha512(salt=bytes(64), ikm=km, info=b"FerryX3DH", n=96)   # SK | HKa | NHKb
    //   ad = pub(ikJ) + pub(ikI)
    // where hkdf_sha512 is RFC 5869 with hmac.new(..., hashlib.sha512).
    void knownAnswer() {
        const X3dhKeyPairs joiner = fixedPairs(1, 2);
        const X3dhKeyPairs inviter = fixedPairs(3, 4);
        auto a = x3dhJoiner(joiner, inviter.publicKeys());
        auto b = x3dhInviter(inviter, joiner.publicKeys());
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(
            hex(a->rootKey.view()),
            QStringLiteral("1aa20646830d20aeebf25f8ca844aa19dbb312f29564fa17b49f8389ca383edc"));
        QCOMPARE(
            hex(a->sendHeaderKey.view()),
            QStringLiteral("17d620eef1b32b0725ed13be9c5ac71446a0e72dd289326af1e666817e9d7c56"));
        QCOMPARE(
            hex(a->receiveHeaderKey.view()),
            QStringLiteral("797557ebd14cdf40cd89aff8acc4e9f89de00ca1c64adbf7306c5ef3826263ef"));
        QCOMPARE(
            hex(a->associatedData),
            QStringLiteral("a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409f8a209"
                           "5dfedd3b6bd47f6fa28ee15d969d5bb0ea53774d488bdaf9df1c6e0124b3ef22"));
        QCOMPARE(hex(b->rootKey.view()), hex(a->rootKey.view()));
        QCOMPARE(hex(b->sendHeaderKey.view()), hex(a->receiveHeaderKey.view()));
        QCOMPARE(hex(b->receiveHeaderKey.view()), hex(a->sendHeaderKey.view()));
    }
};

QTEST_APPLESS_MAIN(TestX3dh)
#include "test_x3dh.moc"
