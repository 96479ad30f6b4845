#include "net/smp_transport.h"

#include "crypto/x25519_key_pair.h"
#include "net/net_errc.h"
#include "net/smp_client_handshake.h"
#include "smp/block.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace ferry::core::net {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

std::vector<Bytes> peerCertificateChain(SSL* ssl) {
    std::vector<Bytes> chain;
    // On the client side the peer chain includes the leaf.
    STACK_OF(X509)* stack = SSL_get_peer_cert_chain(ssl);
    for (int i = 0; stack && i < sk_X509_num(stack); ++i) {
        unsigned char* der = nullptr;
        const int length = i2d_X509(sk_X509_value(stack, i), &der);
        if (length > 0)
            chain.emplace_back(der, der + length);
        OPENSSL_free(der);
    }
    return chain;
}

std::shared_ptr<asio::ssl::context> makeRelayTlsContext(std::string_view alpn) {
    auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    SSL_CTX* ctx = context->native_handle();
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set_ciphersuites(ctx, "TLS_CHACHA20_POLY1305_SHA256");
    // Ferry relays use Ed25519 and X25519; SimpleX relays may use Ed448 certificates.
    SSL_CTX_set1_groups_list(ctx, "X25519:X448");
    SSL_CTX_set1_sigalgs_list(ctx, "ed25519:ed448");
    // The relay's identity is pinned by its certificate chain's CA (SHA-256 in the address),
    // checked after the handshake, not by a certificate authority.
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    // No resumption: tls-unique (the session id) must be a fresh Finished every connection.
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    std::vector<unsigned char> protocols{static_cast<unsigned char>(alpn.size())};
    protocols.insert(protocols.end(), alpn.begin(), alpn.end());
    SSL_CTX_set_alpn_protos(ctx, protocols.data(), static_cast<unsigned>(protocols.size()));
    return context;
}

std::shared_ptr<asio::ssl::context> makeSmpTlsContext() {
    // Without ALPN a relay offers only the legacy version 6.
    return makeRelayTlsContext("smp/1");
}

SmpTransport::SmpTransport(Strand strand, std::shared_ptr<asio::ssl::context> tls, Events events)
    : m_strand(std::move(strand)), m_tls(std::move(tls)), m_events(std::move(events)),
      m_resolver(m_strand), m_timer(m_strand) {}

SmpTransport::~SmpTransport() = default;

void SmpTransport::connect(smp::ServerAddress server, ConnectOptions options) {
    m_server = std::move(server);
    m_options = std::move(options);
    m_host = 0;
    m_connecting = true;
    tryHost();
}

void SmpTransport::tryHost() {
    if (m_closed)
        return;
    if (m_host >= m_server.hosts.size()) {
        finishConnect(makeError(NetErrc::Network, m_failures.empty() ? "no hosts" : m_failures));
        return;
    }
    m_stream = std::make_unique<Stream>(m_strand, *m_tls);
    m_timedOut = false;
    const unsigned attempt = ++m_attempt;
    m_timer.expires_after(m_options.timeout);
    m_timer.async_wait([weak = weak_from_this(), attempt](const error_code& ec) {
        auto self = weak.lock();
        if (!self || ec || self->m_closed || !self->m_connecting || self->m_attempt != attempt)
            return;
        // Cancelling makes the pending step fail; its handler moves on to the next host.
        self->m_timedOut = true;
        self->m_resolver.cancel();
        error_code ignored;
        self->m_stream->lowest_layer().close(ignored);
    });
    const smp::TransportHost& host = m_server.hosts[m_host];
    m_resolver.async_resolve(
        host.name, std::to_string(m_server.effectivePort()),
        asio::bind_executor(
            m_strand, [self = shared_from_this()](const error_code& ec,
                                                  const tcp::resolver::results_type& endpoints) {
                self->onResolved(ec, endpoints);
            }));
}

