#pragma once

#include "util/bytes.h"

#include <vector>

namespace ferry::core::smp {

class Encoder;
class Decoder;

/// A certificate chain (DER, leaf first) with a key signed by the leaf, as in the server
/// handshake and PKEY (simplexmq `CertChainPubKey`). Verification lives in core/crypto.
struct CertChainPubKey {
    std::vector<Bytes> certChain; ///< 1..255 DER certificates
    Bytes signedKey;              ///< DER of an X.509 SignedExact over an X25519 SPKI

    bool operator==(const CertChainPubKey&) const = default;
};

/// NonEmpty list of Large DER certificates, then Large(signed key DER).
void encodeCertChainPubKey(Encoder& e, const CertChainPubKey& key);
CertChainPubKey decodeCertChainPubKey(Decoder& d);

} // namespace ferry::core::smp
