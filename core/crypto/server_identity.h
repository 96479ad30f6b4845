#pragma once

#include "crypto/public_key.h"
#include "util/bytes.h"
#include "util/result.h"

#include <string>
#include <vector>

namespace ferry::core::crypto {

/// SMP server identity (key hash) of a CA certificate: SHA-256 of its DER.
Bytes serverIdentity(ByteView caCertificateDer);
/// The identity as addresses print it: base64url with `=` padding.
std::string serverIdentityText(ByteView identity);

/// Checks the certificate chain a server presents (TLS peer chain or the hello's certChain,
/// DER, leaf first) the way simplexmq's client does (`chainIdCaCerts` + `x509validate`):
/// - 2 to 4 certificates ("certificate chain too short/long" otherwise);
/// - SHA-256 of the 2nd certificate (the identity certificate) equals `expectedIdentity`
///   ("server identity mismatch");
/// - each certificate is signed by the next one, and every signer is a CA;
/// - every certificate is within its validity period.
/// Returns the leaf (online) certificate's public key, which verifies the signed session key.
/// Ed25519 and Ed448 certificates are both accepted.
Result<PublicKey> verifyServerCertChain(const std::vector<Bytes>& chainDer,
                                        ByteView expectedIdentity);

} // namespace ferry::core::crypto
