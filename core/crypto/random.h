#pragma once

#include "util/bytes.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace ferry::core::crypto {

/// `size` bytes from the operating system's CSPRNG (libsodium randombytes_buf); for nonces,
/// queue ids and correlation ids. Use SecretBytes::random for key material.
Bytes randomBytes(std::size_t size);

/// Fills `out` from the CSPRNG.
void randomFill(std::span<std::uint8_t> out);

/// Compares in time that depends only on the lengths; different lengths are unequal.
bool constantTimeEqual(ByteView a, ByteView b);

} // namespace ferry::core::crypto
