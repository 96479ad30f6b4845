#pragma once

#include "crypto/public_key.h"
#include "smp/cert_chain_key.h"
#include "smp/error_type.h"
#include "smp/queue_link.h"
#include "smp/version.h"
#include "smp/wire_variant.h"
#include "util/bytes.h"
#include "util/result.h"

#include <optional>
#include <string_view>
#include <variant>

namespace ferry::core::smp {

/// Server responses and pushed messages (simplexmq `BrokerMsg`), one struct per tag.
namespace rsp {
/// The notifier NEW created (v17 `ServerNtfCreds`): what NID answers to NKEY.
struct ServerNtfCreds {
    Bytes notifierId;
    crypto::PublicKey serverNtfDhKey;
    bool operator==(const ServerNtfCreds&) const = default;
};
/// IDS: the new queue's ids and the server's per-queue X25519 key.
struct Ids {
    static constexpr std::string_view kTag = "IDS";
    Bytes recipientId;
    Bytes senderId;
    crypto::PublicKey serverDhKey;
    /// From v9; v9-14 send only whether it is Messaging (the sender may secure it).
    std::optional<QueueMode> queueMode;
    std::optional<Bytes> linkId; ///< v15: the short link's id, when NEW had link data
    std::optional<Bytes> serviceId = std::nullopt;         ///< v16: a service session's id
    std::optional<ServerNtfCreds> ntfCreds = std::nullopt; ///< v17: when NEW asked for them
    bool senderCanSecure() const { return queueMode == QueueMode::Messaging; }
    void encode(Encoder& e, Version v) const;
    static Ids decode(Decoder& d, Version v);
    bool operator==(const Ids&) const = default;
};
/// SOK (v16): SUB's answer from v16 (OK below), with a service session's id.
struct Sok {
    static constexpr std::string_view kTag = "SOK";
    std::optional<Bytes> serviceId;
    void encode(Encoder& e, Version v) const;
    static Sok decode(Decoder& d, Version v);
    bool operator==(const Sok&) const = default;
};
/// LNK (v15): a queue's sender id and short link data (answer to LKEY and LGET).
struct Lnk {
    static constexpr std::string_view kTag = "LNK";
    Bytes senderId;
    QueueLinkData data;
    void encode(Encoder& e, Version v) const;
    static Lnk decode(Decoder& d, Version v);
    bool operator==(const Lnk&) const = default;
};
/// MSG: a message id and the body encrypted to the recipient (see message_body.h).
struct Msg {
    static constexpr std::string_view kTag = "MSG";
    Bytes msgId;
    Bytes encryptedBody;
    void encode(Encoder& e, Version v) const;
    static Msg decode(Decoder& d, Version v);
    bool operator==(const Msg&) const = default;
};
/// NID: the notifier id and the server's notification DH key (answer to NKEY).
struct Nid {
    static constexpr std::string_view kTag = "NID";
    Bytes notifierId;
    crypto::PublicKey serverNtfDhKey;
    void encode(Encoder& e, Version v) const;
    static Nid decode(Decoder& d, Version v);
    bool operator==(const Nid&) const = default;
};
/// PKEY: a proxy's session with a relay: its session id, versions and signed key.
struct Pkey {
    static constexpr std::string_view kTag = "PKEY";
    Bytes sessionId;
    VersionRange versions;
    CertChainPubKey certKey;
    void encode(Encoder& e, Version v) const;
    static Pkey decode(Decoder& d, Version v);
    bool operator==(const Pkey&) const = default;
};
struct Rres {
    static constexpr std::string_view kTag = "RRES";
    Bytes encryptedResponse;
    void encode(Encoder& e, Version v) const;
    static Rres decode(Decoder& d, Version v);
    bool operator==(const Rres&) const = default;
};
struct Pres {
    static constexpr std::string_view kTag = "PRES";
    Bytes encryptedResponse;
    void encode(Encoder& e, Version v) const;
    static Pres decode(Decoder& d, Version v);
    bool operator==(const Pres&) const = default;
};
struct End : TagOnly<End, Version> {
    static constexpr std::string_view kTag = "END";
    bool operator==(const End&) const = default;
};
/// DELD (v10): the subscribed queue was deleted (by its recipient on another connection).
/// Sent as END below v10, as the reference does.
struct Deld : TagOnly<Deld, Version> {
    static constexpr std::string_view kTag = "DELD";
    bool operator==(const Deld&) const = default;
};
/// INFO: queue information, JSON as the reference sends it.
struct Info {
    static constexpr std::string_view kTag = "INFO";
    Bytes json;
    void encode(Encoder& e, Version v) const;
    static Info decode(Decoder& d, Version v);
    bool operator==(const Info&) const = default;
};
struct Ok : TagOnly<Ok, Version> {
    static constexpr std::string_view kTag = "OK";
    bool operator==(const Ok&) const = default;
};
struct Err {
    static constexpr std::string_view kTag = "ERR";
    ErrorType error;
    void encode(Encoder& e, Version v) const;
    static Err decode(Decoder& d, Version v);
    bool operator==(const Err&) const = default;
};
struct Pong : TagOnly<Pong, Version> {
    static constexpr std::string_view kTag = "PONG";
    bool operator==(const Pong&) const = default;
};
} // namespace rsp

using Response =
    std::variant<rsp::Ids, rsp::Msg, rsp::Nid, rsp::Pkey, rsp::Rres, rsp::Pres, rsp::End, rsp::Deld,
                 rsp::Info, rsp::Ok, rsp::Err, rsp::Pong, rsp::Lnk, rsp::Sok>;

/// The tag table, encoder and dispatch generated over Response (see WireVariant).
using ResponseWire = WireVariant<Response, Version>;

/// The tag as sent, e.g. "IDS".
const char* responseTag(const Response& response);

/// Wire bytes of a response at `version` (simplexmq `encodeProtocol` for `BrokerMsg`).
Bytes encodeResponse(Version version, const Response& response);

/// Parses a response as a client does; the Error code is SmpErrc::Unknown or SmpErrc::Syntax.
Result<Response> decodeResponse(Version version, ByteView bytes);

/// The client's entity check on responses (simplexmq `checkCredentials` for BrokerMsg):
/// PONG, PKEY and RRES must have no entity, IDS and ERR may, all others must.
std::optional<CommandError> checkResponseEntity(const Response& response, bool hasEntity);

} // namespace ferry::core::smp
