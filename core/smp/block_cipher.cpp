#include "smp/block_cipher.h"

#include "crypto/crypto_box.h"
#include "crypto/hash.h"
#include "smp/padding.h"
#include "smp/smp_errc.h"

namespace ferry::core::smp {

namespace {

constexpr std::size_t kTagSize = 16;
constexpr std::size_t kChainKeySize = 32;
constexpr std::size_t kSecretBoxKeySize = 32;
constexpr std::size_t kNonceSize = 24;

struct ChainStep {
    crypto::SecretBytes next;
    crypto::SecretBytes key;
    Bytes nonce;
};

// One step of a chain (simplexmq `sbcHkdf`).
Result<ChainStep> step(ByteView chainKey) {
    auto out = crypto::hkdfSha512({}, chainKey, toBytes("SimpleXSbChain"),
                                  kChainKeySize + kSecretBoxKeySize + kNonceSize);
    if (!out)
        return out.error();
    const ByteView v = out->view();
    return ChainStep{crypto::SecretBytes(v.subspan(0, kChainKeySize)),
                     crypto::SecretBytes(v.subspan(kChainKeySize, kSecretBoxKeySize)),
                     Bytes(v.begin() + kChainKeySize + kSecretBoxKeySize, v.end())};
}

} // namespace

Result<BlockCipher> BlockCipher::create(Side side, ByteView sessionId, ByteView dhSecret) {
    auto keys =
        crypto::hkdfSha512(sessionId, dhSecret, toBytes("SimpleXSbChainInit"), 2 * kChainKeySize);
    if (!keys)
        return keys.error();
    crypto::SecretBytes first(keys->view().subspan(0, kChainKeySize));
    crypto::SecretBytes second(keys->view().subspan(kChainKeySize));
    // The server sends with the first chain; the client's chains are the server's swapped.
    if (side == Side::Server)
        return BlockCipher(std::move(first), std::move(second));
    return BlockCipher(std::move(second), std::move(first));
}

Result<BlockCipher> BlockCipher::agree(Side side, ByteView sessionId,
                                       const crypto::X25519KeyPair& own, ByteView peerPublic) {
    auto secret = own.dh(peerPublic);
    if (!secret)
        return secret.error();
    return create(side, sessionId, secret->view());
}

Result<Bytes> BlockCipher::seal(ByteView plainBlock) {
    auto content = unpad(plainBlock);
    if (!content)
        return content.error();
    if (content->size() > kBlockSize - kTagSize - 2) // the pad length takes two
        return makeError(SmpErrc::LargeMessage,
                         "the block's content does not fit an encrypted block");
    auto padded = pad(*content, kBlockSize - kTagSize);
    auto s = step(m_send.view());
    if (!padded || !s)
        return makeError(SmpErrc::LargeMessage, "the block cannot be sealed");
    m_send = std::move(s->next);
    auto box = crypto::CryptoBox::fromSharedSecret(s->key.view());
    if (!box)
        return box.error();
    return box->seal(s->nonce, *padded);
}

Result<Bytes> BlockCipher::open(ByteView sealedBlock) {
    auto s = step(m_receive.view());
    if (!s)
        return s.error();
    m_receive = std::move(s->next);
    auto box = crypto::CryptoBox::fromSharedSecret(s->key.view());
    if (!box)
        return box.error();
    auto padded = box->open(s->nonce, sealedBlock);
    auto content = padded ? unpad(*padded) : Result<Bytes>(padded.error());
    if (!content)
        return makeError(SmpErrc::Block, "an encrypted block that does not open");
    return pad(*content, kBlockSize);
}

} // namespace ferry::core::smp
