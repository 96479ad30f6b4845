#include "crypto/signature.h"

#include "crypto/ed25519_key_pair.h"
#include "crypto/openssl_handles.h"
#include "crypto/sodium.h"

#include <openssl/err.h>
#include <sodium.h>

namespace ferry::core::crypto {

bool verifyEd25519(ByteView publicKey, ByteView message, ByteView signature) {
    if (publicKey.size() != kEd25519PublicKeySize || signature.size() != kEd25519SignatureSize) {
        return false;
    }
    ensureSodium();
    return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                       publicKey.data()) == 0;
}

bool verifyEd448(ByteView publicKey, ByteView message, ByteView signature) {
    if (publicKey.size() != kEd448PublicKeySize || signature.size() != kEd448SignatureSize) {
        return false;
    }
    EvpPkeyPtr key(
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED448, nullptr, publicKey.data(), publicKey.size()));
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    // An empty span may carry a null pointer, which OpenSSL treats as "no input" inconsistently.
    static constexpr unsigned char kEmpty[1] = {0};
    const unsigned char* data = message.empty() ? kEmpty : message.data();
    const bool ok =
        key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
        EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), data, message.size()) == 1;
    ERR_clear_error();
    return ok;
}

bool verifySignature(const PublicKey& key, ByteView message, ByteView signature) {
    switch (key.algorithm) {
    case KeyAlgorithm::Ed25519:
        return verifyEd25519(key.raw, message, signature);
    case KeyAlgorithm::Ed448:
        return verifyEd448(key.raw, message, signature);
    case KeyAlgorithm::X25519:
    case KeyAlgorithm::X448:
        return false;
    }
    return false;
}

} // namespace ferry::core::crypto
