#pragma once

#include "crypto/x25519_key_pair.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstddef>

namespace ferry::core::crypto {

/// 16-byte Poly1305 tag ‖ 64-byte encrypted SHA-512 digest.
inline constexpr std::size_t kCbAuthenticatorSize = 80;

/// SMP v7+ command authorization without signatures (simplexmq `cbAuthenticate`):
/// crypto_box(DH(peerPublic, own), cbNonce(corrId), SHA-512(authorized)).
///
/// The client calls it with the server's session X25519 key as `peerPublic` and the queue's
/// X25519 auth key as `own`; the server verifies with the roles swapped. `corrId` goes through
/// cbNonce(), as the reference server does, so a 24-byte corrId is used unchanged.
Result<Bytes> cbAuthenticate(ByteView peerPublic, const X25519KeyPair& own, ByteView corrId,
                             ByteView authorized);

/// simplexmq `cbVerify`: decrypts the authenticator and compares the digest in constant time.
/// False for a wrong length, key, nonce or message, and for an all-zero DH.
bool cbVerify(ByteView peerPublic, const X25519KeyPair& own, ByteView corrId,
              ByteView authenticator, ByteView authorized);

} // namespace ferry::core::crypto
