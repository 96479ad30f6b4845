#include "smp/handshake.h"

#include "smp/block.h"
#include "smp/decoder.h"
#include "smp/encoder.h"
#include "smp/key_encoding.h"
#include "smp/padding.h"
#include "smp/smp_errc.h"

namespace ferry::core::smp {

namespace {

Error handshakeError(const std::string& what) {
    return makeError(SmpErrc::Handshake, "bad handshake: " + what);
}

} // namespace

Bytes encodeServerHello(const ServerHello& hello) {
    Encoder e;
    e.word16(hello.versions.min).word16(hello.versions.max).shortString(hello.sessionId);
    if (hello.versions.max >= versions::kAuthCommands && hello.authKey)
        encodeCertChainPubKey(e, *hello.authKey);
    return std::move(e).bytes();
}

Bytes encodeClientHello(const ClientHello& hello) {
    Encoder e;
    e.word16(hello.version).shortString(hello.keyHash);
    if (hello.version >= versions::kAuthCommands && hello.authKey)
        encodeKey(e, *hello.authKey);
    if (hello.version >= versions::kProxyServerHandshake)
        e.boolean(hello.proxyServer);
    // The service itself (role and certificate chain) is never encoded: Ferry has none.
    if (hello.version >= versions::kServiceCerts)
        e.ch('0');
    return std::move(e).bytes();
}

Result<Bytes> serverHelloBlock(const ServerHello& hello) {
    return pad(encodeServerHello(hello), kBlockSize);
}

Result<Bytes> clientHelloBlock(const ClientHello& hello) {
    return pad(encodeClientHello(hello), kBlockSize);
}

Result<ServerHello> decodeServerHelloBlock(ByteView block) {
    if (block.size() != kBlockSize)
        return handshakeError("block is not 16384 bytes");
    auto content = unpad(block);
    if (!content)
        return handshakeError(content.error().message);
    Decoder d(*content);
    ServerHello hello;
    hello.versions.min = d.word16();
    hello.versions.max = d.word16();
    if (d.ok() && hello.versions.min > hello.versions.max)
        d.fail("invalid version range");
    hello.sessionId = d.shortString();
    // The key is optional even at v7+ in the reference parser (`optional p`).
    if (d.ok() && hello.versions.max >= versions::kAuthCommands && !d.atEnd()) {
        Decoder attempt(d.rest());
        CertChainPubKey key = decodeCertChainPubKey(attempt);
        if (!attempt.ok())
            return handshakeError("server key: " + attempt.failure());
        hello.authKey = std::move(key);
    }
    if (!d.ok())
        return handshakeError(d.failure());
    return hello;
}

Result<ClientHello> decodeClientHelloBlock(ByteView block) {
    if (block.size() != kBlockSize)
        return handshakeError("block is not 16384 bytes");
    auto content = unpad(block);
    if (!content)
        return handshakeError(content.error().message);
    Decoder d(*content);
    ClientHello hello;
    hello.version = d.word16();
    hello.keyHash = d.shortString();
    if (d.ok() && hello.version >= versions::kAuthCommands && !d.atEnd()) {
        Decoder attempt(d.rest());
        crypto::PublicKey key = decodeKey(attempt);
        if (!attempt.ok())
            return handshakeError("client key: " + attempt.failure());
        hello.authKey = std::move(key);
        d = std::move(attempt);
    }
    // From v14 the flag is mandatory; it cannot be told apart from the end of an absent key.
    if (d.ok() && hello.version >= versions::kProxyServerHandshake)
        hello.proxyServer = d.boolean();
    if (d.ok() && hello.version >= versions::kServiceCerts) {
        const char service = d.ch();
        if (service != '0' && service != '1')
            d.fail("invalid Maybe tag");
        hello.offersService = service == '1'; // what follows is not read
    }
    if (!d.ok())
        return handshakeError(d.failure());
    return hello;
}

std::optional<Version> negotiateVersion(VersionRange server, VersionRange client) {
    auto common = intersect(server, client);
    if (!common)
        return std::nullopt;
    return common->max;
}

} // namespace ferry::core::smp
