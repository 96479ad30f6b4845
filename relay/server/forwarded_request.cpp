#include "relay/server/forwarded_request.h"

#include "smp/block.h"
#include "smp/forwarding.h"

namespace ferry::relay {

using core::Bytes;
using core::ByteView;
namespace smp = core::smp;
namespace crypto = core::crypto;

ForwardedReply::ForwardedReply(Bytes proxyNonce, Bytes senderCorrId, crypto::CryptoBox proxyBox,
                               crypto::CryptoBox senderBox, smp::Version version)
    : m_proxyNonce(std::move(proxyNonce)), m_senderCorrId(std::move(senderCorrId)),
      m_proxyBox(std::move(proxyBox)), m_senderBox(std::move(senderBox)), m_version(version) {}

core::Result<Bytes> ForwardedReply::seal(ByteView answer) const {
    auto batch =
        smp::encodeBatch({Bytes(answer.begin(), answer.end())}, smp::kProxiedTransmissionSize - 2);
    if (!batch)
        return batch.error();
    auto sealed = smp::sealProxied(m_senderBox, smp::reversedNonce(m_senderCorrId), *batch);
    if (!sealed)
        return sealed.error();
    const Bytes response = smp::encodeFwdResponse({m_senderCorrId, std::move(sealed).value()});
    return m_proxyBox.seal(smp::reversedNonce(m_proxyNonce), response);
}

smp::ErrorType proxyTransportError(smp::TransportError::Kind kind) {
    smp::BrokerError broker;
    broker.kind = smp::BrokerError::Kind::Transport;
    broker.transport.kind = kind;
    return smp::ErrorType::fromProxy({smp::ProxyError::Kind::Broker, {}, broker});
}

std::variant<ForwardedRequest, smp::ErrorType>
openForwardedRequest(const crypto::CryptoBox& proxyBox, const crypto::X25519KeyPair& sessionKey,
                     ByteView rfwdCorrId, ByteView encryptedForward, smp::VersionRange accepted) {
    using EK = smp::ErrorType::Kind;
    const Bytes proxyNonce = crypto::cbNonce(rfwdCorrId);
    auto opened = proxyBox.open(proxyNonce, encryptedForward);
    if (!opened)
        return smp::ErrorType::simple(EK::Crypto);
    auto forward = smp::decodeFwdTransmission(*opened);
    if (!forward)
        return smp::ErrorType::command(smp::CommandError::Syntax);
    if (!accepted.contains(forward->version))
        return proxyTransportError(smp::TransportError::Kind::Version);
    auto senderBox = crypto::CryptoBox::fromDh(forward->senderKey.raw, sessionKey);
    if (!senderBox)
        return smp::ErrorType::simple(EK::Crypto);
    auto batch = smp::openProxied(*senderBox, forward->corrId, forward->sealedTransmission);
    if (!batch)
        return smp::ErrorType::simple(EK::Crypto);
    ForwardedRequest request;
    // Only one transmission may be forwarded at a time; an unreadable batch is the sender's
    // error, answered to the sender.
    if (auto transmissions = smp::decodeBatch(*batch)) {
        if (transmissions->size() != 1)
            return smp::ErrorType::simple(EK::Block);
        request.transmission = std::move(transmissions->front());
    }
    request.reply = std::make_shared<const ForwardedReply>(
        proxyNonce, forward->corrId, proxyBox, std::move(senderBox).value(), forward->version);
    return request;
}

} // namespace ferry::relay
