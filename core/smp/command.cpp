#include "smp/command.h"

#include "smp/decoder.h"
#include "smp/encoder.h"
#include "smp/key_encoding.h"
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

void encodeNew(Encoder& e, Version v, const cmd::New& c) {
    e.raw("NEW ");
    encodeKey(e, c.rcvAuthKey);
    encodeKey(e, c.rcvDhKey);
    if (v >= versions::kSenderAuthKey) {
        e.maybeShortString(c.basicAuth);
        e.ch(static_cast<char>(c.subMode));
        e.boolean(c.senderCanSecure);
    } else {
        if (c.basicAuth)
            e.ch('A').shortString(*c.basicAuth);
        e.ch(static_cast<char>(c.subMode));
    }
}

SubscriptionMode readSubMode(Decoder& d) {
    char c = d.ch();
    if (c != 'S' && c != 'C')
        d.fail("bad SubscriptionMode");
    return c == 'C' ? SubscriptionMode::OnlyCreate : SubscriptionMode::Subscribe;
}

cmd::New decodeNew(Decoder& d, Version v) {
    cmd::New c;
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
        c.senderCanSecure = d.boolean();
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

// MsgFlags parse as a Bool followed by anything up to the next space (room for new flags).
bool readMsgFlags(Decoder& d) {
    bool notification = d.boolean();
    d.word();
    return notification;
}

Result<Command> syntax(const Decoder& d) {
    return makeError("SYNTAX", d.failure());
}

} // namespace

const char* commandTag(const Command& command) {
    static constexpr const char* kTags[] = {"NEW",  "SUB",  "KEY",  "SKEY", "NKEY", "NDEL",
                                            "GET",  "ACK",  "OFF",  "DEL",  "QUE",  "SEND",
                                            "PING", "PRXY", "PFWD", "RFWD"};
    return kTags[command.index()];
}

Bytes encodeCommand(Version v, const Command& command) {
    Encoder e;
    std::visit(
        Overloaded{
            [&](const cmd::New& c) { encodeNew(e, v, c); },
            [&](const cmd::Key& c) { encodeKey(e.raw("KEY "), c.senderKey); },
            [&](const cmd::SKey& c) { encodeKey(e.raw("SKEY "), c.senderKey); },
            [&](const cmd::NKey& c) {
                encodeKey(e.raw("NKEY "), c.notifierKey);
                encodeKey(e, c.rcvNtfDhKey);
            },
            [&](const cmd::Ack& c) { e.raw("ACK ").shortString(c.msgId); },
            [&](const cmd::Send& c) { e.raw("SEND ").boolean(c.notification).space().raw(c.body); },
            [&](const cmd::Prxy& c) {
                encodeServerAddress(e.raw("PRXY "), c.server);
                e.maybeShortString(c.basicAuth);
            },
            [&](const cmd::Pfwd& c) {
                e.raw("PFWD ").word16(c.version);
                encodeKey(e, c.key);
                e.raw(c.encryptedTransmission);
            },
            [&](const cmd::Rfwd& c) { e.raw("RFWD ").raw(c.encryptedForward); },
            [&](const auto&) { e.raw(commandTag(command)); },
        },
        command);
    return std::move(e).bytes();
}

Result<Command> decodeCommand(Version v, ByteView bytes) {
    Decoder d(bytes);
    const std::string tag = d.word();
    Command c;
    if (tag == "NEW") {
        c = decodeNew(d, v);
    } else if (tag == "SUB") {
        c = cmd::Sub{};
    } else if (tag == "KEY") {
        d.expect(' ');
        c = cmd::Key{decodeAuthKey(d)};
    } else if (tag == "SKEY") {
        d.expect(' ');
        c = cmd::SKey{decodeAuthKey(d)};
    } else if (tag == "NKEY") {
        d.expect(' ');
        cmd::NKey n;
        n.notifierKey = decodeAuthKey(d);
        n.rcvNtfDhKey = decodeDhKey(d);
        c = std::move(n);
    } else if (tag == "NDEL") {
        c = cmd::NDel{};
    } else if (tag == "GET") {
        c = cmd::Get{};
    } else if (tag == "ACK") {
        d.expect(' ');
        c = cmd::Ack{d.shortString()};
    } else if (tag == "OFF") {
        c = cmd::Off{};
    } else if (tag == "DEL") {
        c = cmd::Del{};
    } else if (tag == "QUE") {
        c = cmd::Que{};
    } else if (tag == "SEND") {
        d.expect(' ');
        cmd::Send s;
        s.notification = readMsgFlags(d);
        d.expect(' ');
        s.body = d.tail();
        c = std::move(s);
    } else if (tag == "PING") {
        c = cmd::Ping{};
    } else if (tag == "PRXY") {
        d.expect(' ');
        cmd::Prxy p;
        p.server = decodeServerAddress(d);
        char t = d.ch();
        if (t == '1')
            p.basicAuth = readBasicAuthAfterTag(d);
        else if (t != '0')
            d.fail("invalid Maybe tag");
        c = std::move(p);
    } else if (tag == "PFWD") {
        d.expect(' ');
        cmd::Pfwd p;
        p.version = d.word16();
        p.key = decodeDhKey(d);
        p.encryptedTransmission = d.tail();
        c = std::move(p);
    } else if (tag == "RFWD") {
        d.expect(' ');
        c = cmd::Rfwd{d.tail()};
    } else {
        return makeError("UNKNOWN", "unknown command tag");
    }
    d.expectEnd();
    if (!d.ok())
        return syntax(d);
    return c;
}

CredentialRule credentialRule(const Command& command) {
    return std::visit(Overloaded{
                          [](const cmd::New&) { return CredentialRule::AuthNoEntity; },
                          [](const cmd::Send&) { return CredentialRule::EntityAnyAuth; },
                          [](const cmd::Ping&) { return CredentialRule::NoAuthNoEntity; },
                          [](const cmd::Prxy&) { return CredentialRule::NoAuthNoEntity; },
                          [](const cmd::Rfwd&) { return CredentialRule::NoAuthNoEntity; },
                          [](const cmd::Pfwd&) { return CredentialRule::EntityNoAuth; },
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
