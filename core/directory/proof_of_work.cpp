#include "directory/proof_of_work.h"

#include "crypto/hash.h"

#include <array>
#include <bit>
#include <string>

namespace ferry::core::directory {

namespace {

constexpr std::string_view kContext = "ferry-directory-pow/1";

/// Everything hashed but the nonce, with 8 bytes of room for it at the end. Assembled as text
/// first: GCC 12 at -O3 misreads a vector built by successive inserts (-Warray-bounds).
Bytes proofInput(std::string_view challenge, std::string_view payload) {
    const Bytes payloadHash = crypto::sha256(
        ByteView(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size()));
    std::string text;
    text.reserve(kContext.size() + challenge.size() + payloadHash.size() + 8);
    text.append(kContext).append(challenge);
    text.append(reinterpret_cast<const char*>(payloadHash.data()), payloadHash.size());
    text.append(8, '\0');
    return Bytes(text.begin(), text.end());
}

bool meets(Bytes& input, std::uint64_t nonce, unsigned difficulty) {
    for (int i = 0; i < 8; ++i)
        input[input.size() - 8 + i] = static_cast<std::uint8_t>(nonce >> (8 * i));
    const Bytes hash = crypto::sha256(input);
    unsigned zeros = 0;
    for (std::uint8_t byte : hash) {
        if (byte != 0) {
            zeros += static_cast<unsigned>(std::countl_zero(byte));
            break;
        }
        zeros += 8;
        if (zeros >= difficulty)
            break;
    }
    return zeros >= difficulty;
}

} // namespace

bool proofMeets(std::string_view challenge, std::string_view payload, std::uint64_t nonce,
                unsigned difficulty) {
    if (difficulty > kMaxProofDifficulty)
        return false;
    Bytes input = proofInput(challenge, payload);
    return meets(input, nonce, difficulty);
}

std::optional<std::uint64_t> solveProof(std::string_view challenge, std::string_view payload,
                                        unsigned difficulty) {
    if (difficulty > kMaxProofDifficulty)
        return std::nullopt;
    Bytes input = proofInput(challenge, payload);
    for (std::uint64_t nonce = 0;; ++nonce)
        if (meets(input, nonce, difficulty))
            return nonce;
}

} // namespace ferry::core::directory