void SmpTransport::hostFailed(const std::string& what, const error_code& ec) {
    if (m_closed)
        return;
    const std::string reason = m_timedOut ? "timed out" : ec ? ec.message() : what;
    if (!m_failures.empty())
        m_failures += "; ";
    m_failures += m_server.hosts[m_host].uriText() + ": " + what + ": " + reason;
    error_code ignored;
    m_stream->lowest_layer().close(ignored);
    ++m_host;
    tryHost();
}

void SmpTransport::onResolved(const error_code& ec, const tcp::resolver::results_type& endpoints) {
    if (m_closed)
        return;
    if (ec || m_timedOut) {
        hostFailed("resolve", ec);
        return;
    }
    // The addresses actually dialled are the ones checked: no second lookup, so a name that
    // resolves elsewhere the next time (DNS rebinding) changes nothing.
    std::vector<tcp::endpoint> allowed;
    for (const auto& entry : endpoints)
        if (!m_options.policy || m_options.policy->allows(entry.endpoint().address()))
            allowed.push_back(entry.endpoint());
    if (allowed.empty()) {
        finishNotAllowed();
        return;
    }
    asio::async_connect(
        m_stream->lowest_layer(), allowed,
        [policy = m_options.policy](const error_code&, const tcp::endpoint& next) {
            return !policy || policy->allows(next.address());
        },
        asio::bind_executor(m_strand,
                            [self = shared_from_this()](const error_code& e, const auto&) {
                                self->onTcpConnected(e);
                            }));
}

void SmpTransport::finishNotAllowed() {
    // Said the same way whatever the name resolved to: the caller may pass it on.
    m_failures += (m_failures.empty() ? "" : "; ") + m_server.hosts[m_host].uriText() +
                  ": not a public address";
    ++m_host;
    if (m_host < m_server.hosts.size()) {
        tryHost();
        return;
    }
    finishConnect(makeError(NetErrc::NotAllowed, m_failures));
}

void SmpTransport::onTcpConnected(const error_code& ec) {
    if (m_closed)
        return;
    if (ec || m_timedOut) {
        hostFailed("connect", ec);
        return;
    }
    error_code ignored;
    m_stream->lowest_layer().set_option(tcp::no_delay(true), ignored);
    m_stream->async_handshake(
        asio::ssl::stream_base::client,
        asio::bind_executor(m_strand, [self = shared_from_this()](const error_code& e) {
            self->onTlsHandshake(e);
        }));
}

void SmpTransport::onTlsHandshake(const error_code& ec) {
    if (m_closed)
        return;
    if (ec || m_timedOut) {
        hostFailed("TLS", ec);
        return;
    }
    // tls-unique: the client's own Finished message is the SMP session id.
    std::array<std::uint8_t, 64> finished{};
    const std::size_t length =
        SSL_get_finished(m_stream->native_handle(), finished.data(), finished.size());
    m_session.sessionId.assign(finished.begin(),
                               finished.begin() + static_cast<std::ptrdiff_t>(length));
    asio::async_read(*m_stream, asio::buffer(m_readBuffer),
                     asio::bind_executor(
                         m_strand, [self = shared_from_this()](const error_code& e, std::size_t) {
                             self->onServerHello(e);
                         }));
}

