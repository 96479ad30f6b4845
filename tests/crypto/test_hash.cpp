#include "crypto/hash.h"
#include "crypto/random.h"
#include "crypto/secret_bytes.h"
#include "util/bytes.h"

#include <QTest>

using namespace ferry::core;
using namespace ferry::core::crypto;

namespace {

QString hex(ByteView bytes) {
    return QString::fromStdString(toHex(bytes));
}

Bytes range(int from, int to) {
    Bytes out;
    for (int i = from; i < to; ++i) {
        out.push_back(static_cast<std::uint8_t>(i));
    }
    return out;
}

} // namespace

/// Hashes, HMAC, HKDF-SHA512, randomness and SecretBytes.
class TestHash : public QObject {
    Q_OBJECT

private slots:
    void sha256Abc() {
        QCOMPARE(
            hex(sha256(asBytes("abc"))),
            QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(
            hex(sha256({})),
            QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    void sha512Abc() {
        QCOMPARE(
            hex(sha512(asBytes("abc"))),
            QStringLiteral("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                           "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"));
    }

    void hmacSha512Known() {
        // python3 -c "import hmac,hashlib; print(hmac.new(b'key', b'The quick brown fox jumps
        //   over the lazy dog', hashlib.sha512).hexdigest())"
        QCOMPARE(
            hex(hmacSha512(asBytes("key"), asBytes("The quick brown fox jumps over the lazy dog"))),
            QStringLiteral("b42af09057bac1e2d41708e48a902e09b5ff7f12ab428a4fe86653c73dd248fb"
                           "82f948a549f7b791a5b41915ee4d1ec3935357e4e2317250d0372afa2ebeeb3a"));
    }

    // RFC 5869 publishes SHA-256 vectors only; these are its test cases 1-3 inputs with SHA-512,
    // computed independently with Python's hmac module:
    //   def hkdf(salt, ikm, info, L):
    //       prk = hmac.new(salt, ikm, hashlib.sha512).digest(); t = b''; o = b''
    //       for i in range(1, -(-L // 64) + 1):
    //           t = hmac.new(prk, t + info + bytes([i]), hashlib.sha512).digest(); o += t
    //       return prk.hex(), o[:L].hex()
    void hkdfSha512Case1() {
        const Bytes ikm(22, 0x0b);
        const Bytes salt = range(0x00, 0x0d);
        const Bytes info = range(0xf0, 0xfa);
        QCOMPARE(
            hex(hkdfSha512Extract(salt, ikm).view()),
            QStringLiteral("665799823737ded04a88e47e54a5890bb2c3d247c7a4254a8e61350723590a26"
                           "c36238127d8661b88cf80ef802d57e2f7cebcf1e00e083848be19929c61b4237"));
        auto okm = hkdfSha512(salt, ikm, info, 42);
        QVERIFY(okm.ok());
        QCOMPARE(hex(okm->view()),
                 QStringLiteral("832390086cda71fb47625bb5ceb168e4c8e26a1a16ed34d9fc7fe92c14815793"
                                "38da362cb8d9f925d7cb"));
    }

    void hkdfSha512Case2LongOutput() {
        auto okm = hkdfSha512(range(0x60, 0xb0), range(0x00, 0x50), range(0xb0, 0x100), 130);
        QVERIFY(okm.ok());
        QCOMPARE(hex(okm->view()),
                 QStringLiteral("ce6c97192805b346e6161e821ed165673b84f400a2b514b2fe23d84cd189ddf1"
                                "b695b48cbd1c8388441137b3ce28f16aa64ba33ba466b24df6cfcb021ecff235"
                                "f6a2056ce3af1de44d572097a8505d9e7a9354e5796284151c2dd39c39b3cd3d"
                                "8e50fcc383ebdec37476e03b721ef5efef873c281f018b8ca42e1245b2271f87"
                                "1ba6"));
    }

    void hkdfSha512Case3EmptySaltAndInfo() {
        const Bytes ikm(22, 0x0b);
        auto okm = hkdfSha512({}, ikm, {}, 42);
        QVERIFY(okm.ok());
        QCOMPARE(hex(okm->view()),
                 QStringLiteral("f5fa02b18298a72a8c23898a8703472c6eb179dc204c03425c970e3b164bf90f"
                                "ff22d04836d0e2343bac"));
        // An empty salt means 64 zero bytes.
        auto zeroSalt = hkdfSha512(Bytes(64, 0), ikm, {}, 42);
        QVERIFY(zeroSalt.ok());
        QVERIFY(*okm == *zeroSalt);
    }

    void hkdfLengthLimit() {
        QVERIFY(hkdfSha512({}, asBytes("k"), {}, kHkdfSha512MaxLength).ok());
        QVERIFY(!hkdfSha512({}, asBytes("k"), {}, kHkdfSha512MaxLength + 1).ok());
        auto empty = hkdfSha512({}, asBytes("k"), {}, 0);
        QVERIFY(empty.ok());
        QVERIFY(empty->empty());
    }

    void randomBytesDiffer() {
        const Bytes a = randomBytes(32);
        const Bytes b = randomBytes(32);
        QCOMPARE(a.size(), std::size_t{32});
        QVERIFY(a != b);
        QVERIFY(randomBytes(0).empty());
        QCOMPARE(SecretBytes::random(24).size(), std::size_t{24});
    }

    void constantTimeCompare() {
        QVERIFY(constantTimeEqual(asBytes("abc"), asBytes("abc")));
        QVERIFY(!constantTimeEqual(asBytes("abc"), asBytes("abd")));
        QVERIFY(!constantTimeEqual(asBytes("abc"), asBytes("ab")));
        QVERIFY(constantTimeEqual({}, {}));
        QVERIFY(secretsEqual(asBytes("s3cret"), asBytes("s3cret")));
        QVERIFY(!secretsEqual(asBytes("s3cret"), asBytes("s3cre")));
        QVERIFY(!secretsEqual(asBytes("s3cret"), asBytes("s3cret!")));
        QVERIFY(!secretsEqual({}, asBytes("s3cret")));
        QVERIFY(secretsEqual({}, {}));
    }

    void secretBytesCopyMoveAndTake() {
        SecretBytes a(asBytes("secret"));
        SecretBytes copy = a;
        QVERIFY(copy == a);
        SecretBytes moved = std::move(copy);
        QVERIFY(moved == a);
        QVERIFY(copy.empty()); // NOLINT(bugprone-use-after-move): moved-from is documented empty
        Bytes source = toBytes("key material");
        SecretBytes taken = SecretBytes::takeFrom(source);
        QVERIFY(source.empty());
        QCOMPARE(QString::fromStdString(toString(taken.view())), QStringLiteral("key material"));
        a = taken;
        QVERIFY(a == taken);
        QVERIFY(!(a == moved));
    }
};

QTEST_APPLESS_MAIN(TestHash)
#include "test_hash.moc"
