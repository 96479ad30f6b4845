#pragma once

#include "crypto/ratchet_state.h"
#include "crypto/secret_bytes.h"
#include "crypto/x25519_key_pair.h"
#include "crypto/x3dh.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ferry::core::crypto {

/// HKDF info strings of the ratchet (byte formats in docs/e2e-draft.md).
inline constexpr std::string_view kRatchetRootInfo = "FerryRatchetRoot";
inline constexpr std::string_view kRatchetMessageInfo = "FerryRatchetMessage";

/// First byte of every ratchet message.
inline constexpr std::uint8_t kRatchetMessageVersion = 1;
/// Plain header: DH public key (32) ‖ PN (Word32 BE) ‖ N (Word32 BE).
inline constexpr std::size_t kRatchetHeaderSize = 32 + 4 + 4;
/// Encrypted header: nonce (24) ‖ XChaCha20-Poly1305(header) with its 16-byte tag.
inline constexpr std::size_t kRatchetEncryptedHeaderSize = 24 + kRatchetHeaderSize + 16;
/// Bytes a message adds around its padded plaintext: version, Word16 header length, encrypted
/// header, body tag.
inline constexpr std::size_t kRatchetMessageOverhead = 1 + 2 + kRatchetEncryptedHeaderSize + 16;
/// Bytes padding adds: the Word32 BE length prefix.
inline constexpr std::size_t kPaddingOverhead = 4;
/// Default exact length of every message encrypt() returns.
inline constexpr std::size_t kDefaultRatchetMessageLength = 15000;

/// KDF_RK output: the next root key, a new chain key and the next header key (32 bytes each).
struct RootKdfOutput {
    SecretBytes rootKey;
    SecretBytes chainKey;
    SecretBytes nextHeaderKey;
};

/// KDF_CK output: the next chain key and the message key (32 bytes each).
struct ChainKdfOutput {
    SecretBytes chainKey;
    SecretBytes messageKey;
};

/// KDF_RK: HKDF-SHA512(salt = rootKey, ikm = dhOutput, info = "FerryRatchetRoot", 96 bytes)
/// split as RK ‖ CK ‖ NHK.
Result<RootKdfOutput> kdfRootKey(ByteView rootKey, ByteView dhOutput);
/// KDF_CK: message key = HMAC-SHA512(ck, 0x01)[0..32), next chain key = HMAC-SHA512(ck,
/// 0x02)[0..32).
ChainKdfOutput kdfChainKey(ByteView chainKey);

/// Word32 BE length ‖ plaintext ‖ zero bytes, exactly `paddedLength` bytes; fails when the
/// plaintext does not fit.
Result<SecretBytes> padMessage(ByteView plaintext, std::size_t paddedLength);
/// Inverse of padMessage; fails on a length prefix beyond the buffer or non-zero padding.
Result<Bytes> unpadMessage(ByteView padded);

/// Signal's Double Ratchet with header encryption (section 4) over X3DH's output.
///
/// Messages: version ‖ Word16 BE header length ‖ encrypted header ‖ XChaCha20-Poly1305 body;
/// every message this side encrypts has the same length (messageLength()). decrypt() is
/// transactional: on any failure the state is exactly as before.
class DoubleRatchet {
public:
    /// The joiner ("Alice", sends first) with X3DH's result and the inviter's one-time pre-key,
    /// which is the inviter's first ratchet public key.
    static Result<DoubleRatchet>
    initAlice(const X3dhResult& x3dh, ByteView bobRatchetPublic,
              std::size_t messageLength = kDefaultRatchetMessageLength);
    /// The inviter ("Bob") with X3DH's result and its one-time pre-key pair. Bob cannot encrypt
    /// before it has decrypted Alice's first message.
    static Result<DoubleRatchet> initBob(const X3dhResult& x3dh,
                                         const X25519KeyPair& ratchetKeyPair,
                                         std::size_t messageLength = kDefaultRatchetMessageLength);

    /// Pads `plaintext` to the fixed size and encrypts it; fails when it is longer than
    /// maxPlaintextLength() or when this side cannot send yet.
    Result<Bytes> encrypt(ByteView plaintext);
    /// Decrypts one message; a replayed, tampered, foreign or too-far-ahead message fails and
    /// leaves the state unchanged.
    Result<Bytes> decrypt(ByteView message);

    bool canEncrypt() const;
    std::size_t messageLength() const { return m_state.messageLength; }
    std::size_t maxPlaintextLength() const;

    /// The state blob to persist (holds secret keys; store it only encrypted).
    SecretBytes serialize() const;
    static Result<DoubleRatchet> deserialize(ByteView blob);

    /// Read-only view of the state, for inspection in tests. Never log it.
    const RatchetState& state() const { return m_state; }

private:
    explicit DoubleRatchet(RatchetState state);

    RatchetState m_state;
};

} // namespace ferry::core::crypto
