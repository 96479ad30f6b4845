#include "crypto/crypto_errc.h"

namespace ferry::core::crypto {

namespace {

constexpr std::array<core::ErrorRow<CryptoErrc>, 16> kRows{{
    {CryptoErrc::Auth, "auth", "the data failed authentication"},
    {CryptoErrc::CertChain, "cert_chain", "the certificate chain is not valid"},
    {CryptoErrc::Library, "library", "the cryptography library failed"},
    {CryptoErrc::Der, "der", "malformed DER encoding"},
    {CryptoErrc::Hkdf, "hkdf", "key derivation failed"},
    {CryptoErrc::Io, "io", "a key or certificate file could not be read or written"},
    {CryptoErrc::Key, "key", "malformed or unusable key"},
    {CryptoErrc::Padding, "padding", "malformed padding"},
    {CryptoErrc::Pem, "pem", "malformed PEM data"},
    {CryptoErrc::Ratchet, "ratchet", "the double ratchet could not decrypt the message"},
    {CryptoErrc::RatchetState, "ratchet_state", "malformed saved ratchet state"},
    {CryptoErrc::RatchetTooLong, "ratchet_too_long", "the message is too long to encrypt"},
    {CryptoErrc::Sign, "sign", "signing failed"},
    {CryptoErrc::SignedKey, "signed_key", "malformed or unverifiable signed key"},
    {CryptoErrc::X3dh, "x3dh", "the key agreement (X3DH) failed"},
    {CryptoErrc::X509, "x509", "malformed or unusable certificate"},
}};

} // namespace

FERRY_ERROR_CATEGORY(cryptoErrorCategory, "crypto", kRows, CryptoErrc::X509)

} // namespace ferry::core::crypto
