#include "net/smp_client_handshake.h"

#include "crypto/server_identity.h"
#include "crypto/signed_session_key.h"
#include "net/net_errc.h"

#include <algorithm>

namespace ferry::core::net {

Result<ClientSession> clientHandshake(ByteView serverHelloBlock,
                                      const std::vector<Bytes>& tlsPeerChain, ByteView tlsSessionId,
                                      ByteView expectedIdentity, smp::VersionRange clientVersions,
                                      const crypto::X25519KeyPair& clientKey, bool proxyServer) {
    auto leafKey = crypto::verifyServerCertChain(tlsPeerChain, expectedIdentity);
    if (!leafKey)
        return makeError(NetErrc::Identity, leafKey.error().message);
    auto hello = smp::decodeServerHelloBlock(serverHelloBlock);
    if (!hello)
        return hello.error();
    if (!equal(hello->sessionId, tlsSessionId))
        return makeError(NetErrc::Session, "the server's session id is not this TLS session's");
    if (proxyServer && hello->versions.max < smp::versions::kProxyServerHandshake)
        clientVersions.max = std::min(clientVersions.max, smp::versions::kDeletedEvent);
    auto version = smp::negotiateVersion(hello->versions, clientVersions);
    if (!version)
        return makeError(NetErrc::Version, "no SMP version in common: server offers " +
                                               std::to_string(hello->versions.min) + "-" +
                                               std::to_string(hello->versions.max));
    ClientSession session;
    session.version = *version;
    session.serverVersions = hello->versions;
    if (*version >= smp::versions::kAuthCommands) {
        if (!hello->authKey)
            return makeError(NetErrc::Handshake, "the server sent no session key");
        // As the reference client does: the hello's chain must lead to the pinned identity,
        // and the key must be signed by the certificate TLS authenticated.
        if (auto chain = crypto::verifyServerCertChain(hello->authKey->certChain, expectedIdentity);
            !chain)
            return makeError(NetErrc::Identity, "server hello: " + chain.error().message);
        auto key = crypto::verifySignedSessionKey(*leafKey, hello->authKey->signedKey);
        if (!key)
            return makeError(NetErrc::Handshake, "bad server session key: " + key.error().message);
        session.serverSessionKey = std::move(key).value();
        session.serverCertKey = hello->authKey;
    }
    smp::ClientHello reply{*version, Bytes(expectedIdentity.begin(), expectedIdentity.end()),
                           std::nullopt};
    if (*version >= smp::versions::kAuthCommands)
        reply.authKey = clientKey.publicKey();
    reply.proxyServer = proxyServer && *version >= smp::versions::kProxyServerHandshake;
    session.encryptBlocks = smp::encryptsBlocks(reply);
    auto block = smp::clientHelloBlock(reply);
    if (!block)
        return block.error();
    session.clientHelloBlock = std::move(block).value();
    return session;
}

} // namespace ferry::core::net
