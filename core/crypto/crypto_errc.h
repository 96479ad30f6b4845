#pragma once

#include "util/error_table.h"

namespace ferry::core::crypto {

/// What can fail in crypto; each code's tag and words are in crypto_errc.cpp.
enum class CryptoErrc {
    Auth = 1,
    CertChain,
    Library,
    Der,
    Hkdf,
    Io,
    Key,
    Padding,
    Pem,
    Ratchet,
    RatchetState,
    RatchetTooLong,
    Sign,
    SignedKey,
    X3dh,
    X509,
};
FERRY_DECLARE_ERROR_CODES(CryptoErrc, cryptoErrorCategory)

} // namespace ferry::core::crypto

FERRY_ERROR_CODE_ENUM(ferry::core::crypto::CryptoErrc);
