#pragma once

#include "crypto/public_key.h"
#include "crypto/x25519_key_pair.h"
#include "smp/cert_chain_key.h"
#include "smp/handshake.h"
#include "smp/version.h"
#include "util/bytes.h"
#include "util/result.h"

#include <vector>

namespace ferry::core::net {

/// What the client has agreed with a server after the SMP handshake.
struct ClientSession {
    smp::Version version = 0;
    /// The server's per-connection X25519 key (v7+), for authenticators and block encryption.
    std::optional<crypto::PublicKey> serverSessionKey;
    smp::VersionRange serverVersions; ///< what the server offered
    /// The server's certificate chain and signed session key, as sent (v7+): a private
    /// routing proxy passes them on to senders in PKEY.
    std::optional<smp::CertChainPubKey> serverCertKey;
    Bytes clientHelloBlock;     ///< to send to the server
    bool encryptBlocks = false; ///< the blocks after the hellos are encrypted (v11+)
};

/// The client's half of the SMP handshake, without I/O (simplexmq `smpClientHandshake`):
/// checks the server hello against the TLS session and the identity the client pinned, picks
/// the highest common version and builds the client hello.
///
/// - `tlsPeerChain`: the certificate chain the TLS handshake presented (DER, leaf first);
///   the pinned identity must be the SHA-256 of its second certificate, and the leaf signed by it.
/// - From v7 the hello's signed session key must verify against the leaf's key.
/// - `proxyServer`: the client forwards for a private routing proxy. It says so from v14, which
///   keeps blocks unencrypted; a server below v14 is used at v10 at most, as the reference does,
///   so that blocks stay unencrypted there too (an RFWD fills a plain block).
/// Errors: NetErrc::Identity (wrong server), Version (no common version), Session (the hello's
/// session id is not the TLS session's), smp::SmpErrc::Handshake (malformed or badly signed).
Result<ClientSession> clientHandshake(ByteView serverHelloBlock,
                                      const std::vector<Bytes>& tlsPeerChain, ByteView tlsSessionId,
                                      ByteView expectedIdentity, smp::VersionRange clientVersions,
                                      const crypto::X25519KeyPair& clientKey,
                                      bool proxyServer = false);

} // namespace ferry::core::net
