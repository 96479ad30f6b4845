#pragma once

#include "smp/version.h"
#include "util/bytes.h"
#include "util/result.h"

#include <memory>
#include <string>

namespace ferry::core::smp {

class Encoder;
class Decoder;

/// `CMD …` errors: the command could not be accepted as sent.
enum class CommandError { Unknown, Syntax, Prohibited, NoAuth, HasAuth, NoEntity };

/// `HANDSHAKE …` detail of a transport error.
enum class HandshakeError { Parse, Identity, BadAuth, BadService };

/// Transport-level failure (simplexmq `TransportError`).
struct TransportError {
    enum class Kind { Block, Version, LargeMsg, Session, NoAuth, Handshake };
    Kind kind = Kind::Block;
    HandshakeError handshake = HandshakeError::Parse; ///< meaningful for Kind::Handshake

    bool operator==(const TransportError&) const = default;
};

/// Network failure reported by a proxy about the destination relay.
struct NetworkError {
    enum class Kind { Connect, Tls, UnknownCa, Failed, Timeout, Subscribe };
    Kind kind = Kind::Failed;
    std::string detail; ///< for Connect, Tls and Subscribe

    bool operator==(const NetworkError&) const = default;
};

/// A proxy's view of what went wrong with the destination relay (`BrokerErrorType`).
struct BrokerError {
    enum class Kind { Response, Unexpected, Network, Host, NoService, Transport, Timeout };
    Kind kind = Kind::Timeout;
    std::string detail;       ///< for Response and Unexpected
    NetworkError network;     ///< for Network (the wire carries no detail today)
    TransportError transport; ///< for Transport

    bool operator==(const BrokerError&) const = default;
};

struct ProxyError;

/// The error grammar of `ERR` (simplexmq `ErrorType`).
struct ErrorType {
    enum class Kind {
        Block,
        Session,
        Cmd,
        Proxy,
        Auth,
        Blocked,
        Service,
        Crypto,
        Quota,
        Store,
        NoMsg,
        LargeMsg,
        Expired,
        Internal
    };
    Kind kind = Kind::Internal;
    CommandError cmd = CommandError::Unknown; ///< for Cmd
    std::shared_ptr<const ProxyError> proxy;  ///< for Proxy
    std::string text; ///< Store: the message; Blocked: the blocking info as sent

    static ErrorType simple(Kind k) { return ErrorType{k, {}, nullptr, {}}; }
    static ErrorType command(CommandError c) { return ErrorType{Kind::Cmd, c, nullptr, {}}; }
    static ErrorType fromProxy(ProxyError p);

    bool operator==(const ErrorType& other) const;
};

/// `PROXY …` errors (simplexmq `ProxyError`).
struct ProxyError {
    enum class Kind { Protocol, Broker, BasicAuth, NoSession };
    Kind kind = Kind::NoSession;
    ErrorType protocol; ///< for Protocol
    BrokerError broker; ///< for Broker

    bool operator==(const ProxyError&) const = default;
};

/// Appends the error's wire form at `version` (below v12 BLOCKED is sent as AUTH).
void encodeErrorType(Encoder& e, Version version, const ErrorType& error);
/// Parses an error from the rest of the decoder's input.
ErrorType decodeErrorType(Decoder& d);

void encodeTransportError(Encoder& e, const TransportError& error);
TransportError decodeTransportError(Decoder& d);

/// Human-readable text for logs and UI, e.g. "CMD SYNTAX".
std::string describe(const ErrorType& error);

} // namespace ferry::core::smp
