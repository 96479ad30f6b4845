#include "smp/command.h"

#include "smp/decoder.h"
#include "smp/encoder.h"
#include "smp/key_encoding.h"
#include "smp/smp_errc.h"
#include "util/overloaded.h"

#include <string_view>

namespace ferry::core::smp {

namespace {

// BasicAuth characters (simplexmq `basicAuth`): printable, no space, '@', ':' or '/'.
bool validBasicAuth(ByteView s) {
    for (std::uint8_t c : s)
        if (c <= 0x20 || c >= 0x7f || c == '@' || c == ':' || c == '/')
            return false;
    return true;
}

std::optional<Bytes> readBasicAuthAfterTag(Decoder& d) {
    Bytes auth = d.shortString();
    if (d.ok() && !validBasicAuth(auth))
        d.fail("invalid character in server password");
    return auth;
}

SubscriptionMode readSubMode(Decoder& d) {
    char c = d.ch();
    if (c != 'S' && c != 'C')
        d.fail("bad SubscriptionMode");
    return c == 'C' ? SubscriptionMode::OnlyCreate : SubscriptionMode::Subscribe;
}

// MsgFlags parse as a Bool followed by anything up to the next space (room for new flags).
bool readMsgFlags(Decoder& d) {
    bool notification = d.boolean();
    d.word();
    return notification;
}

Result<Command> syntax(const Decoder& d) {
    return makeError(SmpErrc::Syntax, d.failure());
}

} // namespace

namespace cmd {

void New::encode(Encoder& e, Version v) const {
    encodeKey(e.space(), rcvAuthKey);
    encodeKey(e, rcvDhKey);
    if (v >= versions::kSenderAuthKey) {
        e.maybeShortString(basicAuth);
        e.ch(static_cast<char>(subMode));
        if (v >= versions::kShortLinks) {
            e.ch(queueRequest ? '1' : '0');
            if (queueRequest)
                encodeQueueRequest(e, *queueRequest);
        } else {
            e.boolean(senderCanSecure());
        }
        if (v >= versions::kNewNtfCreds) {
            e.ch(ntfCreds ? '1' : '0');
            if (ntfCreds) {
                encodeKey(e, ntfCreds->notifierKey);
                encodeKey(e, ntfCreds->rcvNtfDhKey);
            }
        }
    } else {
        if (basicAuth)
            e.ch('A').shortString(*basicAuth);
        e.ch(static_cast<char>(subMode));
    }
}

New New::decode(Decoder& d, Version v) {
    New c;
    d.expect(' ');
    c.rcvAuthKey = decodeAuthKey(d);
    c.rcvDhKey = decodeDhKey(d);
    if (v >= versions::kSenderAuthKey) {
        char tag = d.ch();
        if (tag == '1')
            c.basicAuth = readBasicAuthAfterTag(d);
        else if (tag != '0')
            d.fail("invalid Maybe tag");
        c.subMode = readSubMode(d);
        if (v >= versions::kShortLinks) {
            const char present = d.ch();
            if (present == '1')
                c.queueRequest = decodeQueueRequest(d);
            else if (present != '0')
                d.fail("invalid Maybe tag");
        } else {
            // As the reference reads a v9-14 NEW: the flag decides the mode.
            c.queueRequest =
                QueueRequest{d.boolean() ? QueueMode::Messaging : QueueMode::Contact, std::nullopt};
        }
        if (v >= versions::kNewNtfCreds) {
            const char present = d.ch();
            if (present == '1') {
                NewNtfCreds creds;
                creds.notifierKey = decodeAuthKey(d);
                creds.rcvNtfDhKey = decodeDhKey(d);
                c.ntfCreds = std::move(creds);
            } else if (present != '0') {
                d.fail("invalid Maybe tag");
            }
        }
    } else {
        // Optional `A` + password before the mode; `A` is never a valid mode letter.
        if (d.ok() && d.remaining() > 0 && d.rest()[0] == 'A') {
            d.byte();
            c.basicAuth = readBasicAuthAfterTag(d);
        }
        c.subMode = readSubMode(d);
    }
    return c;
}

void Key::encode(Encoder& e, Version) const {
    encodeKey(e.space(), senderKey);
}
Key Key::decode(Decoder& d, Version) {
    d.expect(' ');
    return Key{decodeAuthKey(d)};
}

void LSet::encode(Encoder& e, Version) const {
    e.space().shortString(linkId);
    encodeLinkData(e, data);
}
LSet LSet::decode(Decoder& d, Version) {
    d.expect(' ');
    LSet c;
    c.linkId = d.shortString();
    c.data = decodeLinkData(d);
    return c;
}

void LKey::encode(Encoder& e, Version) const {
    encodeKey(e.space(), senderKey);
}
LKey LKey::decode(Decoder& d, Version) {
    d.expect(' ');
    return LKey{decodeAuthKey(d)};
}

void SKey::encode(Encoder& e, Version) const {
    encodeKey(e.space(), senderKey);
}
SKey SKey::decode(Decoder& d, Version) {
    d.expect(' ');
    return SKey{decodeAuthKey(d)};
}

void NKey::encode(Encoder& e, Version) const {
    encodeKey(e.space(), notifierKey);
    encodeKey(e, rcvNtfDhKey);
}
NKey NKey::decode(Decoder& d, Version) {
    d.expect(' ');
    NKey n;
    n.notifierKey = decodeAuthKey(d);
    n.rcvNtfDhKey = decodeDhKey(d);
    return n;
}

void Ack::encode(Encoder& e, Version) const {
    e.space().shortString(msgId);
}
Ack Ack::decode(Decoder& d, Version) {
    d.expect(' ');
    return Ack{d.shortString()};
}

void Send::encode(Encoder& e, Version) const {
    e.space().boolean(notification).space().raw(body);
}
Send Send::decode(Decoder& d, Version) {
    d.expect(' ');
    Send s;
    s.notification = readMsgFlags(d);
    d.expect(' ');
    s.body = d.tail();
    return s;
}

void Prxy::encode(Encoder& e, Version) const {
    encodeServerAddress(e.space(), server);
    e.maybeShortString(basicAuth);
}
Prxy Prxy::decode(Decoder& d, Version) {
    d.expect(' ');
    Prxy p;
    p.server = decodeServerAddress(d);
    char t = d.ch();
    if (t == '1')
        p.basicAuth = readBasicAuthAfterTag(d);
    else if (t != '0')
        d.fail("invalid Maybe tag");
    return p;
}

void Pfwd::encode(Encoder& e, Version) const {
    e.space().word16(version);
    encodeKey(e, key);
    e.raw(encryptedTransmission);
}
Pfwd Pfwd::decode(Decoder& d, Version) {
    d.expect(' ');
    Pfwd p;
    p.version = d.word16();
    p.key = decodeDhKey(d);
    p.encryptedTransmission = d.tail();
    return p;
}

void Rfwd::encode(Encoder& e, Version) const {
    e.space().raw(encryptedForward);
}
Rfwd Rfwd::decode(Decoder& d, Version) {
    d.expect(' ');
    return Rfwd{d.tail()};
}

} // namespace cmd

const char* commandTag(const Command& command) {
    // Tags are string literals, so the view's data is NUL-terminated.
    return CommandWire::tag(command).data();
}

Bytes encodeCommand(Version v, const Command& command) {
    Encoder e;
    CommandWire::encode(e, command, v);
    return std::move(e).bytes();
}

Result<Command> decodeCommand(Version v, ByteView bytes) {
    Decoder d(bytes);
    const std::string tag = d.word();
    auto command = CommandWire::decode(tag, d, v);
    if (!command)
        return makeError(SmpErrc::Unknown, "unknown command tag");
    d.expectEnd();
    if (!d.ok())
        return syntax(d);
    return std::move(*command);
}

CredentialRule credentialRule(const Command& command) {
    return std::visit(Overloaded{
                          [](const cmd::New&) { return CredentialRule::AuthNoEntity; },
                          [](const cmd::Send&) { return CredentialRule::EntityAnyAuth; },
                          [](const cmd::Ping&) { return CredentialRule::NoAuthNoEntity; },
                          [](const cmd::Prxy&) { return CredentialRule::NoAuthNoEntity; },
                          [](const cmd::Rfwd&) { return CredentialRule::NoAuthNoEntity; },
                          [](const cmd::Pfwd&) { return CredentialRule::EntityNoAuth; },
                          [](const cmd::LGet&) { return CredentialRule::EntityNoAuth; },
                          [](const auto&) { return CredentialRule::AuthAndEntity; },
                      },
                      command);
}

std::optional<CommandError> checkCredentials(const Command& command, bool hasAuthorization,
                                             bool hasEntity) {
    switch (credentialRule(command)) {
    case CredentialRule::AuthNoEntity:
        if (!hasAuthorization)
            return CommandError::NoAuth;
        if (hasEntity)
            return CommandError::HasAuth;
        return std::nullopt;
    case CredentialRule::EntityAnyAuth:
        if (!hasEntity)
            return CommandError::NoEntity;
        return std::nullopt;
    case CredentialRule::NoAuthNoEntity:
        if (hasAuthorization || hasEntity)
            return CommandError::HasAuth;
        return std::nullopt;
    case CredentialRule::EntityNoAuth:
        if (!hasEntity)
            return CommandError::NoEntity;
        if (hasAuthorization)
            return CommandError::HasAuth;
        return std::nullopt;
    case CredentialRule::AuthAndEntity:
        if (!hasAuthorization || !hasEntity)
            return CommandError::NoAuth;
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace ferry::core::smp
