#pragma once

#include "crypto/public_key.h"
#include "crypto/x25519_key_pair.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstdint>

namespace ferry::core::crypto {

/// What the `auth` field of an SMP transmission holds, told apart by its length as simplexmq's
/// `decodeTAuthBytes` does: 0 none, 80 authenticator, 64 Ed25519, 114 Ed448.
enum class TransmissionAuthKind : std::uint8_t {
    None,
    Ed25519Signature,
    Ed448Signature,
    Authenticator
};

/// Classifies `auth` by length; any other length is an error.
Result<TransmissionAuthKind> transmissionAuthKind(ByteView auth);

/// Checks an SMP transmission's authorization against the entity's (queue's) key.
///
/// `authorized` is the signed part of the transmission (shortString(sessionId) ‖
/// shortString(corrId) ‖ shortString(entityId) ‖ command). An Ed25519/Ed448 signature must come
/// with a key of the same algorithm; an authenticator with an X25519 entity key, and then
/// `serverSessionKey` (the server's per-connection X25519 pair) is needed to recompute the DH.
/// Empty auth is an error here: whether a command may go unauthenticated is the caller's rule.
/// Every failure is one error code ("auth"), matching the single `ERR AUTH` on the wire.
Result<void> verifyTransmissionAuth(const PublicKey& entityKey, ByteView auth, ByteView authorized,
                                    ByteView corrId, const X25519KeyPair* serverSessionKey);

} // namespace ferry::core::crypto
