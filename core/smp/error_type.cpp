#include "smp/error_type.h"

#include "smp/decoder.h"
#include "smp/encoder.h"

#include <array>
#include <string_view>
#include <utility>

namespace ferry::core::smp {

namespace {

// Nesting only happens through PROXY PROTOCOL; the reference never nests more than once.
constexpr int kMaxNesting = 4;

template <typename E, std::size_t N>
std::string_view nameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
    for (const auto& [v, name] : table)
        if (v == value)
            return name;
    return {};
}

template <typename E, std::size_t N>
E valueOf(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name,
          Decoder& d, const char* what) {
    for (const auto& [v, n] : table)
        if (n == name)
            return v;
    d.fail(std::string("bad ") + what);
    return table[0].first;
}

using EK = ErrorType::Kind;
constexpr std::array<std::pair<EK, std::string_view>, 14> kErrorNames{{
    {EK::Block, "BLOCK"},
    {EK::Session, "SESSION"},
    {EK::Cmd, "CMD"},
    {EK::Proxy, "PROXY"},
    {EK::Auth, "AUTH"},
    {EK::Blocked, "BLOCKED"},
    {EK::Service, "SERVICE"},
    {EK::Crypto, "CRYPTO"},
    {EK::Quota, "QUOTA"},
    {EK::Store, "STORE"},
    {EK::NoMsg, "NO_MSG"},
    {EK::LargeMsg, "LARGE_MSG"},
    {EK::Expired, "EXPIRED"},
    {EK::Internal, "INTERNAL"},
}};

using CE = CommandError;
constexpr std::array<std::pair<CE, std::string_view>, 6> kCommandErrorNames{{
    {CE::Unknown, "UNKNOWN"},
    {CE::Syntax, "SYNTAX"},
    {CE::Prohibited, "PROHIBITED"},
    {CE::NoAuth, "NO_AUTH"},
    {CE::HasAuth, "HAS_AUTH"},
    {CE::NoEntity, "NO_ENTITY"},
}};

using HE = HandshakeError;
constexpr std::array<std::pair<HE, std::string_view>, 4> kHandshakeNames{{
    {HE::Parse, "PARSE"},
    {HE::Identity, "IDENTITY"},
    {HE::BadAuth, "BAD_AUTH"},
    {HE::BadService, "BAD_SERVICE"},
}};

using TK = TransportError::Kind;
constexpr std::array<std::pair<TK, std::string_view>, 6> kTransportNames{{
    {TK::Block, "BLOCK"},
    {TK::Version, "VERSION"},
    {TK::LargeMsg, "LARGE_MSG"},
    {TK::Session, "SESSION"},
    {TK::NoAuth, "NO_AUTH"},
    {TK::Handshake, "HANDSHAKE"},
}};

using NK = NetworkError::Kind;
constexpr std::array<std::pair<NK, std::string_view>, 6> kNetworkNames{{
    {NK::Connect, "CONNECT"},
    {NK::Tls, "TLS"},
    {NK::UnknownCa, "UNKNOWNCA"},
    {NK::Failed, "FAILED"},
    {NK::Timeout, "TIMEOUT"},
    {NK::Subscribe, "SUBSCRIBE"},
}};

using BK = BrokerError::Kind;
constexpr std::array<std::pair<BK, std::string_view>, 7> kBrokerNames{{
    {BK::Response, "RESPONSE"},
    {BK::Unexpected, "UNEXPECTED"},
    {BK::Network, "NETWORK"},
    {BK::Host, "HOST"},
    {BK::NoService, "NO_SERVICE"},
    {BK::Transport, "TRANSPORT"},
    {BK::Timeout, "TIMEOUT"},
}};

using PK = ProxyError::Kind;
constexpr std::array<std::pair<PK, std::string_view>, 4> kProxyNames{{
    {PK::Protocol, "PROTOCOL"},
    {PK::Broker, "BROKER"},
    {PK::BasicAuth, "BASIC_AUTH"},
    {PK::NoSession, "NO_SESSION"},
}};

// Texts inside errors are shortStrings (Haskell `String` encoding); cut to 255 bytes.
void shortText(Encoder& e, const std::string& s) {
    e.shortString(std::string_view(s).substr(0, 255));
}

std::string readShortText(Decoder& d) {
    return toString(d.shortString());
}

NetworkError decodeNetworkError(Decoder& d) {
    NetworkError n;
    n.kind = valueOf(kNetworkNames, d.word(), d, "NetworkError");
    if (d.ok() && (n.kind == NK::Connect || n.kind == NK::Tls || n.kind == NK::Subscribe)) {
        d.expect(' ');
        n.detail = readShortText(d);
    }
    return n;
}

void encodeBrokerError(Encoder& e, const BrokerError& b) {
    e.raw(nameOf(kBrokerNames, b.kind));
    switch (b.kind) {
    case BK::Response:
    case BK::Unexpected:
        e.space();
        shortText(e, b.detail);
        break;
    case BK::Transport:
        e.space();
        encodeTransportError(e, b.transport);
        break;
    default: // NETWORK is sent without its detail by the reference, for old peers
        break;
    }
}

BrokerError decodeBrokerError(Decoder& d) {
    BrokerError b;
    b.kind = valueOf(kBrokerNames, d.word(), d, "BrokerErrorType");
    if (!d.ok())
        return b;
    if (b.kind == BK::Response || b.kind == BK::Unexpected) {
        d.expect(' ');
        b.detail = readShortText(d);
    } else if (b.kind == BK::Transport) {
        d.expect(' ');
        b.transport = decodeTransportError(d);
    } else if (b.kind == BK::Network && d.remaining() > 0) {
        d.expect(' ');
        b.network = decodeNetworkError(d);
    }
    return b;
}

void encodeError(Encoder& e, Version version, const ErrorType& error, bool topLevel);

void encodeProxyError(Encoder& e, Version version, const ProxyError& p) {
    e.raw(nameOf(kProxyNames, p.kind));
    if (p.kind == PK::Protocol) {
        e.space();
        encodeError(e, version, p.protocol, false);
    } else if (p.kind == PK::Broker) {
        e.space();
        encodeBrokerError(e, p.broker);
    }
}

// The reference downgrades BLOCKED for old clients only at the top of ERR, not inside PROXY.
void encodeError(Encoder& e, Version version, const ErrorType& error, bool topLevel) {
    if (topLevel && error.kind == EK::Blocked && version < versions::kBlockedEntity) {
        e.raw("AUTH");
        return;
    }
    e.raw(nameOf(kErrorNames, error.kind));
    switch (error.kind) {
    case EK::Cmd:
        e.space().raw(nameOf(kCommandErrorNames, error.cmd));
        break;
    case EK::Proxy:
        e.space();
        encodeProxyError(e, version, error.proxy ? *error.proxy : ProxyError{});
        break;
    case EK::Blocked:
    case EK::Store:
        e.space().raw(error.text);
        break;
    default:
        break;
    }
}

// `reason=spam|content` optionally followed by `,notice=<JSON object>` (simplexmq
// BlockingInfo).
bool validBlockingInfo(std::string_view text) {
    for (std::string_view reason : {"reason=spam", "reason=content"}) {
        if (text.substr(0, reason.size()) != reason)
            continue;
        std::string_view rest = text.substr(reason.size());
        constexpr std::string_view kNotice = ",notice=";
        return rest.empty() ||
               (rest.substr(0, kNotice.size()) == kNotice && rest.size() > kNotice.size() + 1 &&
                rest[kNotice.size()] == '{' && rest.back() == '}');
    }
    return false;
}

ErrorType decodeError(Decoder& d, int depth);

ProxyError decodeProxyError(Decoder& d, int depth) {
    ProxyError p;
    p.kind = valueOf(kProxyNames, d.word(), d, "ProxyError");
    if (!d.ok())
        return p;
    if (p.kind == PK::Protocol) {
        d.expect(' ');
        p.protocol = decodeError(d, depth + 1);
    } else if (p.kind == PK::Broker) {
        d.expect(' ');
        p.broker = decodeBrokerError(d);
    }
    return p;
}

ErrorType decodeError(Decoder& d, int depth) {
    if (depth > kMaxNesting) {
        d.fail("errors nested too deeply");
        return {};
    }
    ErrorType error;
    error.kind = valueOf(kErrorNames, d.word(), d, "ErrorType");
    if (!d.ok())
        return error;
    switch (error.kind) {
    case EK::Cmd: {
        d.expect(' ');
        std::string name = d.word();
        // NO_QUEUE is the old name of NO_ENTITY, still accepted by the reference.
        error.cmd = name == "NO_QUEUE" ? CE::NoEntity
                                       : valueOf(kCommandErrorNames, name, d, "CommandError");
        break;
    }
    case EK::Proxy:
        d.expect(' ');
        error.proxy = std::make_shared<const ProxyError>(decodeProxyError(d, depth));
        break;
    case EK::Blocked:
        d.expect(' ');
        error.text = toString(d.tail());
        if (d.ok() && !validBlockingInfo(error.text))
            d.fail("bad BLOCKED information");
        break;
    case EK::Store:
        d.expect(' ');
        error.text = toString(d.tail());
        break;
    default:
        break;
    }
    return error;
}

} // namespace

