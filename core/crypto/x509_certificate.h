#pragma once

#include "crypto/public_key.h"
#include "util/bytes.h"
#include "util/result.h"

#include <memory>
#include <openssl/types.h>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::core::crypto {

/// An X.509 certificate (OpenSSL), immutable once made; copies share the handle.
class X509Certificate {
public:
    static Result<X509Certificate> fromDer(ByteView der);
    /// The first certificate in PEM text.
    static Result<X509Certificate> fromPem(std::string_view pem);
    /// Every certificate in PEM text, in order (a chain file); fails if there is none.
    static Result<std::vector<X509Certificate>> chainFromPem(std::string_view pem);
    static Result<X509Certificate> loadPemFile(const std::string& path);
    /// Takes ownership of `cert` (for code that gets an X509* from OpenSSL, e.g. a TLS peer).
    static Result<X509Certificate> adopt(X509* cert);

    Bytes toDer() const;
    std::string toPem() const;
    Result<void> savePemFile(const std::string& path) const;

    /// The subject public key; RFC 8410 keys only (Ed25519, Ed448, X25519, X448).
    Result<PublicKey> publicKey() const;
    /// SHA-256 of the DER: for the CA certificate this is the SMP server identity.
    Bytes fingerprintSha256() const;
    /// True when `issuer`'s key verifies this certificate's signature (Ed25519 or Ed448). Only
    /// the signature is checked, not names, validity or extensions.
    bool isSignedBy(const X509Certificate& issuer) const;
    /// basicConstraints CA:TRUE.
    bool isCa() const;
    /// notBefore <= now <= notAfter.
    bool isValidNow() const;
    std::string subjectCommonName() const;

    /// For OpenSSL APIs; ownership stays here.
    X509* handle() const { return m_cert.get(); }

private:
    explicit X509Certificate(std::shared_ptr<X509> cert);

    std::shared_ptr<X509> m_cert;
};

} // namespace ferry::core::crypto
