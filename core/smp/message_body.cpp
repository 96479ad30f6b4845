#include "smp/message_body.h"

#include "smp/decoder.h"
#include "smp/encoder.h"
#include "smp/padding.h"
#include "smp/smp_errc.h"

#include <algorithm>

namespace ferry::core::smp {

namespace {
constexpr std::string_view kQuotaTag = "QUOTA ";
} // namespace

Result<Bytes> encodeReceivedMessage(const ReceivedMessage& message) {
    Encoder e(kRcvMessagePaddedSize);
    if (message.quotaMarker) {
        e.raw(kQuotaTag).int64(message.timestamp);
    } else {
        e.int64(message.timestamp).boolean(message.notification).space().raw(message.body);
    }
    return pad(e.bytes(), kRcvMessagePaddedSize);
}

Result<ReceivedMessage> decodeReceivedMessage(ByteView padded) {
    auto content = unpad(padded);
    if (!content)
        return makeError(SmpErrc::Message, content.error().message);
    const Bytes& c = *content;
    ReceivedMessage m;
    Decoder d(c);
    if (c.size() >= kQuotaTag.size() && std::equal(kQuotaTag.begin(), kQuotaTag.end(), c.begin())) {
        d.take(kQuotaTag.size());
        m.quotaMarker = true;
        m.timestamp = d.int64();
        d.expectEnd();
    } else {
        m.timestamp = d.int64();
        m.notification = d.boolean();
        d.word(); // further flags, reserved
        d.expect(' ');
        m.body = d.tail();
    }
    if (!d.ok())
        return makeError(SmpErrc::Message, "bad message body: " + d.failure());
    return m;
}

} // namespace ferry::core::smp
