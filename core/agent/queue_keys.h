#pragma once

#include "crypto/ed25519_key_pair.h"
#include "crypto/secret_bytes.h"
#include "crypto/x25519_key_pair.h"
#include "util/result.h"

#include <optional>

namespace ferry::core::agent {

/// Everything the recipient of a queue holds (stored encrypted in the profile database).
struct ReceiveQueueKeys {
    crypto::Ed25519KeyPair recipientKey;             ///< authorizes SUB/ACK/DEL… on the relay
    crypto::X25519KeyPair relayDhKey;                ///< with the relay's key, opens MSG bodies
    crypto::PublicKey relayServerDhKey;              ///< from IDS
    crypto::X25519KeyPair queueKey;                  ///< the queue URI's key: opens envelopes
    std::optional<crypto::PublicKey> senderQueueKey; ///< learned from the first envelope
};

/// Everything the sender to a queue holds.
struct SendQueueKeys {
    std::optional<crypto::Ed25519KeyPair> senderKey; ///< secures the queue; absent for addresses
    crypto::X25519KeyPair queueKey;                  ///< our per-queue key for envelopes
    crypto::PublicKey recipientQueueKey;             ///< from the queue URI
    bool keySent = false;                            ///< our key went out in a first envelope
};

crypto::SecretBytes serialize(const ReceiveQueueKeys& keys);
crypto::SecretBytes serialize(const SendQueueKeys& keys);
Result<ReceiveQueueKeys> parseReceiveQueueKeys(ByteView blob);
Result<SendQueueKeys> parseSendQueueKeys(ByteView blob);

} // namespace ferry::core::agent
