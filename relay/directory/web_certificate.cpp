#include "relay/directory/web_certificate.h"

#include "relay/directory/directory_data.h"
#include "relay/relay_data.h"
#include "relay/relay_errc.h"

#include <boost/asio/ip/address.hpp>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

namespace ferry::relay::directory {

namespace fs = std::filesystem;
using core::crypto::BioPtr;
using core::crypto::EvpPkeyPtr;
using core::crypto::X509Ptr;

namespace {

core::Error webError(RelayErrc code, const std::string& what) {
    ERR_clear_error(); // nothing of this failure may surface in a later, unrelated call
    return core::makeError(code, what);
}

BioPtr memoryBio(const std::string& text) {
    return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string bioText(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

/// "DNS:name" or "IP:address" for a subjectAltName.
std::string altName(const std::string& host) {
    std::string bare = host;
    if (bare.size() > 2 && bare.front() == '[' && bare.back() == ']')
        bare = bare.substr(1, bare.size() - 2);
    boost::system::error_code ec;
    boost::asio::ip::make_address(bare, ec);
    return (ec ? "DNS:" : "IP:") + bare;
}

core::Result<WebCredential> parseCredential(const std::string& certificatePem,
                                            const std::string& keyPem,
                                            const fs::path& certificatePath,
                                            const fs::path& keyPath) {
    WebCredential credential;
    BioPtr certificates = memoryBio(certificatePem);
    while (X509* certificate = PEM_read_bio_X509(certificates.get(), nullptr, nullptr, nullptr))
        credential.chain.emplace_back(certificate);
    if (credential.chain.empty())
        return webError(RelayErrc::Config, certificatePath.string() + " holds no PEM certificate");
    BioPtr key = memoryBio(keyPem);
    credential.key.reset(PEM_read_bio_PrivateKey(key.get(), nullptr, nullptr, nullptr));
    if (!credential.key)
        return webError(RelayErrc::Config,
                        keyPath.string() + " holds no PEM private key (or one with a passphrase)");
    // An Ed25519 one would take the place of the pinned chain in the TLS context.
    const int type = EVP_PKEY_get_base_id(credential.key.get());
    if (type != EVP_PKEY_EC && type != EVP_PKEY_RSA)
        return webError(RelayErrc::Config, keyPath.string() + " must hold an ECDSA or RSA key");
    if (X509_check_private_key(credential.chain.front().get(), credential.key.get()) != 1)
        return webError(RelayErrc::Config, keyPath.string() +
                                               " is not the key of the certificate in " +
                                               certificatePath.string());
    return credential;
}

core::Result<WebCredential> readCredential(const fs::path& certificatePath,
                                           const fs::path& keyPath) {
    auto certificate = readText(certificatePath);
    if (!certificate)
        return certificate.error();
    auto key = readText(keyPath);
    if (!key)
        return key.error();
    return parseCredential(*certificate, *key, certificatePath, keyPath);
}

} // namespace

core::Result<std::pair<std::string, std::string>>
makeSelfSignedWebCertificate(const std::string& host, int days) {
    EvpPkeyPtr key(EVP_EC_gen("P-256"));
    X509Ptr certificate(X509_new());
    if (!key || !certificate)
        return webError(RelayErrc::Tls, "could not make a key for the web certificate");
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1)
        return webError(RelayErrc::Tls, "no randomness for the web certificate's serial");
    serial[0] &= 0x7f; // a positive number
    core::crypto::BignumPtr serialNumber(BN_bin2bn(serial, sizeof serial, nullptr));
    X509_NAME* name = X509_get_subject_name(certificate.get());
    const std::string bareHost = altName(host).substr(altName(host).find(':') + 1);
    X509V3_CTX extensions;
    X509V3_set_ctx_nodb(&extensions);
    X509V3_set_ctx(&extensions, certificate.get(), certificate.get(), nullptr, nullptr, 0);
    auto extend = [&](int nid, const std::string& value) {
        core::crypto::X509ExtensionPtr extension(
            X509V3_EXT_conf_nid(nullptr, &extensions, nid, value.c_str()));
        return extension && X509_add_ext(certificate.get(), extension.get(), -1) == 1;
    };
    const bool made =
        serialNumber && X509_set_version(certificate.get(), X509_VERSION_3) == 1 &&
        BN_to_ASN1_INTEGER(serialNumber.get(), X509_get_serialNumber(certificate.get())) &&
        X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600) &&
        X509_gmtime_adj(X509_getm_notAfter(certificate.get()), long(days) * 86400) &&
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(bareHost.c_str()), -1, -1,
                                   0) == 1 &&
        X509_set_issuer_name(certificate.get(), name) == 1 &&
        X509_set_pubkey(certificate.get(), key.get()) == 1 &&
        extend(NID_basic_constraints, "critical,CA:FALSE") &&
        extend(NID_key_usage, "critical,digitalSignature") &&
        extend(NID_ext_key_usage, "serverAuth") && extend(NID_subject_alt_name, altName(host)) &&
        X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0;
    if (!made)
        return webError(RelayErrc::Tls, "could not make the web certificate for " + host);
    BioPtr certificatePem(BIO_new(BIO_s_mem()));
    BioPtr keyPem(BIO_new(BIO_s_mem()));
    if (!certificatePem || !keyPem ||
        PEM_write_bio_X509(certificatePem.get(), certificate.get()) != 1 ||
        PEM_write_bio_PrivateKey(keyPem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
            1)
        return webError(RelayErrc::Tls, "could not write the web certificate");
    return std::pair{bioText(certificatePem.get()), bioText(keyPem.get())};
}

core::Result<WebCredential> loadWebCredential(const DirectoryConfig& config) {
    if (!config.webCertificate.empty() || !config.webKey.empty()) {
        if (config.webCertificate.empty() || config.webKey.empty())
            return core::makeError(RelayErrc::Config,
                                   "directory.ini: web_certificate and web_key go together");
        // Relative paths are in the data folder.
        return readCredential(config.dataDir / config.webCertificate,
                              config.dataDir / config.webKey);
    }
    const fs::path certificatePath = config.dataDir / files::kWebCertificate;
    const fs::path keyPath = config.dataDir / files::kWebKey;
    if (!fs::exists(certificatePath) && !fs::exists(keyPath)) {
        auto made = makeSelfSignedWebCertificate(config.host);
        if (!made)
            return made.error();
        // The key first: a certificate without its key would stop every later start.
        if (auto written = writePrivateText(keyPath, made->second); !written)
            return written.error();
        if (auto written = writePrivateText(certificatePath, made->first); !written)
            return written.error();
    }
    return readCredential(certificatePath, keyPath);
}

core::Result<void> addWebCredential(boost::asio::ssl::context& context,
                                    const WebCredential& credential) {
    SSL_CTX* ctx = context.native_handle();
    // Ed25519 stays first, and the server's order decides (OpenSSL otherwise follows the
    // client's, which puts ECDSA first): a client that can verify Ed25519 gets the pinned
    // chain.
    SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
    if (SSL_CTX_set1_sigalgs_list(ctx, "ed25519:ed448:ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:"
                                       "rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:"
                                       "rsa_pss_rsae_sha512") != 1)
        return webError(RelayErrc::Tls, "TLS setup failed: signature algorithms");
    // The leaf goes into the slot of its key type; the chain certificates go with that slot.
    if (SSL_CTX_use_certificate(ctx, credential.chain.front().get()) != 1 ||
        SSL_CTX_use_PrivateKey(ctx, credential.key.get()) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1)
        return webError(RelayErrc::Tls, "TLS setup failed: the web certificate");
    for (std::size_t i = 1; i < credential.chain.size(); ++i)
        if (SSL_CTX_add1_chain_cert(ctx, credential.chain[i].get()) != 1)
            return webError(RelayErrc::Tls, "TLS setup failed: the web certificate's chain");
    return {};
}

} // namespace ferry::relay::directory
