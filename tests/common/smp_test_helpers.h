#pragma once

// Helpers the SMP codec tests share: keys with recognisable bytes, their wire form written
// out by hand (not through the codec under test), and QByteArray conversions for _data rows.
#include "byte_literals.h"
#include "crypto/public_key.h"
#include "smp/error_type.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace ferry::test {

inline core::crypto::PublicKey key(core::crypto::KeyAlgorithm a, std::uint8_t fill) {
    return {a, Bytes(core::crypto::rawKeySize(a), fill)};
}
inline core::crypto::PublicKey ed(std::uint8_t fill) {
    return key(core::crypto::KeyAlgorithm::Ed25519, fill);
}
inline core::crypto::PublicKey xk(std::uint8_t fill) {
    return key(core::crypto::KeyAlgorithm::X25519, fill);
}

/// RFC 8410 SubjectPublicKeyInfo, headers written out by hand:
/// SEQUENCE { SEQUENCE { OID 1.3.101.11x } BIT STRING (0 unused bits) key }.
inline Bytes spki(const core::crypto::PublicKey& k) {
    using core::crypto::KeyAlgorithm;
    switch (k.algorithm) {
    case KeyAlgorithm::Ed25519:
        return cat(hex("302a 3005 0603 2b6570 032100"), k.raw);
    case KeyAlgorithm::X25519:
        return cat(hex("302a 3005 0603 2b656e 032100"), k.raw);
    case KeyAlgorithm::Ed448:
        return cat(hex("3043 3005 0603 2b6571 033a00"), k.raw);
    case KeyAlgorithm::X448:
        return cat(hex("3042 3005 0603 2b656f 033900"), k.raw);
    }
    return {};
}

/// Keys go on the wire as shortString(SPKI DER) (Crypto.hs `instance Encoding (PublicKey a)`).
inline Bytes wireKey(const core::crypto::PublicKey& k) {
    return shortStr(spki(k));
}

inline QByteArray qb(const Bytes& b) {
    return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
}
inline Bytes fromQ(const QByteArray& q) {
    return Bytes(q.begin(), q.end());
}
inline QString hexOf(core::ByteView b) {
    return QString::fromStdString(core::toHex(b));
}

/// The wire name of a CMD error, "OK" for none.
inline const char* errName(std::optional<core::smp::CommandError> e) {
    using core::smp::CommandError;
    if (!e)
        return "OK";
    switch (*e) {
    case CommandError::Unknown:
        return "UNKNOWN";
    case CommandError::Syntax:
        return "SYNTAX";
    case CommandError::Prohibited:
        return "PROHIBITED";
    case CommandError::NoAuth:
        return "NO_AUTH";
    case CommandError::HasAuth:
        return "HAS_AUTH";
    case CommandError::NoEntity:
        return "NO_ENTITY";
    }
    return "?";
}

} // namespace ferry::test
