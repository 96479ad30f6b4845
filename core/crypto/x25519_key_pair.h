#pragma once

#include "crypto/public_key.h"
#include "crypto/secret_bytes.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstddef>

namespace ferry::core::crypto {

inline constexpr std::size_t kX25519KeySize = 32;

/// An X25519 key pair (libsodium) for DH: queue keys, session keys, ratchets.
class X25519KeyPair {
public:
    static X25519KeyPair generate();
    /// Restores a pair from its 32-byte secret scalar (clamping happens inside the DH).
    static Result<X25519KeyPair> fromSecret(ByteView secret);

    const Bytes& publicKeyRaw() const { return m_public; }
    PublicKey publicKey() const { return {KeyAlgorithm::X25519, m_public}; }
    const SecretBytes& secretKey() const { return m_secret; }

    /// Raw X25519(own secret, peer public): the input simplexmq's `dh'` gives to crypto_box.
    /// Fails for a malformed peer key and for an all-zero result (a small-order peer point),
    /// which would make the "shared" secret known to everybody.
    Result<SecretBytes> dh(ByteView peerPublic) const;

private:
    X25519KeyPair(Bytes publicKey, SecretBytes secretKey);

    Bytes m_public;
    SecretBytes m_secret;
};

} // namespace ferry::core::crypto
