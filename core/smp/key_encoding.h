#pragma once

#include "crypto/public_key.h"

namespace ferry::core::smp {

class Encoder;
class Decoder;

/// A public key on the wire: shortString of its X.509 SubjectPublicKeyInfo DER.
void encodeKey(Encoder& e, const crypto::PublicKey& key);
/// Reads a key; a length or SPKI that is not Ed25519/Ed448/X25519/X448 fails the decoder.
crypto::PublicKey decodeKey(Decoder& d);
/// A key that authorizes commands: Ed25519 or Ed448 (signatures) or X25519 (the v7
/// authenticator); simplexmq `APublicAuthKey`.
crypto::PublicKey decodeAuthKey(Decoder& d);
/// A key for a DH agreement: X25519 only (simplexmq `PublicKeyX25519`).
crypto::PublicKey decodeDhKey(Decoder& d);

} // namespace ferry::core::smp
