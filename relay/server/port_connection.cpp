#include "relay/server/port_connection.h"

#include <array>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <openssl/ssl.h>

namespace ferry::relay {

namespace asio = boost::asio;

PortConnection::PortConnection(asio::ip::tcp::socket socket, CountedConnection counted,
                               Environment env)
    : m_env(env), m_strand(asio::make_strand(socket.get_executor())), m_socket(std::move(socket)),
      m_handshakeTimer(m_strand), m_counted(std::move(counted)) {}

void PortConnection::start() {
    m_deadline = std::chrono::steady_clock::now() + m_env.handshakeTimeout;
    asio::dispatch(m_strand, [self = shared_from_this()] {
        boost::system::error_code ignored;
        self->m_socket.set_option(asio::ip::tcp::no_delay(true), ignored);
        self->m_handshakeTimer.expires_at(self->m_deadline);
        self->m_handshakeTimer.async_wait([weak = std::weak_ptr(self)](auto ec) {
            if (auto me = weak.lock(); me && !ec && !me->m_done)
                me->fail();
        });
        // No TLS state until the client sends something: a connection that stays silent
        // costs its socket, not OpenSSL's buffers (about 46 KB).
        self->m_socket.async_wait(
            asio::ip::tcp::socket::wait_read,
            asio::bind_executor(self->m_strand, [self](auto ec) { self->onReadable(ec); }));
    });
}

void PortConnection::onReadable(const boost::system::error_code& ec) {
    if (m_done)
        return;
    if (ec) {
        fail();
        return;
    }
    m_tls = std::make_unique<TlsSocket>(std::move(m_socket), m_env.tls.native_handle(), m_strand);
    m_tls->asyncHandshake([self = shared_from_this()](auto e) { self->onHandshake(e); });
}

void PortConnection::onHandshake(const boost::system::error_code& ec) {
    if (m_done)
        return;
    if (ec) {
        fail();
        return;
    }
    m_done = true;
    m_handshakeTimer.cancel();
    SSL* ssl = m_tls->native();
    const unsigned char* alpn = nullptr;
    unsigned int alpnLength = 0;
    SSL_get0_alpn_selected(ssl, &alpn, &alpnLength);
    AcceptedConnection accepted{m_env.owner, nullptr, m_strand,   std::string(),
                                {},          {},      m_deadline, {}};
    if (alpnLength > 0)
        accepted.alpn.assign(reinterpret_cast<const char*>(alpn), alpnLength);
    // The TLS context selects only registered names, so only a map changed mid-handshake (or
    // no fallback for a client without ALPN) leaves a connection without a service.
    ConnectionService* service = m_env.services.find(accepted.alpn);
    if (!service) {
        m_tls->close();
        return;
    }
    // tls-unique: the client's Finished message, which the server sees as the peer's.
    std::array<std::uint8_t, 64> finished{};
    const std::size_t length = SSL_get_peer_finished(ssl, finished.data(), finished.size());
    accepted.tlsUnique.assign(finished.begin(),
                              finished.begin() + static_cast<std::ptrdiff_t>(length));
    boost::system::error_code ignored;
    accepted.peer = m_tls->socket().remote_endpoint(ignored);
    accepted.tls = std::move(m_tls);
    accepted.counted = std::move(m_counted);
    service->accept(std::move(accepted));
}

void PortConnection::fail() {
    m_done = true;
    RelayCounters::bump(m_env.counters.handshakeFailures);
    m_handshakeTimer.cancel();
    if (m_tls) {
        m_tls->close();
    } else {
        boost::system::error_code ignored;
        m_socket.close(ignored);
    }
}

} // namespace ferry::relay
