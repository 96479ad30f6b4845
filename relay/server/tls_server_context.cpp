#include "relay/server/tls_server_context.h"

#include "relay/relay_errc.h"

#include <openssl/ssl.h>

namespace ferry::relay {

namespace {

int selectAlpn(SSL*, const unsigned char** out, unsigned char* outLength, const unsigned char* in,
               unsigned int inLength, void* services) {
    const core::ByteView chosen =
        static_cast<const ServiceMap*>(services)->select(core::ByteView(in, inLength));
    if (chosen.empty()) {
        // No shared protocol: carry on without ALPN (for SMP, the session is then limited to
        // v6).
        return SSL_TLSEXT_ERR_NOACK;
    }
    *out = chosen.data();
    *outLength = static_cast<unsigned char>(chosen.size());
    return SSL_TLSEXT_ERR_OK;
}

core::Error tlsError(const char* what) {
    return core::makeError(RelayErrc::Tls, std::string("TLS setup failed: ") + what);
}

} // namespace

core::Result<std::unique_ptr<boost::asio::ssl::context>>
makeServerTlsContext(const RelayIdentity& identity, const ServiceMap& services) {
    auto context =
        std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
    SSL_CTX* ctx = context->native_handle();
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) != 1 ||
        SSL_CTX_set_ciphersuites(ctx, "TLS_CHACHA20_POLY1305_SHA256") != 1)
        return tlsError("cipher suite");
    if (SSL_CTX_set1_groups_list(ctx, "X25519:X448") != 1)
        return tlsError("key exchange groups");
    if (SSL_CTX_set1_sigalgs_list(ctx, "ed25519:ed448") != 1)
        return tlsError("signature algorithms");
    // No resumption: every connection is a full handshake with a fresh session id.
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    SSL_CTX_set_num_tickets(ctx, 0);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    // Idle connections are the common case: let OpenSSL free its record buffers between reads.
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    if (SSL_CTX_use_certificate(ctx, identity.onlineCertificate.handle()) != 1 ||
        SSL_CTX_add1_chain_cert(ctx, identity.caCertificate.handle()) != 1)
        return tlsError("certificate chain");
    if (SSL_CTX_use_PrivateKey(ctx, identity.onlineKey.handle()) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1)
        return tlsError("online key does not match its certificate");
    // OpenSSL takes a non-const argument; selectAlpn only reads the map.
    SSL_CTX_set_alpn_select_cb(ctx, selectAlpn, const_cast<ServiceMap*>(&services));
    return context;
}

} // namespace ferry::relay
