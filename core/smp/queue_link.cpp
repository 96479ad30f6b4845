#include "smp/queue_link.h"

#include "crypto/hash.h"
#include "smp/decoder.h"
#include "smp/encoder.h"

namespace ferry::core::smp {

void encodeQueueMode(Encoder& e, QueueMode mode) {
    e.ch(static_cast<char>(mode));
}

QueueMode decodeQueueMode(Decoder& d) {
    const char c = d.ch();
    if (c != 'M' && c != 'C')
        d.fail("bad QueueMode");
    return c == 'C' ? QueueMode::Contact : QueueMode::Messaging;
}

void encodeLinkData(Encoder& e, const QueueLinkData& data) {
    e.large(data.fixedData).large(data.userData);
}

QueueLinkData decodeLinkData(Decoder& d) {
    QueueLinkData data;
    data.fixedData = d.large();
    data.userData = d.large();
    return data;
}

void encodeQueueRequest(Encoder& e, const QueueRequest& request) {
    encodeQueueMode(e, request.mode);
    if (!request.link) {
        e.ch('0');
        return;
    }
    e.ch('1');
    if (request.mode == QueueMode::Contact)
        e.shortString(request.link->linkId);
    e.shortString(request.link->senderId);
    encodeLinkData(e, request.link->data);
}

QueueRequest decodeQueueRequest(Decoder& d) {
    QueueRequest request;
    request.mode = decodeQueueMode(d);
    const char present = d.ch();
    if (present == '1') {
        QueueRequest::Link link;
        if (request.mode == QueueMode::Contact)
            link.linkId = d.shortString();
        link.senderId = d.shortString();
        link.data = decodeLinkData(d);
        request.link = std::move(link);
    } else if (present != '0') {
        d.fail("invalid Maybe tag");
    }
    return request;
}

Result<Bytes> shortLinkSenderId(ByteView corrId) {
    auto digest = crypto::sha3_384(corrId);
    if (!digest)
        return digest.error();
    return Bytes(digest->begin(), digest->begin() + 24);
}

} // namespace ferry::core::smp
