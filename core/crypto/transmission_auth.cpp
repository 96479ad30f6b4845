#include "crypto/transmission_auth.h"

#include "crypto/cb_authenticator.h"
#include "crypto/crypto_errc.h"
#include "crypto/ed25519_key_pair.h"
#include "crypto/signature.h"

namespace ferry::core::crypto {

Result<TransmissionAuthKind> transmissionAuthKind(ByteView auth) {
    switch (auth.size()) {
    case 0:
        return TransmissionAuthKind::None;
    case kEd25519SignatureSize:
        return TransmissionAuthKind::Ed25519Signature;
    case kEd448SignatureSize:
        return TransmissionAuthKind::Ed448Signature;
    case kCbAuthenticatorSize:
        return TransmissionAuthKind::Authenticator;
    default:
        return makeError(CryptoErrc::Auth, "transmission authorization has an unknown length");
    }
}

namespace {

Error authError(const char* why) {
    return makeError(CryptoErrc::Auth, why);
}

} // namespace

Result<void> verifyTransmissionAuth(const PublicKey& entityKey, ByteView auth, ByteView authorized,
                                    ByteView corrId, const X25519KeyPair* serverSessionKey) {
    auto kind = transmissionAuthKind(auth);
    if (!kind) {
        return kind.error();
    }
    switch (*kind) {
    case TransmissionAuthKind::None:
        return authError("transmission is not authorized");
    case TransmissionAuthKind::Ed25519Signature:
        if (entityKey.algorithm != KeyAlgorithm::Ed25519) {
            return authError("Ed25519 signature for a key of another algorithm");
        }
        if (!verifyEd25519(entityKey.raw, authorized, auth)) {
            return authError("bad Ed25519 signature");
        }
        return {};
    case TransmissionAuthKind::Ed448Signature:
        if (entityKey.algorithm != KeyAlgorithm::Ed448) {
            return authError("Ed448 signature for a key of another algorithm");
        }
        if (!verifyEd448(entityKey.raw, authorized, auth)) {
            return authError("bad Ed448 signature");
        }
        return {};
    case TransmissionAuthKind::Authenticator:
        if (entityKey.algorithm != KeyAlgorithm::X25519) {
            return authError("authenticator for a key that is not X25519");
        }
        if (serverSessionKey == nullptr) {
            return authError("authenticator without a session key (SMP below v7)");
        }
        if (!cbVerify(entityKey.raw, *serverSessionKey, corrId, auth, authorized)) {
            return authError("bad authenticator");
        }
        return {};
    }
    return authError("unknown authorization");
}

} // namespace ferry::core::crypto
