#pragma once

#include "util/bytes.h"
#include "util/result.h"

#include <cstdint>

namespace ferry::core::crypto {

/// The key algorithms SMP puts on the wire (RFC 8410 curves).
enum class KeyAlgorithm : std::uint8_t { Ed25519, Ed448, X25519, X448 };

/// A raw public key with its algorithm; SMP transmits it as X.509 SubjectPublicKeyInfo DER.
struct PublicKey {
    KeyAlgorithm algorithm = KeyAlgorithm::Ed25519;
    Bytes raw;

    bool isSigningKey() const {
        return algorithm == KeyAlgorithm::Ed25519 || algorithm == KeyAlgorithm::Ed448;
    }
    bool operator==(const PublicKey&) const = default;
};

/// Raw key length of an algorithm (32, 57, 32, 56).
std::size_t rawKeySize(KeyAlgorithm algorithm);
const char* algorithmName(KeyAlgorithm algorithm);

/// SubjectPublicKeyInfo DER: SEQUENCE { SEQUENCE { OID 1.3.101.11x }, BIT STRING key }.
Bytes encodeSpki(const PublicKey& key);
/// Parses exactly the RFC 8410 SPKI form; anything else is an error.
Result<PublicKey> decodeSpki(ByteView der);

} // namespace ferry::core::crypto
