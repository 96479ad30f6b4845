#pragma once

#include "crypto/public_key.h"
#include "crypto/signing_key.h"
#include "util/bytes.h"
#include "util/result.h"

namespace ferry::core::crypto {

/// DER of an X.509 "SignedExact" over a public key, as simplexmq's `signX509 key (publicToX509 k)`
/// (x509 library `objectToSignedExact`):
///
///     SEQUENCE {
///       SEQUENCE { SubjectPublicKeyInfo }      -- the object, wrapped in one more SEQUENCE
///       SEQUENCE { OID 1.3.101.112 | 1.3.101.113 }   -- Ed25519 | Ed448, no parameters
///       BIT STRING (0 unused bits) signature   -- over the DER of the wrapped object above
///     }
///
/// The server sends it in its handshake (v7+) over its per-connection X25519 key, signed with the
/// online certificate's key. Works for any RFC 8410 key as the object.
Result<Bytes> makeSignedKey(const SigningKey& signer, const PublicKey& key);

/// Parses and verifies a signed key with `signer` (Ed25519 or Ed448; the algorithm in the
/// structure must match it) and returns the key inside.
Result<PublicKey> verifySignedKey(const PublicKey& signer, ByteView der);

/// makeSignedKey for the handshake's session key; `sessionKey` must be X25519.
Result<Bytes> makeSignedSessionKey(const SigningKey& leafKey, const PublicKey& sessionKey);
/// verifySignedKey that also requires the signed key to be X25519.
Result<PublicKey> verifySignedSessionKey(const PublicKey& leafKey, ByteView der);

} // namespace ferry::core::crypto
