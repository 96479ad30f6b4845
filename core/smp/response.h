#pragma once

#include "crypto/public_key.h"
#include "smp/cert_chain_key.h"
#include "smp/error_type.h"
#include "smp/version.h"
#include "util/bytes.h"
#include "util/result.h"

#include <optional>
#include <variant>

namespace ferry::core::smp {

/// Server responses and pushed messages (simplexmq `BrokerMsg`), one struct per tag.
namespace rsp {
/// IDS: the new queue's ids and the server's per-queue X25519 key.
struct Ids {
    Bytes recipientId;
    Bytes senderId;
    crypto::PublicKey serverDhKey;
    bool senderCanSecure = false; ///< sent from v9
    bool operator==(const Ids&) const = default;
};
/// MSG: a message id and the body encrypted to the recipient (see message_body.h).
struct Msg {
    Bytes msgId;
    Bytes encryptedBody;
    bool operator==(const Msg&) const = default;
};
/// NID: the notifier id and the server's notification DH key (answer to NKEY).
struct Nid {
    Bytes notifierId;
    crypto::PublicKey serverNtfDhKey;
    bool operator==(const Nid&) const = default;
};
/// PKEY: a proxy's session with a relay: its session id, versions and signed key.
struct Pkey {
    Bytes sessionId;
    VersionRange versions;
    CertChainPubKey certKey;
    bool operator==(const Pkey&) const = default;
};
struct Rres {
    Bytes encryptedResponse;
    bool operator==(const Rres&) const = default;
};
struct Pres {
    Bytes encryptedResponse;
    bool operator==(const Pres&) const = default;
};
struct End {
    bool operator==(const End&) const = default;
};
/// INFO: queue information, JSON as the reference sends it.
struct Info {
    Bytes json;
    bool operator==(const Info&) const = default;
};
struct Ok {
    bool operator==(const Ok&) const = default;
};
struct Err {
    ErrorType error;
    bool operator==(const Err&) const = default;
};
struct Pong {
    bool operator==(const Pong&) const = default;
};
} // namespace rsp

using Response = std::variant<rsp::Ids, rsp::Msg, rsp::Nid, rsp::Pkey, rsp::Rres, rsp::Pres,
                              rsp::End, rsp::Info, rsp::Ok, rsp::Err, rsp::Pong>;

const char* responseTag(const Response& response);

/// Wire bytes of a response at `version` (simplexmq `encodeProtocol` for `BrokerMsg`).
Bytes encodeResponse(Version version, const Response& response);

/// Parses a response as a client does; the Error code is "UNKNOWN" or "SYNTAX".
Result<Response> decodeResponse(Version version, ByteView bytes);

/// The client's entity check on responses (simplexmq `checkCredentials` for BrokerMsg):
/// PONG, PKEY and RRES must have no entity, IDS and ERR may, all others must.
std::optional<CommandError> checkResponseEntity(const Response& response, bool hasEntity);

} // namespace ferry::core::smp
