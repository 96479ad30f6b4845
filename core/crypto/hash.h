#pragma once

#include "crypto/secret_bytes.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstddef>

namespace ferry::core::crypto {

inline constexpr std::size_t kSha256Size = 32;
inline constexpr std::size_t kSha512Size = 64;
/// RFC 5869 caps the output of HKDF at 255 hash blocks.
inline constexpr std::size_t kHkdfSha512MaxLength = 255 * kSha512Size;

Bytes sha256(ByteView data);
Bytes sha512(ByteView data);
/// SHA3-384 (FIPS 202): an SMP v15 sender id is the first 24 bytes of it over the NEW's corrId.
/// Fails only if OpenSSL's provider lacks it.
Result<Bytes> sha3_384(ByteView data);

/// Whether a secret someone presented equals the expected one, without telling anything of
/// the expected one's length or content by the time it takes: both are hashed (SHA-512) and
/// the digests compared in constant time. For passwords; keys of a known size can use
/// constantTimeEqual.
bool secretsEqual(ByteView presented, ByteView expected);

/// HMAC-SHA512 with a key of any length.
Bytes hmacSha512(ByteView key, ByteView data);

/// HKDF-Extract with SHA-512 (RFC 5869): PRK = HMAC(salt, ikm). An empty salt is the same as 64
/// zero bytes, as the RFC requires.
SecretBytes hkdfSha512Extract(ByteView salt, ByteView ikm);
/// HKDF-Expand with SHA-512; fails when `length` exceeds kHkdfSha512MaxLength.
Result<SecretBytes> hkdfSha512Expand(ByteView prk, ByteView info, std::size_t length);
/// Extract then expand: simplexmq's `hkdf salt ikm info n` (SMP v11 block chain, ratchets).
Result<SecretBytes> hkdfSha512(ByteView salt, ByteView ikm, ByteView info, std::size_t length);

} // namespace ferry::core::crypto
