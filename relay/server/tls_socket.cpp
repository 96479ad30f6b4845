#include "relay/server/tls_socket.h"

#include <boost/asio/bind_executor.hpp>
#include <openssl/err.h>

namespace ferry::relay {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

error_code tlsFailure() {
    ERR_clear_error(); // the details are not logged; keep the queue clean for others
    return asio::error::make_error_code(asio::error::connection_aborted);
}

} // namespace

struct TlsSocket::ReadState {
    std::size_t size = 0;
    core::Bytes buffer; ///< allocated when the first bytes arrive
    std::size_t got = 0;
    ReadHandler handler;
};

TlsSocket::TlsSocket(Socket socket, SSL_CTX* context, asio::any_io_executor executor)
    : m_socket(std::move(socket)), m_ssl(SSL_new(context)), m_executor(std::move(executor)) {
    error_code ignored;
    m_socket.non_blocking(true, ignored);
    SSL_set_fd(m_ssl.get(), static_cast<int>(m_socket.native_handle()));
    SSL_set_accept_state(m_ssl.get());
}

TlsSocket::~TlsSocket() = default;

bool TlsSocket::waitFor(int sslError, std::function<void()> retry,
                        const std::function<void(const error_code&)>& fail) {
    const auto wait = sslError == SSL_ERROR_WANT_READ    ? Socket::wait_read
                      : sslError == SSL_ERROR_WANT_WRITE ? Socket::wait_write
                                                         : Socket::wait_error;
    if (wait == Socket::wait_error)
        return false;
    m_socket.async_wait(wait, asio::bind_executor(m_executor, [retry = std::move(retry),
                                                               fail](const error_code& ec) {
                            if (ec)
                                fail(ec);
                            else
                                retry();
                        }));
    return true;
}

void TlsSocket::asyncHandshake(Handler handler) {
    stepHandshake(std::move(handler));
}

void TlsSocket::stepHandshake(Handler handler) {
    const int result = SSL_do_handshake(m_ssl.get());
    if (result == 1) {
        handler({});
        return;
    }
    const int error = SSL_get_error(m_ssl.get(), result);
    if (!waitFor(
            error, [this, handler] { stepHandshake(handler); }, handler))
        handler(tlsFailure());
}

void TlsSocket::asyncRead(std::size_t size, ReadHandler handler) {
    auto state = std::make_shared<ReadState>();
    state->size = size;
    state->handler = std::move(handler);
    // An idle connection waits for the socket without holding a buffer; data OpenSSL
    // already holds is read at once.
    if (SSL_has_pending(m_ssl.get())) {
        stepRead(std::move(state));
        return;
    }
    m_socket.async_wait(Socket::wait_read,
                        asio::bind_executor(m_executor, [this, state](const error_code& ec) {
                            if (ec)
                                state->handler(ec, {});
                            else
                                stepRead(state);
                        }));
}

void TlsSocket::stepRead(std::shared_ptr<ReadState> state) {
    if (state->buffer.empty())
        state->buffer.resize(state->size);
    while (state->got < state->size) {
        const int n = SSL_read(m_ssl.get(), state->buffer.data() + state->got,
                               static_cast<int>(state->size - state->got));
        if (n > 0) {
            state->got += static_cast<std::size_t>(n);
            continue;
        }
        const int error = SSL_get_error(m_ssl.get(), n);
        if (error == SSL_ERROR_ZERO_RETURN) {
            state->handler(asio::error::eof, {});
            return;
        }
        auto fail = [state](const error_code& ec) { state->handler(ec, {}); };
        if (!waitFor(
                error, [this, state] { stepRead(state); }, fail))
            state->handler(tlsFailure(), {});
        return;
    }
    state->handler({}, std::move(state->buffer));
}

void TlsSocket::asyncWrite(core::ByteView data, Handler handler) {
    stepWrite(data, 0, std::move(handler));
}

void TlsSocket::stepWrite(core::ByteView data, std::size_t done, Handler handler) {
    while (done < data.size()) {
        const int n =
            SSL_write(m_ssl.get(), data.data() + done, static_cast<int>(data.size() - done));
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        const int error = SSL_get_error(m_ssl.get(), n);
        if (!waitFor(
                error, [this, data, done, handler] { stepWrite(data, done, handler); }, handler))
            handler(tlsFailure());
        return;
    }
    handler({});
}

void TlsSocket::close() {
    error_code ignored;
    m_socket.shutdown(Socket::shutdown_both, ignored);
    m_socket.close(ignored);
}

} // namespace ferry::relay
