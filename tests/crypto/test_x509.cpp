#include "crypto/certificate_issuer.h"
#include "crypto/hash.h"
#include "crypto/server_identity.h"
#include "crypto/signed_session_key.h"
#include "crypto/signing_key.h"
#include "crypto/x25519_key_pair.h"
#include "crypto/x509_certificate.h"
#include "util/base64.h"
#include "util/bytes.h"

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <optional>

using namespace ferry::core;
using namespace ferry::core::crypto;

namespace {

QString hex(ByteView bytes) {
    return QString::fromStdString(toHex(bytes));
}

QString fixture(const char* relative) {
    return QStringLiteral(FERRY_SHARED_FIXTURES "/simplexmq/") + QLatin1String(relative);
}

// An offline CA and an online certificate, like a relay's, with keys of `algorithm`.
struct TestChain {
    SigningKey caKey;
    SigningKey leafKey;
    X509Certificate ca;
    X509Certificate leaf;

    std::vector<Bytes> der() const { return {leaf.toDer(), ca.toDer()}; }
};

std::optional<TestChain> makeChain(KeyAlgorithm algorithm, const std::string& cn = "Ferry CA") {
    auto caKey = SigningKey::generate(algorithm);
    auto leafKey = SigningKey::generate(algorithm);
    if (!caKey || !leafKey) {
        return std::nullopt;
    }
    auto ca = issueCaCertificate(*caKey, {cn, "Ferry", 0, {}});
    if (!ca) {
        return std::nullopt;
    }
    auto leaf =
        issueOnlineCertificate(*leafKey, *ca, *caKey, {"relay.example", "", 0, {"relay.example"}});
    if (!leaf) {
        return std::nullopt;
    }
    return TestChain{std::move(caKey.value()), std::move(leafKey.value()), *ca, *leaf};
}

} // namespace

/// Certificates, server identity, chain checks and the signed session key of the handshake.
class TestX509 : public QObject {
    Q_OBJECT

private slots:
    void generateCaAndLeaf_data() {
        QTest::addColumn<int>("algorithm");
        QTest::newRow("Ed25519") << int(KeyAlgorithm::Ed25519);
        QTest::newRow("Ed448") << int(KeyAlgorithm::Ed448);
    }

    void generateCaAndLeaf() {
        QFETCH(int, algorithm);
        const auto alg = static_cast<KeyAlgorithm>(algorithm);
        auto chain = makeChain(alg, "My Relay CA");
        QVERIFY(chain);
        QVERIFY(chain->ca.isCa());
        QVERIFY(!chain->leaf.isCa());
        QVERIFY(chain->ca.isValidNow());
        QVERIFY(chain->leaf.isValidNow());
        QCOMPARE(QString::fromStdString(chain->ca.subjectCommonName()),
                 QStringLiteral("My Relay CA"));
        QCOMPARE(QString::fromStdString(chain->leaf.subjectCommonName()),
                 QStringLiteral("relay.example"));
        QVERIFY(chain->ca.isSignedBy(chain->ca));
        QVERIFY(chain->leaf.isSignedBy(chain->ca));
        QVERIFY(!chain->ca.isSignedBy(chain->leaf));
        auto caPublic = chain->ca.publicKey();
        QVERIFY(caPublic.ok());
        QVERIFY(*caPublic == chain->caKey.publicKey());
        auto leafPublic = chain->leaf.publicKey();
        QVERIFY(leafPublic.ok());
        QVERIFY(*leafPublic == chain->leafKey.publicKey());
        QCOMPARE(leafPublic->algorithm, alg);

        // Not signed by a different CA.
        auto other = makeChain(alg);
        QVERIFY(other);
        QVERIFY(!chain->leaf.isSignedBy(other->ca));

        // The CA key must match the CA certificate.
        QVERIFY(!issueOnlineCertificate(chain->leafKey, chain->ca, other->caKey, {"x", "", 0, {}})
                     .ok());
        QVERIFY(!issueCaCertificate(chain->caKey, {"", "", 0, {}}).ok());
    }

