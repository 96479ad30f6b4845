#pragma once

#include "smp/wire_variant.h"
#include "util/bytes.h"
#include "util/result.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace ferry::core::node {

/// Ferry's node service: what Ferry relays offer each other besides SMP, on the same port,
/// chosen by the TLS ALPN name below (SMP clients ask for "smp/1" and never see it). It checks
/// whether another node is reachable (dial-back) and, on relays that enable it, runs reverse
/// tunnels for nodes nothing else can reach. docs/protocol.md describes every byte.
inline constexpr const char* kNodeServiceAlpn = "ferry-node/1";
inline constexpr std::uint8_t kTunnelVersion = 1;
/// A checker answers a CHECK within this long; "not reachable" comes only at its deadline.
inline constexpr std::chrono::seconds kCheckAnswerWithin{10};
/// The largest frame payload; frames are a 2-byte big-endian length, then the payload.
inline constexpr std::size_t kMaxFramePayload = 16384;

using StreamId = std::array<std::uint8_t, 16>;

/// One struct per frame type, each with its one-byte tag, encoder and decoder (WireMessage);
/// node_wire.cpp generates the dispatch from NodeMessage.
namespace msg {
/// Node → relay: "connect to this address and tell me whether it answers as that relay".
struct CheckRequest {
    static constexpr char kTag = 'C';
    std::string address; ///< smp://fingerprint@host:port
    void encode(smp::Encoder& e) const;
    static CheckRequest decode(smp::Decoder& d);
};
/// Relay → node: the dial-back's outcome and the address the node's request came from.
struct CheckResult {
    static constexpr char kTag = 'R';
    bool reachable = false;
    std::uint32_t roundTripMs = 0; ///< TLS + SMP handshake + PING, when reachable
    std::string observedAddress;   ///< the node's IP as the checker saw it
    std::string detail;            ///< why not, in words (empty when reachable)
    void encode(smp::Encoder& e) const;
    static CheckResult decode(smp::Decoder& d);
};
/// Node → relay: "give me a public port and forward what arrives there to me". Proves the
/// node's identity: its certificate chain [online, CA] and the online key's signature over
/// tunnelProof(tls-unique of this connection).
struct TunnelRequest {
    static constexpr char kTag = 'T';
    std::uint8_t version = kTunnelVersion;
    std::uint16_t wantedPort = 0; ///< the port it had before (0: any)
    std::vector<Bytes> chain;
    Bytes signature;
    void encode(smp::Encoder& e) const;
    static TunnelRequest decode(smp::Decoder& d);
};
struct TunnelAssigned {
    static constexpr char kTag = 'A';
    std::uint16_t port = 0;
    std::string host; ///< the relay's public host: the node's address is smp://fp@host:port
    void encode(smp::Encoder& e) const;
    static TunnelAssigned decode(smp::Decoder& d);
};
struct Refused {
    static constexpr char kTag = 'E';
    std::string reason;
    void encode(smp::Encoder& e) const;
    static Refused decode(smp::Decoder& d);
};
/// Relay → node: a client connected to the node's public port; attach a connection for it.
struct StreamOpen {
    static constexpr char kTag = 'O';
    StreamId id{};
    void encode(smp::Encoder& e) const;
    static StreamOpen decode(smp::Decoder& d);
};
/// Node → relay, as the first frame of a new connection: "this connection carries stream
/// `id`". After it, the connection carries the client's bytes unchanged in both directions.
struct Attach {
    static constexpr char kTag = 'D';
    StreamId id{};
    void encode(smp::Encoder& e) const;
    static Attach decode(smp::Decoder& d);
};
/// Keeps the tunnel's control connection (and the NATs on its way) alive.
struct Ping : smp::TagOnly<Ping> {
    static constexpr char kTag = 'P';
};
struct Pong : smp::TagOnly<Pong> {
    static constexpr char kTag = 'Q';
};
} // namespace msg

using NodeMessage =
    std::variant<msg::CheckRequest, msg::CheckResult, msg::TunnelRequest, msg::TunnelAssigned,
                 msg::Refused, msg::StreamOpen, msg::Attach, msg::Ping, msg::Pong>;

using NodeWire = smp::WireVariant<NodeMessage>;

/// The payload of one frame (without the length prefix).
Bytes encodeNodeMessage(const NodeMessage& message);
/// Parses one frame payload; malformed or unknown payloads are errors (NodeErrc::Syntax).
Result<NodeMessage> decodeNodeMessage(ByteView payload);
/// Length prefix + payload, ready to write.
Bytes frameNodeMessage(const NodeMessage& message);
/// The payload length a frame's 2-byte prefix announces; an error (NodeErrc::Syntax) for 0 or
/// more than kMaxFramePayload.
Result<std::size_t> nodeFrameLength(ByteView prefix);

/// What the node signs to prove its identity for a tunnel: a fixed label, then the TLS
/// session's tls-unique value (the client's Finished message), so a signature cannot be
/// replayed on another connection.
Bytes tunnelProof(ByteView tlsUnique);

} // namespace ferry::core::node
