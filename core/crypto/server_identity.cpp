#include "crypto/server_identity.h"

#include "crypto/crypto_errc.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "crypto/x509_certificate.h"
#include "util/base64.h"

namespace ferry::core::crypto {

namespace {

constexpr std::size_t kMinChain = 2;
constexpr std::size_t kMaxChain = 4;

Error chainError(const std::string& message) {
    return makeError(CryptoErrc::CertChain, message);
}

} // namespace

Bytes serverIdentity(ByteView caCertificateDer) {
    return sha256(caCertificateDer);
}

std::string serverIdentityText(ByteView identity) {
    return base64UrlEncode(identity);
}

Result<PublicKey> verifyServerCertChain(const std::vector<Bytes>& chainDer,
                                        ByteView expectedIdentity) {
    if (chainDer.size() < kMinChain) {
        return chainError("certificate chain too short (" + std::to_string(chainDer.size()) +
                          " certificate; need the online and the offline CA certificate)");
    }
    if (chainDer.size() > kMaxChain) {
        return chainError("certificate chain too long (" + std::to_string(chainDer.size()) +
                          " certificates, at most 4)");
    }
    // The identity is over the bytes as sent, before any parsing could normalise them.
    if (!constantTimeEqual(serverIdentity(chainDer[1]), expectedIdentity)) {
        return chainError("server identity mismatch: the CA certificate's fingerprint is not the "
                          "one in the server address");
    }
    std::vector<X509Certificate> chain;
    for (std::size_t i = 0; i < chainDer.size(); ++i) {
        auto cert = X509Certificate::fromDer(chainDer[i]);
        if (!cert) {
            return chainError("certificate " + std::to_string(i + 1) +
                              " is not valid DER: " + cert.error().message);
        }
        chain.push_back(std::move(cert.value()));
    }
    for (std::size_t i = 0; i < chain.size(); ++i) {
        if (!chain[i].isValidNow()) {
            return chainError("certificate " + std::to_string(i + 1) +
                              " is expired or not yet valid");
        }
    }
    for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
        if (!chain[i + 1].isCa()) {
            return chainError("certificate " + std::to_string(i + 2) +
                              " signs another but is not a CA");
        }
        if (!chain[i].isSignedBy(chain[i + 1])) {
            return chainError(
                i == 0 ? std::string("online certificate is not signed by the CA certificate")
                       : "certificate " + std::to_string(i + 1) + " is not signed by certificate " +
                             std::to_string(i + 2));
        }
    }
    auto leafKey = chain[0].publicKey();
    if (!leafKey || !leafKey->isSigningKey()) {
        return chainError("online certificate key is not Ed25519 or Ed448");
    }
    return leafKey;
}

} // namespace ferry::core::crypto
