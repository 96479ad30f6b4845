#pragma once

#include "crypto/secret_bytes.h"
#include "crypto/x25519_key_pair.h"
#include "smp/block.h"
#include "util/bytes.h"
#include "util/result.h"

namespace ferry::core::smp {

/// Room for transmissions in an encrypted block (SMP v11+): a block less the secretbox tag,
/// the pad length and the count byte.
inline constexpr std::size_t kEncryptedBlockPayload = kBlockSize - 16 - 3;

/// The forward-secret layer under TLS that SMP v11 adds (simplexmq `TSbChainKeys`,
/// `tPutBlock`/`tGetBlock`): every block after the handshake is padded to 16,368 bytes and
/// sealed with secretbox under a key and nonce that a chain of HKDF steps gives, one step per
/// block and direction, so a key is used once and cannot be derived back.
///
/// - Chain keys: HKDF-SHA512(salt = the TLS session id, ikm = raw X25519(the client hello's
///   key, the server hello's session key), info "SimpleXSbChainInit", 64 bytes) split in two:
///   the first is the server's sending chain and the client's receiving one, the second the
///   other way.
/// - Each block: HKDF-SHA512(no salt, the chain key, "SimpleXSbChain", 88 bytes) = next chain
///   key ‖ secretbox key ‖ nonce.
class BlockCipher {
public:
    enum class Side { Client, Server };

    static Result<BlockCipher> create(Side side, ByteView sessionId, ByteView dhSecret);
    /// create() with the secret of this side's hello key and the peer's public one.
    static Result<BlockCipher> agree(Side side, ByteView sessionId,
                                     const crypto::X25519KeyPair& own, ByteView peerPublic);

    /// A plain block (as encodeBlock makes it) sealed for the peer: exactly kBlockSize bytes.
    /// Fails when its content does not fit kEncryptedBlockPayload.
    Result<Bytes> seal(ByteView plainBlock);
    /// A sealed block from the peer as a plain block (decodeBlock reads it). One error for
    /// every failure; the chain moves on either way, as the reference's does.
    Result<Bytes> open(ByteView sealedBlock);

private:
    BlockCipher(crypto::SecretBytes send, crypto::SecretBytes receive)
        : m_send(std::move(send)), m_receive(std::move(receive)) {}

    crypto::SecretBytes m_send;
    crypto::SecretBytes m_receive;
};

} // namespace ferry::core::smp
