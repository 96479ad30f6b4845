#pragma once

#include "crypto/public_key.h"

namespace ferry::core::smp {

class Encoder;
class Decoder;

/// A public key on the wire: shortString of its X.509 SubjectPublicKeyInfo DER.
void encodeKey(Encoder& e, const crypto::PublicKey& key);
/// Reads a key; a length or SPKI that is not Ed25519/Ed448/X25519/X448 fails the decoder.
crypto::PublicKey decodeKey(Decoder& d);

} // namespace ferry::core::smp
