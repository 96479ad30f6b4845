// Private routing's wire forms, byte-exact from simplexmq's encoders: `FwdTransmission` and
// `FwdResponse` (Protocol.hs, `smpEncode (corrId, fwdVersion, fwdKey, Tail t)` and
// `smpEncode (corrId, Tail t)`), `reverseNonce` (Crypto.hs) and the sender's padded layer
// (`cbEncrypt … paddedProxiedTLength`).
#include "byte_literals.h"
#include "crypto/crypto_box.h"
#include "crypto/x25519_key_pair.h"
#include "smp/block.h"
#include "smp/forwarding.h"

#include <QtTest>

using namespace ferry::core;
using namespace ferry::test;

namespace {

// X25519 SubjectPublicKeyInfo DER of the raw key 20 21 … 3f.
const char* kSpki = "302a300506032b656e032100"
                    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";

crypto::PublicKey xKey() {
    return {crypto::KeyAlgorithm::X25519,
            hex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f")};
}

} // namespace

class TestForwarding : public QObject {
    Q_OBJECT

private slots:
    void fwdTransmissionBytes() {
        const Bytes corrId = hex("000102030405060708090a0b0c0d0e0f1011121314151617");
        const smp::FwdTransmission t{corrId, 9, xKey(), ascii("sealed")};
        const Bytes expected = cat(hex("18"), corrId, hex("0009 2c"), hex(kSpki), ascii("sealed"));
        QCOMPARE(toHex(smp::encodeFwdTransmission(t)), toHex(expected));
        auto decoded = smp::decodeFwdTransmission(expected);
        QVERIFY(decoded);
        QVERIFY(*decoded == t);
    }

    void fwdTransmissionRefusesOtherKeysAndTruncation() {
        const Bytes corrId(24, 1);
        // An Ed25519 key where X25519 belongs.
        const Bytes ed = hex("302a300506032b6570032100"
                             "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
        QVERIFY(!smp::decodeFwdTransmission(cat(hex("18"), corrId, hex("0009 2c"), ed)));
        QVERIFY(!smp::decodeFwdTransmission(cat(hex("18"), corrId, hex("00"))));
        QVERIFY(!smp::decodeFwdTransmission(hex("")));
    }

    void fwdResponseBytes() {
        const Bytes corrId(24, 7);
        const smp::FwdResponse r{corrId, ascii("answer")};
        const Bytes expected = cat(hex("18"), corrId, ascii("answer"));
        QCOMPARE(toHex(smp::encodeFwdResponse(r)), toHex(expected));
        auto decoded = smp::decodeFwdResponse(expected);
        QVERIFY(decoded && *decoded == r);
    }

    void reversedNonce() {
        QCOMPARE(toHex(smp::reversedNonce(hex("000102030405060708090a0b0c0d0e0f1011121314151617"))),
                 std::string("17161514131211100f0e0d0c0b0a09080706050403020100"));
        // A shorter id is zero-padded to 24 bytes first (cbNonce), then reversed.
        QCOMPARE(toHex(smp::reversedNonce(hex("0102"))), std::string(44, '0') + "0201");
    }

    void senderLayerIsPaddedToOneSize() {
        const auto a = crypto::X25519KeyPair::generate();
        const auto b = crypto::X25519KeyPair::generate();
        auto box = crypto::CryptoBox::fromDh(b.publicKey().raw, a);
        auto peer = crypto::CryptoBox::fromDh(a.publicKey().raw, b);
        QVERIFY(box && peer);
        const Bytes nonce = hex("000102030405060708090a0b0c0d0e0f1011121314151617");
        auto batch = smp::encodeBatch({ascii("t1")}, smp::kProxiedTransmissionSize - 2);
        QVERIFY(batch);
        QCOMPARE(toHex(*batch), toHex(cat(hex("01 0002"), ascii("t1"))));
        auto sealed = smp::sealProxied(*box, nonce, *batch);
        QVERIFY(sealed);
        QCOMPARE(sealed->size(), smp::kProxiedTransmissionSize + crypto::kCryptoBoxTagSize);
        auto opened = smp::openProxied(*peer, nonce, *sealed);
        QVERIFY(opened && *opened == *batch);
        QVERIFY(!smp::openProxied(*peer, smp::reversedNonce(nonce), *sealed));
        // Content that cannot fit the padded size is refused, not cut.
        QVERIFY(!smp::sealProxied(*box, nonce, Bytes(smp::kProxiedTransmissionSize - 1, 0)));
    }
};

QTEST_GUILESS_MAIN(TestForwarding)
#include "test_forwarding.moc"
