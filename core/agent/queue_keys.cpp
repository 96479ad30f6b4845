#include "agent/queue_keys.h"

#include "agent/agent_errc.h"
#include "smp/decoder.h"
#include "smp/encoder.h"
#include "smp/key_encoding.h"

namespace ferry::core::agent {

namespace {

constexpr std::uint8_t kReceiveTag = 'R';
constexpr std::uint8_t kSendTag = 'S';
constexpr std::size_t kSecretSize = 32;

void secret(smp::Encoder& e, const crypto::SecretBytes& s) {
    e.raw(s.view());
}

// Takes ownership of the encoder's bytes so the serialized secrets are wiped when done.
crypto::SecretBytes finish(smp::Encoder&& e) {
    Bytes bytes = std::move(e).bytes();
    return crypto::SecretBytes::takeFrom(bytes);
}

Error bad(const char* what) {
    return makeError(AgentErrc::Keys, std::string("damaged queue keys: ") + what);
}

} // namespace

crypto::SecretBytes serialize(const ReceiveQueueKeys& k) {
    smp::Encoder e(256);
    e.byte(kReceiveTag);
    secret(e, k.recipientKey.seed());
    secret(e, k.relayDhKey.secretKey());
    smp::encodeKey(e, k.relayServerDhKey);
    secret(e, k.queueKey.secretKey());
    e.byte(k.senderQueueKey ? 1 : 0);
    if (k.senderQueueKey)
        smp::encodeKey(e, *k.senderQueueKey);
    return finish(std::move(e));
}

crypto::SecretBytes serialize(const SendQueueKeys& k) {
    smp::Encoder e(256);
    e.byte(kSendTag);
    e.byte(k.senderKey ? 1 : 0);
    if (k.senderKey)
        secret(e, k.senderKey->seed());
    secret(e, k.queueKey.secretKey());
    smp::encodeKey(e, k.recipientQueueKey);
    e.boolean(k.keySent);
    return finish(std::move(e));
}

Result<ReceiveQueueKeys> parseReceiveQueueKeys(ByteView blob) {
    smp::Decoder d(blob);
    if (d.byte() != kReceiveTag)
        return bad("not a receive queue");
    const Bytes seed = d.take(kSecretSize);
    const Bytes relayDh = d.take(kSecretSize);
    const crypto::PublicKey serverKey = smp::decodeDhKey(d);
    const Bytes queueKey = d.take(kSecretSize);
    std::optional<crypto::PublicKey> senderKey;
    if (d.byte() == 1)
        senderKey = smp::decodeDhKey(d);
    d.expectEnd();
    if (!d.ok())
        return bad("truncated");
    auto recipient = crypto::Ed25519KeyPair::fromSeed(seed);
    auto relay = crypto::X25519KeyPair::fromSecret(relayDh);
    auto queue = crypto::X25519KeyPair::fromSecret(queueKey);
    if (!recipient || !relay || !queue)
        return bad("invalid key");
    return ReceiveQueueKeys{std::move(recipient).value(), std::move(relay).value(), serverKey,
                            std::move(queue).value(), senderKey};
}

Result<SendQueueKeys> parseSendQueueKeys(ByteView blob) {
    smp::Decoder d(blob);
    if (d.byte() != kSendTag)
        return bad("not a send queue");
    std::optional<crypto::Ed25519KeyPair> senderKey;
    if (d.byte() == 1) {
        auto key = crypto::Ed25519KeyPair::fromSeed(d.take(kSecretSize));
        if (!key)
            return bad("invalid sender key");
        senderKey = std::move(key).value();
    }
    auto queueKey = crypto::X25519KeyPair::fromSecret(d.take(kSecretSize));
    const crypto::PublicKey recipientKey = smp::decodeDhKey(d);
    const bool keySent = d.boolean();
    d.expectEnd();
    if (!d.ok() || !queueKey)
        return bad("truncated");
    return SendQueueKeys{std::move(senderKey), std::move(queueKey).value(), recipientKey, keySent};
}

} // namespace ferry::core::agent
