#pragma once

#include "crypto/public_key.h"
#include "smp/cert_chain_key.h"
#include "smp/error_type.h"
#include "smp/version.h"
#include "util/bytes.h"
#include "util/result.h"

#include <optional>

namespace ferry::core::smp {

/// The server's first block (simplexmq `SMPServerHandshake`).
struct ServerHello {
    VersionRange versions;
    Bytes sessionId;
    /// Certificate chain and signed session key; sent when versions.max >= 7.
    std::optional<CertChainPubKey> authKey;

    bool operator==(const ServerHello&) const = default;
};

/// The client's answer (simplexmq `SMPClientHandshake`).
struct ClientHello {
    Version version = 0;
    Bytes keyHash; ///< the server identity the client expects (32 bytes)
    /// X25519 key for command authorization and block encryption; sent from v7.
    std::optional<crypto::PublicKey> authKey;
    /// The client is a private routing proxy forwarding for others (sent from v14, 'T'/'F').
    bool proxyServer = false;
    /// From v16: the client offers a service certificate (a notification server, say). Only a
    /// server that asked for a TLS client certificate can take one; Ferry's never asks, so it
    /// sends none and refuses a hello that offers one.
    bool offersService = false;

    bool operator==(const ClientHello&) const = default;
};

/// Whether the blocks after the hellos are encrypted (smp/block_cipher.h; simplexmq
/// `blockEncryption`): from v11, except for a proxy that said so in its hello. Its RFWDs would
/// not fit the smaller encrypted block, and TLS already protects that hop.
inline bool encryptsBlocks(const ClientHello& hello) {
    return hello.version >= versions::kEncryptedBlock && !hello.proxyServer && hello.authKey;
}

/// The unpadded encodings; handshake blocks are padded but never batched or encrypted.
Bytes encodeServerHello(const ServerHello& hello);
Bytes encodeClientHello(const ClientHello& hello);

/// Padded 16,384-byte handshake blocks.
Result<Bytes> serverHelloBlock(const ServerHello& hello);
Result<Bytes> clientHelloBlock(const ClientHello& hello);

/// Parse a padded handshake block. Trailing bytes after the known fields are ignored, as
/// the reference does, so newer peers can extend the hello.
Result<ServerHello> decodeServerHelloBlock(ByteView block);
Result<ClientHello> decodeClientHelloBlock(ByteView block);

/// The version a client should use: the highest both support (simplexmq
/// `compatibleVRange`), or nothing when the ranges do not meet.
std::optional<Version> negotiateVersion(VersionRange server, VersionRange client);

} // namespace ferry::core::smp