void SmpTransport::onServerHello(const error_code& ec) {
    if (m_closed)
        return;
    if (ec || m_timedOut) {
        hostFailed("server hello", ec);
        return;
    }
    const auto clientKey = crypto::X25519KeyPair::generate();
    auto session = clientHandshake(m_readBuffer, peerCertificateChain(m_stream->native_handle()),
                                   m_session.sessionId, m_server.keyHash, m_options.versions,
                                   clientKey, m_options.proxyServer);
    if (!session) {
        if (session.error().code == NetErrc::Identity) {
            // Not a network problem: the other hosts would be the same impostor or the address
            // is wrong. Either way the caller must not keep retrying.
            finishConnect(makeError(NetErrc::Identity,
                                    m_server.hosts[m_host].uriText() +
                                        ": server identity mismatch: " + session.error().message));
            return;
        }
        hostFailed("SMP handshake " + errorTag(session.error().code) + " (" +
                       session.error().message + ")",
                   {});
        return;
    }
    m_session.version = session->version;
    m_session.serverSessionKey = session->serverSessionKey;
    m_session.serverVersions = session->serverVersions;
    m_session.serverCertKey = session->serverCertKey;
    m_session.clientKey = clientKey;
    if (session->encryptBlocks && session->serverSessionKey) {
        // Every block after the hellos is encrypted with the chains from this DH.
        auto cipher = smp::BlockCipher::agree(smp::BlockCipher::Side::Client, m_session.sessionId,
                                              clientKey, session->serverSessionKey->raw);
        if (!cipher) {
            hostFailed("SMP handshake: no block encryption (" + cipher.error().message + ")", {});
            return;
        }
        m_cipher = std::move(cipher).value();
    }
    m_session.host = m_server.hosts[m_host].uriText();
    // The client hello goes first in the write queue; commands may follow at once.
    m_writeQueue.push_front(std::move(session->clientHelloBlock));
    writeNext();
    m_timer.cancel();
    m_connecting = false;
    readBlock();
    if (m_events.connected)
        m_events.connected(m_session);
}

void SmpTransport::finishConnect(Result<TransportSession> result) {
    m_connecting = false;
    m_timer.cancel();
    if (m_stream) {
        error_code ignored;
        m_stream->lowest_layer().close(ignored);
    }
    m_closed = true;
    if (m_events.connected)
        m_events.connected(std::move(result));
}

void SmpTransport::readBlock() {
    if (m_closed)
        return;
    asio::async_read(*m_stream, asio::buffer(m_readBuffer),
                     asio::bind_executor(
                         m_strand, [self = shared_from_this()](const error_code& ec, std::size_t) {
                             if (self->m_closed)
                                 return;
                             if (ec) {
                                 self->drop(ec == asio::error::eof ? "closed by the relay"
                                                                   : "read: " + ec.message());
                                 return;
                             }
                             if (self->m_cipher) {
                                 auto plain = self->m_cipher->open(self->m_readBuffer);
                                 if (!plain) {
                                     self->drop("a block that does not decrypt");
                                     return;
                                 }
                                 if (self->m_events.block)
                                     self->m_events.block(*plain);
                             } else if (self->m_events.block) {
                                 self->m_events.block(self->m_readBuffer);
                             }
                             self->readBlock();
                         }));
}

void SmpTransport::write(Bytes block) {
    if (m_closed)
        return;
    if (m_cipher) {
        // Sealed in the order written: the chain's next key is the next block's.
        auto sealed = m_cipher->seal(block);
        if (!sealed) {
            // Not from inside the caller's write: it may be iterating its own tables.
            asio::post(m_strand,
                       [self = shared_from_this()] { self->drop("a block too large to encrypt"); });
            return;
        }
        block = std::move(sealed).value();
    }
    m_writeQueue.push_back(std::move(block));
    writeNext();
}

void SmpTransport::writeNext() {
    if (m_writing || m_writeQueue.empty() || m_closed)
        return;
    m_writing = true;
    asio::async_write(*m_stream, asio::buffer(m_writeQueue.front()),
                      asio::bind_executor(
                          m_strand, [self = shared_from_this()](const error_code& ec, std::size_t) {
                              self->m_writing = false;
                              if (self->m_closed)
                                  return;
                              if (ec) {
                                  self->drop("write: " + ec.message());
                                  return;
                              }
                              self->m_writeQueue.pop_front();
                              self->writeNext();
                          }));
}

void SmpTransport::drop(const std::string& reason) {
    if (m_closed)
        return;
    close();
    if (m_events.lost)
        m_events.lost(reason);
}

void SmpTransport::close() {
    if (m_closed)
        return;
    m_closed = true;
    m_connecting = false;
    m_timer.cancel();
    m_resolver.cancel();
    if (m_stream) {
        error_code ignored;
        m_stream->lowest_layer().shutdown(tcp::socket::shutdown_both, ignored);
        m_stream->lowest_layer().close(ignored);
    }
}

} // namespace ferry::core::net
