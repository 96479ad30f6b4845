#include "crypto/public_key.h"

#include "crypto/crypto_errc.h"

#include <algorithm>
#include <iterator>

namespace ferry::core::crypto {

namespace {

// RFC 8410 object identifiers 1.3.101.110..113 end in these bytes after 06 03 2b 65.
std::uint8_t oidLastByte(KeyAlgorithm algorithm) {
    switch (algorithm) {
    case KeyAlgorithm::X25519:
        return 0x6e;
    case KeyAlgorithm::X448:
        return 0x6f;
    case KeyAlgorithm::Ed25519:
        return 0x70;
    case KeyAlgorithm::Ed448:
        return 0x71;
    }
    return 0;
}

} // namespace

std::size_t rawKeySize(KeyAlgorithm algorithm) {
    switch (algorithm) {
    case KeyAlgorithm::Ed25519:
    case KeyAlgorithm::X25519:
        return 32;
    case KeyAlgorithm::Ed448:
        return 57;
    case KeyAlgorithm::X448:
        return 56;
    }
    return 0;
}

const char* algorithmName(KeyAlgorithm algorithm) {
    switch (algorithm) {
    case KeyAlgorithm::Ed25519:
        return "Ed25519";
    case KeyAlgorithm::Ed448:
        return "Ed448";
    case KeyAlgorithm::X25519:
        return "X25519";
    case KeyAlgorithm::X448:
        return "X448";
    }
    return "?";
}

Bytes encodeSpki(const PublicKey& key) {
    const auto n = static_cast<std::uint8_t>(key.raw.size());
    const std::uint8_t header[] = {0x30,
                                   static_cast<std::uint8_t>(n + 10),
                                   0x30,
                                   0x05,
                                   0x06,
                                   0x03,
                                   0x2b,
                                   0x65,
                                   oidLastByte(key.algorithm),
                                   0x03,
                                   static_cast<std::uint8_t>(n + 1),
                                   0x00};
    Bytes der(sizeof header + key.raw.size());
    std::copy(std::begin(header), std::end(header), der.begin());
    std::copy(key.raw.begin(), key.raw.end(), der.begin() + sizeof header);
    return der;
}

Result<PublicKey> decodeSpki(ByteView der) {
    static constexpr KeyAlgorithm kAll[] = {KeyAlgorithm::Ed25519, KeyAlgorithm::Ed448,
                                            KeyAlgorithm::X25519, KeyAlgorithm::X448};
    if (der.size() >= 12) {
        for (KeyAlgorithm algorithm : kAll) {
            PublicKey key{algorithm, Bytes(der.begin() + 12, der.end())};
            if (key.raw.size() == rawKeySize(algorithm) && equal(encodeSpki(key), der))
                return key;
        }
    }
    return makeError(CryptoErrc::Key, "not an Ed25519, Ed448, X25519 or X448 SubjectPublicKeyInfo");
}

} // namespace ferry::core::crypto
