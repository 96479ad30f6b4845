// SMP v11 block encryption (smp/block_cipher.h): the chains from the session secret, one
// secretbox key and nonce per block and direction, the padding to 16,368 bytes. The vectors
// were computed from the reference's definitions (simplexmq Crypto.hs `sbcInit`, `sbcHkdf`,
// `sbEncrypt`; Transport.hs `tPutBlock`) with an independent implementation of HKDF-SHA512,
// XSalsa20 and Poly1305.
#include "crypto/hash.h"
#include "smp/block.h"
#include "smp/block_cipher.h"
#include "smp/padding.h"

#include <QtTest>

using namespace ferry::core;
using smp::BlockCipher;

namespace {

Bytes sessionId() {
    Bytes b(32);
    for (std::size_t i = 0; i < b.size(); ++i)
        b[i] = static_cast<std::uint8_t>(i);
    return b;
}

Bytes dhSecret() {
    Bytes b(32);
    for (std::size_t i = 0; i < b.size(); ++i)
        b[i] = static_cast<std::uint8_t>(100 + i);
    return b;
}

BlockCipher cipher(BlockCipher::Side side) {
    return std::move(BlockCipher::create(side, sessionId(), dhSecret())).value();
}

// One transmission "hello" in a plain block: count 1, Large(5), the bytes.
Bytes plainBlock() {
    return std::move(smp::encodeBlock({toBytes("hello")})).value();
}

} // namespace

class TestBlockCipher : public QObject {
    Q_OBJECT

private slots:
    void serverBlocksMatchTheReference() {
        BlockCipher server = cipher(BlockCipher::Side::Server);
        auto first = server.seal(plainBlock());
        auto second = server.seal(plainBlock());
        QVERIFY(first && second);
        QCOMPARE(first->size(), smp::kBlockSize);
        QCOMPARE(toHex(ByteView(*first).subspan(0, 48)),
                 std::string("0f37a1038b029f51280500b899fa66f1fbb3a3a4cdb58728f9b60a59a0d339e8"
                             "c214ce5d5f2fda61490bd70d63bd5a24"));
        QCOMPARE(toHex(crypto::sha256(*first)),
                 std::string("a4013ed2a6bcfe85607e7c27097d63fd4389e87e84073adf6b4cab33873f0c59"));
        // The next block uses the next key and nonce of the chain.
        QCOMPARE(toHex(crypto::sha256(*second)),
                 std::string("4f62b39b79a944a103e909262a86542c0ff07fb2bd868cf05f1ff63f35d04d75"));
    }

    void eachSideOpensWhatTheOtherSealed() {
        BlockCipher server = cipher(BlockCipher::Side::Server);
        BlockCipher client = cipher(BlockCipher::Side::Client);
        for (int i = 0; i < 3; ++i) {
            auto down = server.seal(plainBlock());
            auto up = client.seal(plainBlock());
            QVERIFY(down && up);
            QVERIFY(*down != *up); // the two directions use different chains
            auto atClient = client.open(*down);
            auto atServer = server.open(*up);
            QVERIFY(atClient && atServer);
            QCOMPARE(*atClient, plainBlock());
            QCOMPARE(*atServer, plainBlock());
        }
    }

    void aChangedOrReplayedBlockDoesNotOpen() {
        BlockCipher server = cipher(BlockCipher::Side::Server);
        BlockCipher client = cipher(BlockCipher::Side::Client);
        auto sealed = server.seal(plainBlock());
        QVERIFY(sealed);
        Bytes changed = *sealed;
        changed[100] ^= 1;
        QVERIFY(!client.open(changed));
        // The chain moved on: the untouched block no longer opens either (a replay).
        QVERIFY(!client.open(*sealed));
    }

    void contentMustFitTheSmallerBlock() {
        BlockCipher server = cipher(BlockCipher::Side::Server);
        // A plain block's content may be 16,382 bytes; sealed, 16,366 at most.
        const Bytes fits(smp::kEncryptedBlockPayload - 2, 'x'); // Large prefix takes two
        auto fitting = smp::encodeBlock({fits});
        QVERIFY(fitting);
        QVERIFY(server.seal(*fitting));
        const Bytes tooLarge(smp::kEncryptedBlockPayload - 1, 'x');
        auto large = smp::encodeBlock({tooLarge});
        QVERIFY(large);
        QVERIFY(!server.seal(*large));
    }
};

QTEST_GUILESS_MAIN(TestBlockCipher)
#include "test_block_cipher.moc"
