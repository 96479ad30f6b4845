#include "crypto/x25519_key_pair.h"

#include "crypto/crypto_errc.h"
#include "crypto/sodium.h"

#include <sodium.h>
#include <utility>

namespace ferry::core::crypto {

X25519KeyPair::X25519KeyPair(Bytes publicKey, SecretBytes secretKey)
    : m_public(std::move(publicKey)), m_secret(std::move(secretKey)) {}

X25519KeyPair X25519KeyPair::generate() {
    ensureSodium();
    SecretBytes sk = SecretBytes::random(crypto_scalarmult_SCALARBYTES);
    Bytes pk(crypto_scalarmult_BYTES);
    crypto_scalarmult_base(pk.data(), sk.data());
    return X25519KeyPair(std::move(pk), std::move(sk));
}

Result<X25519KeyPair> X25519KeyPair::fromSecret(ByteView secret) {
    if (secret.size() != crypto_scalarmult_SCALARBYTES) {
        return makeError(CryptoErrc::Key, "X25519 secret key must be 32 bytes");
    }
    ensureSodium();
    SecretBytes sk(secret);
    Bytes pk(crypto_scalarmult_BYTES);
    crypto_scalarmult_base(pk.data(), sk.data());
    return X25519KeyPair(std::move(pk), std::move(sk));
}

Result<SecretBytes> X25519KeyPair::dh(ByteView peerPublic) const {
    if (peerPublic.size() != crypto_scalarmult_BYTES) {
        return makeError(CryptoErrc::Key, "X25519 public key must be 32 bytes");
    }
    ensureSodium();
    SecretBytes shared(crypto_scalarmult_BYTES);
    // libsodium returns -1 when the result is all zeros; check explicitly too, so the guarantee
    // does not depend on the library version.
    if (crypto_scalarmult(shared.data(), m_secret.data(), peerPublic.data()) != 0 ||
        sodium_is_zero(shared.data(), shared.size())) {
        return makeError(CryptoErrc::Library, "X25519 produced an all-zero shared secret");
    }
    return shared;
}

} // namespace ferry::core::crypto
