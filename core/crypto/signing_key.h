#pragma once

#include "crypto/public_key.h"
#include "crypto/secret_bytes.h"
#include "util/bytes.h"
#include "util/result.h"

#include <memory>
#include <openssl/types.h>
#include <string>
#include <string_view>

namespace ferry::core::crypto {

/// An Ed25519 or Ed448 private key held by OpenSSL: certificate keys (offline CA, online leaf)
/// and anything signed inside X.509 structures. Move-only; OpenSSL frees it with clear_free.
class SigningKey {
public:
    /// A fresh key; only Ed25519 and Ed448 are accepted.
    static Result<SigningKey> generate(KeyAlgorithm algorithm);
    /// From a raw private key (32-byte Ed25519 seed or 57-byte Ed448 key).
    static Result<SigningKey> fromRaw(KeyAlgorithm algorithm, ByteView privateKey);
    /// Unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY"), as simplexmq's server.key.
    static Result<SigningKey> fromPem(std::string_view pem);
    static Result<SigningKey> fromPem(const SecretBytes& pem);
    static Result<SigningKey> loadPemFile(const std::string& path);

    /// PKCS#8 PEM text; a secret, hence SecretBytes rather than std::string.
    Result<SecretBytes> toPem() const;
    /// Writes the PEM to `path`, creating it readable by the owner only before the key goes in.
    Result<void> savePemFile(const std::string& path) const;

    KeyAlgorithm algorithm() const { return m_algorithm; }
    PublicKey publicKey() const { return m_public; }
    /// Pure EdDSA signature (64 or 114 bytes).
    Result<Bytes> sign(ByteView message) const;

    /// For OpenSSL APIs (X509_sign, SSL_CTX_use_PrivateKey); ownership stays here.
    EVP_PKEY* handle() const { return m_key.get(); }

    SigningKey(SigningKey&&) noexcept;
    SigningKey& operator=(SigningKey&&) noexcept;
    ~SigningKey();

private:
    struct Deleter {
        void operator()(EVP_PKEY* key) const;
    };
    SigningKey(std::unique_ptr<EVP_PKEY, Deleter> key, KeyAlgorithm algorithm, PublicKey publicKey);
    static Result<SigningKey> adopt(EVP_PKEY* key);

    std::unique_ptr<EVP_PKEY, Deleter> m_key;
    KeyAlgorithm m_algorithm = KeyAlgorithm::Ed25519;
    PublicKey m_public;
};

} // namespace ferry::core::crypto
