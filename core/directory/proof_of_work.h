#pragma once

#include "util/bytes.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace ferry::core::directory {

/// A registration's proof of work: a nonce such that
/// SHA-256("ferry-directory-pow/1" ‖ challenge ‖ SHA-256(payload) ‖ nonce as 8 bytes
/// little-endian) starts with `difficulty` zero bits. Bound to the directory's challenge and
/// to the exact payload, so it cannot be computed ahead or reused; the directory checks it
/// with one hash and sets the difficulty (and raises it under load).
inline constexpr unsigned kMaxProofDifficulty = 32;

bool proofMeets(std::string_view challenge, std::string_view payload, std::uint64_t nonce,
                unsigned difficulty);

/// Searches for a nonce; nothing when `difficulty` is above kMaxProofDifficulty (about 2^d
/// hashes are expected: 16 bits take some milliseconds, 24 a few seconds).
std::optional<std::uint64_t> solveProof(std::string_view challenge, std::string_view payload,
                                        unsigned difficulty);

} // namespace ferry::core::directory
