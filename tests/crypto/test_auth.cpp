#include "crypto/cb_authenticator.h"
#include "crypto/crypto_box.h"
#include "crypto/crypto_errc.h"
#include "crypto/ed25519_key_pair.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "crypto/signing_key.h"
#include "crypto/transmission_auth.h"
#include "crypto/x25519_key_pair.h"
#include "util/bytes.h"

#include <QTest>

using namespace ferry::core;
using namespace ferry::core::crypto;

/// SMP command authorization: crypto_box authenticator (v7+), Ed25519/Ed448 signatures.
class TestAuth : public QObject {
    Q_OBJECT

private:
    // The queue's X25519 auth key (client side) and the server's per-connection session key.
    X25519KeyPair m_queueKey = X25519KeyPair::generate();
    X25519KeyPair m_sessionKey = X25519KeyPair::generate();
    Bytes m_corrId = randomBytes(24);
    Bytes m_authorized = toBytes("sessionId|corrId|entityId|SEND F hello");

private slots:
    void authenticatorRoundTrip() {
        auto auth = cbAuthenticate(m_sessionKey.publicKeyRaw(), m_queueKey, m_corrId, m_authorized);
        QVERIFY(auth.ok());
        QCOMPARE(auth->size(), kCbAuthenticatorSize);
        // The server verifies with the roles swapped.
        QVERIFY(cbVerify(m_queueKey.publicKeyRaw(), m_sessionKey, m_corrId, *auth, m_authorized));
    }

    // cbAuthenticate = crypto_box(DH, cbNonce(corrId), SHA-512(authorized)), tag first.
    void authenticatorLayout() {
        auto auth = cbAuthenticate(m_sessionKey.publicKeyRaw(), m_queueKey, m_corrId, m_authorized);
        QVERIFY(auth.ok());
        auto box = CryptoBox::fromDh(m_queueKey.publicKeyRaw(), m_sessionKey);
        QVERIFY(box.ok());
        auto digest = box->open(m_corrId, *auth);
        QVERIFY(digest.ok());
        QVERIFY(*digest == sha512(m_authorized));
        auto expected = box->seal(m_corrId, sha512(m_authorized));
        QVERIFY(expected.ok());
        QVERIFY(*expected == *auth);
    }

    void authenticatorRejects() {
        auto auth = cbAuthenticate(m_sessionKey.publicKeyRaw(), m_queueKey, m_corrId, m_authorized);
        QVERIFY(auth.ok());
        const auto otherKey = X25519KeyPair::generate();
        QVERIFY(!cbVerify(otherKey.publicKeyRaw(), m_sessionKey, m_corrId, *auth, m_authorized));
        QVERIFY(!cbVerify(m_queueKey.publicKeyRaw(), otherKey, m_corrId, *auth, m_authorized));
        QVERIFY(!cbVerify(m_queueKey.publicKeyRaw(), m_sessionKey, randomBytes(24), *auth,
                          m_authorized));
        Bytes changed = m_authorized;
        changed.back() ^= 0x01;
        QVERIFY(!cbVerify(m_queueKey.publicKeyRaw(), m_sessionKey, m_corrId, *auth, changed));
        Bytes tampered = *auth;
        tampered[40] ^= 0x01;
        QVERIFY(
            !cbVerify(m_queueKey.publicKeyRaw(), m_sessionKey, m_corrId, tampered, m_authorized));
        QVERIFY(!cbVerify(m_queueKey.publicKeyRaw(), m_sessionKey, m_corrId,
                          ByteView(*auth).first(79), m_authorized));
        QVERIFY(!cbVerify(Bytes(32, 0), m_sessionKey, m_corrId, *auth, m_authorized));
    }

    // A short corrId is zero-padded to the 24-byte nonce, as the reference server does.
    void shortCorrIdIsPadded() {
        const Bytes shortId = toBytes("1");
        auto auth = cbAuthenticate(m_sessionKey.publicKeyRaw(), m_queueKey, shortId, m_authorized);
        QVERIFY(auth.ok());
        QVERIFY(cbVerify(m_queueKey.publicKeyRaw(), m_sessionKey, cbNonce(shortId), *auth,
                         m_authorized));
    }

    void authKindByLength() {
        QCOMPARE(*transmissionAuthKind({}), TransmissionAuthKind::None);
        QCOMPARE(*transmissionAuthKind(Bytes(64)), TransmissionAuthKind::Ed25519Signature);
        QCOMPARE(*transmissionAuthKind(Bytes(114)), TransmissionAuthKind::Ed448Signature);
        QCOMPARE(*transmissionAuthKind(Bytes(80)), TransmissionAuthKind::Authenticator);
        QVERIFY(!transmissionAuthKind(Bytes(63)).ok());
        QVERIFY(!transmissionAuthKind(Bytes(81)).ok());
    }

    void verifyDispatchAuthenticator() {
        auto auth = cbAuthenticate(m_sessionKey.publicKeyRaw(), m_queueKey, m_corrId, m_authorized);
        QVERIFY(auth.ok());
        const PublicKey queueKey = m_queueKey.publicKey();
        QVERIFY(
            verifyTransmissionAuth(queueKey, *auth, m_authorized, m_corrId, &m_sessionKey).ok());
        const auto noSession =
            verifyTransmissionAuth(queueKey, *auth, m_authorized, m_corrId, nullptr);
        QVERIFY(!noSession.ok());
        QCOMPARE(noSession.error().code, std::error_code(ferry::core::crypto::CryptoErrc::Auth));
        QVERIFY(!verifyTransmissionAuth(queueKey, *auth, toBytes("other"), m_corrId, &m_sessionKey)
                     .ok());
    }

    void verifyDispatchEd25519() {
        const auto signer = Ed25519KeyPair::generate();
        const Bytes sig = signer.sign(m_authorized);
        QVERIFY(
            verifyTransmissionAuth(signer.publicKey(), sig, m_authorized, m_corrId, nullptr).ok());
        QVERIFY(
            !verifyTransmissionAuth(signer.publicKey(), sig, toBytes("x"), m_corrId, nullptr).ok());
        // A signature never verifies against an X25519 key, nor an authenticator against Ed25519.
        QVERIFY(!verifyTransmissionAuth(m_queueKey.publicKey(), sig, m_authorized, m_corrId,
                                        &m_sessionKey)
                     .ok());
        auto auth = cbAuthenticate(m_sessionKey.publicKeyRaw(), m_queueKey, m_corrId, m_authorized);
        QVERIFY(auth.ok());
        QVERIFY(!verifyTransmissionAuth(signer.publicKey(), *auth, m_authorized, m_corrId,
                                        &m_sessionKey)
                     .ok());
        QVERIFY(
            !verifyTransmissionAuth(signer.publicKey(), {}, m_authorized, m_corrId, nullptr).ok());
    }

    void verifyDispatchEd448() {
        auto signer = SigningKey::generate(KeyAlgorithm::Ed448);
        QVERIFY(signer.ok());
        auto sig = signer->sign(m_authorized);
        QVERIFY(sig.ok());
        QCOMPARE(sig->size(), std::size_t{114});
        QVERIFY(verifyTransmissionAuth(signer->publicKey(), *sig, m_authorized, m_corrId, nullptr)
                    .ok());
        Bytes bad = *sig;
        bad[5] ^= 0x10;
        QVERIFY(!verifyTransmissionAuth(signer->publicKey(), bad, m_authorized, m_corrId, nullptr)
                     .ok());
    }
};

QTEST_APPLESS_MAIN(TestAuth)
#include "test_auth.moc"