    void pemAndDerRoundTrip() {
        auto chain = makeChain(KeyAlgorithm::Ed25519);
        QVERIFY(chain);
        const std::string pem = chain->ca.toPem();
        QVERIFY(pem.starts_with("-----BEGIN CERTIFICATE-----"));
        auto fromPem = X509Certificate::fromPem(pem);
        QVERIFY(fromPem.ok());
        QVERIFY(fromPem->toDer() == chain->ca.toDer());
        auto fromDer = X509Certificate::fromDer(chain->ca.toDer());
        QVERIFY(fromDer.ok());
        QVERIFY(fromDer->fingerprintSha256() == chain->ca.fingerprintSha256());

        auto both = X509Certificate::chainFromPem(chain->leaf.toPem() + chain->ca.toPem());
        QVERIFY(both.ok());
        QCOMPARE(both->size(), std::size_t{2});
        QVERIFY((*both)[1].toDer() == chain->ca.toDer());

        Bytes trailing = chain->ca.toDer();
        trailing.push_back(0);
        QVERIFY(!X509Certificate::fromDer(trailing).ok());
        QVERIFY(!X509Certificate::fromDer(Bytes{0x30, 0x03, 0x01}).ok());
        QVERIFY(!X509Certificate::fromPem("garbage").ok());
    }