ErrorType ErrorType::fromProxy(ProxyError p) {
    ErrorType e = simple(Kind::Proxy);
    e.proxy = std::make_shared<const ProxyError>(std::move(p));
    return e;
}

bool ErrorType::operator==(const ErrorType& other) const {
    if (kind != other.kind || cmd != other.cmd || text != other.text)
        return false;
    if (!proxy || !other.proxy)
        return !proxy && !other.proxy;
    return *proxy == *other.proxy;
}

void encodeErrorType(Encoder& e, Version version, const ErrorType& error) {
    encodeError(e, version, error, true);
}

ErrorType decodeErrorType(Decoder& d) {
    return decodeError(d, 0);
}

void encodeTransportError(Encoder& e, const TransportError& error) {
    e.raw(nameOf(kTransportNames, error.kind));
    if (error.kind == TK::Handshake)
        e.space().raw(nameOf(kHandshakeNames, error.handshake));
}

TransportError decodeTransportError(Decoder& d) {
    TransportError t;
    t.kind = valueOf(kTransportNames, d.word(), d, "TransportError");
    if (d.ok() && t.kind == TK::Handshake) {
        d.expect(' ');
        t.handshake = valueOf(kHandshakeNames, d.word(), d, "HandshakeError");
    }
    return t;
}

std::string describe(const ErrorType& error) {
    Encoder e;
    encodeError(e, versions::kBlockedEntity, error, true);
    return toString(e.bytes());
}

} // namespace ferry::core::smp
