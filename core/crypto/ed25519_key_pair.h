#pragma once

#include "crypto/public_key.h"
#include "crypto/secret_bytes.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstddef>

namespace ferry::core::crypto {

inline constexpr std::size_t kEd25519PublicKeySize = 32;
inline constexpr std::size_t kEd25519SeedSize = 32;
inline constexpr std::size_t kEd25519SignatureSize = 64;

/// An Ed25519 key pair (libsodium) for per-queue command signing; the secret half wipes itself.
class Ed25519KeyPair {
public:
    static Ed25519KeyPair generate();
    /// Deterministic key pair from a 32-byte seed (RFC 8032's "private key").
    static Result<Ed25519KeyPair> fromSeed(ByteView seed);

    const Bytes& publicKeyRaw() const { return m_public; }
    PublicKey publicKey() const { return {KeyAlgorithm::Ed25519, m_public}; }
    /// The 32-byte seed, which is all that needs storing to restore the pair.
    SecretBytes seed() const;

    /// Detached 64-byte signature.
    Bytes sign(ByteView message) const;

private:
    Ed25519KeyPair(Bytes publicKey, SecretBytes secretKey);

    Bytes m_public;
    SecretBytes m_secret; ///< libsodium form: seed ‖ public key (64 bytes)
};

} // namespace ferry::core::crypto
