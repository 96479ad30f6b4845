#pragma once

#include "crypto/public_key.h"
#include "util/bytes.h"

#include <cstddef>

namespace ferry::core::crypto {

inline constexpr std::size_t kEd448PublicKeySize = 57;
inline constexpr std::size_t kEd448SignatureSize = 114;

/// RFC 8032 Ed25519 verification (libsodium, which also rejects small-order and non-canonical
/// encodings). False for wrong lengths.
bool verifyEd25519(ByteView publicKey, ByteView message, ByteView signature);

/// RFC 8032 Ed448 verification (pure Ed448, empty context) through OpenSSL: existing SimpleX
/// relays sign with Ed448 certificate keys. False for wrong lengths.
bool verifyEd448(ByteView publicKey, ByteView message, ByteView signature);

/// Dispatches on the key's algorithm; false for a key that cannot sign (X25519/X448).
bool verifySignature(const PublicKey& key, ByteView message, ByteView signature);

} // namespace ferry::core::crypto
