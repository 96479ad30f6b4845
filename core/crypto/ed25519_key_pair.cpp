#include "crypto/ed25519_key_pair.h"

#include "crypto/crypto_errc.h"
#include "crypto/sodium.h"

#include <sodium.h>
#include <utility>

namespace ferry::core::crypto {

Ed25519KeyPair::Ed25519KeyPair(Bytes publicKey, SecretBytes secretKey)
    : m_public(std::move(publicKey)), m_secret(std::move(secretKey)) {}

Ed25519KeyPair Ed25519KeyPair::generate() {
    ensureSodium();
    Bytes pk(crypto_sign_PUBLICKEYBYTES);
    SecretBytes sk(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(pk.data(), sk.data());
    return Ed25519KeyPair(std::move(pk), std::move(sk));
}

Result<Ed25519KeyPair> Ed25519KeyPair::fromSeed(ByteView seed) {
    if (seed.size() != crypto_sign_SEEDBYTES) {
        return makeError(CryptoErrc::Key, "Ed25519 seed must be 32 bytes");
    }
    ensureSodium();
    Bytes pk(crypto_sign_PUBLICKEYBYTES);
    SecretBytes sk(crypto_sign_SECRETKEYBYTES);
    crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());
    return Ed25519KeyPair(std::move(pk), std::move(sk));
}

SecretBytes Ed25519KeyPair::seed() const {
    SecretBytes seed(crypto_sign_SEEDBYTES);
    crypto_sign_ed25519_sk_to_seed(seed.data(), m_secret.data());
    return seed;
}

Bytes Ed25519KeyPair::sign(ByteView message) const {
    ensureSodium();
    Bytes signature(crypto_sign_BYTES);
    crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(),
                         m_secret.data());
    return signature;
}

} // namespace ferry::core::crypto
