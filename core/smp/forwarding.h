#pragma once

#include "crypto/crypto_box.h"
#include "crypto/public_key.h"
#include "smp/version.h"
#include "util/bytes.h"
#include "util/result.h"

namespace ferry::core::smp {

// Private routing (SMP v8+): a sender reaches a destination relay through a proxy relay
// without the destination seeing the sender's address and without the proxy seeing what is
// sent. Two layers, each a crypto_box whose answer uses the request's nonce reversed:
//
//   sender → proxy      PFWD version senderKey sealed(transmission)
//   proxy → destination RFWD box(proxy session, FwdTransmission{corrId, version, senderKey,
//                                                               sealed(transmission)})
//   destination → proxy RRES box(proxy session, FwdResponse{corrId, sealed(answer)})
//   proxy → sender      PRES sealed(answer)
//
// "sealed" is the sender's layer: DH(senderKey, the destination's session key of its
// connection with the proxy), nonce = the sender's corrId, content padded to
// kProxiedTransmissionSize. The proxy layer is DH(the proxy's hello key, the same session
// key), nonce = RFWD's corrId, no padding. docs/protocol.md, "Private routing".

/// What the sender's transmission and the destination's answer are padded to before
/// encryption (simplexmq `paddedProxiedTLength`).
inline constexpr std::size_t kProxiedTransmissionSize = 16226;

/// What a proxy forwards inside RFWD (simplexmq `FwdTransmission`).
struct FwdTransmission {
    Bytes corrId;                ///< the sender's PFWD corrId, the nonce of the sender's layer
    Version version = 0;         ///< the version the sender encoded its transmission at
    crypto::PublicKey senderKey; ///< X25519, fresh for every transmission
    Bytes sealedTransmission;

    bool operator==(const FwdTransmission&) const = default;
};

/// What the destination answers inside RRES (simplexmq `FwdResponse`).
struct FwdResponse {
    Bytes corrId; ///< the FwdTransmission's corrId
    Bytes sealedResponse;

    bool operator==(const FwdResponse&) const = default;
};

Bytes encodeFwdTransmission(const FwdTransmission& t);
Result<FwdTransmission> decodeFwdTransmission(ByteView bytes);
Bytes encodeFwdResponse(const FwdResponse& r);
Result<FwdResponse> decodeFwdResponse(ByteView bytes);

/// The nonce an answer is sealed with: the request's 24-byte nonce reversed (simplexmq
/// `reverseNonce`).
Bytes reversedNonce(ByteView nonce);

/// The sender's layer: a batch of transmissions (smp/block.h encodeBatch) padded to
/// kProxiedTransmissionSize and sealed with `nonce`. Fails if the batch is too large.
Result<Bytes> sealProxied(const crypto::CryptoBox& box, ByteView nonce, ByteView batch);
/// Opens the sender's layer and removes the padding; one error for a wrong tag or padding.
Result<Bytes> openProxied(const crypto::CryptoBox& box, ByteView nonce, ByteView sealed);

} // namespace ferry::core::smp
