#include "node/node_wire.h"

#include "node/node_errc.h"
#include "smp/decoder.h"
#include "smp/encoder.h"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace ferry::core::node {

namespace {

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

namespace msg {

void CheckRequest::encode(smp::Encoder& e) const {
    e.shortString(address);
}
CheckRequest CheckRequest::decode(smp::Decoder& d) {
    return CheckRequest{text(d.shortString())};
}

void CheckResult::encode(smp::Encoder& e) const {
    e.boolean(reachable)
        .word32(roundTripMs)
        .shortString(observedAddress)
        .shortString(detail.substr(0, 255));
}
CheckResult CheckResult::decode(smp::Decoder& d) {
    CheckResult m;
    m.reachable = d.boolean();
    m.roundTripMs = d.word32();
    m.observedAddress = text(d.shortString());
    m.detail = text(d.shortString());
    return m;
}

void TunnelRequest::encode(smp::Encoder& e) const {
    e.byte(version).word16(wantedPort);
    e.byte(static_cast<std::uint8_t>(chain.size()));
    for (const Bytes& cert : chain)
        e.large(cert);
    e.shortString(signature);
}
TunnelRequest TunnelRequest::decode(smp::Decoder& d) {
    TunnelRequest m;
    m.version = d.byte();
    m.wantedPort = d.word16();
    const std::size_t count = d.byte();
    if (count == 0 || count > kMaxChain)
        d.fail("a certificate chain of 1 to 4 certificates");
    for (std::size_t i = 0; i < count && d.ok(); ++i)
        m.chain.push_back(d.large());
    m.signature = d.shortString();
    return m;
}

void TunnelAssigned::encode(smp::Encoder& e) const {
    e.word16(port).shortString(host);
}
TunnelAssigned TunnelAssigned::decode(smp::Decoder& d) {
    TunnelAssigned m;
    m.port = d.word16();
    m.host = text(d.shortString());
    return m;
}

void Refused::encode(smp::Encoder& e) const {
    e.shortString(reason.substr(0, 255));
}
Refused Refused::decode(smp::Decoder& d) {
    return Refused{text(d.shortString())};
}

void StreamOpen::encode(smp::Encoder& e) const {
    e.raw(id);
}
StreamOpen StreamOpen::decode(smp::Decoder& d) {
    return StreamOpen{streamId(d)};
}

void Attach::encode(smp::Encoder& e) const {
    e.raw(id);
}
Attach Attach::decode(smp::Decoder& d) {
    return Attach{streamId(d)};
}

} // namespace msg

Bytes encodeNodeMessage(const NodeMessage& message) {
    smp::Encoder e;
    NodeWire::encode(e, message);
    return std::move(e).bytes();
}

Result<NodeMessage> decodeNodeMessage(ByteView payload) {
    smp::Decoder d(payload);
    auto message = NodeWire::decode(d.ch(), d);
    if (!message)
        d.fail("an unknown node-service message");
    d.expectEnd();
    if (!d.ok())
        return makeError(NodeErrc::Syntax, "bad node-service message: " + d.failure());
    return std::move(*message);
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
        return makeError(NodeErrc::Syntax, "bad node-service frame length");
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
