#include "smp/response.h"

#include "smp/decoder.h"
#include "smp/encoder.h"
#include "smp/key_encoding.h"
#include "smp/smp_errc.h"
#include "util/overloaded.h"

namespace ferry::core::smp {

namespace {

std::optional<CommandError> noEntity(bool hasEntity) {
    if (hasEntity)
        return CommandError::HasAuth;
    return std::nullopt;
}

VersionRange readVersionRange(Decoder& d) {
    VersionRange r;
    r.min = d.word16();
    r.max = d.word16();
    if (d.ok() && r.min > r.max)
        d.fail("invalid version range");
    return r;
}

} // namespace

namespace rsp {

void Ids::encode(Encoder& e, Version v) const {
    e.space().shortString(recipientId).shortString(senderId);
    encodeKey(e, serverDhKey);
    if (v >= versions::kShortLinks) {
        e.ch(queueMode ? '1' : '0');
        if (queueMode)
            encodeQueueMode(e, *queueMode);
        e.maybeShortString(linkId);
    } else if (v >= versions::kSenderAuthKey) {
        e.boolean(senderCanSecure());
    }
    if (v >= versions::kServiceCerts)
        e.maybeShortString(serviceId);
    if (v >= versions::kNewNtfCreds) {
        e.ch(ntfCreds ? '1' : '0');
        if (ntfCreds) {
            e.shortString(ntfCreds->notifierId);
            encodeKey(e, ntfCreds->serverNtfDhKey);
        }
    }
}
Ids Ids::decode(Decoder& d, Version v) {
    d.expect(' ');
    Ids ids;
    ids.recipientId = d.shortString();
    ids.senderId = d.shortString();
    ids.serverDhKey = decodeDhKey(d);
    if (v >= versions::kShortLinks) {
        const char present = d.ch();
        if (present == '1')
            ids.queueMode = decodeQueueMode(d);
        else if (present != '0')
            d.fail("invalid Maybe tag");
        ids.linkId = d.maybeShortString();
    } else if (v >= versions::kSenderAuthKey) {
        ids.queueMode = d.boolean() ? QueueMode::Messaging : QueueMode::Contact;
    }
    if (v >= versions::kServiceCerts)
        ids.serviceId = d.maybeShortString();
    if (v >= versions::kNewNtfCreds) {
        const char present = d.ch();
        if (present == '1') {
            ServerNtfCreds creds{d.shortString(), {}};
            creds.serverNtfDhKey = decodeDhKey(d);
            ids.ntfCreds = std::move(creds);
        } else if (present != '0') {
            d.fail("invalid Maybe tag");
        }
    }
    return ids;
}

void Sok::encode(Encoder& e, Version) const {
    e.space().maybeShortString(serviceId);
}
Sok Sok::decode(Decoder& d, Version) {
    d.expect(' ');
    return Sok{d.maybeShortString()};
}

void Lnk::encode(Encoder& e, Version) const {
    e.space().shortString(senderId);
    encodeLinkData(e, data);
}
Lnk Lnk::decode(Decoder& d, Version) {
    d.expect(' ');
    Lnk r;
    r.senderId = d.shortString();
    r.data = decodeLinkData(d);
    return r;
}

void Msg::encode(Encoder& e, Version) const {
    e.space().shortString(msgId).raw(encryptedBody);
}
Msg Msg::decode(Decoder& d, Version) {
    d.expect(' ');
    Msg m;
    m.msgId = d.shortString();
    m.encryptedBody = d.tail();
    return m;
}

void Nid::encode(Encoder& e, Version) const {
    e.space().shortString(notifierId);
    encodeKey(e, serverNtfDhKey);
}
Nid Nid::decode(Decoder& d, Version) {
    d.expect(' ');
    Nid n;
    n.notifierId = d.shortString();
    n.serverNtfDhKey = decodeDhKey(d);
    return n;
}

void Pkey::encode(Encoder& e, Version) const {
    e.space().shortString(sessionId);
    e.word16(versions.min).word16(versions.max);
    encodeCertChainPubKey(e, certKey);
}
Pkey Pkey::decode(Decoder& d, Version) {
    d.expect(' ');
    Pkey p;
    p.sessionId = d.shortString();
    p.versions = readVersionRange(d);
    p.certKey = decodeCertChainPubKey(d);
    return p;
}

void Rres::encode(Encoder& e, Version) const {
    e.space().raw(encryptedResponse);
}
Rres Rres::decode(Decoder& d, Version) {
    d.expect(' ');
    return Rres{d.tail()};
}

void Pres::encode(Encoder& e, Version) const {
    e.space().raw(encryptedResponse);
}
Pres Pres::decode(Decoder& d, Version) {
    d.expect(' ');
    return Pres{d.tail()};
}

void Info::encode(Encoder& e, Version) const {
    e.space().raw(json);
}
Info Info::decode(Decoder& d, Version) {
    d.expect(' ');
    return Info{d.tail()};
}

void Err::encode(Encoder& e, Version v) const {
    encodeErrorType(e.space(), v, error);
}
Err Err::decode(Decoder& d, Version) {
    d.expect(' ');
    return Err{decodeErrorType(d)};
}

} // namespace rsp

const char* responseTag(const Response& response) {
    // Tags are string literals, so the view's data is NUL-terminated.
    return ResponseWire::tag(response).data();
}

Bytes encodeResponse(Version v, const Response& response) {
    Encoder e;
    if (std::holds_alternative<rsp::Deld>(response) && v < versions::kDeletedEvent)
        ResponseWire::encode(e, rsp::End{}, v);
    else
        ResponseWire::encode(e, response, v);
    return std::move(e).bytes();
}

Result<Response> decodeResponse(Version v, ByteView bytes) {
    Decoder d(bytes);
    const std::string tag = d.word();
    auto response = ResponseWire::decode(tag, d, v);
    if (!response)
        return makeError(SmpErrc::Unknown, "unknown response tag");
    d.expectEnd();
    if (!d.ok())
        return makeError(SmpErrc::Syntax, d.failure());
    return std::move(*response);
}

std::optional<CommandError> checkResponseEntity(const Response& response, bool hasEntity) {
    return std::visit(Overloaded{
                          [](const rsp::Ids&) -> std::optional<CommandError> { return {}; },
                          [](const rsp::Err&) -> std::optional<CommandError> { return {}; },
                          [&](const rsp::Pong&) { return noEntity(hasEntity); },
                          [&](const rsp::Pkey&) { return noEntity(hasEntity); },
                          [&](const rsp::Rres&) { return noEntity(hasEntity); },
                          [&](const auto&) -> std::optional<CommandError> {
                              if (!hasEntity)
                                  return CommandError::NoEntity;
                              return {};
                          },
                      },
                      response);
}

} // namespace ferry::core::smp
