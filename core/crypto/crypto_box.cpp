#include "crypto/crypto_box.h"

#include "crypto/crypto_errc.h"
#include "crypto/sodium.h"

#include <algorithm>
#include <sodium.h>
#include <utility>

namespace ferry::core::crypto {

static_assert(crypto_box_NONCEBYTES == kCryptoBoxNonceSize);
static_assert(crypto_box_MACBYTES == kCryptoBoxTagSize);
static_assert(crypto_box_BEFORENMBYTES == kCryptoBoxKeySize);
static_assert(crypto_secretbox_KEYBYTES == kCryptoBoxKeySize);

Bytes cbNonce(ByteView id) {
    Bytes nonce(kCryptoBoxNonceSize, 0);
    std::copy_n(id.begin(), std::min(id.size(), kCryptoBoxNonceSize), nonce.begin());
    return nonce;
}

CryptoBox::CryptoBox(SecretBytes key) : m_key(std::move(key)) {}

Result<CryptoBox> CryptoBox::fromDh(ByteView peerPublic, const X25519KeyPair& own) {
    auto shared = own.dh(peerPublic);
    if (!shared) {
        return shared.error();
    }
    return fromSharedSecret(shared->view());
}

Result<CryptoBox> CryptoBox::fromSharedSecret(ByteView secret) {
    if (secret.size() != kCryptoBoxKeySize) {
        return makeError(CryptoErrc::Key, "crypto_box shared secret must be 32 bytes");
    }
    ensureSodium();
    // Same derivation as crypto_box_beforenm: HSalsa20(secret, 16 zero bytes), default sigma.
    static constexpr unsigned char kZero[crypto_core_hsalsa20_INPUTBYTES] = {};
    SecretBytes key(crypto_core_hsalsa20_OUTPUTBYTES);
    crypto_core_hsalsa20(key.data(), kZero, secret.data(), nullptr);
    return CryptoBox(std::move(key));
}

Result<CryptoBox> CryptoBox::fromPrecomputedKey(ByteView key) {
    if (key.size() != kCryptoBoxKeySize) {
        return makeError(CryptoErrc::Key, "crypto_box key must be 32 bytes");
    }
    return CryptoBox(SecretBytes(key));
}

Result<Bytes> CryptoBox::seal(ByteView nonce, ByteView plaintext) const {
    if (nonce.size() != kCryptoBoxNonceSize) {
        return makeError(CryptoErrc::Library, "crypto_box nonce must be 24 bytes");
    }
    ensureSodium();
    Bytes out(kCryptoBoxTagSize + plaintext.size());
    crypto_box_easy_afternm(out.data(), plaintext.data(), plaintext.size(), nonce.data(),
                            m_key.data());
    return out;
}

Result<Bytes> CryptoBox::open(ByteView nonce, ByteView boxed) const {
    if (nonce.size() != kCryptoBoxNonceSize) {
        return makeError(CryptoErrc::Library, "crypto_box nonce must be 24 bytes");
    }
    if (boxed.size() < kCryptoBoxTagSize) {
        return makeError(CryptoErrc::Library, "crypto_box decryption failed");
    }
    ensureSodium();
    Bytes out(boxed.size() - kCryptoBoxTagSize);
    if (crypto_box_open_easy_afternm(out.data(), boxed.data(), boxed.size(), nonce.data(),
                                     m_key.data()) != 0) {
        return makeError(CryptoErrc::Library, "crypto_box decryption failed");
    }
    return out;
}

} // namespace ferry::core::crypto
