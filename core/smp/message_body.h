#pragma once

#include "util/bytes.h"
#include "util/result.h"

#include <cstdint>

namespace ferry::core::smp {

/// Plaintext of a MSG body is padded to this size before the server's crypto_box
/// (simplexmq MaxRcvMessageLen 16,104 plus the Word16 length).
inline constexpr std::size_t kRcvMessagePaddedSize = 16106;

/// What the recipient finds inside a MSG after removing the server's encryption.
struct ReceivedMessage {
    std::int64_t timestamp = 0; ///< seconds since the epoch, set by the relay
    bool quotaMarker = false;   ///< the relay's "queue was full" marker, no body
    bool notification = false;  ///< the sender's notification flag
    Bytes body;                 ///< the sender's (e2e-encrypted) message

    bool operator==(const ReceivedMessage&) const = default;
};

/// Int64 ts ‖ flags ‖ ' ' ‖ body, or `QUOTA ` ‖ Int64 ts, padded (simplexmq
/// `encodeRcvMsgBody` then `padMaxLenBS`).
Result<Bytes> encodeReceivedMessage(const ReceivedMessage& message);
/// Unpads and parses (simplexmq `clientRcvMsgBodyP`).
Result<ReceivedMessage> decodeReceivedMessage(ByteView padded);

} // namespace ferry::core::smp