    void filesRoundTrip() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto chain = makeChain(KeyAlgorithm::Ed25519);
        QVERIFY(chain);
        const std::string certPath = dir.filePath("ca.crt").toStdString();
        const std::string keyPath = dir.filePath("ca.key").toStdString();
        QVERIFY(chain->ca.savePemFile(certPath).ok());
        QVERIFY(chain->caKey.savePemFile(keyPath).ok());
        const auto perms = std::filesystem::status(keyPath).permissions();
        QVERIFY((perms & (std::filesystem::perms::group_all |
                          std::filesystem::perms::others_all)) == std::filesystem::perms::none);
        auto cert = X509Certificate::loadPemFile(certPath);
        QVERIFY(cert.ok());
        QVERIFY(cert->toDer() == chain->ca.toDer());
        auto key = SigningKey::loadPemFile(keyPath);
        QVERIFY(key.ok());
        QVERIFY(key->publicKey() == chain->caKey.publicKey());
        QVERIFY(!X509Certificate::loadPemFile(dir.filePath("missing").toStdString()).ok());
        QVERIFY(!SigningKey::loadPemFile(dir.filePath("missing").toStdString()).ok());
    }

    void identityIsSha256OfCaDer() {
        auto chain = makeChain(KeyAlgorithm::Ed25519);
        QVERIFY(chain);
        const Bytes identity = serverIdentity(chain->ca.toDer());
        QVERIFY(identity == sha256(chain->ca.toDer()));
        QVERIFY(identity == chain->ca.fingerprintSha256());
        // Stable across a PEM round trip.
        auto reloaded = X509Certificate::fromPem(chain->ca.toPem());
        QVERIFY(reloaded.ok());
        QVERIFY(serverIdentity(reloaded->toDer()) == identity);
        const std::string text = serverIdentityText(identity);
        QCOMPARE(text.size(), std::size_t{44});
        QVERIFY(text.ends_with("="));
        auto decoded = base64UrlDecode(text);
        QVERIFY(decoded.ok());
        QVERIFY(*decoded == identity);
    }

    void chainVerification() {
        auto chain = makeChain(KeyAlgorithm::Ed25519);
        auto other = makeChain(KeyAlgorithm::Ed25519);
        QVERIFY(chain && other);
        const Bytes identity = chain->ca.fingerprintSha256();

        auto leafKey = verifyServerCertChain(chain->der(), identity);
        QVERIFY2(leafKey.ok(), leafKey.ok() ? "" : leafKey.error().message.c_str());
        QVERIFY(*leafKey == chain->leafKey.publicKey());

        auto mismatch = verifyServerCertChain(chain->der(), other->ca.fingerprintSha256());
        QVERIFY(!mismatch.ok());
        QVERIFY(mismatch.error().message.starts_with("server identity mismatch"));

        // Right identity, but the leaf comes from another CA.
        auto foreignLeaf =
            verifyServerCertChain({other->leaf.toDer(), chain->ca.toDer()}, identity);
        QVERIFY(!foreignLeaf.ok());
        QVERIFY(foreignLeaf.error().message.find("not signed") != std::string::npos);

        QVERIFY(!verifyServerCertChain({chain->ca.toDer()}, identity).ok());
        QVERIFY(!verifyServerCertChain({}, identity).ok());
        const Bytes leaf = chain->leaf.toDer();
        const Bytes ca = chain->ca.toDer();
        QVERIFY(!verifyServerCertChain({leaf, ca, ca, ca, ca}, identity).ok());
        // Three and four certificates: identity is still the 2nd, each signed by the next.
        QVERIFY(verifyServerCertChain({leaf, ca, ca}, identity).ok());
        QVERIFY(verifyServerCertChain({leaf, ca, ca, ca}, identity).ok());
        // A leaf cannot act as a CA.
        QVERIFY(!verifyServerCertChain({leaf, leaf}, chain->leaf.fingerprintSha256()).ok());
        Bytes corrupt = ca;
        corrupt[corrupt.size() / 2] ^= 0x01;
        QVERIFY(!verifyServerCertChain({leaf, corrupt}, sha256(corrupt)).ok());
    }

    void signedSessionKey_data() {
        QTest::addColumn<int>("algorithm");
        QTest::newRow("Ed25519") << int(KeyAlgorithm::Ed25519);
        QTest::newRow("Ed448") << int(KeyAlgorithm::Ed448);
    }

    void signedSessionKey() {
        QFETCH(int, algorithm);
        auto chain = makeChain(static_cast<KeyAlgorithm>(algorithm));
        QVERIFY(chain);
        const auto session = X25519KeyPair::generate();
        auto der = makeSignedSessionKey(chain->leafKey, session.publicKey());
        QVERIFY(der.ok());
        const bool ed448 = static_cast<KeyAlgorithm>(algorithm) == KeyAlgorithm::Ed448;
        QCOMPARE(der->size(), std::size_t{ed448 ? 173U : 122U});

        auto leafKey = verifyServerCertChain(chain->der(), chain->ca.fingerprintSha256());
        QVERIFY(leafKey.ok());
        auto key = verifySignedSessionKey(*leafKey, *der);
        QVERIFY2(key.ok(), key.ok() ? "" : key.error().message.c_str());
        QVERIFY(*key == session.publicKey());

        // Any flipped byte breaks either the structure or the signature.
        for (std::size_t i = 0; i < der->size(); ++i) {
            Bytes tampered = *der;
            tampered[i] ^= 0x01;
            QVERIFY2(!verifySignedSessionKey(*leafKey, tampered).ok(),
                     qPrintable(QString::number(i)));
        }
        Bytes trailing = *der;
        trailing.push_back(0);
        QVERIFY(!verifySignedSessionKey(*leafKey, trailing).ok());
        // Another key, or the CA key, does not verify it.
        QVERIFY(!verifySignedSessionKey(chain->caKey.publicKey(), *der).ok());
        QVERIFY(!makeSignedSessionKey(chain->leafKey, chain->leafKey.publicKey()).ok());
        // A non-X25519 key can be signed generically but is not a session key.
        auto signedEd = makeSignedKey(chain->leafKey, chain->caKey.publicKey());
        QVERIFY(signedEd.ok());
        QVERIFY(verifySignedKey(*leafKey, *signedEd).ok());
        QVERIFY(!verifySignedSessionKey(*leafKey, *signedEd).ok());
    }

    // The exact bytes of simplexmq's SignedExact over an X25519 SPKI, for a fixed key.
    void signedSessionKeyLayout() {
        auto signer = SigningKey::fromRaw(KeyAlgorithm::Ed25519, Bytes(32, 0x11));
        QVERIFY(signer.ok());
        const PublicKey session{KeyAlgorithm::X25519, Bytes(32, 0xaa)};
        auto der = makeSignedSessionKey(*signer, session);
        QVERIFY(der.ok());
        const QString object = "302c302a300506032b656e032100" + QString(64, 'a');
        QCOMPARE(hex(ByteView(*der).first(2)), QStringLiteral("3078"));
        QCOMPARE(hex(ByteView(*der).subspan(2, 46)), object);
        QCOMPARE(hex(ByteView(*der).subspan(48, 7)), QStringLiteral("300506032b6570"));
        QCOMPARE(hex(ByteView(*der).subspan(55, 3)), QStringLiteral("034100"));
        auto sig = signer->sign(ByteView(*der).subspan(2, 46));
        QVERIFY(sig.ok());
        QVERIFY(equal(ByteView(*der).subspan(58), *sig));
    }

    // Reference certificates from simplexmq's test suite (see the README in that folder).
    void simplexmqFixtures_data() {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QString>("identity");
        QTest::addColumn<int>("algorithm");
        QTest::newRow("Ed448") << ""
                               << "LcJUMfVhwD8yxjAiSaDzzGF3-kLG4Uh0Fl_ZIjrRwjI="
                               << int(KeyAlgorithm::Ed448);
        QTest::newRow("Ed25519") << "ed25519/"
                                 << "evk6yvqIaOtOVWfFhXQTdQRtlKeDy_4MXsJDYh2agys="
                                 << int(KeyAlgorithm::Ed25519);
    }

    void simplexmqFixtures() {
        QFETCH(QString, dir);
        QFETCH(QString, identity);
        QFETCH(int, algorithm);
        if (!std::filesystem::exists(fixture("ca.crt").toStdString())) {
            QSKIP("simplexmq reference certificates not found at " FERRY_SHARED_FIXTURES
                  "/simplexmq (the shared fixtures folder is absent)");
        }
        auto ca = X509Certificate::loadPemFile(fixture(qPrintable(dir + "ca.crt")).toStdString());
        auto leaf =
            X509Certificate::loadPemFile(fixture(qPrintable(dir + "server.crt")).toStdString());
        auto key = SigningKey::loadPemFile(fixture(qPrintable(dir + "server.key")).toStdString());
        QVERIFY(ca.ok() && leaf.ok() && key.ok());
        QCOMPARE(QString::fromStdString(serverIdentityText(serverIdentity(ca->toDer()))), identity);
        QVERIFY(ca->isCa());
        QVERIFY(leaf->isSignedBy(*ca));
        QCOMPARE(int(key->algorithm()), algorithm);
        auto leafPublic = leaf->publicKey();
        QVERIFY(leafPublic.ok());
        QVERIFY(*leafPublic == key->publicKey());

        auto identityBytes = base64UrlDecode(identity.toStdString());
        QVERIFY(identityBytes.ok());
        auto chainKey = verifyServerCertChain({leaf->toDer(), ca->toDer()}, *identityBytes);
        QVERIFY2(chainKey.ok(), chainKey.ok() ? "" : chainKey.error().message.c_str());
        QVERIFY(*chainKey == *leafPublic);

        // A session key signed by the reference server key verifies with its certificate.
        const auto session = X25519KeyPair::generate();
        auto der = makeSignedSessionKey(*key, session.publicKey());
        QVERIFY(der.ok());
        auto verified = verifySignedSessionKey(*chainKey, *der);
        QVERIFY(verified.ok());
        QVERIFY(*verified == session.publicKey());

        // A Ferry-generated CA does not vouch for the reference leaf.
        auto ours = makeChain(static_cast<KeyAlgorithm>(algorithm));
        QVERIFY(ours);
        QVERIFY(!leaf->isSignedBy(ours->ca));
    }
};

QTEST_APPLESS_MAIN(TestX509)
#include "test_x509.moc"
