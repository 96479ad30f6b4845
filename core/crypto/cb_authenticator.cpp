#include "crypto/cb_authenticator.h"

#include "crypto/crypto_box.h"
#include "crypto/hash.h"
#include "crypto/random.h"

namespace ferry::core::crypto {

Result<Bytes> cbAuthenticate(ByteView peerPublic, const X25519KeyPair& own, ByteView corrId,
                             ByteView authorized) {
    auto box = CryptoBox::fromDh(peerPublic, own);
    if (!box) {
        return box.error();
    }
    return box->seal(cbNonce(corrId), sha512(authorized));
}

bool cbVerify(ByteView peerPublic, const X25519KeyPair& own, ByteView corrId,
              ByteView authenticator, ByteView authorized) {
    if (authenticator.size() != kCbAuthenticatorSize) {
        return false;
    }
    auto box = CryptoBox::fromDh(peerPublic, own);
    if (!box) {
        return false;
    }
    auto digest = box->open(cbNonce(corrId), authenticator);
    return digest && constantTimeEqual(*digest, sha512(authorized));
}

} // namespace ferry::core::crypto
