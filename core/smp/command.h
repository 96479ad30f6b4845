#pragma once

#include "crypto/public_key.h"
#include "smp/error_type.h"
#include "smp/queue_link.h"
#include "smp/server_address.h"
#include "smp/version.h"
#include "smp/wire_variant.h"
#include "util/bytes.h"
#include "util/result.h"

#include <optional>
#include <string_view>
#include <variant>

namespace ferry::core::smp {

/// Whether NEW also subscribes the creating connection (`S`) or only creates (`C`).
enum class SubscriptionMode : char { Subscribe = 'S', OnlyCreate = 'C' };

/// Client commands (simplexmq `Command`), one struct per tag. Each declares its tag, what it
/// writes after the tag at a version and how it reads that back (WireMessage); command.cpp
/// generates the tag table and the dispatch from the variant below.
namespace cmd {
/// Notifier credentials NEW may carry (v17 `NewNtfCreds`), as NKEY's.
struct NewNtfCreds {
    crypto::PublicKey notifierKey;
    crypto::PublicKey rcvNtfDhKey;
    bool operator==(const NewNtfCreds&) const = default;
};

/// NEW: create a queue; authorized by rcvAuthKey.
struct New {
    static constexpr std::string_view kTag = "NEW";
    crypto::PublicKey rcvAuthKey;   ///< Ed25519/Ed448 to sign, or X25519 to authenticate
    crypto::PublicKey rcvDhKey;     ///< X25519, for the server-to-recipient crypto_box
    std::optional<Bytes> basicAuth; ///< server password for creating queues
    SubscriptionMode subMode = SubscriptionMode::Subscribe;
    /// v15: the queue's mode and short link; v9-14 carry only "the sender may secure"
    /// (Messaging) or not (Contact); below v9, nothing.
    std::optional<QueueRequest> queueRequest;
    /// v17: create the notifier with the queue (as NKEY would).
    std::optional<NewNtfCreds> ntfCreds = std::nullopt;
    bool senderCanSecure() const {
        return queueRequest && queueRequest->mode == QueueMode::Messaging;
    }
    void encode(Encoder& e, Version v) const;
    static New decode(Decoder& d, Version v);
    bool operator==(const New&) const = default;
};
struct Sub : TagOnly<Sub, Version> {
    static constexpr std::string_view kTag = "SUB";
    bool operator==(const Sub&) const = default;
};
/// KEY: the recipient secures the queue with the sender's key.
struct Key {
    static constexpr std::string_view kTag = "KEY";
    crypto::PublicKey senderKey;
    void encode(Encoder& e, Version v) const;
    static Key decode(Decoder& d, Version v);
    bool operator==(const Key&) const = default;
};
/// SKEY (v9): the sender secures the queue itself.
struct SKey {
    static constexpr std::string_view kTag = "SKEY";
    crypto::PublicKey senderKey;
    void encode(Encoder& e, Version v) const;
    static SKey decode(Decoder& d, Version v);
    bool operator==(const SKey&) const = default;
};
/// NKEY: enable notifications for the queue.
struct NKey {
    static constexpr std::string_view kTag = "NKEY";
    crypto::PublicKey notifierKey;
    crypto::PublicKey rcvNtfDhKey;
    void encode(Encoder& e, Version v) const;
    static NKey decode(Decoder& d, Version v);
    bool operator==(const NKey&) const = default;
};
struct NDel : TagOnly<NDel, Version> {
    static constexpr std::string_view kTag = "NDEL";
    bool operator==(const NDel&) const = default;
};
struct Get : TagOnly<Get, Version> {
    static constexpr std::string_view kTag = "GET";
    bool operator==(const Get&) const = default;
};
struct Ack {
    static constexpr std::string_view kTag = "ACK";
    Bytes msgId;
    void encode(Encoder& e, Version v) const;
    static Ack decode(Decoder& d, Version v);
    bool operator==(const Ack&) const = default;
};
struct Off : TagOnly<Off, Version> {
    static constexpr std::string_view kTag = "OFF";
    bool operator==(const Off&) const = default;
};
struct Del : TagOnly<Del, Version> {
    static constexpr std::string_view kTag = "DEL";
    bool operator==(const Del&) const = default;
};
struct Que : TagOnly<Que, Version> {
    static constexpr std::string_view kTag = "QUE";
    bool operator==(const Que&) const = default;
};
/// SEND: message flags (only `notification` today) and the e2e-encrypted body.
struct Send {
    static constexpr std::string_view kTag = "SEND";
    bool notification = false;
    Bytes body;
    void encode(Encoder& e, Version v) const;
    static Send decode(Decoder& d, Version v);
    bool operator==(const Send&) const = default;
};
struct Ping : TagOnly<Ping, Version> {
    static constexpr std::string_view kTag = "PING";
    bool operator==(const Ping&) const = default;
};
/// PRXY: ask a proxy for a session with a destination relay.
struct Prxy {
    static constexpr std::string_view kTag = "PRXY";
    ServerAddress server; ///< sent in binary form: hosts, port, key hash (no password)
    std::optional<Bytes> basicAuth;
    void encode(Encoder& e, Version v) const;
    static Prxy decode(Decoder& d, Version v);
    bool operator==(const Prxy&) const = default;
};
/// PFWD: a transmission for the destination, encrypted for it, sent through the proxy.
struct Pfwd {
    static constexpr std::string_view kTag = "PFWD";
    Version version = 0;
    crypto::PublicKey key; ///< X25519, per-transmission
    Bytes encryptedTransmission;
    void encode(Encoder& e, Version v) const;
    static Pfwd decode(Decoder& d, Version v);
    bool operator==(const Pfwd&) const = default;
};
/// LSET (v15): the recipient sets or replaces its queue's short link data.
struct LSet {
    static constexpr std::string_view kTag = "LSET";
    Bytes linkId;
    QueueLinkData data;
    void encode(Encoder& e, Version v) const;
    static LSet decode(Decoder& d, Version v);
    bool operator==(const LSet&) const = default;
};
/// LDEL (v15): the recipient deletes its queue's short link data.
struct LDel : TagOnly<LDel, Version> {
    static constexpr std::string_view kTag = "LDEL";
    bool operator==(const LDel&) const = default;
};
/// LKEY (v15): sent to a link id; secures a messaging queue with the sender's key and gets
/// the link data (answered with LNK).
struct LKey {
    static constexpr std::string_view kTag = "LKEY";
    crypto::PublicKey senderKey;
    void encode(Encoder& e, Version v) const;
    static LKey decode(Decoder& d, Version v);
    bool operator==(const LKey&) const = default;
};
/// LGET (v15): sent to a contact address's link id, unauthorized; answered with LNK.
struct LGet : TagOnly<LGet, Version> {
    static constexpr std::string_view kTag = "LGET";
    bool operator==(const LGet&) const = default;
};
/// SUBS, NSUBS (v16): a service subscribes all its queues; the entity is its service id.
struct Subs : TagOnly<Subs, Version> {
    static constexpr std::string_view kTag = "SUBS";
    bool operator==(const Subs&) const = default;
};
struct NSubs : TagOnly<NSubs, Version> {
    static constexpr std::string_view kTag = "NSUBS";
    bool operator==(const NSubs&) const = default;
};
/// RFWD: what the proxy forwards to the destination relay.
struct Rfwd {
    static constexpr std::string_view kTag = "RFWD";
    Bytes encryptedForward;
    void encode(Encoder& e, Version v) const;
    static Rfwd decode(Decoder& d, Version v);
    bool operator==(const Rfwd&) const = default;
};
} // namespace cmd

using Command =
    std::variant<cmd::New, cmd::Sub, cmd::Key, cmd::SKey, cmd::NKey, cmd::NDel, cmd::Get, cmd::Ack,
                 cmd::Off, cmd::Del, cmd::Que, cmd::Send, cmd::Ping, cmd::Prxy, cmd::Pfwd,
                 cmd::Rfwd, cmd::LSet, cmd::LDel, cmd::LKey, cmd::LGet, cmd::Subs, cmd::NSubs>;

using CommandWire = WireVariant<Command, Version>;

/// The tag as sent, e.g. "NEW".
const char* commandTag(const Command& command);

/// Wire bytes of a command at `version` (simplexmq `encodeProtocol` for `Command`).
/// Fields a version lacks are left out (e.g. senderCanSecure below v9).
Bytes encodeCommand(Version version, const Command& command);

/// Parses a command as a server does. The Error code is SmpErrc::Unknown for an unknown tag
/// and SmpErrc::Syntax for anything else malformed (they become `ERR CMD UNKNOWN|SYNTAX`).
Result<Command> decodeCommand(Version version, ByteView bytes);

/// Who a command is from, which decides its credential rules.
enum class CredentialRule {
    AuthNoEntity,   ///< NEW
    EntityAnyAuth,  ///< SEND: entity required, authorization optional
    NoAuthNoEntity, ///< PING, PRXY, RFWD
    EntityNoAuth,   ///< PFWD, LGET
    AuthAndEntity,  ///< every other command
};
CredentialRule credentialRule(const Command& command);

/// The server's credential check (simplexmq `checkCredentials`): which `CMD` error, if
/// any, a command gets for the presence of an authorization and an entity id.
std::optional<CommandError> checkCredentials(const Command& command, bool hasAuthorization,
                                             bool hasEntity);

} // namespace ferry::core::smp
