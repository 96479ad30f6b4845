#pragma once

#include "crypto/secret_bytes.h"
#include "crypto/x25519_key_pair.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

namespace ferry::core::crypto {

/// Version byte that starts a serialized RatchetState.
inline constexpr std::uint8_t kRatchetStateVersion = 1;
/// Most message keys skipped in one receiving chain (Signal's MAX_SKIP).
inline constexpr std::uint32_t kRatchetMaxSkip = 1000;
/// Most skipped message keys kept in total; beyond it the oldest are dropped.
inline constexpr std::size_t kRatchetMaxSkippedKeys = 2000;

/// A message key kept for a message that has not arrived yet, found by (header key, N).
struct SkippedMessageKey {
    SecretBytes headerKey;
    std::uint32_t n = 0;
    SecretBytes messageKey;
};

/// The state of a double ratchet with header encryption (Signal, section 4), as plain data.
///
/// An empty SecretBytes stands for the spec's "None". Every key field is 32 bytes when set.
/// Holds secrets: never log it; persist it only inside encrypted storage.
struct RatchetState {
    X25519KeyPair dhSelf;                  ///< DHs
    std::optional<Bytes> dhRemote;         ///< DHr
    SecretBytes rootKey;                   ///< RK
    SecretBytes sendChainKey;              ///< CKs
    SecretBytes receiveChainKey;           ///< CKr
    SecretBytes sendHeaderKey;             ///< HKs
    SecretBytes receiveHeaderKey;          ///< HKr
    SecretBytes sendNextHeaderKey;         ///< NHKs
    SecretBytes receiveNextHeaderKey;      ///< NHKr
    std::uint32_t sendCount = 0;           ///< Ns
    std::uint32_t receiveCount = 0;        ///< Nr
    std::uint32_t previousCount = 0;       ///< PN
    std::deque<SkippedMessageKey> skipped; ///< MKSKIPPED, oldest first
    Bytes associatedData;                  ///< from X3DH, bound into every message's AEAD
    std::uint32_t messageLength = 0;       ///< exact length of every message this side encrypts

    /// Versioned binary blob (format in docs/e2e-draft.md); wipes itself when freed.
    SecretBytes serialize() const;
    /// Strict inverse of serialize(): any malformed or out-of-range field is an error.
    static Result<RatchetState> deserialize(ByteView blob);
};

} // namespace ferry::core::crypto
