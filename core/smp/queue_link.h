#pragma once

#include "util/bytes.h"
#include "util/result.h"

#include <optional>

namespace ferry::core::smp {

class Encoder;
class Decoder;

/// What a queue is for (v15 `QueueMode`): one contact's messages, which the sender may secure
/// itself, or a contact address that many senders use.
enum class QueueMode : char { Messaging = 'M', Contact = 'C' };

/// A short link's data as the client stores it on the relay (v15 `QueueLinkData`): both parts
/// are encrypted by the client; the relay keeps them and hands them out. The fixed part never
/// changes; the user part may be replaced (LSET).
struct QueueLinkData {
    Bytes fixedData;
    Bytes userData;
    bool operator==(const QueueLinkData&) const = default;
};

/// What NEW asks for (v15 `QueueReqData`): the queue's mode and, for a short link, the ids the
/// client chose and the link data. A messaging queue's link id is the relay's choice.
struct QueueRequest {
    struct Link {
        Bytes linkId; ///< contact queues only (the client derives it from the link key)
        Bytes senderId;
        QueueLinkData data;
        bool operator==(const Link&) const = default;
    };
    QueueMode mode = QueueMode::Messaging;
    std::optional<Link> link;
    bool operator==(const QueueRequest&) const = default;
};

/// Encodings as simplexmq's `Encoding` instances: a mode is its letter; link data is two
/// Large strings; a request is the mode letter and a Maybe of the link fields.
void encodeQueueMode(Encoder& e, QueueMode mode);
QueueMode decodeQueueMode(Decoder& d);
void encodeLinkData(Encoder& e, const QueueLinkData& data);
QueueLinkData decodeLinkData(Decoder& d);
void encodeQueueRequest(Encoder& e, const QueueRequest& request);
/// The sender id of a queue NEW creates with a short link (v15): the first 24 bytes of
/// SHA3-384 of that NEW's corrId, so the client can name the queue in its link data before the
/// relay answers, and nobody can choose an id to probe with.
Result<Bytes> shortLinkSenderId(ByteView corrId);
QueueRequest decodeQueueRequest(Decoder& d);

} // namespace ferry::core::smp
