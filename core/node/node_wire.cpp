#include "node/node_wire.h"

#include "smp/decoder.h"
#include "smp/encoder.h"
#include "util/overloaded.h"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace ferry::core::node {

namespace {

constexpr char kCheckRequest = 'C';
constexpr char kCheckResult = 'R';
constexpr char kTunnelRequest = 'T';
constexpr char kTunnelAssigned = 'A';
constexpr char kRefused = 'E';
constexpr char kStreamOpen = 'O';
constexpr char kAttach = 'D';
constexpr char kPing = 'P';
constexpr char kPong = 'Q';
constexpr std::size_t kMaxChain = 4;

std::string text(const Bytes& b) {
    return std::string(b.begin(), b.end());
}

StreamId streamId(smp::Decoder& d) {
    StreamId id{};
    const Bytes raw = d.take(id.size());
    if (raw.size() == id.size())
        std::copy(raw.begin(), raw.end(), id.begin());
    return id;
}

} // namespace

Bytes encodeNodeMessage(const NodeMessage& message) {
    smp::Encoder e;
    std::visit(
        Overloaded{
            [&](const msg::CheckRequest& m) { e.ch(kCheckRequest).shortString(m.address); },
            [&](const msg::CheckResult& m) {
                e.ch(kCheckResult)
                    .boolean(m.reachable)
                    .word32(m.roundTripMs)
                    .shortString(m.observedAddress)
                    .shortString(m.detail.substr(0, 255));
            },
            [&](const msg::TunnelRequest& m) {
                e.ch(kTunnelRequest).byte(m.version).word16(m.wantedPort);
                e.byte(static_cast<std::uint8_t>(m.chain.size()));
                for (const Bytes& cert : m.chain)
                    e.large(cert);
                e.shortString(m.signature);
            },
            [&](const msg::TunnelAssigned& m) {
                e.ch(kTunnelAssigned).word16(m.port).shortString(m.host);
            },
            [&](const msg::Refused& m) { e.ch(kRefused).shortString(m.reason.substr(0, 255)); },
            [&](const msg::StreamOpen& m) { e.ch(kStreamOpen).raw(m.id); },
            [&](const msg::Attach& m) { e.ch(kAttach).raw(m.id); },
            [&](const msg::Ping&) { e.ch(kPing); },
            [&](const msg::Pong&) { e.ch(kPong); },
        },
        message);
    return std::move(e).bytes();
}

Result<NodeMessage> decodeNodeMessage(ByteView payload) {
    smp::Decoder d(payload);
    NodeMessage message;
    switch (d.ch()) {
    case kCheckRequest:
        message = msg::CheckRequest{text(d.shortString())};
        break;
    case kCheckResult: {
        msg::CheckResult m;
        m.reachable = d.boolean();
        m.roundTripMs = d.word32();
        m.observedAddress = text(d.shortString());
        m.detail = text(d.shortString());
        message = std::move(m);
        break;
    }
    case kTunnelRequest: {
        msg::TunnelRequest m;
        m.version = d.byte();
        m.wantedPort = d.word16();
        const std::size_t count = d.byte();
        if (count == 0 || count > kMaxChain)
            d.fail("a certificate chain of 1 to 4 certificates");
        for (std::size_t i = 0; i < count && d.ok(); ++i)
            m.chain.push_back(d.large());
        m.signature = d.shortString();
        message = std::move(m);
        break;
    }
    case kTunnelAssigned: {
        msg::TunnelAssigned m;
        m.port = d.word16();
        m.host = text(d.shortString());
        message = std::move(m);
        break;
    }
    case kRefused:
        message = msg::Refused{text(d.shortString())};
        break;
    case kStreamOpen:
        message = msg::StreamOpen{streamId(d)};
        break;
    case kAttach:
        message = msg::Attach{streamId(d)};
        break;
    case kPing:
        message = msg::Ping{};
        break;
    case kPong:
        message = msg::Pong{};
        break;
    default:
        d.fail("an unknown node-service message");
    }
    d.expectEnd();
    if (!d.ok())
        return makeError("NODE_SYNTAX", "bad node-service message: " + d.failure());
    return message;
}

// Both below copy with memcpy into a sized buffer: vector::insert here trips GCC 12's
// -Warray-bounds at -O3 (a false positive that -Werror turns into a build failure).
Bytes frameNodeMessage(const NodeMessage& message) {
    const Bytes payload = encodeNodeMessage(message);
    Bytes frame(2 + payload.size());
    frame[0] = static_cast<std::uint8_t>(payload.size() >> 8);
    frame[1] = static_cast<std::uint8_t>(payload.size() & 0xff);
    std::memcpy(frame.data() + 2, payload.data(), payload.size());
    return frame;
}

Result<std::size_t> nodeFrameLength(ByteView prefix) {
    const std::size_t length =
        prefix.size() == 2 ? (std::size_t{prefix[0]} << 8) | prefix[1] : std::size_t{0};
    if (length == 0 || length > kMaxFramePayload)
        return makeError("NODE_SYNTAX", "bad node-service frame length");
    return length;
}

Bytes tunnelProof(ByteView tlsUnique) {
    static constexpr std::string_view kLabel = "ferry tunnel v1 ";
    Bytes proof(kLabel.size() + tlsUnique.size());
    std::memcpy(proof.data(), kLabel.data(), kLabel.size());
    if (!tlsUnique.empty())
        std::memcpy(proof.data() + kLabel.size(), tlsUnique.data(), tlsUnique.size());
    return proof;
}

} // namespace ferry::core::node
