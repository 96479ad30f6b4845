#include "crypto/certificate_issuer.h"

#include "crypto/crypto_errc.h"
#include "crypto/openssl_handles.h"
#include "crypto/random.h"

#include <openssl/err.h>
#include <string_view>

namespace ferry::core::crypto {

namespace {

// Issued certificates start a day in the past: a peer whose clock runs behind ours would
// otherwise reject a freshly made certificate as "not yet valid".
constexpr long kBackdateSeconds = 24L * 60 * 60;

bool setName(X509* cert, const CertificateOptions& options, bool alsoIssuer) {
    X509_NAME* name = X509_get_subject_name(cert);
    auto add = [name](const char* field, const std::string& value) {
        return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                          reinterpret_cast<const unsigned char*>(value.c_str()), -1,
                                          -1, 0) == 1;
    };
    if (options.commonName.empty() || !add("CN", options.commonName)) {
        return false;
    }
    if (!options.organization.empty() && !add("O", options.organization)) {
        return false;
    }
    return !alsoIssuer || X509_set_issuer_name(cert, name) == 1;
}

bool addExtension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
    X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

// Version 3, a random positive 128-bit serial, validity and the subject key.
Result<X509Ptr> newCertificate(const SigningKey& subjectKey, int validityDays) {
    X509Ptr cert(X509_new());
    Bytes serialBytes = randomBytes(16);
    serialBytes[0] &= 0x7f; // keep the DER INTEGER positive
    serialBytes[0] |= 0x01; // and its length fixed
    BignumPtr serial(BN_bin2bn(serialBytes.data(), static_cast<int>(serialBytes.size()), nullptr));
    if (!cert || !serial || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
        BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr ||
        X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, -kBackdateSeconds, nullptr) ==
            nullptr ||
        X509_time_adj_ex(X509_getm_notAfter(cert.get()), validityDays, 0, nullptr) == nullptr ||
        X509_set_pubkey(cert.get(), subjectKey.handle()) != 1) {
        return openSslError(CryptoErrc::X509, "cannot build certificate");
    }
    return cert;
}

Result<X509Certificate> signAndWrap(X509Ptr cert, const SigningKey& signer) {
    // EdDSA hashes internally, so the digest argument must be null.
    if (X509_sign(cert.get(), signer.handle(), nullptr) <= 0) {
        return openSslError(CryptoErrc::X509, "cannot sign certificate");
    }
    return X509Certificate::adopt(cert.release());
}

} // namespace

Result<X509Certificate> issueCaCertificate(const SigningKey& caKey,
                                           const CertificateOptions& options) {
    const int days = options.validityDays > 0 ? options.validityDays : kCaCertificateValidityDays;
    auto cert = newCertificate(caKey, days);
    if (!cert) {
        return cert.error();
    }
    X509* x = cert->get();
    if (!setName(x, options, true)) {
        return openSslError(CryptoErrc::X509, "invalid CA subject name");
    }
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
    if (!addExtension(x, &ctx, NID_basic_constraints, "critical,CA:TRUE") ||
        !addExtension(x, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign") ||
        !addExtension(x, &ctx, NID_subject_key_identifier, "hash") ||
        !addExtension(x, &ctx, NID_authority_key_identifier, "keyid:always")) {
        return openSslError(CryptoErrc::X509, "cannot add CA extensions");
    }
    return signAndWrap(std::move(cert.value()), caKey);
}

Result<X509Certificate> issueOnlineCertificate(const SigningKey& leafKey, const X509Certificate& ca,
                                               const SigningKey& caKey,
                                               const CertificateOptions& options) {
    auto caPublic = ca.publicKey();
    if (!caPublic || !(*caPublic == caKey.publicKey())) {
        return makeError(CryptoErrc::X509, "the CA key does not belong to the CA certificate");
    }
    const int days =
        options.validityDays > 0 ? options.validityDays : kOnlineCertificateValidityDays;
    auto cert = newCertificate(leafKey, days);
    if (!cert) {
        return cert.error();
    }
    X509* x = cert->get();
    if (!setName(x, options, false) ||
        X509_set_issuer_name(x, X509_get_subject_name(ca.handle())) != 1) {
        return openSslError(CryptoErrc::X509, "invalid certificate subject name");
    }
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, ca.handle(), x, nullptr, nullptr, 0);
    if (!addExtension(x, &ctx, NID_basic_constraints, "CA:FALSE") ||
        !addExtension(x, &ctx, NID_key_usage, "digitalSignature,keyAgreement") ||
        !addExtension(x, &ctx, NID_ext_key_usage, "serverAuth") ||
        !addExtension(x, &ctx, NID_subject_key_identifier, "hash") ||
        !addExtension(x, &ctx, NID_authority_key_identifier, "keyid:always")) {
        return openSslError(CryptoErrc::X509, "cannot add certificate extensions");
    }
    if (!options.dnsNames.empty()) {
        std::string san;
        for (const std::string& dns : options.dnsNames) {
            san += (san.empty() ? "DNS:" : ",DNS:") + dns;
        }
        if (!addExtension(x, &ctx, NID_subject_alt_name, san.c_str())) {
            return openSslError(CryptoErrc::X509, "invalid subjectAltName");
        }
    }
    return signAndWrap(std::move(cert.value()), caKey);
}

} // namespace ferry::core::crypto
