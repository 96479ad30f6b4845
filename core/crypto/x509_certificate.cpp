#include "crypto/x509_certificate.h"

#include "crypto/crypto_errc.h"
#include "crypto/hash.h"
#include "crypto/openssl_handles.h"

#include <fstream>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <utility>

namespace ferry::core::crypto {

X509Certificate::X509Certificate(std::shared_ptr<X509> cert) : m_cert(std::move(cert)) {}

Result<X509Certificate> X509Certificate::adopt(X509* cert) {
    if (cert == nullptr) {
        return makeError(CryptoErrc::X509, "no certificate");
    }
    return X509Certificate(std::shared_ptr<X509>(cert, OpenSslDeleter{}));
}

Result<X509Certificate> X509Certificate::fromDer(ByteView der) {
    const unsigned char* p = der.data();
    X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
    if (cert == nullptr) {
        return openSslError(CryptoErrc::X509, "invalid certificate DER");
    }
    // Trailing bytes would mean the fingerprint is taken over something other than what we parsed.
    if (p != der.data() + der.size()) {
        X509_free(cert);
        return makeError(CryptoErrc::X509, "trailing bytes after certificate DER");
    }
    return adopt(cert);
}

Result<std::vector<X509Certificate>> X509Certificate::chainFromPem(std::string_view pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    std::vector<X509Certificate> chain;
    while (bio) {
        X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
        if (cert == nullptr) {
            break;
        }
        chain.push_back(X509Certificate(std::shared_ptr<X509>(cert, OpenSslDeleter{})));
    }
    ERR_clear_error(); // the loop always ends on a "no start line" error
    if (chain.empty()) {
        return makeError(CryptoErrc::Pem, "no certificate in PEM");
    }
    return chain;
}

Result<X509Certificate> X509Certificate::fromPem(std::string_view pem) {
    auto chain = chainFromPem(pem);
    if (!chain) {
        return chain.error();
    }
    return chain->front();
}

Result<X509Certificate> X509Certificate::loadPemFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(CryptoErrc::Io, "cannot open certificate file " + path);
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto cert = fromPem(text);
    if (!cert) {
        return Error{cert.error().code, cert.error().message + " (" + path + ")"};
    }
    return cert;
}

Bytes X509Certificate::toDer() const {
    const int len = i2d_X509(m_cert.get(), nullptr);
    if (len <= 0) {
        ERR_clear_error();
        return {};
    }
    Bytes der(static_cast<std::size_t>(len));
    unsigned char* p = der.data();
    i2d_X509(m_cert.get(), &p);
    return der;
}

std::string X509Certificate::toPem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), m_cert.get()) != 1) {
        ERR_clear_error();
        return {};
    }
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

Result<void> X509Certificate::savePemFile(const std::string& path) const {
    const std::string pem = toPem();
    if (pem.empty()) {
        return makeError(CryptoErrc::Pem, "cannot encode certificate");
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << pem;
    out.close();
    if (!out) {
        return makeError(CryptoErrc::Io, "cannot write " + path);
    }
    return {};
}

Result<PublicKey> X509Certificate::publicKey() const {
    // Re-encode the SubjectPublicKeyInfo and let the RFC 8410 parser decide; this refuses
    // RSA/ECDSA keys, which SMP never uses.
    X509_PUBKEY* spki = X509_get_X509_PUBKEY(m_cert.get());
    const int len = spki ? i2d_X509_PUBKEY(spki, nullptr) : -1;
    if (len <= 0) {
        return openSslError(CryptoErrc::X509, "certificate has no public key");
    }
    Bytes der(static_cast<std::size_t>(len));
    unsigned char* p = der.data();
    i2d_X509_PUBKEY(spki, &p);
    return decodeSpki(der);
}

Bytes X509Certificate::fingerprintSha256() const {
    return sha256(toDer());
}

bool X509Certificate::isSignedBy(const X509Certificate& issuer) const {
    EVP_PKEY* key = X509_get0_pubkey(issuer.m_cert.get());
    const bool ok = key != nullptr && X509_verify(m_cert.get(), key) == 1;
    ERR_clear_error();
    return ok;
}

bool X509Certificate::isCa() const {
    // X509_check_ca also returns non-zero for v1 self-signed roots and keyUsage-only CAs;
    // SMP CAs always carry basicConstraints, so require exactly that.
    const bool ca = (X509_get_extension_flags(m_cert.get()) & EXFLAG_CA) != 0;
    ERR_clear_error();
    return ca;
}

bool X509Certificate::isValidNow() const {
    const int notBefore = X509_cmp_current_time(X509_get0_notBefore(m_cert.get()));
    const int notAfter = X509_cmp_current_time(X509_get0_notAfter(m_cert.get()));
    // X509_cmp_current_time: -1 = earlier than now, 1 = later, 0 = error.
    return notBefore < 0 && notAfter > 0;
}

std::string X509Certificate::subjectCommonName() const {
    const X509_NAME* name = X509_get_subject_name(m_cert.get());
    const int index = name ? X509_NAME_get_index_by_NID(name, NID_commonName, -1) : -1;
    if (index < 0) {
        return {};
    }
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, value);
    if (len < 0) {
        ERR_clear_error();
        return {};
    }
    std::string cn(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(len));
    OPENSSL_free(utf8);
    return cn;
}

} // namespace ferry::core::crypto
