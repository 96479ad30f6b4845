#pragma once

#include "crypto/secret_bytes.h"
#include "crypto/x25519_key_pair.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstddef>

namespace ferry::core::crypto {

inline constexpr std::size_t kCryptoBoxNonceSize = 24;
inline constexpr std::size_t kCryptoBoxTagSize = 16;
inline constexpr std::size_t kCryptoBoxKeySize = 32;

/// simplexmq's `cbNonce`: a correlation or message id used as a 24-byte nonce, truncated when
/// longer and padded with zero bytes when shorter.
Bytes cbNonce(ByteView id);

/// NaCl crypto_box (XSalsa20-Poly1305) with a precomputed key; the key wipes itself.
///
/// Output is tag(16) ‖ ciphertext, exactly simplexmq's `cryptoBox` (cbEncryptNoPad /
/// sbEncryptNoPad), which is libsodium's crypto_box_easy_afternm layout. Padding is the codec's
/// business, not this class's.
class CryptoBox {
public:
    /// crypto_box_beforenm(peerPublic, own secret): HSalsa20 over the X25519 result. Fails on an
    /// all-zero DH output.
    static Result<CryptoBox> fromDh(ByteView peerPublic, const X25519KeyPair& own);
    /// From a raw 32-byte secret: either an X25519 output (simplexmq `DhSecretX25519`) or a SimpleX
    /// symmetric key (`SbKey`, e.g. the v11 block chain). simplexmq runs HSalsa20(key, 16 zero
    /// bytes) on both before XSalsa20, so this is NOT plain crypto_secretbox with `key`.
    static Result<CryptoBox> fromSharedSecret(ByteView secret);
    /// Wraps a key that is already the secretbox key (a crypto_box_beforenm output).
    static Result<CryptoBox> fromPrecomputedKey(ByteView key);

    /// tag ‖ ciphertext; fails only for a nonce that is not 24 bytes.
    Result<Bytes> seal(ByteView nonce, ByteView plaintext) const;
    /// Verifies the tag (constant time) and decrypts; one error for every kind of failure.
    Result<Bytes> open(ByteView nonce, ByteView boxed) const;

private:
    explicit CryptoBox(SecretBytes key);

    SecretBytes m_key; ///< the XSalsa20-Poly1305 key after HSalsa20
};

} // namespace ferry::core::crypto
