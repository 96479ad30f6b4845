#pragma once

#include "smp/version.h"
#include "util/bytes.h"
#include "util/result.h"

#include <optional>

namespace ferry::core::smp {

/// Correlation ids are 24 random bytes; they double as crypto_box nonces.
inline constexpr std::size_t kCorrIdSize = 24;

/// One SMP transmission as it travels inside a block, command still encoded.
struct Transmission {
    Bytes authorization; ///< empty, a 64/114-byte signature, or an 80-byte authenticator
    Bytes sessionId;     ///< only sent on the wire below v7; implied from v7
    Bytes corrId;        ///< empty for pushed server messages (MSG after SUB, END)
    Bytes entityId;      ///< queue id, or empty
    Bytes command;       ///< encoded command or response
    /// From v16, after a non-empty authorization: a service's Ed25519 signature, if any (only
    /// a session with a service certificate sends one; Ferry's relay accepts none).
    std::optional<Bytes> serviceSignature = std::nullopt;

    bool operator==(const Transmission&) const = default;
};

/// Wire bytes of a transmission at `version` (simplexmq `encodeTransmission`): auth, from v16
/// after a non-empty auth Maybe(service signature), below v7 the session id, then corrId,
/// entityId and the command.
Bytes encodeTransmission(Version version, const Transmission& t);

/// Parses one transmission from a block item. Below v7 the session id is read from the
/// wire; from v7 it is left empty for the caller to imply.
Result<Transmission> decodeTransmission(Version version, ByteView item);

/// The bytes an authorization covers at every version (simplexmq
/// `encodeTransmissionForAuth`): shortString(sessionId) ‖ shortString(corrId) ‖
/// shortString(entityId) ‖ command.
Bytes authorizedBytes(ByteView sessionId, ByteView corrId, ByteView entityId, ByteView command);

} // namespace ferry::core::smp
