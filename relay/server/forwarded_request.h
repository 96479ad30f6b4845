#pragma once

#include "crypto/crypto_box.h"
#include "crypto/x25519_key_pair.h"
#include "smp/error_type.h"
#include "smp/version.h"
#include "util/bytes.h"
#include "util/result.h"

#include <memory>
#include <optional>
#include <variant>

namespace ferry::relay {

/// How the destination relay answers one transmission that a proxy forwarded (RFWD):
/// sealed for the sender, then for the proxy (smp/forwarding.h).
class ForwardedReply {
public:
    ForwardedReply(core::Bytes proxyNonce, core::Bytes senderCorrId,
                   core::crypto::CryptoBox proxyBox, core::crypto::CryptoBox senderBox,
                   core::smp::Version version);

    /// The version the sender encoded its transmission at; its answer uses it too.
    core::smp::Version version() const { return m_version; }
    /// RRES's content carrying `answer`, a transmission encoded at version().
    core::Result<core::Bytes> seal(core::ByteView answer) const;

private:
    core::Bytes m_proxyNonce;
    core::Bytes m_senderCorrId;
    core::crypto::CryptoBox m_proxyBox;
    core::crypto::CryptoBox m_senderBox;
    core::smp::Version m_version;
};

/// An RFWD with both layers opened.
struct ForwardedRequest {
    std::shared_ptr<const ForwardedReply> reply;
    /// The sender's one transmission; nothing when its batch could not be read, which is
    /// answered `ERR BLOCK` inside RRES, as the reference does.
    std::optional<core::Bytes> transmission;
};

/// `ERR PROXY BROKER TRANSPORT <kind>`: how the reference tells a proxy that a forward cannot
/// be taken for a transport reason (no hello key, a version it does not speak).
core::smp::ErrorType proxyTransportError(core::smp::TransportError::Kind kind);

/// Opens RFWD's content: the proxy's layer with `proxyBox` (DH of the proxy's hello key and
/// this connection's session key) and RFWD's corrId, the sender's with DH(its key, the
/// session key). What the proxy gets back as `ERR` when that fails: CRYPTO for a layer that
/// does not open, CMD SYNTAX for a malformed forward, BLOCK for a batch of more than one
/// transmission, PROXY BROKER TRANSPORT VERSION for a version outside `accepted`.
std::variant<ForwardedRequest, core::smp::ErrorType>
openForwardedRequest(const core::crypto::CryptoBox& proxyBox,
                     const core::crypto::X25519KeyPair& sessionKey, core::ByteView rfwdCorrId,
                     core::ByteView encryptedForward, core::smp::VersionRange accepted);

} // namespace ferry::relay
