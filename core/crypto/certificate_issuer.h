#pragma once

#include "crypto/signing_key.h"
#include "crypto/x509_certificate.h"
#include "util/result.h"

#include <string>
#include <vector>

namespace ferry::core::crypto {

/// The offline CA outlives many online certificates; its hash is the relay's address.
inline constexpr int kCaCertificateValidityDays = 36500;
inline constexpr int kOnlineCertificateValidityDays = 3650;

/// What goes into a certificate Ferry issues for a relay.
struct CertificateOptions {
    std::string commonName;
    std::string organization;          ///< omitted when empty
    int validityDays = 0;              ///< 0 = the default for the kind of certificate
    std::vector<std::string> dnsNames; ///< subjectAltName, online certificates only
};

/// Self-signed offline CA certificate: basicConstraints critical CA:TRUE, keyUsage
/// keyCertSign+cRLSign, subject/authority key ids; signed with `caKey` (Ed25519 or Ed448).
Result<X509Certificate> issueCaCertificate(const SigningKey& caKey,
                                           const CertificateOptions& options);

/// Online (TLS) certificate for `leafKey`, signed by the CA: CA:FALSE, keyUsage
/// digitalSignature+keyAgreement, extendedKeyUsage serverAuth — the profile of simplexmq's
/// server.crt. `caKey` must be the key of `ca`.
Result<X509Certificate> issueOnlineCertificate(const SigningKey& leafKey, const X509Certificate& ca,
                                               const SigningKey& caKey,
                                               const CertificateOptions& options);

} // namespace ferry::core::crypto
