#pragma once

#include "crypto/x25519_key_pair.h"
#include "crypto/x3dh.h"
#include "smp/queue_uri.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

/// Ferry's client-to-client protocol: links, the per-queue envelope and the agent messages
/// (docs/protocol.md, "Client to client"). Sans-I/O: bytes in, typed values out.
namespace ferry::core::agent {

inline constexpr std::uint16_t kAgentVersion = 1;

/// What the queue layer pads every payload to, so every SEND body has one length.
inline constexpr std::size_t kQueuePayloadSize = 15800;
/// What the double ratchet pads every message to.
inline constexpr std::size_t kRatchetMessageSize = 15000;

// ---- Links ----------------------------------------------------------------------------

/// A one-time invitation: the inviter's queue and its X3DH keys.
struct InvitationLink {
    smp::QueueUri queue;
    crypto::X3dhPublicKeys keys;
};

/// A long-lived contact address: a queue anyone may send a contact request to.
struct AddressLink {
    smp::QueueUri queue;
};

/// A one-time invitation as a short link (SMP v15 link data): the inviter's relay keeps the
/// invitation sealed with a key that only the link carries, under an id of the relay's.
struct ShortInvitationLink {
    smp::ServerAddress server; ///< the inviter's relay (no password)
    Bytes linkId;              ///< the relay's id of the link data
    Bytes linkKey;             ///< kLinkKeySize bytes: what opens the link data
};
inline constexpr std::size_t kLinkKeySize = 32;

/// A contact address as a short link: the relay keeps the address link sealed with the
/// link's key, under an id derived from that key (addressLinkId).
struct ShortAddressLink {
    smp::ServerAddress server; ///< the address's relay (no password)
    Bytes linkKey;             ///< kLinkKeySize bytes
};

using Link = std::variant<InvitationLink, AddressLink, ShortInvitationLink, ShortAddressLink>;

/// `ferry:/invitation#/?v=1&smp=<queue URI, percent-encoded>&e2e=<base64url(IK ‖ OTK)>`,
/// `ferry:/contact#/?v=1&smp=<queue URI>`,
/// `ferry:/i#/?v=1&l=<base64url(linkId)>&k=<base64url(linkKey)>&smp=<relay address>` or
/// `ferry:/c#/?v=1&k=<base64url(linkKey)>&smp=<relay address>`.
std::string formatLink(const Link& link);
/// Parses a pasted or scanned link (surrounding whitespace ignored); errors say what is wrong.
Result<Link> parseLink(std::string_view text);

/// The link data a short link's relay keeps: the fixed part is nonce(24) ‖
/// crypto_box(HKDF-SHA512(linkKey, info "Ferry invitation link"), nonce, the long link's text);
/// the user part is empty. `longLink` is an InvitationLink or an AddressLink.
Result<smp::QueueLinkData> sealLinkData(ByteView linkKey, const Link& longLink);
/// Opens it to the long link; AgentErrc::Link, in the same words whatever is wrong. The caller
/// checks that it is the kind it expects and names the queue the relay answered for.
Result<Link> openLinkData(ByteView linkKey, const smp::QueueLinkData& data);
/// A contact address's link id: HKDF-SHA512(linkKey, info "Ferry address link id"), 24 bytes.
/// The relay knows the id, never the key.
Bytes addressLinkId(ByteView linkKey);

// ---- The per-queue envelope (the SEND body) -------------------------------------------

/// Seals a payload for a queue: crypto_box between the sender's per-queue X25519 key and the
/// recipient's queue key from the queue URI, over the payload padded to kQueuePayloadSize.
/// The first message on a queue carries the sender's public key (`withKey`).
Result<Bytes> sealForQueue(const crypto::X25519KeyPair& senderKey,
                           const crypto::PublicKey& recipientQueueKey, ByteView payload,
                           bool withKey);

/// An opened envelope: the payload and, on a queue's first message, the sender's key.
struct OpenedEnvelope {
    std::optional<crypto::PublicKey> senderKey;
    Bytes payload;
};

/// Opens an envelope with the recipient's queue key; `knownSenderKey` is used when the
/// envelope carries none.
Result<OpenedEnvelope> openFromQueue(const crypto::X25519KeyPair& recipientQueueKey,
                                     const std::optional<crypto::PublicKey>& knownSenderKey,
                                     ByteView body);

// ---- Queue payloads (inside the envelope) ----------------------------------------------

/// The joiner's first message on the inviter's queue: its X3DH keys and the first ratchet
/// message (which carries an Info).
struct Confirmation {
    crypto::X3dhPublicKeys joinerKeys;
    Bytes ratchetMessage;
};

/// A contact request on an address queue: the requester's own invitation, answered by the
/// address owner joining it.
struct ContactRequest {
    crypto::X3dhPublicKeys keys;
    std::string displayName;
    smp::QueueUri replyQueue;
};

/// Every later message: one double-ratchet message.
struct RatchetPayload {
    Bytes ratchetMessage;
};

using QueuePayload = std::variant<Confirmation, ContactRequest, RatchetPayload>;

Bytes encodeQueuePayload(const QueuePayload& payload);
Result<QueuePayload> decodeQueuePayload(ByteView bytes);

// ---- Agent messages (inside the ratchet) ----------------------------------------------

/// The joiner introduces itself and names the queue the inviter should answer on.
struct Info {
    std::string displayName;
    smp::QueueUri replyQueue;
};
/// The inviter's answer on that queue: the connection is complete.
struct Hello {
    std::string displayName;
};
/// A chat message; `id` is the sender's sequence number, used for receipts and duplicates.
struct ChatMessage {
    std::int64_t id = 0;
    std::int64_t timestamp = 0;
    std::string text;
};
/// "These messages arrived": flips them from sent to delivered on the sender's side.
struct Receipt {
    std::vector<std::int64_t> ids;
};
/// The contact deleted the connection.
struct Goodbye {};
/// "Send to me on this queue as well": a new receive queue of the sender of this message, on
/// a relay of another operator than its other queues. The receiver secures it with SKEY and
/// from then on sends every message to each of its queues to the contact.
struct AddQueue {
    smp::QueueUri queue;
};
/// Whether an offered queue can be used: one the receiver can secure (messaging mode) with an
/// end-to-end key that a Diffie-Hellman works with (not a low-order point, which would give
/// every party the same secret). AgentErrc::Protocol saying which otherwise.
Result<void> checkOfferedQueue(const AddQueue& offer);

/// "The queue you offered is secured, and every message goes there too from now on": sent to
/// every queue, so that the new one carries a message at once (SimpleX's QUSE/QTEST in one).
struct QueueInUse {};
/// "Stop sending to the queue with this key": the sender of this message moved away from a
/// queue of its own (its relay stayed unreachable, lost the queue, or the user asked). The
/// key is the queue's end-to-end key (the queue URI's `dh` parameter).
struct DropQueue {
    crypto::PublicKey queueKey;
};

using AgentMessage =
    std::variant<Info, Hello, ChatMessage, Receipt, Goodbye, AddQueue, QueueInUse, DropQueue>;

Bytes encodeAgentMessage(const AgentMessage& message);
Result<AgentMessage> decodeAgentMessage(ByteView bytes);

/// The longest chat text that fits one message.
std::size_t maxChatTextBytes();

} // namespace ferry::core::agent
