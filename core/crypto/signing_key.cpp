#include "crypto/signing_key.h"

#include "crypto/crypto_errc.h"
#include "crypto/openssl_handles.h"

#include <filesystem>
#include <fstream>
#include <openssl/pem.h>
#include <utility>

namespace ferry::core::crypto {

namespace {

int evpType(KeyAlgorithm algorithm) {
    switch (algorithm) {
    case KeyAlgorithm::Ed25519:
        return EVP_PKEY_ED25519;
    case KeyAlgorithm::Ed448:
        return EVP_PKEY_ED448;
    case KeyAlgorithm::X25519:
    case KeyAlgorithm::X448:
        break;
    }
    return EVP_PKEY_NONE;
}

} // namespace

void SigningKey::Deleter::operator()(EVP_PKEY* key) const {
    EVP_PKEY_free(key);
}

SigningKey::SigningKey(std::unique_ptr<EVP_PKEY, Deleter> key, KeyAlgorithm algorithm,
                       PublicKey publicKey)
    : m_key(std::move(key)), m_algorithm(algorithm), m_public(std::move(publicKey)) {}

SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

Result<SigningKey> SigningKey::adopt(EVP_PKEY* raw) {
    std::unique_ptr<EVP_PKEY, Deleter> key(raw);
    KeyAlgorithm algorithm;
    switch (EVP_PKEY_get_id(key.get())) {
    case EVP_PKEY_ED25519:
        algorithm = KeyAlgorithm::Ed25519;
        break;
    case EVP_PKEY_ED448:
        algorithm = KeyAlgorithm::Ed448;
        break;
    default:
        return makeError(CryptoErrc::Key, "signing key is neither Ed25519 nor Ed448");
    }
    Bytes pub(rawKeySize(algorithm));
    std::size_t len = pub.size();
    if (EVP_PKEY_get_raw_public_key(key.get(), pub.data(), &len) != 1 || len != pub.size()) {
        return openSslError(CryptoErrc::Key, "cannot read the public half of the signing key");
    }
    return SigningKey(std::move(key), algorithm, PublicKey{algorithm, std::move(pub)});
}

Result<SigningKey> SigningKey::generate(KeyAlgorithm algorithm) {
    const int type = evpType(algorithm);
    if (type == EVP_PKEY_NONE) {
        return makeError(CryptoErrc::Key, "only Ed25519 and Ed448 keys can sign");
    }
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_id(type, nullptr));
    EVP_PKEY* key = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &key) != 1) {
        return openSslError(CryptoErrc::Key, "key generation failed");
    }
    return adopt(key);
}

Result<SigningKey> SigningKey::fromRaw(KeyAlgorithm algorithm, ByteView privateKey) {
    const int type = evpType(algorithm);
    if (type == EVP_PKEY_NONE) {
        return makeError(CryptoErrc::Key, "only Ed25519 and Ed448 keys can sign");
    }
    if (privateKey.size() != (algorithm == KeyAlgorithm::Ed25519 ? 32U : 57U)) {
        return makeError(CryptoErrc::Key, "raw private key has the wrong length");
    }
    EVP_PKEY* key =
        EVP_PKEY_new_raw_private_key(type, nullptr, privateKey.data(), privateKey.size());
    if (key == nullptr) {
        return openSslError(CryptoErrc::Key, "cannot load raw private key");
    }
    return adopt(key);
}

Result<SigningKey> SigningKey::fromPem(std::string_view pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    if (key == nullptr) {
        return openSslError(CryptoErrc::Pem, "no private key in PEM");
    }
    return adopt(key);
}

Result<SigningKey> SigningKey::fromPem(const SecretBytes& pem) {
    return fromPem(std::string_view(reinterpret_cast<const char*>(pem.data()), pem.size()));
}

Result<SigningKey> SigningKey::loadPemFile(const std::string& path) {
    BioPtr bio(BIO_new_file(path.c_str(), "rb"));
    if (!bio) {
        return openSslError(CryptoErrc::Io, "cannot open private key file " + path);
    }
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
    if (key == nullptr) {
        return openSslError(CryptoErrc::Pem, "no private key in " + path);
    }
    return adopt(key);
}

Result<SecretBytes> SigningKey::toPem() const {
    // A secure-heap memory BIO is wiped when freed, unlike BIO_s_mem.
    BioPtr bio(BIO_new(BIO_s_secmem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr,
                                         nullptr) != 1) {
        return openSslError(CryptoErrc::Pem, "cannot encode private key");
    }
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    if (len <= 0 || data == nullptr) {
        return openSslError(CryptoErrc::Pem, "cannot encode private key");
    }
    return SecretBytes(
        ByteView{reinterpret_cast<const std::uint8_t*>(data), static_cast<std::size_t>(len)});
}

Result<void> SigningKey::savePemFile(const std::string& path) const {
    auto pem = toPem();
    if (!pem) {
        return pem.error();
    }
    namespace fs = std::filesystem;
    std::error_code ec;
    {
        std::ofstream create(path, std::ios::binary | std::ios::trunc);
        if (!create) {
            return makeError(CryptoErrc::Io, "cannot create " + path);
        }
    }
    // Restrict the file before the key is written, so it is never readable by others.
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                    ec);
    if (ec) {
        const std::string reason = ec.message();
        fs::remove(path, ec); // empty: nothing of the key was written
        return makeError(CryptoErrc::Io, "cannot restrict permissions of " + path + ": " + reason);
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(pem->data()),
              static_cast<std::streamsize>(pem->size()));
    out.close();
    if (!out) {
        return makeError(CryptoErrc::Io, "cannot write " + path);
    }
    return {};
}

Result<Bytes> SigningKey::sign(ByteView message) const {
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    std::size_t len = 0;
    static constexpr unsigned char kEmpty[1] = {0};
    const unsigned char* data = message.empty() ? kEmpty : message.data();
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, m_key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &len, data, message.size()) != 1) {
        return openSslError(CryptoErrc::Sign, "signing failed");
    }
    Bytes signature(len);
    if (EVP_DigestSign(ctx.get(), signature.data(), &len, data, message.size()) != 1) {
        return openSslError(CryptoErrc::Sign, "signing failed");
    }
    signature.resize(len);
    return signature;
}

} // namespace ferry::core::crypto
