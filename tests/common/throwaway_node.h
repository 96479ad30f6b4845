#pragma once
// A node identity made up on the spot, as an attacker makes as many as it likes, and the
// tunnel options to ask a relay for a port with it: shared by the tunnel tests and the
// attack benchmark (no Qt here).
#include "crypto/certificate_issuer.h"
#include "crypto/server_identity.h"
#include "crypto/signing_key.h"
#include "node/tunnel_client.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace ferry::test {

struct ThrowawayNode {
    std::vector<core::Bytes> chain; ///< [online, CA]
    std::shared_ptr<core::crypto::SigningKey> online;
    core::Bytes fingerprint;
};

inline ThrowawayNode makeThrowawayNode() {
    using namespace core::crypto;
    auto caKey = SigningKey::generate(KeyAlgorithm::Ed25519);
    auto onlineKey = SigningKey::generate(KeyAlgorithm::Ed25519);
    CertificateOptions options;
    options.commonName = "throwaway";
    auto ca = issueCaCertificate(*caKey, options);
    auto online = issueOnlineCertificate(*onlineKey, *ca, *caKey, options);
    ThrowawayNode node;
    node.chain = {online->toDer(), ca->toDer()};
    node.online = std::make_shared<SigningKey>(std::move(onlineKey).value());
    node.fingerprint = serverIdentity(node.chain[1]);
    return node;
}

/// Tunnel options for a throwaway node (its local relay port need not exist) at the relay
/// with `relayAddress`, trying again every second.
inline core::node::TunnelClientOptions
tunnelAs(const std::string& relayAddress, const ThrowawayNode& node, std::uint16_t localPort = 1) {
    using namespace std::chrono_literals;
    core::node::TunnelClientOptions o;
    o.relayAddress = relayAddress;
    o.localPort = localPort;
    o.chain = node.chain;
    o.sign = [key = node.online](core::ByteView message) { return key->sign(message); };
    o.retryMax = 1s;
    o.refusedRetry = 1s;
    return o;
}

} // namespace ferry::test
